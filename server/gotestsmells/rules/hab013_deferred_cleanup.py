"""HAB013 deferred-cleanup: `defer t.Cleanup(...)`: the registration itself is deferred.

Not implemented yet: this module holds the rule's place in the catalog.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.context import FileContext
from ..analysis.functions import FuncInfo
from .base import Finding, Severity, rule


@rule(
    code="HAB013",
    name="deferred-cleanup",
    severity=Severity.ERROR,
    summary="`defer t.Cleanup(...)`: the registration itself is deferred.",
    fix="safe",
    supersedes=("HAB001",),
)
def check(ctx: FileContext, fn: FuncInfo) -> Iterator[Finding]:
    return iter(())
