"""The README keeps its promises: the two commands, every rule in the table, the scripts it names exist."""

from __future__ import annotations

import os
from pathlib import Path

from gotestsmells.rules import ALL

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_two_commands() -> None:
    assert "scripts/setup && .venv/bin/gotestsmells check examples/" in README
    assert "\nscripts/test " in README
    for script in ("scripts/setup", "scripts/test", ".ci/run"):
        assert os.access(ROOT / script, os.X_OK), script
    assert "scripts/test" in (ROOT / ".ci" / "run").read_text()


def test_rule_table_matches_the_registry() -> None:
    table = README.split("<!-- rules:start -->")[1].split("<!-- rules:end -->")[0]
    for r in ALL:
        row = next((ln for ln in table.splitlines() if ln.startswith(f"| {r.code} |")), None)
        assert row is not None, f"{r.code} missing from the README's rule table"
        assert f"| {r.name} |" in row and f"| {r.severity.label} |" in row
