"""HAB005 manual-tempdir: `os.MkdirTemp`/`ioutil.TempDir` where `t.TempDir()` cleans up by itself.

## What it does
Flags `os.MkdirTemp("", pattern)` and `ioutil.TempDir("", pattern)` in test code (tests, benchmarks,
fuzz targets, their subtests and helpers taking a `testing.TB`), with or without a `defer os.RemoveAll`.

## Why is this bad?
A directory made by hand is removed only if every path through the test reaches the `RemoveAll`: a
`t.Fatal` before the defer, a panic in a goroutine, or a forgotten defer leaves it behind, and CI machines
fill their `/tmp` with thousands of them.  `t.TempDir()` (Go 1.15) gives each call its own directory,
named after the test, removed when the test and its subtests end, and fails the test if it cannot be.

## Example
```go
func TestWrite(t *testing.T) {
        dir, err := os.MkdirTemp("", "write")
        if err != nil {
                t.Fatal(err)
        }
        defer os.RemoveAll(dir)
        ...
}
```

## Use instead
```go
func TestWrite(t *testing.T) {
        dir := t.TempDir()
        ...
}
```

Not flagged: `TestMain` (there is no `t`); a directory made inside a chosen parent
(`os.MkdirTemp(base, "x")`: `t.TempDir` cannot put it there); a directory for a unix socket (socket paths
are capped near 104 bytes and `t.TempDir`'s path carries the test's name); code that is not test code;
Go < 1.15.

## Fix (safe)
`dir, err := os.MkdirTemp("", "x")` becomes `dir := t.TempDir()`; the error check that follows
(`if err != nil {...}`, `require.NoError(t, err)`...) and the paired `defer os.RemoveAll(dir)` (or
`t.Cleanup` doing it) are dropped.  When later code still assigns `err` with `=`, `var err error` takes
the declaration's place.  `os` and `io/ioutil` imports go when nothing else uses them.  No fix inside
goroutines and callbacks, or where the directory variable changes later.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tree_sitter import Node

from ..analysis.context import FileContext
from ..analysis.functions import FuncInfo
from ..analysis.scopes import declared_names, is_shadowed, param_names
from ..parsing import arguments, call_name, statements, text, walk
from .alignment import disturbs_comment_alignment
from .base import Edit, Finding, Fix, Severity, rule
from .cleanup import stable_name
from .common import (
    FUNC_NODES,
    delete_statement,
    identifier_uses,
    in_callback,
    in_goroutine,
    in_test_code,
    is_err_nil_check,
    next_statement,
    node_edit,
)
from .nodefind import is_package_call
from .textscan import pkg_calls

_TESTIFY = ("github.com/stretchr/testify/require", "github.com/stretchr/testify/assert")


def tempdir_calls(ctx: FileContext, node: Node) -> Iterator[Node]:
    """`os.MkdirTemp("", ...)` / `ioutil.TempDir("", ...)` (or `os.TempDir()` as the parent) under node."""
    found = [*pkg_calls(ctx, node, "os", ("MkdirTemp",)), *pkg_calls(ctx, node, "io/ioutil", ("TempDir",))]
    for call in sorted(found, key=lambda c: c.start_byte):
        args = arguments(call)
        if len(args) != 2:
            continue
        parent = args[0]
        default_parent = text(parent) in ('""', "``") or is_package_call(ctx, parent, "os", ("TempDir",))
        if default_parent:
            yield call


def _single_call_in(node: Node) -> Node | None:
    """The call a statement (or a one-statement function literal) makes: `f(x)`, `_ = f(x)`,
    `require.NoError(t, f(x))`."""
    if node.type == "expression_statement":
        c = node.named_children[0] if node.named_children else None
        return c if c is not None and c.type == "call_expression" else None
    if node.type == "assignment_statement" and text(node.child_by_field_name("left")) == "_":
        right = node.child_by_field_name("right")
        rc = right.named_children if right is not None else []
        return rc[0] if len(rc) == 1 and rc[0].type == "call_expression" else None
    return None


def _removes_dir(ctx: FileContext, call: Node, dirname: str) -> bool:
    """`os.RemoveAll(dir)`, possibly wrapped in `require.NoError(t, ...)` / `assert.NoError(t, ...)`."""
    cn = call_name(call)
    if cn is not None and cn[1] == "NoError":
        args = arguments(call)
        if len(args) >= 2 and args[1].type == "call_expression" and _is_testify(ctx, call):
            call = args[1]
    if not is_package_call(ctx, call, "os", ("RemoveAll", "Remove")):
        return False
    args = arguments(call)
    return len(args) == 1 and text(args[0]) == dirname


def _is_testify(ctx: FileContext, call: Node) -> bool:
    return any(is_package_call(ctx, call, p) for p in _TESTIFY)


def _lit_body_call(lit: Node) -> Node | None:
    stmts = statements(lit.child_by_field_name("body"))
    return _single_call_in(stmts[0]) if len(stmts) == 1 else None


def paired_removeall(ctx: FileContext, dirname: str, scope: Node) -> list[Node]:
    """Statements in `scope` (not inside nested function literals) that only remove the directory
    `dirname`: `defer os.RemoveAll(dir)`, `defer func() { os.RemoveAll(dir) }()`,
    `t.Cleanup(func() { os.RemoveAll(dir) })`.  HAB001 asks this too, so a defer the fix removes is not
    reported twice."""
    out: list[Node] = []
    for stmt in walk(scope, into_func_literals=False):
        if stmt.type == "defer_statement":
            call = next((c for c in stmt.named_children if c.type == "call_expression"), None)
            if call is None:
                continue
            fn = call.child_by_field_name("function")
            if fn is not None and fn.type == "func_literal":
                if arguments(call):
                    continue
                call = _lit_body_call(fn)
            if call is not None and _removes_dir(ctx, call, dirname):
                out.append(stmt)
        elif stmt.type == "expression_statement":
            call = _single_call_in(stmt)
            if call is None:
                continue
            cn = call_name(call)
            args = arguments(call)
            if (
                cn is not None
                and cn[1] == "Cleanup"
                and len(args) == 1
                and args[0].type == "func_literal"
                and (inner := _lit_body_call(args[0])) is not None
                and _removes_dir(ctx, inner, dirname)
            ):
                fnode = call.child_by_field_name("function")
                op = fnode.child_by_field_name("operand") if fnode is not None else None
                if op is not None and ctx.is_testing_value(op):
                    out.append(stmt)
    return out


def _is_err_check(ctx: FileContext, stmt: Node | None, err: str) -> bool:
    """`if err != nil {...}` (no init, no else), `require.NoError(t, err)`, `assert.Nil(t, err)`..."""
    if stmt is None:
        return False
    if stmt.type == "if_statement":
        return (
            stmt.child_by_field_name("initializer") is None
            and stmt.child_by_field_name("alternative") is None
            and is_err_nil_check(stmt.child_by_field_name("condition"), err)
        )
    call = _single_call_in(stmt) if stmt.type == "expression_statement" else None
    if call is None:
        return False
    cn = call_name(call)
    args = arguments(call)
    return (
        cn is not None
        and cn[1] in ("NoError", "Nil")
        and len(args) >= 2
        and text(args[1]) == err
        and _is_testify(ctx, call)
    )


def _needs_err_var(block: Node, after: int, err: str) -> bool | None:
    """Whether code after byte `after` in `block` still refers to the `err` the removed statement
    declared: True (declare it), False (no need), None (the next declaration of `err` in the block would
    then clash with ours: give up)."""
    redecl = next(
        (s for s in block.named_children if s.start_byte >= after and err in declared_names(s)), None
    )
    end = redecl.start_byte if redecl is not None else block.end_byte
    uses = False
    for n in walk(block):
        if not (after <= n.start_byte < end) or n.type != "identifier" or text(n) != err:
            continue
        lhs = n.parent
        decl = lhs.parent if lhs is not None and lhs.type == "expression_list" else None
        if (
            decl is not None
            and decl.type == "short_var_declaration"
            and decl.child_by_field_name("left") == lhs
        ):
            continue
        if is_shadowed(err, n, block):
            continue  # an `if err := ...` header or an inner block's own err
        uses = True
        break
    if not uses:
        return False
    if redecl is not None and set(declared_names(redecl)) == {err}:
        return None
    return True


def _declared_here(name: str, stmt: Node) -> bool:
    """Whether `name` is declared in the block holding `stmt`, before it (a parameter counts when the block
    is the function's body): a `:=` of it there only assigns, and `var name` there would not compile."""
    block = stmt.parent
    if block is None:
        return False
    for s in block.named_children:
        if s.start_byte >= stmt.start_byte:
            break
        if name in declared_names(s):
            return True
    body = block.parent if block.type == "statement_list" else block
    fn = body.parent if body is not None else None
    return fn is not None and fn.type in FUNC_NODES and name in param_names(fn)


def _fix(ctx: FileContext, call: Node, tname: str, scope: Node) -> tuple[Fix, list[Node]] | None:
    parent = call.parent
    if parent is None or parent.type != "expression_list" or len(parent.named_children) != 1:
        return None
    stmt = parent.parent
    if stmt is None or stmt.type not in ("short_var_declaration", "assignment_statement"):
        return None
    if stmt.parent is None or stmt.parent.type not in ("statement_list", "block"):
        return None  # an if/for/switch header
    left = stmt.child_by_field_name("left")
    lhs = [c for c in (left.named_children if left is not None else []) if c.type != "comment"]
    if len(lhs) != 2:
        return None
    target, err = lhs
    repl_target = text(target)
    src = ctx.src
    edits: list[Edit] = []
    declare = stmt.type == "short_var_declaration"
    if declare:
        if target.type != "identifier" or repl_target == "_":
            return None
        if _declared_here(repl_target, stmt):
            declare = False  # `dir` existed already: the := only assigned it
    block = stmt.parent
    var_err = ""
    err_name = text(err)
    check = next_statement(stmt)
    if err_name != "_" and _is_err_check(ctx, check, err_name) and check is not None:
        edits.append(delete_statement(src, check))
        after = check.end_byte
    else:
        after = stmt.end_byte
    if err_name != "_" and stmt.type == "short_var_declaration" and not _declared_here(err_name, stmt):
        need = _needs_err_var(block, after, err_name)
        if need is None:
            return None
        if need:
            var_err = f"var {err_name} error\n"
    elif err_name != "_" and stmt.type == "assignment_statement" and after == stmt.end_byte:
        return None  # `dir, err = ...` and err read later: keep the original
    op = ":=" if declare else "="
    indent = src[src.rfind(b"\n", 0, stmt.start_byte) + 1 : stmt.start_byte].decode()
    new = f"{repl_target} {op} {tname}.TempDir()"
    if var_err:
        new = f"{var_err}{indent}{new}"
    edits.append(node_edit(stmt, new))
    removed: list[Node] = []
    if target.type == "identifier" and stable_name(ctx, repl_target, stmt):
        for d in paired_removeall(ctx, repl_target, scope):
            if d.start_byte > stmt.end_byte:
                edits.append(delete_statement(src, d))
                removed.append(d)
    if declare and not any(
        not any(d.start_byte <= u.start_byte < d.end_byte for d in removed)
        for u in identifier_uses(block, repl_target, stmt.end_byte)
    ):
        return None  # only the removal used it: `dir := t.TempDir()` alone would not compile
    if disturbs_comment_alignment(ctx, edits):
        return None
    fix = Fix(f"Use {tname}.TempDir()", "safe", tuple(edits), prune_imports=("os", "io/ioutil"))
    return fix, removed


def _fixable(ctx: FileContext, call: Node) -> tuple[str, tuple[Fix, list[Node]] | None] | None:
    """For a flagged call: the testing value's name and the fix with the statements it removes."""
    binding = ctx.testing_binding(call)
    if binding is None:
        return None
    if in_goroutine(call, binding.func_node) or in_callback(ctx, call, binding.func_node):
        return binding.name, None
    scope = binding.func_node.child_by_field_name("body") or binding.func_node
    return binding.name, _fix(ctx, call, binding.name, scope)


_SOCKET = re.compile(rb'"unix(gram|packet)?"|\.sock\b|sock"')


def _holds_socket(ctx: FileContext, call: Node) -> bool:
    """Whether the directory is for a unix socket: socket paths are capped near 104 bytes, and t.TempDir's
    path (named after the test) can exceed that, so a short os.MkdirTemp path is deliberate there."""
    binding = ctx.testing_binding(call)
    scope = binding.func_node if binding is not None else call
    return _SOCKET.search(ctx.src[scope.start_byte : scope.end_byte]) is not None


def removed_statements(ctx: FileContext, fn: FuncInfo) -> set[int]:
    """Start bytes of the `defer os.RemoveAll(dir)` statements HAB005's fixes in `fn` drop: HAB001 does
    not report those."""
    out: set[int] = set()
    if not in_test_code(ctx, fn) or fn.body is None or not ctx.go_at_least(15):
        return out
    for call in tempdir_calls(ctx, fn.node):
        r = _fixable(ctx, call)
        if r is not None and r[1] is not None and not _holds_socket(ctx, call):
            out.update(d.start_byte for d in r[1][1])
    return out


@rule(
    code="HAB005",
    name="manual-tempdir",
    severity=Severity.INFORMATION,
    summary="`os.MkdirTemp`/`ioutil.TempDir` where `t.TempDir()` cleans up by itself.",
    fix="safe",
    needles=(b"MkdirTemp", b"TempDir"),
)
def check(ctx: FileContext, fn: FuncInfo) -> Iterator[Finding]:
    if not in_test_code(ctx, fn) or fn.body is None or not ctx.go_at_least(15):
        return
    for call in tempdir_calls(ctx, fn.node):
        r = _fixable(ctx, call)
        if r is None or _holds_socket(ctx, call):
            continue
        tname, fixed = r
        cn = call_name(call)
        what = "os.MkdirTemp" if cn is not None and cn[1] == "MkdirTemp" else "ioutil.TempDir"
        msg = (
            f"{what} leaves the directory behind whenever the test stops before removing it; "
            f"use {tname}.TempDir(), which is removed when the test ends"
        )
        yield check.finding(call.start_byte, call.end_byte, msg, [fixed[0]] if fixed else [])
