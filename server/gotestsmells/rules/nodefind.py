"""Finding nodes without walking the tree or querying it: is this one call `pkg.Name(...)` of an imported
package (what `ctx.calls(call, path, names)` answers for the call itself, without filtering the function's
call index), and where does a name stand in a function's text (a search of the bytes, each hit then looked
up in the tree)."""

from __future__ import annotations

import re
from collections.abc import Collection

from tree_sitter import Node

from ..analysis.context import FileContext
from ..analysis.scopes import is_shadowed
from ..parsing import text


def is_package_call(ctx: FileContext, call: Node, path: str, names: Collection[str] | None = None) -> bool:
    """Whether `call` is `pkg.Name(...)` with `pkg` import `path` (an alias, or a dot import's bare
    `Name(...)`; not shadowed) and Name in `names` (any when None): `any(c == call for c in
    ctx.calls(call, path, names))`."""
    local = ctx.local_name(path)
    if local is None or call.type != "call_expression":
        return False
    fn = call.child_by_field_name("function")
    if fn is None:
        return False
    if local == ".":
        if fn.type != "identifier":
            return False
        name = text(fn)
        return (names is None or name in names) and not is_shadowed(name, call)
    if fn.type != "selector_expression":
        return False
    op = fn.child_by_field_name("operand")
    field = fn.child_by_field_name("field")
    if op is None or field is None or op.type != "identifier" or field.type != "field_identifier":
        return False
    if text(op) != local or (names is not None and text(field) not in names):
        return False
    return not is_shadowed(local, call)


def is_testing_call(ctx: FileContext, call: Node, names: Collection[str] | None = None) -> bool:
    """Whether `call` is `t.Name(...)` with `t` the testing value in scope and Name in `names` (any when
    None): `any(c == call for c in ctx.testing_calls(call, names))`."""
    if call.type != "call_expression":
        return False
    fn = call.child_by_field_name("function")
    if fn is None or fn.type != "selector_expression":
        return False
    op = fn.child_by_field_name("operand")
    field = fn.child_by_field_name("field")
    if op is None or field is None or op.type != "identifier" or field.type != "field_identifier":
        return False
    if names is not None and text(field) not in names:
        return False
    return ctx.is_testing_value(op)


_WORDS: dict[tuple[str, bytes], re.Pattern[bytes]] = {}
_AFTERS: dict[bytes, re.Pattern[bytes]] = {}
# Bytes that continue an identifier: ASCII letters, digits, `_`, and any byte of a UTF-8 sequence.
_IDENT = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
_IDENT |= frozenset(range(0x80, 0x100))


def word_offsets(src: bytes, word: str, start: int, end: int, after: bytes = b"") -> list[int]:
    """Offsets in src[start:end] where `word` (an identifier) stands as a whole word (no identifier
    character, ASCII or UTF-8, on either side), followed by what the regular expression `after` matches
    (a look-ahead)."""
    w = word.encode()
    if len(w) < 3:
        # Short words hit everywhere as bytes: let one regular expression (per word) do the scanning.
        key = (word, after)
        pat = _WORDS.get(key)
        if pat is None:
            if len(_WORDS) > 1024:
                _WORDS.clear()
            e = re.escape(w)
            # The look-behind comes after the word, so the search still scans for the word's bytes.
            pat = re.compile(e + rb"(?<![\w\x80-\xff]" + e + rb")(?![\w\x80-\xff])" + after)
            _WORDS[key] = pat
        return [m.start() for m in pat.finditer(src, start, end)]
    # Longer words are rare as bytes: find them, and check their neighbours here (`end` ends the text as
    # it ends the regular expression's).
    follow = None
    if after:
        follow = _AFTERS.get(after)
        if follow is None:
            follow = re.compile(after)
            _AFTERS[after] = follow
    out = []
    n = len(w)
    i = src.find(w, start, end)
    while i >= 0:
        j = i + n
        if (
            (i == 0 or src[i - 1] not in _IDENT)
            and (j >= end or src[j] not in _IDENT)
            and (follow is None or follow.match(src, j, end) is not None)
        ):
            out.append(i)
        i = src.find(w, i + 1, end)
    return out


def identifiers_named(ctx: FileContext, node: Node, name: str, start: int | None = None) -> list[Node] | None:
    """The identifiers `name` under `node` (from byte `start` on), in source order; None when the name
    cannot be searched for as text (not valid UTF-8: ask the tree)."""
    if "\ufffd" in name:
        return None
    n = len(name.encode())
    out = []
    a = node.start_byte if start is None else max(start, node.start_byte)
    for i in word_offsets(ctx.src, name, a, node.end_byte):
        ident = node.descendant_for_byte_range(i, i + n)
        if (
            ident is not None
            and ident.type == "identifier"
            and ident.start_byte == i
            and ident.end_byte == i + n
        ):
            out.append(ident)
    return out
