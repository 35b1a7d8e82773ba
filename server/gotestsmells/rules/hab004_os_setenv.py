"""HAB004 os-setenv: `os.Setenv` in a test leaks the variable into every later test.

## What it does
Flags `os.Setenv(key, value)` in test code (tests, benchmarks, fuzz targets, their subtests and helpers)
when the module's Go version is 1.17 or newer.

## Why is this bad?
The process environment is shared by every test in the package. A variable set with `os.Setenv` stays set
after the test ends, so the next test (or the same test under `-count=2`) runs in a different environment
than it does alone: the kind of failure that only shows up in CI, in a different order. `t.Setenv` restores
the previous value when the test ends, and panics if the test is parallel, which would be a data race.

## Example
```go
func TestConfig(t *testing.T) {
        os.Setenv("APP_ENV", "test")
        defer os.Unsetenv("APP_ENV")
        ...
}
```

## Use instead
```go
func TestConfig(t *testing.T) {
        t.Setenv("APP_ENV", "test")
        ...
}
```

Not flagged: `TestMain` (there is no `t`), parallel tests (CON006 reports those: `t.Setenv` would panic),
and `os.Setenv` inside a `defer` or `t.Cleanup` (that is restoring, not setting).

## Fix (safe)
`os.Setenv(k, v)` becomes `t.Setenv(k, v)`; a paired `defer os.Unsetenv(k)` is dropped;
`if err := os.Setenv(k, v); err != nil {...}`, `require.NoError(t, os.Setenv(k, v))` and `_ = os.Setenv(k, v)`
become `t.Setenv(k, v)`. The `os` import goes when nothing else uses it. No fix inside goroutines.
"""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from ..analysis.context import FileContext
from ..analysis.functions import FuncInfo
from ..parsing import arguments, call_name, captures, text
from .base import Edit, Finding, Fix, Severity, rule
from .cleanup import defer_statements
from .common import (
    delete_statement,
    in_goroutine,
    in_test_code,
    is_err_nil_check,
    next_statement,
    node_edit,
    runs_parallel,
)
from .nodefind import is_package_call
from .textscan import pkg_calls


def _in_restoring_position(ctx: FileContext, call: Node, stop: Node) -> bool:
    """Inside a defer statement or a t.Cleanup function: restoring the environment."""
    cur = call.parent
    while cur is not None and cur != stop:
        if cur.type == "defer_statement":
            return True
        if cur.type == "func_literal":
            args = cur.parent
            if args is not None and args.type == "argument_list" and args.parent is not None:
                cn = call_name(args.parent)
                if cn is not None and cn[1] == "Cleanup":
                    return True
        cur = cur.parent
    return False


def paired_unsetenv(ctx: FileContext, setenv: Node, key: str, scope: Node) -> list[Node]:
    """`defer os.Unsetenv(key)` statements (or `defer func() { os.Unsetenv(key) }()`) in `scope` that undo
    this Setenv.  HAB001 asks this too, so a defer the fix removes is not reported twice."""
    out = []
    for d in defer_statements(ctx, scope):
        call = next((c for c in d.named_children if c.type == "call_expression"), None)
        if call is None:
            continue
        fn = call.child_by_field_name("function")
        inner: Node | None = call
        if fn is not None and fn.type == "func_literal":
            body = fn.child_by_field_name("body")
            stmts = [s for s in (body.named_children if body else []) if s.type != "comment"]
            if len(stmts) == 1 and stmts[0].type == "statement_list":
                stmts = [s for s in stmts[0].named_children if s.type != "comment"]
            inner = None
            if len(stmts) == 1 and stmts[0].type == "expression_statement":
                c = stmts[0].named_children[0] if stmts[0].named_children else None
                inner = c if c is not None and c.type == "call_expression" else None
        if inner is None:
            continue
        if not is_package_call(ctx, inner, "os", ("Unsetenv",)):
            continue
        args = arguments(inner)
        if len(args) == 1 and text(args[0]) == key:
            out.append(d)
    return out


