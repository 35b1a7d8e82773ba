"""The settings the VS Code extension sends are the settings the server reads.

The names come from editors/vscode/package.json (as ruff-vscode derives its settings from its manifest), and
the values from the extension's own code (src/settings.ts, compiled and run under node): every setting must
be accepted by `gotestsmells.config.validate` with no "unknown setting", and must take effect in a real
server started the way the extension starts it."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types

from gotestsmells.config import _ALIASES, validate
from lsp.helpers import open_doc, start, stop, wait_diagnostics

from .tools import SMELLY, VSCODE_DIR, make_workspace

PACKAGE = json.loads((VSCODE_DIR / "package.json").read_text())
PROPS: dict[str, dict[str, Any]] = PACKAGE["contributes"]["configuration"]["properties"]
CLIENT_ONLY = {"path", "interpreter", "trace.server"}


def sample(key: str, schema: dict[str, Any]) -> Any:
    """A value for the setting other than its default, derived from its JSON schema."""
    types_ = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    if "boolean" in types_:
        return not schema.get("default", False)
    if "array" in types_:
        return {"ignore": ["HAB007"], "extendSelect": ["CON007"]}.get(key, ["DET", "CON", "HAB"])
    if "object" in types_:
        level = schema["additionalProperties"]["enum"][0]
        return {"HAB004": level}
    if "string" in types_:
        return schema.get("enum", ["x"])[-1]
    raise AssertionError(f"no sample for {key}: {schema}")


@pytest.fixture(scope="module")
def extension_settings(extension_out: Path) -> Any:
    """Run the extension's settings.ts under node: keys, settings and initializationOptions it would send."""
    out = extension_out

    def run(values: dict[str, Any]) -> Any:
        script = (
            "const s = require(process.argv[1]); const pkg = require(process.argv[2]);"
            "const v = JSON.parse(process.argv[3]); const get = (k) => v[k];"
            "console.log(JSON.stringify({keys: s.serverKeys(pkg), settings: s.serverSettings(pkg, get),"
            " init: s.initializationOptions(pkg, get)}));"
        )
        r = subprocess.run(
            [
                "node",
                "-e",
                script,
                str(out / "settings.js"),
                str(VSCODE_DIR / "package.json"),
                json.dumps(values),
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert r.returncode == 0, r.stderr
        return json.loads(r.stdout)

    return run


def test_every_setting_is_known_to_the_server(extension_settings: Any) -> None:
    names = [k.removeprefix("gotestsmells.") for k in PROPS if k.startswith("gotestsmells.")]
    assert len(names) == len(PROPS), "every setting is under gotestsmells."
    for must in (
        "enable",
        "select",
        "ignore",
        "extendSelect",
        "severity",
        "trace.server",
        "path",
        "interpreter",
    ):
        assert must in names, f"gotestsmells.{must} is missing from package.json"
    for k, schema in PROPS.items():
        assert "scope" in schema, f"{k} has no scope"
        assert schema.get("description") or schema.get("markdownDescription"), f"{k} has no description"
    server_keys = [n for n in names if n not in CLIENT_ONLY]
    got = extension_settings({})
    assert got["keys"] == server_keys
    for k in server_keys:
        assert k in _ALIASES, f"gotestsmells.{k} is sent but the server does not read {k!r}"

    # Defaults: null ones are left out (the server and gotestsmells.toml keep theirs).
    defaults = {n: PROPS[f"gotestsmells.{n}"].get("default") for n in names}
    sent = extension_settings(defaults)
    assert "select" not in sent["settings"]
    fields, errors = validate(sent["settings"], "vscode")
    assert errors == []
    assert sent["init"] == {"gotestsmells": {**sent["settings"], "diagnosticMode": "push"}}

    # Every setting set to something else: each reaches a field, no error, no unknown setting.
    values = {n: sample(n, PROPS[f"gotestsmells.{n}"]) for n in names}
    sent = extension_settings(values)
    assert sorted(sent["settings"]) == sorted(server_keys)
    fields, errors = validate(sent["settings"], "vscode")
    assert errors == [], errors
    assert sorted(fields) == sorted({_ALIASES[k] for k in server_keys})

    # What VS Code's own configuration answer would hold (client-only keys included) is tolerated too.
    _, errors = validate(
        {**sent["settings"], "path": "", "interpreter": "", "trace": {"server": "off"}}, "vscode"
    )
    assert errors == [], errors


async def test_settings_take_effect_in_the_server(extension_settings: Any, tmp_path: Path) -> None:
    """Start the server as the extension does (initializationOptions from settings.ts) with HAB004 ignored,
    then change the settings as the extension does on a change (didChangeConfiguration)."""
    f = make_workspace(tmp_path)
    sent = extension_settings({"ignore": ["HAB004"], "severity": {"HAB004": "error"}})
    lc, result = await start(tmp_path, init_options=sent["init"], configuration=sent["settings"])
    try:
        # diagnosticMode "push": no pull capability, so VS Code shows each diagnostic once.
        assert result.capabilities.diagnostic_provider is None
        uri = open_doc(lc, f, SMELLY)
        ds = await wait_diagnostics(lc, uri)
        assert not [d for d in ds if d.code == "HAB004"], "gotestsmells.ignore did not reach the server"

        changed = extension_settings({"ignore": [], "severity": {"HAB004": "error"}})
        lc.set_configuration(changed["settings"], section="gotestsmells")
        lc.workspace_did_change_configuration(
            types.DidChangeConfigurationParams(settings={"gotestsmells": changed["settings"]})
        )
        ds = await wait_diagnostics(lc, uri, lambda ds: any(d.code == "HAB004" for d in ds))
        hab = [d for d in ds if d.code == "HAB004"]
        assert len(hab) == 2
        assert all(d.severity == types.DiagnosticSeverity.Error for d in hab), (
            "gotestsmells.severity was lost"
        )
    finally:
        await stop(lc)
