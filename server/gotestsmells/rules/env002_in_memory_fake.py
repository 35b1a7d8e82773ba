"""ENV002 in-memory-fake: An in-memory fake of stateful infrastructure (Redis, Kafka, NATS).

Not implemented yet: this module holds the rule's place in the catalog.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.context import FileContext
from ..analysis.functions import FuncInfo
from .base import Finding, Severity, rule


@rule(
    code="ENV002",
    name="in-memory-fake",
    severity=Severity.INFORMATION,
    summary="An in-memory fake of stateful infrastructure (Redis, Kafka, NATS).",
)
def check(ctx: FileContext, fn: FuncInfo) -> Iterator[Finding]:
    return iter(())
