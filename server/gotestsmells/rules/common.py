"""Questions and edits several rules share.  Everything here is syntactic and errs toward "don't know"."""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from ..analysis.context import Binding, FileContext
from ..analysis.functions import FuncInfo
from ..parsing import ancestors, call_name, captures, line_span, statements, text
from .base import Edit
from .nodefind import is_package_call
from .textscan import field_call, word_starts

FUNC_NODES = ("func_literal", "function_declaration", "method_declaration")


# -- where a node is --------------------------------------------------------------------------------------


def in_test_code(ctx: FileContext, fn: FuncInfo, *, testmain: bool = False) -> bool:
    """Whether the top-level function is test code (TestMain only when the rule names it)."""
    return fn.is_test_code or (testmain and fn.kind == "testmain")


def goroutine_of(node: Node, stop: Node | None = None) -> Node | None:
    """The `go` statement whose function literal holds `node` (below `stop`), if any."""
    cur = node.parent
    while cur is not None and cur != stop:
        if cur.type == "func_literal":
            call = cur.parent
            if (
                call is not None
                and call.type == "call_expression"
                and call.parent is not None
                and call.parent.type == "go_statement"
            ):
                return call.parent
        cur = cur.parent
    return None


def in_goroutine(node: Node, stop: Node | None = None) -> bool:
    return goroutine_of(node, stop) is not None


def enclosing_func_literal(node: Node) -> Node | None:
    cur = node.parent
    while cur is not None:
        if cur.type == "func_literal":
            return cur
        if cur.type in ("function_declaration", "method_declaration"):
            return None
        cur = cur.parent
    return None


def is_subtest_closure(ctx: FileContext, lit: Node) -> bool:
    """`t.Run(name, func(t *testing.T) {...})` (or b.Run): the literal is part of its test."""
    args = lit.parent
    if args is None or args.type != "argument_list":
        return False
    call = args.parent
    if call is None or call.type != "call_expression":
        return False
    cn = call_name(call)
    if cn is None or cn[1] != "Run":
        return False
    fn = call.child_by_field_name("function")
    op = fn.child_by_field_name("operand") if fn is not None else None
    return op is not None and ctx.is_testing_value(op)


def is_synctest_closure(ctx: FileContext, lit: Node) -> bool:
    """`synctest.Test(t, func(t *testing.T) {...})` or `synctest.Run(func() {...})`."""
    args = lit.parent
    if args is None or args.type != "argument_list" or args.parent is None:
        return False
    call = args.parent
    if call.type != "call_expression":
        return False
    return is_package_call(ctx, call, "testing/synctest", ("Test", "Run"))


def in_synctest_bubble(ctx: FileContext, node: Node) -> bool:
    if ctx.local_name("testing/synctest") is None:
        return False
    return any(a.type == "func_literal" and is_synctest_closure(ctx, a) for a in ancestors(node))


def in_callback(ctx: FileContext, node: Node, stop: Node | None = None) -> bool:
    """Inside a function literal that may run after the test returned: a goroutine body, a handler, a
    callback stored or passed on.  Subtest closures, synctest bubbles and literals called on the spot
    (`func() {...}()`, `defer func() {...}()`) are part of the test."""
    cur = node.parent
    while cur is not None and cur != stop:
        if cur.type == "func_literal":
            parent = cur.parent
            called_here = (
                parent is not None
                and parent.type == "call_expression"
                and parent.child_by_field_name("function") == cur
                and (parent.parent is None or parent.parent.type != "go_statement")
            )
            if not (called_here or is_subtest_closure(ctx, cur) or is_synctest_closure(ctx, cur)):
                return True
        cur = cur.parent
    return False


def binding_chain(ctx: FileContext, node: Node) -> Iterator[Binding]:
    """The testing bindings from the innermost (the `t` at node) outwards through enclosing subtests."""
    b = ctx.testing_binding(node)
    while b is not None:
        yield b
        b = ctx.testing_binding(b.func_node)


def direct_calls(body: Node | None) -> Iterator[Node]:
    """Call expressions in a function body, not descending into nested function literals."""
    if body is None:
        return
    stack = [body]
    while stack:
        n = stack.pop()
        if n.type == "call_expression":
            yield n
        for c in reversed(n.children):
            if c.type != "func_literal":
                stack.append(c)


def calls_parallel(ctx: FileContext, b: Binding) -> bool:
    """Whether the function binding `b` calls `<t>.Parallel()` in its own body (not in a function literal
    inside it), found where `Parallel` stands."""
    body = b.func_node.child_by_field_name("body")
    if body is None:
        return False
    for i in word_starts(ctx.src, b"Parallel", body.start_byte, body.end_byte):
        tok = body.descendant_for_byte_range(i, i + 8)
        c = field_call(tok) if tok is not None else None
        if c is not None and call_name(c) == (b.name, "Parallel") and not literal_between(c, body):
            return True
    return False


def literal_between(node: Node, stop: Node) -> bool:
    """Whether a function literal below `stop` holds `node`."""
    cur = node.parent
    while cur is not None and cur != stop:
        if cur.type == "func_literal":
            return True
        cur = cur.parent
    return False


def runs_parallel(ctx: FileContext, node: Node) -> bool:
    """Whether the test around `node`, or any test enclosing it, calls t.Parallel()."""
    return any(calls_parallel(ctx, b) for b in binding_chain(ctx, node))


# -- edits ------------------------------------------------------------------------------------------------


def node_edit(node: Node, new: str) -> Edit:
    return Edit(node.start_byte, node.end_byte, new)


def alone_on_lines(src: bytes, node: Node) -> bool:
    ls, le = line_span(src, node.start_byte, node.end_byte)
    before = src[ls : node.start_byte].strip()
    after = src[node.end_byte : le].strip()
    return before == b"" and (after == b"" or after.startswith(b"//"))


def delete_statement(src: bytes, stmt: Node) -> Edit:
    """Delete a statement; the whole line(s) when it stands alone on them."""
    if alone_on_lines(src, stmt):
        ls, le = line_span(src, stmt.start_byte, stmt.end_byte)
        return Edit(ls, le, "")
    end = stmt.end_byte
    # `a; b` on one line: take the `;` and the space after it too.
    rest = src[end : end + 2]
    if rest.startswith(b";"):
        end += 1
        if src[end : end + 1] == b" ":
            end += 1
    return Edit(stmt.start_byte, end, "")


def indent_of(src: bytes, node: Node) -> str:
    ls = src.rfind(b"\n", 0, node.start_byte) + 1
    i = ls
    while i < node.start_byte and src[i] in b" \t":
        i += 1
    return src[ls:i].decode()


def next_statement(stmt: Node) -> Node | None:
    n = stmt.next_named_sibling
    while n is not None and n.type == "comment":
        n = n.next_named_sibling
    return n


def body_statements(fn_or_lit: Node) -> list[Node]:
    return statements(fn_or_lit.child_by_field_name("body"))


def is_err_nil_check(cond: Node | None, name: str) -> bool:
    """`name != nil`."""
    if cond is None or cond.type != "binary_expression":
        return False
    left, op, right = (
        cond.child_by_field_name("left"),
        cond.child_by_field_name("operator"),
        cond.child_by_field_name("right"),
    )
    return text(left) == name and text(op) == "!=" and text(right) == "nil"


def identifier_uses(root: Node, name: str, after: int = 0) -> list[Node]:
    """Identifiers `name` under root that start at or after byte `after`."""
    return [
        n
        for n in captures("(identifier) @id", root).get("id", [])
        if text(n) == name and n.start_byte >= after
    ]
