"""HAB007 print-in-test: `fmt.Print*`, `println` or `log.Print*` in a test instead of `t.Log`.

## What it does
Flags `fmt.Print`, `fmt.Printf`, `fmt.Println`, `log.Print`, `log.Printf`, `log.Println` and the builtin
`println` in test code (tests, benchmarks, fuzz targets, their subtests and helpers).

## Why is this bad?
Printed output goes straight to the process's stdout/stderr: `go test` cannot tell which test wrote it,
shows it even when every test passes, and interleaves it between parallel tests. `t.Log` output is
attributed to its test (with the file and line), indented under it, and shown only with `-v` or when
the test fails, which is when it is useful.

## Example
```go
func TestParse(t *testing.T) {
        got := Parse(input)
        fmt.Printf("got %v\\n", got)
        ...
}
```

## Use instead
```go
func TestParse(t *testing.T) {
        got := Parse(input)
        t.Logf("got %v", got)
        ...
}
```

Not flagged: `Example` functions (their output is the test); prints inside goroutines and callbacks
(a handler, a `t.Cleanup` func, anything that may run after the test returned: `t.Log` after the test
ends panics); `TestMain` (there is no `t`); functions that redirect `os.Stdout`/`os.Stderr` or call
`log.SetOutput` (the print is what they test); `fmt.Sprintf`, `fmt.Fprintf` and other non-printing calls.

## Fix (safe)
`fmt.Println(a, b)`, `fmt.Print(a, b)`, `log.Print*` (no `f`) and `println(a, b)` become `t.Log(a, b)`;
`fmt.Printf(f, ...)`/`log.Printf(f, ...)` become `t.Logf(f, ...)`, dropping the trailing `\\n` of a
literal format (`t.Logf` ends the line itself). Offered only for a print used as a statement or deferred (its
results unused) where the test's `t` is in scope. `fmt` and `log` go when nothing else uses them.
"""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from ..analysis.context import FileContext
from ..analysis.functions import FuncInfo
from ..analysis.scopes import is_shadowed
from ..parsing import arguments, captures, text
from .alignment import disturbs_comment_alignment
from .base import Edit, Finding, Fix, Severity, rule
from .common import in_callback, in_test_code
from .textscan import pkg_calls

_PRINTS = ("Print", "Printf", "Println")
_BUILTIN = """(call_expression function: (identifier) @fn (#eq? @fn "println")) @call"""


def _redirects_output(ctx: FileContext, body: Node) -> bool:
    """The function swaps os.Stdout/os.Stderr or the log package's writer: its prints are the subject."""
    os_name = ctx.local_name("os")
    log_name = ctx.local_name("log")
    for asg in captures("(assignment_statement) @a", body).get("a", []):
        left = asg.child_by_field_name("left")
        if left is None:
            continue
        for target in left.named_children:
            if target.type == "selector_expression" and os_name is not None:
                op = target.child_by_field_name("operand")
                field = target.child_by_field_name("field")
                if text(op) == os_name and text(field) in ("Stdout", "Stderr"):
                    return True
    return log_name is not None and bool(pkg_calls(ctx, body, "log", ("SetOutput", "SetFlags", "SetPrefix")))


def _strip_newline(lit: Node) -> Edit | None:
    """The edit that drops the final `\\n` of an interpreted string literal, if it ends in one."""
    if lit.type != "interpreted_string_literal":
        return None
    s = text(lit)
    if not s.endswith('\\n"'):
        return None
    # `"a\\\\n"` ends in a backslash and an `n`: count the backslashes before the `n`.
    i = len(s) - 3
    n = 0
    while i >= 0 and s[i] == "\\":
        n += 1
        i -= 1
    if n % 2 == 0:
        return None
    return Edit(lit.end_byte - 3, lit.end_byte - 1, "")


def _prints(ctx: FileContext, body: Node) -> Iterator[tuple[Node, str]]:
    """(call, what) for every print call under body: what is "fmt.Printf", "println", ..."""
    for pkg in ("fmt", "log"):
        for call in pkg_calls(ctx, body, pkg, _PRINTS):
            fnode = call.child_by_field_name("function")
            name = text(fnode.child_by_field_name("field")) if fnode is not None else ""
            if fnode is not None and fnode.type == "identifier":
                name = text(fnode)  # dot import
            yield call, f"{pkg}.{name}"
    for call in captures(_BUILTIN, body).get("call", []):
        if not is_shadowed("println", call):
            yield call, "println"


@rule(
    code="HAB007",
    name="print-in-test",
    severity=Severity.INFORMATION,
    summary="`fmt.Print*`, `println` or `log.Print*` in a test instead of `t.Log`.",
    fix="safe",
    # fmt.Print*/log.Print* (also dot-imported: `Println(...)`) and the builtin println.
    needles=(b"Print", b"println"),
)
def check(ctx: FileContext, fn: FuncInfo) -> Iterator[Finding]:
    body = fn.body
    if not in_test_code(ctx, fn) or body is None:
        return
    found = sorted(_prints(ctx, body), key=lambda x: x[0].start_byte)
    if not found or _redirects_output(ctx, body):
        return
    for call, what in found:
        if in_callback(ctx, call, fn.node):
            continue
        binding = ctx.testing_binding(call)
        t = binding.name if binding is not None and binding.ttype in ("T", "B", "F", "TB") else None
        formatted = what.endswith("f")
        repl = "Logf" if formatted else "Log"
        fixes: list[Fix] = []
        stmt = call.parent
        fnode = call.child_by_field_name("function")
        if (
            t is not None
            and fnode is not None
            and stmt is not None
            and stmt.type in ("expression_statement", "defer_statement")
        ):
            edits = [Edit(fnode.start_byte, fnode.end_byte, f"{t}.{repl}")]
            args = arguments(call)
            if formatted and args:
                nl = _strip_newline(args[0])
                if nl is not None:
                    edits.append(nl)
            if not disturbs_comment_alignment(ctx, edits):
                fix = Fix(f"Replace with {t}.{repl}", "safe", tuple(edits), prune_imports=("fmt", "log"))
                fixes.append(fix)
        who = t or "t"
        yield check.finding(
            call.start_byte,
            call.end_byte,
            f"{what} writes to the process output, unattributed and shown even when the test passes; "
            f"use {who}.{repl}, which shows it under the test with -v or on failure",
            fixes,
        )
