"""The real Go tools over the fixtures: every fixture and golden file is gofmt-clean; every golden file of a
stdlib-only fixture passes `go vet`, and its tests pass `go test` (or fail, where the fixture says so).

Each area becomes one module in a temporary folder, each golden file a package of its own in it (with the
area's non-test .go files, the code under test fixtures share), so one `go vet`/`go test` run per area
covers all its fixtures."""

from __future__ import annotations

import shutil
from collections import defaultdict
from pathlib import Path

import pytest

from fixtures import Fixture, all_fixtures
from gotestsmells.analysis.imports import read_imports
from gotestsmells.imports import is_std
from gotestsmells.parsing import parse
from gotool import gofmt_diff, run_go

FIXTURES = all_fixtures()


def _stdlib_only(src: bytes) -> bool:
    return all(is_std(i.path) for i in read_imports(parse(src).root_node))


@pytest.mark.parametrize("fx", FIXTURES, ids=[f.id for f in FIXTURES])
def test_gofmt_clean(fx: Fixture) -> None:
    assert gofmt_diff(str(fx.path)) == "", f"{fx.id} is not gofmt-clean"
    if fx.golden.exists():
        assert gofmt_diff(fx.golden.read_bytes()) == "", f"{fx.id}.golden is not gofmt-clean"
    if fx.newfiles_dir.exists():
        for p in fx.newfiles_dir.rglob("*.go"):
            assert gofmt_diff(str(p)) == "", f"{p} (created by a fix) is not gofmt-clean"


def _areas() -> dict[Path, list[Fixture]]:
    out: dict[Path, list[Fixture]] = defaultdict(list)
    for fx in FIXTURES:
        if fx.golden.exists() and _stdlib_only(fx.golden.read_bytes()):
            out[fx.area].append(fx)
    return dict(sorted(out.items()))


AREAS = _areas()


@pytest.mark.parametrize("area", list(AREAS), ids=[a.name for a in AREAS])
def test_go_vet_and_test_golden(area: Path, tmp_path: Path) -> None:
    fixtures = AREAS[area]
    mod = tmp_path / area.name
    mod.mkdir()
    shutil.copy(area / "go.mod", mod / "go.mod")
    vet, test, fails = [], [], []
    for fx in fixtures:
        pkg = mod / fx.path.name.removesuffix("_test.go")
        pkg.mkdir()
        (pkg / fx.path.name).write_bytes(fx.golden.read_bytes())
        # The area's non-test Go files (code under test that fixtures share) go with every package.
        for support in area.glob("*.go"):
            if not support.name.endswith("_test.go"):
                shutil.copy(support, pkg / support.name)
        if fx.newfiles_dir.exists():
            for p in fx.newfiles_dir.rglob("*"):
                if p.is_file():
                    dst = pkg / p.relative_to(fx.newfiles_dir)
                    dst.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy(p, dst)
        flags = fx.flags
        # `// fixture: with=a_test.go` brings sibling test files (as their golden, if any) into the package.
        for flag in flags:
            if flag.startswith("with="):
                for name in flag[len("with=") :].split("+"):
                    sib = area / name
                    gold = sib.with_name(sib.name + ".golden")
                    shutil.copy(gold if gold.exists() else sib, pkg / name)
        rel = "./" + pkg.name
        if "novet" not in flags:
            vet.append(rel)
        if "test-fails" in flags:
            fails.append(rel)
        elif "notest" not in flags:
            test.append(rel)
    if vet:
        r = run_go(["vet", *vet], mod)
        assert r.returncode == 0, f"go vet failed on golden files of {area.name}:\n{r.stdout}{r.stderr}"
    if test:
        r = run_go(["test", "-count=1", *test], mod)
        assert r.returncode == 0, f"go test failed on golden files of {area.name}:\n{r.stdout}{r.stderr}"
    for rel in fails:
        r = run_go(["test", "-count=1", rel], mod)
        assert r.returncode != 0, f"{area.name}/{rel}: the fixture says its tests fail, but they pass"
