"""HAB011 skip-without-reason: `t.Skip()`/`t.SkipNow()` with no reason.

Not implemented yet: this module holds the rule's place in the catalog.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.context import FileContext
from ..analysis.functions import FuncInfo
from .base import Finding, Severity, rule


@rule(
    code="HAB011",
    name="skip-without-reason",
    severity=Severity.INFORMATION,
    summary="`t.Skip()`/`t.SkipNow()` with no reason.",
)
def check(ctx: FileContext, fn: FuncInfo) -> Iterator[Finding]:
    return iter(())
