"""HAB006 background-context: `context.Background()`/`TODO()` in a test where `t.Context()` is available.

## What it does
Flags `context.Background()` and `context.TODO()` in test code (tests, benchmarks, fuzz targets, their
subtests and helpers) where a `*testing.T`, `*testing.B`, `*testing.F` or `testing.TB` is in scope and the
file's Go version is 1.24 or newer.

## Why is this bad?
A background context is never cancelled. Whatever the test starts with it (a server, a watch, a retry
loop, a goroutine) keeps running after the test has failed or returned, leaks into the next test and
shows up as a goroutine leak or a hang at the end of the package. Since Go 1.24 `t.Context()` (and
`b.Context()`, `f.Context()`) returns a context that is cancelled when the test finishes, just before its
`t.Cleanup` functions run.

## Example
```go
func TestWatch(t *testing.T) {
        ctx := context.Background()
        ch := client.Watch(ctx, "key")
        ...
}
```

## Use instead
```go
func TestWatch(t *testing.T) {
        ctx := t.Context()
        ch := client.Watch(ctx, "key")
        ...
}
```

Not flagged: Go versions before 1.24; `TestMain` (no `t`); a context that is used inside a `t.Cleanup`
function or a deferred call, directly or through a variable derived from it (`t.Context()` is already
cancelled there); contexts created inside goroutines and callbacks that may outlive the test, or handed
to a `go` statement; a context returned by a helper or stored outside the function, or anything
computed with it that is returned or stored so (it may hold the context, and its users are out of
sight); a context passed to a call that also receives the test's `t`, unless that call is a helper of
the same file that registers no cleanup (it might keep the context for one).

## Fix (safe)
`context.Background()` becomes `t.Context()` (the testing value in scope: `b.Context()` in a benchmark,
the subtest's own `t` in a subtest). The `context` import goes when nothing else uses it.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from functools import cached_property

from tree_sitter import Node

from ..analysis.context import Binding, FileContext
from ..analysis.functions import FuncInfo
from ..parsing import arguments, call_name, captures, text, walk
from .alignment import disturbs_comment_alignment
from .base import Edit, Finding, Fix, Severity, rule
from .common import in_test_code, is_subtest_closure, is_synctest_closure
from .nodefind import identifiers_named, is_package_call
from .textscan import pkg_calls

_ASSIGNS = "[(short_var_declaration) (assignment_statement) (var_spec)] @a"
_FACTS = "(identifier) @id " + _ASSIGNS
_ASSIGNING = ("short_var_declaration", "assignment_statement", "var_spec")
# Results that never carry the context along.
_NOT_CARRIERS = {"_", "err", "cancel"}


class _Lineage:
    """A node's ancestors below `stop` (nearest first), found once by descending from `stop` (each
    `.parent` climbs down from the root again): every question about where the node stands reads it."""

    __slots__ = ("nodes", "tail")

    def __init__(self, node: Node, stop: Node) -> None:
        cur = stop.walk()
        s = node.start_byte
        path: list[Node] = []
        while cur.goto_first_child_for_byte(s) is not None:
            x = cur.node
            if x is None or x.start_byte > s:
                break
            if x == node:
                path.reverse()
                self.nodes = path
                self.tail: Node | None = stop
                return
            path.append(x)
        # Not under `stop` by that road: climb.
        path = []
        up = node.parent
        while up is not None and up != stop:
            path.append(up)
            up = up.parent
        self.nodes = path
        self.tail = up

    def parent(self, i: int) -> Node | None:
        """The parent of nodes[i] (-1: of the node itself)."""
        nodes = self.nodes
        if i + 1 < len(nodes):
            return nodes[i + 1]
        if i + 1 == len(nodes):
            return self.tail
        return self.tail.parent if self.tail is not None else None


def _value_statement(line: _Lineage) -> Node | None:
    """The nearest statement-like node holding the node (below `stop`)."""
    for cur in line.nodes:
        if cur.type.endswith("_statement") or cur.type in ("short_var_declaration", "var_spec"):
            return cur
    return None


def _in_callback(ctx: FileContext, line: _Lineage) -> bool:
    """`common.in_callback(ctx, node, stop)`, read from the node's lineage."""
    for i, cur in enumerate(line.nodes):
        if cur.type != "func_literal":
            continue
        parent = line.parent(i)
        called_here = (
            parent is not None
            and parent.type == "call_expression"
            and parent.child_by_field_name("function") == cur
            and ((grand := line.parent(i + 1)) is None or grand.type != "go_statement")
        )
        if not (called_here or is_subtest_closure(ctx, cur) or is_synctest_closure(ctx, cur)):
            return True
    return False


