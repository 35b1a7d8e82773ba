"""Questions the CON rules share: goroutines a test starts, what runs in them, subtests and their closures,
and the names a piece of code reads or writes.  Everything here is syntactic and errs toward "don't know"."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass

from tree_sitter import Node

from ..analysis.context import Binding, FileContext
from ..analysis.scopes import is_shadowed
from ..parsing import arguments, call_name, captures, statements, text, walk
from .base import Edit
from .common import calls_parallel, delete_statement, direct_calls, is_subtest_closure
from .textscan import go_statements as text_go_statements
from .textscan import has_word

# testify's require package: every function but New stops the test on failure.
REQUIRE = "github.com/stretchr/testify/require"
# Methods of testing.TB that stop the calling goroutine (runtime.Goexit): only legal in the test's own.
STOPPING = frozenset({"Fatal", "Fatalf", "FailNow", "Skip", "Skipf", "SkipNow"})


def mentions_go(src: bytes, node: Node, *, methods: bool = False) -> bool:
    """Whether the text of `node` may hold a go statement (with `methods`, or a `.Go(...)` call of
    errgroup.Group or sync.WaitGroup): neither can be written without the whole word `go` (`Go`).  A
    text search that spares the queries in the nine functions out of ten that start no goroutine."""
    a, b = node.start_byte, node.end_byte
    return has_word(src, b"go", a, b) or (methods and has_word(src, b"Go", a, b))


def go_literal(go_stmt: Node) -> Node | None:
    """The function literal of `go func() {...}(...)`."""
    call = next((c for c in go_stmt.named_children if c.type == "call_expression"), None)
    if call is None:
        return None
    fn = call.child_by_field_name("function")
    # `go (func() {...})()`
    while fn is not None and fn.type == "parenthesized_expression" and fn.named_child_count == 1:
        fn = fn.named_children[0]
    return fn if fn is not None and fn.type == "func_literal" else None


def go_call(go_stmt: Node) -> Node | None:
    return next((c for c in go_stmt.named_children if c.type == "call_expression"), None)


def go_statements(root: Node, src: bytes | None = None) -> list[Node]:
    """The go statements under `root`; given the file's bytes, found where the keyword stands (in source
    order) instead of by a query."""
    if src is not None:
        return text_go_statements(src, root)
    return captures("(go_statement) @g", root).get("g", [])


def called_on_spot(lit: Node) -> bool:
    """`func() {...}()` or `defer func() {...}()`: the literal runs in the goroutine that reaches it."""
    parent = lit.parent
    return (
        parent is not None
        and parent.type == "call_expression"
        and parent.child_by_field_name("function") == lit
        and (parent.parent is None or parent.parent.type != "go_statement")
    )


def runs_in(node: Node, lit: Node) -> bool:
    """Whether `node`, somewhere inside the function literal `lit`, runs in the goroutine that runs `lit`
    itself: every literal between them is called on the spot."""
    cur = node.parent
    while cur is not None and cur != lit:
        if cur.type == "func_literal" and not called_on_spot(cur):
            return False
        cur = cur.parent
    return cur == lit


def is_inside(node: Node, outer: Node) -> bool:
    return outer.start_byte <= node.start_byte and node.end_byte <= outer.end_byte


def subtest_closure(ctx: FileContext, call: Node) -> Node | None:
    """The function literal of `t.Run(name, func(t *testing.T) {...})`, for a call on a testing value."""
    cn = call_name(call)
    if cn is None or cn[1] != "Run":
        return None
    args = arguments(call)
    if len(args) != 2 or args[1].type != "func_literal":
        return None
    return args[1] if is_subtest_closure(ctx, args[1]) else None


def closure_binding(ctx: FileContext, lit: Node) -> Binding | None:
    """The testing parameter a subtest closure binds (None when unnamed or `_`)."""
    body = lit.child_by_field_name("body")
    if body is None:
        return None
    b = ctx.testing_binding(body)
    return b if b is not None and b.func_node == lit else None


def parallel_call(b: Binding) -> Node | None:
    """The `t.Parallel()` call in the function binding `b`'s own body, if any."""
    body = b.func_node.child_by_field_name("body")
    for c in direct_calls(body):
        if call_name(c) == (b.name, "Parallel") and not arguments(c):
            return c
    return None


