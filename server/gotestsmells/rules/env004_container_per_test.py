"""ENV004 container-per-test: A container started inside two or more test functions of one package.

Not implemented yet: this module holds the rule's place in the catalog.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.context import FileContext
from .base import Finding, Severity, rule


@rule(
    code="ENV004",
    name="container-per-test",
    severity=Severity.INFORMATION,
    summary="A container started inside two or more test functions of one package.",
    scope="file",
)
def check(ctx: FileContext) -> Iterator[Finding]:
    return iter(())
