"""Turning a `defer` into `t.Cleanup`: HAB001 (defer-cleanup) and CON005 (defer-before-parallel) share it.

`defer f(x)` evaluates `f` and `x` when the defer statement runs and calls later; `t.Cleanup(func() { f(x) })`
evaluates them when the cleanup runs.  The two agree only when nothing can change `f` and `x` in between:
literals, package-level functions and constants, parameters, and local variables that nothing writes after
the defer.  The testing value in scope (`t`) is such a parameter, however many subtest closures declare a `t`
of their own, as long as nothing assigns a `t`.  Where that cannot be shown from the syntax, the values are
captured first, in a block of their own, and the fix is offered as a refactor:

    {
        dir := dir
        t.Cleanup(func() { os.RemoveAll(dir) })
    }

`defer func() {...}()` reads its variables when it runs in both forms, so it converts as it is.  A `cancel`
from `context.With*` becomes `t.Cleanup(cancel)`; everything else gets the closure form, because `Close`
and friends return values that `t.Cleanup` does not accept.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache
from typing import Any

from tree_sitter import Node

from ..analysis.context import FileContext
from ..analysis.imports import default_name
from ..analysis.scopes import is_shadowed
from ..parsing import arguments, captures, text, walk
from .alignment import disturbs_comment_alignment
from .base import Edit, Fix
from .common import FUNC_NODES, indent_of
from .nodefind import is_package_call, word_offsets

# Functions without side effects whose result depends only on their arguments: evaluating them at defer
# time or at cleanup time gives the same value.
_PURE = {
    "path/filepath": frozenset({"Join", "Base", "Dir", "Clean", "FromSlash", "ToSlash"}),
    "path": frozenset({"Join", "Base", "Dir", "Clean"}),
    "fmt": frozenset({"Sprintf", "Sprint"}),
    "strconv": frozenset({"Itoa", "Quote", "FormatInt"}),
    "strings": frozenset({"Join", "ToLower", "ToUpper", "TrimSpace", "Repeat"}),
}
_CONTEXT_CANCELLERS = frozenset(
    {"WithCancel", "WithTimeout", "WithDeadline", "WithCancelCause", "WithTimeoutCause", "WithDeadlineCause"}
)
_LITERALS = frozenset(
    {
        "int_literal",
        "float_literal",
        "imaginary_literal",
        "rune_literal",
        "interpreted_string_literal",
        "raw_string_literal",
        "true",
        "false",
        "nil",
        "iota",
    }
)


def _top_function(node: Node) -> Node | None:
    cur: Node | None = node
    last = None
    while cur is not None:
        if cur.type in ("function_declaration", "method_declaration"):
            last = cur
        cur = cur.parent
    return last


def _memo(ctx: FileContext) -> dict[object, Any]:
    """Answers computed for this version of the file, shared by the rules that convert defers (HAB001,
    CON005, HAB005 ask about the same names and statements)."""
    d: dict[object, Any] | None = ctx.__dict__.get("_cleanup_memo")
    if d is None:
        d = {}
        ctx.__dict__["_cleanup_memo"] = d
    return d


def _top_of(ctx: FileContext, node: Node) -> Node | None:
    """`_top_function`, by bisection over the file's top-level declarations (Go declares functions only
    at the top level; the walk stays for trees where error recovery nests them)."""
    memo = _memo(ctx)
    starts: list[int] | None = memo.get("top_starts")
    tops = ctx.top_level
    if starts is None:
        starts = [n.start_byte for n in tops]
        memo["top_starts"] = starts
    i = bisect_right(starts, node.start_byte) - 1
    if i >= 0:
        top = tops[i]
        if node.end_byte <= top.end_byte and top.type in ("function_declaration", "method_declaration"):
            return top
    return _top_function(node)


def defer_statements(ctx: FileContext, node: Node) -> list[Node]:
    """The defer statements under `node`, in source order: found from the `defer` keywords of its text
    (no walk, no query over the function)."""
    src = ctx.src
    end = node.end_byte
    out: list[Node] = []
    i = src.find(b"defer", node.start_byte, end)
    while i >= 0:
        tok = node.descendant_for_byte_range(i, i + 5)
        if tok is not None and tok.type == "defer" and tok.start_byte == i:
            st = tok.parent
            if st is not None and st.type == "defer_statement":
                out.append(st)
        i = src.find(b"defer", i + 5, end)
    return out


def enclosing_function(node: Node) -> Node | None:
    cur = node.parent
    while cur is not None:
        if cur.type in FUNC_NODES:
            return cur
        cur = cur.parent
    return None


def _is_ancestor(a: Node, b: Node) -> bool:
    """Whether `a` encloses `b` (or is it)."""
    return a == b or (a.start_byte <= b.start_byte and b.end_byte <= a.end_byte)


def _ids_of(node: Node | None) -> list[Node]:
    if node is None:
        return []
    if node.type == "identifier":
        return [node]
    if node.type == "expression_list":
        return [c for c in node.named_children if c.type == "identifier"]
    return []


_ASSIGNING = ("short_var_declaration", "assignment_statement", "range_clause", "receive_statement")
_NAMING = ("var_spec", "parameter_declaration", "variadic_parameter_declaration")
# After the name: for "site", anything but `.` (a selector: `x.f` is a use; `x...` may be a variadic
# parameter); for "field", a `.` or `[` (or a comment) after optional white space.
_AFTER = {"site": rb"(?!\.(?!\.\.))", "field": rb"(?=\s*[.\[/])"}


def _occurrences(src: bytes, name: str, start: int, end: int, kind: str = "site") -> list[int]:
    """Offsets in src[start:end] where the word `name` stands, followed by what `kind` asks for."""
    return word_offsets(src, name, start, end, _AFTER[kind])


def _prev_char(src: bytes, i: int) -> bytes:
    """The last character before offset i that is not white space."""
    k = i - 1
    while k >= 0 and src[k] in b" \t\r\n":
        k -= 1
    return src[k : k + 1] if k >= 0 else b""


def _site_of(ident: Node) -> tuple[Node, str] | None:
    """The site (see `_name_sites`) an identifier is the name of, if any."""
    p = ident.parent
    if p is None:
        return None
    pt = p.type
    if pt == "expression_list":
        g = p.parent
        if g is None or g.type not in _ASSIGNING or g.child_by_field_name("left") != p:
            return None
        p, pt = g, g.type
    elif pt in _ASSIGNING:
        if p.child_by_field_name("left") != ident:
            return None
    elif pt in ("inc_statement", "dec_statement"):
        return p, "write"
    elif pt == "unary_expression":
        if p.child_by_field_name("operand") == ident and text(p.child_by_field_name("operator")) == "&":
            return p, "write"
        return None
    elif pt in _NAMING:
        if any(c == ident for c in p.children_by_field_name("name")):
            return p, "decl"
        return None
    else:
        return None
    if pt == "short_var_declaration":
        parent = p.parent
        return p, "loopdecl" if parent is not None and parent.type == "for_clause" else "decl"
    if pt == "assignment_statement":
        return p, "write"
    declares = any(c.type == ":=" for c in p.children)
    return p, ("loopdecl" if pt == "range_clause" else "decl") if declares else "write"


def _name_sites(ctx: FileContext, top: Node, name: str) -> tuple[list[tuple[Node, str]], bool]:
    """Every place in `top` that declares or writes `name`, as (node, kind) with kind "decl" (a `:=`,
    `var` or parameter), "loopdecl" (declared by a loop header), or "write" (assignment, ++/--, address
    taken); and whether the name is written inside a function literal.

    Found from the name's occurrences in the text, each looked up in the tree, memoized per function and
    name: a walk over the function per question cost more than the rest of HAB001 together."""
    memo = _memo(ctx)
    key = ("sites", top.id, top.start_byte, name)
    hit: tuple[list[tuple[Node, str]], bool] | None = memo.get(key)
    if hit is not None:
        return hit
    if "\ufffd" in name:
        hit = _name_sites_walk(top, name)
        memo[key] = hit
        return hit
    src = ctx.src
    n = len(name.encode())
    sites: dict[tuple[int, str], tuple[Node, str]] = {}
    for i in _occurrences(src, name, top.start_byte, top.end_byte):
        j = i + n
        # `x)`, `x]`, `x}` (and `x.f`, left out by the search): a use, never a name being declared or
        # written (unless `&x`).
        if src[j : j + 1] in (b")", b"]", b"}") and _prev_char(src, i) not in (b"&", b"/"):
            continue
        ident = top.descendant_for_byte_range(i, j)
        if ident is None or ident.type != "identifier" or ident.start_byte != i or ident.end_byte != j:
            continue
        site = _site_of(ident)
        if site is not None:
            sites.setdefault((site[0].start_byte, site[0].type), site)
    found = list(sites.values())
    in_closure = any(
        kind == "write" and any(a.type == "func_literal" for a in _ancestors_below(node, top))
        for node, kind in found
    )
    hit = (found, in_closure)
    memo[key] = hit
    return hit


def _name_sites_walk(top: Node, name: str) -> tuple[list[tuple[Node, str]], bool]:
    """`_name_sites` by walking the whole function (for names the text search cannot find)."""
    sites: list[tuple[Node, str]] = []
    for n in walk(top):
        t = n.type
        hit: str | None = None
        if t == "short_var_declaration":
            if any(text(i) == name for i in _ids_of(n.child_by_field_name("left"))):
                parent = n.parent
                hit = "loopdecl" if parent is not None and parent.type == "for_clause" else "decl"
        elif t == "assignment_statement":
            left = n.child_by_field_name("left")
            if any(text(i) == name for i in _ids_of(left)):
                hit = "write"
        elif t in ("inc_statement", "dec_statement"):
            if any(c.type == "identifier" and text(c) == name for c in n.named_children):
                hit = "write"
        elif t == "unary_expression":
            op = n.child_by_field_name("operator")
            operand = n.child_by_field_name("operand")
            if (
                text(op) == "&"
                and operand is not None
                and operand.type == "identifier"
                and text(operand) == name
            ):
                hit = "write"
        elif t == "var_spec" or t in ("parameter_declaration", "variadic_parameter_declaration"):
            if any(text(c) == name for c in n.children_by_field_name("name")):
                hit = "decl"
        elif t in ("range_clause", "receive_statement"):
            left = n.child_by_field_name("left")
            if any(text(i) == name for i in _ids_of(left)):
                declares = any(c.type == ":=" for c in n.children)
                hit = ("loopdecl" if t == "range_clause" else "decl") if declares else "write"
        if hit is not None:
            sites.append((n, hit))
    in_closure = any(
        kind == "write" and any(a.type == "func_literal" for a in _ancestors_below(n, top))
        for n, kind in sites
    )
    return sites, in_closure


def _ancestors_below(node: Node, stop: Node) -> list[Node]:
    out = []
    cur = node.parent
    while cur is not None and cur != stop:
        out.append(cur)
        cur = cur.parent
    return out


def stable_name(ctx: FileContext, name: str, at: Node) -> bool:
    """Whether the local variable or parameter `name` holds, at every moment after the statement `at`
    runs, the value it had then: declared in this test function and written by nothing after `at`
    (nor by a loop around `at`, nor by a closure).  Package-level variables are never stable."""
    memo = _memo(ctx)
    key = ("stable", name, at.id, at.start_byte)
    hit: bool | None = memo.get(key)
    if hit is None:
        hit = _stable_name(ctx, name, at)
        memo[key] = hit
    return hit


def _stable_name(ctx: FileContext, name: str, at: Node) -> bool:
    top = _top_of(ctx, at)
    if top is None or name == "_":
        return False
    sites, written_in_closure = _name_sites(ctx, top, name)
    if not any(kind in ("decl", "loopdecl") for _, kind in sites) or written_in_closure:
        return False
    if len(sites) == 1:
        node, kind = sites[0]
        if kind == "decl":
            return True
        # A loop variable: one per iteration since Go 1.22, one for the whole loop before.
        return kind == "loopdecl" and ctx.go_at_least(22) and node.parent is not None
    loops = [a for a in _ancestors_below(at, top) if a.type == "for_statement"]
    for node, kind in sites:
        if node.start_byte >= at.start_byte:
            return False  # written, or declared again, after the defer
        if kind == "loopdecl":
            stmt = (
                node.parent if node.type == "range_clause" else (node.parent.parent if node.parent else None)
            )
            if stmt is not None and _is_ancestor(stmt, at) and not ctx.go_at_least(22):
                return False  # one variable for the whole loop
            continue
        for loop in loops:
            if _is_ancestor(loop, node) and not (kind == "decl" and _fresh_per_iteration(node, loop)):
                return False
    return True


def _stable_testing_value(ctx: FileContext, ident: Node, at: Node) -> bool:
    """`t` where `t` is the testing parameter in scope and nothing in the function writes a `t`: a
    parameter never assigned holds the same value at the defer and at cleanup time, however many
    closures declare a `t` of their own (`t.Run(..., func(t *testing.T) {...})`)."""
    b = ctx.testing_binding(ident)
    if b is None or b.name != text(ident):
        return False
    top = _top_of(ctx, at)
    if top is None:
        return False
    sites, _ = _name_sites(ctx, top, b.name)
    return not any(kind == "write" for _, kind in sites)


def _fresh_per_iteration(decl: Node, loop: Node) -> bool:
    """A `:=` inside the loop's body block declares a new variable on every iteration."""
    body = loop.child_by_field_name("body")
    return (
        body is not None and _is_ancestor(body, decl) and decl.type in ("short_var_declaration", "var_spec")
    )


