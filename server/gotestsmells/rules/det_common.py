"""Questions the DET rules share: where a sleep is, whether code runs as part of the test (and not in a
callback a server or a library calls later), whether a goroutine is joined, and small text edits
(re-indenting a block, picking a fresh name).  Syntactic, erring toward "don't know"."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from tree_sitter import Node

from ..analysis.context import FileContext
from ..analysis.functions import FuncInfo
from ..parsing import arguments, call_name, captures, text, walk
from .common import in_synctest_bubble, in_test_code, is_subtest_closure, is_synctest_closure
from .nodefind import is_package_call
from .textscan import pkg_calls

TIME = "time"
LOOP_TYPES = ("for_statement",)


# -- sleeps ---------------------------------------------------------------------------------------------


def is_receive(n: Node | None) -> bool:
    return n is not None and n.type == "unary_expression" and text(n.child_by_field_name("operator")) == "<-"


def sleep_sites(ctx: FileContext, node: Node) -> list[Node]:
    """`time.Sleep(d)` calls and bare `<-time.After(d)` receives (a statement of their own, not a `select`
    case) under `node`, in source order.  The node returned is where a finding on the sleep starts: the
    call, or the `<-` unary expression.  Memoized per node: DET001, DET003, DET005 and the clock fix ask
    about the same functions."""
    memo: dict[tuple[int, int, int], list[Node]] | None = ctx.__dict__.get("_sleep_sites")
    if memo is None:
        memo = {}
        ctx.__dict__["_sleep_sites"] = memo
    key = (node.id, node.start_byte, node.end_byte)
    hit = memo.get(key)
    if hit is None:
        hit = memo[key] = _sleep_sites(ctx, node)
    return list(hit)


def _sleep_sites(ctx: FileContext, node: Node) -> list[Node]:
    out = pkg_calls(ctx, node, TIME, ("Sleep",))
    for call in pkg_calls(ctx, node, TIME, ("After",)):
        u = call.parent
        if (
            is_receive(u)
            and u is not None
            and u.parent is not None
            and u.parent.type == "expression_statement"
        ):
            out.append(u)
    out.sort(key=lambda n: n.start_byte)
    return out


def sleep_statement(site: Node) -> Node | None:
    """The expression statement that is just this sleep (`time.Sleep(d)` / `<-time.After(d)`)."""
    p = site.parent
    return p if p is not None and p.type == "expression_statement" else None


def sleep_duration(site: Node) -> Node | None:
    call = site if site.type == "call_expression" else site.child_by_field_name("operand")
    if call is None:
        return None
    args = arguments(call)
    return args[0] if len(args) == 1 else None


# -- does this code run as part of the test? -------------------------------------------------------------


def _literal_call(lit: Node) -> Node | None:
    """The call a function literal is an argument of."""
    args = lit.parent
    if args is None or args.type != "argument_list":
        return None
    call = args.parent
    return call if call is not None and call.type == "call_expression" else None


def is_cleanup_closure(ctx: FileContext, lit: Node) -> bool:
    """`t.Cleanup(func() {...})`: runs in the test's goroutine when the test ends."""
    call = _literal_call(lit)
    if call is None:
        return False
    cn = call_name(call)
    if cn is None or cn[1] != "Cleanup":
        return False
    fn = call.child_by_field_name("function")
    op = fn.child_by_field_name("operand") if fn is not None else None
    return op is not None and ctx.is_testing_value(op)


def is_fuzz_closure(ctx: FileContext, lit: Node) -> bool:
    """`f.Fuzz(func(t *testing.T, ...) {...})`: the fuzz target's body."""
    call = _literal_call(lit)
    if call is None:
        return False
    cn = call_name(call)
    if cn is None or cn[1] != "Fuzz":
        return False
    fn = call.child_by_field_name("function")
    op = fn.child_by_field_name("operand") if fn is not None else None
    return op is not None and ctx.is_testing_value(op, ("F",))


def is_go_literal(lit: Node) -> bool:
    call = lit.parent
    return (
        call is not None
        and call.type == "call_expression"
        and call.child_by_field_name("function") == lit
        and call.parent is not None
        and call.parent.type == "go_statement"
    )