def _lhs_and_rhs(stmt: Node) -> tuple[list[Node], list[Node]]:
    if stmt.type == "var_spec":
        names = stmt.children_by_field_name("name")
        value = stmt.child_by_field_name("value")
        return list(names), list(value.named_children) if value is not None else []
    left = stmt.child_by_field_name("left")
    right = stmt.child_by_field_name("right")
    return (
        list(left.named_children) if left is not None else [],
        list(right.named_children) if right is not None else [],
    )


def _is_context_with(ctx: FileContext, node: Node) -> bool:
    """`context.WithCancel(...)` and friends: their second result is a cancel func, not a context."""
    return node.type == "call_expression" and is_package_call(ctx, node, "context")


def _carried_names(ctx: FileContext, stmt: Node) -> list[str] | None:
    """The variables an assignment stores its value in; None when the value escapes the function's
    locals (a field, an index, a package variable)."""
    lhs, rhs = _lhs_and_rhs(stmt)
    names: list[str] = []
    for i, n in enumerate(lhs):
        if n.type != "identifier":
            return None
        if i > 0 and len(rhs) == 1 and len(lhs) > 1 and _is_context_with(ctx, rhs[0]):
            continue
        if text(n) not in _NOT_CARRIERS:
            names.append(text(n))
    return names


def _declared_locally(ctx: FileContext, name: str, stmt: Node, scope: Node) -> bool:
    """Whether `name`, assigned with `=` at stmt, is declared inside `scope` (the binding's function)."""
    idents = identifiers_named(ctx, scope, name)
    if idents is None:
        for d in captures("[(short_var_declaration) (var_spec)] @d", scope).get("d", []):
            if d.start_byte >= stmt.start_byte:
                continue
            lhs, _ = _lhs_and_rhs(d)
            if any(text(n) == name for n in lhs):
                return True
    else:
        # The `:=` and `var` declaring it are where the name stands on their left.
        for ident in idents:
            if ident.start_byte >= stmt.start_byte:
                break
            p = ident.parent
            if p is None:
                continue
            if p.type == "var_spec":
                if p.start_byte < stmt.start_byte and any(
                    c == ident for c in p.children_by_field_name("name")
                ):
                    return True
            elif p.type == "expression_list":
                decl = p.parent
                if (
                    decl is not None
                    and decl.type == "short_var_declaration"
                    and decl.start_byte < stmt.start_byte
                    and decl.child_by_field_name("left") == p
                ):
                    return True
    params = scope.child_by_field_name("parameters")
    return params is not None and any(text(n) == name for n in walk(params) if n.type == "identifier")


def _is_cleanup_call(call: Node) -> bool:
    """`x.Cleanup(...)` on anything (`t`, `s.T()`, a suite): registering work for after the test."""
    fn = call.child_by_field_name("function")
    return (
        fn is not None
        and fn.type == "selector_expression"
        and text(fn.child_by_field_name("field")) == "Cleanup"
    )


_COMPARISONS = {
    "Equal",
    "EqualValues",
    "Exactly",
    "Same",
    "NotSame",
    "NotEqual",
    "NotEqualValues",
    "Contains",
    "NotContains",
    "ElementsMatch",
    "Subset",
    "DeepEqual",
    "Diff",
    "Eq",
    "On",
    "Return",
    "Called",
}


