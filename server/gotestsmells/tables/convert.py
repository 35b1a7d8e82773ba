"""The conversion: one table-driven test (or one loop, for blocks inside a test) replacing a group.

`plan(ctx, group)` decides everything (fields, their types and names, the rows, the test's name) or
returns None with a reason, so the code action is offered only when it can be rendered; `edits(ctx, p)`
renders it.  The shared body is the first member's, with each varying position replaced by `tc.<field>`,
re-indented (lines inside raw strings are left alone).  The result is gofmt-clean by construction: rows
on one line each, struct fields aligned as gofmt aligns them, moved values re-spaced as gofmt spaces them
at their new depth, and no replacement that would make gofmt re-space the expression around it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tree_sitter import Node

from ..analysis.context import FileContext
from ..parsing import text, walk
from .detect import Group
from .exprfmt import Unformattable, format_expr, spacing
from .gotypes import GoType, Typer, Untyped, Where, assignable, default_type, lower_first
from .pkgindex import PackageIndex
from .shape import normalized


@dataclass(frozen=True)
class Edit:
    """Replace src[start:end] with `new` (the rule turns these into its own Edit type)."""

    start: int
    end: int
    new: str


GO_KEYWORDS = frozenset(
    {
        "break",
        "case",
        "chan",
        "const",
        "continue",
        "default",
        "defer",
        "else",
        "fallthrough",
        "for",
        "func",
        "go",
        "goto",
        "if",
        "import",
        "interface",
        "map",
        "package",
        "range",
        "return",
        "select",
        "struct",
        "switch",
        "type",
        "var",
    }
)
MAX_FIELDS = 8


class NoFix(Exception):
    """Why a group gets no conversion (kept for tests and debugging)."""


@dataclass
class Field:
    hint: str  # a name suggestion ("" for none)
    type: GoType
    positions: list[int]  # hole indexes
    values: list[str]  # per member, as the row spells it
    rank: int = 9
    name: str = ""  # the field's name; "name" when it is the rows' name itself


@dataclass
class Plan:
    group: Group
    fields: list[Field]
    row_names: list[str]  # Go string literals
    row_comments: list[list[str]]  # comment lines above each row
    test_name: str | None  # functions: the new test's name
    tparam: str  # the testing parameter's name in the subtest closure
    ttype: str  # `*testing.T` as the file spells it
    table: str
    loop: str
    copy_loop_var: bool
    parallel: bool  # functions: every original calls t.Parallel(): so does the new parent test
    imports: tuple[tuple[str, str | None], ...]
    replace: dict[int, Node] = field(default_factory=dict)  # hole index -> node to replace in member 0
    dropped: list[Node] = field(default_factory=list)  # comments of member 0 that moved to its row

    @property
    def title(self) -> str:
        """The code action's title: "Convert TestParseSeven, TestParseForty, TestParseNegative to a
        table-driven test" (subtests by name, blocks by line; long lists end in "and N more")."""
        labels = self.group.labels()
        shown = ", ".join(labels if len(labels) <= 4 else [*labels[:3], f"and {len(labels) - 3} more"])
        if self.group.kind == "functions":
            return f"Convert {shown} to a table-driven test"
        if self.group.kind == "runs":
            return f"Convert subtests {shown} to a table-driven loop"
        return f"Convert the blocks at {shown} to a table-driven loop"


# -- helpers ------------------------------------------------------------------------------------------


