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

from collections.abc import Iterator
from functools import cached_property

from tree_sitter import Node

from ..analysis.context import Binding, FileContext
from ..analysis.functions import FuncInfo
from ..parsing import arguments, call_name, captures, text, walk
from .alignment import disturbs_comment_alignment
from .base import Edit, Finding, Fix, Severity, rule
from .common import in_callback, in_test_code

_ASSIGNS = "[(short_var_declaration) (assignment_statement) (var_spec)] @a"
# Results that never carry the context along.
_NOT_CARRIERS = {"_", "err", "cancel"}


def _value_statement(call: Node, stop: Node) -> Node | None:
    """The nearest statement-like node holding the call (below `stop`)."""
    cur = call.parent
    while cur is not None and cur != stop:
        if cur.type.endswith("_statement") or cur.type in ("short_var_declaration", "var_spec"):
            return cur
        cur = cur.parent
    return None


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
    return node.type == "call_expression" and any(c == node for c in ctx.calls(node, "context"))


def _carried_names(ctx: FileContext, stmt: Node) -> list[str] | None:
    """The variables an assignment stores its value in; None when the value escapes the function's
    locals (a field, an index, a package variable)."""
    lhs, rhs = _lhs_and_rhs(stmt)
    names: list[str] = []
    for i, n in enumerate(lhs):
        if n.type != "identifier":
            return None
        if len(rhs) == 1 and len(lhs) > 1 and _is_context_with(ctx, rhs[0]) and i > 0:
            continue
        if text(n) not in _NOT_CARRIERS:
            names.append(text(n))
    return names


def _declared_locally(name: str, stmt: Node, scope: Node) -> bool:
    """Whether `name`, assigned with `=` at stmt, is declared inside `scope` (the binding's function)."""
    for d in captures("[(short_var_declaration) (var_spec)] @d", scope).get("d", []):
        if d.start_byte >= stmt.start_byte:
            continue
        lhs, _ = _lhs_and_rhs(d)
        if any(text(n) == name for n in lhs):
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


def _compared_or_expected(node: Node, stop: Node) -> bool:
    """The value is compared (`==`, `assert.Equal`, `cmp.Diff`) or is part of a mock expectation
    (`m.EXPECT().Get(ctx)`, `m.On("Get", ctx)`, `.Return(ctx)`): another context there changes what
    matches."""
    cur = node.parent
    child = node
    while cur is not None and cur != stop:
        if cur.type == "selector_expression" and cur.child_by_field_name("operand") == child:
            return False  # `ctx.Err()`, `ctx.Value(k)`: the context is used, not compared
        if cur.type == "binary_expression" and text(cur.child_by_field_name("operator")) in ("==", "!="):
            return True
        if cur.type == "argument_list" and cur.parent is not None:
            fn = cur.parent.child_by_field_name("function")
            if fn is not None and fn.type == "selector_expression":
                if text(fn.child_by_field_name("field")) in _COMPARISONS or "EXPECT()" in text(fn):
                    return True
            elif fn is not None and text(fn) in _COMPARISONS:
                return True  # a dot import
        child = cur
        cur = cur.parent
    return False


def _after_the_test(node: Node, stop: Node) -> bool:
    """Inside a deferred call, a `go` statement, or the arguments of a `*.Cleanup(...)` call."""
    cur = node.parent
    while cur is not None and cur != stop:
        if cur.type in ("defer_statement", "go_statement"):
            return True
        if cur.type == "argument_list" and cur.parent is not None and _is_cleanup_call(cur.parent):
            return True
        cur = cur.parent
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
    for n in walk(helper.body):
        if n.type in ("go_statement",):
            return True
        if n.type == "call_expression" and _is_cleanup_call(n):
            return True
    return False


def _holds_the_context(ctx: FileContext, call: Node, stmt: Node | None) -> bool:
    """Whether the value the statement stores is the context itself, or something built around it
    (a composite literal, `context.WithTimeout(...)`), rather than the result of a call it was given to."""
    cur = call.parent
    while cur is not None and cur != stmt:
        if cur.type == "call_expression" and not any(c == cur for c in ctx.calls(cur, "context")):
            return False
        cur = cur.parent
    return True


