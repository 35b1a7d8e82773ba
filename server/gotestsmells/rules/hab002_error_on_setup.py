"""HAB002 error-on-setup: `t.Error` on a setup failure lets the test go on with a broken value.

## What it does
Flags `t.Error`/`t.Errorf` reporting the error of a call whose other results the test goes on to use,
with no `return` after it:

```go
cfg, err := Load(path)
if err != nil {
        t.Errorf("load: %v", err)
}
if cfg.Port != 80 { ... } // cfg is nil here when Load failed
```

and `assert.NoError(t, err)` / `assert.Nil(t, err)` in the same place; also `t.Errorf(...)` directly
followed by `t.FailNow()`, which is `t.Fatalf` spelled out.

## Why is this bad?
When the call fails, the test keeps running with the zero value it returned: the next line dereferences a
nil pointer and the test dies with a panic whose stack hides the real cause, or it piles up a dozen
failures that all mean "setup failed".  `t.Fatal` stops the test at the first failure, where it happened.

## Example
```go
srv, err := newServer()
assert.NoError(t, err)
resp := srv.Handle(req)
```

## Use instead
```go
srv, err := newServer()
require.NoError(t, err)
resp := srv.Handle(req)
```

Not flagged: checks followed by `return` (or `continue`, `break`, `t.FailNow`...), or by a guard that
stops the test when the value is missing (`require.NotNil(t, v)`, `if v == nil { t.Fatal(...) }`); checks
with an `else`;
errors whose call has no other result, or whose other results are not used again (an assertion on the
error alone); checks inside goroutines and callbacks, where `t.Fatal` is not allowed.

## Fix (safe)
`t.Errorf` becomes `t.Fatalf` and `t.Error` becomes `t.Fatal` (when it ends the `if` body);
`assert.NoError`/`assert.Nil` become `require.NoError`/`require.Nil`, the require import added when the
file lacks it and the assert import dropped when nothing else uses it; `t.Errorf(...)` + `t.FailNow()`
become one `t.Fatalf(...)`.
"""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from ..analysis.context import FileContext
from ..analysis.functions import FuncInfo
from ..analysis.scopes import is_shadowed
from ..parsing import arguments, call_name, statements, text, walk
from .alignment import disturbs_comment_alignment
from .base import Edit, Finding, Fix, Severity, rule
from .common import (
    delete_statement,
    in_callback,
    in_goroutine,
    in_test_code,
    is_err_nil_check,
    next_statement,
)
from .nodefind import identifiers_named, is_package_call, is_testing_call
from .textscan import selector_calls_named

_ASSERT = "github.com/stretchr/testify/assert"
_REQUIRE = "github.com/stretchr/testify/require"
_FATAL = {"Error": "Fatal", "Errorf": "Fatalf"}
# Statements after which the rest of the block does not run.
_STOPPERS = frozenset({"Fatal", "Fatalf", "FailNow", "Skip", "Skipf", "SkipNow"})


def _prev_statement(stmt: Node) -> Node | None:
    n = stmt.prev_named_sibling
    while n is not None and n.type == "comment":
        n = n.prev_named_sibling
    return n


def _call_of(stmt: Node | None) -> Node | None:
    if stmt is None or stmt.type != "expression_statement" or not stmt.named_children:
        return None
    c = stmt.named_children[0]
    return c if c.type == "call_expression" else None


def _setup_results(stmt: Node | None, err: str) -> list[str] | None:
    """For `v, err := f(...)` / `v, err = f(...)`: the names of the other results (`_` left out), or
    None when `stmt` is not such a statement."""
    if stmt is None or stmt.type not in ("short_var_declaration", "assignment_statement"):
        return None
    if stmt.type == "assignment_statement" and text(stmt.child_by_field_name("operator")) != "=":
        return None
    left, right = stmt.child_by_field_name("left"), stmt.child_by_field_name("right")
    if left is None or right is None:
        return None
    lhs = [c for c in left.named_children if c.type != "comment"]
    rhs = [c for c in right.named_children if c.type != "comment"]
    if len(rhs) != 1 or rhs[0].type != "call_expression" or len(lhs) < 2:
        return None
    if not (lhs[-1].type == "identifier" and text(lhs[-1]) == err):
        return None
    out = []
    for c in lhs[:-1]:
        if c.type != "identifier":
            return None  # s.field, m[k]: not a value we can follow
        if text(c) != "_":
            out.append(text(c))
    return out