def parallel_subtests(ctx: FileContext, b: Binding) -> Iterator[tuple[Node, Node]]:
    """(t.Run call, closure) for the subtests that the function binding `b` starts with its own `t` and
    whose closure calls `t.Parallel()`."""
    body = b.func_node.child_by_field_name("body")
    for c in direct_calls(body):
        cn = call_name(c)
        if cn != (b.name, "Run"):
            continue
        lit = subtest_closure(ctx, c)
        if lit is None:
            continue
        inner = closure_binding(ctx, lit)
        if inner is not None and calls_parallel(ctx, inner):
            yield c, lit


def identifiers(node: Node) -> list[Node]:
    return [n for n in walk(node) if n.type == "identifier"]


@dataclass(frozen=True)
class Decl:
    """A local name and the statement (or range clause) that declares it."""

    name: str
    stmt: Node


_DECLS = "[(short_var_declaration) (var_spec) (range_clause)] @d"


def local_decls(body: Node) -> list[Decl]:
    """Names declared by `:=`, `var` and range clauses anywhere under `body` (literals included), in
    source order."""
    out: list[Decl] = []
    found = captures(_DECLS, body).get("d", [])
    found.sort(key=lambda n: (n.start_byte, -n.end_byte))
    for n in found:
        if n.type == "short_var_declaration":
            left = n.child_by_field_name("left")
            for c in left.named_children if left is not None else []:
                if c.type == "identifier":
                    out.append(Decl(text(c), n))
        elif n.type == "var_spec":
            for c in n.children_by_field_name("name"):
                out.append(Decl(text(c), n))
        elif n.type == "range_clause" and any(ch.type == ":=" for ch in n.children):
            left = n.child_by_field_name("left")
            for c in left.named_children if left is not None else []:
                if c.type == "identifier":
                    out.append(Decl(text(c), n))
    return out


def decl_sources(d: Decl) -> Node | None:
    """What a declaration's names are computed from: the right side, the var value, the ranged value."""
    s = d.stmt
    if s.type == "short_var_declaration":
        return s.child_by_field_name("right")
    if s.type == "var_spec":
        return s.child_by_field_name("value")
    if s.type == "range_clause":
        return s.child_by_field_name("right")
    return None


def derived_names(body: Node, seeds: set[str], decls: list[Decl] | None = None) -> set[str]:
    """`seeds` plus every local name computed, directly or through other locals, from one of them
    (`client := newClient(srv.URL)` derives `client` from `srv`).  Name-based: a shadowing redeclaration
    only adds names, so the answer errs toward "related".  `decls`: `local_decls(body)`, when known."""
    if decls is None:
        decls = local_decls(body)
    names = set(seeds)
    # Names declared in one statement with a seed come with it: `ctx, cancel := context.WithCancel(...)`
    # makes `ctx` what a deferred `cancel()` releases.
    for d in decls:
        if d.name in seeds and d.stmt.type != "range_clause":
            names.update(e.name for e in decls if e.stmt == d.stmt)
    changed = True
    while changed:
        changed = False
        for d in decls:
            if d.name in names:
                continue
            src = decl_sources(d)
            if src is None:
                continue
            if any(text(i) in names for i in identifiers(src)):
                names.add(d.name)
                changed = True
    return names


def outer_references(lit: Node, names: set[str]) -> list[Node]:
    """Identifiers in the literal `lit` that name one of `names` declared outside it (not shadowed by the
    literal's parameters or by a declaration inside it)."""
    out = []
    for i in identifiers(lit):
        if text(i) in names and not _declared_here(i) and not is_shadowed(text(i), i, lit.parent):
            out.append(i)
    return out


def _declared_here(ident: Node) -> bool:
    """Whether the identifier is a name being declared (`x := ...`, `var x`, `for x := range`)."""
    p = ident.parent
    if p is not None and p.type == "expression_list":
        p = p.parent
        if p is not None and p.type in ("short_var_declaration", "range_clause"):
            left = p.child_by_field_name("left")
            return (
                left is not None
                and left.start_byte <= ident.start_byte
                and ident.end_byte <= left.end_byte
                and (p.type == "short_var_declaration" or any(c.type == ":=" for c in p.children))
            )
        return False
    return p is not None and p.type in ("var_spec", "const_spec", "parameter_declaration")


def top_statement_in(node: Node, block_owner: Node) -> Node | None:
    """The statement of `block_owner`'s body that holds `node`."""
    body = block_owner.child_by_field_name("body")
    for s in statements(body):
        if is_inside(node, s):
            return s
    return None


