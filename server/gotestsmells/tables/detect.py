"""Groups of near-identical tests: 3+ sibling test functions of one file, or 3+ consecutive blocks or
`t.Run` calls in one test, whose shapes are equal and whose holes differ somewhere.

The per-function work (fingerprints of the body and of its block candidates) is cached by the function's
text and the file's import names, so a keystroke re-fingerprints one function, not the file.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from tree_sitter import Node

from ..analysis.context import FileContext
from ..analysis.functions import FuncInfo
from ..parsing import call_name, captures, text
from .pkgindex import PackageIndex
from .shape import LITERALS, LRU, ConstLike, Shape, function_names, normalized, shape_of

Kind = Literal["functions", "runs", "blocks"]

MIN_GROUP = 3


@dataclass(frozen=True)
class RunInfo:
    """Consecutive block candidates of one statement list with equal shapes (spans relative to the
    function's start)."""

    kind: Literal["runs", "blocks"]
    stmts: tuple[tuple[int, int], ...]
    shapes: tuple[Shape, ...]


@dataclass(frozen=True)
class FnAnalysis:
    body: Shape | None  # None: the function cannot be a member (loops over a table, skip-only, ...)
    runs: tuple[RunInfo, ...]
    # What grouping reads of this function (shapes and hole values), as one hashable value: computed once
    # per function text, compared on every lint.
    key: tuple[object, ...] = ()


@dataclass
class Group:
    kind: Kind
    members: list[Node]  # function_declaration nodes, or the statements
    holes: list[list[Node]]  # per member, its hole nodes in order
    varying: list[int]  # indexes of the holes whose values differ between members
    funcs: list[FuncInfo]  # the member functions (functions) or the one enclosing test (runs, blocks)
    comments_equal: bool  # the comments inside every member are the same

    @property
    def anchors(self) -> list[tuple[int, int]]:
        """Where each member's finding stands: a function's name, a t.Run call up to its name, a block's
        opening brace."""
        out = []
        for i, m in enumerate(self.members):
            if self.kind == "functions":
                n = self.funcs[i].name_node
                out.append((n.start_byte, n.end_byte))
            elif self.kind == "runs":
                call = m.named_children[0]
                args = call.child_by_field_name("arguments")
                first = args.named_children[0] if args is not None and args.named_children else call
                out.append((call.start_byte, first.end_byte))
            else:
                out.append((m.start_byte, m.start_byte + 1))
        return out

    def labels(self, src: bytes = b"") -> list[str]:
        """What the members are called: test names, subtest names (as written), block lines."""
        if self.kind == "functions":
            return [f.name for f in self.funcs]
        if self.kind == "runs":
            out = []
            for m in self.members:
                args = m.named_children[0].child_by_field_name("arguments")
                out.append(text(args.named_children[0]) if args is not None else "?")
            return out
        return [f"line {m.start_point[0] + 1}" for m in self.members]


_CACHE = LRU(50000)


ImportsKey = tuple[frozenset[str], str | None, str | None]
_IMPORTS_KEYS = LRU(64)


def imports_key(ctx: FileContext) -> ImportsKey:
    """The import names that shapes depend on (public: callers that analyze functions themselves)."""
    return _imports_key(ctx)


def _imports_key(ctx: FileContext) -> ImportsKey:
    """The file facts a fingerprint depends on: its import names, its name for `time` and `testing`
    (computed once per import block: asking every Import for its name runs a regexp)."""
    decls = b"".join(ctx.src[i.spec.start_byte : i.spec.end_byte] + b"\n" for i in ctx.imports)
    hit = _IMPORTS_KEYS.get_(decls)
    if hit is not None:
        return hit  # type: ignore[return-value]
    locals_ = frozenset(i.local for i in ctx.imports if i.local not in (".", "_"))
    key = (locals_, ctx.local_name("time"), ctx.testing_local)
    _IMPORTS_KEYS.put(decls, key)
    return key


def _is_table_loop(n: Node, locals_: frozenset[str], composite_locals: frozenset[str]) -> bool:
    """`for _, tc := range tests` over a composite literal, or a name bound to one (or not declared in
    the function at all: a package-level table)."""
    rc = next((c for c in n.named_children if c.type == "range_clause"), None)
    if rc is None:
        return False
    right = rc.child_by_field_name("right")
    if right is None:
        return False
    if right.type == "composite_literal":
        return True
    if right.type == "identifier":
        name = text(right)
        return name in composite_locals or name not in locals_
    return False


def _ranges_over_literal(n: Node) -> bool:
    """`for _, tc := range []T{...}`: what `_is_table_loop` says without knowing any names."""
    rc = next((c for c in n.named_children if c.type == "range_clause"), None)
    right = rc.child_by_field_name("right") if rc is not None else None
    return right is not None and right.type == "composite_literal"


def _composite_locals(fn: Node) -> frozenset[str]:
    """Names the function binds to a composite literal (`tests := []struct{...}{...}`)."""
    out: set[str] = set()
    for n in captures("[(short_var_declaration) (var_spec)] @n", fn).get("n", []):
        if n.type == "short_var_declaration":
            left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
            if left is not None and right is not None:
                for a, b in zip(left.named_children, right.named_children, strict=False):
                    if b.type == "composite_literal":
                        out.add(text(a))
        else:
            value = n.child_by_field_name("value")
            if value is not None and any(c.type == "composite_literal" for c in value.named_children):
                out.update(text(c) for c in n.children_by_field_name("name"))
    return frozenset(out)


def _skip_only(ctx: FileContext, body: Node) -> bool:
    """An empty body, or one that only skips: placeholders, not tests that want a table."""
    stmts = [c for c in _statements(body)]
    if not stmts:
        return True
    for s in stmts:
        call = s.named_children[0] if s.type == "expression_statement" and s.named_children else None
        cn = call_name(call) if call is not None and call.type == "call_expression" else None
        if cn is None or cn[1] not in ("Skip", "Skipf", "SkipNow", "Parallel", "Helper"):
            return False
    return True


def _statements(block: Node) -> list[Node]:
    out: list[Node] = []
    for c in block.named_children:
        if c.type == "statement_list":
            out.extend(s for s in c.named_children if s.type != "comment")
        elif c.type != "comment":
            out.append(c)
    return out


def _run_candidate(ctx: FileContext, stmt: Node) -> Literal["runs", "blocks"] | None:
    if stmt.type == "block":
        return "blocks"
    if stmt.type != "expression_statement" or len(stmt.named_children) != 1:
        return None
    call = stmt.named_children[0]
    if call.type != "call_expression":
        return None
    fn = call.child_by_field_name("function")
    if fn is None or fn.type != "selector_expression" or text(fn.child_by_field_name("field")) != "Run":
        return None
    args = call.child_by_field_name("arguments")
    named = [a for a in args.named_children if a.type != "comment"] if args is not None else []
    if len(named) != 2 or named[0].type not in LITERALS or named[1].type != "func_literal":
        return None
    if not named[0].type.endswith("string_literal"):
        return None
    op = fn.child_by_field_name("operand")
    if op is None or op.type != "identifier" or not ctx.is_testing_value(op, ("T",)):
        return None
    return "runs"


def analyze(
    ctx: FileContext,
    fn: FuncInfo,
    ikey: ImportsKey | None = None,
    *,
    body: bool = True,
    runs: bool = True,
) -> FnAnalysis:
    """The fingerprints of a test function's body and of its runs of block candidates (cached by the
    function's text and the file's import names).  `body=False`: the body's own shape is not wanted (the
    test cannot be one of three tests with one shape), `runs=False`: nor are its runs; left out, they
    read as absent."""
    node = fn.node
    ikey = ikey or _imports_key(ctx)
    key = (ctx.src[node.start_byte : node.end_byte], ikey, body, runs)
    hit = _CACHE.get_(key)
    if hit is not None:
        return hit  # type: ignore[return-value]
    res = _analyze(ctx, fn, ikey, body, runs)
    res = FnAnalysis(res.body, res.runs, _grouping_key(key[0], res))
    _CACHE.put(key, res)
    return res


def _analyze(
    ctx: FileContext, fn: FuncInfo, ikey: ImportsKey, want_body: bool, want_runs: bool
) -> FnAnalysis:
    node, body = fn.node, fn.body
    if body is None or not (want_body or want_runs):
        return FnAnalysis(None, ())
    base = node.start_byte
    found = captures("[(for_statement) (statement_list)] @n", body).get("n", [])
    loops = [n for n in found if n.type == "for_statement"]
    if any(_ranges_over_literal(lp) for lp in loops):
        return FnAnalysis(None, ())  # a table-driven test already (decided without the names below)
    locals_ = function_names(node)
    imports, time_local, _ = ikey
    composite = _composite_locals(body) if loops else frozenset()
    # The statement lists not inside a loop: outside the (merged, sorted) byte ranges of the loops.
    spans: list[tuple[int, int]] = []
    for lp in sorted(loops, key=lambda n: n.start_byte):
        if spans and lp.start_byte < spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], lp.end_byte))
        else:
            spans.append((lp.start_byte, lp.end_byte))
    starts = [a for a, _ in spans]
    stmt_lists = []
    for n in found:
        if n.type != "statement_list":
            continue
        i = bisect_right(starts, n.start_byte) - 1
        if i < 0 or n.end_byte > spans[i][1]:
            stmt_lists.append(n)
    if any(_is_table_loop(lp, locals_, composite) for lp in loops):
        return FnAnalysis(None, ())
    cl = ConstLike(body, locals_, imports, time_local)
    shape = (
        None if not want_body or _skip_only(ctx, body) else shape_of(body, cl, base, prefix=fn.tparam or "")
    )
    runs: list[RunInfo] = []
    for sl in sorted(stmt_lists, key=lambda n: n.start_byte) if want_runs else ():
        kids = [c for c in sl.named_children if c.type != "comment"]
        if (
            len(kids) < MIN_GROUP
            or sum(1 for c in kids if c.type in ("block", "expression_statement")) < MIN_GROUP
        ):
            continue
        # Split the list into maximal runs of candidates of one kind and one shape.
        chunks: list[list[tuple[str, Node, Shape]]] = []
        current: list[tuple[str, Node, Shape]] = []
        for s in sl.named_children:
            if s.type == "comment":
                continue
            k = _run_candidate(ctx, s)
            if k is None:
                chunks.append(current)
                current = []
                continue
            sh = shape_of(s, cl, base, prefix=k)
            if current and (k != current[0][0] or sh.digest != current[0][2].digest):
                chunks.append(current)
                current = []
            current.append((k, s, sh))
        chunks.append(current)
        for c in chunks:
            if len(c) >= MIN_GROUP:
                runs.append(
                    RunInfo(
                        c[0][0],  # type: ignore[arg-type]
                        tuple((s.start_byte - base, s.end_byte - base) for _, s, _ in c),
                        tuple(sh for _, _, sh in c),
                    )
                )
    return FnAnalysis(shape, tuple(runs))


