"""DET005 sleep-sync: Sleeping to wait for a goroutine instead of joining it.

## What it does
Flags a `time.Sleep` (or a bare `<-time.After`) that follows a `go` statement in the same block (or a loop
starting goroutines) and comes before the test reads what the goroutine changed, with nothing joining the
goroutine in between: the sleep is there to give the goroutine time to finish.

## Why is this bad?
A sleep does not wait for the goroutine; it waits a fixed time and hopes the goroutine was faster.  Under
load (`-race`, a busy CI runner) the goroutine runs later, the test reads half-done state and fails, or,
worse, passes while a data race goes unnoticed.  And when the goroutine is fast, every run still pays for
the whole sleep.

## Example
```go
func TestWorkers(t *testing.T) {
        var n atomic.Int32
        for i := 0; i < 4; i++ {
                go func() { n.Add(1) }()
        }
        time.Sleep(100 * time.Millisecond)
        if n.Load() != 4 {
                t.Fatal("a worker did not run")
        }
}
```

## Use instead
```go
func TestWorkers(t *testing.T) {
        var n atomic.Int32
        var wg sync.WaitGroup
        for i := 0; i < 4; i++ {
                wg.Go(func() { n.Add(1) })
        }
        wg.Wait()
        if n.Load() != 4 {
                t.Fatal("a worker did not run")
        }
}
```

Not flagged: a goroutine the test joins (a WaitGroup's `Wait`, a receive from a channel it sends on or
closes, an errgroup's `Wait`) before it reads the goroutine's effects, sleeps in a polling loop (DET003),
and code inside a synctest bubble.

## Fix (refactor): Wait for the goroutines
Declares a `sync.WaitGroup` before the first goroutine, starts the goroutines with `wg.Go(func() {...})`
(Go >= 1.25) or `wg.Add(1)` and a `defer wg.Done()` (before), and replaces the sleep with `wg.Wait()`.
Works for one goroutine and for goroutines started in a loop.  Offered only for goroutines that look like
they finish: no channel operations, `select`, endless `for {}` or calls that serve or wait (`Serve`,
`Accept`, `Wait`...), and for `go f(args)` only with arguments that cannot change before the goroutine
runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from tree_sitter import Node

from ..analysis.context import FileContext
from ..analysis.functions import FuncInfo
from ..parsing import arguments, captures, statements, text, walk
from .alignment import disturbs_comment_alignment
from .base import Edit, Finding, Fix, Severity, rule
from .det_common import (
    TIME,
    counting_clause,
    det_scope,
    fresh_name,
    go_call,
    go_literal,
    goroutine_signals,
    in_bubble,
    is_receive,
    loop_header,
    loop_kind,
    poll_loop,
    runs_in_test,
    sleep_sites,
    sleep_statement,
    waits_on,
)

TITLE = "Wait for the goroutines"
# Methods whose receiver is a means of synchronisation or cancellation, not state the goroutine produces.
_NOT_EFFECTS = frozenset(
    {
        "Done",
        "Err",
        "Value",
        "Deadline",
        "Lock",
        "Unlock",
        "RLock",
        "RUnlock",
        "Wait",
        "Signal",
        "Load",
        "Get",
        "Len",
        "String",
        "Name",
        "ID",
        "Addr",
        "Context",
        "Broadcast",
        "Helper",
        "Log",
        "Logf",
        "Error",
        "Errorf",
        "Fatal",
        "Fatalf",
    }
)
# Methods that act on shared state rather than read it: a sleep before them orders, it does not wait.
_ACTIONS = re.compile(
    r"^(Close|Stop|Shutdown|Kill|Cancel|Start|Run|Send|Write|Put|Delete|Set|Add|Remove|Update|Publish|Restart|Reload|Exit)"
)
# Calls that serve, accept or wait: a goroutine making them may never finish, so wg.Wait() could hang.
_BLOCKING = re.compile(
    r"(?i)^(serve|listenandserve|accept|wait|run|start|recv|read|listen|dial|sleep|loop|main|exec|process|handle|poll)"
)


@dataclass
class _Goroutine:
    stmt: Node  # the statement of the block that starts it: the go statement, or a loop holding it
    go: Node  # the go statement


def _goroutines_in(stmt: Node) -> list[Node]:
    """Go statements a statement of the block starts: itself, or directly in a loop's body."""
    if stmt.type == "go_statement":
        return [stmt]
    if stmt.type == "for_statement":
        body = stmt.child_by_field_name("body")
        return [s for s in statements(body) if s.type == "go_statement"]
    return []


