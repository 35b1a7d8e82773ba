"""HAB009 table-candidate: Three or more near-identical tests that want to be one table-driven test.

(Documentation is being written.)
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.context import FileContext
from ..tables.convert import NoFix, Plan, edits, plan
from ..tables.detect import Group, find_groups
from ..tables.pkgindex import PackageIndex
from .base import Edit, Finding, Fix, NewFile, Related, Severity, rule


def _plans(ctx: FileContext, groups: list[Group]) -> list[Plan | None]:
    """Each group's conversion (None: not offered), planned in file order so that no two conversions
    give their tests the same name."""
    index = PackageIndex(ctx)
    reserved: set[str] = set()
    out: list[Plan | None] = []
    for g in groups:
        try:
            p = plan(ctx, g, index, reserved)
        except NoFix:
            out.append(None)
            continue
        if p.test_name is not None:
            reserved.add(p.test_name)
        out.append(p)
    return out


def _lazy(ctx: FileContext, finding: Finding) -> tuple[tuple[Edit, ...], tuple[NewFile, ...]]:
    groups = find_groups(ctx)
    for g, p in zip(groups, _plans(ctx, groups), strict=True):
        if p is not None and any(s == finding.start for s, _ in g.anchors):
            return tuple(Edit(e.start, e.end, e.new) for e in edits(ctx, p)), ()
    return (), ()


def _message(g: Group, labels: list[str]) -> str:
    return f"{len(labels)} near-identical tests: {', '.join(labels)}"


@rule(
    code="HAB009",
    name="table-candidate",
    severity=Severity.INFORMATION,
    summary="Three or more near-identical tests that want to be one table-driven test.",
    fix="refactor",
    scope="file",
)
def check(ctx: FileContext) -> Iterator[Finding]:
    groups = find_groups(ctx)
    if not groups:
        return
    for g, p in zip(groups, _plans(ctx, groups), strict=True):
        labels = g.labels(ctx.src)
        anchors = g.anchors
        fixes = [Fix(p.title, "refactor", add_imports=p.imports, lazy=_lazy)] if p is not None else []
        for i, (s, e) in enumerate(anchors):
            related = tuple(
                Related(a, b, f"{labels[j]} differs only in its values")
                for j, (a, b) in enumerate(anchors)
                if j != i
            )
            yield check.finding(s, e, _message(g, labels), fixes, related=related, anchor=g.members[i].start_byte)
