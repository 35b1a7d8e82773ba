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
that skip themselves, tests that can fail through `panic`, `log.Fatal` or `os.Exit`; benchmarks, fuzz
targets, examples and `TestMain`.  A test whose only checks are mock expectations is CTR002's.

## Fix
None: what to assert is the test author's call.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.context import FileContext
from ..analysis.functions import FuncInfo
from ..parsing import statements
from .assertions import inventory
from .base import Finding, Severity, rule


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
    checks = inventory(ctx, fn.node)
    if checks.can_fail or checks.skips:
        return
    yield check.finding(
        name.start_byte,
        name.end_byte,
        f"{fn.name} can never fail: it reports no error, asserts nothing and hands t to no helper, so it "
        f"passes whatever the code does; check the results with t.Error/t.Fatal or assert/require",
        anchor=fn.node.start_byte,
    )
