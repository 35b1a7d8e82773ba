"""ENV001 sqlite-standin: SQLite standing in for the Postgres or MySQL the module ships with.

Not implemented yet: this module holds the rule's place in the catalog.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.context import FileContext
from .base import Finding, Severity, rule


@rule(
    code="ENV001",
    name="sqlite-standin",
    severity=Severity.WARNING,
    summary="SQLite standing in for the Postgres or MySQL the module ships with.",
    fix="refactor",
    scope="file",
)
def check(ctx: FileContext) -> Iterator[Finding]:
    return iter(())
