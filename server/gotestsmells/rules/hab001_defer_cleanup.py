"""HAB001 defer-cleanup: `defer` releasing a resource where `t.Cleanup` belongs.

## What it does
Flags a `defer` that releases a resource (`x.Close()`, `srv.Stop()`, `cancel()` from `context.With*`,
`os.RemoveAll(dir)`, `cleanup()`, or a `defer func() {...}()` doing one of those) directly in test code:
a test, benchmark or fuzz target, its `t.Run` subtests, or a helper taking a `testing.TB`.

In a helper that returns the resource it releases, the finding is a warning: the deferred call runs when
the helper returns, so the caller gets a closed database, a stopped server, a removed directory.

## Why is this bad?
`defer` runs when the function returns; `t.Cleanup` runs when the test and all its subtests have
finished, including parallel subtests that run after the function returned, and it works the same from a
helper, which lets the helper own the resource it creates.  Tests that mix the two release things in an
order nobody chose.

## Example
```go
func newDB(t *testing.T) *sql.DB {
        db := openDB(t)
        defer db.Close() // closed before the caller gets it
        return db
}
```

## Use instead
```go
func newDB(t *testing.T) *sql.DB {
        db := openDB(t)
        t.Cleanup(func() { db.Close() })
        return db
}
```

Not flagged: `defer mu.Unlock()`, `defer wg.Done()`, `defer close(ch)` and other defers that release
nothing; defers inside goroutines, callbacks and other function literals (they run when the literal
returns); closures calling `recover`; `TestMain`; Go < 1.14.  Defers that CON005, HAB013 or HAB014 report
are theirs, and a `defer os.Unsetenv`/`defer os.RemoveAll` that HAB004's/HAB005's fix removes is not
reported again.

## Fix (safe, or refactor)
`defer x.Close()` becomes `t.Cleanup(func() { x.Close() })` (the closure form, since `Close` returns a
value), `defer cancel()` becomes `t.Cleanup(cancel)` for a `cancel` from `context.With*`, and
`defer func() {...}()` becomes `t.Cleanup(func() {...})`.  The fix is safe where the receiver and the
arguments cannot change before cleanup (literals, parameters, variables never written after the defer);
otherwise it is a refactor that captures them first, in a block of their own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from tree_sitter import Node

from ..analysis.context import Binding, FileContext
from ..analysis.functions import FuncInfo
from ..analysis.scopes import is_shadowed
from ..parsing import ancestors, arguments, call_name, text, walk
from .base import Finding, Fix, Severity, rule
from .cleanup import (
    defer_statements,
    defer_to_cleanup,
    deferred_call,
    enclosing_function,
    has_recover,
    is_context_cancel,
)
from .common import in_test_code, is_subtest_closure, is_synctest_closure, literal_between
from .hab004_os_setenv import paired_unsetenv
from .hab005_manual_tempdir import removed_statements
from .nodefind import is_package_call
from .textscan import pkg_calls

# Methods whose call releases what the receiver holds.
RELEASE_METHODS = frozenset(
    {
        "Close",
        "CloseSend",
        "Stop",
        "GracefulStop",
        "Shutdown",
        "Terminate",
        "Cancel",
        "Release",
        "Cleanup",
        "CleanUp",
        "Teardown",
        "TearDown",
        "Disconnect",
        "Destroy",
        "Kill",
        "Free",
        "Unsubscribe",
        "RemoveAll",
    }
)
# Package functions that release something: files and directories, environment variables.
_OS_RELEASE = ("Remove", "RemoveAll", "Unsetenv")
_BUILTINS = frozenset({"close", "delete", "panic", "print", "println", "recover", "clear"})
# A function value called by a defer and named for what it does: `cleanup()`, `stopServer()`, `closer()`.
_RELEASE_NAME = re.compile(r"(?i)cancel|clean|teardown|close|stop|shutdown|release|terminate")


def _release_call(ctx: FileContext, call: Node, at: Node, binding: Binding | None = None) -> str | None:
    """What a call releases, as the text to name in the message, or None when it releases nothing.
    `binding`: the testing value in scope at the call, when the caller knows it."""
    fn = call.child_by_field_name("function")
    if fn is None:
        return None
    if fn.type == "identifier":
        name = text(fn)
        if name in _BUILTINS and not is_shadowed(name, call):
            return None  # close(ch) signals; it releases nothing
        if _RELEASE_NAME.search(name) or is_context_cancel(ctx, name, at):
            return f"{name}()"
        return None
    if fn.type != "selector_expression":
        return None
    field = fn.child_by_field_name("field")
    op = fn.child_by_field_name("operand")
    if field is None or op is None:
        return None
    if is_package_call(ctx, call, "os", _OS_RELEASE):
        return f"os.{text(field)}"
    if text(field) in RELEASE_METHODS:
        if op.type == "identifier" and (
            ctx.is_testing_value(op)
            if binding is None
            else (binding.name == text(op) and binding.ttype in ("T", "B", "F", "TB"))
        ):
            return None  # t.Cleanup: HAB013's
        return f"{text(op)}.{text(field)}()"
    return None


def _direct_calls(lit: Node) -> list[Node]:
    """Calls in a function literal's body, not inside nested literals."""
    body = lit.child_by_field_name("body")
    if body is None:
        return []
    return [n for n in walk(body, into_func_literals=False) if n.type == "call_expression"]