def _written(go: Node, ctx: FileContext) -> set[str]:
    """Names declared outside the goroutine that it writes or calls methods on: its effects."""
    call = go_call(go)
    if call is None:
        return set()
    lit = go_literal(go)
    out: set[str] = set()
    imports = {i.local for i in ctx.imports}
    if lit is None:
        f = call.child_by_field_name("function")
        if f is not None and f.type == "selector_expression":
            op = f.child_by_field_name("operand")
            if (
                op is not None
                and op.type == "identifier"
                and text(f.child_by_field_name("field")) not in _NOT_EFFECTS
            ):
                out.add(text(op))
        for arg in arguments(call):
            a: Node | None = arg
            if arg.type == "unary_expression" and text(arg.child_by_field_name("operator")) == "&":
                a = arg.child_by_field_name("operand")
            # A context handed in is how the goroutine is stopped, not what it produces.
            if a is not None and a.type == "identifier" and not text(a).lower().endswith("ctx"):
                out.add(text(a))
        b = ctx.testing_binding(go)
        return out - imports - ({b.name} if b is not None else set())
    body = lit.child_by_field_name("body")
    if body is None:
        return set()
    local: set[str] = set()
    for n in walk(body):
        t = n.type
        if t in ("short_var_declaration",):
            left = n.child_by_field_name("left")
            local.update(text(c) for c in (left.named_children if left is not None else []))
        elif t == "var_spec":
            local.update(text(c) for c in n.children_by_field_name("name"))
        elif t == "range_clause":
            left = n.child_by_field_name("left")
            local.update(text(c) for c in (left.named_children if left is not None else []))
        elif t in ("assignment_statement", "inc_statement", "dec_statement"):
            left = n.child_by_field_name("left") if t == "assignment_statement" else None
            targets = left.named_children if left is not None else n.named_children[:1]
            for tg in targets:
                base = tg
                while base.type in ("selector_expression", "index_expression", "parenthesized_expression"):
                    nxt = base.child_by_field_name("operand") or (
                        base.named_children[0] if base.named_children else None
                    )
                    if nxt is None:
                        break
                    base = nxt
                if base.type == "identifier":
                    out.add(text(base))
        elif t == "call_expression":
            f = n.child_by_field_name("function")
            if f is not None and f.type == "selector_expression":
                op = f.child_by_field_name("operand")
                if (
                    op is not None
                    and op.type == "identifier"
                    and text(f.child_by_field_name("field")) not in _NOT_EFFECTS
                ):
                    out.add(text(op))
            for a in arguments(n):
                if a.type == "unary_expression" and text(a.child_by_field_name("operator")) == "&":
                    inner = a.child_by_field_name("operand")
                    if inner is not None and inner.type == "identifier":
                        out.add(text(inner))
        elif t == "send_statement":
            ch = n.child_by_field_name("channel")
            if ch is not None and ch.type == "identifier":
                out.add(text(ch))
    params: set[str] = set()
    plist = lit.child_by_field_name("parameters")
    for d in plist.named_children if plist is not None else []:
        params.update(text(c) for c in d.children_by_field_name("name"))
    b = ctx.testing_binding(go)
    skip = imports | local | params | ({b.name} if b is not None else set())
    return out - skip


def _reads(node: Node, names: set[str]) -> bool:
    """Whether `node` reads one of `names` (the left side of a plain assignment is not a read)."""
    for n in captures("(identifier) @id", node).get("id", []):
        if text(n) not in names:
            continue
        par = n.parent
        if (
            par is not None
            and par.type == "expression_list"
            and par.parent is not None
            and par.parent.type == "assignment_statement"
            and par.parent.child_by_field_name("left") == par
            and text(par.parent.child_by_field_name("operator")) == "="
        ):
            continue
        return True
    return False


def _following(stmt: Node, stop: Node) -> list[Node]:
    """The statements after `stmt` in its block, then after its enclosing statements, up to `stop`."""
    out: list[Node] = []
    cur: Node | None = stmt
    while cur is not None and cur != stop:
        parent = cur.parent
        if parent is not None and parent.type in ("statement_list", "block"):
            sib = cur.next_named_sibling
            while sib is not None:
                if sib.type != "comment":
                    out.append(sib)
                sib = sib.next_named_sibling
        cur = parent
    return out


