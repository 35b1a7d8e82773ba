"""Byte-offset edits: apply, merge without overlap, resolve a fix's imports, and fix-all to a fixpoint.

A fix is proven before it is offered as applied: the edited file must parse without errors near the edit
(a fix whose result would not parse is dropped), and its import changes are computed on the edited text so
an import the fix leaves unused is removed and one it needs is added.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from tree_sitter import Node, Tree

from .imports import update_imports
from .parsing import parse
from .rules.base import Edit, Finding, Fix, NewFile


class OverlapError(ValueError):
    pass


def apply_edits(src: bytes, edits: Iterable[Edit]) -> bytes:
    """Apply non-overlapping edits given in original offsets (any order)."""
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    out: list[bytes] = []
    pos = 0
    for e in ordered:
        if e.start < pos or e.end < e.start or e.end > len(src):
            raise OverlapError(f"edit {e.start}-{e.end} overlaps or leaves the text")
        out.append(src[pos : e.start])
        out.append(e.new.encode("utf-8", "surrogatepass"))
        pos = e.end
    out.append(src[pos:])
    return b"".join(out)


def overlaps(a: Sequence[Edit], b: Sequence[Edit]) -> bool:
    for x in a:
        for y in b:
            # Two insertions at the same point conflict too: their order would be arbitrary.
            if x.start < y.end and y.start < x.end:
                return True
            if x.start == y.start and (x.start == x.end or y.start == y.end):
                return True
    return False


def _cont(b: bytes, i: int) -> bool:
    """Whether b[i] is a UTF-8 continuation byte (so i is not a character boundary)."""
    return 0 <= i < len(b) and (b[i] & 0xC0) == 0x80


def minimal_edit(old: bytes, new: bytes) -> Edit | None:
    """One edit turning `old` into `new`: the common prefix and suffix trimmed, on character boundaries."""
    if old == new:
        return None
    n = min(len(old), len(new))
    p = 0
    while p < n and old[p] == new[p]:
        p += 1
    while p > 0 and (_cont(old, p) or _cont(new, p)):
        p -= 1
    s = 0
    while s < n - p and old[len(old) - 1 - s] == new[len(new) - 1 - s]:
        s += 1
    while s > 0 and (_cont(old, len(old) - s) or _cont(new, len(new) - s)):
        s -= 1
    return Edit(p, len(old) - s, new[p : len(new) - s].decode("utf-8", "surrogatepass"))


def line_edit(old: bytes, new: bytes) -> Edit | None:
    """One edit turning `old` into `new` that replaces whole lines: the common prefix and suffix trimmed to
    line boundaries.  What fix-all sends: minimal, yet every changed line arrives whole (an editor keeps
    the cursor on untouched lines, and the edit reads as the change it is)."""
    e = minimal_edit(old, new)
    if e is None:
        return None
    start = old.rfind(b"\n", 0, e.start) + 1
    suffix = len(old) - e.end
    # Grow the replaced region forward to the end of its last line (in both texts the suffix is the same).
    while suffix > 0 and old[len(old) - suffix - 1 : len(old) - suffix] != b"\n":
        suffix -= 1
    end = len(old) - suffix
    new_end = len(new) - suffix
    return Edit(start, end, new[start:new_end].decode("utf-8", "surrogatepass"))


def _top_level_errors(root: Node, ranges: Sequence[tuple[int, int]]) -> bool:
    """Whether a top-level declaration touching any range holds a syntax error."""
    for child in root.children:
        for a, b in ranges:
            if child.start_byte <= b and a <= child.end_byte and (child.has_error or child.type == "ERROR"):
                return True
    return False


def _new_ranges(edits: Sequence[Edit]) -> list[tuple[int, int]]:
    """Where each edit's new text lies in the edited file."""
    out = []
    delta = 0
    for e in sorted(edits, key=lambda e: e.start):
        n = len(e.new.encode("utf-8", "surrogatepass"))
        out.append((e.start + delta, e.start + delta + n))
        delta += n - (e.end - e.start)
    return out


def parses_cleanly(old_tree: Tree, new_src: bytes, edits: Sequence[Edit]) -> Tree | None:
    """The new tree when the edited file has no syntax error near the edits, and the original had none
    there either (we do not fix what we cannot read); None otherwise."""
    old_ranges = [(e.start, e.end) for e in edits]
    if _top_level_errors(old_tree.root_node, old_ranges):
        return None
    new_tree = parse(new_src)
    if new_tree.root_node.has_error:
        if not old_tree.root_node.has_error:
            return None
        if _top_level_errors(new_tree.root_node, _new_ranges(edits)):
            return None
    return new_tree


@dataclass(frozen=True)
class ResolvedFix:
    title: str
    applicability: str
    edits: tuple[Edit, ...]  # in original offsets, imports included, sorted
    new_files: tuple[NewFile, ...]
    result: bytes


