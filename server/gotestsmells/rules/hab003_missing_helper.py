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
from collections.abc import Iterator

from tree_sitter import Node

from ..analysis.context import FileContext
from ..analysis.functions import FuncInfo
from ..analysis.scopes import is_shadowed
from ..parsing import arguments, call_name, statements, text
from .base import Edit, Finding, Fix, Severity, rule
from .common import direct_calls, in_goroutine, indent_of

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


def _is_test_body(fn: FuncInfo, calls: list[Node]) -> bool:
    """A shared test body rather than a helper: `testFoo(t, variant)` with no results (the test logic run
    by several tests), or a function that makes its test parallel.  `t.Helper()` there would move every
    failure onto the one line that calls it, hiding which check failed."""
    if fn.node.child_by_field_name("result") is None and _BODY_NAME.match(fn.name):
        return True
    return any(_on_param(c, fn) == "Parallel" for c in calls)


def _occurrences(ctx: FileContext, name: str) -> Iterator[Node]:
    """The identifiers `name` in the file, found through the text (a whole-file identifier query costs
    more than the rest of the rule on a 10,000-line file)."""
    pattern = re.compile(rb"\b" + re.escape(name.encode()) + rb"\b")
    for m in pattern.finditer(ctx.src):
        node = ctx.root.descendant_for_byte_range(m.start(), m.end())
        if node is not None and node.type == "identifier" and node.start_byte == m.start():
            yield node


def _used_as_value(ctx: FileContext, name: str) -> bool:
    """The function is used as a value somewhere in the file (not called, not declared):
    `t.Run("case", name)`, a table of test bodies."""
    for ident in _occurrences(ctx, name):
        p = ident.parent
        if p is None:
            continue
        if (
            p.type in ("function_declaration", "method_declaration")
            and p.child_by_field_name("name") == ident
        ):
            continue
        if p.type == "call_expression" and p.child_by_field_name("function") == ident:
            continue
        return True
    return False


def _started_only_as_goroutine(ctx: FileContext, name: str) -> bool:
    """Every call of the function in the file starts a goroutine (`go serve(t, lis)`): there is no
    caller's line in the test for `t.Helper()` to point at."""
    calls = [
        ident.parent
        for ident in _occurrences(ctx, name)
        if ident.parent is not None
        and ident.parent.type == "call_expression"
        and ident.parent.child_by_field_name("function") == ident
    ]
    return bool(calls) and all(
        c is not None and ((c.parent is not None and c.parent.type == "go_statement") or in_goroutine(c))
        for c in calls
    )


def _own_calls(fn: FuncInfo) -> list[Node]:
    """Calls in the helper's own frame: not inside function literals."""
    return list(direct_calls(fn.body))


def _on_param(call: Node, fn: FuncInfo) -> str | None:
    """The method name when `call` is `<t>.Method(...)` on the helper's testing parameter."""
    cn = call_name(call)
    if cn is None or cn[0] != fn.tparam or fn.tparam is None:
        return None
    return None if is_shadowed(fn.tparam, call, fn.node) else cn[1]


def _passes_param(call: Node, fn: FuncInfo) -> bool:
    args = arguments(call)
    return (
        fn.tparam is not None
        and any(a.type == "identifier" and text(a) == fn.tparam for a in args)
        and not is_shadowed(fn.tparam, call, fn.node)
    )


def _reports_directly(ctx: FileContext, fn: FuncInfo, calls: list[Node]) -> bool:
    for call in calls:
        if _on_param(call, fn) in _REPORTS:
            return True
        if _passes_param(call, fn):
            args = arguments(call)
            first = args[0] if args else None
            if (
                first is not None
                and text(first) == fn.tparam
                and any(any(c == call for c in ctx.calls(call, p)) for p in _TESTIFY)
            ):
                return True
    return False


def _calls_helper_method(fn: FuncInfo, calls: list[Node]) -> bool:
    return any(_on_param(c, fn) == "Helper" for c in calls)


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


@rule(
    code="HAB003",
    name="missing-helper",
    severity=Severity.INFORMATION,
    summary="A test helper that reports failures without calling `t.Helper()`.",
    fix="safe",
    scope="file",
)
def check(ctx: FileContext) -> Iterator[Finding]:
    candidates = [
        f
        for f in ctx.functions
        if f.kind == "helper"
        and f.ttype in ("T", "B", "TB")
        and f.tparam is not None
        and f.body is not None
        and not (f.is_method and _is_test_method(f))
    ]
    if not candidates:
        return
    calls = {id(f): _own_calls(f) for f in candidates}
    # Helpers of the file (plain functions) that report failures, directly or through one another.
    reporting = {f.name for f in candidates if not f.is_method and _reports_directly(ctx, f, calls[id(f)])}
    changed = True
    while changed:
        changed = False
        for f in candidates:
            if f.is_method or f.name in reporting:
                continue
            for c in calls[id(f)]:
                cn = call_name(c)
                if cn is not None and cn[0] == "" and cn[1] in reporting and _passes_param(c, f):
                    reporting.add(f.name)
                    changed = True
                    break
    for f in candidates:
        own = calls[id(f)]
        if _calls_helper_method(f, own) or _is_test_body(f, own):
            continue
        reports = _reports_directly(ctx, f, own) or any(
            (cn := call_name(c)) is not None and cn[0] == "" and cn[1] in reporting and _passes_param(c, f)
            for c in own
        )
        if not reports:
            continue
        if not f.is_method and (_used_as_value(ctx, f.name) or _started_only_as_goroutine(ctx, f.name)):
            continue  # a subtest body handed to t.Run or kept in a table; a goroutine body
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
