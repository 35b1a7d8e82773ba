"""HAB009's conversion keeps every case and its outcome: `go test -v -json` runs one subtest per original
test, named after it, with the same pass/fail result (a failing original fails in exactly its row).

Each stdlib-only hab009 fixture with a golden file is run twice with the real toolchain: as written, and
converted.  Original test `TestParseSeven` must reappear as `TestParse/Seven` (function groups); subtests
of a converted `t.Run` run keep their names; a converted block group keeps its test's outcome."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from fixtures import TESTDATA, Fixture, all_fixtures
from gotestsmells.analysis.context import FileContext
from gotestsmells.analysis.imports import read_imports
from gotestsmells.imports import is_std
from gotestsmells.parsing import parse
from gotestsmells.rules.hab009_table_candidate import _plans
from gotestsmells.tables.detect import find_groups
from gotool import run_go

FIXTURES = [
    fx
    for fx in all_fixtures()
    if fx.area.name.startswith("hab009")
    and fx.golden.exists()
    and all(is_std(i.path) for i in read_imports(parse(fx.golden.read_bytes()).root_node))
]


def _outcomes(src_by_pkg: dict[str, bytes], gomod: Path, tmp: Path) -> dict[tuple[str, str], str]:
    """(package, test) -> pass/fail/skip for every test and subtest, from `go test -json`."""
    tmp.mkdir()
    shutil.copy(gomod, tmp / "go.mod")
    for pkg, src in src_by_pkg.items():
        (tmp / pkg).mkdir()
        (tmp / pkg / f"{pkg}_test.go").write_bytes(src)
    r = run_go(["test", "-json", "-count=1", "-v", "./..."], tmp)
    out: dict[tuple[str, str], str] = {}
    for line in r.stdout.splitlines():
        try:
            ev = json.loads(line)
        except ValueError:
            continue
        if ev.get("Test") and ev.get("Action") in ("pass", "fail", "skip"):
            out[(ev["Package"].rsplit("/", 1)[-1], ev["Test"])] = ev["Action"]
    assert out, r.stdout + r.stderr
    return out


def _go_subtest_name(row_literal: str) -> str:
    """A row name as `go test` prints it: the string's text, spaces as underscores."""
    return json.loads(row_literal).replace(" ", "_")


def _renames(fx: Fixture) -> dict[str, str]:
    """Original top-level test -> its subtest in the converted file, for the function groups."""
    src = fx.path.read_bytes()
    ctx = FileContext(str(fx.path), src, parse(src))
    groups = find_groups(ctx)
    out: dict[str, str] = {}
    for g, p in zip(groups, _plans(ctx, groups), strict=True):
        if p is None or g.kind != "functions":
            continue
        for f, row in zip(g.funcs, p.row_names, strict=True):
            out[f.name] = f"{p.test_name}/{_go_subtest_name(row)}"
    return out


@pytest.mark.parametrize("area", sorted({fx.area for fx in FIXTURES}), ids=lambda a: a.name)
def test_converted_tests_keep_cases_and_outcomes(area: Path, tmp_path: Path) -> None:
    fixtures = [fx for fx in FIXTURES if fx.area == area]
    pkgs = {fx.path.name.removesuffix("_test.go"): fx for fx in fixtures}
    before = _outcomes(
        {k: fx.path.read_bytes() for k, fx in pkgs.items()}, area / "go.mod", tmp_path / "before"
    )
    after = _outcomes(
        {k: fx.golden.read_bytes() for k, fx in pkgs.items()}, area / "go.mod", tmp_path / "after"
    )
    for pkg, fx in pkgs.items():
        renames = _renames(fx)
        for (p, test), outcome in before.items():
            if p != pkg:
                continue
            top = test.split("/", 1)[0]
            if top in renames:
                new = renames[top] + test[len(top) :]
                assert after.get((p, new)) == outcome, (
                    f"{pkg}: {test} was {outcome}, {new} is {after.get((p, new))}"
                )
            else:
                assert after.get((p, test)) == outcome, (
                    f"{pkg}: {test} was {outcome}, is {after.get((p, test))}"
                )
        # Every original function test became exactly one row.
        rows = [t for (p, t) in after if p == pkg and any(t == r for r in renames.values())]
        assert len(rows) == len(renames), f"{pkg}: {sorted(renames)} -> {sorted(rows)}"


def test_the_failing_row_is_the_failing_original(tmp_path: Path) -> None:
    """fails_test.go: abs(-3) is wrong; TestAbsNegative fails before, TestAbs/Negative after, alone."""
    fx = Fixture(TESTDATA / "hab009" / "fails_test.go")
    before = _outcomes({"fails": fx.path.read_bytes()}, fx.area / "go.mod", tmp_path / "before")
    after = _outcomes({"fails": fx.golden.read_bytes()}, fx.area / "go.mod", tmp_path / "after")
    assert {t: a for (_, t), a in before.items()} == {
        "TestAbsPositive": "pass",
        "TestAbsZero": "pass",
        "TestAbsNegative": "fail",
    }
    assert {t: a for (_, t), a in after.items()} == {
        "TestAbs": "fail",
        "TestAbs/Positive": "pass",
        "TestAbs/Zero": "pass",
        "TestAbs/Negative": "fail",
    }