class _Flows:
    """Per-function facts, computed once for all the contexts a function creates: which variables feed
    which (by name), and where each name is used."""

    def __init__(self, ctx: FileContext, fn: FuncInfo) -> None:
        self.ctx = ctx
        self.fn = fn
        self._risky: dict[tuple[str, str, bool], bool] = {}

    @cached_property
    def assignments(self) -> list[tuple[set[str], list[str]]]:
        """(names read on the right, names written on the left) for every assignment."""
        out = []
        for s in captures(_ASSIGNS, self.fn.node).get("a", []):
            _, rhs = _lhs_and_rhs(s)
            reads = {text(n) for r in rhs for n in walk(r) if n.type == "identifier"}
            carried = _carried_names(self.ctx, s)
            # An assignment to a field still taints the variable the field belongs to, conservatively.
            writes = carried if carried is not None else [text(n) for n in walk(s) if n.type == "identifier"]
            out.append((reads, [w for w in writes if w not in _NOT_CARRIERS]))
        return out

    @cached_property
    def uses(self) -> dict[str, list[Node]]:
        out: dict[str, list[Node]] = {}
        for ident in captures("(identifier) @id", self.fn.node).get("id", []):
            out.setdefault(text(ident), []).append(ident)
        return out

    def taint(self, seed: set[str]) -> set[str]:
        """Every variable of the function whose value is derived from one of `seed` (by name)."""
        tainted = set(seed)
        changed = True
        while changed:
            changed = False
            for reads, writes in self.assignments:
                if reads & tainted and not set(writes) <= tainted:
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
            hit = any(self._risky_use(ident, binding, compared) for ident in self.uses.get(name, ()))
            self._risky[key] = hit
        return hit

    def _escapes(self, ident: Node, binding: Binding) -> bool:
        """The value leaves the function's locals here: returned, sent, or stored in a field, an element
        or a variable declared outside the (sub)test."""
        stmt = _value_statement(ident, self.fn.node)
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
        return names is None or not all(_declared_locally(n, stmt, binding.func_node) for n in names)

    def _risky_use(self, ident: Node, binding: Binding, compared: bool) -> bool:
        stop = self.fn.node
        if (
            _after_the_test(ident, stop)
            or in_callback(self.ctx, ident, stop)
            or (compared and _compared_or_expected(ident, stop))
            or self._escapes(ident, binding)
        ):
            return True
        args = ident.parent
        return (
            args is not None
            and args.type == "argument_list"
            and args.parent is not None
            and _helper_keeps_context(self.ctx, args.parent, binding, self.fn)
        )


@rule(
    code="HAB006",
    name="background-context",
    severity=Severity.HINT,
    summary="`context.Background()`/`TODO()` in a test where `t.Context()` is available.",
    fix="safe",
)
def check(ctx: FileContext, fn: FuncInfo) -> Iterator[Finding]:
    body = fn.body
    if not in_test_code(ctx, fn) or body is None or not ctx.go_at_least(24):
        return
    flows = _Flows(ctx, fn)
    for call in ctx.calls(body, "context", ("Background", "TODO")):
        binding = ctx.testing_binding(call)
        if binding is None or binding.ttype not in ("T", "B", "F", "TB"):
            continue
        if (
            _after_the_test(call, fn.node)
            or in_callback(ctx, call, fn.node)
            or _compared_or_expected(call, fn.node)
        ):
            continue
        # Where does the context go?
        stmt = _value_statement(call, fn.node)
        carried: set[str] = set()
        if stmt is not None and stmt.type in ("return_statement", "send_statement"):
            continue  # its users are out of sight
        if stmt is not None and stmt.type in ("short_var_declaration", "assignment_statement", "var_spec"):
            names = _carried_names(ctx, stmt)
            if names is None:
                continue  # stored in a field, an element or a package variable
            if stmt.type == "assignment_statement" and not all(
                _declared_locally(n, stmt, binding.func_node) for n in names
            ):
                continue  # a variable of an enclosing test outlives this (sub)test
            carried = set(names)
        # A direct argument of a call that also gets `t`: that call may keep the context.
        arg_list = call.parent
        if (
            arg_list is not None
            and arg_list.type == "argument_list"
            and arg_list.parent is not None
            and _helper_keeps_context(ctx, arg_list.parent, binding, fn)
        ):
            continue
        # Comparisons matter for variables that hold the context itself (`ctx := ...`, a struct holding
        # it), not for the results of a call it was passed to (`got := f(ctx)`).
        holds = _holds_the_context(ctx, call, stmt)
        if carried and any(
            flows.risky(n, binding, compared=holds and n in carried) for n in flows.taint(carried)
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