def _is_write(ident: Node) -> bool:
    """`v` on the left of `=` or `:=` (a new value, not a use of the broken one)."""
    lst = ident.parent
    if lst is None or lst.type != "expression_list":
        return False
    stmt = lst.parent
    return (
        stmt is not None
        and stmt.type in ("short_var_declaration", "assignment_statement")
        and stmt.child_by_field_name("left") == lst
    )


def _used_after(ctx: FileContext, names: list[str], stmt: Node, scope: Node) -> str | None:
    """The first of `names` read after the statement `stmt` in `scope` before a statement of the same
    block gives it a new value."""
    block = stmt.parent
    live = set(names)
    found: list[Node] = []
    for name in live:
        idents = identifiers_named(ctx, scope, name, stmt.end_byte)
        if idents is None:
            found = [n for n in walk(scope) if n.start_byte >= stmt.end_byte and n.type == "identifier"]
            break
        found.extend(idents)
    found.sort(key=lambda n: n.start_byte)
    for n in found:
        if text(n) not in live:
            continue
        if not _is_write(n):
            return text(n)
        decl = n.parent.parent if n.parent is not None else None
        if decl is not None and decl.parent == block:
            live.discard(text(n))  # overwritten unconditionally: the broken value is gone
            if not live:
                return None
    return None


_GUARDS = frozenset({"NotNil", "NotEmpty", "NotZero", "Len"})


def _guarded(ctx: FileContext, stmt: Node, names: list[str]) -> bool:
    """Whether the statement after `stmt` stops the test when the value is missing:
    `require.NotNil(t, rsp)`, `if rsp == nil { t.Fatal(...) }`."""
    nxt = next_statement(stmt)
    call = _call_of(nxt)
    if call is not None and is_package_call(ctx, call, _REQUIRE, _GUARDS):
        args = arguments(call)
        return len(args) >= 2 and text(args[1]) in names
    if nxt is not None and nxt.type == "if_statement":
        cond = nxt.child_by_field_name("condition")
        body = statements(nxt.child_by_field_name("consequence"))
        return (
            cond is not None
            and cond.type == "binary_expression"
            and text(cond.child_by_field_name("left")) in names
            and text(cond.child_by_field_name("right")) == "nil"
            and _stops(ctx, body)
        )
    return False


def _stops(ctx: FileContext, stmts: list[Node]) -> bool:
    """Whether a block of statements ends the test or leaves the code that follows: return, continue,
    break, goto, panic, t.Fatal/FailNow/Skip, require.*, os.Exit."""
    for s in stmts:
        if s.type in ("return_statement", "continue_statement", "break_statement", "goto_statement"):
            return True
        call = _call_of(s)
        if call is None:
            continue
        cn = call_name(call)
        if cn is None:
            continue
        if cn == ("", "panic") or cn[1] in _STOPPERS or cn[1] == "Goexit":
            return True
        if is_package_call(ctx, call, _REQUIRE) or is_package_call(ctx, call, "os", ("Exit",)):
            return True
    return False


def _setup_names(ifs: Node) -> list[str] | None:
    """For `v, err := f(); if err != nil {...}` (no initializer, no else): the setup's other results."""
    if (
        ifs.child_by_field_name("initializer") is not None
        or ifs.child_by_field_name("alternative") is not None
    ):
        return None
    cond = ifs.child_by_field_name("condition")
    if cond is None or cond.type != "binary_expression":
        return None
    err = text(cond.child_by_field_name("left"))
    if not is_err_nil_check(cond, err):
        return None
    return _setup_results(_prev_statement(ifs), err)


def _error_in_if(ctx: FileContext, ifs: Node, scope: Node) -> tuple[Node, str, Node] | None:
    """For `v, err := f(); if err != nil { ...; t.Errorf(...) }` with `v` used later: the Errorf call, the
    name used later, and whether the Errorf ends the body (for the fix)."""
    names = _setup_names(ifs)
    if not names:
        return None
    body = statements(ifs.child_by_field_name("consequence"))
    if not body or _stops(ctx, body):
        return None
    errors = [
        c for s in body if (c := _call_of(s)) is not None and is_testing_call(ctx, c, ("Error", "Errorf"))
    ]
    if not errors:
        return None
    used = _used_after(ctx, names, ifs, scope)
    if used is None or _guarded(ctx, ifs, names):
        return None
    return errors[-1], used, body[-1]


