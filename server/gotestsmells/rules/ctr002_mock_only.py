"""CTR002 mock-only: A test whose only checks are mock expectations.

Not implemented yet: this module holds the rule's place in the catalog.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.context import FileContext
from ..analysis.functions import FuncInfo
from .base import Finding, Severity, rule


@rule(
    code="CTR002",
    name="mock-only",
    severity=Severity.HINT,
    summary="A test whose only checks are mock expectations.",
)
def check(ctx: FileContext, fn: FuncInfo) -> Iterator[Finding]:
    return iter(())
