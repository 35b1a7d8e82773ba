"""DET002 wall-clock: `time.Now`/`time.Since`/`time.Until` feeding a test's expected values or assertions.

Not implemented yet: this module holds the rule's place in the catalog.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.context import FileContext
from ..analysis.functions import FuncInfo
from .base import Finding, Severity, rule


@rule(
    code="DET002",
    name="wall-clock",
    severity=Severity.WARNING,
    summary="`time.Now`/`time.Since`/`time.Until` feeding a test's expected values or assertions.",
    fix="refactor",
)
def check(ctx: FileContext, fn: FuncInfo) -> Iterator[Finding]:
    return iter(())
