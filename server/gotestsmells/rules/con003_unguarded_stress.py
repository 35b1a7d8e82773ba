"""CON003 unguarded-stress: A stress or soak test with no `testing.Short()` guard.

Not implemented yet: this module holds the rule's place in the catalog.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.context import FileContext
from ..analysis.functions import FuncInfo
from .base import Finding, Severity, rule


@rule(
    code="CON003",
    name="unguarded-stress",
    severity=Severity.INFORMATION,
    summary="A stress or soak test with no `testing.Short()` guard.",
    fix="safe",
)
def check(ctx: FileContext, fn: FuncInfo) -> Iterator[Finding]:
    return iter(())