def waiting_for(ctx: FileContext, fn: FuncInfo, site: Node) -> list[_Goroutine]:
    """The goroutines the sleep at `site` waits for (empty when it does not wait for one)."""
    stmt = sleep_statement(site)
    if stmt is None or stmt.parent is None:
        return []
    block = stmt.parent
    loop = block.parent.parent if block.type == "statement_list" and block.parent is not None else None
    if loop is not None and loop.type == "for_statement" and poll_loop(ctx, loop, fn.node):
        return []  # DET003's: the sleep paces a polling loop
    siblings = [s for s in block.named_children if s.type != "comment"]
    idx = next((i for i, s in enumerate(siblings) if s == stmt), -1)
    if idx < 0:
        return []
    # Goroutines started since the previous sleep of this block.
    cands: list[_Goroutine] = []
    for s in reversed(siblings[:idx]):
        if s.type == "expression_statement" and any(
            x for x in sleep_sites(ctx, s) if sleep_statement(x) == s
        ):
            break
        for g in _goroutines_in(s):
            cands.append(_Goroutine(s, g))
    if not cands:
        return []
    after = _following(stmt, fn.node)
    out: list[_Goroutine] = []
    for c in reversed(cands):
        # A goroutine the test joins later, or one that runs until told to stop, is not what the sleep
        # waits for: the sleep orders things (lets it get going, lets a stress loop run) and the join
        # comes elsewhere.  DET001 still reports such sleeps.
        if _joined_anywhere(c, fn) or _long_running(ctx, c.go):
            continue
        effects = _written(c.go, ctx)
        if not after:
            out.append(c)  # the sleep ends the test: it only gives the goroutine time to finish
            continue
        for s in after:
            if effects and _reads(s, effects):
                if _is_check(ctx, s):
                    out.append(c)  # the test checks what the goroutine did
                break  # the first touch is an action on shared state: ordering, not waiting
    return out


def _channel_names(node: Node) -> set[str]:
    """Names the enclosing top-level function declares as channels (`x := make(chan T)`, `x chan T`)."""
    top = node
    while top.parent is not None and top.parent.type != "source_file":
        top = top.parent
    out: set[str] = set()
    for d in captures("(short_var_declaration) @d (var_spec) @d (parameter_declaration) @d", top).get(
        "d", []
    ):
        t = text(d)
        if "chan " in t or "chan<-" in t or "<-chan" in t:
            if d.type == "short_var_declaration":
                left = d.child_by_field_name("left")
                right = d.child_by_field_name("right")
                if left is not None and right is not None:
                    for ln, rn in zip(left.named_children, right.named_children, strict=False):
                        if text(rn).startswith("make(chan") or text(rn).startswith("make(<-chan"):
                            out.add(text(ln))
            else:
                out.update(text(n) for n in d.children_by_field_name("name"))
    return out


def _is_check(ctx: FileContext, stmt: Node) -> bool:
    """Whether a statement reads state to check it: a condition, a value taken for a later check, or an
    assertion (testify, `t.Error`/`t.Fatal`)."""
    t = stmt.type
    if t in ("if_statement", "expression_switch_statement"):
        return True
    if t in ("short_var_declaration", "var_declaration", "assignment_statement"):
        # `got := c.get()` takes a value to check; `_ = srv.Close()` acts.
        left = stmt.child_by_field_name("left")
        if left is not None and all(text(c) == "_" for c in left.named_children):
            return False
        for call in captures(
            "(call_expression function: (selector_expression field: (field_identifier) @m))", stmt
        ).get("m", []):
            if _ACTIONS.match(text(call)):
                return False
        return True
    if t == "expression_statement" and stmt.named_children:
        call = stmt.named_children[0]
        if call.type != "call_expression":
            return False
        f = call.child_by_field_name("function")
        if f is None or f.type != "selector_expression":
            return False
        op = f.child_by_field_name("operand")
        if op is None or op.type != "identifier":
            return False
        if ctx.is_testing_value(op):
            return True
        return any(
            ctx.refers_to_import(op, p)
            for p in ("github.com/stretchr/testify/assert", "github.com/stretchr/testify/require")
        )
    return False


