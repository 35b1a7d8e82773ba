"""DET001 sleep-in-test: `time.Sleep` or a bare `<-time.After` in test code makes the test slow and flaky under load.

Not implemented yet: this module holds the rule's place in the catalog.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.context import FileContext
from ..analysis.functions import FuncInfo
from .base import Finding, Severity, rule


@rule(
    code="DET001",
    name="sleep-in-test",
    severity=Severity.WARNING,
    summary="`time.Sleep` or a bare `<-time.After` in test code makes the test slow and flaky under load.",
    fix="refactor",
)
def check(ctx: FileContext, fn: FuncInfo) -> Iterator[Finding]:
    return iter(())
