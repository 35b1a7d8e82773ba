"""HAB003 missing-helper: A test helper that reports failures without calling `t.Helper()`.

Not implemented yet: this module holds the rule's place in the catalog.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.context import FileContext
from ..analysis.functions import FuncInfo
from .base import Finding, Severity, rule


@rule(
    code="HAB003",
    name="missing-helper",
    severity=Severity.INFORMATION,
    summary="A test helper that reports failures without calling `t.Helper()`.",
    fix="safe",
)
def check(ctx: FileContext, fn: FuncInfo) -> Iterator[Finding]:
    return iter(())