def _long_running(ctx: FileContext, go: Node) -> bool:
    """A goroutine that loops until told to stop (`for {`, `for !stop.Load() {`, `for ctx.Err() == nil`)
    or waits on channels: it does not finish on its own."""
    lit = go_literal(go)
    if lit is None:
        return False
    body = lit.child_by_field_name("body")
    chans = _channel_names(go)
    for n in walk(body) if body is not None else []:
        if n.type == "func_literal" and n != lit:
            continue
        if n.type == "for_statement":
            kind = loop_kind(n)
            if kind in ("forever", "cond"):
                return True
            if kind == "range":
                # `for err := range errs` over a channel: runs until someone closes it.
                header = loop_header(n)
                right = header.child_by_field_name("right") if header is not None else None
                if right is not None and text(right) in chans:
                    return True
            if kind == "clause":
                header = loop_header(n)
                if header is not None and not counting_clause(header):
                    return True
        if n.type == "select_statement":
            return True
    return False


def _joined_anywhere(c: _Goroutine, fn: FuncInfo) -> bool:
    body = fn.body
    return body is not None and waits_on(body, goroutine_signals(c.go), skip=c.go) is not None


@rule(
    code="DET005",
    name="sleep-sync",
    severity=Severity.WARNING,
    summary="Sleeping to wait for a goroutine instead of joining it.",
    fix="refactor",
    supersedes=("DET001",),
    needles=(b"go ", b"go\t"),
)
def check(ctx: FileContext, fn: FuncInfo) -> Iterator[Finding]:
    if not det_scope(ctx, fn):
        return
    for site in sleep_sites(ctx, fn.node):
        if not runs_in_test(ctx, site, fn.node) or in_bubble(ctx, site):
            continue
        gs = waiting_for(ctx, fn, site)
        if not gs:
            continue
        fix = _fix(ctx, fn, site, gs)
        what = "time.Sleep" if site.type == "call_expression" else "<-time.After"
        msg = (
            f"{what} waits for the goroutine by guessing how long it takes: under load it runs later and "
            "the test reads half-done state; wait on a sync.WaitGroup instead"
        )
        yield check.finding(site.start_byte, site.end_byte, msg, [fix] if fix is not None else [])


# -- the fix ----------------------------------------------------------------------------------------------


def _finishes(ctx: FileContext, go: Node) -> bool:
    """Whether the goroutine looks like it returns on its own (so waiting for it cannot hang)."""
    call = go_call(go)
    if call is None:
        return False
    lit = go_literal(go)
    if lit is None:
        f = call.child_by_field_name("function")
        name = (
            text(f.child_by_field_name("field"))
            if f is not None and f.type == "selector_expression"
            else text(f)
        )
        return not _BLOCKING.match(name)
    body = lit.child_by_field_name("body")
    if body is None:
        return False
    for n in walk(body):
        if n.type in ("select_statement", "send_statement") or is_receive(n):
            return False
        if n.type == "for_statement" and all(c.type in ("block", "comment") for c in n.named_children):
            return False
        if n.type == "call_expression":
            f = n.child_by_field_name("function")
            name = ""
            if f is not None and f.type == "selector_expression":
                name = text(f.child_by_field_name("field"))
            elif f is not None and f.type == "identifier":
                name = text(f)
            if _BLOCKING.match(name):
                return False
    return True


def _stable_args(ctx: FileContext, fn: FuncInfo, go: Node, call: Node) -> bool:
    """For `go f(a, b)` becoming `wg.Go(func() { f(a, b) })`: the arguments are evaluated later, so they
    must be literals or variables nothing assigns after the go statement."""
    body = fn.body
    for a in arguments(call):
        if a.type in (
            "int_literal",
            "interpreted_string_literal",
            "raw_string_literal",
            "float_literal",
            "true",
            "false",
            "nil",
        ):
            continue
        if a.type != "identifier" or body is None:
            return False
        name = text(a)
        for n in walk(body):
            if n.start_byte < go.end_byte:
                continue
            if n.type in ("assignment_statement", "short_var_declaration"):
                left = n.child_by_field_name("left")
                if left is not None and any(text(c) == name for c in left.named_children):
                    return False
            elif (
                n.type in ("inc_statement", "dec_statement")
                and n.named_children
                and text(n.named_children[0]) == name
            ):
                # `for i := 0; i < n; i++` is fine from Go 1.22 on: each iteration has its own i.
                loop_update = n.parent is not None and n.parent.type == "for_clause"
                if not (loop_update and ctx.go_at_least(22)):
                    return False
    call_fn = call.child_by_field_name("function")
    return call_fn is not None and call_fn.type in ("identifier", "selector_expression")


_NEGATIVE = frozenset(
    {"False", "Falsef", "Zero", "Zerof", "Empty", "Emptyf", "Nil", "Nilf", "Never", "Neverf"}
)


