"""CON006 parallel-process-state: Environment or working-directory changes in a parallel test.

## What it does
Flags `t.Setenv` and `t.Chdir` in a test that calls `t.Parallel()` (itself or through an enclosing test),
and `os.Setenv` and `os.Chdir` in such a parallel test.

## Why is this bad?
Environment variables and the working directory belong to the whole process, and parallel tests share the
process. `t.Setenv` and `t.Chdir` know it: they panic in a test that is parallel or has a parallel parent
(`testing: test using t.Setenv or t.Chdir can not use t.Parallel`), so the test fails every time.
`os.Setenv` and `os.Chdir` do not check: they change the state under every test running at the same time
(a data race on the environment, files written to the wrong directory), and the failures come and go with
the scheduling.

## Example
```go
func TestConfig(t *testing.T) {
        t.Parallel()
        t.Setenv("APP_ENV", "test")
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
or pass the value to the code under test instead of reading the environment.

Not flagged: the same calls in tests that are not parallel; `os.Setenv`/`os.Chdir` inside a `defer` or a
`t.Cleanup` function (restoring what the test changed: the change itself is reported).

## Fix (refactor)
Remove the `t.Parallel()` calls that make the test parallel (in the test itself and in the tests around
it): the test then runs alone, as the process state it changes requires.
"""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from ..analysis.context import Binding, FileContext
from ..analysis.functions import FuncInfo
from ..parsing import call_name, text
from .alignment import disturbs_comment_alignment
from .base import Finding, Fix, Severity, rule
from .common import binding_chain, in_test_code
from .concurrency import delete_statement_tidy, parallel_call
from .textscan import pkg_calls, testing_calls


def _restoring(call: Node, stop: Node) -> bool:
    """Inside a `defer` or a `t.Cleanup(func() {...})`: putting back what the test changed."""
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


def _parallel_calls(ctx: FileContext, node: Node) -> list[tuple[Binding, Node]]:
    """The `t.Parallel()` calls of the test around `node` and of the tests enclosing it."""
    out = []
    for b in binding_chain(ctx, node):
        par = parallel_call(b)
        if par is not None:
            out.append((b, par))
    return out


def _fix(ctx: FileContext, pars: list[tuple[Binding, Node]]) -> Fix | None:
    edits = []
    for _b, par in pars:
        stmt = par.parent
        if stmt is None or stmt.type != "expression_statement":
            return None
        edits.append(delete_statement_tidy(ctx.src, stmt))
    if disturbs_comment_alignment(ctx, edits):
        return None
    names = sorted({f"{b.name}.Parallel()" for b, _ in pars})
    return Fix(f"Remove {' and '.join(names)}", "refactor", tuple(edits))


@rule(
    code="CON006",
    name="parallel-process-state",
    severity=Severity.ERROR,
    summary="Environment or working-directory changes in a parallel test.",
    fix="refactor",
    needles=(b"Setenv", b"Chdir"),
)
def check(ctx: FileContext, fn: FuncInfo) -> Iterator[Finding]:
    if not in_test_code(ctx, fn) or fn.body is None:
        return
    found: list[tuple[Node, str, list[tuple[Binding, Node]]]] = []
    for call in testing_calls(ctx, fn.body, ("Setenv", "Chdir")):
        fsel = call.child_by_field_name("function")
        op = fsel.child_by_field_name("operand") if fsel is not None else None
        if op is None:
            continue
        pars = _parallel_calls(ctx, op)
        if not pars or fsel is None:
            continue
        what = f"{text(op)}.{text(fsel.child_by_field_name('field'))}"
        msg = (
            f"{what} panics in a parallel test (it or a test around it calls t.Parallel()): the test fails "
            f"every time; remove t.Parallel()"
        )
        found.append((call, msg, pars))
    for call in pkg_calls(ctx, fn.body, "os", ("Setenv", "Chdir")):
        if _restoring(call, fn.node):
            continue
        pars = _parallel_calls(ctx, call)
        if not pars:
            continue
        cn = call_name(call)
        name = cn[1] if cn is not None else "Setenv"
        state = "environment" if name == "Setenv" else "working directory"
        then = "t.Setenv" if name == "Setenv" else "t.Chdir"
        msg = (
            f"os.{name} in a parallel test changes the {state} of every test running at the same time "
            f"(a data race); remove t.Parallel() and use {then}"
        )
        found.append((call, msg, pars))
    for call, msg, pars in sorted(found, key=lambda f: f[0].start_byte):
        fix = _fix(ctx, pars)
        yield check.finding(call.start_byte, call.end_byte, msg, [fix] if fix else [])
