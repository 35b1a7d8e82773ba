"""CON005 defer-before-parallel: A `defer` in a test whose parallel subtests run after it has already run.

Not implemented yet: this module holds the rule's place in the catalog.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.context import FileContext
from ..analysis.functions import FuncInfo
from .base import Finding, Severity, rule


@rule(
    code="CON005",
    name="defer-before-parallel",
    severity=Severity.ERROR,
    summary="A `defer` in a test whose parallel subtests run after it has already run.",
    fix="safe",
    supersedes=("HAB001",),
)
def check(ctx: FileContext, fn: FuncInfo) -> Iterator[Finding]:
    return iter(())