# -- joining goroutines ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Signals:
    """How a goroutine can tell the test it is done: the channels it sends on or closes, the receivers it
    calls `Done()` on (WaitGroups), and, for `go f(a, b)`, the argument texts (f may do either)."""

    channels: frozenset[str]
    done: frozenset[str]
    args: frozenset[str]

    @property
    def any(self) -> bool:
        return bool(self.channels or self.done or self.args)


def merge_signals(sigs: list[Signals]) -> Signals:
    return Signals(
        frozenset().union(*(s.channels for s in sigs)),
        frozenset().union(*(s.done for s in sigs)),
        frozenset().union(*(s.args for s in sigs)),
    )


_SIGNAL_NODES = "[(send_statement) (call_expression)] @n"


def goroutine_signals(go_stmt: Node, lit: Node | None = None) -> Signals:
    """The goroutine's signals; `lit` is the function it runs when known (`go f()` of a local `f := func()
    {...}`), else the literal of `go func() {...}()`."""
    chans: set[str] = set()
    done: set[str] = set()
    args: set[str] = set()
    call = go_call(go_stmt)
    if call is None:
        return Signals(frozenset(), frozenset(), frozenset())
    if lit is None:
        lit = go_literal(go_stmt)
    # Arguments travel into the goroutine: a channel or WaitGroup given to it is one it may signal on.
    args.update(text(a).lstrip("&") for a in arguments(call))
    if lit is not None:
        body = lit.child_by_field_name("body")
        # Sets: the order the nodes come in does not matter.
        for n in captures(_SIGNAL_NODES, body).get("n", []) if body is not None else []:
            if n.type == "send_statement":
                chans.add(text(n.child_by_field_name("channel")))
            elif n.type == "call_expression":
                fn = n.child_by_field_name("function")
                if fn is None:
                    continue
                if fn.type == "identifier" and text(fn) == "close":
                    chans.update(text(a) for a in arguments(n))
                elif (
                    fn.type == "selector_expression"
                    and text(fn.child_by_field_name("field")) == "Done"
                    and not arguments(n)
                ):
                    done.add(text(fn.child_by_field_name("operand")))
                # Handed on to a call (`blockFunc(pl, finished)`): the callee may signal on it.  Only
                # matched against receives and Waits in the test, where a `t` or a context never is.
                args.update(
                    text(a).lstrip("&") for a in arguments(n) if a.type in ("identifier", "unary_expression")
                )
    return Signals(frozenset(chans), frozenset(done), frozenset(args))


def _received(n: Node) -> str | None:
    """The channel text of a receive (`<-ch`, `for range ch`)."""
    if n.type == "unary_expression" and text(n.child_by_field_name("operator")) == "<-":
        return text(n.child_by_field_name("operand"))
    if n.type == "range_clause":
        return text(n.child_by_field_name("right"))
    return None


_WAIT_NODES = (
    "[(unary_expression) (range_clause) (assignment_statement) (keyed_element) (call_expression)] @n"
)


