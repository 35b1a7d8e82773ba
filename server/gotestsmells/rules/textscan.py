"""Cheap questions about a node's text, asked before any query or walk: most functions hold nothing a rule
looks for, and `bytes.find` says so in microseconds where a tree-sitter query over the function costs as
much as parsing it.  The answers err toward "maybe": comments and strings only add false alarms."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from tree_sitter import Node

from ..analysis.context import FileContext
from ..analysis.scopes import is_shadowed

# Bytes that continue an identifier (ASCII only: a byte of a UTF-8 letter counts as a boundary, which errs
# toward "maybe").
_IDENT = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")


def word_starts(src: bytes, word: bytes, start: int, end: int) -> Iterator[int]:
    """Offsets in src[start:end] where `word` stands as a whole word (an identifier or keyword token)."""
    n = len(word)
    size = len(src)
    i = src.find(word, start, end)
    while i >= 0:
        if (i == 0 or src[i - 1] not in _IDENT) and (i + n >= size or src[i + n] not in _IDENT):
            yield i
        i = src.find(word, i + 1, end)


def has_word(src: bytes, word: bytes, start: int, end: int) -> bool:
    """Whether `word` stands as a whole word somewhere in src[start:end] (`word_starts`, without a
    generator: asked of every function by several rules)."""
    n = len(word)
    size = len(src)
    i = src.find(word, start, end)
    while i >= 0:
        if (i == 0 or src[i - 1] not in _IDENT) and (i + n >= size or src[i + n] not in _IDENT):
            return True
        i = src.find(word, i + 1, end)
    return False


def has_any_word(src: bytes, words: tuple[bytes, ...], start: int, end: int) -> bool:
    return any(has_word(src, w, start, end) for w in words)


# -- calls found through their names ----------------------------------------------------------------------


def field_call(field: Node) -> Node | None:
    """The call `<expr>.f(...)` whose selected name is the field identifier `field`."""
    if field.type != "field_identifier":
        return None
    sel = field.parent
    if sel is None or sel.type != "selector_expression" or sel.child_by_field_name("field") != field:
        return None
    call = sel.parent
    if call is None or call.type != "call_expression" or call.child_by_field_name("function") != sel:
        return None
    return call


def selector_call(field: Node) -> Node | None:
    """The call `x.f(...)` whose selected name is the field identifier `field` (x an identifier)."""
    call = field_call(field)
    sel = field.parent if call is not None else None
    op = sel.child_by_field_name("operand") if sel is not None else None
    return call if op is not None and op.type == "identifier" else None


def _named_calls(ctx: FileContext, node: Node, names: Iterable[str], *, plain: bool) -> list[Node]:
    """Calls under `node` whose function is `x.Name` (x an identifier; with `plain`, a bare `Name`) for a
    Name in `names`, in source order: found where the name's text stands, no query and no walk."""
    src, root = ctx.src, ctx.root
    a, b = node.start_byte, node.end_byte
    out: list[Node] = []
    for name in names:
        word = name.encode()
        n = len(word)
        for i in word_starts(src, word, a, b):
            tok = root.descendant_for_byte_range(i, i + n)
            if tok is None:
                continue
            if plain:
                call = tok.parent if tok.type == "identifier" else None
                if (
                    call is None
                    or call.type != "call_expression"
                    or call.child_by_field_name("function") != tok
                ):
                    continue
            else:
                call = selector_call(tok)
                if call is None:
                    continue
            if a <= call.start_byte and call.end_byte <= b:
                out.append(call)
    out.sort(key=lambda c: c.start_byte)
    return out


def pkg_calls(ctx: FileContext, node: Node, path: str, names: Iterable[str]) -> list[Node]:
    """`ctx.calls(node, path, names)` (same calls, same order) for a short list of names: the calls are
    found where the names stand in the text rather than through the file's call index, which costs a
    query over the whole function."""
    local = ctx.local_name(path)
    if local is None:
        return []
    if local == ".":
        # Rare, and ctx.calls answers these in the order of a query (not the source order): ask it.
        return list(ctx.calls(node, path, tuple(names)))
    out = []
    for c in _named_calls(ctx, node, names, plain=False):
        fn = c.child_by_field_name("function")
        op = fn.child_by_field_name("operand") if fn is not None else None
        if op is None or ctx.src[op.start_byte : op.end_byte].decode("utf-8", "replace") != local:
            continue
        if not is_shadowed(local, c):
            out.append(c)
    return out


