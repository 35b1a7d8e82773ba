"""The Go grammar, a parser per thread, compiled queries and small node helpers shared by every module."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import cache

import tree_sitter_go
from tree_sitter import Language, Node, Parser, Query, QueryCursor, Tree

GO = Language(tree_sitter_go.language())

_local = threading.local()


def parser() -> Parser:
    """A parser for this thread (tree-sitter parsers are not thread-safe)."""
    p: Parser | None = getattr(_local, "parser", None)
    if p is None:
        p = Parser(GO)
        _local.parser = p
    return p


def parse(src: bytes, old: Tree | None = None) -> Tree:
    # tree-sitter 0.26 raises on parse(buf, None): pass an old tree only when there is one.
    if old is None:
        return parser().parse(src)
    return parser().parse(src, old)


@cache
def query(source: str) -> Query:
    """Compile a query once per process."""
    return Query(GO, source)


def captures(q: str, node: Node, start: int | None = None, end: int | None = None) -> dict[str, list[Node]]:
    cur = QueryCursor(query(q))
    if start is not None and end is not None:
        cur.set_byte_range(start, end)
    return cur.captures(node)


def matches(
    q: str, node: Node, start: int | None = None, end: int | None = None
) -> list[tuple[int, dict[str, list[Node]]]]:
    cur = QueryCursor(query(q))
    if start is not None and end is not None:
        cur.set_byte_range(start, end)
    return cur.matches(node)


def text(node: Node | None) -> str:
    if node is None:
        return ""
    raw = node.text  # a copy of the bytes each time it is read: read it once
    return "" if raw is None else raw.decode("utf-8", "replace")


def walk(node: Node, *, into_func_literals: bool = True) -> Iterator[Node]:
    """Pre-order walk without recursion (trees of 20,000 nested braces must not overflow Python's stack)."""
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        if not into_func_literals and n.type == "func_literal" and n is not node:
            continue
        stack.extend(reversed(n.children))


def ancestors(node: Node) -> Iterator[Node]:
    p = node.parent
    while p is not None:
        yield p
        p = p.parent


def statements(block: Node | None) -> list[Node]:
    """The statements of a block (tree-sitter-go wraps them in a statement_list)."""
    if block is None:
        return []
    out: list[Node] = []
    for c in block.named_children:
        if c.type == "statement_list":
            out.extend(s for s in c.named_children if s.type != "comment")
        elif c.type != "comment":
            out.append(c)
    return out


def enclosing_statement(node: Node) -> Node:
    """The statement (a direct child of a statement_list, or a block) that holds `node`."""
    cur = node
    while cur.parent is not None and cur.parent.type not in ("statement_list", "block", "source_file"):
        cur = cur.parent
    return cur


def call_name(call: Node) -> tuple[str, str] | None:
    """For a call `a.b(...)` return ("a", "b"); for `f(...)` return ("", "f"); otherwise None."""
    fn = call.child_by_field_name("function")
    if fn is None:
        return None
    if fn.type == "identifier":
        return "", text(fn)
    if fn.type == "selector_expression":
        op = fn.child_by_field_name("operand")
        field = fn.child_by_field_name("field")
        if op is not None and op.type == "identifier" and field is not None:
            return text(op), text(field)
    return None


def arguments(call: Node) -> list[Node]:
    args = call.child_by_field_name("arguments")
    if args is None:
        return []
    return [a for a in args.named_children if a.type != "comment"]


def line_indent(src: bytes, offset: int) -> bytes:
    """The leading whitespace of the line holding `offset`."""
    ls = src.rfind(b"\n", 0, offset) + 1
    i = ls
    while i < len(src) and src[i] in b" \t":
        i += 1
    return src[ls:i]


def line_span(src: bytes, start: int, end: int) -> tuple[int, int]:
    """Byte range of the whole lines holding [start, end), including the final newline."""
    ls = src.rfind(b"\n", 0, start) + 1
    le = src.find(b"\n", end)
    le = len(src) if le < 0 else le + 1
    return ls, le