def called_here(lit: Node) -> bool:
    """`func() {...}()` or `defer func() {...}()`: the literal runs where it stands."""
    call = lit.parent
    return (
        call is not None
        and call.type == "call_expression"
        and call.child_by_field_name("function") == lit
        and (call.parent is None or call.parent.type != "go_statement")
    )


def test_literal(ctx: FileContext, lit: Node, *, goroutines: bool = True) -> bool:
    """Whether a function literal's body is part of its test: called on the spot, a subtest, a synctest
    bubble, a cleanup, a fuzz target, or (when `goroutines`) a goroutine the test starts.  Any other
    literal is a callback (a fake server's handler, a hook stored for later) that the test does not run
    itself."""
    if called_here(lit):
        return True
    if goroutines and is_go_literal(lit):
        return True
    return (
        is_subtest_closure(ctx, lit)
        or is_synctest_closure(ctx, lit)
        or is_cleanup_closure(ctx, lit)
        or is_fuzz_closure(ctx, lit)
    )


def runs_in_test(ctx: FileContext, node: Node, stop: Node, *, goroutines: bool = True) -> bool:
    """Whether `node` (under the top-level function `stop`) runs as part of the test, not in a callback."""
    cur = node.parent
    while cur is not None and cur != stop:
        if cur.type == "func_literal" and not test_literal(ctx, cur, goroutines=goroutines):
            return False
        cur = cur.parent
    return True


def det_scope(ctx: FileContext, fn: FuncInfo) -> bool:
    """The functions the DET rules look into: test code, with a body."""
    return in_test_code(ctx, fn) and fn.body is not None


def in_bubble(ctx: FileContext, node: Node) -> bool:
    return in_synctest_bubble(ctx, node)


# -- loops ----------------------------------------------------------------------------------------------


def enclosing_loop(node: Node, stop: Node) -> Node | None:
    """The nearest `for` statement around `node`, not crossing a function literal."""
    cur = node.parent
    while cur is not None and cur != stop:
        if cur.type == "func_literal":
            return None
        if cur.type == "for_statement":
            return cur
        cur = cur.parent
    return None


def loop_kind(loop: Node) -> str:
    """ "range", "clause" (`for i := 0; i < n; i++`), "cond" (`for x {`), or "forever" (`for {`)."""
    for c in loop.named_children:
        if c.type == "range_clause":
            return "range"
        if c.type == "for_clause":
            return "clause"
        if c.type not in ("block", "comment"):
            return "cond"
    return "forever"


def loop_header(loop: Node) -> Node | None:
    for c in loop.named_children:
        if c.type not in ("block", "comment"):
            return c
    return None


# -- joining goroutines ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Signals:
    """How a goroutine tells others it is done: channels it sends on or closes, WaitGroups it calls
    `Done()` on, and the texts of what it is handed (`go worker(ch, &wg)`: it may do either)."""

    channels: frozenset[str]
    done: frozenset[str]
    handed: frozenset[str]


def go_call(go_stmt: Node) -> Node | None:
    return next((c for c in go_stmt.named_children if c.type == "call_expression"), None)


def go_literal(go_stmt: Node) -> Node | None:
    call = go_call(go_stmt)
    fn = call.child_by_field_name("function") if call is not None else None
    return fn if fn is not None and fn.type == "func_literal" else None


def goroutine_signals(go_stmt: Node) -> Signals:
    chans: set[str] = set()
    done: set[str] = set()
    handed: set[str] = set()
    call = go_call(go_stmt)
    if call is None:
        return Signals(frozenset(), frozenset(), frozenset())
    handed.update(text(a).lstrip("&") for a in arguments(call))
    fn = call.child_by_field_name("function")
    if fn is not None and fn.type == "selector_expression":
        # go srv.Run(): the receiver may signal (srv.Wait(), <-srv.Done()).
        handed.add(text(fn.child_by_field_name("operand")))
    lit = go_literal(go_stmt)
    body = lit.child_by_field_name("body") if lit is not None else None
    if body is not None:
        for n in walk(body):
            if n.type == "send_statement":
                chans.add(text(n.child_by_field_name("channel")))
            elif n.type == "call_expression":
                f = n.child_by_field_name("function")
                if f is None:
                    continue
                if f.type == "identifier" and text(f) == "close":
                    chans.update(text(a) for a in arguments(n))
                elif (
                    f.type == "selector_expression"
                    and text(f.child_by_field_name("field")) == "Done"
                    and not arguments(n)
                ):
                    done.add(text(f.child_by_field_name("operand")))
                for a in arguments(n):
                    if a.type in ("identifier", "selector_expression", "unary_expression"):
                        handed.add(text(a).lstrip("&"))
    return Signals(frozenset(chans), frozenset(done), frozenset(handed))


