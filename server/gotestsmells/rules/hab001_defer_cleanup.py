"""HAB001 defer-cleanup: `defer` releasing a resource where `t.Cleanup` belongs.

Not implemented yet: this module holds the rule's place in the catalog.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.context import FileContext
from ..analysis.functions import FuncInfo
from .base import Finding, Severity, rule


@rule(
    code="HAB001",
    name="defer-cleanup",
    severity=Severity.HINT,
    summary="`defer` releasing a resource where `t.Cleanup` belongs.",
    fix="safe",
)
def check(ctx: FileContext, fn: FuncInfo) -> Iterator[Finding]:
    return iter(())
