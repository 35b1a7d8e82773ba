"""HAB003 missing-helper: A test helper that reports failures without calling `t.Helper()`.

## What it does
Flags a function of a `_test.go` file that takes a `*testing.T`, `*testing.B` or `testing.TB`, is not a
test itself, and reports failures on it (`t.Error*`, `t.Fatal*`, `t.Fail`, `t.FailNow`, `t.Skip*`, a
testify `assert`/`require` call given `t`, or a call passing `t` to another helper of the file that
does) without calling `t.Helper()`. The finding stands on the helper's name.

## Why is this bad?
A failure is reported at the line that called `t.Error`/`t.Fatal`. Without `t.Helper()` that line is
inside the helper, so every test using it fails with the same `helpers_test.go:42` and the reader has to
work out which of the thirty calls broke. With `t.Helper()` the report names the line in the test that
called the helper.

## Example
```go
func mustOpen(t *testing.T, path string) *os.File {
        f, err := os.Open(path)
        if err != nil {
                t.Fatalf("open %s: %v", path, err)
        }
        return f
}
```

## Use instead
```go
func mustOpen(t *testing.T, path string) *os.File {
        t.Helper()
        f, err := os.Open(path)
        if err != nil {
                t.Fatalf("open %s: %v", path, err)
        }
        return f
}
```

Not flagged: `Test`/`Benchmark`/`Fuzz` functions and `Test*` methods (suites run them as tests);
shared test bodies: a `testXxx`/`benchXxx` function with no results, or one that calls `t.Parallel()`
(`t.Helper()` there would move every failure onto the line that calls it, hiding which check failed);
functions only ever started as goroutines (no caller's line to point at);
closures (a closure passed to `t.Run` is part of its test); a function of this file used as a value
(`t.Run("case", testCase)`: it is a subtest body); helpers that report only inside function literals
(`t.Helper()` marks one function, not the closures in it); helpers that already call `t.Helper()`.

## Fix (safe)
Insert `t.Helper()` (with the helper's own name for its testing parameter) as the first statement.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

from tree_sitter import Node

from ..analysis.context import FileContext
from ..analysis.functions import FuncInfo, classify
from ..analysis.scopes import is_shadowed
from ..parsing import arguments, call_name, captures, statements, text
from .base import Edit, Finding, Fix, Severity, rule
from .common import in_goroutine, indent_of
from .nodefind import is_package_call

_REPORTS = frozenset(("Error", "Errorf", "Fatal", "Fatalf", "Fail", "FailNow", "Skip", "Skipf", "SkipNow"))
_TESTIFY = ("github.com/stretchr/testify/assert", "github.com/stretchr/testify/require")


def _is_test_method(fn: FuncInfo) -> bool:
    """`func (s) TestFoo(t *testing.T)`: run as a test by a suite runner (grpctest, testify)."""
    name = fn.name
    for prefix in ("Test", "Benchmark", "Fuzz"):
        if name.startswith(prefix) and (len(name) == len(prefix) or not name[len(prefix)].islower()):
            return True
    return False


_BODY_NAME = re.compile(r"^(test|bench|benchmark|fuzz)([A-Z0-9_]|$)")


def _is_test_body(fn: FuncInfo, calls: list[_Call]) -> bool:
    """A shared test body rather than a helper: `testFoo(t, variant)` with no results (the test logic run
    by several tests), or a function that makes its test parallel.  `t.Helper()` there would move every
    failure onto the one line that calls it, hiding which check failed."""
    if fn.node.child_by_field_name("result") is None and _BODY_NAME.match(fn.name):
        return True
    return any(c.method == "Parallel" for c in calls)


_WORD = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")


def _word_matches(src: bytes, word: bytes, start: int, end: int) -> Iterator[int]:
    """Where the regex `\\bword\\b` matches in src[start:end] (bytes word boundaries, matches not
    overlapping), found with `bytes.find`: a regex that starts with `\\b` tries every offset."""
    n = len(word)
    if not n:
        return
    size = len(src)
    first, last = word[0] in _WORD, word[-1] in _WORD
    i = src.find(word, start, end)
    while i >= 0:
        before = i > 0 and src[i - 1] in _WORD
        after = i + n < size and src[i + n] in _WORD
        if before != first and after != last:
            yield i
            i = src.find(word, i + n, end)
        else:
            i = src.find(word, i + 1, end)


_NO_USE = (False, 0, True)


def _name_uses(
    ctx: FileContext, name: str, summaries: list[tuple[Node, _Fn]], others: list[Node]
) -> tuple[bool, int, bool]:
    """How the file uses the name of one of its functions: (used as a value somewhere, number of calls,
    every call starts a goroutine).  What a function holds is kept with its summary, which the linter
    keeps while the function's text stays the same; the other top-level nodes are searched each time."""
    src = ctx.src
    word = name.encode()
    value = False
    calls = 0
    all_go = True
    for node, sm in summaries:
        hit = sm.uses.get(word)
        if hit is None:
            a, b = node.start_byte, node.end_byte
            if src.find(word, a, b) < 0:
                hit = _NO_USE
            else:
                hit = _uses_in(node, list(_word_matches(src, word, a, b)), len(word))
            sm.uses[word] = hit
        if hit is not _NO_USE:
            value = value or hit[0]
            calls += hit[1]
            all_go = all_go and hit[2]
    for top in others:
        a, b = top.start_byte, top.end_byte
        if src.find(word, a, b) >= 0:
            hit = _uses_in(ctx.root, list(_word_matches(src, word, a, b)), len(word))
            value = value or hit[0]
            calls += hit[1]
            all_go = all_go and hit[2]
    return value, calls, all_go