def received_channel(n: Node) -> str | None:
    """The channel a node receives from: `<-ch`, `for range ch`."""
    if is_receive(n):
        return text(n.child_by_field_name("operand"))
    if n.type == "range_clause":
        return text(n.child_by_field_name("right"))
    return None


def _nonblocking_select(n: Node) -> bool:
    return n.type == "select_statement" and any(c.type == "default_case" for c in n.named_children)


def blocking_waits(root: Node, skip: Node | None = None) -> Iterator[tuple[Node, str]]:
    """(node, name) for every blocking wait under `root` (outside `skip`): a receive (not in a `select`
    with a `default`), a range over a channel, a `.Wait()` call, and a `Wait`-like hand-off."""
    stack = [root]
    while stack:
        n = stack.pop()
        if skip is not None and n.start_byte >= skip.start_byte and n.end_byte <= skip.end_byte:
            continue
        if _nonblocking_select(n):
            continue
        r = received_channel(n)
        if r is not None:
            yield n, r
        elif n.type == "call_expression":
            f = n.child_by_field_name("function")
            if f is not None and f.type == "selector_expression":
                field = text(f.child_by_field_name("field"))
                if field == "Wait":
                    yield n, text(f.child_by_field_name("operand"))
        stack.extend(reversed(n.children))


def waits_on(root: Node, sig: Signals, skip: Node | None = None) -> Node | None:
    """The first blocking wait under `root` on one of the goroutine's signals, if any."""
    chans = sig.channels | sig.handed
    wgs = sig.done | sig.handed
    for n, name in blocking_waits(root, skip):
        if n.type == "call_expression":
            if name in wgs:
                return n
        elif name in chans:
            return n
    return None


def is_joined(go_stmt: Node, scope: Node) -> bool:
    """Whether the test waits for the goroutine somewhere in `scope` (outside the goroutine itself)."""
    sig = goroutine_signals(go_stmt)
    if not (sig.channels or sig.done or sig.handed):
        return False
    return waits_on(scope, sig, skip=go_stmt) is not None


# -- names and text -------------------------------------------------------------------------------------


def used_names(node: Node) -> set[str]:
    return {text(n) for n in captures("(identifier) @id", node).get("id", [])}


def fresh_name(node: Node, candidates: Iterable[str], extra: set[str] | None = None) -> str | None:
    """The first candidate not used as an identifier anywhere under `node` (nor in `extra`)."""
    used = used_names(node) | (extra or set())
    for c in candidates:
        if c not in used:
            return c
    return None


def raw_string_lines(src: bytes, node: Node) -> set[int]:
    """Byte offsets of line starts that lie inside a multi-line raw string literal under `node`: those
    lines must not be re-indented (the string's content would change)."""
    out: set[int] = set()
    for s in captures("(raw_string_literal) @s", node).get("s", []):
        if s.start_point.row == s.end_point.row:
            continue
        i = src.find(b"\n", s.start_byte, s.end_byte)
        while 0 <= i < s.end_byte:
            out.add(i + 1)
            i = src.find(b"\n", i + 1, s.end_byte)
    return out


def reindent(src: bytes, start: int, end: int, skip_lines: set[int], add: str = "\t") -> str:
    """src[start:end], each line that starts inside the range indented by `add` (empty lines and lines in
    `skip_lines` left alone).  `start` must be a line start."""
    chunk = src[start:end]
    out: list[bytes] = []
    pos = start
    for line in chunk.split(b"\n"):
        if pos in skip_lines or line.strip() == b"":
            out.append(line)
        else:
            out.append(add.encode() + line)
        pos += len(line) + 1
    return b"\n".join(out).decode("utf-8", "surrogatepass")