def _node_at(root: Node, start: int, end: int, want: str | None = None) -> Node | None:
    n = root.descendant_for_byte_range(start, end)
    if n is None or n.start_byte != start or n.end_byte != end:
        return None
    if want is not None:
        while n is not None and n.type != want and n.start_byte == start and n.end_byte == end:
            n = n.parent
        if n is None or n.type != want:
            return None
    return n


def _varying(holes: list[list[Node]]) -> list[int]:
    out = []
    for i in range(len(holes[0])):
        vals = {normalized(m[i]) for m in holes}
        if len(vals) > 1:
            out.append(i)
    return out


def _expand_composites(ctx: FileContext, holes: list[list[Node]], funcs: list[FuncInfo]) -> list[list[Node]]:
    """A composite literal hole whose members all have the same inner structure becomes the holes inside
    it (`Options{Strict: true}` vs `Options{Strict: false}` is one bool, not two Options values); one
    whose members differ in structure (a longer slice) stays whole."""
    if not any(n.type == "composite_literal" for n in holes[0]):
        return holes
    imports, time_local, _ = _imports_key(ctx)
    owners = [funcs[k] if len(funcs) == len(holes) else funcs[0] for k in range(len(holes))]
    names = [function_names(f.node) for f in owners]
    out: list[list[Node]] = [[] for _ in holes]
    for i in range(len(holes[0])):
        if holes[0][i].type != "composite_literal" or any(m[i].type != "composite_literal" for m in holes):
            for k, m in enumerate(holes):
                out[k].append(m[i])
            continue
        subs = []
        for k, m in enumerate(holes):
            node = m[i]
            cl = ConstLike(node, names[k], imports, time_local, lift_composites=False)
            subs.append((node, shape_of(node, cl, 0, prefix="c")))
        if len({sh.digest for _, sh in subs}) == 1:
            for k, (_node, sh) in enumerate(subs):
                for s, e in sh.holes:
                    n = _node_at(ctx.root, s, e)
                    if n is None:
                        return holes
                    out[k].append(n)
        else:
            for k, m in enumerate(holes):
                out[k].append(m[i])
    return out