def _compared_or_expected(node: Node, line: _Lineage) -> bool:
    """The value is compared (`==`, `assert.Equal`, `cmp.Diff`) or is part of a mock expectation
    (`m.EXPECT().Get(ctx)`, `m.On("Get", ctx)`, `.Return(ctx)`): another context there changes what
    matches."""
    child = node
    for i, cur in enumerate(line.nodes):
        if cur.type == "selector_expression" and cur.child_by_field_name("operand") == child:
            return False  # `ctx.Err()`, `ctx.Value(k)`: the context is used, not compared
        if cur.type == "binary_expression" and text(cur.child_by_field_name("operator")) in ("==", "!="):
            return True
        if cur.type == "argument_list" and (parent := line.parent(i)) is not None:
            fn = parent.child_by_field_name("function")
            if fn is not None and fn.type == "selector_expression":
                if text(fn.child_by_field_name("field")) in _COMPARISONS or "EXPECT()" in text(fn):
                    return True
            elif fn is not None and text(fn) in _COMPARISONS:
                return True  # a dot import
        child = cur
    return False


def _after_the_test(line: _Lineage) -> bool:
    """Inside a deferred call, a `go` statement, or the arguments of a `*.Cleanup(...)` call."""
    for i, cur in enumerate(line.nodes):
        if cur.type in ("defer_statement", "go_statement"):
            return True
        if (
            cur.type == "argument_list"
            and (parent := line.parent(i)) is not None
            and _is_cleanup_call(parent)
        ):
            return True
    return False


def _helper_keeps_context(ctx: FileContext, call: Node, binding: Binding, fn: FuncInfo) -> bool:
    """A call that receives both the test's `t` and the context: unless it is a helper of this file that
    registers no cleanup and starts no goroutine, it may keep the context for a cleanup."""
    args = arguments(call)
    if not any(a.type == "identifier" and text(a) == binding.name for a in args):
        return False
    cn = call_name(call)
    helper = ctx.helpers.get(cn[1]) if cn is not None and cn[0] == "" else None
    if helper is None or helper.body is None or helper.node == fn.node:
        return True
    memo: dict[tuple[int, int], bool] = ctx.__dict__.setdefault("_hab006_helpers", {})
    key = (helper.node.id, helper.node.start_byte)
    hit = memo.get(key)
    if hit is None:
        hit = _outlives_itself(helper.body)
        memo[key] = hit
    return hit


def _outlives_itself(body: Node) -> bool:
    """Whether a helper's body starts a goroutine or registers a cleanup."""
    for n in walk(body):
        if n.type in ("go_statement",):
            return True
        if n.type == "call_expression" and _is_cleanup_call(n):
            return True
    return False


def _holds_the_context(ctx: FileContext, line: _Lineage, stmt: Node | None) -> bool:
    """Whether the value the statement stores is the context itself, or something built around it
    (a composite literal, `context.WithTimeout(...)`), rather than the result of a call it was given to.
    (Above the lineage's `stop`, the function, there is no call.)"""
    for cur in line.nodes:
        if cur == stmt:
            break
        if cur.type == "call_expression" and not is_package_call(ctx, cur, "context"):
            return False
    return True


