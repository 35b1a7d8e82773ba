"""CON001 fatal-in-goroutine: `t.Fatal`/`t.FailNow`/`t.Skip`/`require` in a goroutine the test started.

## What it does
Flags `t.Fatal`, `t.Fatalf`, `t.FailNow`, `t.Skip`, `t.Skipf`, `t.SkipNow` and testify `require.*` calls
that run inside a goroutine started by test code (`go func() {...}()`, and the function literal given to
`errgroup.Group.Go` or `sync.WaitGroup.Go`), and calls in such a goroutine to a helper of the same file that
takes `t` and calls one of them itself (one call deep, `go helper(t)` included).

## Why is this bad?
`FailNow` (behind `Fatal`, `Skip` and every `require` assertion) stops the goroutine that calls it with
`runtime.Goexit`. Called from any goroutine but the test's own, it stops only that goroutine: the test
keeps running as if the check had passed, waits forever for a result that never comes, or, when the test
has already returned, panics the whole test binary. The testing package documents that these methods
must be called from the goroutine running the test.

## Example
```go
go func() {
        defer wg.Done()
        if err := srv.Serve(l); err != nil {
                t.Fatal(err)
        }
}()
```

## Use instead
```go
go func() {
        defer wg.Done()
        if err := srv.Serve(l); err != nil {
                t.Error(err)
                return
        }
}()
```
or send the error back to the test goroutine over a channel and fail there.

Not flagged: the same calls in the test goroutine itself, in a `t.Run` closure (a subtest runs in its own
test goroutine, even one started from a goroutine), and in function literals that the goroutine does not
call itself (callbacks stored for later).

## Fix (refactor)
For `t.Fatal`, `t.Fatalf` and `t.FailNow` written directly in the goroutine's function literal, as a
statement at the end of its block: `t.Fatal(...)` becomes `t.Error(...)`, `t.Fatalf` becomes `t.Errorf`,
`t.FailNow()` becomes `t.Fail()`, each followed by `return` (left out where the call ends the literal).
Not offered when the literal returns values (an errgroup function) or the call sits in a nested literal.
`Skip`, `require` and helper calls are reported without a fix: they need a decision about what the
goroutine should report.
"""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from ..analysis.context import FileContext
from ..analysis.functions import FuncInfo
from ..analysis.scopes import is_shadowed
from ..parsing import arguments, call_name, captures, line_span, statements, text
from .alignment import disturbs_comment_alignment
from .base import Edit, Finding, Fix, Severity, rule
from .common import alone_on_lines, direct_calls, in_test_code, indent_of
from .concurrency import REQUIRE, STOPPING, go_call, go_literal, go_statements, mentions_go, runs_in
from .nodefind import is_package_call
from .textscan import go_method_literals

_REPLACEMENT = {"Fatal": "Error", "Fatalf": "Errorf", "FailNow": "Fail"}


def _goroutine_literals(ctx: FileContext, root: Node) -> Iterator[tuple[Node, Node]]:
    """(statement or call that starts it, function literal) for every goroutine started under root:
    `go func() {...}()`, `g.Go(func() error {...})` (errgroup) and `wg.Go(func() {...})` (Go 1.25)."""
    for g in go_statements(root, ctx.src):
        lit = go_literal(g)
        if lit is not None:
            yield g, lit
    for m, arg in go_method_literals(ctx.src, root):
        fn = m.child_by_field_name("function")
        recv = fn.child_by_field_name("operand") if fn is not None else None
        if recv is None:
            continue
        if recv.type == "identifier" and ctx.is_testing_value(recv):
            continue
        yield m, arg


def _stopping_call(ctx: FileContext, call: Node) -> tuple[str, bool] | None:
    """("t.Fatal", False) / ("require.NoError", True) when `call` stops the calling goroutine on failure."""
    cn = call_name(call)
    if cn is None:
        return None
    recv, name = cn
    if recv and name in STOPPING:
        fn = call.child_by_field_name("function")
        op = fn.child_by_field_name("operand") if fn is not None else None
        if op is not None and ctx.is_testing_value(op):
            return f"{recv}.{name}", False
        return None
    if name != "New" and is_package_call(ctx, call, REQUIRE):
        args = arguments(call)
        # Only with the test's own t: a require call on an assert.CollectT or a mock TestingT is fine.
        if args and args[0].type == "identifier" and ctx.is_testing_value(args[0]):
            return (f"{recv}.{name}" if recv else name), True
    return None


def _helper_stops(ctx: FileContext, helper: FuncInfo) -> str | None:
    """The stopping call a same-file helper makes on its own `t` (outside literals of its own), if any."""
    if helper.tparam is None:
        return None
    for c in direct_calls(helper.body):
        stop = _stopping_call(ctx, c)
        if stop is not None:
            return stop[0]
    return None


def _helper_call(ctx: FileContext, call: Node) -> tuple[str, str] | None:
    """(helper name, what it calls) for `helper(t, ...)`: a same-file helper given the test's `t`."""
    fn = call.child_by_field_name("function")
    if fn is None or fn.type != "identifier":
        return None
    name = text(fn)
    helper = ctx.helpers.get(name)
    if helper is None or is_shadowed(name, call):
        return None
    if not any(a.type == "identifier" and ctx.is_testing_value(a) for a in arguments(call)):
        return None
    what = _helper_stops(ctx, helper)
    return (name, what) if what is not None else None