def _root_identifier(expr: Node) -> Node | None:
    """`a` of `a.b.c`."""
    cur = expr
    while cur.type == "selector_expression":
        op = cur.child_by_field_name("operand")
        if op is None:
            return None
        cur = op
    return cur if cur.type == "identifier" else None


def _fields_assigned(ctx: FileContext, top: Node, root: str) -> bool:
    """Whether some assignment in `top` writes a field (or element) reached through `root`: found from
    the occurrences of `root` followed by `.` or `[` (memoized per function and name)."""
    memo = _memo(ctx)
    key = ("fields", top.id, top.start_byte, root)
    hit: bool | None = memo.get(key)
    if hit is None:
        hit = (
            _fields_assigned_walk(top, root) if "\ufffd" in root else _fields_assigned_search(ctx, top, root)
        )
        memo[key] = hit
    return hit


def _fields_assigned_search(ctx: FileContext, top: Node, root: str) -> bool:
    src = ctx.src
    n = len(root.encode())
    for i in _occurrences(src, root, top.start_byte, top.end_byte, "field"):
        ident = top.descendant_for_byte_range(i, i + n)
        if ident is None or ident.type != "identifier" or ident.start_byte != i or ident.end_byte != i + n:
            continue
        cur = ident
        p = cur.parent
        while p is not None and p.type == "selector_expression" and p.child_by_field_name("operand") == cur:
            cur = p
            p = cur.parent
        if p is not None and p.type == "index_expression" and p.named_children[0] == cur:
            cur = p
            p = cur.parent
        if cur == ident or p is None or p.type != "expression_list":
            continue
        stmt = p.parent
        if stmt is not None and stmt.type == "assignment_statement" and stmt.child_by_field_name("left") == p:
            return True
    return False


