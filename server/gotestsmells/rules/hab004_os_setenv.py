"""HAB004 os-setenv: `os.Setenv` in a test leaks the variable into every later test.

Not implemented yet: this module holds the rule's place in the catalog.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.context import FileContext
from ..analysis.functions import FuncInfo
from .base import Finding, Severity, rule


@rule(
    code="HAB004",
    name="os-setenv",
    severity=Severity.WARNING,
    summary="`os.Setenv` in a test leaks the variable into every later test.",
    fix="safe",
)
def check(ctx: FileContext, fn: FuncInfo) -> Iterator[Finding]:
    return iter(())
