"""DET002 wall-clock: `time.Now`/`time.Since`/`time.Until` feeding a test's expected values or assertions.

## What it does
Flags `time.Now()`, `time.Since(x)` and `time.Until(x)` in test code when the value reaches the test's
logic: a comparison (`==`, `<`, `Before`, `After`, `Equal`, a `switch`), an assertion's argument
(`assert.Equal`, `require.True`, `reflect.DeepEqual`, `cmp.Diff`), or an expected value built from it
(`want := time.Now().Format("2006-01-02")`, `Item{Created: now}`).  The value is followed through method
chains, arithmetic, conversions, formatting and local variables; it is not followed into the code under
test.

## Why is this bad?
A test whose expected values come from the wall clock answers differently depending on when and how fast
it runs: a date computed a moment before midnight no longer matches the one computed after it, a duration
check passes on a laptop and fails on a loaded CI machine, a month with 31 days breaks an "in 30 days"
expectation.  A clock the test controls makes every run see the same time.

## Example
```go
func TestToken(t *testing.T) {
        tok := NewToken(time.Hour)
        if !tok.Expires.After(time.Now()) {
                t.Fatal("expired")
        }
}
```

## Use instead
```go
func TestToken(t *testing.T) {
        clk := newFakeClock()
        tok := NewToken(time.Hour, clk)
        if !tok.Expires.After(clk.Now()) {
                t.Fatal("expired")
        }
}
```

Not flagged: deadlines and timeouts only (`context.WithTimeout`/`WithDeadline`, `conn.SetDeadline`,
`time.Now().Add(d)` as a polling loop's bound, `time.NewTimer(time.Until(deadline))`), timing in
benchmarks, log lines and failure messages (`t.Logf("took %v", time.Since(start))`), values handed to the
code under test and never compared by the test, calls inside a synctest bubble (time is fake there) and
inside callbacks (a fake server's handler).

## Fix (refactor): Inject a clock
The test gets a fake clock as its first statement, and its `time.Now/Since/Until` calls and its sleeps go
through it (a sleep becomes advancing the fake clock).  With `github.com/benbjohnson/clock` in go.mod it
is `clock.NewMock()`; otherwise a small `Clock` interface with a real and a fake implementation is added to
the package once, in `clock_test.go` (reused when the package already has it).  A constructor the test
calls that already takes a clock (found in the package's non-test files) is handed the fake.  Deadlines and
timeouts stay on the real clock.  Offered in `Test` functions that show no real I/O (servers, clusters,
dials, processes, packages outside the standard library and the package under test), and only where the
fake clock keeps the checks meaningful: the test hands a clock or its times to the code under test, or an
elapsed time is measured around the test's own sleeps.  Not offered where the code under test reads its own
clock and the test checks the result against the wall clock (`before <= got <= after`, a duration the
code measured): the fake clock would break those checks, and the fix there is a clock parameter in the
code under test.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.context import FileContext
from ..analysis.functions import FuncInfo
from ..parsing import call_name
from .base import Finding, Severity, rule
from .clockfix import clock_fix, clock_fix_fits
from .det_common import det_scope
from .synctest_fix import io_free
from .wallclock import analyze


@rule(
    code="DET002",
    name="wall-clock",
    severity=Severity.WARNING,
    summary="`time.Now`/`time.Since`/`time.Until` feeding a test's expected values or assertions.",
    fix="refactor",
    needles=(b"Now", b"Since", b"Until"),
)
def check(ctx: FileContext, fn: FuncInfo) -> Iterator[Finding]:
    if not det_scope(ctx, fn) or fn.kind == "benchmark" or fn.ttype == "B":
        return
    flow = analyze(ctx, fn)
    flagged = flow.flagged()
    if not flagged:
        return
    body = fn.body
    fits = fn.kind == "test" and body is not None and clock_fix_fits(ctx, fn, io_free(ctx, body))
    fixes = [clock_fix(ctx)] if fits else []
    for s in flagged:
        cn = call_name(s.call)
        what = f"time.{cn[1]}" if cn is not None else "the wall clock"
        msg = (
            f"{what} feeds this check, so the result depends on when and how fast the test runs "
            "(a failure at midnight, a flake on a loaded CI machine); inject a clock"
        )
        yield check.finding(s.call.start_byte, s.call.end_byte, msg, fixes)