def node_at(ctx: FileContext, start: int, types: tuple[str, ...]) -> Node | None:
    """The outermost node of one of `types` that starts at byte `start` (where a finding stands)."""
    n = ctx.root.descendant_for_byte_range(start, start)
    best: Node | None = None
    while n is not None:
        if n.start_byte != start:
            break
        if n.type in types:
            best = n
        n = n.parent
    return best


# -- polling loops -------------------------------------------------------------------------------------------


_FAILING = re.compile(r"(Fatal|Error|Fail|Unreachable|Skip|panic)")
# An exit on an error (`rxErr != nil`) or a cancellation is not the awaited condition; `err == nil` (a
# retry that succeeded) is.
_RETRY_OK = re.compile(r"(?i)\berr\w*\s*==\s*nil")
_CANCEL_COND = re.compile(r"(?i)\w*err\w*\s*!=\s*nil|errors\.(Is|As)|Err\(\)|Done\(\)|shut|clos|stop|cancel")


def _success_condition(cond: Node | None) -> bool:
    """`ready()`, `n == want`, `err == nil`: a condition that says the awaited thing happened (not an
    error, a shutdown, a cancellation)."""
    if cond is None:
        return False
    t = text(cond)
    return bool(_RETRY_OK.search(t)) or not _CANCEL_COND.search(t)


def _loop_exits(loop: Node) -> list[Node]:
    """The statements that leave the loop from its body: a `return`, a `goto`, a `break` that targets
    this loop (not a nested `for`/`select`/`switch`), or a labeled break."""
    body = loop.child_by_field_name("body")
    if body is None:
        return []
    out: list[Node] = []
    stack: list[tuple[Node, bool]] = [(c, False) for c in body.children]  # (node, inside a breakable)
    while stack:
        n, nested = stack.pop()
        t = n.type
        if t == "func_literal":
            continue
        leaves = t in ("return_statement", "goto_statement")
        if leaves or (t == "break_statement" and (n.named_children or not nested)):
            out.append(n)
        inner = nested or t in (
            "for_statement",
            "select_statement",
            "expression_switch_statement",
            "type_switch_statement",
        )
        stack.extend((c, inner) for c in n.children)
    return out


def _fails(node: Node) -> bool:
    """Whether a block reports a failure or an error: t.Fatal/Error, must.Unreachable, a send
    (`errc <- err`)."""
    for n in walk(node):
        if n.type == "send_statement":
            return True
        if n.type == "call_expression":
            f = n.child_by_field_name("function")
            name = (
                text(f.child_by_field_name("field"))
                if f is not None and f.type == "selector_expression"
                else text(f)
            )
            if _FAILING.match(name) or name == "Errorf":
                return True
    return False


def success_exit(loop: Node) -> bool:
    """Whether the loop can stop because what it waits for happened: an exit under an `if`/`case` on some
    condition that is not an error, a cancellation or a failure (`if ready() { break }`)."""
    for ex in _loop_exits(loop):
        cur = ex.parent
        ok = False
        while cur is not None and cur != loop:
            if cur.type in ("communication_case", "default_case", "type_case"):
                break  # a select case: an event or a cancellation, not a polled condition
            if cur.type in ("if_statement", "expression_case"):
                cond = (
                    cur.child_by_field_name("condition")
                    if cur.type == "if_statement"
                    else cur.child_by_field_name("value")
                )
                ok = _success_condition(cond) and not _fails(cur)
                break
            if cur.type in ("block", "statement_list") and _fails(cur):
                break
            cur = cur.parent
        if ok:
            return True
    return False


_NOT_AWAITED = re.compile(r"Err\(\)|Done\(\)|time\.|Before\(|After\(|deadline|timeout", re.I)


