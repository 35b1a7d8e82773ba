"""CON003 unguarded-stress: A stress or soak test with no `testing.Short()` guard.

## What it does
Flags a test named `*Stress*` or `*Soak*`, or one with a loop of 100 or more iterations (a literal bound:
`for i := 0; i < 1000; i++`, `for range 500`) that starts goroutines or subtests, when the test does not
skip itself in short mode.

## Why is this bad?
Stress tests are slow by design and, under the load of a CI machine running many packages at once, they
are the first to hit timeouts. `go test -short` is the standard way to ask for the fast suite (editors and
pre-commit hooks use it); a stress test that ignores it makes the fast suite slow and flaky for everyone.

## Example
```go
func TestCacheStress(t *testing.T) {
        for i := 0; i < 1000; i++ {
                go hammer(cache)
        }
        ...
}
```

## Use instead
```go
func TestCacheStress(t *testing.T) {
        if testing.Short() {
                t.Skip("skipping stress test in short mode")
        }
        ...
}
```

Not flagged: tests that already check `testing.Short()` (directly or through a helper whose name says
so, like `skipIfShort(t)`) or skip themselves on a condition of their own (an environment variable, a
flag); files whose build constraint keeps them out of a plain `go test` (a custom tag such as
`integration` or `stress`); benchmarks and fuzz targets.

## Fix (safe)
Insert `if testing.Short() { t.Skip("...") }` as the first statement of the test.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tree_sitter import Node

from ..analysis.context import FileContext
from ..analysis.functions import FuncInfo
from ..parsing import arguments, call_name, captures, statements, text, walk
from .alignment import disturbs_comment_alignment
from .base import Edit, Finding, Fix, Severity, rule
from .common import is_subtest_closure
from .nodefind import is_testing_call
from .textscan import has_any_word, has_word, keyword_nodes, pkg_calls

_NAME = re.compile(r"Stress|Soak|_stress|_soak|stress_|soak_")
_MIN_ITERATIONS = 100
# Helpers that skip a test on the mode it runs in: skipIfShort(t), testutil.SkipIfShort(t), SkipUnlessLong...
_GUARD_HELPER = re.compile(r"(?i)short|skip|long|slow|stress|soak|integration|flaky")
# What a stress loop is written with: `for`, and `go`, a `.Go(...)` call or a `t.Run` (whole words).
_CONCURRENCY = (b"go", b"Go", b"Run")


def _int(node: Node | None) -> int | None:
    if node is None or node.type != "int_literal":
        return None
    try:
        return int(text(node).replace("_", ""), 0)
    except ValueError:
        return None


def _iterations(loop: Node) -> int | None:
    """How many times a loop with literal bounds runs; None when the bound is not a literal."""
    rc = next((c for c in loop.named_children if c.type == "range_clause"), None)
    if rc is not None:
        return _int(rc.child_by_field_name("right"))  # for range 1000
    fc = next((c for c in loop.named_children if c.type == "for_clause"), None)
    if fc is None:
        return None
    cond = fc.child_by_field_name("condition")
    if cond is None or cond.type != "binary_expression":
        return None
    left, right = cond.child_by_field_name("left"), cond.child_by_field_name("right")
    op = text(cond.child_by_field_name("operator"))
    bound = _int(right) if left is not None and left.type == "identifier" else None
    if bound is None or op not in ("<", "<=", "!="):
        return None
    start = 0
    init = fc.child_by_field_name("initializer")
    if init is not None and init.type in ("short_var_declaration", "assignment_statement"):
        r = init.child_by_field_name("right")
        vals = r.named_children if r is not None else []
        if len(vals) == 1:
            v = _int(vals[0])
            if v is None:
                return None
            start = v
    return bound - start + (1 if op == "<=" else 0)


def _starts_concurrency(ctx: FileContext, body: Node) -> bool:
    """A goroutine (`go`, `wg.Go(...)`, errgroup's `g.Go(...)`) or a subtest started in the loop body."""
    for n in walk(body):
        if n.type == "go_statement":
            return True
        if n.type == "func_literal" and is_subtest_closure(ctx, n):
            return True
        if n.type == "call_expression":
            cn = call_name(n)
            if cn is not None and cn[0] and cn[1] == "Go":
                return True
    return False


def _stress_loop(ctx: FileContext, body: Node) -> Node | None:
    for loop in keyword_nodes(ctx.src, body, "for", "for_statement"):
        n = _iterations(loop)
        lbody = loop.child_by_field_name("body")
        if n is not None and n >= _MIN_ITERATIONS and lbody is not None and _starts_concurrency(ctx, lbody):
            return loop
    return None


def _is_skip(ctx: FileContext, call: Node) -> bool:
    return is_testing_call(ctx, call, ("Skip", "Skipf", "SkipNow"))


def _guarded(ctx: FileContext, fn: FuncInfo) -> bool:
    """The test checks testing.Short(), calls a helper that skips on the run mode, or skips itself on a
    condition of its own (not just the OS or architecture)."""
    body = fn.body
    if body is None:
        return True
    if pkg_calls(ctx, body, "testing", ("Short",)):
        return True
    for call in captures("(call_expression) @c", body).get("c", []):
        cn = call_name(call)
        if cn is None:
            continue
        if (
            cn[0] != fn.tparam
            and _GUARD_HELPER.search(cn[1])
            and any(text(a) == fn.tparam for a in arguments(call))
        ):
            return True
        if not _is_skip(ctx, call):
            continue
        # An unconditional skip, or one under a condition that is not about the platform.
        cur = call.parent
        cond_text = None
        while cur is not None and cur != body:
            if cur.type == "if_statement":
                cond_text = text(cur.child_by_field_name("condition"))
                break
            cur = cur.parent
        if cond_text is None or not re.search(r"\bruntime\.|GOOS|GOARCH", cond_text):
            return True
    return False


def _guard_fix(ctx: FileContext, fn: FuncInfo) -> Fix | None:
    body = fn.body
    tl = ctx.testing_local
    if body is None or fn.tparam is None or tl is None:
        return None
    short = "Short()" if tl == "." else f"{tl}.Short()"
    guard = f'\tif {short} {{\n\t\t{fn.tparam}.Skip("skipping stress test in short mode")\n\t}}\n'
    src = ctx.src
    nl = src.find(b"\n", body.start_byte)
    rest = src[body.start_byte + 1 : nl].strip() if nl >= 0 else b"x"
    if nl >= 0 and nl < body.end_byte and (not rest or rest.startswith(b"//")):
        edit = Edit(nl + 1, nl + 1, guard)
    elif not statements(body) and text(body) == "{}":
        edit = Edit(body.start_byte, body.end_byte, "{\n" + guard + "}")
    else:
        return None
    if disturbs_comment_alignment(ctx, [edit]):
        return None
    return Fix("Skip in short mode (testing.Short guard)", "safe", (edit,))


@rule(
    code="CON003",
    name="unguarded-stress",
    severity=Severity.INFORMATION,
    summary="A stress or soak test with no `testing.Short()` guard.",
    fix="safe",
)
def check(ctx: FileContext, fn: FuncInfo) -> Iterator[Finding]:
    if fn.kind != "test" or fn.body is None or ctx.excluded_from_plain_test:
        return
    named = _NAME.search(fn.name[len("Test") :]) is not None
    if not named:
        a, b = fn.body.start_byte, fn.body.end_byte
        if not has_word(ctx.src, b"for", a, b) or not has_any_word(ctx.src, _CONCURRENCY, a, b):
            return
    loop = None if named else _stress_loop(ctx, fn.body)
    if not named and loop is None:
        return
    if _guarded(ctx, fn):
        return
    if named:
        why = f"{fn.name} is a stress test"
    elif loop is not None:
        why = f"{fn.name} starts goroutines or subtests in a loop of {_iterations(loop)} iterations"
    else:
        return
    msg = (
        f"{why} and runs in every `go test -short`, slowing the fast suite and timing out first under "
        f"load; skip it when testing.Short()"
    )
    fix = _guard_fix(ctx, fn)
    name = fn.name_node
    yield check.finding(name.start_byte, name.end_byte, msg, [fix] if fix else [])
