"""CON005 defer-before-parallel: A `defer` in a test whose parallel subtests run after it has already run.

## What it does
Flags a `defer` in a test (or a subtest, or a helper taking `t`) that starts subtests with `t.Run` whose
closures call `t.Parallel()`, when those subtests use what the deferred call releases: its receiver, its
arguments, or anything computed from them (`client := newClient(srv.URL)` after `defer srv.Close()`, the
`ctx` of a deferred `cancel`).

## Why is this bad?
`t.Parallel()` pauses a subtest until its parent's function has returned. The parent's deferred calls run
when its function returns: before any of the parallel subtests. They then run against a closed server, a
cancelled context, a removed directory, and fail (or, worse, pass while testing nothing). `t.Cleanup`
runs after all subtests have finished.

## Example
```go
func TestAPI(t *testing.T) {
        srv := httptest.NewServer(handler)
        defer srv.Close()
        for _, tc := range cases {
                t.Run(tc.name, func(t *testing.T) {
                        t.Parallel()
                        resp, err := http.Get(srv.URL + tc.path) // the server is already closed
                        ...
                })
        }
}
```

## Use instead
```go
        srv := httptest.NewServer(handler)
        t.Cleanup(srv.Close)  // or t.Cleanup(func() { srv.Close() })
```

Not flagged: defers in tests without parallel subtests, or whose parallel subtests do not use what the
defer releases; `defer mu.Unlock()`, `defer wg.Done()`, `defer close(ch)` and other synchronisation;
closures calling `recover`; defers inside goroutines and other function literals.

## Fix (safe, or refactor)
HAB001's conversion: `defer x.Close()` becomes `t.Cleanup(func() { x.Close() })`, `defer cancel()` becomes
`t.Cleanup(cancel)`, `defer func() {...}()` becomes `t.Cleanup(func() {...})`. Safe where the receiver and
arguments cannot change before cleanup; otherwise a refactor that captures them first.
"""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from ..analysis.context import Binding, FileContext
from ..analysis.functions import FuncInfo
from ..analysis.scopes import is_shadowed
from ..parsing import captures, text, walk
from .base import Finding, Fix, Severity, rule
from .cleanup import defer_to_cleanup, deferred_call, has_recover
from .common import in_test_code
from .concurrency import closure_binding, derived_names, outer_references, parallel_subtests

# Deferred calls that synchronise rather than release: the HAB001 exclusions.
_SYNC_METHODS = frozenset({"Unlock", "RUnlock", "Done", "Wait"})
_BUILTINS = frozenset({"close", "delete", "panic", "print", "println", "recover", "clear"})
# Names too common to tell one value from another.
_NOISE = frozenset({"err", "_", "ok"})


def _bindings(ctx: FileContext, fn: FuncInfo) -> Iterator[Binding]:
    """The function's own testing binding and those of the subtest closures inside it."""
    body = fn.body
    if body is None:
        return
    b = ctx.testing_binding(body)
    if b is not None and b.func_node == fn.node:
        yield b
    for lit in captures("(func_literal) @l", body).get("l", []):
        cb = closure_binding(ctx, lit)
        if cb is not None:
            yield cb


def _own_defers(func_node: Node) -> list[Node]:
    body = func_node.child_by_field_name("body")
    if body is None:
        return []
    return [n for n in walk(body, into_func_literals=False) if n.type == "defer_statement"]


def _is_sync(ctx: FileContext, call: Node) -> bool:
    fn = call.child_by_field_name("function")
    if fn is None:
        return True
    if fn.type == "identifier":
        return text(fn) in _BUILTINS and not is_shadowed(text(fn), call)
    if fn.type == "selector_expression":
        field = text(fn.child_by_field_name("field"))
        op = fn.child_by_field_name("operand")
        if field in _SYNC_METHODS:
            return True
        # t.Cleanup (HAB013), t.Log...: the testing value is not a resource.
        return op is not None and op.type == "identifier" and ctx.is_testing_value(op)
    return False


def _seeds(ctx: FileContext, d: Node) -> tuple[str, set[str]] | None:
    """What the defer releases (for the message) and the local names it releases, or None when the
    defer synchronises or recovers."""
    call = deferred_call(d)
    if call is None:
        return None
    fn = call.child_by_field_name("function")
    if fn is None:
        return None
    if fn.type == "func_literal":
        if has_recover(fn):
            return None
        calls = [n for n in walk(fn) if n.type == "call_expression" and n != call]
        if not calls or all(_is_sync(ctx, c) for c in calls):
            return None
        if any(_sync_method(c) for c in calls):
            return None  # unlocks or signals: synchronisation, whatever else it does
        names = {
            text(i) for i in walk(fn) if i.type == "identifier" and not is_shadowed(text(i), i, fn.parent)
        }
        first = next(c for c in calls if not _is_sync(ctx, c))
        what = _short(first)
    else:
        if _is_sync(ctx, call):
            return None
        names = {text(i) for i in walk(call) if i.type == "identifier"}
        what = _short(call)
    names = {n for n in names if n not in _NOISE and not _is_package_name(ctx, n) and n not in _BUILTINS}
    b = ctx.testing_binding(d)
    if b is not None:
        names.discard(b.name)
    return (what, names) if names else None


def _short(call: Node) -> str:
    """`srv.Close()`, or `os.RemoveAll(...)` when the arguments would make the message long."""
    t = " ".join(text(call).split())
    if len(t) <= 40:
        return f"`{t}`"
    return f"`{text(call.child_by_field_name('function'))}(...)`"


def _sync_method(call: Node) -> bool:
    fn = call.child_by_field_name("function")
    return (
        fn is not None
        and fn.type == "selector_expression"
        and text(fn.child_by_field_name("field")) in _SYNC_METHODS
    )


def _is_package_name(ctx: FileContext, name: str) -> bool:
    return any(imp.local == name and imp.alias not in ("_", ".") for imp in ctx.imports)


@rule(
    code="CON005",
    name="defer-before-parallel",
    severity=Severity.ERROR,
    summary="A `defer` in a test whose parallel subtests run after it has already run.",
    fix="safe",
    supersedes=("HAB001",),
)
def check(ctx: FileContext, fn: FuncInfo) -> Iterator[Finding]:
    if not in_test_code(ctx, fn) or fn.body is None:
        return
    for b in _bindings(ctx, fn):
        defers = _own_defers(b.func_node)
        if not defers:
            continue
        subs = list(parallel_subtests(ctx, b))
        if not subs:
            continue
        scope = fn.body
        for d in defers:
            seeded = _seeds(ctx, d)
            if seeded is None:
                continue
            what, seeds = seeded
            names = derived_names(scope, seeds) - _NOISE
            refs = [ref for _call, lit in subs for ref in outer_references(lit, names)]
            used = next((r for r in refs if text(r) in seeds), refs[0] if refs else None)
            if used is None:
                continue
            fixes: list[Fix] = []
            fix = defer_to_cleanup(ctx, d, b.name)
            if fix is not None:
                fixes.append(fix)
            yield check.finding(
                d.start_byte,
                d.end_byte,
                f"the deferred {what} runs when the test function returns, before its parallel subtests "
                f"run (t.Parallel() pauses them until then), and they use `{text(used)}`: they run against "
                f"a released resource; use {b.name}.Cleanup, which waits for them",
                fixes,
            )
