"""HAB014 defer-in-testmain: `defer` in a `TestMain` that ends in `os.Exit`: the deferred calls never run.

Not implemented yet: this module holds the rule's place in the catalog.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.context import FileContext
from ..analysis.functions import FuncInfo
from .base import Finding, Severity, rule


@rule(
    code="HAB014",
    name="defer-in-testmain",
    severity=Severity.WARNING,
    summary="`defer` in a `TestMain` that ends in `os.Exit`: the deferred calls never run.",
    fix="safe",
    supersedes=("HAB001",),
)
def check(ctx: FileContext, fn: FuncInfo) -> Iterator[Finding]:
    return iter(())