class _Flows:
    """Per-function facts, computed once for all the contexts a function creates: which variables feed
    which (by name), and where each name is used."""

    def __init__(self, ctx: FileContext, fn: FuncInfo) -> None:
        self.ctx = ctx
        self.fn = fn
        self._risky: dict[tuple[str, str, bool], bool] = {}
        self._writes_memo: dict[tuple[int, int], list[str]] = {}
        self._uses_memo: dict[str, list[Node]] = {}
        self._lines: dict[int, _Lineage] = {}

    @cached_property
    def _captured(self) -> dict[str, list[Node]]:
        """The function's identifiers and assignments: one query for both."""
        return captures(_FACTS, self.fn.node)

    @cached_property
    def _identifiers(self) -> tuple[list[int], list[str], list[Node]]:
        """Every identifier of the function (start offsets ascending, names, nodes), which answers "which
        names occur in this range" by bisection instead of a walk per question."""
        src = self.ctx.src
        found = [(n.start_byte, n.end_byte, n) for n in self._captured.get("id", [])]
        found.sort(key=lambda x: x[0])
        return (
            [a for a, _, _ in found],
            [src[a:b].decode("utf-8", "replace") for a, b, _ in found],
            [n for _, _, n in found],
        )

    def _names_in(self, node: Node) -> list[str]:
        """The names of the identifiers under `node` (itself included), in source order."""
        starts, names, _ = self._identifiers
        return names[bisect_left(starts, node.start_byte) : bisect_left(starts, node.end_byte)]

    @cached_property
    def assignments(self) -> list[tuple[set[str], Node]]:
        """(names read on the right, the statement) for every assignment; what it writes is asked only
        of those reading something tainted (`_writes`)."""
        out = []
        for s in self._captured.get("a", []):
            _, rhs = _lhs_and_rhs(s)
            out.append(({n for r in rhs for n in self._names_in(r)}, s))
        return out

    def _writes(self, stmt: Node) -> list[str]:
        """The names an assignment writes (what its value is carried in)."""
        key = (stmt.id, stmt.start_byte)
        hit = self._writes_memo.get(key)
        if hit is None:
            carried = _carried_names(self.ctx, stmt)
            # An assignment to a field still taints the variable the field belongs to, conservatively.
            if carried is not None:
                writes = carried
            elif "_identifiers" in self.__dict__:
                writes = self._names_in(stmt)
            else:
                writes = [text(n) for n in walk(stmt) if n.type == "identifier"]
            hit = [w for w in writes if w not in _NOT_CARRIERS]
            self._writes_memo[key] = hit
        return hit

    def _searched(self, name: str) -> list[Node] | None:
        """The identifiers `name` in the function, in source order, found by searching its text (None
        when the name cannot be searched for)."""
        hit = self._uses_memo.get(name)
        if hit is None:
            hit = identifiers_named(self.ctx, self.fn.node, name)
            if hit is not None:
                self._uses_memo[name] = hit
        return hit

    def _uses_of(self, name: str) -> list[Node]:
        """The identifiers `name` in the function, in source order."""
        hit = self._searched(name)
        return hit if hit is not None else self.uses.get(name, [])

    def _line(self, ident: Node) -> _Lineage:
        """The identifier's ancestors in the function (memoized: tracing and the risk check ask alike)."""
        hit = self._lines.get(ident.start_byte)
        if hit is None:
            hit = _Lineage(ident, self.fn.node)
            self._lines[ident.start_byte] = hit
        return hit

    @cached_property
    def uses(self) -> dict[str, list[Node]]:
        out: dict[str, list[Node]] = {}
        _, names, nodes = self._identifiers
        for name, ident in zip(names, nodes, strict=True):
            out.setdefault(name, []).append(ident)
        return out

    def taint(self, seed: set[str]) -> set[str]:
        """Every variable of the function whose value is derived from one of `seed` (by name): for each
        name, the assignments with it on their right (found among the ancestors of where it stands) add
        what they write."""
        tainted = set(seed)
        work = list(seed)
        while work:
            idents = self._searched(work.pop())
            if idents is None:
                return self._taint_by_index(seed)
            for ident in idents:
                at = ident.start_byte
                for a in self._line(ident).nodes:
                    if a.type not in _ASSIGNING:
                        continue
                    _, rhs = _lhs_and_rhs(a)
                    if not any(r.start_byte <= at < r.end_byte for r in rhs):
                        continue
                    for w in self._writes(a):
                        if w not in tainted:
                            tainted.add(w)
                            work.append(w)
        return tainted

    def _taint_by_index(self, seed: set[str]) -> set[str]:
        """`taint`, over every assignment of the function (for names the text search cannot find)."""
        tainted = set(seed)
        changed = True
        while changed:
            changed = False
            for reads, stmt in self.assignments:
                if reads & tainted:
                    writes = self._writes(stmt)
                    if not set(writes) <= tainted:
                        tainted.update(writes)
                        changed = True
        return tainted

    def risky(self, name: str, binding: Binding, *, compared: bool) -> bool:
        """Whether `name` appears where t.Context() would already be cancelled, is handed to a call that
        may keep it for later, or (with `compared`: for the variable holding the context itself, not
        for what was computed with it) is compared with something."""
        key = (name, binding.name, compared)
        hit = self._risky.get(key)
        if hit is None:
            hit = any(self._risky_use(ident, binding, compared) for ident in self._uses_of(name))
            self._risky[key] = hit
        return hit

    def _escapes(self, ident: Node, line: _Lineage, binding: Binding) -> bool:
        """The value leaves the function's locals here: returned, sent, or stored in a field, an element
        or a variable declared outside the (sub)test."""
        stmt = _value_statement(line)
        if stmt is None:
            return False
        if stmt.type in ("return_statement", "send_statement"):
            return True
        if stmt.type != "assignment_statement":
            return False
        _, rhs = _lhs_and_rhs(stmt)
        if not any(r.start_byte <= ident.start_byte < r.end_byte for r in rhs):
            return False
        names = _carried_names(self.ctx, stmt)
        return names is None or not all(
            _declared_locally(self.ctx, n, stmt, binding.func_node) for n in names
        )

    def _risky_use(self, ident: Node, binding: Binding, compared: bool) -> bool:
        line = self._line(ident)
        if (
            _after_the_test(line)
            or _in_callback(self.ctx, line)
            or (compared and _compared_or_expected(ident, line))
            or self._escapes(ident, line, binding)
        ):
            return True
        args = line.parent(-1)
        return (
            args is not None
            and args.type == "argument_list"
            and (call := line.parent(0)) is not None
            and _helper_keeps_context(self.ctx, call, binding, self.fn)
        )


