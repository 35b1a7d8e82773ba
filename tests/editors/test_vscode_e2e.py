"""The VS Code extension, packaged with `vsce` and exercised in a real VS Code (code-server 4.100.3) driven by
Chromium through playwright-core (tests/editors/vscode_e2e.js): the diagnostic in the Problems panel with
its code, settings reaching the server without a reload, the hover, the quick fix from the light bulb,
fix-all on save through `editor.codeActionsOnSave`, and the "server not found" notification.

Tools come from scripts/setup-editors; a missing one fails the test."""

from __future__ import annotations

import json
import os
import subprocess
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from .tools import (
    CACHE,
    CODE_SERVER_VERSION,
    LINE_A,
    LINE_B,
    ROOT,
    VSCODE_DIR,
    fixed_by_cli,
    free_port,
    gotestsmells,
    make_workspace,
    require,
    wait_for,
    which,
    xdg_env,
)

CODE_SERVER = CACHE / f"code-server-{CODE_SERVER_VERSION}" / "node_modules" / ".bin" / "code-server"
# The README's screenshot is refreshed only on request, so a test run leaves the work tree clean:
# GOTESTSMELLS_UPDATE_SCREENSHOT=1 scripts/test tests/editors/test_vscode_e2e.py
README_SCREENSHOT = VSCODE_DIR / "screenshot.png"
UPDATE_SCREENSHOT = os.environ.get("GOTESTSMELLS_UPDATE_SCREENSHOT") == "1"
DEV_TOOLS = ("typescript", "@vscode/vsce", "playwright-core", "@types/vscode", "@types/node")


def _node_modules() -> Path:
    nm = VSCODE_DIR / "node_modules"
    for dep in ("vscode-languageclient", "typescript", "@vscode/vsce", "playwright-core"):
        require(nm / dep, f"the npm package {dep} in editors/vscode/node_modules")
    return nm


