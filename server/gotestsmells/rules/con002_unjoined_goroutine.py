"""CON002 unjoined-goroutine: A goroutine the test never waits for.

Not implemented yet: this module holds the rule's place in the catalog.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.context import FileContext
from ..analysis.functions import FuncInfo
from .base import Finding, Severity, rule


@rule(
    code="CON002",
    name="unjoined-goroutine",
    severity=Severity.HINT,
    summary="A goroutine the test never waits for.",
)
def check(ctx: FileContext, fn: FuncInfo) -> Iterator[Finding]:
    return iter(())