def _released(ctx: FileContext, defer_stmt: Node, binding: Binding) -> tuple[str, list[Node]] | None:
    """What the defer releases (for the message) and the expressions it releases (receivers and
    arguments, to tell whether a helper returns them), or None when it releases nothing.  `binding`: the
    testing value in scope at the defer (and so at the receiver of its call)."""
    call = deferred_call(defer_stmt)
    if call is None:
        return None
    fn = call.child_by_field_name("function")
    if fn is not None and fn.type == "func_literal":
        if has_recover(fn):
            return None
        calls = _direct_calls(fn)
        # A closure that unlocks or signals is synchronisation, whatever else it does.
        if any(
            text(c.child_by_field_name("function")).endswith((".Unlock", ".RUnlock", ".Done")) for c in calls
        ):
            return None
        hits = [(c, w) for c in calls if (w := _release_call(ctx, c, defer_stmt)) is not None]
        if not hits:
            return None
        return hits[0][1], [e for c, _ in hits for e in _operands(c)]
    what = _release_call(ctx, call, defer_stmt, binding)
    return (what, _operands(call)) if what is not None else None


def _operands(call: Node) -> list[Node]:
    out = list(arguments(call))
    fn = call.child_by_field_name("function")
    if fn is not None and fn.type == "selector_expression":
        op = fn.child_by_field_name("operand")
        if op is not None:
            out.append(op)
    return out


def _root_name(expr: Node) -> str | None:
    cur = expr
    while cur.type == "selector_expression":
        op = cur.child_by_field_name("operand")
        if op is None:
            return None
        cur = op
    return text(cur) if cur.type == "identifier" else None


def _returned_names(ctx: FileContext, fn: FuncInfo) -> set[str]:
    """Names a function returns: `return db`, `return &env{db: db}`, `return db, dir` (its own return
    statements, found from the `return` keywords of its text; not those of its function literals)."""
    out: set[str] = set()
    body = fn.body
    if body is None:
        return out
    src = ctx.src
    end = body.end_byte
    i = src.find(b"return", body.start_byte, end)
    while i >= 0:
        tok = body.descendant_for_byte_range(i, i + 6)
        ret = tok.parent if tok is not None and tok.type == "return" and tok.start_byte == i else None
        i = src.find(b"return", i + 6, end)
        if ret is None or ret.type != "return_statement" or literal_between(ret, body):
            continue
        for expr in ret.named_children:
            items = expr.named_children if expr.type == "expression_list" else [expr]
            for it in items:
                out.update(_value_names(it))
    return out


def _value_names(expr: Node) -> set[str]:
    """Identifiers that are themselves the value (or a field value of a composite literal) of `expr`."""
    stack = [expr]
    out: set[str] = set()
    while stack:
        e = stack.pop()
        if e.type == "identifier":
            out.add(text(e))
        elif e.type == "unary_expression" and text(e.child_by_field_name("operator")) == "&":
            op = e.child_by_field_name("operand")
            if op is not None:
                stack.append(op)
        elif e.type == "composite_literal":
            body = e.child_by_field_name("body")
            for el in body.named_children if body is not None else []:
                value: Node | None = el.child_by_field_name("value") if el.type == "keyed_element" else el
                if value is not None and value.type == "literal_element":
                    stack.extend(value.named_children)
    return out


def _owns_cleanup(ctx: FileContext, func_node: Node) -> bool:
    """Whether `func_node` is a test, benchmark, fuzz target or helper, or a `t.Run` subtest / `f.Fuzz`
    body: functions whose `t` ends with them.  A literal that merely takes a `t` (`check := func(t
    *testing.T, ...)`, a runner's callback) returns long before its `t`'s cleanups run."""
    if func_node.type != "func_literal":
        return True
    if is_subtest_closure(ctx, func_node) or is_synctest_closure(ctx, func_node):
        return True
    args = func_node.parent
    call = args.parent if args is not None and args.type == "argument_list" else None
    cn = call_name(call) if call is not None and call.type == "call_expression" else None
    return cn is not None and cn[1] == "Fuzz"


