"""CON002 unjoined-goroutine: A goroutine the test never waits for.

## What it does
Flags a `go` statement in test code when nothing in the test waits for the goroutine to finish or shuts
down what it runs: no `sync.WaitGroup` it calls `Done` on is waited for, no channel it sends on or
closes is received from, nothing it serves or reads is closed, stopped or cancelled.

## Why is this bad?
A goroutine the test does not wait for outlives it. It keeps using the test's server, files and mocks
after their cleanup ran; it calls `t.Log` or `t.Error` after the test completed (a panic that kills the
whole test binary: "Log in goroutine after TestX has completed"); it leaks into the next test, where
leak detectors and race detectors blame the wrong one. Under load, these are the failures that nobody can
reproduce.

## Example
```go
go func() {
        result = compute()
}()
time.Sleep(100 * time.Millisecond)
```

## Use instead
```go
var wg sync.WaitGroup
wg.Go(func() { // Go 1.25; before: wg.Add(1) and defer wg.Done()
        result = compute()
})
wg.Wait()
```
or a `done` channel, or `errgroup.Group`.

Not flagged: goroutines the test joins (a `sync.WaitGroup` waited for, a channel the goroutine sends on
or closes and the test receives from or hands on, `errgroup`, `wg.Go`); servers and loops the test shuts
down (`srv.Close()`, `lis.Close()`, `destroy(runner)`, a cancelled context, a closed input channel, a stop
signal sent), in a `defer`, in `t.Cleanup` or inline; goroutines whose last act is what the test waits
for (an atomic flag it polls, a context it cancels, the pipe or listener it closes, one call after a
sleep: the sleep is DET001's smell there); goroutines started by a helper that returns what they run, or
by a method whose type keeps them (the caller owns them); goroutines inside a synctest bubble (the bubble
waits for them) and inside callbacks.

## Fix
None: how to join depends on what the goroutine does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cached_property

from tree_sitter import Node

from ..analysis.context import FileContext
from ..analysis.functions import FuncInfo
from ..analysis.scopes import is_shadowed
from ..parsing import arguments, call_name, captures, statements, text, walk
from .base import Finding, Severity, rule
from .common import binding_chain, in_callback, in_synctest_bubble, in_test_code
from .concurrency import (
    Decl,
    decl_sources,
    derived_names,
    go_call,
    go_literal,
    go_statements,
    goroutine_signals,
    is_inside,
    local_decls,
    mentions_go,
    merge_signals,
    waits_for,
)
from .nodefind import is_package_call

# Calls that shut down what a goroutine runs or reads.
_SHUTDOWN = frozenset(
    {
        "Close",
        "CloseSend",
        "Stop",
        "GracefulStop",
        "Shutdown",
        "Terminate",
        "Cancel",
        "Kill",
        "Release",
        "Cleanup",
        "Disconnect",
        "Destroy",
        "Unsubscribe",
        "Drain",
        "Quit",
        "Exit",
    }
)


_SHUTDOWN_HELPER = re.compile(r"(?i)destroy|close|stop|shutdown|clean|teardown|kill|terminate|cancel|exit")


def _root(expr: Node | None) -> str | None:
    cur = expr
    while cur is not None and cur.type in (
        "selector_expression",
        "unary_expression",
        "index_expression",
        "call_expression",
    ):
        # `ar.WaitCh()` is reached through `ar`.
        cur = cur.child_by_field_name("function" if cur.type == "call_expression" else "operand")
    return text(cur) if cur is not None and cur.type == "identifier" else None


def _local_literal(body: Node, g: Node) -> Node | None:
    """For `go f(x)` where the function declares `f := func(...) {...}`: that literal."""
    call = go_call(g)
    fn = call.child_by_field_name("function") if call is not None else None
    if fn is None or fn.type != "identifier":
        return None
    name = text(fn)
    for d in captures("(short_var_declaration) @d (assignment_statement) @d (var_spec) @d", body).get(
        "d", []
    ):
        if d.start_byte > g.start_byte:
            continue
        if d.type == "var_spec":
            left = [text(c) for c in d.children_by_field_name("name")]
            right = d.child_by_field_name("value")
        else:
            lnode = d.child_by_field_name("left")
            left = [text(c) for c in lnode.named_children] if lnode is not None else []
            right = d.child_by_field_name("right")
        vals = right.named_children if right is not None else []
        if left == [name] and len(vals) == 1 and vals[0].type == "func_literal":
            return vals[0]
    return None


def _resources(g: Node, lit: Node | None) -> set[str]:
    """Root names of what the goroutine works on: receivers of the methods it calls, the values it
    passes to calls, the channels it receives from."""
    out: set[str] = set()
    call = go_call(g)
    if call is None:
        return out
    for a in arguments(call):
        # `go http.Get("http://" + ln.Addr().String())` works on `ln`.
        out.update(_root(n) or "" for n in walk(a) if n.type in ("identifier", "selector_expression"))
    roots = [call] if lit is None else [n for n in walk(lit) if n.type == "call_expression"]
    for c in roots:
        fn = c.child_by_field_name("function")
        if fn is not None and fn.type == "selector_expression":
            r = _root(fn.child_by_field_name("operand"))
            if r:
                out.add(r)
        for a in arguments(c):
            r = _root(a)
            if r:
                out.add(r)
    if lit is not None:
        for n in walk(lit):
            if n.type == "unary_expression" and text(n.child_by_field_name("operator")) == "<-":
                r = _root(n.child_by_field_name("operand"))
                if r:
                    out.add(r)
            elif n.type == "range_clause":
                r = _root(n.child_by_field_name("right"))
                if r:
                    out.add(r)
            elif n.type == "selector_expression":
                # A context's Done channel, a ticker's C: reading fields of a value counts as using it.
                r = _root(n.child_by_field_name("operand"))
                if r:
                    out.add(r)
    out.discard("")
    return out


class _Body:
    """The test function's body and what several questions about its goroutines read of it (computed
    once per function, not once per goroutine)."""

    def __init__(self, node: Node) -> None:
        self.node = node

    @cached_property
    def decls(self) -> list[Decl]:
        return local_decls(self.node)

    @cached_property
    def assigns(self) -> list[Node]:
        return captures("(assignment_statement) @a", self.node).get("a", [])


def _with_sources(body: _Body, names: set[str]) -> set[str]:
    """`names` plus the locals they are built from (`ts := server{ln, stop}` adds `ln` and `stop`): closing
    or signalling one of those shuts down what the goroutine runs."""
    out = set(names)
    if not out:
        return out
    assigns = body.assigns
    for _ in range(2):
        for d in body.decls:
            if d.name in out:
                src = decl_sources(d)
                if src is not None and d.stmt.type != "range_clause":
                    out.update(text(i) for i in walk(src) if i.type == "identifier")
        # reporters[i] = sp.Register()
        for a in assigns:
            left, right = a.child_by_field_name("left"), a.child_by_field_name("right")
            if left is None or right is None or len(left.named_children) != 1:
                continue
            if _root(left.named_children[0]) in out:
                out.update(text(i) for i in walk(right) if i.type == "identifier")
    return out


def _body_calls(ctx: FileContext, body: Node) -> list[Node]:
    """The calls under `body` (the query's answer), asked once per function however many goroutines it
    starts."""
    memo: dict[tuple[int, int], list[Node]] | None = ctx.__dict__.get("_con002_calls")
    if memo is None:
        memo = {}
        ctx.__dict__["_con002_calls"] = memo
    key = (body.id, body.start_byte)
    hit = memo.get(key)
    if hit is None:
        hit = memo[key] = captures("(call_expression) @c", body).get("c", [])
    return hit


def _shut_down(ctx: FileContext, body: Node, g: Node, resources: set[str]) -> bool:
    """Whether the test closes, stops or cancels one of the goroutine's resources (outside it)."""
    if not resources:
        return False
    cancels = _cancel_funcs(ctx, body, resources)
    # A stop signal sent on a channel the goroutine has (`stop <- struct{}{}`).
    for snd in captures("(send_statement) @s", body).get("s", []):
        if not is_inside(snd, g) and _root(snd.child_by_field_name("channel")) in resources:
            return True
    calls = _body_calls(ctx, body)
    for c in calls:
        if is_inside(c, g):
            continue
        fsel = c.child_by_field_name("function")
        if (
            fsel is not None
            and fsel.type == "selector_expression"
            and text(fsel.child_by_field_name("field")) in _SHUTDOWN
            and _root(fsel.child_by_field_name("operand")) in resources
        ):
            return True  # srv.Close(), ctx.ServiceClient.Shutdown()
        cn = call_name(c)
        if cn is None:
            continue
        recv, name = cn
        if not recv and name == "close" and any(_root(a) in resources for a in arguments(c)):
            return True
        # group.Wait(), sp.Wait(ctx): waiting on what the goroutine works on (or what built it).
        if (
            fsel is not None
            and fsel.type == "selector_expression"
            and text(fsel.child_by_field_name("field")) == "Wait"
            and _root(fsel.child_by_field_name("operand")) in resources
        ):
            return True
        # destroy(ar), stopServer(srv), testutil.Shutdown(s): a helper that shuts down what it is given.
        if _SHUTDOWN_HELPER.search(name) and any(_root(a) in resources for a in arguments(c)):
            return True
        if not recv and name in cancels:
            return True
    # t.Cleanup(cancel), t.Cleanup(srv.Close), defer-free forms passing the method value.
    for c in calls:
        if is_inside(c, g):
            continue
        cn = call_name(c)
        if cn is None or cn[1] != "Cleanup":
            continue
        for a in arguments(c):
            if a.type == "identifier" and text(a) in cancels:
                return True
            if a.type == "selector_expression":
                field = text(a.child_by_field_name("field"))
                if _root(a) in resources and field in _SHUTDOWN:
                    return True
    # A context that ends with the test: t.Context() (Go 1.24) is cancelled before the cleanups run.
    return any(r in _test_contexts(ctx, body) for r in resources)


def _cancel_funcs(ctx: FileContext, body: Node, resources: set[str]) -> set[str]:
    """Cancel functions of the contexts among the goroutine's resources:
    `ctx, cancel := context.WithCancel(...)` makes `cancel` shut down a goroutine that uses `ctx`."""
    out: set[str] = set()
    for d in captures("(short_var_declaration) @d (assignment_statement) @d", body).get("d", []):
        left = d.child_by_field_name("left")
        right = d.child_by_field_name("right")
        names = [text(c) for c in left.named_children] if left is not None else []
        if len(names) != 2 or names[0] not in resources or right is None:
            continue
        calls = [c for c in right.named_children if c.type == "call_expression"]
        if len(calls) == 1 and is_package_call(ctx, calls[0], "context"):
            out.add(names[1])
    return out


def _test_contexts(ctx: FileContext, body: Node) -> set[str]:
    out: set[str] = set()
    for d in captures("(short_var_declaration) @d", body).get("d", []):
        left = d.child_by_field_name("left")
        right = d.child_by_field_name("right")
        if left is None or right is None or len(left.named_children) != 1:
            continue
        vals = right.named_children
        if len(vals) == 1 and vals[0].type == "call_expression":
            cn = call_name(vals[0])
            fn = vals[0].child_by_field_name("function")
            op = (
                fn.child_by_field_name("operand")
                if fn is not None and fn.type == "selector_expression"
                else None
            )
            if cn is not None and cn[1] == "Context" and op is not None and ctx.is_testing_value(op):
                out.add(text(left.named_children[0]))
    return out


_FLAG_SETTERS = frozenset({"Store", "Set", "Add", "Swap", "CompareAndSwap", "Inc", "Dec", "Toggle"})


def _polled(body: Node, g: Node, runs: Node | None) -> bool:
    """The goroutine sets an atomic flag or counter that the test reads back (`done.Store(true)` ...
    `require.Eventually(t, done.Load, ...)`): the test polls for it to finish."""
    if runs is None:
        return False
    set_on = set()
    for c in walk(runs):
        if c.type == "call_expression":
            cn = call_name(c)
            if cn is not None and cn[0] and cn[1] in _FLAG_SETTERS:
                set_on.add(cn[0])
    if not set_on:
        return False
    for c in captures("(call_expression) @c", body).get("c", []):
        if is_inside(c, g) or is_inside(c, runs):
            continue
        cn = call_name(c)
        if cn is not None and cn[0] in set_on and cn[1] == "Load":
            return True
    return False


def _cancels_what_test_waits_on(ctx: FileContext, body: Node, g: Node, runs: Node | None) -> bool:
    """The goroutine cancels a context the test then uses (`time.Sleep(d); cancel()` while the test blocks
    on `ctx`): it ends as the test's wait ends."""
    if runs is None:
        return False
    called = {
        text(c.child_by_field_name("function"))
        for c in walk(runs)
        if c.type == "call_expression" and not arguments(c)
    }
    for d in captures("(short_var_declaration) @d", body).get("d", []):
        left = d.child_by_field_name("left")
        right = d.child_by_field_name("right")
        names = [text(c) for c in left.named_children] if left is not None else []
        if len(names) != 2 or names[1] not in called or right is None:
            continue
        calls = [c for c in right.named_children if c.type == "call_expression"]
        if not (len(calls) == 1 and is_package_call(ctx, calls[0], "context")):
            continue
        uses = [
            i
            for i in captures("(identifier) @i", body).get("i", [])
            if text(i) == names[0] and not is_inside(i, runs) and i.parent is not None and i.parent != left
        ]
        if uses:
            return True
    return False


def _go_call_closes(fbody: _Body, g: Node) -> bool:
    """`go c.parseAndClose(op)`, `go srv.Shutdown()`: a call that ends by closing its receiver, while
    the test goes on using it or what was declared with it (`_, c, cr := setupClient()`); and
    `go w.Write(data)` into one end of a pipe whose other end the test reads (`r, w := net.Pipe()`)."""
    call = go_call(g)
    cn = call_name(call) if call is not None else None
    if cn is None or not cn[0] or not re.search(r"Close|Stop|Shutdown|Cancel|^Write", cn[1]):
        return False
    body = fbody.node
    watched = {cn[0]}
    for d in fbody.decls:
        if d.name == cn[0] and d.stmt.type == "short_var_declaration":
            left = d.stmt.child_by_field_name("left")
            if left is not None:
                watched.update(text(c) for c in left.named_children)
    watched = derived_names(body, watched, fbody.decls) - {"_", "err"}
    return any(
        text(i) in watched and i.start_byte > g.end_byte
        for i in captures("(identifier) @i", body).get("i", [])
    )


def _owned_by_receiver(fn: FuncInfo, g: Node, runs: list[Node]) -> bool:
    """In a method (a test proxy's `run`), a goroutine that signals through or works on the receiver
    (`defer p.wg.Done()`): the type's other methods wait for it."""
    if not fn.is_method:
        return False
    recv = fn.node.child_by_field_name("receiver")
    names = {
        text(c)
        for d in (recv.named_children if recv is not None else [])
        if d.type == "parameter_declaration"
        for c in d.children_by_field_name("name")
    }
    return any(n.type == "identifier" and text(n) in names for r in (runs or [g]) for n in walk(r))


def _closes_what_test_reads(fbody: _Body, g: Node, runs: Node | None) -> bool:
    """The goroutine closes something the test goes on using: it writes into one end of a pipe and closes
    it while the test reads the other end to EOF (`r, w := io.Pipe()`), or it closes a listener the test
    is blocked on.  It ends as the test's wait ends."""
    if runs is None:
        return False
    closed = set()
    for c in walk(runs):
        if c.type == "call_expression":
            cn = call_name(c)
            if cn is not None and cn[0] and (cn[1] in _SHUTDOWN or cn[1] in ("CloseWrite", "CloseWithError")):
                closed.add(cn[0])
    if not closed:
        return False
    # What the test may be blocked on: the closed value itself (`ln.Receive(ctx)` until `ln.Close()`) and
    # the values declared with it (the reading end `r` of `r, w := io.Pipe()`).
    body = fbody.node
    watched = set(closed)
    for d in fbody.decls:
        if d.name in closed and d.stmt.type == "short_var_declaration":
            left = d.stmt.child_by_field_name("left")
            if left is not None:
                watched.update(text(c) for c in left.named_children)
    watched = derived_names(body, watched, fbody.decls) - {"_", "err"}
    for i in captures("(identifier) @i", body).get("i", []):
        if text(i) in watched and i.start_byte > g.end_byte and not is_inside(i, runs):
            return True
    return False


def _or_none(nodes: list[Node]) -> list[Node | None]:
    """The nodes, or one None standing for "the go call itself" when there are none."""
    return list(nodes) if nodes else [None]


def _literal_arguments(g: Node) -> list[Node]:
    call = go_call(g)
    return [a for a in arguments(call) if a.type == "func_literal"] if call is not None else []


def _receives_from_resource(body: Node, g: Node, local: Node | None, resources: set[str]) -> bool:
    """The test receives from a channel of a value the goroutine works on (`go p.Resume()` ...
    `<-p.resumeChan`): the value's methods signal there."""
    for n in walk(body):
        if is_inside(n, g) or (local is not None and is_inside(n, local)):
            continue
        ch = None
        if n.type == "unary_expression" and text(n.child_by_field_name("operator")) == "<-":
            ch = n.child_by_field_name("operand")
        elif n.type == "range_clause":
            ch = n.child_by_field_name("right")
        if ch is not None and ch.type != "identifier" and _root(ch) in resources:
            return True
    return False


def _delivers_to_field(lit: Node | None) -> bool:
    """`go func() { sub.ch <- msg }()`: one value handed to a channel of another value, which the code
    under test reads; the goroutine ends with that receive."""
    if lit is None:
        return False
    stmts = statements(lit.child_by_field_name("body"))
    if len(stmts) != 1 or stmts[0].type != "send_statement":
        return False
    ch = stmts[0].child_by_field_name("channel")
    return ch is not None and ch.type == "selector_expression"


def _call_of(stmt: Node) -> Node | None:
    """The call of `f()` or `_ = f()`."""
    if stmt.type == "expression_statement" and stmt.named_children:
        return stmt.named_children[0]
    if stmt.type == "assignment_statement" and text(stmt.child_by_field_name("left")) == "_":
        right = stmt.child_by_field_name("right")
        vals = right.named_children if right is not None else []
        return vals[0] if len(vals) == 1 else None
    return None


def _delayed_poke(ctx: FileContext, lit: Node | None) -> bool:
    """`go func() { time.Sleep(d); x.Set(v) }()`: a goroutine that sleeps, then makes one call that does
    not report to the test.  It ends right after the change the test is waiting for; the sleep is the
    smell there (DET001), not the join."""
    if lit is None:
        return False
    stmts = statements(lit.child_by_field_name("body"))
    if len(stmts) != 2:
        return False
    sleep, poke = (_call_of(s) for s in stmts)
    if sleep is None or poke is None or sleep.type != "call_expression" or poke.type != "call_expression":
        return False
    if not any(c == sleep for c in ctx.calls(sleep, "time", ("Sleep",))):
        return False
    # A call that reports through t (`require.NoError(t, ...)`) may still fail after the test ended.
    return not any(n.type == "identifier" and ctx.is_testing_value(n) for n in walk(poke))


def _returned(body: Node, resources: set[str]) -> bool:
    """Whether the function hands one of the goroutine's resources to its caller (a helper that starts a
    server and returns it: the caller stops it)."""
    for r in walk(body, into_func_literals=False):
        if r.type == "return_statement":
            for n in walk(r):
                if n.type == "identifier" and text(n) in resources:
                    return True
    return False


@rule(
    code="CON002",
    name="unjoined-goroutine",
    severity=Severity.HINT,
    summary="A goroutine the test never waits for.",
)
def check(ctx: FileContext, fn: FuncInfo) -> Iterator[Finding]:
    if not in_test_code(ctx, fn) or fn.body is None or not mentions_go(ctx.src, fn.body):
        return
    body = fn.body
    memo: dict[tuple[int, int], list[Node]] = {}
    fbody = _Body(body)
    for g in go_statements(body, ctx.src):
        if in_callback(ctx, g, fn.node) or in_synctest_bubble(ctx, g):
            continue
        lit = go_literal(g)
        local = _local_literal(body, g) if lit is None else None
        # What the goroutine runs: its literal, a local `f := func() {...}` it calls, and the literals it
        # hands to the function it calls (`go barrier.Guard(func() { ...; wg.Done() })`).
        runs = [x for x in (lit, local) if x is not None] + _literal_arguments(g)
        sig = merge_signals([goroutine_signals(g, r) for r in runs] or [goroutine_signals(g)])
        if waits_for([body], sig, skip=g, also_skip=local, memo=memo):
            continue
        tnames = {b.name for b in binding_chain(ctx, g)}
        imports = {imp.local for imp in ctx.imports}
        resources = {
            r
            for x in _or_none(runs)
            for r in _with_sources(fbody, _resources(g, x))
            # A package name, unless a local variable takes it over (`memcache := newMemcache()`).
            if r not in tnames and (r not in imports or is_shadowed(r, g))
        }
        if (
            _shut_down(ctx, body, g, resources)
            or _returned(body, resources)
            or _returned(body, set(sig.channels))
            or _receives_from_resource(body, g, local, resources)
            or _go_call_closes(fbody, g)
            or _owned_by_receiver(fn, g, runs)
            or _delayed_poke(ctx, lit)
            or _delivers_to_field(lit)
            or any(
                _polled(body, g, r)
                or _cancels_what_test_waits_on(ctx, body, g, r)
                or _closes_what_test_reads(fbody, g, r)
                for r in runs
            )
        ):
            continue
        gc = go_call(g)
        what = (
            "this goroutine"
            if lit is not None or gc is None
            else f"the goroutine running {text(gc.child_by_field_name('function'))}"
        )
        yield check.finding(
            g.start_byte,
            (lit.child_by_field_name("parameters") or lit).end_byte if lit is not None else g.end_byte,
            f"nothing waits for {what}: it can outlive the test, use what the test already cleaned up, and "
            f"panic the test binary if it logs or fails after the test completed; join it with a "
            f"sync.WaitGroup, a done channel or errgroup",
        )
