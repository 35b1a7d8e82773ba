"""HAB014 defer-in-testmain: `defer` in a `TestMain` that ends in `os.Exit`: the deferred calls never run.

## What it does
Flags every `defer` statement of a `TestMain(m *testing.M)` whose last statement is `os.Exit(...)`.

## Why is this bad?
`os.Exit` ends the process on the spot: deferred calls do not run. The container, the temporary
directory, the database the `defer` was meant to tear down are left behind on every run, and a deferred
`goleak.VerifyNone` or coverage flush never checks anything. Since Go 1.15 `TestMain` may simply return:
the test binary then exits with the code `m.Run()` returned, after the deferred calls have run.

## Example
```go
func TestMain(m *testing.M) {
        db := startDatabase()
        defer db.Stop()
        os.Exit(m.Run())
}
```

## Use instead
```go
func TestMain(m *testing.M) {
        db := startDatabase()
        defer db.Stop()
        m.Run()
}
```

Not flagged: a `TestMain` that does not end in `os.Exit`; defers inside function literals (they run when
the literal returns); a `defer` in a nested block that itself returns (it runs on that path).
HAB001 does not also report the same `defer`.

## Fix (safe, Go >= 1.15)
`os.Exit(m.Run())` becomes `m.Run()`. With `code := m.Run()` ... `os.Exit(code)` the `os.Exit(code)` goes
(and `code := ` too when nothing else reads `code`), offered only when `code` is never assigned again, so
the exit code is provably `m.Run()`'s. The `os` import goes when nothing else uses it. Before Go 1.15
there is no fix: move the body into a function that returns the exit code.
"""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from ..analysis.context import FileContext
from ..analysis.functions import FuncInfo
from ..analysis.scopes import declared_names
from ..parsing import arguments, call_name, statements, text, walk
from .alignment import disturbs_comment_alignment
from .base import Edit, Finding, Fix, Related, Severity, rule
from .common import delete_statement, node_edit
from .nodefind import is_package_call


def _final_exit(ctx: FileContext, body: Node) -> tuple[Node, Node] | None:
    """The last statement of the body and its `os.Exit(arg)` call, when that is how the body ends."""
    stmts = statements(body)
    if not stmts or stmts[-1].type != "expression_statement" or not stmts[-1].named_children:
        return None
    call = stmts[-1].named_children[0]
    if call.type != "call_expression" or len(arguments(call)) != 1:
        return None
    if not is_package_call(ctx, call, "os", ("Exit",)):
        return None
    return stmts[-1], call


def _is_m_run(node: Node, m: str) -> bool:
    return node.type == "call_expression" and call_name(node) == (m, "Run") and not arguments(node)


def _own_nodes(body: Node) -> Iterator[Node]:
    """Nodes of the body outside function literals."""
    return (n for n in walk(body, into_func_literals=False) if n.type != "func_literal")


def _runs_on_a_return(defer: Node, body: Node) -> bool:
    """A defer inside a nested block that holds a `return`: on that path the defer does run."""
    cur = defer.parent
    while cur is not None and cur != body:
        if cur.type == "block" and any(n.type == "return_statement" for n in _own_nodes(cur)):
            return True
        cur = cur.parent
    return False


def _is_plain_read(ident: Node) -> bool:
    """Whether an identifier only reads its variable: not declared, assigned, stepped or addressed there."""
    p = ident.parent
    if p is None:
        return False
    if p.type in ("parameter_declaration", "variadic_parameter_declaration", "var_spec", "const_spec"):
        return False
    if p.type in ("inc_statement", "dec_statement"):
        return False
    if p.type == "unary_expression" and text(p.child_by_field_name("operator")) == "&":
        return False
    if p.type == "expression_list" and p.parent is not None:
        gp = p.parent
        if gp.type in (
            "short_var_declaration",
            "assignment_statement",
            "range_clause",
            "receive_statement",
        ) and p == gp.child_by_field_name("left"):
            return False
        if gp.type == "type_switch_statement" and p == gp.child_by_field_name("alias"):
            return False
    return True


def _fix_edits(ctx: FileContext, body: Node, exit_stmt: Node, exit_call: Node, m: str) -> list[Edit] | None:
    """`os.Exit(m.Run())` -> `m.Run()`; `code := m.Run() ... os.Exit(code)` -> drop the exit when `code`
    is provably still m.Run's result (declared once, never written).  None when we cannot prove it."""
    arg = arguments(exit_call)[0]
    if _is_m_run(arg, m):
        return [node_edit(exit_call, text(arg))]
    if arg.type != "identifier":
        return None
    name = text(arg)
    decl = next((s for s in statements(body) if name in declared_names(s)), None)
    if decl is None or decl.type != "short_var_declaration":
        return None
    left = decl.child_by_field_name("left")
    right = decl.child_by_field_name("right")
    if (
        left is None
        or right is None
        or len(left.named_children) != 1
        or len(right.named_children) != 1
        or not _is_m_run(right.named_children[0], m)
    ):
        return None
    declared = left.named_children[0]
    others = [
        n for n in walk(body) if n.type == "identifier" and text(n) == name and n not in (arg, declared)
    ]
    if not all(_is_plain_read(n) for n in others):
        return None
    edits = [delete_statement(ctx.src, exit_stmt)]
    if not others:
        # Nothing else reads the code: `code := m.Run()` becomes `m.Run()` (an unused `code` would not
        # compile).
        edits.append(Edit(decl.start_byte, right.start_byte, ""))
    return edits


@rule(
    code="HAB014",
    name="defer-in-testmain",
    severity=Severity.WARNING,
    summary="`defer` in a `TestMain` that ends in `os.Exit`: the deferred calls never run.",
    fix="safe",
    supersedes=("HAB001",),
    # Only a function named TestMain is a TestMain.
    needles=(b"TestMain",),
)
def check(ctx: FileContext, fn: FuncInfo) -> Iterator[Finding]:
    body = fn.body
    if fn.kind != "testmain" or body is None:
        return
    end = _final_exit(ctx, body)
    if end is None:
        return
    exit_stmt, exit_call = end
    defers = [n for n in _own_nodes(body) if n.type == "defer_statement"]
    defers = [d for d in defers if not _runs_on_a_return(d, body)]
    if not defers:
        return
    fixes: list[Fix] = []
    m = fn.tparam
    if ctx.go_at_least(15) and m is not None:
        edits = _fix_edits(ctx, body, exit_stmt, exit_call, m)
        if edits is not None and not disturbs_comment_alignment(ctx, edits):
            title = "Let TestMain return instead of calling os.Exit"
            fixes.append(Fix(title, "safe", tuple(edits), prune_imports=("os",)))
    exit_text = text(exit_call)
    hint = "let TestMain return instead (since Go 1.15 the test binary exits with m.Run's code)"
    if not ctx.go_at_least(15):
        hint = "move the setup and m.Run into a function that returns the exit code"
    for d in defers:
        yield check.finding(
            d.start_byte,
            d.end_byte,
            f"{exit_text} ends the process before this deferred call runs, so the teardown never "
            f"happens; {hint}",
            fixes,
            related=(Related(exit_call.start_byte, exit_call.end_byte, "the process exits here"),),
        )
