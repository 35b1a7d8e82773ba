"""HAB008 golden-candidate: A long expected string literal that belongs in a golden file.

Not implemented yet: this module holds the rule's place in the catalog.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.context import FileContext
from ..analysis.functions import FuncInfo
from .base import Finding, Severity, rule


@rule(
    code="HAB008",
    name="golden-candidate",
    severity=Severity.HINT,
    summary="A long expected string literal that belongs in a golden file.",
    fix="refactor",
)
def check(ctx: FileContext, fn: FuncInfo) -> Iterator[Finding]:
    return iter(())