def waits_for(
    region: list[Node],
    sig: Signals,
    skip: Node | None = None,
    also_skip: Node | None = None,
    memo: dict[tuple[int, int], list[Node]] | None = None,
) -> bool:
    """Whether code in `region` (outside `skip`, the goroutine itself) receives from one of the goroutine's
    channels, calls `Wait()` on one of its WaitGroups, or hands a channel or WaitGroup it signals on to
    another call (`waitErr(t, errc)`).  The arguments of `go f(a, b)` count as channels and WaitGroups
    for receiving and waiting only: they may as well be `t` or a context.  `memo` keeps the nodes of
    each region root, for a caller asking about several goroutines of one function."""
    chans = sig.channels | sig.args
    wgs = sig.done | sig.args
    handed = sig.channels | sig.done
    # Channels reached through a value (`r.Results()`): receiving from another channel of the same value
    # (`<-r.Stats()`) waits for the pipeline the goroutine feeds.
    owners = {_text_root(c) for c in sig.channels if not c.isidentifier()} - {""}
    skips = [(k.start_byte, k.end_byte) for k in (skip, also_skip) if k is not None]
    occ = _occurrences(region, chans | wgs | handed | owners, skips)
    if occ is not None and not occ:
        return False
    for root in region:
        key = (root.id, root.start_byte)
        nodes = memo.get(key) if memo is not None else None
        if nodes is None:
            nodes = captures(_WAIT_NODES, root).get("n", [])
            if memo is not None:
                memo[key] = nodes
        # The nodes outside `skip` and `also_skip`, in any order (the answer is the same), and only those
        # whose text holds one of the names: every test below compares the text of a part of the node
        # with a name (or a name with the text's leading identifier).
        for n in nodes:
            a, b = n.start_byte, n.end_byte
            if skips and any(x <= a and b <= y for x, y in skips):
                continue
            if occ is not None:
                i = bisect_left(occ, a)
                if i == len(occ) or occ[i] >= b:
                    continue
            t = n.type
            if t == "unary_expression" or t == "range_clause":
                r = _received(n)
                if r is not None and (r in chans or (not r.isidentifier() and _text_root(r) in owners)):
                    return True
            # Handed to the code under test in a field (`cmd.outputDone = &wg`, `Config{Done: done}`).
            elif t == "assignment_statement":
                right = n.child_by_field_name("right")
                if right is not None and any(text(v).lstrip("&") in handed for v in right.named_children):
                    return True
            elif t == "keyed_element":
                v = n.child_by_field_name("value") or (n.named_children[-1] if n.named_children else None)
                if v is not None and text(v).lstrip("&") in handed:
                    return True
            elif t == "call_expression":
                fn = n.child_by_field_name("function")
                if fn is not None and fn.type == "identifier" and text(fn) == "close":
                    continue
                if fn is not None and fn.type == "selector_expression":
                    op = text(fn.child_by_field_name("operand"))
                    if text(fn.child_by_field_name("field")) == "Wait" and op in wgs:
                        return True
                for arg in arguments(n):
                    if text(arg).lstrip("&") in handed:
                        return True
    return False


def _occurrences(
    region: list[Node], names: frozenset[str] | set[str], skips: list[tuple[int, int]]
) -> list[int] | None:
    """Sorted offsets where one of `names` stands as the text of a node in `region`, outside the `skips`
    ranges (a name beginning or ending with an identifier character is not part of a longer word there);
    None when the names cannot be searched for as bytes (empty, or holding U+FFFD: undecodable text).

    A node compared by `waits_for` lies outside the goroutine (the names come from inside it, and a node
    whose text holds the whole goroutine is longer than any of them)."""
    if any(not n or "\ufffd" in n for n in names):
        return None
    out: list[int] = []
    for root in region:
        src = root.text or b""
        base = root.start_byte
        segs = [(base, root.end_byte)]
        for a, b in sorted(skips):
            nxt = []
            for x, y in segs:
                if b <= x or y <= a:
                    nxt.append((x, y))
                    continue
                if x < a:
                    nxt.append((x, a))
                if b < y:
                    nxt.append((b, y))
            segs = nxt
        for name in names:
            w = name.encode()
            n = len(w)
            left, right = w[0] in _IDENT, w[-1] in _IDENT
            for x, y in segs:
                i = src.find(w, x - base, y - base)
                while i >= 0:
                    if (not left or i == 0 or src[i - 1] not in _IDENT) and (
                        not right or i + n >= len(src) or src[i + n] not in _IDENT
                    ):
                        out.append(i + base)
                    i = src.find(w, i + 1, y - base)
    out.sort()
    return out


# Bytes that continue an identifier or a number.
_IDENT = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")


def _text_root(expr_text: str) -> str:
    """`r` of `r.Results()`, `s.ch`."""
    i = 0
    while i < len(expr_text) and (expr_text[i].isalnum() or expr_text[i] == "_"):
        i += 1
    return expr_text[:i]


def following_statements(stmt: Node, stop: Node) -> list[Node]:
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


def delete_statement_tidy(src: bytes, stmt: Node) -> Edit:
    """`common.delete_statement`, and when the statement's line sat between two blank lines, one of them
    goes too: gofmt would fold the two into one, so leaving both would leave the file unformatted."""
    e = delete_statement(src, stmt)
    if e.new or src[e.end - 1 : e.end] != b"\n" or e.start == 0:
        return e
    before_blank = e.start >= 2 and src[e.start - 2 : e.start] == b"\n\n"
    after = src[e.end : e.end + 1]
    if before_blank and after == b"\n":
        return Edit(e.start, e.end + 1, "")
    return e