def _hole_nodes(
    ctx: FileContext, shapes: list[Shape], bases: list[int], funcs: list[FuncInfo]
) -> list[list[Node]] | None:
    holes: list[list[Node]] = []
    for sh, base in zip(shapes, bases, strict=True):
        hs = []
        for s, e in sh.holes:
            n = _node_at(ctx.root, s + base, e + base)
            if n is None:
                return None
            hs.append(n)
        holes.append(hs)
    return _expand_composites(ctx, holes, funcs)


def _make_group(
    ctx: FileContext,
    kind: Kind,
    members: list[Node],
    shapes: list[Shape],
    bases: list[int],
    funcs: list[FuncInfo],
) -> Group | None:
    holes = _hole_nodes(ctx, shapes, bases, funcs)
    if holes is None:
        return None
    varying = _varying(holes)
    if kind == "runs":
        varying = [i for i in varying if i != 0]  # the subtest names differ by definition
        if varying:
            varying = [0, *varying]
    if not varying:
        return None
    comments_equal = len({sh.comments for sh in shapes}) == 1
    return Group(kind, members, holes, varying, funcs, comments_equal)


class _LazyHoles(list[list[Node]]):
    """A group's hole nodes, found only when someone reads them (a conversion being planned): on a
    keystroke the groups are rebuilt from the previous lint's recipe, and nobody asks."""

    def __init__(self, compute: Callable[[], list[list[Node]] | None]) -> None:
        super().__init__()
        self._compute: Callable[[], list[list[Node]] | None] | None = compute

    def _fill(self) -> None:
        if self._compute is not None:
            compute, self._compute = self._compute, None
            self.extend(compute() or [])

    def __iter__(self):  # type: ignore[no-untyped-def]
        self._fill()
        return super().__iter__()

    def __getitem__(self, i):  # type: ignore[no-untyped-def]
        self._fill()
        return super().__getitem__(i)

    def __len__(self) -> int:
        self._fill()
        return super().__len__()

    def __bool__(self) -> bool:
        return len(self) > 0