@pytest.fixture(scope="session")
def vsix(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`npx vsce package` (which compiles the TypeScript first) into a temp folder."""
    which("node", "node (>= 20)")
    _node_modules()
    out = tmp_path_factory.mktemp("vsix") / "gotestsmells.vsix"
    r = subprocess.run(
        ["npx", "--no-install", "vsce", "package", "--out", str(out)],
        cwd=VSCODE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, f"vsce package failed:\n{r.stdout}\n{r.stderr}"
    assert out.exists()
    return out


def test_vsix_contents(vsix: Path) -> None:
    names = zipfile.ZipFile(vsix).namelist()
    for must in (
        "extension/package.json",
        "extension/out/extension.js",
        "extension/out/settings.js",
        "extension/readme.md",
        "extension/node_modules/vscode-languageclient/package.json",
    ):
        assert must in names, f"{must} is missing from the .vsix"
    for dev in DEV_TOOLS:
        assert not any(n.startswith(f"extension/node_modules/{dev}/") for n in names), (
            f"{dev} is in the .vsix"
        )
    assert not any(n.startswith("extension/src/") or n.endswith(".ts") for n in names), "sources in the .vsix"
    manifest = json.loads(zipfile.ZipFile(vsix).read("extension/package.json"))
    assert manifest["engines"]["vscode"] == "^1.91.0"
    assert "onLanguage:go" in manifest["activationEvents"]


@pytest.fixture
def code_server(tmp_path: Path, vsix: Path) -> Iterator[dict[str, object]]:
    """code-server with our .vsix installed, user settings for fix on save, serving a smelly workspace."""
    cs = require(CODE_SERVER, f"code-server {CODE_SERVER_VERSION}")
    env = xdg_env(tmp_path / "env")
    user_data = tmp_path / "user-data"
    exts = tmp_path / "extensions"
    (user_data / "User").mkdir(parents=True)
    (user_data / "User" / "settings.json").write_text(
        json.dumps(
            {
                "gotestsmells.path": gotestsmells(),
                "editor.codeActionsOnSave": {"source.fixAll.gotestsmells": "explicit"},
                "security.workspace.trust.enabled": False,
                "workbench.startupEditor": "none",
                "workbench.tips.enabled": False,
                "workbench.enableExperiments": False,
                "telemetry.telemetryLevel": "off",
                "extensions.autoCheckUpdates": False,
                "extensions.autoUpdate": False,
                "extensions.ignoreRecommendations": True,
                "update.mode": "none",
                "files.autoSave": "off",
                "editor.hover.delay": 100,
                "window.restoreWindows": "none",
            },
            indent=2,
        )
    )
    r = subprocess.run(
        [
            cs,
            "--user-data-dir",
            str(user_data),
            "--extensions-dir",
            str(exts),
            "--install-extension",
            str(vsix),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert r.returncode == 0, f"code-server --install-extension failed:\n{r.stdout}\n{r.stderr}"
    assert any(p.name.startswith("gotestsmells.gotestsmells-") for p in exts.iterdir()), r.stdout

    ws = tmp_path / "ws"
    f = make_workspace(ws)
    (ws / ".vscode").mkdir()
    settings = ws / ".vscode" / "settings.json"
    settings.write_text(json.dumps({"files.insertFinalNewline": False}, indent=2))

    port = free_port()
    log = tmp_path / "code-server.log"
    with open(log, "w") as logf:
        proc = subprocess.Popen(
            [
                cs,
                "--bind-addr",
                f"127.0.0.1:{port}",
                "--auth",
                "none",
                "--user-data-dir",
                str(user_data),
                "--extensions-dir",
                str(exts),
                "--disable-telemetry",
                "--disable-update-check",
                "--disable-workspace-trust",
                "--disable-getting-started-override",
                str(ws),
            ],
            stdout=logf,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )

    def healthy() -> bool:
        if proc.poll() is not None:
            pytest.fail(f"code-server exited with {proc.returncode}:\n{log.read_text()}", pytrace=False)
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as resp:
                return bool(resp.status == 200)
        except OSError:
            return False

    try:
        wait_for(healthy, 60, "code-server to answer /healthz", interval=0.2)
        yield {"port": port, "ws": ws, "file": f, "settings": settings, "log": log, "user_data": user_data}
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, 15)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, 9)
                proc.wait(timeout=15)


def test_vscode_end_to_end(code_server: dict[str, object], tmp_path: Path) -> None:
    chromium = which("chromium", "Debian's chromium")
    nm = _node_modules()
    f = code_server["file"]
    assert isinstance(f, Path)
    expected = tmp_path / "expected.go"
    expected.write_text(fixed_by_cli(f.read_text(), tmp_path))
    assert 'os.Setenv("B"' not in expected.read_text()
    fail_shot = tmp_path / "failure.png"
    shot = README_SCREENSHOT if UPDATE_SCREENSHOT else tmp_path / "screenshot.png"
    cfg = {
        "url": f"http://127.0.0.1:{code_server['port']}/?folder={code_server['ws']}",
        "file": str(f),
        "settingsFile": str(code_server["settings"]),
        "expectedFixAll": str(expected),
        "screenshot": str(shot),
        "failShot": str(fail_shot),
        "lineA": LINE_A,
        "lineB": LINE_B,
        "chromium": chromium,
        "browserProfile": str(tmp_path / "chromium-profile"),
    }
    env = dict(os.environ, NODE_PATH=str(nm))
    r = subprocess.run(
        ["node", str(Path(__file__).with_name("vscode_e2e.js")), json.dumps(cfg)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        cwd=ROOT,
    )
    log = code_server["log"]
    assert isinstance(log, Path)
    assert r.returncode == 0, (
        f"VS Code end to end failed (screenshot: {fail_shot}):\n{r.stderr[-6000:]}\n"
        f"--- code-server log ---\n{log.read_text()[-4000:]}"
    )
    assert shot.stat().st_size > 10_000
    # The extension's output channel: the restart command ran and started a new server.
    user_data = code_server["user_data"]
    assert isinstance(user_data, Path)
    channel = "\n".join(
        p.read_text() for p in user_data.glob("logs/*/exthost*/gotestsmells.gotestsmells/*.log")
    )
    assert "restarting the server" in channel, channel
    assert channel.count(f"starting {gotestsmells()} serve") >= 2, channel
