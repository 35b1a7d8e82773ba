"""HAB006 background-context: `context.Background()`/`TODO()` in a test where `t.Context()` is available.

Not implemented yet: this module holds the rule's place in the catalog.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.context import FileContext
from ..analysis.functions import FuncInfo
from .base import Finding, Severity, rule


@rule(
    code="HAB006",
    name="background-context",
    severity=Severity.HINT,
    summary="`context.Background()`/`TODO()` in a test where `t.Context()` is available.",
    fix="safe",
)
def check(ctx: FileContext, fn: FuncInfo) -> Iterator[Finding]:
    return iter(())
