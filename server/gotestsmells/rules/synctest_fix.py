"""The "Run in a synctest bubble" fix (DET001, go >= 1.25): wrap a test's body in
`synctest.Test(t, func(t *testing.T) {...})`, so its sleeps, timers and timeouts run on a fake clock that
jumps ahead whenever every goroutine of the bubble is blocked.

Offered only where a bubble cannot change what the test does: the wrapped function is a `Test` function or
a `t.Run` subtest taking `*testing.T`; its body does not call `t.Run`, `t.Parallel` or `t.Deadline`
(synctest forbids them), does not start a goroutine it never joins (the bubble waits for every goroutine
and would deadlock), and does no real I/O that a bubble cannot fake (network listeners and dials,
`httptest` servers, `os/exec`): a goroutine blocked on the network is not "durably blocked", so fake time
would stop.  Deciding is cheap and done when the finding is made; the edit is computed lazily."""

from __future__ import annotations

from tree_sitter import Node

from ..analysis.context import FileContext
from ..parsing import captures
from .base import Edit, Finding, Fix, NewFile
from .common import is_subtest_closure
from .det_common import is_joined, node_at, raw_string_lines, reindent

TITLE = "Run in a synctest bubble"
SYNCTEST = "testing/synctest"

# Real I/O a bubble cannot fake: any call into these packages (all names), or these names.
_IO_PACKAGES = ("net", "net/http/httptest", "os/exec", "net/rpc")
_IO_NAMES = {
    "net/http": frozenset(
        {"Get", "Post", "Head", "PostForm", "ListenAndServe", "ListenAndServeTLS", "Serve", "ServeTLS"}
    ),
    "google.golang.org/grpc": frozenset({"Dial", "DialContext", "NewClient", "NewServer"}),
}
_FORBIDDEN = ("Run", "Parallel", "Deadline")


def bubble_target(ctx: FileContext, site: Node, memo: dict[int, Node | None] | None = None) -> Node | None:
    """The function (a Test function or a subtest literal) whose body the bubble would wrap, if the bubble
    is possible for the sleep at `site`.  `memo` keeps the answer per function across a rule's sleeps."""
    if not ctx.go_at_least(25):
        return None
    b = ctx.testing_binding(site)
    if b is None or b.ttype != "T":
        return None
    func = b.func_node
    if memo is not None:
        if func.start_byte not in memo:
            memo[func.start_byte] = _target(ctx, func)
        return memo[func.start_byte]
    return _target(ctx, func)


def _target(ctx: FileContext, func: Node) -> Node | None:
    if func.type == "function_declaration":
        info = ctx.function_at(func)
        if info is None or info.kind != "test" or info.node != func:
            return None
    elif func.type != "func_literal" or not is_subtest_closure(ctx, func):
        return None
    body = func.child_by_field_name("body")
    if body is None or not _bubble_safe(ctx, body):
        return None
    local = ctx.local_name(SYNCTEST)
    if local == ".":
        return None
    return func


def _bubble_safe(ctx: FileContext, body: Node) -> bool:
    if any(True for _ in ctx.testing_calls(body, _FORBIDDEN)):
        return False
    for path in _IO_PACKAGES:
        if any(True for _ in ctx.calls(body, path)):
            return False
    for path, names in _IO_NAMES.items():
        if any(True for _ in ctx.calls(body, path, names)):
            return False
    return all(is_joined(g, body) for g in captures("(go_statement) @g", body).get("g", []))


def bubble_fix(ctx: FileContext) -> Fix:
    local = ctx.local_name(SYNCTEST)
    add = () if local is not None else ((SYNCTEST, None),)
    return Fix(TITLE, "refactor", add_imports=add, lazy=lazy_edits)


def lazy_edits(ctx: FileContext, finding: Finding) -> tuple[tuple[Edit, ...], tuple[NewFile, ...]]:
    site = node_at(ctx, finding.start, ("call_expression", "unary_expression"))
    if site is None:
        return (), ()
    func = bubble_target(ctx, site)
    if func is None:
        return (), ()
    e = wrap_edit(ctx, func)
    return ((e,) if e is not None else ()), ()


def wrap_edit(ctx: FileContext, func: Node) -> Edit | None:
    """Wrap the body of `func` in synctest.Test, re-indented the way gofmt would."""
    src = ctx.src
    body = func.child_by_field_name("body")
    b = ctx.testing_binding(body.named_children[0]) if body is not None and body.named_children else None
    if body is None or b is None or b.func_node != func:
        return None
    tl = ctx.testing_local
    if tl is None:
        return None
    ttype = "*T" if tl == "." else f"*{tl}.T"
    st = ctx.local_name(SYNCTEST) or "synctest"
    head = f"{st}.Test({b.name}, func({b.name} {ttype}) {{"
    open_b, close_b = body.start_byte, body.end_byte - 1
    if src[close_b : close_b + 1] != b"}":
        return None
    nl = src.find(b"\n", open_b, close_b)
    if nl < 0:
        # A one-line body: `{ stmt }` becomes `{ synctest.Test(t, func(t *testing.T) { stmt }) }`.
        inner = src[open_b + 1 : close_b].strip().decode("utf-8", "surrogatepass")
        return Edit(open_b, body.end_byte, f"{{ {head} {inner} }}) }}")
    # The closing brace must stand on its own line, after the indentation.
    ls_close = src.rfind(b"\n", 0, close_b) + 1
    indent = src[ls_close:close_b]
    if indent.strip():
        return None
    ind = indent.decode()
    first = nl + 1
    inner = reindent(src, first, ls_close - 1, raw_string_lines(src, body)) if ls_close - 1 > first else ""
    new = f"{ind}\t{head}\n" + (inner + "\n" if inner else "") + f"{ind}\t}})\n{ind}"
    return Edit(first, close_b, new)

