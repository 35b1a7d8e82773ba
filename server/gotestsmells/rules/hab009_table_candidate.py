"""HAB009 table-candidate: Three or more near-identical tests that want to be one table-driven test.

## What it does
Flags three or more test functions of one file, or three or more consecutive `t.Run(...)` calls or bare
`{...}` blocks inside one test, whose syntax trees are the same except at their values: literals (`7`,
`"seven"`, `-1`, `2.5`, `true`), constant expressions (`3 * time.Second`), struct and slice literals
made of those, and package-level names used as values (`time.Second` vs `time.Minute`, `ModeFast` vs
`ModeSafe`).  Each member is reported on its name (a t.Run call on its subtest name, a block on its
brace), with its nearest ten siblings as related information.  A group of more than fifty (generated
code, typically) is reported once, on its first member, naming twenty of the others: hundreds of
identical reports would bury everything else in the Problems panel.

## Why is this bad?
Copies drift: a fix or a new assertion lands in one copy and not in the others, and the next case means
one more copy.  One table-driven test states the cases as data, one row each, runs each as a named
subtest (`go test -run 'TestParse/Negative'`), and makes the next case one line.

## Example
```go
func TestParseSeven(t *testing.T) {
        if got := parse("7"); got != 7 {
                t.Errorf("parse(%q) = %d, want %d", "7", got, 7)
        }
}

func TestParseForty(t *testing.T) {
        if got := parse("40"); got != 40 {
                t.Errorf("parse(%q) = %d, want %d", "40", got, 40)
        }
}

func TestParseNegative(t *testing.T) { ... parse("x") ... -1 ... }
```

## Use instead
```go
func TestParse(t *testing.T) {
        tests := []struct {
                name  string
                input string
                want  int
        }{
                {name: "Seven", input: "7", want: 7},
                {name: "Forty", input: "40", want: 40},
                {name: "Negative", input: "x", want: -1},
        }
        for _, tc := range tests {
                t.Run(tc.name, func(t *testing.T) {
                        if got := parse(tc.input); got != tc.want {
                                t.Errorf("parse(%q) = %d, want %d", tc.input, got, tc.want)
                        }
                })
        }
}
```

Not flagged: tests that already loop over a table; bodies that differ in structure (an extra statement,
another function called, another variable used, another type); groups of two; tests that differ only in
which function of the package they run (`run(t, testA)`, `run(t, testB)`: each test is its function);
placeholders that only skip; subtests or blocks separated by other statements, or inside a loop;
benchmarks; generated files (`// Code generated ... DO NOT EDIT.`).

## Fix (refactor)
"Convert TestParseSeven, TestParseForty, TestParseNegative to a table-driven test": one test named after
the group (the common prefix of the names, ending on a word and not on a joining word like `With`;
`<prefix>Cases` when that name is taken; the first name when there is no prefix), a
`tests := []struct{...}` table with a `name` field and one field per varying position (positions that
always hold the same values share one; a string equal to the row's name is the row's name), a row per
original named after it (the rest of its name; a subtest keeps its name; a block is named after the
comment above it, else after its first distinct value), and
`for _, tc := range tests { t.Run(tc.name, func(t *testing.T) {...}) }` around the first original's
body with `tc.<field>` in the varying positions.  The new test stands where the first original stood;
the others go.  Doc comments and comments only some originals have move above their rows; `t.Parallel()`
stays when every original calls it (and the new test calls it too); before Go 1.22 parallel subtests get
`tc := tc`.  The repeated-blocks variant does the same inside the test.

Field types come from the values (`time.Duration` for `3 * time.Second`, the declared type of a package
constant, the type of a struct or slice literal) and from where they stand: the parameter they are
passed to (functions of the package, of the package under test and of the module's other packages,
the standard library, testify, `*testing.T`), the variable they are assigned to, the value they are
compared with, the struct field they fill.  Values of mixed
kinds passed as `interface{}` keep their own types in an `any` field.  Field names come from the
variable assigned (`x := 7` gives `x`), the value compared with (`got` gives `want`), the struct field
filled, the parameter, `input` for the one argument of the function under test, else `arg1`, `arg2`.

No conversion is offered (the group is still reported) when a position's type cannot be known (an
untyped `5` passed to a method we cannot see may need an int64), when the kinds mix where Go cannot type
them (`v := 2` vs `v := 3.0`), when the body calls `t.Name()` (it changes in a subtest), when a varying
printf format has no arguments (go vet rejects it), when a block returns, defers or jumps out, when a
row would hold a lock, when the file has CRLF line endings, or when more than eight positions vary.
A test silenced with `//gotestsmells:ignore HAB009` stays out of every group.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterator
from functools import partial
from operator import attrgetter
from typing import cast

from tree_sitter import Node

from ..analysis.context import FileContext
from ..analysis.functions import FuncInfo, TestingType
from ..parsing import statements
from ..tables.convert import NoFix, Plan, edits, plan
from ..tables.detect import (
    MIN_GROUP,
    FnAnalysis,
    Group,
    analyze,
    find_groups,
    imports_key,
    is_candidate,
    is_generated,
)
from ..tables.pkgindex import PackageIndex
from ..tables.shape import LRU
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


_BARE_BLOCK = re.compile(rb"\n[ \t]*\{[ \t]*(?://[^\n]*)?\r?\n")


class _Summary:
    """Per function, kept by the linter across keystrokes: what decides whether the test needs a full
    analysis, and that analysis once made.  Members of a group of tests have the same statements at the
    top of their bodies (values differ only inside them); members of a group of subtests or blocks sit in
    a test that calls `.Run(` or opens a bare block three times.  Most tests have neither, and are never
    analyzed.  The linter makes a new summary when the function's text or the file's imports change, so
    the analysis (relative to the function's start) stays right for as long as the summary lives."""

    __slots__ = ("analysis", "candidate", "maybe_runs", "name", "name_at", "parts", "sig", "tparam", "ttype")

    def __init__(
        self,
        name: str,
        tparam: str | None,
        ttype: TestingType | None,
        sig: tuple[str, ...],
        maybe_runs: bool,
        name_at: tuple[int, int],
    ) -> None:
        self.name = name
        self.tparam = tparam
        self.ttype = ttype
        self.sig = sig
        self.maybe_runs = maybe_runs
        self.name_at = name_at  # the name's span relative to the function's start
        self.analysis: FnAnalysis | None = None
        self.candidate = False  # in the last lint that read it
        self.parts = (False, False)  # what `analysis` holds: the body's shape, the runs

    def __eq__(self, other: object) -> bool:
        """Equal when the findings of a lint read them the same: name, statements, where the name and the
        runs stand, and the analysis (shapes and values)."""
        if self is other:
            return True
        if not isinstance(other, _Summary):
            return NotImplemented
        if (self.name, self.sig, self.maybe_runs, self.name_at) != (
            other.name,
            other.sig,
            other.maybe_runs,
            other.name_at,
        ):
            return False
        a, b = self.analysis, other.analysis
        if a is None or b is None:
            return a is b
        # The key holds shapes and values; where the runs stand in the test is not in it.
        return a.key == b.key and [r.stmts for r in a.runs] == [r.stmts for r in b.runs]

    def __hash__(self) -> int:
        return hash((self.name, self.sig))


def _summary(ctx: FileContext, fn: FuncInfo) -> _Summary | None:
    if not is_candidate(fn) or fn.body is None:
        return None
    body = fn.body
    sig = tuple(st.type for st in statements(body))
    text = ctx.src[body.start_byte : body.end_byte]
    maybe_runs = text.count(b".Run(") >= MIN_GROUP or len(_BARE_BLOCK.findall(text)) >= MIN_GROUP
    a, nn = fn.node.start_byte, fn.name_node
    return _Summary(fn.name, fn.tparam, fn.ttype, sig, maybe_runs, (nn.start_byte - a, nn.end_byte - a))


def _groups(ctx: FileContext) -> list[Group]:
    sums = ctx.summaries.get("HAB009")
    if sums is None:
        return find_groups(ctx)
    return find_groups(ctx, _groups_pairs(ctx, cast("list[tuple[Node, _Summary]]", sums)))


def _groups_pairs(ctx: FileContext, typed: list[tuple[Node, _Summary]]) -> list[tuple[FuncInfo, FnAnalysis]]:
    """The candidate tests with their analyses (made once per summary)."""
    _ensure_analyses(ctx, typed)
    return [
        (FuncInfo(node, sm.name, "test", sm.tparam, sm.ttype, False), sm.analysis)
        for node, sm in typed
        if sm.analysis is not None and sm.candidate
    ]


def _ensure_analyses(ctx: FileContext, typed: list[tuple[Node, _Summary]]) -> None:
    """Mark the candidates (a test whose statements two others share, or one with three runs) and
    analyze those not analyzed yet."""
    by_sig = Counter([sm.sig for _, sm in typed])
    for node, sm in typed:
        parts = _parts(by_sig, sm)
        sm.candidate = parts[0] or parts[1]
        if sm.candidate and (sm.analysis is None or sm.parts != parts):
            _analyze(ctx, node, sm, parts)


def _parts(by_sig: Counter[tuple[str, ...]], sm: _Summary) -> tuple[bool, bool]:
    """What a test can be part of: one of three tests with one shape has the same top-level statements as
    two others (equal shapes have equal statements); the runs of a test call `.Run(` or open a bare block
    three times."""
    return (by_sig[sm.sig] >= MIN_GROUP, sm.maybe_runs)


def _analyze(ctx: FileContext, node: Node, sm: _Summary, parts: tuple[bool, bool]) -> None:
    f = FuncInfo(node, sm.name, "test", sm.tparam, sm.ttype, False)
    sm.analysis = analyze(ctx, f, imports_key(ctx), body=parts[0], runs=parts[1])
    sm.parts = parts


def _name_spans(ctx: FileContext) -> dict[int, tuple[int, int]]:
    """Where each summarized test's name stands, relative to its start, by the test's start."""
    sums = ctx.summaries.get("HAB009")
    if sums is None:
        return {}
    return {node.start_byte: cast(_Summary, sm).name_at for node, sm in sums}


def _anchors(ctx: FileContext, g: Group, spans: dict[int, tuple[int, int]]) -> list[tuple[int, int]]:
    if g.kind != "functions" or not spans:
        return g.anchors
    out = []
    for m, f in zip(g.members, g.funcs, strict=True):
        s = m.start_byte
        r = spans.get(s)
        if r is None:
            n = f.name_node
            out.append((n.start_byte, n.end_byte))
        else:
            out.append((s + r[0], s + r[1]))
    return out


def _lazy(ctx: FileContext, finding: Finding) -> tuple[tuple[Edit, ...], tuple[NewFile, ...]]:
    groups = _groups(ctx)
    for g, p in zip(groups, _plans(ctx, groups), strict=True):
        if p is not None and any(s == finding.start for s, _ in g.anchors):
            return tuple(Edit(e.start, e.end, e.new) for e in edits(ctx, p)), ()
    return (), ()


def _message(g: Group, labels: list[str]) -> str:
    shown = labels if len(labels) <= 6 else [*labels[:5], f"{len(labels) - 5} more"]
    what = {"functions": "tests", "runs": "subtests", "blocks": "blocks"}[g.kind]
    where = ", ".join(shown) if g.kind != "blocks" else "at " + ", ".join(shown)
    return (
        f"{len(labels)} near-identical {what} ({where}) differ only in their values; "
        "copies drift apart, while one table-driven test keeps each case a row"
    )


def _related_label(g: Group, label: str) -> str:
    return {"functions": label, "runs": f"subtest {label}", "blocks": f"the block at {label}"}[g.kind]


@rule(
    code="HAB009",
    name="table-candidate",
    severity=Severity.INFORMATION,
    summary="Three or more near-identical tests that want to be one table-driven test.",
    fix="refactor",
    scope="file",
    summarize=_summary,
)
def check(ctx: FileContext) -> Iterator[Finding]:
    sums = ctx.summaries.get("HAB009")
    typed = cast("list[tuple[Node, _Summary]] | None", sums)
    key = _replay_key(ctx, typed) if typed else None
    last = _LAST.get_(ctx.path) if key is not None else None
    if key is not None and last is not None and _same(last[0], key):  # type: ignore[index]
        # Nothing grouping reads has changed since the last lint (a keystroke in a body, a comment):
        # the same findings, at where the tests now stand; conversions planned when asked.
        assert typed is not None
        # Keep the summaries just compared: the next keystroke compares against these, one apart.
        _LAST.put(ctx.path, (key, last[1]))  # type: ignore[index]
        yield from _replay(ctx, typed, last[1])  # type: ignore[index]
        return
    out = list(_check(ctx, _groups(ctx)))
    if key is not None:
        assert typed is not None
        spec = _record(out, typed)
        if spec is not None:
            _LAST.put(ctx.path, (key, spec))
    for _k, f in out:
        yield f


def _check(ctx: FileContext, groups: list[Group]) -> Iterator[tuple[int, Finding]]:
    if not groups:
        return
    fixes_of = _fixes_by_group(ctx, lambda: groups)
    spans = _name_spans(ctx)
    for k, g in enumerate(groups):
        labels = g.labels(ctx.src)
        anchors = _anchors(ctx, g, spans)
        fixes = partial(fixes_of, k)
        message = _message(g, labels)
        if len(anchors) > _MAX_REPORTED:
            # A generated file can hold hundreds of copies: one report on the first, not hundreds.
            s, e = anchors[0]
            related = _related(g, labels, anchors, 0, _MAX_RELATED_BIG)
            yield k, check.finding(s, e, message, fixes, related=related, anchor=g.members[0].start_byte)
            continue
        for i, (s, e) in enumerate(anchors):
            related = _related(g, labels, anchors, i, _MAX_RELATED)
            yield k, check.finding(s, e, message, fixes, related=related, anchor=g.members[i].start_byte)


def _fixes_by_group(ctx: FileContext, groups: Callable[[], list[Group]]) -> Callable[[int], list[Fix]]:
    """The fixes of group k.  Planning a conversion is the costly part, and only code actions and the
    CLI's reports ask for it: done on first demand, for all groups at once (their test names must not
    collide)."""
    plans: list[list[Plan | None]] = []

    def fixes_of(k: int) -> list[Fix]:
        if not plans:
            plans.append(_plans(ctx, groups()))
        p = plans[0][k] if k < len(plans[0]) else None
        return [Fix(p.title, "refactor", add_imports=p.imports, lazy=_lazy)] if p is not None else []

    return fixes_of


# -- replaying the last lint's findings -------------------------------------------------------------------

# path -> (the summaries the findings came from, the findings with positions relative to the tests).
_LAST = LRU(64)

_Pos = tuple[int, int, int]  # (index of the summarized test, start and end relative to its start)
# (group index, position, message, related (position, message), anchor (index, offset))
_Spec = tuple[int, _Pos, str, tuple[tuple[_Pos, str], ...], "tuple[int, int] | None"]


def _replay_key(ctx: FileContext, typed: list[tuple[Node, _Summary]]) -> list[object] | None:
    """What the findings depend on: the file facts, and per summarized test its summary (the analyses of
    the candidates made first).  None when the findings cannot be replayed (silencing comments).

    Only summaries without an analysis are looked at: when the key matches the last lint's, every
    statement signature is the same, so every other candidate was analyzed then, for the same parts."""
    from ..suppression import may_silence  # it imports the rule registry: not above

    src = ctx.src
    if may_silence(src):
        return None
    sums = [sm for _, sm in typed]
    bare = [i for i, sm in enumerate(sums) if sm.analysis is None]
    if bare:
        by_sig = Counter(map(_SIG, sums))
        for i in bare:
            parts = _parts(by_sig, sums[i])
            if parts[0] or parts[1]:
                _analyze(ctx, typed[i][0], sums[i], parts)
    return [(imports_key(ctx), ctx.go_version, is_generated(src)), *sums]


_SIG = attrgetter("sig")


def _same(old: list[object], new: list[object]) -> bool:
    # Summaries compare by what the findings depend on (_Summary.__eq__); the unchanged ones are the same
    # objects, so the comparison reads one or two of them.
    return old == new


def _record(out: list[tuple[int, Finding]], typed: list[tuple[Node, _Summary]]) -> list[_Spec] | None:
    starts = [n.start_byte for n, _ in typed]
    ends = [n.end_byte for n, _ in typed]

    def pos(s: int, e: int) -> _Pos | None:
        i = bisect_right(starts, s) - 1
        if i < 0 or e > ends[i]:
            return None
        return (i, s - starts[i], e - starts[i])

    spec: list[_Spec] = []
    for k, f in out:
        p = pos(f.start, f.end)
        if p is None:
            return None
        related = []
        for r in f.related:
            rp = pos(r.start, r.end)
            if rp is None:
                return None
            related.append((rp, r.message))
        anchor = None
        if f.anchor is not None:
            ap = pos(f.anchor, f.anchor)
            if ap is None:
                return None
            anchor = (ap[0], ap[1])
        spec.append((k, p, f.message, tuple(related), anchor))
    return spec


def _replay(ctx: FileContext, typed: list[tuple[Node, _Summary]], spec: list[_Spec]) -> Iterator[Finding]:
    fixes_of = _fixes_by_group(ctx, partial(_groups, ctx))
    for k, (i, s, e), message, related, anchor in spec:
        base = typed[i][0].start_byte
        rel = tuple(
            Related(typed[j][0].start_byte + rs, typed[j][0].start_byte + re_, m)
            for (j, rs, re_), m in related
        )
        yield check.finding(
            base + s,
            base + e,
            message,
            partial(fixes_of, k),
            related=rel,
            anchor=typed[anchor[0]][0].start_byte + anchor[1] if anchor is not None else None,
        )


# Each member names its nearest siblings as related information, not all of them: a group of n would
# otherwise carry n * n entries.
_MAX_RELATED = 10
_MAX_REPORTED = 50
_MAX_RELATED_BIG = 20


def _related(
    g: Group, labels: list[str], anchors: list[tuple[int, int]], i: int, most: int
) -> tuple[Related, ...]:
    # The `most` nearest are within `most` places on either side.
    window = range(max(0, i - most), min(len(anchors), i + most + 1))
    others = sorted((j for j in window if j != i), key=lambda j: (abs(j - i), j))[:most]
    return tuple(
        Related(anchors[j][0], anchors[j][1], f"{_related_label(g, labels[j])} differs only in its values")
        for j in sorted(others)
    )
