"""Fixtures shared by the editor tests."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from .tools import VSCODE_DIR, require, which


@pytest.fixture(scope="session")
def extension_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The VS Code extension's TypeScript compiled (tsc) into a temp folder, for tests that run its
    modules without VS Code (settings.ts, command.ts)."""
    which("node", "node (>= 20)")
    require(VSCODE_DIR / "node_modules" / "typescript", "typescript in editors/vscode/node_modules")
    out = tmp_path_factory.mktemp("ext-out")
    r = subprocess.run(
        ["npx", "--no-install", "tsc", "-p", ".", "--outDir", str(out)],
        cwd=VSCODE_DIR,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert r.returncode == 0, f"tsc failed:\n{r.stdout}\n{r.stderr}"
    return out