@dataclass(frozen=True)
class _Recipe:
    """How to rebuild a group of the last lint: which tests (by index in the file's list of tests), which
    of their statements, and what the grouping decided."""

    kind: Kind
    tests: tuple[int, ...]
    stmts: tuple[tuple[int, int], ...]  # runs/blocks: member spans relative to the test's start
    varying: tuple[int, ...]
    comments_equal: bool
    run: int = -1  # runs/blocks: which of the test's runs (its spans move with edits its key ignores)


# path -> (key, recipes): groups depend only on the tests' names, shapes and hole values, and on the file's
# import names; an edit that changes none of them (typing a space, a comment, a rename elsewhere) reuses the
# last grouping.  (The package index behind _only_code_varies is read from disk, cached by mtimes, and
# changes far more rarely than a keystroke: a change there is noticed with the next change to the key.)
_GROUPS = LRU(64)


_GENERATED = re.compile(rb"^// Code generated .* DO NOT EDIT\.$", re.M)


def is_generated(src: bytes) -> bool:
    """Go's marker for generated files: nobody should refactor those by hand."""
    head = src[:4096]
    m = _GENERATED.search(head)
    if m is None:
        return False
    pkg = re.search(rb"^package ", head, re.M)
    return pkg is None or m.start() < pkg.start()


def _never(node: Node, at: int) -> bool:
    return False


def _suppressed(ctx: FileContext) -> Callable[[Node, int], bool]:
    """Whether a member is silenced for HAB009 (`//gotestsmells:ignore HAB009` on its line or above its
    function): a silenced test stays out of every group, so no conversion rewrites it."""
    from ..suppression import may_silence, read_suppressions  # it imports the rule registry: not above

    if not may_silence(ctx.src):
        return _never

    sup = read_suppressions(ctx.src, ctx.root, ctx.lines)
    return lambda node, at: sup.suppressed("HAB009", node.start_byte, ctx.lines.line_of(at))


def is_candidate(f: FuncInfo) -> bool:
    return f.kind == "test" and not f.is_method and f.body is not None


def find_groups(ctx: FileContext, pairs: list[tuple[FuncInfo, FnAnalysis]] | None = None) -> list[Group]:
    """The file's groups.  `pairs`: the candidate tests with their analyses, when the caller has them
    (the linter keeps them per function across keystrokes); computed here otherwise."""
    if is_generated(ctx.src):
        return []
    silenced = _suppressed(ctx)
    if pairs is None:
        ikey = _imports_key(ctx)
        pairs = [(f, analyze(ctx, f, ikey)) for f in ctx.functions if is_candidate(f)]
    if silenced is not _never:
        pairs = [(f, a) for f, a in pairs if not silenced(f.node, f.name_node.start_byte)]
    tests = [f for f, _ in pairs]
    analyses = [a for _, a in pairs]
    ikey = _imports_key(ctx)
    key = (
        ikey,
        ctx.go_version,
        tuple((f.name, a.key) for f, a in zip(tests, analyses, strict=True)),
    )
    hit = _GROUPS.get_(ctx.path)
    if hit is not None and hit[0] == key:  # type: ignore[index]
        return [_rebuild(ctx, r, tests, analyses) for r in hit[1]]  # type: ignore[index]
    groups, recipes = _find_groups(ctx, tests, analyses, silenced)
    _GROUPS.put(ctx.path, (key, recipes))
    return groups