def all_pkg_calls(ctx: FileContext, node: Node, path: str) -> list[Node]:
    """`ctx.calls(node, path)` (same calls, same order): every call `pkg.f(...)` of import `path`, found
    where the package's name stands."""
    local = ctx.local_name(path)
    if local is None:
        return []
    if local == "." or not local or "\ufffd" in local:
        return list(ctx.calls(node, path))
    src, a, b = ctx.src, node.start_byte, node.end_byte
    word = local.encode()
    out = []
    for i in word_starts(src, word, a, b):
        hit = qualified_call_at(node, i, len(word))
        if hit is None:
            continue
        call = hit[0]
        if a <= call.start_byte and call.end_byte <= b and not is_shadowed(local, call):
            out.append(call)
    out.sort(key=lambda c: c.start_byte)
    return out


def qualified_call_at(node: Node, i: int, n: int) -> tuple[Node, Node] | None:
    """The call `x.f(...)` whose qualifier `x` is the identifier spanning bytes [i, i+n) under `node`,
    with its field `f`; None when something else stands there."""
    tok = node.descendant_for_byte_range(i, i + n)
    if tok is None or tok.type != "identifier" or tok.start_byte != i or tok.end_byte != i + n:
        return None
    sel = tok.parent
    if sel is None or sel.type != "selector_expression" or sel.child_by_field_name("operand") != tok:
        return None
    field = sel.child_by_field_name("field")
    call = sel.parent
    if (
        field is None
        or field.type != "field_identifier"
        or call is None
        or call.type != "call_expression"
        or call.child_by_field_name("function") != sel
    ):
        return None
    return call, field


def testing_calls(ctx: FileContext, node: Node, names: Iterable[str]) -> list[Node]:
    """`ctx.testing_calls(node, names)` (same calls, same order), found where the names stand."""
    out = []
    for c in _named_calls(ctx, node, names, plain=False):
        fn = c.child_by_field_name("function")
        op = fn.child_by_field_name("operand") if fn is not None else None
        if op is not None and ctx.is_testing_value(op):
            out.append(c)
    return out


def keyword_nodes(src: bytes, node: Node, keyword: str, kind: str) -> list[Node]:
    """The `kind` nodes under `node` led by the keyword `keyword` (`go` statements, `for` statements,
    `defer` statements, `func` literals), in source order (what the query `(kind)` finds), found where
    the keyword stands."""
    word = keyword.encode()
    n = len(word)
    out = []
    for i in word_starts(src, word, node.start_byte, node.end_byte):
        tok = node.descendant_for_byte_range(i, i + n)
        parent = tok.parent if tok is not None and tok.type == keyword else None
        if parent is not None and parent.type == kind:
            out.append(parent)
    return out


def go_statements(src: bytes, node: Node) -> list[Node]:
    """The go statements under `node`, in source order."""
    return keyword_nodes(src, node, "go", "go_statement")


def go_method_literals(src: bytes, node: Node) -> list[tuple[Node, Node]]:
    """(call, literal) for every `x.Go(func...)` under `node` whose only argument is a function literal
    (errgroup.Group.Go, sync.WaitGroup.Go), in source order."""
    out = []
    for i in word_starts(src, b"Go", node.start_byte, node.end_byte):
        tok = node.descendant_for_byte_range(i, i + 2)
        call = field_call(tok) if tok is not None else None
        if call is None:
            continue
        args = call.child_by_field_name("arguments")
        named = args.named_children if args is not None else []
        if len(named) == 1 and named[0].type == "func_literal":
            out.append((call, named[0]))
    return out


def receives(src: bytes, node: Node) -> list[Node]:
    """The receive expressions `<-ch` under `node` (unary `<-`, not sends or channel types), in source
    order: found where the operator stands."""
    out = []
    i = src.find(b"<-", node.start_byte, node.end_byte)
    while i >= 0:
        tok = node.descendant_for_byte_range(i, i + 2)
        u = tok.parent if tok is not None and tok.type == "<-" else None
        if u is not None and u.type == "unary_expression" and u.child_by_field_name("operator") == tok:
            out.append(u)
        i = src.find(b"<-", i + 1, node.end_byte)
    return out


def range_loops(src: bytes, node: Node) -> list[Node]:
    """The `for ... range` statements under `node`, in source order: found where `range` stands."""
    out = []
    for i in word_starts(src, b"range", node.start_byte, node.end_byte):
        tok = node.descendant_for_byte_range(i, i + 5)
        rc = tok.parent if tok is not None and tok.type == "range" else None
        loop = rc.parent if rc is not None and rc.type == "range_clause" else None
        if loop is not None and loop.type == "for_statement":
            out.append(loop)
    return out


def selector_calls_named(ctx: FileContext, node: Node, names: Iterable[str]) -> list[Node]:
    """Calls `x.Name(...)` under `node` (x an identifier, Name in `names`), in source order: the calls of
    `ctx.selector_calls(node)` with those names, found where the names stand in the text."""
    return _named_calls(ctx, node, names, plain=False)
