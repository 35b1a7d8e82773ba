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
from collections import Counter
from collections.abc import Iterator
from functools import partial
from typing import cast

from ..analysis.context import FileContext
from ..analysis.functions import FuncInfo, TestingType
from ..parsing import statements
from ..tables.convert import NoFix, Plan, edits, plan
from ..tables.detect import MIN_GROUP, FnAnalysis, Group, analyze, find_groups, imports_key, is_candidate
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


_Summary = tuple[str, "str | None", "TestingType | None", tuple[str, ...], bool]
_BARE_BLOCK = re.compile(rb"\n[ \t]*\{[ \t]*(?://[^\n]*)?\r?\n")


def _summary(ctx: FileContext, fn: FuncInfo) -> _Summary | None:
    """Per function, kept by the linter across keystrokes: what decides whether the test needs a full
    analysis.  Members of a group of tests have the same statements at the top of their bodies (values
    differ only inside them); members of a group of subtests or blocks sit in a test that calls `.Run(`
    or opens a bare block three times.  Most tests have neither, and are never analyzed."""
    if not is_candidate(fn) or fn.body is None:
        return None
    body = fn.body
    sig = tuple(st.type for st in statements(body))
    text = ctx.src[body.start_byte : body.end_byte]
    maybe_runs = text.count(b".Run(") >= MIN_GROUP or len(_BARE_BLOCK.findall(text)) >= MIN_GROUP
    return (fn.name, fn.tparam, fn.ttype, sig, maybe_runs)


def _groups(ctx: FileContext) -> list[Group]:
    sums = ctx.summaries.get("HAB009")
    if sums is None:
        return find_groups(ctx)
    typed = [(node, cast(_Summary, sm)) for node, sm in sums]
    by_sig = Counter(sm[3] for _, sm in typed)
    ikey = imports_key(ctx)
    pairs: list[tuple[FuncInfo, FnAnalysis]] = []
    for node, (name, tparam, ttype, sig, maybe_runs) in typed:
        if by_sig[sig] >= MIN_GROUP or maybe_runs:
            f = FuncInfo(node, name, "test", tparam, ttype, False)
            pairs.append((f, analyze(ctx, f, ikey)))
    return find_groups(ctx, pairs)


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
    groups = _groups(ctx)
    if not groups:
        return
    plans: list[list[Plan | None]] = []

    def fixes_of(k: int) -> list[Fix]:
        # Planning a conversion is the costly part, and only code actions and the CLI's reports ask for
        # it: done on first demand, for all groups at once (their test names must not collide).
        if not plans:
            plans.append(_plans(ctx, groups))
        p = plans[0][k]
        return [Fix(p.title, "refactor", add_imports=p.imports, lazy=_lazy)] if p is not None else []

    for k, g in enumerate(groups):
        labels = g.labels(ctx.src)
        anchors = g.anchors
        fixes = partial(fixes_of, k)
        message = _message(g, labels)
        if len(anchors) > _MAX_REPORTED:
            # A generated file can hold hundreds of copies: one report on the first, not hundreds.
            s, e = anchors[0]
            related = _related(g, labels, anchors, 0, _MAX_RELATED_BIG)
            yield check.finding(s, e, message, fixes, related=related, anchor=g.members[0].start_byte)
            continue
        for i, (s, e) in enumerate(anchors):
            related = _related(g, labels, anchors, i, _MAX_RELATED)
            yield check.finding(s, e, message, fixes, related=related, anchor=g.members[i].start_byte)


# Each member names its nearest siblings as related information, not all of them: a group of n would
# otherwise carry n * n entries.
_MAX_RELATED = 10
_MAX_REPORTED = 50
_MAX_RELATED_BIG = 20


def _related(
    g: Group, labels: list[str], anchors: list[tuple[int, int]], i: int, most: int
) -> tuple[Related, ...]:
    others = sorted((j for j in range(len(anchors)) if j != i), key=lambda j: (abs(j - i), j))[:most]
    return tuple(
        Related(anchors[j][0], anchors[j][1], f"{_related_label(g, labels[j])} differs only in its values")
        for j in sorted(others)
    )
