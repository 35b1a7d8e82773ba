"""HAB012 redundant-loop-copy: since Go 1.22, a `tt := tt` copy of a loop variable does nothing.

## What it does
Flags `x := x` (also `k, v := k, v`) in test code when `x` is the variable of an enclosing
`for ... := range` loop or of a three-clause `for x := ...; ...; ...` loop, and the file's Go version
(go.mod's `go` line, or the file's `//go:build go1.N`) is 1.22 or newer.

## Why is this bad?
Before Go 1.22 a loop variable was shared by all iterations, and a closure started in the loop (a parallel
subtest, a goroutine) had to copy it first. Since Go 1.22 every iteration has its own variable, so the
copy does nothing: it is noise that makes readers wonder what it protects, and it hides real shadowing
mistakes among a hundred harmless ones.

## Example
```go
for _, tt := range tests {
        tt := tt
        t.Run(tt.name, func(t *testing.T) {
                t.Parallel()
                check(t, tt)
        })
}
```

## Use instead
```go
for _, tt := range tests {
        t.Run(tt.name, func(t *testing.T) {
                t.Parallel()
                check(t, tt)
        })
}
```

Not flagged: Go versions before 1.22 (the copy is needed there: CON004); loops whose variables are
assigned with `=` rather than declared with `:=` (those are still shared); copies inside a function
literal in the loop; copies under another name (`tc := tt`); in a three-clause loop, a copy that is
written afterwards (the write would then step the loop itself).

## Fix (safe)
Delete the copy's line, with a comment line right above it that only explains the copy
(`// capture range variable`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tree_sitter import Node

from ..analysis.context import FileContext
from ..analysis.functions import FuncInfo
from ..analysis.scopes import is_shadowed
from ..parsing import captures, text
from .alignment import disturbs_comment_alignment
from .base import Edit, Finding, Fix, Severity, rule
from .common import delete_statement, in_test_code
from .textscan import has_word

# A comment line that exists only to explain a loop-variable copy.
_COPY_COMMENT = re.compile(
    r"^\s*//.*\b(captur\w*|capture|copy|copies|shadow\w*|rebind\w*|re-?declar\w*|scopelint|loopclosure|"
    r"range var\w*|loop var\w*|loopvar|closure|go ?1\.22|per[- ]iteration)\b",
    re.I,
)


# A `:=` whose right side may start with a lone identifier (`x := x`, `a, b := a, b`): the identifier, then
# the end of the statement or a comma; or a comment right after `:=` (then anything may follow).
_COPY_RHS = re.compile(rb":=\s*(?:/[*/]|([A-Za-z_\x80-\xff][\w\x80-\xff]*)[ \t]*(?:[,;\r\n}]|/[*/]|$))")
_NOT_NAMES = (b"true", b"false", b"nil")


def _may_hold_copy(src: bytes, start: int, end: int) -> bool:
    """Whether src[start:end] may hold a loop-variable copy: a `for`, and a `:=` whose right side starts with
    an identifier that also occurs before it (a copy's left side names it).  Spares the query elsewhere."""
    if not has_word(src, b"for", start, end):
        return False
    for m in _COPY_RHS.finditer(src, start, end):
        name = m.group(1)
        if name is None or (name not in _NOT_NAMES and src.find(name, start, m.start()) >= 0):
            return True
    return False


def _copy_candidates(src: bytes, body: Node) -> list[Node]:
    """The short variable declarations under `body` whose `:=` `_COPY_RHS` matches (every `x := x` copy's
    does), in source order: what the query `(short_var_declaration)` finds, narrowed to those."""
    out = []
    for m in _COPY_RHS.finditer(src, body.start_byte, body.end_byte):
        i = m.start()
        tok = body.descendant_for_byte_range(i, i + 2)
        st = tok.parent if tok is not None and tok.type == ":=" else None
        if st is not None and st.type == "short_var_declaration":
            out.append(st)
    return out


def _loop_variables(loop: Node) -> tuple[list[str], str] | None:
    """The names a `for` header declares for each iteration, and the kind of loop ("range"/"clause")."""
    for c in loop.named_children:
        if c.type == "range_clause":
            if not any(ch.type == ":=" for ch in c.children):
                return None
            left = c.child_by_field_name("left")
            if left is None:
                return None
            return [text(i) for i in left.named_children if i.type == "identifier"], "range"
        if c.type == "for_clause":
            init = c.child_by_field_name("initializer")
            if init is None or init.type != "short_var_declaration":
                return None
            left = init.child_by_field_name("left")
            if left is None:
                return None
            return [text(i) for i in left.named_children if i.type == "identifier"], "clause"
    return None


def _copied_names(stmt: Node) -> list[tuple[Node, Node]] | None:
    """For `a, b := a, b`: the (left, right) identifier pairs; None when any pair is not `x := x`."""
    left = stmt.child_by_field_name("left")
    right = stmt.child_by_field_name("right")
    if left is None or right is None:
        return None
    ls, rs = left.named_children, right.named_children
    if not ls or len(ls) != len(rs):
        return None
    pairs = list(zip(ls, rs, strict=True))
    for a, b in pairs:
        if a.type != "identifier" or b.type != "identifier" or text(a) != text(b) or text(a) == "_":
            return None
    return pairs


def _enclosing_loop(stmt: Node, name: str) -> tuple[Node, str] | None:
    """The `for` loop whose header declares `name` for the statement, when no function literal lies
    between them (a copy inside a closure is a different story)."""
    cur = stmt.parent
    while cur is not None:
        if cur.type in ("func_literal", "function_declaration", "method_declaration"):
            return None
        if cur.type == "for_statement":
            lv = _loop_variables(cur)
            if lv is not None and name in lv[0]:
                return cur, lv[1]
            # An outer loop's variable of the same name is shadowed by nothing here, but the copy
            # belongs to the innermost declaring loop; keep looking outwards.
        cur = cur.parent
    return None


def _written_after(loop: Node, name: str, after: int) -> bool:
    """Whether `name` is assigned, stepped or has its address taken in the loop after byte `after`
    (a method call on it could take its address too)."""
    for ident in captures("(identifier) @id", loop).get("id", []):
        if ident.start_byte < after or text(ident) != name:
            continue
        p = ident.parent
        if p is None:
            continue
        if p.type in ("inc_statement", "dec_statement"):
            return True
        if p.type == "unary_expression" and text(p.child_by_field_name("operator")) == "&":
            return True
        if p.type == "selector_expression" and p.child_by_field_name("operand") == ident:
            return True
        if p.type in ("index_expression", "slice_expression") and p.named_children[:1] == [ident]:
            return True
        if p.type == "expression_list" and p.parent is not None:
            gp = p.parent
            if gp.type in ("assignment_statement", "range_clause") and gp.child_by_field_name("left") == p:
                return True
    return False


def _line_start(src: bytes, offset: int) -> int:
    return src.rfind(b"\n", 0, offset) + 1


def _comment_above(src: bytes, stmt: Node, scope: Node) -> tuple[int, int] | None:
    """The line span of a one-line comment right above the statement that only explains a loop-variable
    copy (`// capture range variable`); a longer comment may say more, so it stays."""
    ls = _line_start(src, stmt.start_byte)
    if ls == 0:
        return None
    prev_ls = _line_start(src, ls - 1)
    line = src[prev_ls : ls - 1]
    first = prev_ls + (len(line) - len(line.lstrip()))
    comment = next(
        (c for c in captures("(comment) @c", scope).get("c", []) if c.start_byte == first),
        None,
    )
    if comment is None or comment.end_byte != ls - 1 or not _COPY_COMMENT.match(text(comment)):
        return None
    if prev_ls > 0:
        above = src[_line_start(src, prev_ls - 1) : prev_ls - 1].strip()
        if above.startswith(b"//"):
            return None
    return prev_ls, ls


def _delete_copy(src: bytes, stmt: Node, scope: Node) -> list[Edit]:
    e = delete_statement(src, stmt)
    if e.new != "" or e.start != _line_start(src, stmt.start_byte):
        return [e]  # `a; tt := tt` on a shared line: only the statement goes
    start, end = e.start, e.end
    comment = _comment_above(src, stmt, scope)
    if comment is not None:
        start = comment[0]
    blank_after = src[end : end + 1] == b"\n" or src[end : end + 2] == b"\r\n"
    opens_block = src[:start].rstrip(b" \t").endswith((b"{\n", b"{\r\n"))
    prev_ls = _line_start(src, start - 1) if start > 0 else 0
    blank_before = start > 0 and src[prev_ls:start].strip() == b""
    if blank_after and (opens_block or blank_before):
        # gofmt keeps a blank line that now opens the block, and would collapse two blank lines into
        # one: take the blank line that follows too.
        end = src.index(b"\n", end) + 1
    return [Edit(start, end, "")]


@rule(
    code="HAB012",
    name="redundant-loop-copy",
    severity=Severity.HINT,
    summary="Since Go 1.22: a `tt := tt` copy of a range variable that is already per-iteration.",
    fix="safe",
    unnecessary=True,
)
def check(ctx: FileContext, fn: FuncInfo) -> Iterator[Finding]:
    if not in_test_code(ctx, fn) or fn.body is None or not ctx.go_at_least(22):
        return
    if not _may_hold_copy(ctx.src, fn.body.start_byte, fn.body.end_byte):
        return
    for stmt in _copy_candidates(ctx.src, fn.body):
        if stmt.parent is None or stmt.parent.type != "statement_list":
            continue  # an if/switch/for header: not a plain copy line
        pairs = _copied_names(stmt)
        if pairs is None:
            continue
        ok = True
        for _, right in pairs:
            name = text(right)
            found = _enclosing_loop(stmt, name)
            if found is None:
                ok = False
                break
            loop, kind = found
            # The right-hand side must mean the loop's variable, not a later redeclaration.
            body = loop.child_by_field_name("body")
            if body is None or is_shadowed(name, right, loop):
                ok = False
                break
            if kind == "clause" and _written_after(loop, name, stmt.end_byte):
                ok = False
                break
        if not ok:
            continue
        names = ", ".join(text(a) for a, _ in pairs)
        edits = tuple(_delete_copy(ctx.src, stmt, fn.body))
        fixes = (
            []
            if disturbs_comment_alignment(ctx, edits)
            else [Fix("Delete the redundant copy", "safe", edits)]
        )
        yield check.finding(
            stmt.start_byte,
            stmt.end_byte,
            f"`{text(stmt)}` copies a loop variable that is already per-iteration since Go 1.22; "
            f"delete the copy of {names}",
            fixes,
        )