def _fields_assigned_walk(top: Node, root: str) -> bool:
    for n in captures("(assignment_statement left: (expression_list) @l)", top).get("l", []):
        for e in n.named_children:
            if e.type in ("selector_expression", "index_expression") and (
                (r := _root_identifier(e if e.type == "selector_expression" else e.named_children[0]))
                is not None
                and text(r) == root
            ):
                return True
    return False


_default_name = lru_cache(maxsize=4096)(default_name)


def _package_locals(ctx: FileContext) -> dict[str, list[str]]:
    """Import paths by the name code uses for them (blank and dot imports left out), in import order."""
    memo = _memo(ctx)
    hit: dict[str, list[str]] | None = memo.get("package_locals")
    if hit is None:
        hit = {}
        for imp in ctx.imports:
            if imp.alias not in ("_", "."):
                local = imp.alias if imp.alias is not None else _default_name(imp.path)
                hit.setdefault(local, []).append(imp.path)
        memo["package_locals"] = hit
    return hit


def _is_package(ctx: FileContext, ident: Node) -> str | None:
    """The import path `ident` (used as a qualifier) refers to, or None."""
    paths = _package_locals(ctx).get(text(ident))
    if not paths:
        return None
    for path in paths:
        if ctx.refers_to_import(ident, path):
            return path
    return None