def go_quote(s: str) -> str:
    out = ['"']
    for ch in s:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\x{ord(ch):02x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _line_start(src: bytes, off: int) -> int:
    return src.rfind(b"\n", 0, off) + 1


def _indent(src: bytes, off: int) -> str:
    ls = _line_start(src, off)
    i = ls
    while i < len(src) and src[i] in b" \t":
        i += 1
    return src[ls:i].decode()


def _leading_comments(node: Node) -> list[Node]:
    """Comments directly above a declaration or statement (no blank line between)."""
    out: list[Node] = []
    cur = node
    prev = node.prev_sibling
    while prev is not None and prev.type == "comment" and prev.end_point[0] + 1 >= cur.start_point[0]:
        if prev.end_point[0] == cur.start_point[0]:
            break  # `x := 1 // trailing` of the previous statement, not ours
        # A comment that trails another statement on its line belongs to that statement.
        before = prev.prev_sibling
        if before is not None and before.end_point[0] == prev.start_point[0]:
            break
        out.append(prev)
        cur = prev
        prev = prev.prev_sibling
    out.reverse()
    return out


def _trailing_comment(node: Node) -> Node | None:
    nxt = node.next_sibling
    if nxt is not None and nxt.type == "comment" and nxt.start_point[0] == node.end_point[0]:
        return nxt
    return None


def _header_comments(member: Node) -> list[Node]:
    """Comments on a member's first line after its opening brace (`{ // want ...`)."""
    line = member.start_point[0]
    body = member.child_by_field_name("body") if member.type == "function_declaration" else member
    out = []
    for n in walk(body or member):
        if n.type == "comment" and n.start_point[0] == line:
            out.append(n)
    return out


def _row_comments(g: Group, own: list[list[str]]) -> list[list[str]]:
    """What each row carries from its original: the doc comment (or the comments above a block), the
    comment on its first line, and the comment after its last line (the first function keeps that one,
    and the last statement of a run too: they stay where they are)."""
    out = []
    last = len(g.members) - 1
    for k, m in enumerate(g.members):
        cs = [text(c) for c in _leading_comments(m)]
        cs += [text(c) for c in _header_comments(m)]
        tr = _trailing_comment(m)
        keeps_place = (g.kind == "functions" and k == 0) or (g.kind != "functions" and k == last)
        if tr is not None and not keeps_place:
            cs.append(text(tr))
        out.append(cs + own[k])
    return out


def _identifiers(node: Node) -> set[str]:
    return {text(n) for n in walk(node) if n.type in ("identifier", "field_identifier", "type_identifier")}


def _protected_newlines(node: Node, skip: list[tuple[int, int]]) -> set[int]:
    """Offsets of newlines inside raw strings under `node` (not inside a replaced hole): the line after
    them must not be re-indented."""
    out: set[int] = set()
    for n in walk(node):
        if n.type == "raw_string_literal" and b"\n" in (n.text or b""):
            if any(a <= n.start_byte and n.end_byte <= b for a, b in skip):
                continue
            raw = n.text or b""
            base = n.start_byte
            i = raw.find(b"\n")
            while i >= 0:
                out.add(base + i)
                i = raw.find(b"\n", i + 1)
    return out


def _render_region(
    src: bytes,
    start: int,
    end: int,
    replacements: list[tuple[int, int, str]],
    protected: set[int],
    add_indent: str,
    first_line_indented: bool,
) -> str:
    """src[start:end] with replacements applied and `add_indent` put before every line (not empty lines,
    not lines that start inside a raw string)."""
    out: list[str] = []
    pos = start
    at_line_start = first_line_indented
    reps = sorted(replacements)

    def emit(seg_start: int, seg_end: int) -> None:
        nonlocal at_line_start
        i = seg_start
        while i < seg_end:
            j = src.find(b"\n", i, seg_end)
            chunk_end = seg_end if j < 0 else j
            if at_line_start and chunk_end > i:
                out.append(add_indent)
            out.append(src[i:chunk_end].decode("utf-8", "surrogatepass"))
            if j < 0:
                at_line_start = False
                break
            out.append("\n")
            at_line_start = j not in protected
            i = j + 1

    for a, b, new in reps:
        if a < pos:
            raise NoFix("overlapping replacements")
        emit(pos, a)
        if at_line_start and new:
            out.append(add_indent)
            at_line_start = False
        out.append(new)
        pos = b
    emit(pos, end)
    return "".join(out)


def _reindent_value(src: bytes, node: Node, new_base: str) -> str:
    """A multi-line value moved into a row: its later lines keep their indentation relative to the line
    the value started on."""
    raw = src[node.start_byte : node.end_byte]
    if b"\n" not in raw:
        try:
            return format_expr(node)
        except Unformattable:
            return text(node)
    if node.type not in ("composite_literal", "raw_string_literal", "interpreted_string_literal"):
        raise NoFix("multi-line value")
    old_base = _indent(src, node.start_byte)
    protected = _protected_newlines(node, [])
    lines = raw.decode("utf-8", "surrogatepass").split("\n")
    out = [lines[0]]
    off = node.start_byte + len(lines[0].encode("utf-8", "surrogatepass"))
    for ln in lines[1:]:
        nl_at = off
        off += 1 + len(ln.encode("utf-8", "surrogatepass"))
        if nl_at in protected:
            out.append(ln)
            continue
        if not ln.strip():
            out.append("")
            continue
        if not ln.startswith(old_base):
            raise NoFix("value indented oddly")
        out.append(new_base + ln[len(old_base) :])
    return "\n".join(out)


def _word_prefix(names: list[str]) -> str:
    """The longest common prefix of the names that ends at a word boundary."""
    p = names[0]
    for n in names[1:]:
        k = 0
        while k < len(p) and k < len(n) and p[k] == n[k]:
            k += 1
        p = p[:k]
    while p:
        k = len(p)
        ok = True
        for n in names:
            if len(n) == k:
                continue
            nxt, prev = n[k], p[-1]
            if nxt.islower() or (nxt.isdigit() and prev.isdigit()):
                ok = False
                break
            if nxt.isupper() and prev.isupper() and k + 1 < len(n) and n[k + 1].isupper():
                ok = False  # inside an acronym: HTTP|S
                break
        if ok:
            return p
        p = p[:-1]
    return ""


# -- planning -----------------------------------------------------------------------------------------


def _body_comments(g: Group, m: Node) -> list[Node]:
    """A member's comments that are not on its first line."""
    body = m.child_by_field_name("body") if g.kind == "functions" else m
    line = m.start_point[0]
    return [n for n in walk(body or m) if n.type == "comment" and n.start_point[0] != line]


def _own_comments(g: Group) -> tuple[list[list[str]], list[Node]]:
    """Comments only some members have: each member's go above its row (in order), and the first
    member's are taken out of the shared body.  Only whole-line comments can move.  Comments inside a
    varying value travel with the value."""
    per = []
    for k, m in enumerate(g.members):
        spans = [(h.start_byte, h.end_byte) for h in g.holes[k]]
        per.append([c for c in _body_comments(g, m) if not any(a <= c.start_byte < b for a, b in spans)])
    texts = [[text(c).strip() for c in cs] for cs in per]
    common = set(texts[0])
    for ts in texts[1:]:
        common &= set(ts)
    if all(ts == texts[0] for ts in texts):
        return [[] for _ in g.members], []
    own: list[list[str]] = []
    for cs in per:
        mine = []
        for c in cs:
            if text(c).strip() in common:
                continue
            prev = c.prev_sibling
            if prev is not None and prev.end_point[0] == c.start_point[0]:
                raise NoFix("a trailing comment that only some members have")
            mine.append(text(c))
        own.append(mine)
    drop = [c for c in per[0] if text(c).strip() not in common]
    return own, drop


def _check_member_text(ctx: FileContext, g: Group) -> None:
    m0 = g.members[0]
    for n in walk(m0):
        if n.type == "comment" and text(n).startswith("/*") and "\n" in text(n):
            raise NoFix("multi-line block comment")
    for m in g.members:
        if g.kind == "functions" and m.start_point[0] == m.end_point[0]:
            # gofmt aligns the bodies of adjacent one-line functions: removing one re-aligns the others.
            for sib in (m.prev_named_sibling, m.next_named_sibling):
                if (
                    sib is not None
                    and sib not in g.members
                    and sib.start_point[0] == sib.end_point[0]
                    and abs(sib.start_point[0] - m.start_point[0]) == 1
                ):
                    raise NoFix("a one-line test aligned with its neighbours")
    names = {f.name for f in g.funcs} if g.kind == "functions" else set()
    for m in g.members:
        body = m.child_by_field_name("body") if g.kind == "functions" else m
        for n in walk(body or m):
            if n.type == "identifier" and text(n) in names:
                raise NoFix("a member refers to a test of the group")
            if n.type == "call_expression":
                fn = n.child_by_field_name("function")
                if fn is not None and fn.type == "selector_expression":
                    f = text(fn.child_by_field_name("field"))
                    op = fn.child_by_field_name("operand")
                    if f == "Name" and op is not None and ctx.is_testing_value(op):
                        raise NoFix("t.Name() changes in a subtest")


def _check_block_flow(block: Node) -> None:
    """A bare block moved into a closure: `return`, `defer`, and jumps out of it would change meaning."""
    stack: list[tuple[Node, bool]] = [(block, False)]
    while stack:
        n, in_loop = stack.pop()
        t = n.type
        if t == "func_literal":
            continue
        if t in ("return_statement", "defer_statement", "goto_statement", "fallthrough_statement"):
            raise NoFix(f"{t} in a block")
        if t in ("break_statement", "continue_statement") and (not in_loop or n.named_children):
            raise NoFix("a jump out of a block")
        if t == "labeled_statement":
            raise NoFix("a label in a block")
        inner = in_loop or t in (
            "for_statement",
            "expression_switch_statement",
            "type_switch_statement",
            "select_statement",
        )
        stack.extend((c, inner) for c in n.children)


def _replacement_node(g: Group, i: int, w: Where) -> Node:
    return w.replace if w.replace is not None else g.holes[0][i]


def _format_check(node: Node) -> None:
    """Replacing a unary or binary hole by `tc.x` must not make gofmt re-space the expression around it,
    nor a multi-line value in a keyed composite literal re-align its neighbours."""
    if node.start_point[0] != node.end_point[0]:
        el = node.parent
        if el is not None and el.type == "literal_element" and el.parent is not None:
            kv = el.parent
            if kv.type == "keyed_element" and kv.parent is not None and len(kv.parent.named_children) > 1:
                raise NoFix("a multi-line value in an aligned composite literal")
    p = node.parent
    if (
        node.type not in ("binary_expression", "unary_expression")
        or p is None
        or p.type != "binary_expression"
    ):
        return
    top = p
    while top.parent is not None and top.parent.type == "binary_expression":
        top = top.parent
    for d in (1, 2):
        if spacing(top, d, frozenset(), frozenset({node.id})) != spacing(top, d, frozenset({node.id})):
            raise NoFix("gofmt would re-space the expression around a value")


def _field_type(wheres: list[Where], vals: list[GoType | Untyped | None], typer: Typer) -> GoType | None:
    exact = [w.type for w in wheres if w.mode == "exact" and w.type is not None]
    if exact:
        t0 = exact[0]
        if any(t.text != t0.text for t in exact):
            return None
        for v in vals:
            if isinstance(v, Untyped) and not assignable(v, t0):
                return None
            if v is None and t0.is_any:
                return None
        return t0
    if any(w.mode == "unknown" for w in wheres):
        # A typed value keeps its type wherever it goes.
        if vals and all(isinstance(v, GoType) for v in vals) and len({v.text for v in vals}) == 1:  # type: ignore[union-attr]
            return vals[0]  # type: ignore[return-value]
        return None
    modes = {w.mode for w in wheres}
    chosen: GoType | None = None
    if all(isinstance(v, GoType) for v in vals) and len({v.text for v in vals}) == 1:  # type: ignore[union-attr]
        chosen = vals[0]  # type: ignore[assignment]
    elif all(isinstance(v, Untyped) for v in vals) and len({v.kind for v in vals}) == 1:  # type: ignore[union-attr]
        chosen = default_type(vals[0])  # type: ignore[arg-type]
    if chosen is not None:
        if "int" in modes and chosen.basic not in (
            "int",
            "int8",
            "int16",
            "int32",
            "int64",
            "uint",
            "uint8",
            "uint16",
            "uint32",
            "uint64",
        ):
            return None
        if "bool" in modes and chosen.basic != "bool":
            return None
        return chosen
    if modes == {"any"} and all(v is not None for v in vals):
        return typer.spell_any()
    return None


_LOCKS = re.compile(r"\bsync\.(Mutex|RWMutex|WaitGroup|Once|Cond|Map|Pool)\b|\batomic\.")


def _holds_lock(t: GoType, typer: Typer) -> bool:
    """A field of this type would make `for _, tc := range tests` copy a lock (sync.Mutex, a struct
    holding one).  Pointers are fine; a struct of the package is looked into one level deep."""
    if t.text.startswith("*") or t.text.startswith("[]") or t.text.startswith("map["):
        return False
    if _LOCKS.search(t.text):
        return True
    files = typer.index.same
    for fd in files:
        spec = fd.types.get(t.text)
        if spec is not None:
            return _LOCKS.search(text(spec)) is not None
    return False


def _subtest_param(ctx: FileContext, g: Group) -> str:
    """The name of the testing parameter the subtest closures take (the originals' name for it)."""
    m0 = g.members[0]
    if g.kind == "functions":
        f0 = g.funcs[0]
        if f0.tparam is None or f0.ttype != "T":
            raise NoFix("the test's parameter is unnamed")
        return f0.tparam
    if g.kind == "runs":
        call = m0.named_children[0]
        args = call.child_by_field_name("arguments")
        lit = args.named_children[1] if args is not None and len(args.named_children) > 1 else None
        plist = lit.child_by_field_name("parameters") if lit is not None else None
        decls = (
            [d for d in plist.named_children if d.type == "parameter_declaration"]
            if plist is not None
            else []
        )
        names = decls[0].children_by_field_name("name") if len(decls) == 1 else []
        if len(names) != 1 or text(names[0]) == "_":
            raise NoFix("the subtest's parameter is unnamed")
        return text(names[0])
    b = ctx.testing_binding(m0)
    if b is None or b.ttype != "T":
        raise NoFix("no *testing.T in scope")
    return b.name


def _buckets(g: Group, wheres: dict[int, Where]) -> list[list[int]]:
    """Varying positions grouped into fields: positions that always hold the same values share one field
    (`parse("7")` ... `want 7` ... `t.Errorf(..., "7")` is one `input`), unless they need different types."""
    by_vec: dict[tuple[str, ...], list[int]] = {}
    for i in g.varying:
        by_vec.setdefault(tuple(normalized(m[i]) for m in g.holes), []).append(i)
    out: list[list[int]] = []
    for idxs in by_vec.values():
        by_type: dict[str | None, list[int]] = {}
        loose: list[int] = []
        for i in idxs:
            w = wheres[i]
            if w.mode == "exact" and w.type is not None:
                by_type.setdefault(w.type.text, []).append(i)
            else:
                loose.append(i)
        parts = list(by_type.values())
        if parts:
            parts[0].extend(loose)  # positions taking any type go with the first typed one
        else:
            parts = [loose]
        out.extend(parts)
    return sorted(out, key=min)


def _pathlike(v: str) -> bool:
    return v.startswith('"') and ("/" in v or re.search(r"\.[A-Za-z0-9]{1,5}\"$", v) is not None)


def _assign_names(g: Group, fields: list[Field]) -> None:
    """Field names from the hints (the variable assigned, the value compared with, the parameter), made
    unique; `arg1`, `arg2`, ... in table order for fields without a hint."""
    used: set[str] = {"name"}
    for f in sorted(fields, key=lambda f: (f.rank, min(f.positions))):
        if f.name == "name":
            continue
        base = _field_name(f.hint)
        if not base:
            continue
        if base == "name":
            # `os.ReadFile(name)`: a file name reads better as a path; anything else must not shadow
            # the rows' own name.
            base = "path" if all(_pathlike(v) for v in f.values) else "nameArg"
        cand, n = base, 2
        while cand in used:
            cand, n = f"{base}{n}", n + 1
        f.name = cand
        used.add(cand)
    k = 0
    for f in sorted(fields, key=lambda f: min(f.positions)):
        if f.name:
            continue
        while True:
            k += 1
            if f"arg{k}" not in used:
                break
        f.name = f"arg{k}"
        used.add(f.name)


def _function_rows(
    ctx: FileContext, g: Group, index: PackageIndex, reserved: set[str] | None
) -> tuple[str, list[str]]:
    """The new test's name and each row's name: the common prefix of the names (ending on a word, and
    not on a joining word: `TestDefragmentWith...` gives `TestDefragment`), and the rest of each name
    (`WithInvalidAuth`)."""
    names = [f.name for f in g.funcs]
    prefix = _word_prefix(names)
    base_name = _strip_connectors(prefix.rstrip("_"))
    if len(base_name) <= len("Test") or not prefix:
        test_name = names[0]
        suffixes = [n[len("Test") :].lstrip("_") for n in names]
    else:
        test_name = base_name
        # The test whose name is the prefix itself is the group's default case.
        suffixes = [n[len(base_name) :].lstrip("_") or "Default" for n in names]
        if len(set(suffixes)) != len(suffixes):
            suffixes = [n[len(base_name) :].lstrip("_") or n[len("Test") :].lstrip("_") for n in names]
    if len(set(suffixes)) != len(suffixes) or any(not x for x in suffixes):
        raise NoFix("rows would not have distinct names")
    taken: set[str] = set()
    for fd in index.same:
        taken.update(fd.funcs)
    taken -= set(names)
    taken |= reserved or set()
    if test_name in taken and test_name != names[0]:
        test_name += "Cases"
    if test_name in taken:
        test_name = names[0]
    return test_name, [go_quote(x) for x in suffixes]


def plan(
    ctx: FileContext, g: Group, index: PackageIndex | None = None, reserved: set[str] | None = None
) -> Plan:
    """Everything the conversion needs, or NoFix.  `reserved`: test names the conversions of the file's
    other groups take (planned in file order), so that applying them all declares no name twice."""
    if b"\r\n" in ctx.src:
        raise NoFix("CRLF line endings")  # gofmt would rewrite them all; raw strings would change
    _check_member_text(ctx, g)
    own, dropped = _own_comments(g)
    if g.kind == "blocks":
        for m in g.members:
            _check_block_flow(m)
    index = index or PackageIndex(ctx)
    src = ctx.src
    tl = ctx.testing_local
    if tl is None or tl == ".":
        raise NoFix("no usable testing import")
    ttype = f"*{tl}.T"
    tparam = _subtest_param(ctx, g)

    owners = [g.funcs[k] if g.kind == "functions" else g.funcs[0] for k in range(len(g.members))]
    typers = [Typer(ctx, index, f.node) for f in owners]
    wheres: dict[int, Where] = {}
    for i in g.varying:
        if g.kind == "runs" and i == 0:
            wheres[i] = Where("exact", GoType("string", basic="string"), hint="name", rank=0)
        else:
            wheres[i] = typers[0].where(g.holes[0][i])

    # The one varying argument of the function under test (its result is checked) is its `input`.
    per_call: dict[int, list[int]] = {}
    for i, w in wheres.items():
        if w.call is not None:
            per_call.setdefault(w.call.id, []).append(i)
    for idxs in per_call.values():
        w = wheres[idxs[0]]
        if len(idxs) == 1 and (w.hint is None or w.hint in _GENERIC_PARAMS or len(w.hint) <= 2):
            wheres[idxs[0]] = Where(w.mode, w.type, "input", 4, w.replace, w.call)

    fields: list[Field] = []
    imports: list[tuple[str, str | None]] = []
    for idxs in _buckets(g, wheres):
        ws = [wheres[i] for i in idxs]
        vals = [typers[k].expr_type(g.holes[k][idxs[0]]) for k in range(len(g.members))]
        ft = _field_type(ws, vals, typers[0])
        if ft is None:
            raise NoFix(f"no Go type fits the values {[text(m[idxs[0]]) for m in g.holes]}")
        if _holds_lock(ft, typers[0]):
            raise NoFix("a row would hold a lock (go vet: range var copies lock)")
        imports.extend(ft.imports)
        best = min(ws, key=lambda w: w.rank)
        values = [
            _reindent_value(src, g.holes[k][idxs[0]], _row_indent(src, g)) for k in range(len(g.members))
        ]
        f = Field(best.hint or "", ft, idxs, values, best.rank)
        if g.kind == "runs" and 0 in idxs:
            f.name = "name"  # the subtest names are the rows' names
        fields.append(f)
    if len([f for f in fields if f.name != "name"]) > MAX_FIELDS:
        raise NoFix("too many varying positions for a readable table")
    for f in fields:
        for i in f.positions:
            node = _replacement_node(g, i, wheres[i])
            _check_format_position(g.holes[0][i])
            _format_check(node)
            _check_no_comment_on_line(node)

    # Rows: their names and the comments above them.
    test_name: str | None = None
    row_comments: list[list[str]]
    if g.kind == "functions":
        test_name, row_names = _function_rows(ctx, g, index, reserved)
        row_comments = _row_comments(g, own)
        # A string that spells the row's name is the row's name: `testDeadlock(t, tc.name)`.
        for f in fields:
            if f.type.text == "string" and f.values == row_names:
                f.name = "name"
    elif g.kind == "runs":
        row_names = next(f for f in fields if f.name == "name").values
        row_comments = _row_comments(g, own)
    else:
        comments = [_leading_comments(m) for m in g.members]
        singles = [
            text(c[0]).removeprefix("//").strip() if len(c) == 1 and text(c[0]).startswith("//") else ""
            for c in comments
        ]
        row_comments = _row_comments(g, own)
        if all(singles) and len(set(singles)) == len(singles):
            row_names = [go_quote(x) for x in singles]
            row_comments = [rc[1:] for rc in row_comments]  # the comment became the name
        else:
            row_names = _names_from_values(g, fields)
    _assign_names(g, fields)

    # Variable names that clash with nothing the code uses.
    used = (
        _identifiers(g.funcs[0].node)
        if g.kind != "functions"
        else set().union(*(_identifiers(m) for m in g.members))
    )
    table = next((n for n in ("tests", "cases", "testCases", "tcs") if n not in used), None)
    loop = next((n for n in ("tc", "tt", "test", "c") if n not in used and n != table), None)
    if table is None or loop is None:
        raise NoFix("no free name for the table")
    parallel = False
    if g.kind == "functions":
        first = _first_statement(g.funcs[0].body)
        parallel = first is not None and _is_parallel_call(ctx, first, tparam)
    needs_copy = not ctx.go_at_least(22) and any(
        n.type == "go_statement"
        or (n.type == "call_expression" and text(n.child_by_field_name("function")).endswith(".Parallel"))
        for n in walk(g.members[0])
    )
    replace = {i: w.replace for i, w in wheres.items() if w.replace is not None}
    return Plan(
        g,
        fields,
        row_names,
        row_comments,
        test_name,
        tparam,
        ttype,
        table,
        loop,
        needs_copy,
        parallel,
        tuple(dict.fromkeys(imports)),
        replace,
        dropped,
    )


_CONNECTORS = (
    "With",
    "Without",
    "And",
    "Or",
    "Of",
    "For",
    "In",
    "On",
    "To",
    "When",
    "If",
    "By",
    "From",
    "At",
    "Using",
    "Via",
)


def _strip_connectors(name: str) -> str:
    """`TestDefragmentWith` -> `TestDefragment`: a prefix that stops on a joining word reads badly."""
    changed = True
    while changed:
        changed = False
        for w in _CONNECTORS:
            if name.endswith(w) and len(name) - len(w) > len("Test"):
                cut = name[: -len(w)].rstrip("_")
                if len(cut) > len("Test"):
                    name = cut
                    changed = True
    return name


def _value_text(ctx: FileContext, g: Group, k: int, f: Field) -> str:
    return normalized(g.holes[k][f.positions[0]])


def _row_indent(src: bytes, g: Group) -> str:
    if g.kind == "functions":
        return "\t\t"
    return _indent(src, g.members[0].start_byte) + "\t"


def _field_name(hint: str) -> str:
    if not hint:
        return ""
    name = lower_first(hint.lstrip("_"))
    name = re.sub(r"[^A-Za-z0-9_]", "", name)
    if not name or not (name[0].isalpha() or name[0] == "_") or name == "_":
        return ""
    if name in GO_KEYWORDS:
        return "typ" if name == "type" else name + "Arg"
    return name


def _names_from_values(g: Group, fields: list[Field]) -> list[str]:
    for f in fields:
        vals = f.values
        if len(set(vals)) != len(vals):
            continue
        out = []
        for v in vals:
            if v.startswith('"') and "\\" not in v and "\n" not in v:
                out.append(v)
            elif "\n" not in v and len(v) <= 40:
                out.append(go_quote(v))
            else:
                break
        else:
            return out
    return [go_quote(f"case{k + 1}") for k in range(len(g.members))]


def _first_statement(body: Node | None) -> Node | None:
    if body is None:
        return None
    for c in body.named_children:
        if c.type == "statement_list":
            return next((s for s in c.named_children if s.type != "comment"), None)
    return None


def _is_parallel_call(ctx: FileContext, stmt: Node, tparam: str) -> bool:
    if stmt.type != "expression_statement" or not stmt.named_children:
        return False
    call = stmt.named_children[0]
    return (
        call.type == "call_expression" and text(call.child_by_field_name("function")) == f"{tparam}.Parallel"
    )


# Parameter names that say less than `input` does about the one argument of the function under test.
_GENERIC_PARAMS = frozenset(
    {"s", "str", "in", "input", "v", "val", "value", "data", "text", "x", "b", "buf", "raw", "src", "arg"}
)

_PRINTF = frozenset({"Logf", "Errorf", "Fatalf", "Skipf", "Printf", "Sprintf", "Fprintf", "Panicf"})


def _check_format_position(hole: Node) -> None:
    """A printf-style format that varies, with nothing after it: go vet rejects a non-constant format
    with no arguments."""
    p = hole.parent
    call = p.parent if p is not None and p.type == "argument_list" else None
    if call is None or call.type != "call_expression":
        return
    fn = call.child_by_field_name("function")
    if fn is None:
        return
    name = text(fn.child_by_field_name("field")) if fn.type == "selector_expression" else text(fn)
    args = [a for a in p.named_children if a.type != "comment"]  # type: ignore[union-attr]
    if name in _PRINTF and args and args[-1] == hole:
        fmt_index = 1 if name == "Fprintf" else 0
        if args.index(hole) == fmt_index:
            raise NoFix("a varying printf format with no arguments")


def _check_no_comment_on_line(node: Node) -> None:
    cur: Node | None = node
    while cur is not None and cur.type not in ("statement_list", "block", "literal_value", "source_file"):
        nxt = cur.next_sibling
        while nxt is not None and nxt.start_point[0] == node.end_point[0]:
            if nxt.type == "comment":
                raise NoFix("a comment on the line of a replaced value")
            nxt = nxt.next_sibling
        cur = cur.parent


# -- rendering ----------------------------------------------------------------------------------------


def _table_text(p: Plan, indent: str) -> str:
    """`tests := []struct{...}{ rows }` at `indent`: struct fields aligned as gofmt aligns them, one row
    per line, the originals' comments above their rows."""
    own = [f for f in sorted(p.fields, key=lambda f: min(f.positions)) if f.name != "name"]
    cols = [("name", "string")] + [(f.name, f.type.text) for f in own]
    width = max(len(n) for n, _ in cols)
    lines = [f"{indent}{p.table} := []struct {{"]
    for n, t in cols:
        lines.append(f"{indent}\t{n}{' ' * (width - len(n) + 1)}{t}")
    lines.append(f"{indent}}}{{")
    for k in range(len(p.group.members)):
        for c in p.row_comments[k]:
            lines.append(f"{indent}\t{c}")
        cells = [f"name: {p.row_names[k]}"] + [f"{f.name}: {f.values[k]}" for f in own]
        lines.append(f"{indent}\t{{{', '.join(cells)}}},")
    lines.append(f"{indent}}}")
    return "\n".join(lines)


def _replacements(p: Plan, src: bytes) -> list[tuple[int, int, str]]:
    out = []
    for c in p.dropped:
        # The whole line goes (its indentation and its newline).
        ls = _line_start(src, c.start_byte)
        le = src.find(b"\n", c.end_byte)
        out.append((ls, len(src) if le < 0 else le + 1, ""))
    for f in p.fields:
        for i in f.positions:
            node = p.replace.get(i) or p.group.holes[0][i]
            out.append((node.start_byte, node.end_byte, f"{p.loop}.{f.name}"))
    return out


def _body_lines(ctx: FileContext, p: Plan, add: str) -> str:
    """The first member's function body statements, replaced and re-indented by `add`."""
    body = p.group.funcs[0].body
    assert body is not None
    src = ctx.src
    kids = [c for c in body.named_children]
    if not kids:
        return ""
    reps = _replacements(p, src)
    skip = [(a, b) for a, b, _ in reps]
    protected = _protected_newlines(body, skip)
    lbrace = body.children[0]
    rbrace = body.children[-1]
    one_line = body.start_point[0] == body.end_point[0]
    if one_line:
        stmts = [c for c in body.named_children]
        flat: list[Node] = []
        for c in stmts:
            flat.extend(c.named_children if c.type == "statement_list" else [c])
        parts = []
        base = "\t" + add
        for s in flat:
            sub = [(a, b, r) for a, b, r in reps if s.start_byte <= a and b <= s.end_byte]
            parts.append(base + _render_region(src, s.start_byte, s.end_byte, sub, set(), "", False))
        return "\n".join(parts) + "\n"
    start = src.find(b"\n", lbrace.end_byte) + 1
    end = _line_start(src, rbrace.start_byte)
    return _render_region(src, start, end, reps, protected, add, True)


def _function_text(ctx: FileContext, p: Plan) -> str:
    f0 = p.group.funcs[0]
    node = f0.node
    src = ctx.src
    name_node = f0.name_node
    params = node.child_by_field_name("parameters")
    assert params is not None and p.test_name is not None
    header = "func " + p.test_name + src[params.start_byte : params.end_byte].decode() + " {"
    t = p.tparam
    lines = [header]
    if p.parallel:
        lines.append(f"\t{t}.Parallel()")
    lines.append(_table_text(p, "\t"))
    lines.append(f"\tfor _, {p.loop} := range {p.table} {{")
    if p.copy_loop_var:
        lines.append(f"\t\t{p.loop} := {p.loop}")
    lines.append(f"\t\t{t}.Run({p.loop}.name, func({t} {p.ttype}) {{")
    body = _body_lines(ctx, p, "\t\t")
    out = "\n".join(lines) + "\n" + body + "\t\t})\n\t}\n}"
    del name_node
    return out


def _decl_span(src: bytes, node: Node) -> tuple[int, int]:
    """A declaration's lines with its doc comment."""
    comments = _leading_comments(node)
    start = comments[0].start_byte if comments else node.start_byte
    return _line_start(src, start), node.end_byte


def edits(ctx: FileContext, p: Plan) -> list[Edit]:
    g = p.group
    src = ctx.src
    out: list[Edit] = []
    if g.kind == "functions":
        s0, e0 = _decl_span(src, g.members[0])
        out.append(Edit(s0, e0, _function_text(ctx, p)))
        out.extend(_delete_decls(src, [_decl_span(src, m) for m in g.members[1:]]))
        return out
    indent = _indent(src, g.members[0].start_byte)
    first_comments = _leading_comments(g.members[0])
    start = _line_start(src, (first_comments[0] if first_comments else g.members[0]).start_byte)
    end = g.members[-1].end_byte
    table = _table_text(p, indent)
    reps = _replacements(p, src)
    m0 = g.members[0]
    loop_head = f"{indent}for _, {p.loop} := range {p.table} {{\n"
    copy = f"{indent}\t{p.loop} := {p.loop}\n" if p.copy_loop_var else ""
    if g.kind == "runs":
        for c in _header_comments(m0):
            # The first line's comment went above the first row.
            ws = c.start_byte
            while ws > 0 and src[ws - 1 : ws] in (b" ", b"\t"):
                ws -= 1
            reps.append((ws, c.end_byte, ""))
        protected = _protected_newlines(m0, [(a, b) for a, b, _ in reps])
        stmt = _render_region(src, m0.start_byte, m0.end_byte, reps, protected, "\t", False)
        body = f"{indent}\t{stmt}\n"
    else:
        lb, rb = m0.children[0], m0.children[-1]
        protected = _protected_newlines(m0, [(a, b) for a, b, _ in reps])
        if m0.start_point[0] == m0.end_point[0]:
            raise NoFix("a one-line block")
        inner_start = src.find(b"\n", lb.end_byte) + 1
        inner_end = _line_start(src, rb.start_byte)
        inner = _render_region(src, inner_start, inner_end, reps, protected, "\t", True)
        body = (
            f"{indent}\t{p.tparam}.Run({p.loop}.name, func({p.tparam} {p.ttype}) {{\n{inner}{indent}\t}})\n"
        )
    new = table[len(indent) :] + "\n" + loop_head + copy + body + f"{indent}}}"
    out.append(Edit(start + len(indent), end, new))
    return out


def _is_blank_line(src: bytes, ls: int) -> bool:
    le = src.find(b"\n", ls)
    le = len(src) if le < 0 else le
    return src[ls:le].strip() == b""


def _delete_decls(src: bytes, spans: list[tuple[int, int]]) -> list[Edit]:
    """Delete whole-line spans (declarations with their doc comments) so that exactly one blank line
    separates what was around them, and none is left at the end of the file."""
    # Full lines, merged when only blank lines separate them.
    ranges: list[list[int]] = []
    for s, e in sorted(spans):
        le = src.find(b"\n", e)
        le = len(src) if le < 0 else le + 1
        if ranges:
            gap = src[ranges[-1][1] : s]
            if gap.strip() == b"":
                ranges[-1][1] = le
                continue
        ranges.append([s, le])
    out: list[Edit] = []
    for s, e in ranges:
        # Swallow the blank lines after the span.
        while e < len(src) and _is_blank_line(src, e):
            nl = src.find(b"\n", e)
            e = len(src) if nl < 0 else nl + 1
        new = ""
        if e >= len(src):
            # At the end of the file: no blank line may stay before it.
            while s >= 2 and src[s - 2 : s] == b"\n\n":
                s -= 1
        elif s > 0 and not _is_blank_line(src, _line_start(src, s - 1)):
            new = "\n"  # keep one blank line between what was before and what follows
        out.append(Edit(s, e, new))
    return out
