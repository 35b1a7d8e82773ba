"""Editing a file's build constraint the way gofmt writes it.

gofmt (Go >= 1.17) prints a `//go:build` expression in go/build/constraint's canonical form and, when a
file still has legacy `// +build` lines, rewrites them from the `//go:build` line.  A fix that adds a tag
must produce exactly that text, or the fixed file is not gofmt-clean.  This module holds:

- `expr_string`: constraint.Expr.String() (parentheses only where `&&` and `||` meet, `!` before a group),
- `plus_build_lines`: constraint.PlusBuildLines (None where Go reports the expression too complex),
- `parse_plus_build`: the legacy lines of a file that has no `//go:build` line yet,
- `add_tag_edits`: the edits that AND a tag into a file's constraint, or add `//go:build tag` where
  gofmt would put it (after a leading license comment, before the package's doc comment and before any
  `/* */` comment), with a blank line after it.
"""

from __future__ import annotations

import re

from tree_sitter import Node

from ..buildtags import Constraint, ConstraintError, Expr, find_constraint, needs_custom_tag, parse_expr
from .base import Edit

# -- printing ---------------------------------------------------------------------------------------------


def expr_string(e: Expr) -> str:
    if e.op == "tag":
        return e.tag
    if e.op == "not":
        inner = e.args[0]
        s = expr_string(inner)
        return "!(" + s + ")" if inner.op in ("and", "or") else "!" + s
    if e.op == "and":
        return " && ".join("(" + expr_string(a) + ")" if a.op == "or" else expr_string(a) for a in e.args)
    return " || ".join("(" + expr_string(a) + ")" if a.op == "and" else expr_string(a) for a in e.args)


def _push_not(e: Expr, neg: bool) -> Expr:
    if e.op == "tag":
        return Expr("not", args=(e,)) if neg else e
    if e.op == "not":
        if e.args[0].op == "tag" and not neg:
            return e
        return _push_not(e.args[0], not neg)
    args = tuple(_push_not(a, neg) for a in e.args)
    if neg:
        return Expr("or" if e.op == "and" else "and", args=args)
    return Expr(e.op, args=args)


def _split(e: Expr, op: str) -> list[Expr]:
    if e.op == op:
        out: list[Expr] = []
        for a in e.args:
            out.extend(_split(a, op))
        return out
    return [e]


def _lit(e: Expr) -> str | None:
    if e.op == "tag":
        return e.tag
    if e.op == "not" and e.args[0].op == "tag":
        return "!" + e.args[0].tag
    return None


def plus_build_lines(e: Expr) -> list[str] | None:
    """The `// +build` lines gofmt writes for `e`; None when Go finds it too complex for them."""
    e = _push_not(e, False)
    split: list[list[list[str]]] = []
    for or_ in _split(e, "and"):
        ands: list[list[str]] = []
        for and_ in _split(or_, "or"):
            lits: list[str] = []
            for x in _split(and_, "and"):
                s = _lit(x)
                if s is None:
                    return None
                lits.append(s)
            ands.append(lits)
        split.append(ands)
    if max(len(o) for o in split) == 1:
        split = [[[lit for o in split for lit in o[0]]]]
    return ["// +build " + " ".join(",".join(a) for a in o) for o in split]


# -- reading legacy lines ---------------------------------------------------------------------------------

_PLUS = re.compile(rb"^[ \t]*// \+build(?:[ \t](.*))?$")


def parse_plus_build(src: bytes, ranges: tuple[tuple[int, int], ...]) -> Expr | None:
    """The expression of a file's `// +build` lines (lines AND, spaces OR, commas AND, `!` NOT)."""
    lines: list[Expr] = []
    for a, b in ranges:
        m = _PLUS.match(src[a:b].rstrip(b"\r"))
        if m is None:
            return None
        opts = (m.group(1) or b"").decode("utf-8", "replace").split()
        if not opts:
            continue
        ors: list[Expr] = []
        for opt in opts:
            ands: list[Expr] = []
            for t in opt.split(","):
                neg = t.startswith("!")
                name = t[1:] if neg else t
                if not re.fullmatch(r"[A-Za-z0-9_.]+", name):
                    return None
                tag = Expr("tag", tag=name)
                ands.append(Expr("not", args=(tag,)) if neg else tag)
            ors.append(ands[0] if len(ands) == 1 else Expr("and", args=tuple(ands)))
        lines.append(ors[0] if len(ors) == 1 else Expr("or", args=tuple(ors)))
    if not lines:
        return None
    return lines[0] if len(lines) == 1 else Expr("and", args=tuple(lines))


