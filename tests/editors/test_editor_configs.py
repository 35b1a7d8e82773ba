"""The documented configs of editors that do not run here (Helix, Zed) parse and say what the tested ones
say: the server command, push diagnostics, fix-all's code action kind.  And the VS Code extension finds
its server in the documented order (src/command.ts, run under node)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .tools import EDITORS

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

FIX_ALL = "source.fixAll.gotestsmells"


def test_helix_languages_toml() -> None:
    cfg = tomllib.loads((EDITORS / "helix" / "languages.toml").read_text())
    server = cfg["language-server"]["gotestsmells"]
    assert [server["command"], *server["args"]] == ["gotestsmells", "serve"]
    assert server["config"]["gotestsmells"]["diagnosticMode"] == "push"
    (go,) = [lang for lang in cfg["language"] if lang["name"] == "go"]
    assert go["language-servers"] == ["gopls", "gotestsmells"]


def test_zed_settings_and_extension() -> None:
    settings = json.loads((EDITORS / "zed" / "settings.json").read_text())
    lsp = settings["lsp"]["gotestsmells"]
    assert [lsp["binary"]["path"], *lsp["binary"]["arguments"]] == ["gotestsmells", "serve"]
    go = settings["languages"]["Go"]
    assert "gotestsmells" in go["language_servers"] and "gopls" in go["language_servers"]
    assert go["code_actions_on_format"] == {FIX_ALL: True}
    ext = tomllib.loads((EDITORS / "zed" / "extension.toml").read_text())
    assert ext["language_servers"]["gotestsmells"]["languages"] == ["Go"]
    lib = (EDITORS / "zed" / "src" / "lib.rs").read_text()
    assert '"diagnosticMode"' in lib and '"push"' in lib and 'which("gotestsmells")' in lib
    readme = (EDITORS / "zed" / "README.md").read_text()
    blocks = [b.split("```")[0] for b in readme.split("```json\n")[1:]]
    assert any(json.loads(b) == settings for b in blocks), "the README's snippet is settings.json"


@pytest.fixture
def command_js(extension_out: Path) -> Path:
    return extension_out / "command.js"


def _resolve(command_js: Path, path: str, interpreter: str, env_path: str) -> dict[str, object]:
    script = (
        "const c = require(process.argv[1]);"
        "console.log(JSON.stringify(c.resolveServer(process.argv[2], process.argv[3], process.argv[4])));"
    )
    r = subprocess.run(
        ["node", "-e", script, str(command_js), path, interpreter, env_path],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 0, r.stderr
    result: dict[str, object] = json.loads(r.stdout)
    return result


def test_vscode_finds_the_server_in_order(command_js: Path, tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    exe = bin_dir / "gotestsmells"
    exe.write_text("#!/bin/sh\n")
    exe.chmod(0o755)
    py = bin_dir / "python3"
    py.write_text("#!/bin/sh\n")
    py.chmod(0o755)
    empty = str(tmp_path / "nothing")

    r = _resolve(command_js, str(exe), str(py), empty)
    assert r["ok"] and r["cmd"] == {"command": str(exe), "args": ["serve"], "origin": "gotestsmells.path"}
    r = _resolve(command_js, "", str(py), empty)
    assert r["cmd"] == {
        "command": str(py),
        "args": ["-m", "gotestsmells", "serve"],
        "origin": "gotestsmells.interpreter",
    }
    r = _resolve(command_js, "", "", str(bin_dir))
    assert r["cmd"] == {"command": str(exe), "args": ["serve"], "origin": "PATH"}

    r = _resolve(command_js, "", "", empty)
    assert not r["ok"] and "not found" in str(r["reason"])
    r = _resolve(command_js, "/nonexistent/gotestsmells", "", str(bin_dir))
    assert not r["ok"] and "/nonexistent/gotestsmells" in str(r["reason"])
