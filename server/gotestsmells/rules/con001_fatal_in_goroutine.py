"""CON001 fatal-in-goroutine: `t.Fatal`/`t.FailNow`/`t.Skip`/`require` called from a goroutine the test started.

Not implemented yet: this module holds the rule's place in the catalog.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.context import FileContext
from ..analysis.functions import FuncInfo
from .base import Finding, Severity, rule


@rule(
    code="CON001",
    name="fatal-in-goroutine",
    severity=Severity.ERROR,
    summary="`t.Fatal`/`t.FailNow`/`t.Skip`/`require` called from a goroutine the test started.",
    fix="refactor",
)
def check(ctx: FileContext, fn: FuncInfo) -> Iterator[Finding]:
    return iter(())