def _map_back(edit: Edit, rule_edits: Sequence[Edit]) -> Edit | None:
    """Map an edit on the rule-edited text back to original offsets; None if it touches a rule edit."""
    delta = 0
    for e, (a, b) in zip(sorted(rule_edits, key=lambda e: e.start), _new_ranges(rule_edits), strict=True):
        if edit.end <= a:
            break
        if edit.start < b or (edit.start == b and edit.start == a):
            return None
        delta += (b - a) - (e.end - e.start)
    return Edit(edit.start - delta, edit.end - delta, edit.new)


def resolve(
    src: bytes,
    tree: Tree,
    fix: Fix,
    finding: Finding | None = None,
    ctx: object | None = None,
) -> ResolvedFix | None:
    """A fix's complete edits (imports included) and the text they produce, or None when the fix cannot
    be applied safely here (edits overlap, the result does not parse)."""
    edits = fix.edits
    files = fix.new_files
    if fix.lazy is not None:
        if ctx is None or finding is None:
            return None
        lazy_edits, lazy_files = fix.lazy(ctx, finding)  # type: ignore[arg-type]
        edits = edits + lazy_edits
        files = files + lazy_files
    try:
        edited = apply_edits(src, edits)
    except OverlapError:
        return None
    all_edits = list(edits)
    final = edited
    if fix.add_imports or fix.prune_imports:
        edited_tree = parse(edited)
        final = update_imports(edited, edited_tree, fix.add_imports, fix.prune_imports)
        imp = minimal_edit(edited, final)
        if imp is not None:
            back = _map_back(imp, edits)
            if back is None:
                return None
            all_edits.append(back)
    if not all_edits and not files:
        return None
    if all_edits and parses_cleanly(tree, final, all_edits) is None:
        return None
    return ResolvedFix(
        fix.title, fix.applicability, tuple(sorted(all_edits, key=lambda e: e.start)), files, final
    )


@dataclass
class FixAllResult:
    source: bytes
    applied: list[tuple[str, str]] = field(default_factory=list)  # (code, title)
    new_files: list[NewFile] = field(default_factory=list)
    iterations: int = 0


def fix_all(
    src: bytes,
    lint: Callable[[bytes], tuple[Tree, list[Finding], object]],
    eligible: Callable[[Finding, Fix], bool],
    max_iterations: int = 10,
) -> FixAllResult:
    """Apply every eligible fix, re-linting after each round, until nothing changes.

    `lint(src)` returns (tree, findings, ctx); `eligible(finding, fix)` says whether fix-all may apply a
    finding's fix.  Each round applies a set of non-overlapping fixes together (their imports merged), and
    falls back to one fix at a time when the combination does not parse.
    """
    res = FixAllResult(src)
    # A fix may only create files (ENV001 leaves the test as it is): it is progress once, the first time
    # its files are produced; two findings producing the same file produce it once.
    created: set[str] = set()

    def add_files(files: Sequence[NewFile]) -> None:
        fresh = [nf for nf in files if nf.path not in created]
        created.update(nf.path for nf in fresh)
        res.new_files.extend(fresh)

    for _ in range(max_iterations):
        tree, findings, ctx = lint(res.source)
        chosen: list[tuple[Finding, Fix]] = []
        taken: list[Edit] = []
        for f in findings:
            fix = next((x for x in f.fixes if eligible(f, x)), None)
            if fix is None:
                continue
            edits = list(fix.edits)
            if fix.lazy is not None:
                r = resolve(res.source, tree, fix, f, ctx)
                if r is None:
                    continue
                edits = list(r.edits)
                fix = Fix(fix.title, fix.applicability, r.edits, new_files=r.new_files)
            if not edits and all(nf.path in created for nf in fix.new_files):
                continue
            if overlaps(edits, taken):
                continue
            chosen.append((f, fix))
            taken.extend(edits)
        if not chosen:
            break
        res.iterations += 1
        combined = Fix(
            "fix all",
            "safe",
            tuple(taken),
            add_imports=tuple(a for _, x in chosen for a in x.add_imports),
            prune_imports=tuple(p for _, x in chosen for p in x.prune_imports),
        )
        r = resolve(res.source, tree, combined)
        if r is not None and r.result != res.source:
            res.source = r.result
            for f, x in chosen:
                res.applied.append((f.code, x.title))
                add_files(x.new_files)
            continue
        # One at a time: apply the first fix that resolves, then re-lint.
        progressed = False
        for f, x in chosen:
            r = resolve(res.source, tree, x, f, ctx)
            new_file = r is not None and any(nf.path not in created for nf in r.new_files)
            if r is not None and (r.result != res.source or new_file):
                res.source = r.result
                res.applied.append((f.code, x.title))
                add_files(r.new_files)
                progressed = True
                break
        if not progressed:
            break
    return res
