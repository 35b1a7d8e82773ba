"""HAB009 table-candidate: Three or more near-identical tests that want to be one table-driven test.

(Documentation is being written.)
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.context import FileContext
from ..tables.detect import find_groups
from .base import Finding, Related, Severity, rule


@rule(
    code="HAB009",
    name="table-candidate",
    severity=Severity.INFORMATION,
    summary="Three or more near-identical tests that want to be one table-driven test.",
    fix="refactor",
    scope="file",
)
def check(ctx: FileContext) -> Iterator[Finding]:
    for g in find_groups(ctx):
        labels = g.labels(ctx.src)
        anchors = g.anchors
        for i, (s, e) in enumerate(anchors):
            related = tuple(
                Related(a, b, f"{labels[j]} differs only in its values")
                for j, (a, b) in enumerate(anchors)
                if j != i
            )
            msg = f"{len(labels)} near-identical tests: {', '.join(labels)}"
            yield check.finding(s, e, msg, related=related, anchor=g.members[i].start_byte)