@rule(
    code="HAB006",
    name="background-context",
    severity=Severity.HINT,
    summary="`context.Background()`/`TODO()` in a test where `t.Context()` is available.",
    fix="safe",
    # A finding is a call context.Background() or context.TODO() (by an alias, or a dot import's bare
    # Background()): the function names it, and the file imports "context".
    needles=(b"Background", b"TODO"),
    file_needles=(b"context",),
)
def check(ctx: FileContext, fn: FuncInfo) -> Iterator[Finding]:
    body = fn.body
    if not in_test_code(ctx, fn) or body is None or not ctx.go_at_least(24):
        return
    flows = _Flows(ctx, fn)
    for call in pkg_calls(ctx, body, "context", ("Background", "TODO")):
        binding = ctx.testing_binding(call)
        if binding is None or binding.ttype not in ("T", "B", "F", "TB"):
            continue
        line = _Lineage(call, fn.node)
        if _after_the_test(line) or _in_callback(ctx, line) or _compared_or_expected(call, line):
            continue
        # Where does the context go?
        stmt = _value_statement(line)
        carried: set[str] = set()
        if stmt is not None and stmt.type in ("return_statement", "send_statement"):
            continue  # its users are out of sight
        if stmt is not None and stmt.type in ("short_var_declaration", "assignment_statement", "var_spec"):
            names = _carried_names(ctx, stmt)
            if names is None:
                continue  # stored in a field, an element or a package variable
            if stmt.type == "assignment_statement" and not all(
                _declared_locally(ctx, n, stmt, binding.func_node) for n in names
            ):
                continue  # a variable of an enclosing test outlives this (sub)test
            carried = set(names)
        # A direct argument of a call that also gets `t`: that call may keep the context.
        arg_list = line.parent(-1)
        if (
            arg_list is not None
            and arg_list.type == "argument_list"
            and (outer := line.parent(0)) is not None
            and _helper_keeps_context(ctx, outer, binding, fn)
        ):
            continue
        # Comparisons matter for variables that hold the context itself (`ctx := ...`, a struct holding
        # it), not for the results of a call it was passed to (`got := f(ctx)`).
        holds = _holds_the_context(ctx, line, stmt)
        # The names holding the context itself first: when one of them is risky, what is derived from
        # them need not be traced.
        if carried and (
            any(flows.risky(n, binding, compared=holds) for n in carried)
            or any(flows.risky(n, binding, compared=False) for n in flows.taint(carried) - carried)
        ):
            continue
        what = text(call.child_by_field_name("function")).split(".")[-1]
        repl = f"{binding.name}.Context()"
        edits = (Edit(call.start_byte, call.end_byte, repl),)
        fixes = []
        if not disturbs_comment_alignment(ctx, edits):
            fixes.append(Fix(f"Replace with {repl}", "safe", edits, prune_imports=("context",)))
        yield check.finding(
            call.start_byte,
            call.end_byte,
            f"context.{what}() is never cancelled, so what the test starts with it outlives the test; "
            f"use {repl}, which is cancelled when the test ends",
            fixes,
        )