def _assert_after(ctx: FileContext, stmt: Node, scope: Node) -> tuple[Node, str] | None:
    """`assert.NoError(t, err)` / `assert.Nil(t, err)` after `v, err := f()` with `v` used later."""
    call = _call_of(stmt)
    if call is None or not is_package_call(ctx, call, _ASSERT, ("NoError", "Nil")):
        return None
    args = arguments(call)
    if len(args) < 2 or args[0].type != "identifier" or not ctx.is_testing_value(args[0]):
        return None
    names = _setup_results(_prev_statement(stmt), text(args[1]))
    if not names:
        return None
    used = _used_after(ctx, names, stmt, scope)
    return (call, used) if used is not None and not _guarded(ctx, stmt, names) else None


def _require_fix(ctx: FileContext, call: Node) -> Fix | None:
    fn = call.child_by_field_name("function")
    op = fn.child_by_field_name("operand") if fn is not None else None
    field = fn.child_by_field_name("field") if fn is not None else None
    if op is None or field is None:
        return None
    local = ctx.local_name(_REQUIRE)
    add: tuple[tuple[str, str | None], ...] = ()
    if local is None:
        local = "require"
        if is_shadowed(local, call) or ctx.import_of(_REQUIRE) is not None:
            return None
        add = ((_REQUIRE, None),)
    if local == "." or is_shadowed(local, call):
        return None
    edits = (Edit(op.start_byte, op.end_byte, local),)
    if disturbs_comment_alignment(ctx, edits):
        return None
    return Fix(f"Use {local}.{text(field)}", "safe", edits, add_imports=add, prune_imports=(_ASSERT,))


def _fatal_fix(ctx: FileContext, call: Node) -> Fix | None:
    fn = call.child_by_field_name("function")
    field = fn.child_by_field_name("field") if fn is not None else None
    op = fn.child_by_field_name("operand") if fn is not None else None
    if field is None or op is None:
        return None
    new = _FATAL[text(field)]
    edits = (Edit(field.start_byte, field.end_byte, new),)
    if disturbs_comment_alignment(ctx, edits):
        return None
    return Fix(f"Use {text(op)}.{new}", "safe", edits)


def _failnow_pair(ctx: FileContext, stmt: Node) -> tuple[Node, Node] | None:
    """`t.Errorf(...)` (or `t.Error(...)`) whose next statement is `t.FailNow()` on the same t."""
    call = _call_of(stmt)
    if call is None or not is_testing_call(ctx, call, ("Error", "Errorf")):
        return None
    nxt = next_statement(stmt)
    fail = _call_of(nxt)
    if fail is None or arguments(fail):
        return None
    cn, cn2 = call_name(call), call_name(fail)
    if cn is None or cn2 is None or cn2 != (cn[0], "FailNow"):
        return None
    return call, fail


def _candidates(ctx: FileContext, body: Node) -> list[Node]:
    """The statements a finding can start from, in source order: an `if` whose body has a `x.Error(...)`
    or `x.Errorf(...)` statement, such a statement itself (followed by `x.FailNow()`?), and an
    `assert.NoError`/`assert.Nil` statement.  Read from the call index, not from a walk of the body."""
    found: dict[tuple[int, int], Node] = {}

    def statement_of(call: Node) -> Node | None:
        stmt = call.parent
        if stmt is None or stmt.type != "expression_statement" or stmt.named_children[0] != call:
            return None
        found[(stmt.start_byte, -stmt.end_byte)] = stmt
        return stmt

    assert_local = ctx.local_name(_ASSERT)
    if assert_local is not None and assert_local != ".":
        # `assert.NoError(t, err)`: the check itself (is_package_call) sees to shadowing.
        for call in selector_calls_named(ctx, body, ("NoError", "Nil")):
            fn = call.child_by_field_name("function")
            op = fn.child_by_field_name("operand") if fn is not None else None
            if op is not None and text(op) == assert_local:
                statement_of(call)
    for call in selector_calls_named(ctx, body, ("Error", "Errorf")):
        stmt = statement_of(call)
        if stmt is None:
            continue
        block = stmt.parent
        if block is not None and block.type == "statement_list":
            block = block.parent
        ifs = block.parent if block is not None and block.type == "block" else None
        if ifs is not None and ifs.type == "if_statement" and ifs.child_by_field_name("consequence") == block:
            found[(ifs.start_byte, -ifs.end_byte)] = ifs
    if assert_local == ".":
        for call in ctx.calls(body, _ASSERT, ("NoError", "Nil")):
            statement_of(call)
    return [found[k] for k in sorted(found)]


