"""Where the wall clock flows in a test: for every `time.Now()`, `time.Since(x)` and `time.Until(x)` call,
what its value ends up in.  DET002 reports the calls whose value reaches a comparison or an assertion; the
clock fix rewrites the calls that are not deadlines or timeouts.

The flow is followed syntactically, through method chains (`time.Now().Add(d).Unix()`), arithmetic,
conversions, formatting (`fmt.Sprintf`, `strconv`), composite literals and local variables.  It stops at
calls into the code under test (we cannot see what they do with the value) and at deadline APIs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from tree_sitter import Node

from ..analysis.context import FileContext
from ..analysis.functions import FuncInfo
from ..analysis.scopes import is_shadowed
from ..parsing import captures, text
from .det_common import TIME, enclosing_loop, in_bubble, loop_kind, runs_in_test
from .nodefind import identifiers_named
from .textscan import pkg_calls

_COMPARE_OPS = frozenset({"==", "!=", "<", "<=", ">", ">="})
_ARITH_OPS = frozenset({"+", "-", "*", "/", "%"})
_COMPARE_METHODS = frozenset({"Before", "After", "Equal", "Compare"})
_CONVERSIONS = frozenset(
    {
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
        "float32",
        "float64",
        "string",
        "uintptr",
    }
)
_DEADLINE_METHODS = frozenset({"SetDeadline", "SetReadDeadline", "SetWriteDeadline", "Reset"})
_DEADLINE_TIME = frozenset({"After", "AfterFunc", "NewTimer", "NewTicker", "Sleep", "Tick"})
_LOG_TESTING = frozenset({"Log", "Logf", "Error", "Errorf", "Fatal", "Fatalf", "Skip", "Skipf"})
_EQUAL_FUNCS = {
    "reflect": frozenset({"DeepEqual"}),
    "github.com/google/go-cmp/cmp": frozenset({"Diff", "Equal"}),
}
_FORMAT_FUNCS = {
    "fmt": frozenset({"Sprintf", "Sprint", "Sprintln"}),
    "strconv": frozenset({"Itoa", "FormatInt", "FormatUint", "FormatFloat", "Quote"}),
}
_LOG_FUNCS = {
    "fmt": frozenset({"Print", "Printf", "Println", "Fprint", "Fprintf", "Fprintln", "Errorf"}),
    "log": None,
}
_ASSERT_PKGS = ("github.com/stretchr/testify/assert", "github.com/stretchr/testify/require")

# What a value of the wall clock ends up in.
COMPARE = "compare"  # a comparison that decides what the test does
ASSERT = "assert"  # an assertion's argument
BOUND = "bound"  # a loop's bound or a timeout check inside a polling loop
DEADLINE = "deadline"  # a deadline or timeout API (context.WithDeadline, SetDeadline, time.NewTimer...)
ELAPSED = "elapsed"  # handed to time.Since/time.Until/.Sub: that call is a source of its own
LOG = "log"  # a log line or a failure message
OTHER = "other"  # handed to the code under test, returned, sent...
LOGIC = frozenset({COMPARE, ASSERT})


@dataclass
class Source:
    call: Node  # the time.Now()/Since()/Until() call
    kind: str  # "Now", "Since" or "Until"
    uses: set[str] = field(default_factory=set)
    checks: list[Node] = field(default_factory=list)  # the comparisons and assertions it reaches


@dataclass
class Flow:
    sources: list[Source]
    groups: list[int]  # group id per source
    tainted: set[str] = field(default_factory=set)  # local names holding a wall-clock value

    def flagged(self) -> list[Source]:
        """Sources whose value decides a check.  An elapsed time (`time.Since`, `time.Until`) compared to
        anything is a timing assertion; an instant (`time.Now()`) counts only when the test did not also
        hand it to the code under test: a time that goes in and is compared on the way out is a round trip
        (deterministic), one computed beside the code under test is an expectation the clock can break."""
        out = []
        for s in self.sources:
            if not s.uses & LOGIC:
                continue
            if s.kind == "Now" and OTHER in s.uses:
                continue
            out.append(s)
        return out

    def deadline_only(self, i: int) -> bool:
        """Whether the group of source i only sets deadlines and loop bounds (the clock fix keeps those on
        the real clock: a fake clock that nobody advances would never let them expire)."""
        g = self.groups[i]
        uses: set[str] = set()
        for j, s in enumerate(self.sources):
            if self.groups[j] == g:
                uses |= s.uses
        return bool(uses & {BOUND, DEADLINE}) and uses <= {BOUND, DEADLINE, ELAPSED, LOG}


def _is_call_of(ctx: FileContext, call: Node, pkgs: Mapping[str, frozenset[str] | None]) -> bool:
    fn = call.child_by_field_name("function")
    if fn is None:
        return False
    for path, names in pkgs.items():
        local = ctx.local_name(path)
        if local is None:
            continue
        if local == "." and fn.type == "identifier":
            if names is None or text(fn) in names:
                return True
        elif fn.type == "selector_expression":
            op = fn.child_by_field_name("operand")
            if (
                op is not None
                and op.type == "identifier"
                and text(op) == local
                and (names is None or text(fn.child_by_field_name("field")) in names)
            ):
                return not is_shadowed(local, call)
    return False


def _is_conversion(ctx: FileContext, call: Node) -> bool:
    fn = call.child_by_field_name("function")
    if fn is None:
        return False
    if fn.type == "identifier" and text(fn) in _CONVERSIONS:
        return True
    if fn.type == "parenthesized_expression":
        return True
    return _is_call_of(ctx, call, {TIME: frozenset({"Duration", "Time"})})


def _in_loop_bound(node: Node, stop: Node) -> bool:
    """A comparison in a `for` header, or in an `if` condition inside a loop that is not a range over a
    table: a deadline that bounds polling, not a check of the code under test."""
    child = node
    cur = node.parent
    while cur is not None and cur != stop:
        if cur.type == "func_literal":
            return False
        if cur.type == "for_statement":
            return cur.child_by_field_name("body") != child
        if cur.type == "if_statement" and cur.child_by_field_name("condition") == child:
            loop = enclosing_loop(cur, stop)
            return (loop is not None and loop_kind(loop) != "range") or _in_goto_loop(cur, stop)
        if cur.type in ("block", "statement_list", "expression_statement", "short_var_declaration"):
            return False
        child = cur
        cur = cur.parent
    return False


def _in_goto_loop(node: Node, stop: Node) -> bool:
    """Inside a loop made of a label and a `goto` back to it (`CHECK: ... goto CHECK`)."""
    labels = {
        text(n.named_children[0]): n.start_byte
        for n in captures("(labeled_statement) @l", stop).get("l", [])
        if n.named_children
    }
    for g in captures("(goto_statement) @g", stop).get("g", []):
        target = text(g.named_children[0]) if g.named_children else ""
        at = labels.get(target)
        if at is not None and at < node.start_byte < g.start_byte:
            return True
    return False


@dataclass
class _Step:
    kind: str
    names: tuple[Node, ...] = ()  # variables the value is stored in (kind == "assign")
    link: Node | None = None  # the time.Since/Until call it flows into (kind == ELAPSED)
    wrapped: bool = False  # the variables hold an object carrying the time, not the time itself
    at: Node | None = None  # the comparison or assertion the value reached


def _after_compare(ctx: FileContext, node: Node, stop: Node) -> str:
    """What a comparison (or a Before/After/Equal call) decides: a loop bound, an assertion, a branch."""
    if _in_loop_bound(node, stop):
        return BOUND
    cur = node
    while cur.parent is not None and cur.parent.type in (
        "parenthesized_expression",
        "unary_expression",
        "binary_expression",
    ):
        cur = cur.parent
    p = cur.parent
    if (
        p is not None
        and p.type == "argument_list"
        and p.parent is not None
        and _is_call_of(ctx, p.parent, {a: None for a in _ASSERT_PKGS})
    ):
        return ASSERT
    return COMPARE


def _step(ctx: FileContext, expr: Node, stop: Node, wrapped: bool = False) -> _Step:
    """Follow a wall-clock value from `expr` up the tree to where it is used.  Once the time is stored in
    an object (a composite literal, a field), a method call on that object is the code under test's answer,
    not the time: the flow stops there."""
    cur = expr
    while True:
        p = cur.parent
        if p is None:
            return _Step(OTHER)
        t = p.type
        if t == "parenthesized_expression" or t in ("literal_element", "keyed_element", "literal_value"):
            cur = p
            continue
        if t == "composite_literal":
            wrapped = True
            cur = p
            continue
        if t == "unary_expression":
            if text(p.child_by_field_name("operator")) in ("&", "-", "+"):
                cur = p
                continue
            return _Step(OTHER)
        if t == "selector_expression" and p.child_by_field_name("operand") == cur:
            call = p.parent
            if (
                call is not None
                and call.type == "call_expression"
                and call.child_by_field_name("function") == p
            ):
                if wrapped:
                    return _Step(OTHER)
                method = text(p.child_by_field_name("field"))
                if method in _COMPARE_METHODS:
                    return _Step(_after_compare(ctx, call, stop), at=call)
                cur = call
                continue
            cur = p
            continue
        if t == "binary_expression":
            op = text(p.child_by_field_name("operator"))
            if op in _COMPARE_OPS:
                return _Step(_after_compare(ctx, p, stop), at=p)
            if op in _ARITH_OPS:
                cur = p
                continue
            return _Step(OTHER)
        if t == "argument_list":
            call = p.parent
            if call is None or call.type != "call_expression":
                return _Step(OTHER)
            if _is_conversion(ctx, call):
                cur = call
                continue
            if _is_call_of(ctx, call, {TIME: frozenset({"Since", "Until"})}):
                return _Step(ELAPSED, link=call)
            if _is_call_of(ctx, call, {TIME: _DEADLINE_TIME}):
                return _Step(DEADLINE)
            if _is_call_of(
                ctx,
                call,
                {
                    "context": frozenset(
                        {"WithDeadline", "WithTimeout", "WithDeadlineCause", "WithTimeoutCause"}
                    )
                },
            ):
                return _Step(DEADLINE)
            if _is_call_of(ctx, call, _FORMAT_FUNCS):
                cur = call
                continue
            if _is_call_of(ctx, call, _LOG_FUNCS):
                return _Step(LOG)
            if _is_call_of(ctx, call, _EQUAL_FUNCS):
                return _Step(_after_compare(ctx, call, stop), at=call)
            fn = call.child_by_field_name("function")
            if fn is not None and fn.type == "selector_expression":
                method = text(fn.child_by_field_name("field"))
                recv = fn.child_by_field_name("operand")
                if method in _COMPARE_METHODS:
                    return _Step(_after_compare(ctx, call, stop), at=call)
                if method == "Sub":
                    return _Step(ELAPSED, link=call)
                if method in _DEADLINE_METHODS:
                    return _Step(DEADLINE)
                if (
                    method in _LOG_TESTING
                    and recv is not None
                    and recv.type == "identifier"
                    and ctx.is_testing_value(recv)
                ):
                    return _Step(LOG)
            if _is_call_of(ctx, call, {a: None for a in _ASSERT_PKGS}):
                if _in_loop_bound(call, stop):
                    return _Step(BOUND)
                return _Step(ASSERT, at=call)
            return _Step(OTHER)
        if t == "expression_list":
            holder = p.parent
            if holder is None:
                return _Step(OTHER)
            idx = [c for c in p.named_children].index(cur) if cur in p.named_children else -1
            left: Node | None = None
            if holder.type in ("short_var_declaration", "assignment_statement"):
                if holder.child_by_field_name("right") != p:
                    return _Step(OTHER)
                left = holder.child_by_field_name("left")
            elif holder.type == "var_spec":
                names = holder.children_by_field_name("name")
                if 0 <= idx < len(names):
                    return _Step("assign", names=(names[idx],), wrapped=wrapped)
                return _Step(OTHER)
            elif holder.type == "return_statement":
                return _Step(OTHER)
            else:
                return _Step(OTHER)
            lhs = left.named_children if left is not None else []
            if 0 <= idx < len(lhs) and len(lhs) == len(p.named_children):
                target = lhs[idx]
                if target.type == "identifier" and text(target) != "_":
                    return _Step("assign", names=(target,), wrapped=wrapped)
                if target.type in ("selector_expression", "index_expression"):
                    # obj.Field = now: the object now carries the wall clock.
                    base = target
                    while base.type in ("selector_expression", "index_expression"):
                        nxt = base.child_by_field_name("operand")
                        if nxt is None:
                            break
                        base = nxt
                    if base.type == "identifier":
                        return _Step("assign", names=(base,), wrapped=True)
            return _Step(OTHER)
        if t == "expression_switch_statement" and p.child_by_field_name("value") == cur:
            return _Step(COMPARE)
        if t == "expression_case":
            return _Step(COMPARE)
        return _Step(OTHER)


def _var_uses(ctx: FileContext, decl_name: Node, stop: Node) -> list[Node]:
    """Uses of a local variable after its declaration, in the block that declares it."""
    name = text(decl_name)
    stmt = decl_name
    while stmt.parent is not None and stmt.parent.type not in ("statement_list", "block"):
        if stmt.parent == stop:
            break
        stmt = stmt.parent
    scope = stmt.parent if stmt.parent is not None else stop
    if stmt.parent is not None and stmt.type == "if_statement":
        scope = stmt
    # A variable declared in an if/for header is visible in that statement only.
    header = decl_name.parent
    while header is not None and header != stmt:
        if header.type in ("if_statement", "for_statement", "expression_switch_statement"):
            scope = header
            break
        header = header.parent
    out = []
    # The identifiers named `name` after the declaration: found where the name stands in the text (a
    # query would hand over every identifier of the scope), unless the name cannot be searched for.
    named = identifiers_named(ctx, scope, name, decl_name.end_byte)
    if named is None:
        named = [n for n in captures("(identifier) @id", scope).get("id", []) if text(n) == name]
    for n in named:
        if n.start_byte < decl_name.end_byte:
            continue
        # The left-hand side of a later plain assignment is a write, not a use.
        par = n.parent
        if par is not None and par.type == "expression_list" and par.parent is not None:
            h = par.parent
            if (
                h.type in ("assignment_statement", "short_var_declaration")
                and h.child_by_field_name("left") == par
            ):
                continue
        if is_shadowed(name, n, scope):
            continue
        out.append(n)
    return out


def _called(call: Node) -> str:
    f = call.child_by_field_name("function")
    if f is not None and f.type == "selector_expression":
        return text(f.child_by_field_name("field"))
    return text(f)


def analyze(ctx: FileContext, fn: FuncInfo) -> Flow:
    """The wall-clock sources of a test function and what each feeds."""
    stop = fn.node
    calls = [
        c
        for c in pkg_calls(ctx, fn.node, TIME, ("Now", "Since", "Until"))
        if runs_in_test(ctx, c, stop) and not in_bubble(ctx, c)
    ]
    sources = [Source(c, _called(c)) for c in calls]
    index = {(c.start_byte, c.end_byte): i for i, c in enumerate(calls)}
    tainted: set[str] = set()
    reached: dict[int, set[int]] = {}  # identifier start byte -> sources whose value it holds
    pending: list[tuple[int, Node]] = []  # (source, the Since/Until/Sub call it flows into)
    for i, src in enumerate(sources):
        work: list[tuple[Node, bool]] = [(src.call, False)]
        seen_vars: set[int] = set()
        steps = 0
        while work and steps < 200:
            steps += 1
            expr, wrapped = work.pop()
            if expr.type == "identifier":
                reached.setdefault(expr.start_byte, set()).add(i)
            st = _step(ctx, expr, stop, wrapped)
            if st.kind == "assign":
                for nm in st.names:
                    if nm.start_byte in seen_vars:
                        continue
                    seen_vars.add(nm.start_byte)
                    tainted.add(text(nm))
                    work.extend((u, st.wrapped) for u in _var_uses(ctx, nm, stop))
                continue
            src.uses.add(st.kind)
            if st.at is not None and st.kind in LOGIC:
                src.checks.append(st.at)
            if st.kind == ELAPSED and st.link is not None:
                pending.append((i, st.link))
    # Since(x)/Until(x)/a.Sub(x): the value read and the value computed belong together (the clock fix
    # must move both or neither).
    parent = list(range(len(sources)))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for i, call in pending:
        j = index.get((call.start_byte, call.end_byte))
        others: set[int] = set()
        if j is not None:
            others.add(j)
        else:
            fnode = call.child_by_field_name("function")
            recv = fnode.child_by_field_name("operand") if fnode is not None else None
            if recv is not None:
                for c in captures("(call_expression) @c", recv).get("c", []):
                    k = index.get((c.start_byte, c.end_byte))
                    if k is not None:
                        others.add(k)
                for ident in captures("(identifier) @id", recv).get("id", []):
                    others |= reached.get(ident.start_byte, set())
                if recv.type == "identifier":
                    others |= reached.get(recv.start_byte, set())
        for k in others:
            if k != i:
                parent[find(i)] = find(k)
    return Flow(sources, [find(i) for i in range(len(sources))], tainted)


_TIME_METHODS = frozenset(
    {
        "Sub",
        "Add",
        "AddDate",
        "Seconds",
        "Milliseconds",
        "Microseconds",
        "Nanoseconds",
        "Minutes",
        "Hours",
        "Unix",
        "UnixNano",
        "UnixMilli",
        "UnixMicro",
        "Truncate",
        "Round",
        "Before",
        "After",
        "Equal",
        "Compare",
        "UTC",
        "Local",
        "Format",
        "String",
        "IsZero",
    }
)


def compares_code_output(ctx: FileContext, check: Node, fn: FuncInfo, tainted: set[str]) -> bool:
    """Whether a comparison or assertion involves a value the code under test computed on its own (a call
    that is not the time package, a conversion, a time method or the assertion itself, and is not handed
    a wall-clock value; or a local taken from one).  Such a value comes from the code's own clock: moving
    only the test to a fake clock would break the check."""

    def own(c: Node) -> bool:
        if not _foreign_call(ctx, c):
            return False
        args = c.child_by_field_name("arguments")
        if args is None:
            return True
        fed = bool(pkg_calls(ctx, args, TIME, ("Now", "Since", "Until"))) or any(
            text(n) in tainted for n in captures("(identifier) @id", args).get("id", [])
        )
        return not fed

    locals_from_calls: set[str] = set()
    body = fn.body
    # Any assignment from the code's own call makes the name its output (`sts, ok = parse(x, 0)`).
    decls = "(short_var_declaration) @d (assignment_statement) @d"
    for d in captures(decls, body).get("d", []) if body is not None else []:
        right = d.child_by_field_name("right")
        left = d.child_by_field_name("left")
        if right is None or left is None:
            continue
        if any(own(c) for c in captures("(call_expression) @c", right).get("c", [])):
            locals_from_calls.update(text(n) for n in left.named_children)
    for c in captures("(call_expression) @c", check).get("c", []):
        if c != check and own(c):
            return True
    return any(text(n) in locals_from_calls for n in captures("(identifier) @id", check).get("id", []))


def _foreign_call(ctx: FileContext, call: Node) -> bool:
    f = call.child_by_field_name("function")
    if f is None:
        return True
    if _is_conversion(ctx, call) or _is_call_of(ctx, call, {TIME: None}):
        return False
    if _is_call_of(ctx, call, {a: None for a in _ASSERT_PKGS}):
        return False
    if f.type == "selector_expression":
        name = text(f.child_by_field_name("field"))
        if name in _TIME_METHODS:
            return False
        op = f.child_by_field_name("operand")
        if op is not None and op.type == "identifier" and ctx.is_testing_value(op):
            return False
    return not (f.type == "identifier" and text(f) in ("len", "cap", "float64", "int64", "int", "min", "max"))
