"""The bundled examples: `check` finds the smells, and every safe fix applied to this stdlib-only module
keeps it gofmt-clean, `go vet`-clean and `go test`-green; a second fix-all run changes nothing."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from gotool import gofmt_binary, run_go

EXAMPLES = Path(__file__).parent.parent / "examples"
CLI = [sys.executable, "-m", "gotestsmells"]


def test_check_finds_smells() -> None:
    r = subprocess.run([*CLI, "check", str(EXAMPLES)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 1, r.stderr
    for code in ("DET001", "DET004", "DET005", "CON005", "HAB004", "HAB005", "HAB012", "HAB014"):
        assert code in r.stdout


def test_safe_fixes_keep_the_module_building(tmp_path: Path) -> None:
    mod = tmp_path / "examples"
    shutil.copytree(EXAMPLES, mod)
    before = run_go(["vet", "./..."], mod)
    assert before.returncode == 0, before.stderr
    r = subprocess.run([*CLI, "check", "--fix", "."], cwd=mod, capture_output=True, text=True, timeout=300)
    assert r.returncode in (0, 1), r.stderr
    changed = subprocess.run(
        ["git", "diff", "--no-index", "--stat", str(EXAMPLES), str(mod)], capture_output=True, text=True
    )
    assert changed.stdout.strip(), "no safe fix was applied"
    fmt = subprocess.run([gofmt_binary(), "-l", "."], cwd=mod, capture_output=True, text=True, timeout=120)
    assert fmt.stdout == "", f"not gofmt-clean after fixes: {fmt.stdout}"
    vet = run_go(["vet", "./..."], mod)
    assert vet.returncode == 0, vet.stdout + vet.stderr
    test = run_go(["test", "-count=1", "./..."], mod)
    assert test.returncode == 0, test.stdout + test.stderr
    again = subprocess.run(
        [*CLI, "check", "--diff", "."], cwd=mod, capture_output=True, text=True, timeout=300
    )
    assert again.returncode == 0 and again.stdout == "", again.stdout