def _grouping_key(fn_text: bytes, a: FnAnalysis) -> tuple[object, ...]:
    def values(sh: Shape) -> tuple[bytes, ...]:
        return tuple(fn_text[s:e] for s, e in sh.holes)

    body = (a.body.digest, a.body.comments, values(a.body)) if a.body is not None else None
    runs = tuple((r.kind, tuple((sh.digest, sh.comments, values(sh)) for sh in r.shapes)) for r in a.runs)
    return (body, runs)


def _rebuild(ctx: FileContext, r: _Recipe, tests: list[FuncInfo], analyses: list[FnAnalysis]) -> Group:
    if r.kind == "functions":
        funcs = [tests[i] for i in r.tests]
        shapes = [analyses[i].body for i in r.tests]
        bases = [f.node.start_byte for f in funcs]
        members = [f.node for f in funcs]
    else:
        f = tests[r.tests[0]]
        base = f.node.start_byte
        want = "block" if r.kind == "blocks" else "expression_statement"
        run = analyses[r.tests[0]].runs[r.run]
        members = [_node_at(ctx.root, s + base, e + base, want) for s, e in run.stmts]  # type: ignore[misc]
        shapes = list(run.shapes)
        bases = [base] * len(members)
        funcs = [f]
    holes = _LazyHoles(lambda: _hole_nodes(ctx, shapes, bases, funcs))  # type: ignore[arg-type]
    return Group(r.kind, members, holes, list(r.varying), funcs, r.comments_equal)


def _find_groups(
    ctx: FileContext, tests: list[FuncInfo], analyses: list[FnAnalysis], silenced: Callable[[Node, int], bool]
) -> tuple[list[Group], list[_Recipe]]:
    by_shape: dict[bytes, list[int]] = defaultdict(list)
    found: list[tuple[Group, _Recipe]] = []
    for ti, (f, a) in enumerate(zip(tests, analyses, strict=True)):
        if a.body is not None:
            by_shape[a.body.digest].append(ti)
        for ri, r in enumerate(a.runs):
            base = f.node.start_byte
            members = []
            want = "block" if r.kind == "blocks" else "expression_statement"
            for s, e in r.stmts:
                n = _node_at(ctx.root, s + base, e + base, want)
                if n is None:
                    break
                members.append(n)
            else:
                if any(silenced(m, m.start_byte) for m in members):
                    continue
                g = _make_group(ctx, r.kind, members, list(r.shapes), [base] * len(members), [f])
                if g is not None:
                    found.append((g, _Recipe(r.kind, (ti,), r.stmts, tuple(g.varying), g.comments_equal, ri)))
    for idxs in by_shape.values():
        if len(idxs) < MIN_GROUP:
            continue
        funcs = [tests[i] for i in idxs]
        g = _make_group(
            ctx,
            "functions",
            [f.node for f in funcs],
            [analyses[i].body for i in idxs],  # type: ignore[misc]
            [f.node.start_byte for f in funcs],
            funcs,
        )
        if g is not None:
            found.append((g, _Recipe("functions", tuple(idxs), (), tuple(g.varying), g.comments_equal)))
    if found:
        # The package's other files are read only when some group varies in names alone.
        made: list[PackageIndex] = []

        def index() -> PackageIndex:
            if not made:
                made.append(PackageIndex(ctx))
            return made[0]

        found = [(g, r) for g, r in found if not _only_code_varies(g, index)]
    found.sort(key=lambda gr: gr[0].members[0].start_byte)
    return [g for g, _ in found], [r for _, r in found]


def _only_code_varies(g: Group, index: Callable[[], PackageIndex]) -> bool:
    """The members run different code, not the same code on different data: a varying position names a
    different function in every member (`run(t, testHostHandlers)`, `run(t, testKeepAlives)`, ...), so
    each test's identity is its function.  A function that several members share (a strategy combined
    with data: `stress(t, renew, true)`, `stress(t, renew, false)`) is data like any other."""
    positions = [i for i in g.varying if not (g.kind == "runs" and i == 0)]
    for i in positions:
        names = [text(m[i]) for m in g.holes]
        if len(set(names)) != len(names):
            continue
        if not all(m[i].type in ("identifier", "selector_expression") for m in g.holes):
            continue  # only a name can name a function
        ix = index()
        if all(ix.is_function(m[i]) for m in g.holes):
            return True
    return False
