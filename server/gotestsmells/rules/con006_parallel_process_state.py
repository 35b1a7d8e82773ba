"""CON006 parallel-process-state: Environment or working-directory changes in a parallel test.

Not implemented yet: this module holds the rule's place in the catalog.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.context import FileContext
from ..analysis.functions import FuncInfo
from .base import Finding, Severity, rule


@rule(
    code="CON006",
    name="parallel-process-state",
    severity=Severity.ERROR,
    summary="Environment or working-directory changes in a parallel test.",
    fix="refactor",
)
def check(ctx: FileContext, fn: FuncInfo) -> Iterator[Finding]:
    return iter(())