def stable_expr(ctx: FileContext, expr: Node, at: Node) -> bool:
    """Whether evaluating `expr` right after `at` or at cleanup time gives the same value."""
    return unstable_names(ctx, expr, at) == []


def unstable_names(ctx: FileContext, expr: Node, at: Node) -> list[Node] | None:
    """The identifiers in `expr` that may change between `at` and cleanup time ([] when `expr` is
    stable), or None when something other than a variable makes it unstable (a method call, an index)."""
    t = expr.type
    if t in _LITERALS:
        return []
    if t == "identifier":
        if stable_name(ctx, text(expr), at) or _stable_testing_value(ctx, expr, at):
            return []
        return [expr]
    if t == "parenthesized_expression":
        inner = expr.named_children
        return unstable_names(ctx, inner[0], at) if len(inner) == 1 else None
    if t == "selector_expression":
        op = expr.child_by_field_name("operand")
        if op is not None and op.type == "identifier" and _is_package(ctx, op) is not None:
            return []  # pkg.Func, pkg.Const
        root = _root_identifier(expr)
        top = _top_of(ctx, at)
        if root is None or top is None or _fields_assigned(ctx, top, text(root)):
            return None
        if stable_name(ctx, text(root), at) or _stable_testing_value(ctx, root, at):
            return []
        return [root]
    if t == "binary_expression":
        left, right = expr.child_by_field_name("left"), expr.child_by_field_name("right")
        if left is None or right is None:
            return None
        a, b = unstable_names(ctx, left, at), unstable_names(ctx, right, at)
        return None if a is None or b is None else a + b
    if t == "call_expression":
        fn = expr.child_by_field_name("function")
        if fn is None or fn.type != "selector_expression":
            return None
        op, field = fn.child_by_field_name("operand"), fn.child_by_field_name("field")
        if op is None or field is None or op.type != "identifier":
            return None
        path = _is_package(ctx, op)
        if path is None or text(field) not in _PURE.get(path, ()):
            return None
        found: list[Node] = []
        for arg in arguments(expr):
            u = unstable_names(ctx, arg, at)
            if u is None:
                return None
            found.extend(u)
        return found
    return None


