"""HAB012 redundant-loop-copy: Since Go 1.22: a `tt := tt` copy of a range variable that is already per-iteration.

Not implemented yet: this module holds the rule's place in the catalog.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.context import FileContext
from ..analysis.functions import FuncInfo
from .base import Finding, Severity, rule


@rule(
    code="HAB012",
    name="redundant-loop-copy",
    severity=Severity.HINT,
    summary="Since Go 1.22: a `tt := tt` copy of a range variable that is already per-iteration.",
    fix="safe",
    unnecessary=True,
)
def check(ctx: FileContext, fn: FuncInfo) -> Iterator[Finding]:
    return iter(())