def plus_build_ranges(src: bytes) -> tuple[tuple[int, int], ...]:
    """Byte ranges of the `// +build` lines in a file's header (before the package clause)."""
    out: list[tuple[int, int]] = []
    pos = 0
    in_block = False
    while pos < len(src):
        nl = src.find(b"\n", pos)
        end = len(src) if nl < 0 else nl
        line = src[pos:end].strip()
        if in_block:
            if b"*/" in line:
                in_block = False
        elif line.startswith(b"// +build"):
            out.append((pos, pos + len(src[pos:end].rstrip(b"\r"))))
        elif line.startswith(b"/*"):
            in_block = b"*/" not in line[2:]
        elif line and not line.startswith(b"//"):
            break
        if nl < 0:
            break
        pos = nl + 1
    return tuple(out)


def file_constraint(src: bytes) -> tuple[Expr | None, bool]:
    """(expression, parsed) of the file's constraint: the `//go:build` line, else the legacy `// +build`
    lines; (None, True) when the file has none, (None, False) when it has one we cannot read."""
    c = find_constraint(src)
    if c is not None:
        return c.expr, c.expr is not None
    ranges = plus_build_ranges(src)
    if not ranges:
        return None, True
    e = parse_plus_build(src, ranges)
    return e, e is not None


def excluded_from_plain_test(src: bytes) -> bool:
    """Whether a plain `go test` leaves the file out: its constraint needs a custom tag.  Unlike
    FileContext.excluded_from_plain_test this also reads legacy `// +build` lines."""
    e, ok = file_constraint(src)
    if not ok:
        return True  # a constraint we cannot read: do not claim the file runs
    return e is not None and needs_custom_tag(e)


# -- adding a tag -----------------------------------------------------------------------------------------


def _and_tag(e: Expr, tag: str) -> Expr:
    t = Expr("tag", tag=tag)
    if e.op == "and":
        return Expr("and", args=(*e.args, t))
    return Expr("and", args=(e, t))


def _line_end(src: bytes, end: int) -> int:
    """The offset just past the newline ending the line that ends at `end`."""
    nl = src.find(b"\n", end)
    return len(src) if nl < 0 else nl + 1


def _plus_edits(src: bytes, ranges: tuple[tuple[int, int], ...], lines: list[str], eol: str) -> list[Edit]:
    """Replace the legacy lines by `lines`: the first range takes them all, the others go with their
    line ends."""
    edits = [Edit(ranges[0][0], ranges[0][1], eol.join(lines))]
    for a, b in ranges[1:]:
        edits.append(Edit(a, _line_end(src, b), ""))
    return edits


def insertion_point(src: bytes) -> int:
    """Where gofmt puts a new `//go:build` line (go/printer's fixGoBuildLines): just after the last blank
    line of the file's leading run of `//` comments and blank lines.  So after a license block that a
    blank line separates from the rest, before the package's doc comment, and before any `/* */`
    comment, which ends the run."""
    insert = 0
    pos = 0
    while pos < len(src):
        nl = src.find(b"\n", pos)
        if nl < 0:
            break
        line = src[pos:nl].rstrip(b"\r").lstrip(b" \t")
        if line == b"":
            insert = nl + 1
        elif not line.startswith(b"//"):
            break
        pos = nl + 1
    return insert


def add_tag_edits(src: bytes, root: Node, tag: str = "integration") -> list[Edit] | None:
    """Edits that keep the file out of builds without `tag`: AND it into the `//go:build` line (and the
    legacy `// +build` lines, rewritten as gofmt would), or add `//go:build tag` before the package clause.
    None when the existing constraint cannot be read or expressed."""
    eol = "\r\n" if b"\r\n" in src[:4096] else "\n"
    c: Constraint | None = find_constraint(src)
    if c is not None:
        if c.expr is None:
            return None
        new = _and_tag(c.expr, tag)
        edits = [Edit(c.start, c.end, "//go:build " + expr_string(new))]
        if c.plus_build_lines:
            lines = plus_build_lines(new)
            if lines is None:
                return None
            edits.extend(_plus_edits(src, c.plus_build_lines, lines, eol))
        return edits
    ranges = plus_build_ranges(src)
    if ranges:
        old = parse_plus_build(src, ranges)
        if old is None:
            return None
        new = _and_tag(old, tag)
        lines = plus_build_lines(new)
        if lines is None:
            return None
        edits = _plus_edits(src, ranges, lines, eol)
        # gofmt puts the //go:build line right above the first legacy line.
        first = edits[0]
        edits[0] = Edit(first.start, first.end, "//go:build " + expr_string(new) + eol + first.new)
        return edits
    if not any(n.type == "package_clause" for n in root.children):
        return None
    at = insertion_point(src)
    return [Edit(at, at, f"//go:build {tag}{eol}{eol}")]


def with_tag(expr_text: str | None, tag: str = "integration") -> str:
    """The `//go:build` line for a new file that must build where `expr_text` holds and only with `tag`."""
    if not expr_text:
        return f"//go:build {tag}"
    try:
        e = parse_expr(expr_text)
    except ConstraintError:
        return f"//go:build {tag}"
    return "//go:build " + expr_string(_and_tag(e, tag))
