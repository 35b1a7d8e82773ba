"""CTR001 error-string-compare: Assertions on an error's text instead of its identity or type.

Not implemented yet: this module holds the rule's place in the catalog.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.context import FileContext
from ..analysis.functions import FuncInfo
from .base import Finding, Severity, rule


@rule(
    code="CTR001",
    name="error-string-compare",
    severity=Severity.WARNING,
    summary="Assertions on an error's text instead of its identity or type.",
)
def check(ctx: FileContext, fn: FuncInfo) -> Iterator[Finding]:
    return iter(())