def _fix(ctx: FileContext, call: Node, lit: Node) -> Fix | None:
    """`t.Fatal(x)` -> `t.Error(x)` + `return`, for a statement directly in the goroutine's literal."""
    cn = call_name(call)
    if cn is None or cn[1] not in _REPLACEMENT:
        return None
    if lit.child_by_field_name("result") is not None:
        return None  # `return` alone would not compile (errgroup's func() error)
    stmt = call.parent
    if stmt is None or stmt.type != "expression_statement" or stmt.parent is None:
        return None
    # The nearest enclosing function must be the goroutine's literal itself: a `return` in a nested
    # literal would return from that one.
    cur: Node | None = stmt.parent
    while cur is not None and cur.type != "func_literal":
        cur = cur.parent
    if cur != lit:
        return None
    block = stmt.parent
    if block.type not in ("statement_list", "block"):
        return None  # a case clause or similar: keep it simple, offer nothing
    stmts = [s for s in block.named_children if s.type != "comment"]
    if stmts and stmts[-1] != stmt:
        return None  # statements after it would become unreachable (go vet complains)
    fn = call.child_by_field_name("function")
    field = fn.child_by_field_name("field") if fn is not None else None
    if field is None:
        return None
    repl = _REPLACEMENT[cn[1]]
    edits = [Edit(field.start_byte, field.end_byte, repl)]
    body = lit.child_by_field_name("body")
    last_of_literal = bool(statements(body)) and statements(body)[-1] == stmt
    if not last_of_literal:
        # After a trailing comment, so the comment stays on the line it describes.
        end = stmt.end_byte
        if alone_on_lines(ctx.src, stmt):
            end = line_span(ctx.src, stmt.start_byte, stmt.end_byte)[1] - 1
            if ctx.src[end : end + 1] != b"\n":
                end += 1  # the file ends without a newline
        edits.append(Edit(end, end, "\n" + indent_of(ctx.src, stmt) + "return"))
    if disturbs_comment_alignment(ctx, edits):
        return None
    return Fix(f"Replace with {cn[0]}.{repl} and return from the goroutine", "refactor", tuple(edits))


@rule(
    code="CON001",
    name="fatal-in-goroutine",
    severity=Severity.ERROR,
    summary="`t.Fatal`/`t.FailNow`/`t.Skip`/`require` called from a goroutine the test started.",
    fix="refactor",
)
def check(ctx: FileContext, fn: FuncInfo) -> Iterator[Finding]:
    if not in_test_code(ctx, fn) or fn.body is None or ctx.testing_local is None:
        return
    if not mentions_go(ctx.src, fn.body, methods=True):
        return
    seen: set[int] = set()
    for _start, lit in _goroutine_literals(ctx, fn.body):
        body = lit.child_by_field_name("body")
        if body is None:
            continue
        for call in captures("(call_expression) @c", body).get("c", []):
            if call.start_byte in seen or not runs_in(call, lit):
                continue
            stop = _stopping_call(ctx, call)
            if stop is not None:
                seen.add(call.start_byte)
                fix = None if stop[1] else _fix(ctx, call, lit)
                msg = _message(*stop)
                yield check.finding(call.start_byte, call.end_byte, msg, [fix] if fix else [])
                continue
            hc = _helper_call(ctx, call)
            if hc is not None:
                seen.add(call.start_byte)
                yield check.finding(call.start_byte, call.end_byte, _helper_message(*hc))
    # `go helper(t, ...)`: the helper itself is the goroutine.
    for g in go_statements(fn.body, ctx.src):
        gcall = go_call(g)
        if gcall is None or go_literal(g) is not None:
            continue
        hc = _helper_call(ctx, gcall)
        if hc is not None:
            yield check.finding(g.start_byte, g.end_byte, _helper_message(*hc))


def _message(what: str, is_require: bool) -> str:
    name = what.rsplit(".", 1)[-1]
    if name.startswith("Skip"):
        return (
            f"{what} in a goroutine stops only that goroutine: the test is neither skipped nor stopped "
            f"and goes on without it; decide in the test goroutine whether to skip"
        )
    if not is_require and name in _REPLACEMENT:
        return (
            f"{what} in a goroutine stops only that goroutine, not the test: the test goes on as if the "
            f"check had passed (or panics if it has ended); use {what.rsplit('.', 1)[0]}."
            f"{_REPLACEMENT[name]} and return"
        )
    return (
        f"{what} calls t.FailNow, which in a goroutine stops only that goroutine, not the test: the test "
        f"goes on as if the check had passed; use assert (or send the error back) and return"
    )


def _helper_message(helper: str, what: str) -> str:
    return (
        f"{helper} calls {what}, and here it runs in a goroutine, where that stops only the goroutine, "
        f"not the test; report with t.Error and return, or send the error back to the test goroutine"
    )
