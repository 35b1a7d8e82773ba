"""DET004 global-rand: Package-level `math/rand` calls or a clock-seeded source: failures that cannot be replayed.

Not implemented yet: this module holds the rule's place in the catalog.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.context import FileContext
from ..analysis.functions import FuncInfo
from .base import Finding, Severity, rule


@rule(
    code="DET004",
    name="global-rand",
    severity=Severity.WARNING,
    summary="Package-level `math/rand` calls or a clock-seeded source: failures that cannot be replayed.",
    fix="refactor",
)
def check(ctx: FileContext, fn: FuncInfo) -> Iterator[Finding]:
    return iter(())