def is_context_cancel(ctx: FileContext, name: str, at: Node) -> bool:
    """`name` comes from `ctx, name := context.WithCancel(...)` (or WithTimeout, WithDeadline...)."""
    top = _top_of(ctx, at)
    if top is None:
        return False
    memo = _memo(ctx)
    key = ("cancel", top.id, top.start_byte, name)
    hit: bool | None = memo.get(key)
    if hit is None:
        hit = _is_context_cancel(ctx, top, name)
        memo[key] = hit
    return hit


def _is_context_cancel(ctx: FileContext, top: Node, name: str) -> bool:
    # The statements assigning `name` are among its sites.
    sites, _ = _name_sites(ctx, top, name)
    for n, _kind in sites:
        if n.type not in ("short_var_declaration", "assignment_statement"):
            continue
        ids = _ids_of(n.child_by_field_name("left"))
        if len(ids) != 2 or text(ids[1]) != name:
            continue
        right = n.child_by_field_name("right")
        calls = [
            c for c in (right.named_children if right is not None else []) if c.type == "call_expression"
        ]
        if len(calls) == 1 and is_package_call(ctx, calls[0], "context", _CONTEXT_CANCELLERS):
            return True
    return False


def _writes_named_result(lit: Node, fn: Node | None) -> bool:
    """Whether a deferred closure assigns a named result of its function (a helper's `err`): the defer
    can change what the function returns; a cleanup cannot."""
    if fn is None:
        return False
    result = fn.child_by_field_name("result")
    if result is None or result.type != "parameter_list":
        return False
    names = {
        text(c)
        for d in result.named_children
        if d.type == "parameter_declaration"
        for c in d.children_by_field_name("name")
    }
    if not names:
        return False
    for n in walk(lit):
        if n.type in ("assignment_statement",) and any(
            text(i) in names for i in _ids_of(n.child_by_field_name("left"))
        ):
            return True
    return False