def awaited_condition(cond: Node | None, counters: set[str]) -> bool:
    """Whether a loop condition tests the awaited state (`!srv.Ready()`, `len(got) < want`), not only a
    counter, a context or a deadline."""
    if cond is None:
        return False
    parts: list[Node] = []
    stack = [cond]
    while stack:
        n = stack.pop()
        if n.type == "parenthesized_expression" and n.named_children:
            stack.append(n.named_children[0])
        elif n.type == "binary_expression" and text(n.child_by_field_name("operator")) in ("&&", "||"):
            stack.extend(
                c for c in (n.child_by_field_name("left"), n.child_by_field_name("right")) if c is not None
            )
        else:
            parts.append(n)
    for p in parts:
        if _NOT_AWAITED.search(text(p)):
            continue
        if p.type == "binary_expression":
            lhs, rhs = p.child_by_field_name("left"), p.child_by_field_name("right")
            if text(lhs) in counters or text(rhs) in counters:
                continue
        # `shouldPass(i)`: a function of the counter only still just counts.
        idents = {
            text(n)
            for n in captures("(identifier) @id", p).get("id", [])
            if not (
                n.parent is not None
                and n.parent.type == "call_expression"
                and n.parent.child_by_field_name("function") == n
            )
        }
        if counters and idents and idents <= counters:
            continue
        return True
    return False


def counting_clause(clause: Node) -> bool:
    """`for i := 0; i < n; i++`: the condition only compares the variable the initializer declares."""
    init = clause.child_by_field_name("initializer")
    cond = clause.child_by_field_name("condition")
    if init is None or cond is None or cond.type != "binary_expression":
        return cond is None
    names: set[str] = set()
    left = init.child_by_field_name("left")
    if left is not None:
        names = {text(c) for c in left.named_children}
    if text(cond.child_by_field_name("operator")) not in ("<", "<=", ">", ">=", "!="):
        return False
    lhs, rhs = cond.child_by_field_name("left"), cond.child_by_field_name("right")
    return text(lhs) in names or text(rhs) in names


def poll_loop(ctx: FileContext, loop: Node, stop: Node) -> bool:
    """Whether a `for` loop repeats until a condition holds: its condition tests the awaited state
    (`for !srv.Ready() {`), or it stops when a checked condition holds (`if ok { break }`).  Loops that only
    count, run until cancelled, or leave on errors are not polling."""
    kind = loop_kind(loop)
    header = loop_header(loop)
    if kind == "cond":
        return awaited_condition(header, set()) or success_exit(loop)
    if kind == "forever":
        return success_exit(loop)
    if kind == "clause" and header is not None:
        counters: set[str] = set()
        init = header.child_by_field_name("initializer")
        left = init.child_by_field_name("left") if init is not None else None
        if left is not None:
            counters = {text(c) for c in left.named_children}
        return awaited_condition(header.child_by_field_name("condition"), counters) or success_exit(loop)
    # range: only over a ticker (`for range ticker.C`, `for range time.Tick(d)`).
    right = header.child_by_field_name("right") if header is not None else None
    return right is not None and is_tick_channel(ctx, right, stop) and success_exit(loop)


def tickers(ctx: FileContext, stop: Node) -> set[str]:
    """Names assigned a `time.NewTicker(...)` or `time.Tick(...)` in the function."""
    out: set[str] = set()
    for call in pkg_calls(ctx, stop, TIME, ("NewTicker", "Tick")):
        p = call.parent
        if p is not None and p.type == "expression_list" and p.parent is not None:
            left = p.parent.child_by_field_name("left")
            if left is not None and p.parent.child_by_field_name("right") == p:
                idx = list(p.named_children).index(call) if call in p.named_children else -1
                lhs = left.named_children
                if 0 <= idx < len(lhs) and lhs[idx].type == "identifier":
                    out.add(text(lhs[idx]))
    return out


def is_tick_channel(ctx: FileContext, expr: Node, stop: Node) -> bool:
    """`ticker.C` of a ticker made in the function, or `time.Tick(d)` itself."""
    if expr.type == "call_expression":
        return is_package_call(ctx, expr, TIME, ("Tick",))
    if expr.type == "selector_expression" and text(expr.child_by_field_name("field")) == "C":
        op = expr.child_by_field_name("operand")
        return op is not None and op.type == "identifier" and text(op) in tickers(ctx, stop)
    return False
