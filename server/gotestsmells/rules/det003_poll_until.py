"""DET003 poll-until: A loop that sleeps or ticks until a condition holds, or `Eventually`: polling instead of waiting on a signal.

Not implemented yet: this module holds the rule's place in the catalog.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.context import FileContext
from ..analysis.functions import FuncInfo
from .base import Finding, Severity, rule


@rule(
    code="DET003",
    name="poll-until",
    severity=Severity.INFORMATION,
    summary="A loop that sleeps or ticks until a condition holds, or `Eventually`: polling instead of waiting on a signal.",
    supersedes=("DET001",),
)
def check(ctx: FileContext, fn: FuncInfo) -> Iterator[Finding]:
    return iter(())