def _plausible(node: Node) -> bool:
    """The shape a candidate needs before anything asks about its testing value (cheap, and false for
    most): an `if err != nil` right after `v, err := f()`; `x.Error(...)` followed by `x.FailNow()`;
    `assert.NoError(t, err)` right after `v, err := f()`."""
    if node.type == "if_statement":
        return bool(_setup_names(node))
    call = _call_of(node)
    if call is None:
        return False
    cn = call_name(call)
    if cn is not None and cn[1] in _FATAL:
        fail = _call_of(next_statement(node))
        if fail is None or arguments(fail):
            return False
        cn2 = call_name(fail)
        return cn2 is not None and cn2[1] == "FailNow"
    args = arguments(call)
    return len(args) >= 2 and bool(_setup_results(_prev_statement(node), text(args[1])))


@rule(
    code="HAB002",
    name="error-on-setup",
    severity=Severity.WARNING,
    summary="`t.Error` on a setup failure lets the test go on with a broken value.",
    fix="safe",
    needles=(b"Error", b"Nil("),
)
def check(ctx: FileContext, fn: FuncInfo) -> Iterator[Finding]:
    if not in_test_code(ctx, fn) or fn.body is None:
        return
    for node in _candidates(ctx, fn.body):
        if not _plausible(node):
            continue
        binding = ctx.testing_binding(node)
        if (
            binding is None
            or in_goroutine(node, binding.func_node)
            or in_callback(ctx, node, binding.func_node)
        ):
            continue
        scope = binding.func_node.child_by_field_name("body") or binding.func_node
        if node.type == "if_statement":
            hit = _error_in_if(ctx, node, scope)
            if hit is None:
                continue
            call, used, last = hit
            cn = call_name(call)
            if cn is None:
                continue
            fatal = _FATAL[cn[1]]
            msg = (
                f"{cn[0]}.{cn[1]} lets the test go on with {used} from the failed call, so what follows "
                f"fails again or panics and hides the cause; use {cn[0]}.{fatal}"
            )
            fix = _fatal_fix(ctx, call) if _call_of(last) == call else None
            yield check.finding(call.start_byte, call.end_byte, msg, [fix] if fix else [])
            continue
        pair = _failnow_pair(ctx, node)
        if pair is not None:
            call, _ = pair
            cn = call_name(call)
            assert cn is not None
            fatal = _FATAL[cn[1]]
            msg = f"{cn[0]}.{cn[1]} followed by {cn[0]}.FailNow() is {cn[0]}.{fatal}; use it"
            field = call.child_by_field_name("function")
            field = field.child_by_field_name("field") if field is not None else None
            fixes = []
            nxt = next_statement(node)
            if field is not None and nxt is not None:
                edits = (Edit(field.start_byte, field.end_byte, fatal), delete_statement(ctx.src, nxt))
                if not disturbs_comment_alignment(ctx, edits):
                    fixes.append(Fix(f"Use {cn[0]}.{fatal}", "safe", edits))
            yield check.finding(call.start_byte, call.end_byte, msg, fixes)
            continue
        hit2 = _assert_after(ctx, node, scope)
        if hit2 is not None:
            call, used = hit2
            cn = call_name(call)
            assert cn is not None
            msg = (
                f"assert.{cn[1]} lets the test go on with {used} from the failed call, so what follows fails "
                f"again or panics and hides the cause; use require.{cn[1]}"
            )
            fix = _require_fix(ctx, call)
            yield check.finding(call.start_byte, call.end_byte, msg, [fix] if fix else [])
