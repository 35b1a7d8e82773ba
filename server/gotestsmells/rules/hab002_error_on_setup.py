"""HAB002 error-on-setup: `t.Error` on a setup failure lets the test go on with a broken value.

Not implemented yet: this module holds the rule's place in the catalog.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.context import FileContext
from ..analysis.functions import FuncInfo
from .base import Finding, Severity, rule


@rule(
    code="HAB002",
    name="error-on-setup",
    severity=Severity.WARNING,
    summary="`t.Error` on a setup failure lets the test go on with a broken value.",
    fix="safe",
)
def check(ctx: FileContext, fn: FuncInfo) -> Iterator[Finding]:
    return iter(())
