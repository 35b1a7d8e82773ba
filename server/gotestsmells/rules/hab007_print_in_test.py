"""HAB007 print-in-test: `fmt.Print*`, `println` or `log.Print*` in a test instead of `t.Log`.

Not implemented yet: this module holds the rule's place in the catalog.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.context import FileContext
from ..analysis.functions import FuncInfo
from .base import Finding, Severity, rule


@rule(
    code="HAB007",
    name="print-in-test",
    severity=Severity.INFORMATION,
    summary="`fmt.Print*`, `println` or `log.Print*` in a test instead of `t.Log`.",
    fix="safe",
)
def check(ctx: FileContext, fn: FuncInfo) -> Iterator[Finding]:
    return iter(())