def has_recover(node: Node) -> bool:
    if b"recover" not in (node.text or b""):
        return False
    return any(
        c.type == "call_expression" and text(c.child_by_field_name("function")) == "recover"
        for c in walk(node)
    )


def _fresh_name(base: str, taken: set[str]) -> str:
    name = base
    i = 2
    while name in taken:
        name = f"{base}{i}"
        i += 1
    taken.add(name)
    return name


def deferred_call(defer_stmt: Node) -> Node | None:
    return next((c for c in defer_stmt.named_children if c.type == "call_expression"), None)


def _near_slash(src: bytes, edits: tuple[Edit, ...]) -> bool:
    """Whether a `/` stands on the lines an edit touches or on the line before or after them: without
    one there is no comment there, and no comment alignment to disturb."""
    for e in edits:
        a = src.rfind(b"\n", 0, e.start)
        a = src.rfind(b"\n", 0, a) + 1 if a > 0 else 0
        b = src.find(b"\n", e.end)
        b = src.find(b"\n", b + 1) if b >= 0 else -1
        if src.find(b"/", a, len(src) if b < 0 else b) >= 0:
            return True
    return False


def defer_to_cleanup(ctx: FileContext, defer_stmt: Node, tname: str) -> Fix | None:
    """The fix turning `defer_stmt` into `<tname>.Cleanup(...)`: safe when the deferred call's function,
    receiver and arguments cannot change before cleanup, a refactor capturing them first otherwise; None
    where no conversion keeps the meaning (a closure with parameters, `recover`, a builtin, Go < 1.14).
    Memoized per statement: HAB001 and CON005 ask about the same defers."""
    memo = _memo(ctx)
    key = ("fix", defer_stmt.id, defer_stmt.start_byte, tname)
    if key in memo:
        hit: Fix | None = memo[key]
        return hit
    fix = _defer_to_cleanup(ctx, defer_stmt, tname)
    if fix is not None and _near_slash(ctx.src, fix.edits) and disturbs_comment_alignment(ctx, fix.edits):
        fix = None
    memo[key] = fix
    return fix