def _statement_rewrite(ctx: FileContext, call: Node, repl: str) -> list[Edit] | None:
    """Edits that turn the statement holding the Setenv call into `repl` (`t.Setenv(k, v)`), or None
    when the call's error result is used in a way we cannot drop."""
    parent = call.parent
    if parent is None:
        return None
    src = ctx.src
    if parent.type == "expression_statement":
        return [node_edit(call, repl)]
    # _ = os.Setenv(k, v)
    if parent.type == "expression_list" and parent.parent is not None:
        stmt = parent.parent
        left = stmt.child_by_field_name("left")
        if stmt.type == "assignment_statement" and text(left) == "_" and len(parent.named_children) == 1:
            return [node_edit(stmt, repl)]
        # if err := os.Setenv(k, v); err != nil { ... }   (no else)
        if (
            stmt.type == "short_var_declaration"
            and stmt.parent is not None
            and stmt.parent.type == "if_statement"
        ):
            ifs = stmt.parent
            if (
                ifs.child_by_field_name("initializer") == stmt
                and ifs.child_by_field_name("alternative") is None
                and left is not None
                and len(left.named_children) == 1
                and is_err_nil_check(ifs.child_by_field_name("condition"), text(left))
            ):
                return [node_edit(ifs, repl)]
        # err := os.Setenv(k, v)  followed by  if err != nil { ... }  and err not used again.
        if (
            stmt.type in ("short_var_declaration", "assignment_statement")
            and left is not None
            and len(left.named_children) == 1
        ):
            name = text(left)
            nxt = next_statement(stmt)
            if (
                nxt is not None
                and nxt.type == "if_statement"
                and nxt.child_by_field_name("initializer") is None
                and nxt.child_by_field_name("alternative") is None
                and is_err_nil_check(nxt.child_by_field_name("condition"), name)
            ):
                block = stmt.parent
                uses_after = (
                    [
                        n
                        for n in captures("(identifier) @id", block).get("id", [])
                        if text(n) == name and n.start_byte >= nxt.end_byte
                    ]
                    if block is not None
                    else [1]
                )
                if not uses_after and stmt.type == "short_var_declaration":
                    return [node_edit(stmt, repl), delete_statement(src, nxt)]
        return None
    # require.NoError(t, os.Setenv(k, v)) / assert.NoError(...)
    if parent.type == "argument_list" and parent.parent is not None:
        outer = parent.parent
        cn = call_name(outer)
        up = outer.parent
        if (
            cn is not None
            and cn[1] in ("NoError", "Nil")
            and len(arguments(outer)) >= 2
            and arguments(outer)[1] == call
            and up is not None
            and up.type == "expression_statement"
            and (
                is_package_call(ctx, outer, "github.com/stretchr/testify/require")
                or is_package_call(ctx, outer, "github.com/stretchr/testify/assert")
            )
        ):
            return [node_edit(up, repl)]
    return None


@rule(
    code="HAB004",
    name="os-setenv",
    severity=Severity.WARNING,
    summary="`os.Setenv` in a test leaks the variable into every later test.",
    fix="safe",
    needles=(b"Setenv",),
)
def check(ctx: FileContext, fn: FuncInfo) -> Iterator[Finding]:
    if not in_test_code(ctx, fn) or not ctx.go_at_least(17) or fn.body is None:
        return
    for call in pkg_calls(ctx, fn.node, "os", ("Setenv",)):
        if _in_restoring_position(ctx, call, fn.node):
            continue
        binding = ctx.testing_binding(call)
        if binding is not None and runs_parallel(ctx, call):
            continue  # CON006
        args = arguments(call)
        key = text(args[0]) if args else ""
        what = key if key.startswith('"') else "the variable"
        msg = (
            f"os.Setenv leaves {what} set for every test that runs after this one; "
            f"use t.Setenv, which restores it when the test ends"
        )
        fixes: list[Fix] = []
        if binding is not None and len(args) == 2 and not in_goroutine(call, binding.func_node):
            repl = f"{binding.name}.Setenv({text(args[0])}, {text(args[1])})"
            edits = _statement_rewrite(ctx, call, repl)
            if edits is not None:
                scope = binding.func_node.child_by_field_name("body") or binding.func_node
                for d in paired_unsetenv(ctx, call, key, scope):
                    edits.append(delete_statement(ctx.src, d))
                fixes.append(
                    Fix(f"Replace with {binding.name}.Setenv", "safe", tuple(edits), prune_imports=("os",))
                )
        yield check.finding(call.start_byte, call.end_byte, msg, fixes)
