"""Add and prune imports the way gofmt/goimports lay them out.

- A new import goes into the parenthesized block, into the group (specs between blank lines) it belongs
  to: standard-library paths with the standard-library group, others with the group sharing the longest
  path prefix (a new group at the end when none fits), at its sorted place.  A lone `import "x"` becomes a
  block when a second import joins it.  A file without imports gets `import "x"` after its package clause.
- An import is pruned only when asked for and no `name.` qualifier in the file still uses it; blank and
  dot imports are never pruned.  Emptied blocks disappear, and no run of blank lines is left behind.
Layouts gofmt would not produce (two specs on a line, a one-line block) are left alone: the caller then
gets the text back unchanged for those imports.
"""

from __future__ import annotations

from collections.abc import Sequence

from tree_sitter import Node, Tree

from .analysis.imports import Import, read_imports
from .parsing import captures, text

_QUALIFIERS = """
(selector_expression operand: (identifier) @id)
(qualified_type package: (package_identifier) @id)
"""


def used_qualifiers(root: Node) -> set[str]:
    """Names used as package qualifiers anywhere outside the import declarations."""
    out: set[str] = set()
    for n in captures(_QUALIFIERS, root).get("id", []):
        out.add(text(n))
    return out


def is_std(path: str) -> bool:
    first = path.split("/", 1)[0]
    return "." not in first


def _spec_line(path: str, alias: str | None) -> str:
    return f'\t{alias} "{path}"' if alias else f'\t"{path}"'


def _line_of(src: bytes, offset: int) -> int:
    return src.count(b"\n", 0, offset)


def update_imports(
    src: bytes,
    tree: Tree,
    add: Sequence[tuple[str, str | None]] = (),
    prune: Sequence[str] = (),
) -> bytes:
    """The file with `add` imported and the unused ones among `prune` removed."""
    root = tree.root_node
    imports = read_imports(root)
    by_path = {i.path: i for i in imports}
    used = used_qualifiers(root) if prune else set()

    remove: list[Import] = []
    for p in dict.fromkeys(prune):
        imp = by_path.get(p)
        if imp is None or imp.alias in ("_", "."):
            continue
        if imp.local in used:
            continue
        if any(a[0] == p for a in add):
            continue
        remove.append(imp)
    additions = [(p, a) for p, a in dict.fromkeys(add) if p not in by_path]
    if not remove and not additions:
        return src

    eol = "\r\n" if b"\r\n" in src[:4096] else "\n"
    lines = src.decode("utf-8", "surrogatepass").split("\n")
    # lines[i] has no "\n"; a CRLF file keeps "\r" at each line's end.
    cr = "\r" if eol == "\r\n" else ""

    def content(i: int) -> str:
        return lines[i].rstrip("\r")

    delete: set[int] = set()
    for imp in remove:
        spec_line = _line_of(src, imp.spec.start_byte)
        if _line_of(src, imp.spec.end_byte) != spec_line:
            continue
        decl = imp.decl
        specs_in_decl = [i for i in imports if i.decl == decl]
        lst = next((c for c in decl.named_children if c.type == "import_spec_list"), None)
        if lst is None:
            # `import "os"` on its own.
            dl = _line_of(src, decl.start_byte)
            if _line_of(src, decl.end_byte) == dl:
                delete.add(dl)
            continue
        open_line = _line_of(src, lst.start_byte)
        close_line = _line_of(src, lst.end_byte)
        if open_line == close_line or spec_line in (open_line, close_line):
            continue  # not gofmt layout
        others = [i for i in specs_in_decl if _line_of(src, i.spec.start_byte) == spec_line and i is not imp]
        if others:
            continue
        delete.add(spec_line)
        # Comment lines directly above the spec belong to it.
        j = spec_line - 1
        while j > open_line and content(j).strip().startswith("//"):
            delete.add(j)
            j -= 1
    # Blocks left without specs go entirely.
    for decl in {i.decl for i in imports}:
        lst = next((c for c in decl.named_children if c.type == "import_spec_list"), None)
        if lst is None:
            continue
        open_line = _line_of(src, lst.start_byte)
        close_line = _line_of(src, lst.end_byte)
        remaining = [i for i in imports if i.decl == decl and _line_of(src, i.spec.start_byte) not in delete]
        if not remaining and any(
            _line_of(src, i.spec.start_byte) in delete for i in imports if i.decl == decl
        ):
            start_line = _line_of(src, decl.start_byte)
            for k in range(start_line, close_line + 1):
                delete.add(k)

    kept = [(i, lines[i]) for i in range(len(lines)) if i not in delete]
    new_lines = [ln for _, ln in kept]

    if delete:
        new_lines = _collapse_blanks(new_lines, {idx for idx, (i, _) in enumerate(kept) if _near(i, delete)})

    text_out = "\n".join(new_lines)
    if additions:
        text_out = _add(text_out, additions, cr)
    return text_out.encode("utf-8", "surrogatepass")


def _near(i: int, delete: set[int]) -> bool:
    return (i - 1) in delete or (i + 1) in delete or i in delete