def _defer_to_cleanup(ctx: FileContext, defer_stmt: Node, tname: str) -> Fix | None:

    call = deferred_call(defer_stmt)
    if call is None or not ctx.go_at_least(14):
        return None
    fn = call.child_by_field_name("function")
    if fn is None:
        return None
    src = ctx.src
    title = f"Replace defer with {tname}.Cleanup"

    # defer func() { ... }()  ->  t.Cleanup(func() { ... })
    if fn.type == "func_literal":
        params = fn.child_by_field_name("parameters")
        if (
            arguments(call)
            or (params is not None and params.named_child_count)
            or fn.child_by_field_name("result") is not None
            or has_recover(fn)
            or _writes_named_result(fn, enclosing_function(defer_stmt))
        ):
            return None
        return Fix(
            title, "safe", (Edit(defer_stmt.start_byte, defer_stmt.end_byte, f"{tname}.Cleanup({text(fn)})"),)
        )

    if (
        fn.type == "identifier"
        and text(fn) in ("close", "delete", "panic", "print", "println", "recover", "clear")
        and not is_shadowed(text(fn), call)
    ):
        return None  # builtins have no function value to capture
    if fn.type not in ("identifier", "selector_expression"):
        return None  # defer f(x)(): the inner call already ran
    args = arguments(call)
    # defer cancel()  ->  t.Cleanup(cancel)
    if (
        fn.type == "identifier"
        and not args
        and is_context_cancel(ctx, text(fn), defer_stmt)
        and stable_name(ctx, text(fn), defer_stmt)
    ):
        return Fix(
            title, "safe", (Edit(defer_stmt.start_byte, defer_stmt.end_byte, f"{tname}.Cleanup({text(fn)})"),)
        )

    # The operands evaluated at defer time: the function (or the method's receiver) and the arguments.
    operands: list[Node] = []
    if fn.type == "identifier":
        operands.append(fn)
    else:
        op = fn.child_by_field_name("operand")
        if op is None:
            return None
        if not (op.type == "identifier" and _is_package(ctx, op) is not None):
            operands.append(op)
    operands.extend(a for a in args if a.type != "variadic_argument")
    for a in args:
        if a.type == "variadic_argument":
            inner = a.named_children
            if len(inner) != 1:
                return None
            operands.append(inner[0])
    unstable = [(o, unstable_names(ctx, o, defer_stmt)) for o in operands]
    unstable = [(o, u) for o, u in unstable if u != []]
    if not unstable:
        return Fix(
            title,
            "safe",
            (
                Edit(
                    defer_stmt.start_byte, defer_stmt.end_byte, f"{tname}.Cleanup(func() {{ {text(call)} }})"
                ),
            ),
        )

    # Capture the changing values in a block of their own, then clean up with the copies: a variable is
    # copied under its own name; anything else (a field that changes) is evaluated into a new name.
    taken = {text(n) for n in walk(call) if n.type in ("identifier", "field_identifier")} | {tname}
    captured: list[str] = []
    replacements: list[tuple[int, int, str]] = []
    for o, names in unstable:
        if names is not None and names:
            for n in names:
                line = f"{text(n)} := {text(n)}"
                if line not in captured:
                    captured.append(line)
            continue
        base = "v"
        if o.type == "selector_expression":
            field = o.child_by_field_name("field")
            base = text(field)[:1].lower() + text(field)[1:] if field is not None else "v"
        name = _fresh_name(base, taken)
        captured.append(f"{name} := {text(o)}")
        replacements.append((o.start_byte - call.start_byte, o.end_byte - call.start_byte, name))
    raw = src[call.start_byte : call.end_byte]
    for s, e, name in sorted(replacements, reverse=True):
        raw = raw[:s] + name.encode() + raw[e:]
    new_call = raw.decode("utf-8", "replace")
    ind = indent_of(src, defer_stmt)
    lines = [
        "{",
        *(f"{ind}\t{c}" for c in captured),
        f"{ind}\t{tname}.Cleanup(func() {{ {new_call} }})",
        f"{ind}}}",
    ]
    return Fix(
        f"Replace defer with {tname}.Cleanup, capturing the values now",
        "refactor",
        (Edit(defer_stmt.start_byte, defer_stmt.end_byte, "\n".join(lines)),),
    )
