"""CON007 missing-parallel: A test or subtest that could call `t.Parallel()` and does not (opt-in).

Not implemented yet: this module holds the rule's place in the catalog.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.context import FileContext
from ..analysis.functions import FuncInfo
from .base import Finding, Severity, rule


@rule(
    code="CON007",
    name="missing-parallel",
    severity=Severity.HINT,
    summary="A test or subtest that could call `t.Parallel()` and does not (opt-in).",
    fix="safe",
    enabled_by_default=False,
)
def check(ctx: FileContext, fn: FuncInfo) -> Iterator[Finding]:
    return iter(())
