"""CON004 loopvar-capture: Before Go 1.22: a range variable captured by a parallel subtest or goroutine without a copy.

Not implemented yet: this module holds the rule's place in the catalog.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.context import FileContext
from ..analysis.functions import FuncInfo
from .base import Finding, Severity, rule


@rule(
    code="CON004",
    name="loopvar-capture",
    severity=Severity.ERROR,
    summary="Before Go 1.22: a range variable captured by a parallel subtest or goroutine without a copy.",
    fix="safe",
)
def check(ctx: FileContext, fn: FuncInfo) -> Iterator[Finding]:
    return iter(())