def _uses_in(scope: Node, starts: list[int], n: int) -> tuple[bool, int, bool]:
    """`_name_uses` for the occurrences at `starts` under `scope`."""
    value = False
    calls = 0
    all_go = True
    for start in starts:
        node = scope.descendant_for_byte_range(start, start + n)
        if node is None or node.type != "identifier" or node.start_byte != start:
            continue
        p = node.parent
        if p is None:
            continue
        if p.type in ("function_declaration", "method_declaration") and p.child_by_field_name("name") == node:
            continue
        if p.type == "call_expression" and p.child_by_field_name("function") == node:
            calls += 1
            if not ((p.parent is not None and p.parent.type == "go_statement") or in_goroutine(p)):
                all_go = False
            continue
        value = True
    return value, calls, all_go


def _own_calls(fn: FuncInfo) -> list[Node]:
    """Calls in the helper's own frame: not inside function literals (`common.direct_calls`, in another
    order: every use of the list is a set or an any()).  One query finds the calls and the literals; a
    call is left out when it lies inside an outermost literal of the body."""
    body = fn.body
    if body is None:
        return []
    found = captures("(call_expression) @c (func_literal) @f", body)
    calls = found.get("c", [])
    lits = found.get("f", [])
    if not lits:
        return list(calls)
    starts: list[int] = []
    ends: list[int] = []
    for lit in sorted(lits, key=lambda n: n.start_byte):
        if ends and lit.start_byte < ends[-1]:
            continue  # nested in the previous outermost literal
        starts.append(lit.start_byte)
        ends.append(lit.end_byte)
    out = []
    for c in calls:
        i = bisect_right(starts, c.start_byte) - 1
        if i >= 0 and c.end_byte <= ends[i]:
            continue
        out.append(c)
    return out


class _Call:
    """One call of a candidate helper's own frame, read once: `<t>.Method(...)` on its testing parameter
    (`method`), whether it hands the parameter on (`passes`)."""

    __slots__ = ("call", "method", "name", "passes")

    def __init__(self, call: Node, fn: FuncInfo) -> None:
        self.call = call
        self.name = cn = call_name(call)
        tp = fn.tparam
        self.method: str | None = None
        self.passes = False
        if tp is None:
            return
        on = cn is not None and cn[0] == tp
        passes = any(a.type == "identifier" and text(a) == tp for a in arguments(call))
        if (on or passes) and not is_shadowed(tp, call, fn.node):
            if on and cn is not None:
                self.method = cn[1]
            self.passes = passes


def _reports_directly(ctx: FileContext, fn: FuncInfo, calls: list[_Call]) -> bool:
    for c in calls:
        if c.method in _REPORTS:
            return True
        if c.passes:
            args = arguments(c.call)
            first = args[0] if args else None
            if (
                first is not None
                and text(first) == fn.tparam
                and any(is_package_call(ctx, c.call, p) for p in _TESTIFY)
            ):
                return True
    return False


def _calls_helper_method(calls: list[_Call]) -> bool:
    return any(c.method == "Helper" for c in calls)