def _collapse_blanks(lines: list[str], around: set[int]) -> list[str]:
    """Drop blank lines a deletion left doubled, or left just inside `(`/`)` of an import block."""
    out: list[str] = []
    zone = around | {i + 1 for i in around} | {i - 1 for i in around}
    for idx, ln in enumerate(lines):
        blank = ln.strip() == ""
        if blank and idx in zone:
            prev = out[-1].strip() if out else None
            nxt = lines[idx + 1].strip() if idx + 1 < len(lines) else None
            if prev == "" or prev == "import (" or nxt == ")":
                continue
        out.append(ln)
    return out


def _add(src_text: str, additions: list[tuple[str, str | None]], cr: str) -> str:
    from .parsing import parse  # local: avoid a cycle at import time

    data = src_text.encode("utf-8", "surrogatepass")
    tree = parse(data)
    root = tree.root_node
    imports = read_imports(root)
    lines = src_text.split("\n")
    block = next(
        (
            d
            for d in root.children
            if d.type == "import_declaration" and any(c.type == "import_spec_list" for c in d.named_children)
        ),
        None,
    )
    if block is not None:
        lst = next(c for c in block.named_children if c.type == "import_spec_list")
        open_line = _line_of(data, lst.start_byte)
        close_line = _line_of(data, lst.end_byte)
        if open_line == close_line:
            return src_text
        for path, alias in sorted(additions):
            lines, close_line = _insert_into_block(lines, open_line, close_line, path, alias, cr)
        return "\n".join(lines)

    singles = [d for d in root.children if d.type == "import_declaration"]
    if len(singles) == 1:
        d = singles[0]
        first = _line_of(data, d.start_byte)
        if _line_of(data, d.end_byte) == first and len(imports) == 1:
            existing = imports[0]
            specs = [(existing.path, existing.alias), *sorted(additions)]
            body = _grouped(specs, cr)
            lines[first : first + 1] = ["import (" + cr, *body, ")" + cr]
            return "\n".join(lines)
    if singles:
        last = _line_of(data, singles[-1].end_byte)
        new = [f'import {a + " " if a else ""}"{p}"{cr}' for p, a in sorted(additions)]
        lines[last + 1 : last + 1] = new
        return "\n".join(lines)
    pkg = next((c for c in root.children if c.type == "package_clause"), None)
    if pkg is None:
        return src_text
    pl = _line_of(data, pkg.end_byte)
    if len(additions) == 1:
        p, a = additions[0]
        new = ["" + cr, f'import {a + " " if a else ""}"{p}"{cr}']
    else:
        new = ["" + cr, "import (" + cr, *_grouped(sorted(additions), cr), ")" + cr]
    lines[pl + 1 : pl + 1] = new
    # Keep a blank line between the imports and what follows.
    after = pl + 1 + len(new)
    if after < len(lines) and lines[after].strip() != "":
        lines.insert(after, cr)
    return "\n".join(lines)


def _grouped(specs: Sequence[tuple[str, str | None]], cr: str) -> list[str]:
    std = sorted((p, a) for p, a in specs if is_std(p))
    other = sorted((p, a) for p, a in specs if not is_std(p))
    out = [_spec_line(p, a) + cr for p, a in std]
    if std and other:
        out.append(cr)
    out += [_spec_line(p, a) + cr for p, a in other]
    return out


def _spec_path(line: str) -> str | None:
    s = line.strip()
    if s.startswith("//") or not s:
        return None
    q = s.find('"')
    if q < 0:
        q = s.find("`")
        if q < 0:
            return None
    end = s.find(s[q], q + 1)
    return s[q + 1 : end] if end > q else None


def _common_prefix_segments(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a.split("/"), b.split("/"), strict=False):
        if x != y:
            break
        n += 1
    return n


def _insert_into_block(
    lines: list[str], open_line: int, close_line: int, path: str, alias: str | None, cr: str
) -> tuple[list[str], int]:
    # Groups: runs of non-blank lines between the parens.
    groups: list[list[int]] = []
    cur: list[int] = []
    for i in range(open_line + 1, close_line):
        if lines[i].strip() == "":
            if cur:
                groups.append(cur)
                cur = []
        else:
            cur.append(i)
    if cur:
        groups.append(cur)
    new_line = _spec_line(path, alias) + cr

    def paths(g: list[int]) -> list[str]:
        return [p for p in (_spec_path(lines[i]) for i in g) if p is not None]

    best: list[int] | None = None
    if is_std(path):
        for g in groups:
            ps = paths(g)
            if ps and all(is_std(p) for p in ps):
                best = g
                break
    else:
        score = 0
        for g in groups:
            ps = paths(g)
            if not ps or all(is_std(p) for p in ps):
                continue
            s = max(_common_prefix_segments(path, p) for p in ps)
            if best is None or s > score:
                best, score = g, s
        if best is None:
            # No third-party group yet: a new one at the end of the block.
            if groups:
                lines[close_line:close_line] = [cr, new_line]
                return lines, close_line + 2
            lines[close_line:close_line] = [new_line]
            return lines, close_line + 1
    if best is None:
        if is_std(path) and groups:
            first = groups[0][0]
            lines[first:first] = [new_line, cr]
            return lines, close_line + 2
        lines[close_line:close_line] = [new_line]
        return lines, close_line + 1
    at = best[-1] + 1
    for i in best:
        p = _spec_path(lines[i])
        if p is not None and p > path:
            # Put it above this spec's leading comment lines, if any.
            at = i
            while at - 1 in best and lines[at - 1].strip().startswith("//"):
                at -= 1
            break
    lines[at:at] = [new_line]
    return lines, close_line + 1
