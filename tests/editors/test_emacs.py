"""Emacs 28 with eglot (Debian's emacs-nox and elpa-eglot), in batch mode, configured with
editors/emacs/gotestsmells.el: diagnostics through flymake, the quick fix through eglot-code-actions, and
fix on save."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from .tools import EMACS_DIR, LINE_A, LINE_B, fixed_by_cli, make_workspace, which, xdg_env

SCRIPT = Path(__file__).with_name("emacs_e2e.el")
ELPA = "/usr/share/emacs/site-lisp/elpa"


def test_emacs_eglot(tmp_path: Path) -> None:
    emacs = which("emacs", "Emacs (Debian's emacs-nox)")
    assert Path(ELPA).is_dir() and any(p.name.startswith("eglot-") for p in Path(ELPA).iterdir()), (
        f"eglot is missing from {ELPA}: run scripts/setup-editors (it installs elpa-eglot)"
    )
    f = make_workspace(tmp_path / "ws")
    expected = tmp_path / "expected.go"
    expected.write_text(fixed_by_cli(f.read_text(), tmp_path))
    env = xdg_env(tmp_path / "env")
    env.update(GTS_FILE=str(f), GTS_EXPECTED=str(expected), GTS_LINE_A=str(LINE_A), GTS_LINE_B=str(LINE_B))
    r = subprocess.run(
        [
            emacs,
            "-Q",
            "--batch",
            "--eval",
            f"(progn (setq package-directory-list (list {json.dumps(ELPA)})) (package-initialize))",
            "-L",
            str(EMACS_DIR),
            "--eval",
            "(require 'gotestsmells)",
            "-l",
            str(SCRIPT),
        ],
        cwd=f.parent,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        stdin=subprocess.DEVNULL,
    )
    assert r.returncode == 0 and "all checks passed" in r.stderr, (
        f"Emacs eglot test failed:\n{r.stdout}\n{r.stderr}"
    )
