"""ENV003's fixes checked with the real Go toolchain on stdlib-only fixtures.

- The build-tag fix: the golden files (what the fix produces; test_fixtures.py keeps them in step) are
  left out of a plain build and listed, vetted and compiled with `-tags integration`:
  `go list -f '{{.TestGoFiles}}'` lists the file only with the tag, and `go vet -tags integration ./...`
  passes.
- The alternative fix (skip under testing.Short()): the fixed file is gofmt-clean, vets, and its test is
  skipped by `go test -short`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gotestsmells.config import Settings
from gotestsmells.fixes import resolve
from gotestsmells.linter import Linter
from gotool import gofmt_diff, run_go

AREA = Path(__file__).parent / "testdata" / "env003"
# Stdlib-only fixtures whose golden file carries the build tag: (fixture, package name).
TAGGED = [
    ("license_header_test.go", "licenseheader"),
    ("existing_constraint_test.go", "existingconstraint"),
    ("legacy_plus_build_test.go", "legacyplusbuild"),
]


def _module(tmp: Path) -> Path:
    mod = tmp / "tagged"
    mod.mkdir()
    (mod / "go.mod").write_text("module example.com/tagged\n\ngo 1.22\n")
    return mod


def _package(mod: Path, pkg: str, files: dict[str, bytes], folder: str | None = None) -> str:
    """A package holding `files` plus a non-test file, so it exists in a plain build too."""
    folder = folder or pkg
    d = mod / folder
    d.mkdir()
    (d / "doc.go").write_text(f"// Package {pkg} is a fixture.\npackage {pkg}\n")
    for name, content in files.items():
        (d / name).write_bytes(content)
    return "./" + folder


def _test_go_files(mod: Path, pkg: str, *tags: str) -> str:
    args = ["list", "-e", "-f", "{{.TestGoFiles}}"]
    if tags:
        args += ["-tags", ",".join(tags)]
    r = run_go([*args, pkg], mod)
    assert r.returncode == 0, r.stderr
    return r.stdout.strip()


def test_build_tag_fix_keeps_the_file_out_of_a_plain_go_test(tmp_path: Path) -> None:
    mod = _module(tmp_path)
    pkgs = []
    for fixture, pkg in TAGGED:
        golden = (AREA / (fixture + ".golden")).read_bytes()
        assert gofmt_diff(golden) == ""
        pkgs.append((fixture, _package(mod, pkg, {fixture: golden})))
    # The unfixed file, for contrast: a plain go test builds it.
    unfixed = {"license_header_test.go": (AREA / "license_header_test.go").read_bytes()}
    plain = _package(mod, "licenseheader", unfixed, folder="unfixed")
    assert _test_go_files(mod, plain) == "[license_header_test.go]"

    for fixture, pkg in pkgs:
        assert _test_go_files(mod, pkg) == "[]", f"{fixture}: a plain build still lists it"
        assert _test_go_files(mod, pkg, "integration") == f"[{fixture}]", (
            f"{fixture}: -tags integration misses it"
        )

    r = run_go(["vet", "-tags", "integration", "./..."], mod)
    assert r.returncode == 0, r.stdout + r.stderr
    # A plain `go vet ./...` and `go test ./...` still work: the tagged files are simply not there.
    r = run_go(["vet", *(p for _, p in pkgs)], mod)
    assert r.returncode == 0, r.stdout + r.stderr
    r = run_go(["test", "-count=1", *(p for _, p in pkgs)], mod)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.count("[no test files]") == len(pkgs), r.stdout


@pytest.mark.parametrize(("fixture", "pkg"), TAGGED[:2])
def test_short_guard_alternative_compiles_and_skips(fixture: str, pkg: str, tmp_path: Path) -> None:
    path = AREA / fixture
    src = path.read_bytes()
    linter = Linter()
    res = linter.lint(str(path), src, Settings(select=("ENV003",)))
    [finding] = res.findings
    assert [f.title for f in finding.fixes] == ["Add //go:build integration", "Skip under testing.Short()"]
    resolved = resolve(src, res.ctx.tree, finding.fixes[1], finding, res.ctx)
    assert resolved is not None
    fixed = resolved.result
    assert b"if testing.Short() {" in fixed and b't.Skip("integration test: needs ' in fixed
    assert gofmt_diff(fixed) == ""
    # Fixed, the file is no longer reported.
    assert linter.lint(str(path), fixed, Settings(select=("ENV003",))).findings == []
    mod = _module(tmp_path)
    rel = _package(mod, pkg, {fixture: fixed})
    r = run_go(["vet", rel], mod)
    assert r.returncode == 0, r.stdout + r.stderr
    r = run_go(["test", "-count=1", "-short", "-v", rel], mod)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "--- SKIP" in r.stdout, r.stdout
    shutil.rmtree(mod)
