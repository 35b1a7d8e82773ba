"""Syntactic scopes: is a name redeclared between a use and the binding we care about?

Go's scoping is lexical and simple enough to answer from the tree alone: a name is shadowed at a node when
an enclosing function literal has a parameter or result of that name, or an enclosing block declares it
(`:=`, `var`, `const`, `type`) in a statement before the node, or an enclosing `if`/`for`/`switch`/`select`
header declares it.  We prefer a missed finding to a false one: anything we cannot tell counts as shadowed.
"""

from __future__ import annotations

from typing import Any

from tree_sitter import Node

from ..parsing import text

_FUNCS = ("func_literal", "function_declaration", "method_declaration")


def _ids(node: Node | None) -> list[str]:
    if node is None:
        return []
    if node.type == "identifier":
        return [text(node)]
    if node.type == "expression_list":
        return [text(c) for c in node.named_children if c.type == "identifier"]
    return []


def declared_names(stmt: Node) -> list[str]:
    """Names a statement declares in its enclosing block."""
    t = stmt.type
    if t == "short_var_declaration":
        return _ids(stmt.child_by_field_name("left"))
    if t in ("var_declaration", "const_declaration"):
        out: list[str] = []
        for spec in stmt.named_children:
            specs = spec.named_children if spec.type in ("var_spec_list", "const_spec_list") else [spec]
            for sp in specs:
                if sp.type in ("var_spec", "const_spec"):
                    out.extend(text(n) for n in sp.children_by_field_name("name"))
        return out
    if t == "type_declaration":
        return [
            text(s.child_by_field_name("name"))
            for s in stmt.named_children
            if s.type in ("type_spec", "type_alias") and s.child_by_field_name("name") is not None
        ]
    if t == "labeled_statement":
        inner = [c for c in stmt.named_children if c.type != "label_name"]
        return declared_names(inner[0]) if inner else []
    return []


def param_names(func: Node) -> list[str]:
    """Parameter, result and receiver names of a function or function literal."""
    out: list[str] = []
    for field in ("receiver", "parameters", "result"):
        pl = func.child_by_field_name(field)
        if pl is None or pl.type != "parameter_list":
            continue
        for d in pl.named_children:
            if d.type in ("parameter_declaration", "variadic_parameter_declaration"):
                out.extend(text(n) for n in d.children_by_field_name("name"))
    return out


def _header_names(node: Node) -> list[str]:
    """Names an if/for/switch/select-case header declares for its body."""
    t = node.type
    out: list[str] = []
    if t in ("if_statement", "expression_switch_statement", "type_switch_statement"):
        init = node.child_by_field_name("initializer")
        if init is not None:
            out.extend(declared_names(init))
        if t == "type_switch_statement":
            alias = node.child_by_field_name("alias")
            out.extend(_ids(alias))
    elif t == "for_statement":
        for c in node.named_children:
            if c.type == "range_clause":
                if any(ch.type == ":=" for ch in c.children):
                    out.extend(_ids(c.child_by_field_name("left")))
            elif c.type == "for_clause":
                init = c.child_by_field_name("initializer")
                if init is not None:
                    out.extend(declared_names(init))
    elif t == "communication_case":
        comm = node.child_by_field_name("communication")
        if (
            comm is not None
            and comm.type == "receive_statement"
            and any(ch.type == ":=" for ch in comm.children)
        ):
            out.extend(_ids(comm.child_by_field_name("left")))
    return out


# Per-node facts, keyed by (node id, start byte): tree-sitter reuses an unchanged subtree (and its id)
# across incremental parses, and a reused subtree that moved has a new start, so a key never goes stale.
# Bounded: cleared when it grows past _CACHE_MAX.
_CACHE_MAX = 200_000
_first_decl: dict[tuple[int, int], dict[str, int]] = {}
_params: dict[tuple[int, int], frozenset[str]] = {}
_headers: dict[tuple[int, int], frozenset[str]] = {}


def _bounded(cache: dict[Any, Any]) -> None:
    if len(cache) > _CACHE_MAX:
        cache.clear()


# The statement types `declared_names` finds names in.
_DECLARING = frozenset(
    ("short_var_declaration", "var_declaration", "const_declaration", "type_declaration", "labeled_statement")
)


def _block_first_decl(block: Node) -> dict[str, int]:
    """For a block: each name it declares -> the smallest start offset (relative to the block) of a
    statement declaring it."""
    key = (block.id, block.start_byte)
    hit = _first_decl.get(key)
    if hit is not None:
        return hit
    out: dict[str, int] = {}
    base = block.start_byte
    for st in block.named_children:
        if st.type not in _DECLARING:
            continue  # declared_names would answer []: spare the call for most statements
        for name in declared_names(st):
            out.setdefault(name, st.start_byte - base)
    _bounded(_first_decl)
    _first_decl[key] = out
    return out


def _func_params(func: Node) -> frozenset[str]:
    key = (func.id, func.start_byte)
    hit = _params.get(key)
    if hit is None:
        hit = frozenset(param_names(func))
        _bounded(_params)
        _params[key] = hit
    return hit


def _header(node: Node) -> frozenset[str]:
    key = (node.id, node.start_byte)
    hit = _headers.get(key)
    if hit is None:
        hit = frozenset(_header_names(node))
        _bounded(_headers)
        _headers[key] = hit
    return hit


_HEADERS = frozenset(
    (
        "if_statement",
        "expression_switch_statement",
        "type_switch_statement",
        "for_statement",
        "communication_case",
    )
)


def is_shadowed(name: str, node: Node, stop: Node | None = None) -> bool:
    """Whether `name`, used at `node`, is declared by something between `node` and `stop` (exclusive;
    `stop` is usually the function whose parameter, or the file whose import, binds `name`)."""
    child = node
    cur = node.parent
    first_decl = _first_decl
    while cur is not None and (stop is None or cur != stop):
        t = cur.type
        if t == "statement_list" or t == "block":
            start = cur.start_byte
            decls = first_decl.get((cur.id, start))
            if decls is None:
                decls = _block_first_decl(cur)
            first = decls.get(name)
            if first is not None and first < child.start_byte - start:
                return True
        elif t in _FUNCS:
            if name in _func_params(cur):
                return True
        elif t == "source_file":
            # Package-level declarations cannot share a name with an import (Go rejects it), and a
            # parameter's scope ends at its function: nothing at file level shadows what we look for.
            break
        elif t in _HEADERS and name in _header(cur):
            # A header's names are in scope in the body (and later header parts), not before the header.
            return True
        child = cur
        cur = cur.parent
    return False


def enclosing_function(node: Node) -> Node | None:
    cur = node.parent
    while cur is not None:
        if cur.type in _FUNCS:
            return cur
        cur = cur.parent
    return None


def top_level_function(node: Node) -> Node | None:
    cur: Node | None = node
    last = None
    while cur is not None:
        if cur.type in ("function_declaration", "method_declaration"):
            last = cur
        cur = cur.parent
    return last
