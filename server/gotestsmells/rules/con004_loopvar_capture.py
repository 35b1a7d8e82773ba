"""CON004 loopvar-capture: Before Go 1.22: a range variable captured by a parallel subtest or goroutine.

## What it does
In modules (or files) whose Go version is below 1.22, flags a range variable (`for _, tt := range tests`)
used inside a `t.Run` closure that calls `t.Parallel()` (after the `t.Parallel()` call), or inside a `go`
func literal, when the loop does not copy it first.

## Why is this bad?
Before Go 1.22 a `for ... range` loop has one variable for all its iterations. A parallel subtest pauses
at `t.Parallel()` and resumes after the loop has finished; a goroutine may start after the loop has moved
on. Both then read the variable's final value: every parallel case runs the last row of the table (and
the test passes without testing the others), every goroutine works on the last element.

## Example
```go
for _, tt := range tests {
        t.Run(tt.name, func(t *testing.T) {
                t.Parallel()
                if got := f(tt.in); got != tt.want { ... }
        })
}
```

## Use instead
```go
for _, tt := range tests {
        tt := tt
        t.Run(tt.name, func(t *testing.T) {
                t.Parallel()
                ...
        })
}
```

Not flagged: Go 1.22 and newer (each iteration has its own variable; HAB012 flags the copy there); loops
that copy the variable (`tt := tt`) or pass it as an argument (`go func(tt T) {...}(tt)`); uses before
`t.Parallel()` (they run while the loop waits); closures of subtests that do not call `t.Parallel()`
(`t.Run` waits for them).

## Fix (safe)
Insert `tt := tt` as the first statement of the loop body.
"""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from ..analysis.context import FileContext
from ..analysis.functions import FuncInfo
from ..analysis.scopes import is_shadowed
from ..parsing import call_name, captures, text
from .alignment import disturbs_comment_alignment
from .base import Edit, Finding, Fix, Severity, rule
from .common import in_test_code, indent_of, literal_between
from .concurrency import (
    closure_binding,
    following_statements,
    go_literal,
    go_statements,
    goroutine_signals,
    identifiers,
    parallel_call,
    subtest_closure,
    waits_for,
)
from .textscan import has_any_word, has_word


def _range_vars(for_stmt: Node) -> list[str]:
    rc = next((c for c in for_stmt.named_children if c.type == "range_clause"), None)
    if rc is None or not any(ch.type == ":=" for ch in rc.children):
        return []
    left = rc.child_by_field_name("left")
    if left is None:
        return []
    return [text(c) for c in left.named_children if c.type == "identifier" and text(c) != "_"]


def _captures(lit: Node, names: list[str], for_stmt: Node, after: int) -> dict[str, Node]:
    """The first use, at or after byte `after`, of each loop variable that the literal reads from the
    loop itself (not from a copy or a parameter of its own)."""
    out: dict[str, Node] = {}
    for i in identifiers(lit):
        name = text(i)
        if name not in names or name in out or i.start_byte < after:
            continue
        if is_shadowed(name, i, for_stmt):
            continue
        out[name] = i
    return out


def _copy_fix(ctx: FileContext, for_stmt: Node, name: str) -> Fix | None:
    body = for_stmt.child_by_field_name("body")
    if body is None:
        return None
    src = ctx.src
    nl = src.find(b"\n", body.start_byte)
    # Only when the body opens a line of its own: `{` then a newline (or a comment).
    rest = src[body.start_byte + 1 : nl].strip() if nl >= 0 else b"x"
    if nl < 0 or nl >= body.end_byte or (rest and not rest.startswith(b"//")):
        return None
    indent = indent_of(src, for_stmt) + "\t"
    edit = Edit(nl + 1, nl + 1, f"{indent}{name} := {name}\n")
    if disturbs_comment_alignment(ctx, [edit]):
        return None
    return Fix(f"Copy the loop variable: {name} := {name}", "safe", (edit,))


@rule(
    code="CON004",
    name="loopvar-capture",
    severity=Severity.ERROR,
    summary="Before Go 1.22: a range variable captured by a parallel subtest or goroutine without a copy.",
    fix="safe",
)
def check(ctx: FileContext, fn: FuncInfo) -> Iterator[Finding]:
    if ctx.go_at_least(22) or not in_test_code(ctx, fn) or fn.body is None:
        return
    # A range loop whose body starts a goroutine or a parallel subtest: none without these words.
    start, end = fn.body.start_byte, fn.body.end_byte
    if not has_word(ctx.src, b"range", start, end) or not has_any_word(
        ctx.src, (b"go", b"Parallel"), start, end
    ):
        return
    for for_stmt in captures("(for_statement) @f", fn.body).get("f", []):
        names = _range_vars(for_stmt)
        body = for_stmt.child_by_field_name("body")
        if not names or body is None:
            continue
        found: list[tuple[Node, str, str]] = []  # (use, name, what)
        for g in go_statements(body, ctx.src):
            lit = go_literal(g)
            if lit is None or literal_between(g, for_stmt):
                # Inside a subtest or callback the loop waits for, the goroutine usually ends with it.
                continue
            # Joined before the iteration ends (`wg.Wait()`, `<-done` after it): no later element to see.
            if waits_for(following_statements(g, body), goroutine_signals(g), skip=lit):
                continue
            for name, use in _captures(lit, names, for_stmt, 0).items():
                found.append((use, name, "goroutine"))
        for call in captures("(call_expression) @c", body).get("c", []):
            cn = call_name(call)
            if cn is None or cn[1] != "Run":
                continue
            lit = subtest_closure(ctx, call)
            b = closure_binding(ctx, lit) if lit is not None else None
            par = parallel_call(b) if b is not None else None
            if lit is None or par is None:
                continue
            for name, use in _captures(lit, names, for_stmt, par.end_byte).items():
                found.append((use, name, "parallel subtest"))
        seen: set[int] = set()
        for use, name, what in sorted(found, key=lambda f: f[0].start_byte):
            if use.start_byte in seen:
                continue  # the same use inside nested parallel subtests
            seen.add(use.start_byte)
            fix = _copy_fix(ctx, for_stmt, name)
            yield check.finding(
                use.start_byte,
                use.end_byte,
                f"before Go 1.22 every iteration shares `{name}`: this {what} runs after the loop has moved "
                f"on and sees a later element (usually the last); copy it first with `{name} := {name}`",
                [fix] if fix else [],
            )