def _superseded(ctx: FileContext, fn: FuncInfo) -> set[int]:
    """Start bytes of defers another rule's fix removes: `defer os.Unsetenv(k)` paired with an
    `os.Setenv(k, v)` HAB004 turns into `t.Setenv`, `defer os.RemoveAll(dir)` paired with HAB005's."""
    out = removed_statements(ctx, fn)
    if ctx.go_at_least(17):
        for call in pkg_calls(ctx, fn.node, "os", ("Setenv",)):
            args = arguments(call)
            b = ctx.testing_binding(call)
            if b is None or len(args) != 2:
                continue
            scope = b.func_node.child_by_field_name("body") or b.func_node
            out.update(d.start_byte for d in paired_unsetenv(ctx, call, text(args[0]), scope))
    return out


@rule(
    code="HAB001",
    name="defer-cleanup",
    severity=Severity.HINT,
    summary="`defer` releasing a resource where `t.Cleanup` belongs.",
    fix="safe",
    needles=(b"defer",),
)
def check(ctx: FileContext, fn: FuncInfo) -> Iterator[Finding]:
    if not in_test_code(ctx, fn) or fn.body is None or not ctx.go_at_least(14):
        return
    defers = defer_statements(ctx, fn.node)
    if not defers:
        return
    skip: set[int] | None = None
    returned: set[str] | None = None
    # Per defer: (statement, what it releases, operands, t's name), or None for a defer that stays one.
    found: list[tuple[Node, tuple[Node, str, list[Node], str] | None]] = []
    tl = ctx.testing_local
    for d in defers:
        # The binding must be that of the defer's own function: one without a testing parameter of its
        # own (a goroutine, a callback) has none, whatever testing_binding finds further out.
        own = enclosing_function(d)
        if tl is None or own is None or ctx._testing_param(own, tl) is None:
            continue
        binding = ctx.testing_binding(d)
        if binding is None or own != binding.func_node or not _owns_cleanup(ctx, binding.func_node):
            continue  # in a goroutine, a callback or a closure: it runs when that returns
        rel = _released(ctx, d, binding)
        if rel is not None:
            if skip is None:
                skip = _superseded(ctx, fn)
            if d.start_byte in skip:
                continue  # removed by HAB004's or HAB005's fix: runs at the end of the test either way
        found.append((d, (binding.func_node, rel[0], rel[1], binding.name) if rel is not None else None))
    fixes = {d.start_byte: defer_to_cleanup(ctx, d, info[3]) for d, info in found if info is not None}
    for d, info in found:
        if info is None:
            continue
        func_node, what, operands, tname = info
        severity = None
        if fn.kind == "helper" and func_node == fn.node:
            if returned is None:
                returned = _returned_names(ctx, fn)
            names = {n for o in operands if (n := _root_name(o)) is not None}
            hit = sorted(names & returned)
            if hit:
                severity = Severity.WARNING
                msg = (
                    f"the deferred {what} runs when {fn.name} returns, so its caller gets {hit[0]} already "
                    f"released; register it with {tname}.Cleanup, which runs when the test ends"
                )
        if severity is None:
            msg = (
                f"defer runs {what} when this function returns, not when the test and its subtests are done; "
                f"use {tname}.Cleanup"
            )
        fix = fixes[d.start_byte]
        if fix is not None and fix.applicability == "safe" and _reorders(d, func_node, found, fixes):
            fix = replace(fix, applicability="refactor")
        yield check.finding(d.start_byte, d.end_byte, msg, [fix] if fix else [], severity=severity)


def _reorders(
    d: Node,
    func_node: Node,
    found: list[tuple[Node, tuple[Node, str, list[Node], str] | None]],
    fixes: dict[int, Fix | None],
) -> bool:
    """Whether turning `d` into a cleanup would make it run after a defer that stays a defer (or only
    becomes a cleanup through a refactor): one registered before it in the same function, or in a loop
    with it.  Defers run when the function returns, cleanups later, so `defer testutil.AfterTest(t)`
    above `defer clus.Terminate(t)` would check for leaks before the cluster stops."""
    loops = [a for a in ancestors(d) if a.type == "for_statement" and func_node.start_byte < a.start_byte]
    for other, _info in found:
        if other == d or enclosing_function(other) != func_node:
            continue
        f = fixes.get(other.start_byte)
        if f is not None and f.applicability == "safe":
            continue
        if other.start_byte < d.start_byte or any(
            lp.start_byte <= other.start_byte < lp.end_byte for lp in loops
        ):
            return True
    return False
