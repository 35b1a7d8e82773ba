"""HAB009 table-candidate: Three or more near-identical tests that want to be one table-driven test.

Not implemented yet: this module holds the rule's place in the catalog.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.context import FileContext
from .base import Finding, Severity, rule


@rule(
    code="HAB009",
    name="table-candidate",
    severity=Severity.INFORMATION,
    summary="Three or more near-identical tests that want to be one table-driven test.",
    fix="refactor",
    scope="file",
)
def check(ctx: FileContext) -> Iterator[Finding]:
    return iter(())
