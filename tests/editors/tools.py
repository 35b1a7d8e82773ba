"""Where the editor tests find their tools, and the smelly Go file they all open.

Tools come from `scripts/setup-editors` (Debian packages, npm packages in editors/vscode, code-server in a
cache folder) and `scripts/setup` (Neovim in .venv).  A missing tool fails the test with a message saying
how to install it: these tests never skip."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EDITORS = ROOT / "editors"
VSCODE_DIR = EDITORS / "vscode"
NVIM_DIR = EDITORS / "nvim"
EMACS_DIR = EDITORS / "emacs"
CODE_SERVER_VERSION = "4.100.3"
CACHE = Path(
    os.environ.get("GOTESTSMELLS_EDITORS_CACHE")
    or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "gotestsmells-editors"
)
SETUP_HINT = "run scripts/setup-editors (it installs every tool the editor tests need)"

# The server executable of this checkout's venv.
VENV_BIN = Path(sys.executable).parent
GOTESTSMELLS = VENV_BIN / "gotestsmells"

SMELLY = """\
package demo

import (
	"os"
	"testing"
)

func TestA(t *testing.T) {
	os.Setenv("A", "1")
	if os.Getenv("A") != "1" {
		t.Fatal("A is not set")
	}
}

func TestB(t *testing.T) {
	os.Setenv("B", "2")
	if got := os.Getenv("B"); got != "2" {
		t.Errorf("B = %q", got)
	}
}
"""
# 0-based lines of the two HAB004 findings in SMELLY.
LINE_A, LINE_B = 8, 15


def require(path: Path | str | None, what: str, hint: str = SETUP_HINT) -> str:
    """The tool's path, or fail the test naming it."""
    if path is None or not Path(path).exists():
        pytest.fail(f"{what} is missing ({path or 'not found'}): {hint}", pytrace=False)
    return str(path)


def which(name: str, what: str, hint: str = SETUP_HINT) -> str:
    return require(shutil.which(name), what, hint)


def gotestsmells() -> str:
    return require(GOTESTSMELLS, "the gotestsmells executable", "run scripts/setup")


def make_workspace(root: Path, text: str = SMELLY, name: str = "demo_test.go") -> Path:
    """A Go module with one smelly test file; returns the file."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "go.mod").write_text("module example.com/demo\n\ngo 1.22\n")
    f = root / name
    f.write_text(text)
    return f


def fixed_by_cli(text: str, tmp: Path) -> str:
    """What fix-all must produce: `gotestsmells check --fix` on a copy (every safe fix of every rule that is
    on by default), so the expectation follows the rule set as it grows."""
    ws = tmp / "expected"
    f = make_workspace(ws, text)
    r = subprocess.run([gotestsmells(), "check", "--fix", str(f)], capture_output=True, text=True, timeout=60)
    assert r.returncode in (0, 1), r.stderr
    return f.read_text()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(pred, timeout: float, what: str, interval: float = 0.05):  # type: ignore[no-untyped-def]
    """Poll `pred` until it returns something truthy; fail after `timeout` seconds naming `what`."""
    end = time.monotonic() + timeout
    while True:
        v = pred()
        if v:
            return v
        if time.monotonic() > end:
            pytest.fail(f"timed out after {timeout:.0f}s waiting for {what}", pytrace=False)
        time.sleep(interval)


def xdg_env(base: Path) -> dict[str, str]:
    """An environment whose config, data, state and cache folders are fresh, under `base`."""
    env = dict(os.environ)
    for k in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "TMPDIR"):
        d = base / k.lower()
        d.mkdir(parents=True, exist_ok=True)
        env[k] = str(d)
    env["HOME"] = str(base / "home")
    (base / "home").mkdir(exist_ok=True)
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
    return env
