"""DET005 sleep-sync: Sleeping to wait for a goroutine instead of joining it.

Not implemented yet: this module holds the rule's place in the catalog.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.context import FileContext
from ..analysis.functions import FuncInfo
from .base import Finding, Severity, rule


@rule(
    code="DET005",
    name="sleep-sync",
    severity=Severity.WARNING,
    summary="Sleeping to wait for a goroutine instead of joining it.",
    fix="refactor",
    supersedes=("DET001",),
)
def check(ctx: FileContext, fn: FuncInfo) -> Iterator[Finding]:
    return iter(())
