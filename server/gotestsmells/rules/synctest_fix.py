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

import os
import re

from tree_sitter import Node

from ..analysis.context import FileContext
from ..analysis.scopes import is_shadowed
from ..imports import is_std
from ..parsing import captures, text
from .base import Edit, Finding, Fix, NewFile
from .common import is_subtest_closure
from .det_common import is_joined, node_at, raw_string_lines, reindent
from .textscan import go_statements, testing_calls, word_starts

TITLE = "Run in a synctest bubble"
SYNCTEST = "testing/synctest"

# Real I/O a bubble cannot fake: every call into these packages, or these calls.
_IO_PACKAGES = frozenset({"net", "os/exec", "net/rpc", "os/signal", "syscall"})
_IO_NAMES = {
    "net/http": frozenset(
        {"Get", "Post", "Head", "PostForm", "ListenAndServe", "ListenAndServeTLS", "Serve", "ServeTLS"}
    ),
    "net/http/httptest": frozenset({"NewServer", "NewTLSServer", "NewUnstartedServer"}),
}
# Outside the standard library we cannot see what a package does (an integration framework starts real
# servers): the body may call only these, the package under test, and functions of its own package.
_PURE_MODULES = (
    "github.com/stretchr/testify/",
    "github.com/google/go-cmp/",
    "gotest.tools/v3/assert",
    "github.com/shoenig/test",
    "golang.org/x/sync/errgroup",
    # Clock libraries: the very thing a test hands its code to control time.
    "github.com/benbjohnson/clock",
    "github.com/jonboulle/clockwork",
    "k8s.io/utils/clock",
    "code.cloudfoundry.org/clock",
)
_PKG_CALLS = """
(call_expression function: (selector_expression operand: (identifier) @pkg))
"""
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
    # A subtest's bubble also holds what the enclosing test made before it (a cluster, a connection, a
    # channel: using them inside the bubble is I/O it cannot fake, or a panic).
    top = ctx.function_at(func)
    if top is not None and top.node != func:
        tb = top.body
        if tb is None or not _self_contained(ctx, tb) or _starts_servers(tb):
            return None
    local = ctx.local_name(SYNCTEST)
    if local == ".":
        return None
    return func


def _bubble_safe(ctx: FileContext, body: Node) -> bool:
    if testing_calls(ctx, body, _FORBIDDEN):
        return False
    if not _self_contained(ctx, body) or _starts_servers(body):
        return False
    return all(is_joined(g, body) for g in go_statements(ctx.src, body))


def _self_contained(ctx: FileContext, body: Node) -> bool:
    """Whether every package-qualified call in the body goes where a bubble can follow: the standard
    library minus real I/O, assertion libraries, the package under test."""
    by_local = {i.local: i.path for i in ctx.imports if i.alias not in ("_", ".")}
    own = own_import_path(ctx)
    seen: set[tuple[str, str]] = set()
    # The answer does not depend on the order the calls come in.
    for pkg in _package_operands(ctx, body, by_local):
        name = text(pkg)
        path = by_local.get(name)
        if path is None:
            continue
        sel = pkg.parent
        fname = text(sel.child_by_field_name("field")) if sel is not None else ""
        if (path, fname) in seen:
            continue
        seen.add((path, fname))
        if (
            path not in _IO_PACKAGES
            and fname not in _IO_NAMES.get(path, ())
            and (is_std(path) or path == own or any(path.startswith(m) for m in _PURE_MODULES))
        ):
            continue  # fine whether `pkg` means the package or a local that took its name
        if is_shadowed(name, pkg):
            # A local, not the package: the same call through the package may come later.
            seen.discard((path, fname))
            continue
        return False
    return True


def _package_operands(ctx: FileContext, body: Node, names: dict[str, str]) -> list[Node]:
    """The operands `pkg` of the calls `pkg.f(...)` under `body` whose `pkg` is one of `names` (what the
    query _PKG_CALLS captures, less the operands no import is named after), found where the names stand."""
    if any(not n or "\ufffd" in n for n in names):
        return [p for p in captures(_PKG_CALLS, body).get("pkg", []) if text(p) in names]
    src, a, b = ctx.src, body.start_byte, body.end_byte
    out = []
    for name in names:
        word = name.encode()
        for i in word_starts(src, word, a, b):
            tok = body.descendant_for_byte_range(i, i + len(word))
            if tok is None or tok.type != "identifier" or text(tok) != name:
                continue
            sel = tok.parent
            if sel is None or sel.type != "selector_expression" or sel.child_by_field_name("operand") != tok:
                continue
            call = sel.parent
            if (
                call is not None
                and call.type == "call_expression"
                and call.child_by_field_name("function") == sel
            ):
                out.append(tok)
    return out


# Names of functions that, by the usual conventions, start or reach real servers and connections.  The
# functions of the package itself live in other files this rule cannot read; their names are the evidence.
_SERVERISH = re.compile(
    r"(?i)(server|cluster|listen|dial|connect|serve|client|grpc|http|proc|exec|command|docker|container"
    r"|etcd|broker|daemon|agent|network|socket)"
)
_STOPPERS = frozenset({"Shutdown", "Stop", "Terminate", "Kill", "GracefulStop"})


def _starts_servers(body: Node) -> bool:
    """Whether the body calls a function of its own package named like a server starter, dials or
    listens, or defers shutting something down: signs of real I/O the bubble cannot fake."""
    params = set(_func_params(body))
    if not params:
        # Every test below needs one of these in the text: a serverish name, a selector starting with
        # Accept (the others are serverish), a stopper.
        t = text(body)
        if not _SERVERISH.search(t) and "Accept" not in t and not any(w in t for w in _STOPPERS):
            return False
    for call in captures("(call_expression) @c", body).get("c", []):
        f = call.child_by_field_name("function")
        if f is None:
            continue
        if f.type == "identifier":
            # A function handed in as a parameter (a helper's callback) is code we cannot see at all.
            if _SERVERISH.search(text(f)) or text(f) in params:
                return True
        elif f.type == "selector_expression":
            name = text(f.child_by_field_name("field"))
            if name.startswith(("Serve", "Listen", "Dial", "Connect", "Accept")) and name != "ServeHTTP":
                return True
            if name in _STOPPERS and call.parent is not None and call.parent.type == "defer_statement":
                return True
    return False


def _func_params(node: Node) -> list[str]:
    """Parameter names of the functions enclosing `node` that have a function type."""
    out: list[str] = []
    cur: Node | None = node
    while cur is not None:
        if cur.type in ("function_declaration", "method_declaration", "func_literal"):
            pl = cur.child_by_field_name("parameters")
            for d in pl.named_children if pl is not None else []:
                t = d.child_by_field_name("type")
                if t is not None and t.type == "function_type":
                    out.extend(text(n) for n in d.children_by_field_name("name"))
        cur = cur.parent
    return out


def io_free(ctx: FileContext, body: Node) -> bool:
    """Whether a test body shows no sign of real I/O (servers, clusters, dials, processes, packages we
    cannot see into).  The clock fix asks this too: where a sleep waits for a real server, advancing a fake
    clock instead would break the test."""
    return _self_contained(ctx, body) and not _starts_servers(body)


def own_import_path(ctx: FileContext) -> str | None:
    gm = ctx.gomod
    d = ctx.directory
    if gm is None or d is None or not gm.module:
        return None
    rel = os.path.relpath(d, gm.root)
    if rel.startswith(".."):
        return None
    return gm.module if rel == "." else gm.module + "/" + rel.replace(os.sep, "/")


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