def _expects_not_done(ctx: FileContext, fn: FuncInfo, sleep: Node, gs: list[_Goroutine]) -> bool:
    """Whether the test checks that the goroutine has NOT got somewhere yet (`require.False(t,
    done.Load())`, `if done.Load() { t.Fatal(...) }`): the sleep shows it is blocked, and waiting for it
    to finish would hang."""
    effects: set[str] = set()
    for g in gs:
        effects |= _written(g.go, ctx)
    for s in _following(sleep, fn.node):
        if not (effects and _reads(s, effects)):
            continue
        if s.type == "expression_statement" and s.named_children:
            call = s.named_children[0]
            f = call.child_by_field_name("function") if call.type == "call_expression" else None
            if f is not None and f.type == "selector_expression":
                return text(f.child_by_field_name("field")) in _NEGATIVE
        if s.type == "if_statement":
            cond = s.child_by_field_name("condition")
            return cond is not None and cond.type in ("identifier", "selector_expression", "call_expression")
        return False
    return False


def _indent(src: bytes, node: Node) -> str:
    ls = src.rfind(b"\n", 0, node.start_byte) + 1
    return src[ls : node.start_byte].decode()


def _fix(ctx: FileContext, fn: FuncInfo, site: Node, gs: list[_Goroutine]) -> Fix | None:
    src = ctx.src
    stmt = sleep_statement(site)
    if stmt is None:
        return None
    sync_local = ctx.local_name("sync")
    if sync_local == ".":
        return None
    sq = sync_local or "sync"
    wg = fresh_name(fn.node, ("wg", "wg2", "goroutines"), {sq})
    if wg is None:
        return None
    if _expects_not_done(ctx, fn, stmt, gs):
        return None
    new_go = ctx.go_at_least(25)
    edits: list[Edit] = []
    firsts = sorted({g.stmt.start_byte: g.stmt for g in gs}.values(), key=lambda n: n.start_byte)
    first = firsts[0]
    for g in gs:
        if not _finishes(ctx, g.go):
            return None
        call = go_call(g.go)
        if call is None:
            return None
        lit = go_literal(g.go)
        args = call.child_by_field_name("arguments")
        if lit is not None and args is not None and not arguments(call) and new_go:
            # go func() {...}()  ->  wg.Go(func() {...})
            edits.append(Edit(g.go.start_byte, call.start_byte, f"{wg}.Go("))
            edits.append(Edit(lit.end_byte, call.end_byte, ")"))
        elif lit is None:
            if not _stable_args(ctx, fn, g.go, call):
                return None
            if new_go:
                edits.append(Edit(g.go.start_byte, call.start_byte, f"{wg}.Go(func() {{ "))
                edits.append(Edit(call.end_byte, call.end_byte, " })"))
            else:
                ind = _indent(src, g.go)
                edits.append(Edit(g.go.start_byte, g.go.start_byte, f"{wg}.Add(1)\n{ind}"))
                edits.append(Edit(call.start_byte, call.start_byte, f"func() {{ defer {wg}.Done(); "))
                edits.append(Edit(call.end_byte, call.end_byte, " }()"))
        else:
            # wg.Add(1) before, `defer wg.Done()` first in the literal (multi-line bodies only).
            body = lit.child_by_field_name("body")
            if body is None:
                return None
            nl = src.find(b"\n", body.start_byte, body.end_byte)
            if nl < 0:
                return None
            ind = _indent(src, g.go)
            edits.append(Edit(g.go.start_byte, g.go.start_byte, f"{wg}.Add(1)\n{ind}"))
            edits.append(Edit(body.start_byte + 1, body.start_byte + 1, f"\n{ind}\tdefer {wg}.Done()"))
    ind = _indent(src, first)
    if ind.strip():
        return None
    decl = f"var {wg} {sq}.WaitGroup\n{ind}"
    # The declaration goes first when something else is inserted at the same place (`wg.Add(1)`).
    same = next((e for e in edits if e.start == e.end == first.start_byte), None)
    if same is not None:
        edits.remove(same)
        decl += same.new
    edits.append(Edit(first.start_byte, first.start_byte, decl))
    edits.append(Edit(stmt.start_byte, stmt.end_byte, f"{wg}.Wait()"))
    if disturbs_comment_alignment(ctx, edits):
        return None
    add = () if sync_local is not None else (("sync", None),)
    return Fix(TITLE, "refactor", tuple(edits), add_imports=add, prune_imports=(TIME,))
