"""HAB010 no-assertion: A test that can never fail.

## What it does
Flags a `TestXxx` function with an empty body, or one with no way to report a failure: no
`t.Error*`/`t.Fatal*`/`t.Fail*`, no `assert`/`require` (or other library taking `t`), no helper or
subtest function it hands `t` to, and no mock expectation.

## Why is this bad?
The test passes whatever the code does (short of a panic).  It adds to the coverage number and the
count of green tests while checking nothing: a regression goes through it unnoticed, and readers trust a
guarantee that is not there.

## Example
```go
func TestParse(t *testing.T) {
        cfg, err := Parse("port: 80")
        _ = cfg
        _ = err
}
```

## Use instead
```go
func TestParse(t *testing.T) {
        cfg, err := Parse("port: 80")
        if err != nil {
                t.Fatal(err)
        }
        if cfg.Port != 80 {
                t.Errorf("Port = %d, want 80", cfg.Port)
        }
}
```

Not flagged: tests that call helpers taking `t` (or store it, or run a named subtest function), tests
that skip themselves, tests that can fail through `panic`, `log.Fatal` or `os.Exit`; tests whose name
says how they fail (`Race` under the race detector, `Deadlock`/`Hang` by timing out, `Panic`, `Leak`);
compile-time interface checks wrapped in a test (`var _ io.Writer = (*W)(nil)`); helper-process bodies
(`if os.Getenv("BE_CRASHER") != "1" { return }` first); benchmarks, fuzz targets, examples, `TestMain`.
A test whose only checks are mock expectations is CTR002's.

## Fix
None: what to assert is the test author's call.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tree_sitter import Node

from ..analysis.context import FileContext
from ..analysis.functions import FuncInfo
from ..parsing import statements, text, walk
from .assertions import checks_anything
from .base import Finding, Severity, rule

# Tests that fail without an assertion: under the race detector, by timing out, by panicking.
_FAILS_BY_NAME = re.compile(r"Race|Deadlock|Panic|Hang|Leak")


def _fails_otherwise(ctx: FileContext, fn: FuncInfo) -> bool:
    """Tests whose way of failing is not an assertion, or that are not tests at all: a name saying the
    race detector, a timeout or a panic is the check (`TestCacheRace`, `TestNoDeadlock`); a compile-time
    check wrapped in a test (`var _ io.Writer = (*W)(nil)`); the body of a helper process, run only when
    an environment variable says so (`if os.Getenv("BE_CRASHER") != "1" { return }`)."""
    if _FAILS_BY_NAME.search(fn.name):
        return True
    stmts = statements(fn.body)
    if stmts and all(_blank_var(s) for s in stmts):
        return True
    first = stmts[0] if stmts else None
    if first is not None and first.type == "if_statement":
        cond = first.child_by_field_name("condition")
        body = statements(first.child_by_field_name("consequence"))
        if (
            cond is not None
            and any(True for _ in ctx.calls(cond, "os", ("Getenv", "LookupEnv")))
            and len(body) == 1
            and body[0].type == "return_statement"
        ):
            return True
    return False


def _blank_var(stmt: Node) -> bool:
    """`var _ I = (*T)(nil)`: an interface check the compiler makes."""
    if stmt.type != "var_declaration":
        return False
    specs = [c for c in walk(stmt) if c.type == "var_spec"]
    return bool(specs) and all([text(n) for n in sp.children_by_field_name("name")] == ["_"] for sp in specs)


@rule(
    code="HAB010",
    name="no-assertion",
    severity=Severity.WARNING,
    summary="A test that can never fail.",
)
def check(ctx: FileContext, fn: FuncInfo) -> Iterator[Finding]:
    if fn.kind != "test" or fn.body is None:
        return
    name = fn.name_node
    if not statements(fn.body):  # comments only (a TODO) count as empty
        yield check.finding(
            name.start_byte,
            name.end_byte,
            f"{fn.name} is empty: it always passes and checks nothing; write the test or delete it",
            anchor=fn.node.start_byte,
        )
        return
    if fn.tparam is not None:
        # Fast path: most tests report failures on their own t, in plain text (`t.Errorf(`). A mention in
        # a comment could hide a real finding; that is a missed finding, never a false one.
        body = ctx.src[fn.body.start_byte : fn.body.end_byte]
        t = fn.tparam.encode()
        if any(t + m in body for m in (b".Error", b".Fatal", b".Fail", b".Skip")):
            return
    if checks_anything(ctx, fn.node) or _fails_otherwise(ctx, fn):
        return
    yield check.finding(
        name.start_byte,
        name.end_byte,
        f"{fn.name} can never fail: it reports no error, asserts nothing and hands t to no helper, so it "
        f"passes whatever the code does; check the results with t.Error/t.Fatal or assert/require",
        anchor=fn.node.start_byte,
    )
