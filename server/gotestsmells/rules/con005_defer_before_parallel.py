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
from ..parsing import text, walk
from .base import Finding, Fix, Severity, rule
from .cleanup import defer_statements, defer_to_cleanup, deferred_call, enclosing_function, has_recover
from .common import calls_parallel, in_test_code
from .concurrency import closure_binding, derived_names, outer_references, subtest_closure

# Deferred calls that synchronise rather than release: the HAB001 exclusions.
_SYNC_METHODS = frozenset({"Unlock", "RUnlock", "Done", "Wait"})
_BUILTINS = frozenset({"close", "delete", "panic", "print", "println", "recover", "clear"})
# Names too common to tell one value from another.
_NOISE = frozenset({"err", "_", "ok"})


def _defers_by_function(ctx: FileContext, fn: FuncInfo) -> list[tuple[Binding, list[Node]]]:
    """The function's defers grouped by the function or literal they belong to (the one whose return runs
    them), for those binding a testing parameter: the test itself and its subtest closures."""
    body = fn.body
    if body is None:
        return []
    groups: dict[tuple[int, int], tuple[Node, list[Node]]] = {}
    for d in defer_statements(ctx, body):
        owner = enclosing_function(d)
        if owner is None:
            continue
        groups.setdefault((owner.start_byte, owner.end_byte), (owner, []))[1].append(d)
    out = []
    for owner, defers in groups.values():
        owner_body = owner.child_by_field_name("body")
        if owner_body is None:
            continue
        b = ctx.testing_binding(owner_body)
        if b is not None and b.func_node == owner:
            out.append((b, defers))
    return out


def _parallel_subtests(ctx: FileContext, b: Binding) -> list[tuple[Node, Node]]:
    """`concurrency.parallel_subtests`, from the call index: the `<t>.Run(name, func(t) {...})` calls of
    the function's own body (not of a literal in it) whose closure calls `t.Parallel()`, in source order,
    without walking the whole body for them."""
    owner = b.func_node
    out = []
    for sc in ctx.selector_calls(owner):
        if sc.name != "Run" or sc.operand_text != b.name:
            continue
        c = sc.call
        if enclosing_function(c) != owner:
            continue  # in a function literal: not one of the owner's own calls
        lit = subtest_closure(ctx, c)
        if lit is None:
            continue
        inner = closure_binding(ctx, lit)
        if inner is not None and calls_parallel(ctx, inner):
            out.append((c, lit))
    return out


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
    # A finding needs a subtest calling t.Parallel() (and a `defer`, checked first thing).
    needles=(b"Parallel",),
)
def check(ctx: FileContext, fn: FuncInfo) -> Iterator[Finding]:
    if not in_test_code(ctx, fn) or fn.body is None:
        return
    src = ctx.src
    if src.find(b"defer", fn.node.start_byte, fn.node.end_byte) < 0:
        return
    for b, defers in _defers_by_function(ctx, fn):
        owner = b.func_node
        if src.find(b"Parallel", owner.start_byte, owner.end_byte) < 0:
            continue  # no t.Parallel() in its subtests
        subs = _parallel_subtests(ctx, b)
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
