"""ENV003 untagged-integration: A test file that reaches real infrastructure but runs in every plain `go test`.

Not implemented yet: this module holds the rule's place in the catalog.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.context import FileContext
from .base import Finding, Severity, rule


@rule(
    code="ENV003",
    name="untagged-integration",
    severity=Severity.WARNING,
    summary="A test file that reaches real infrastructure but runs in every plain `go test`.",
    fix="refactor",
    scope="file",
)
def check(ctx: FileContext) -> Iterator[Finding]:
    return iter(())
