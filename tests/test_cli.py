"""The command line as users and CI scripts run it: a real subprocess, real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from gotestsmells import __version__
from gotestsmells.rules import ALL

CLI = [sys.executable, "-m", "gotestsmells"]

SMELLY = """package m

import (
\t"os"
\t"testing"
)

func TestA(t *testing.T) {
\tos.Setenv("A", "1") // 🎉 日本
}

func TestB(t *testing.T) {
\tt.Skip()
}
"""


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, cwd=cwd, timeout=120)


@pytest.fixture
def mod(tmp_path: Path) -> Path:
    (tmp_path / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    (tmp_path / "a_test.go").write_text(SMELLY)
    for skipped in ("vendor", "testdata", ".hidden"):
        (tmp_path / skipped).mkdir()
        (tmp_path / skipped / "x_test.go").write_text(SMELLY)
    (tmp_path / "a.go").write_text("package m\n")
    return tmp_path


def test_version() -> None:
    r = run("--version")
    assert r.returncode == 0 and r.stdout.strip() == f"gotestsmells {__version__}"


def test_check_text_and_exit_status(mod: Path) -> None:
    r = run("check", ".", cwd=mod)
    assert r.returncode == 1, r.stderr
    assert "a_test.go:9:2: HAB004 [*]" in r.stdout
    assert "vendor" not in r.stdout and "testdata" not in r.stdout and ".hidden" not in r.stdout
    r = run("check", "--select", "HAB011", ".", cwd=mod)
    assert r.returncode == 1 and "HAB004" not in r.stdout
    r = run("check", "--ignore", "HAB", ".", cwd=mod)
    assert r.returncode == 0 and "All checks passed." in r.stdout
    # Hints never fail a build by default; --fail-on moves the bar.
    r = run("check", "--select", "HAB011", "--fail-on", "warning", ".", cwd=mod)
    assert r.returncode == 0


def test_check_json(mod: Path) -> None:
    r = run("check", "--format", "json", "--select", "HAB004,HAB011", "a_test.go", cwd=mod)
    data = json.loads(r.stdout)
    assert [d["code"] for d in data] == ["HAB004", "HAB011"]
    d = data[0]
    assert d == {
        "path": "a_test.go",
        "code": "HAB004",
        "name": "os-setenv",
        "severity": "warning",
        "message": d["message"],
        "line": 9,
        "column": 2,
        "end_line": 9,
        "end_column": 21,
        "fixes": [{"title": "Replace with t.Setenv", "applicability": "safe"}],
    }
    assert data[1]["fixes"] == []


def test_check_sarif_and_github(mod: Path) -> None:
    r = run("check", "--format", "sarif", "--select", "HAB004", ".", cwd=mod)
    sarif = json.loads(r.stdout)
    assert sarif["version"] == "2.1.0"
    run_ = sarif["runs"][0]
    assert {x["id"] for x in run_["tool"]["driver"]["rules"]} == {r.code for r in ALL}
    res = run_["results"][0]
    assert res["ruleId"] == "HAB004" and res["level"] == "warning"
    assert res["locations"][0]["physicalLocation"]["region"]["startLine"] == 9
    r = run("check", "--format", "github", "--select", "HAB004", ".", cwd=mod)
    assert r.stdout.startswith("::warning file=a_test.go,line=9,col=2,")
    assert "::HAB004 " in r.stdout


def test_fix_diff_and_fix(mod: Path) -> None:
    r = run("check", "--diff", ".", cwd=mod)
    assert r.returncode == 1
    assert '-\tos.Setenv("A", "1") // 🎉 日本' in r.stdout and '+\tt.Setenv("A", "1") // 🎉 日本' in r.stdout
    assert (mod / "a_test.go").read_text() == SMELLY  # --diff writes nothing
    r = run("check", "--fix", ".", cwd=mod)
    fixed = (mod / "a_test.go").read_text()
    assert 't.Setenv("A", "1")' in fixed and '"os"' not in fixed
    assert r.returncode == 1  # HAB011 has no fix and remains
    assert "HAB004" not in r.stdout and "HAB011" in r.stdout
    r = run("check", "--diff", ".", cwd=mod)
    assert r.returncode == 0 and r.stdout == ""


def test_jobs_gives_the_same_output(mod: Path) -> None:
    for i in range(6):
        (mod / f"x{i}_test.go").write_text(SMELLY)
    one = run("check", "--format", "json", ".", cwd=mod)
    two = run("check", "--format", "json", "--jobs", "2", ".", cwd=mod)
    assert one.stdout == two.stdout and one.returncode == two.returncode == 1


def test_config_option(mod: Path) -> None:
    (mod / "custom.toml").write_text('ignore = ["HAB"]\n')
    r = run("check", "--config", "custom.toml", ".", cwd=mod)
    assert r.returncode == 0
    (mod / "gotestsmells.toml").write_text('select = ["HAB011"]\n')
    r = run("check", ".", cwd=mod)
    assert "HAB011" in r.stdout and "HAB004" not in r.stdout
    (mod / "gotestsmells.toml").write_text("select = [\n")
    r = run("check", ".", cwd=mod)
    assert "gotestsmells.toml" in r.stderr and "HAB004" in r.stdout  # reported; defaults apply


@pytest.mark.parametrize(
    "args",
    [
        ["check", "/no/such/path"],
        ["check", "--format", "xml", "."],
        ["check", "--select", "NOPE9", "."],
        ["check", "--jobs", "0", "."],
        ["check", "--config", "/no/such.toml", "."],
        ["rule", "XYZ999"],
        ["frobnicate"],
        [],
    ],
)
def test_usage_errors_exit_2_with_one_line(mod: Path, args: list[str]) -> None:
    r = run(*args, cwd=mod)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("gotestsmells: error:"), r.stderr


def test_rules_and_rule() -> None:
    r = run("rules", "--format", "json")
    data = json.loads(r.stdout)
    assert [d["code"] for d in data] == [r.code for r in ALL]
    assert set(data[0]) == {"code", "name", "category", "severity", "fix", "enabled_by_default", "summary"}
    assert next(d for d in data if d["code"] == "CON007")["enabled_by_default"] is False
    r = run("rules")
    assert r.returncode == 0 and "HAB004" in r.stdout
    r = run("rule", "hab004")
    assert r.returncode == 0
    assert r.stdout.startswith("HAB004 os-setenv (warning)")
    for section in ("## What it does", "## Why is this bad?", "## Example", "## Use instead"):
        assert section in r.stdout


LOOPCOPY = """package m

import "testing"

func TestCopy(t *testing.T) {
\tfor _, tt := range []int{1, 2} {
\t\ttt := tt
\t\tif tt == 0 {
\t\t\tt.Fatal("zero")
\t\t}
\t}
}
"""


def test_hint_fixes_only_when_asked(mod: Path) -> None:
    (mod / "a_test.go").write_text(LOOPCOPY)
    run("check", "--fix", ".", cwd=mod)
    assert "tt := tt" in (mod / "a_test.go").read_text()  # a hint's fix is not part of fix-all
    run("check", "--fix", "--select", "HAB012", ".", cwd=mod)  # named exactly: applied
    assert "tt := tt" not in (mod / "a_test.go").read_text()
    (mod / "a_test.go").write_text(LOOPCOPY)
    (mod / "gotestsmells.toml").write_text("fix-hints = true\n")
    run("check", "--fix", ".", cwd=mod)
    assert "tt := tt" not in (mod / "a_test.go").read_text()