def _fix(ctx: FileContext, fn: FuncInfo) -> Fix | None:
    body = fn.body
    if body is None or fn.tparam is None:
        return None
    src = ctx.src
    open_brace = body.children[0] if body.children else None
    if open_brace is None or open_brace.type != "{":
        return None
    line = f"{fn.tparam}.Helper()"
    nl = src.find(b"\n", open_brace.end_byte)
    if nl < 0:
        return None
    rest_of_line = src[open_brace.end_byte : nl].strip()
    if rest_of_line and not rest_of_line.startswith(b"//"):
        # A one-line body: `{ t.Fatal("x") }` becomes a block of two lines (one statement only).
        stmts = statements(body)
        if len(stmts) != 1 or b"\n" in src[body.start_byte : body.end_byte]:
            return None
        ind = indent_of(src, fn.node)
        new = f"{{\n{ind}\t{line}\n{ind}\t{text(stmts[0])}\n{ind}}}"
        return Fix(f"Call {line} first", "safe", (Edit(body.start_byte, body.end_byte, new),))
    eol = "\r\n" if src[nl - 1 : nl] == b"\r" else "\n"
    first = next(iter(statements(body)), None)
    if first is not None and src[src.rfind(b"\n", 0, first.start_byte) + 1 : first.start_byte].strip() == b"":
        ind = indent_of(src, first)
    else:
        ind = indent_of(src, fn.node) + "\t"
    return Fix(f"Call {line} first", "safe", (Edit(nl + 1, nl + 1, f"{ind}{line}{eol}"),))


class _Fn:
    """What the rule keeps of a function: how it uses the names of the file's helpers (filled on demand;
    the linter keeps the object while the function's text stays the same)."""

    __slots__ = ("uses",)

    def __init__(self) -> None:
        self.uses: dict[bytes, tuple[bool, int, bool]] = {}


class _Helper(_Fn):
    """A candidate helper, read from its own text."""

    __slots__ = ("callees", "is_method", "name", "reports", "skip")

    def __init__(
        self, name: str, is_method: bool, reports: bool, skip: bool, callees: frozenset[str]
    ) -> None:
        super().__init__()
        self.name = name
        self.is_method = is_method
        self.reports = reports  # reports on its parameter directly, or through testify
        self.skip = skip  # already calls t.Helper(), or is a shared test body
        self.callees = callees  # plain functions it hands its testing parameter to


def _summary(ctx: FileContext, f: FuncInfo) -> _Fn:
    """What the rule reads of one function: a candidate helper's facts, or an empty record."""
    if not (
        f.kind == "helper"
        and f.ttype in ("T", "B", "TB")
        and f.tparam is not None
        and f.body is not None
        and not (f.is_method and _is_test_method(f))
    ):
        return _Fn()
    own = [_Call(c, f) for c in _own_calls(f)]
    callees = frozenset(c.name[1] for c in own if c.name is not None and c.name[0] == "" and c.passes)
    skip = _calls_helper_method(own) or _is_test_body(f, own)
    return _Helper(f.name, f.is_method, _reports_directly(ctx, f, own), skip, callees)


@rule(
    code="HAB003",
    name="missing-helper",
    severity=Severity.INFORMATION,
    summary="A test helper that reports failures without calling `t.Helper()`.",
    fix="safe",
    scope="file",
    summarize=_summary,
)
def check(ctx: FileContext) -> Iterator[Finding]:
    # The functions' facts come from the linter's per-function cache (see _summary): a keystroke
    # re-reads only the function it touched.
    raw = ctx.summaries.get("HAB003")
    if raw is None:  # called outside the linter
        raw = [(f.node, _summary(ctx, f)) for f in ctx.functions]
    summaries = [(node, sm) for node, sm in raw if isinstance(sm, _Fn)]
    candidates = [(node, sm) for node, sm in summaries if isinstance(sm, _Helper)]
    if not candidates:
        return
    tl = ctx.testing_local
    # Helpers of the file (plain functions) that report failures, directly or through one another.
    reporting = {h.name for _, h in candidates if not h.is_method and h.reports}
    changed = True
    while changed:
        changed = False
        for _, h in candidates:
            if h.is_method or h.name in reporting:
                continue
            if h.callees & reporting:
                reporting.add(h.name)
                changed = True
    others: list[Node] | None = None
    for node, h in candidates:
        if h.skip or not (h.reports or h.callees & reporting):
            continue
        if not h.is_method:
            if others is None:
                # Searched afresh: the top-level nodes that are not functions with a record (tables of
                # test bodies, a function whose summary failed).
                kept = {node.id for node, _ in summaries}
                others = [n for n in ctx.top_level if n.type != "comment" and n.id not in kept]
            value, calls, all_go = _name_uses(ctx, h.name, summaries, others)
            if value or (calls and all_go):
                continue  # a subtest body handed to t.Run or kept in a table; a goroutine body
        f = classify(node, tl)
        t = f.tparam
        name = f.name_node
        fix = _fix(ctx, f)
        yield check.finding(
            name.start_byte,
            name.end_byte,
            f"{f.name} reports failures without calling {t}.Helper(), so they point at a line inside "
            f"{f.name} instead of the test that called it; call {t}.Helper() first",
            [fix] if fix is not None else [],
            anchor=f.node.start_byte,
        )
