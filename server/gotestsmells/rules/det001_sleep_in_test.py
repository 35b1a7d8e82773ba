"""DET001 sleep-in-test: `time.Sleep` or a bare `<-time.After` in test code: slow, and flaky under load.

## What it does
Flags `time.Sleep(d)` and a bare `<-time.After(d)` (a receive statement of its own, not a `select` case)
in test code: tests, benchmarks, fuzz targets, their subtests, the goroutines and cleanups they start,
and helpers taking a `testing.TB`.

## Why is this bad?
A sleep is a guess about how long something else takes.  Guess short and the test fails whenever the
machine is busy (a loaded CI runner, `-race`, `-count=100`); guess long and every run pays the full wait.
Either way the test's outcome depends on the scheduler, not on the code.

## Example
```go
func TestCacheExpiry(t *testing.T) {
        c := NewCache(time.Second)
        c.Set("k", "v")
        time.Sleep(2 * time.Second)
        if _, ok := c.Get("k"); ok {
                t.Fatal("entry did not expire")
        }
}
```

## Use instead
```go
func TestCacheExpiry(t *testing.T) {
        synctest.Test(t, func(t *testing.T) {
                c := NewCache(time.Second)
                c.Set("k", "v")
                time.Sleep(2 * time.Second) // fake time: returns at once
                if _, ok := c.Get("k"); ok {
                        t.Fatal("entry did not expire")
                }
        })
}
```

Not flagged: sleeps inside a fake server's or handler's function literal (passed to `httptest`, to any
call, or stored as a callback: the test does not run those itself), code inside a synctest bubble (time is
fake there), and sleeps that DET003 (a polling loop) or DET005 (waiting for a goroutine) reports more
precisely.

## Fix (refactor)
Go >= 1.25: "Run in a synctest bubble" wraps the test's (or subtest's) body in
`synctest.Test(t, func(t *testing.T) {...})` and imports `testing/synctest`.  Offered only where the bubble
cannot change what the test does: not when the body calls `t.Run`, `t.Parallel` or `t.Deadline`, starts a
goroutine it never joins, or shows real I/O a bubble cannot fake (network listeners and dials, `httptest`
servers, `os/exec`, calls into packages outside the standard library other than assertion and clock
libraries and the package under test, functions named like server or cluster starters, a deferred
`Shutdown`/`Stop`).  Otherwise, in a `Test` function that reads the wall clock and shows no real I/O:
"Inject a clock" (DET002's fix), which turns the sleep into advancing a fake clock.  A test that only
sleeps while real work happens elsewhere gets no fix: advancing a clock nobody reads would break it.
"""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from ..analysis.context import FileContext
from ..analysis.functions import FuncInfo
from .base import Finding, Fix, Severity, rule
from .clockfix import clock_fix, clock_fix_fits
from .det_common import det_scope, in_bubble, runs_in_test, sleep_sites
from .synctest_fix import bubble_fix, bubble_target, io_free


@rule(
    code="DET001",
    name="sleep-in-test",
    severity=Severity.WARNING,
    summary="`time.Sleep` or a bare `<-time.After` in test code makes the test slow and flaky under load.",
    fix="refactor",
    needles=(b"Sleep", b"After"),
)
def check(ctx: FileContext, fn: FuncInfo) -> Iterator[Finding]:
    if not det_scope(ctx, fn):
        return
    memo: dict[int, Node | None] = {}  # the bubble's answer per test or subtest function
    reads_clock: bool | None = None
    for site in sleep_sites(ctx, fn.node):
        if not runs_in_test(ctx, site, fn.node) or in_bubble(ctx, site):
            continue
        fixes: list[Fix] = []
        target = bubble_target(ctx, site, memo)
        if target is not None:
            fixes.append(bubble_fix(ctx))
        elif fn.kind == "test" and reads_clock is None:
            reads_clock = clock_fix_fits(ctx, fn, fn.body is not None and io_free(ctx, fn.body))
        if target is None and reads_clock:
            fixes.append(clock_fix(ctx))
        what = "time.Sleep" if site.type == "call_expression" else "<-time.After"
        how = (
            "run the test in a synctest bubble"
            if target is not None
            else "wait for the event itself, or inject a clock"
        )
        msg = (
            f"{what} guesses how long something takes: the test fails when a loaded machine needs longer "
            f"and wastes the full wait on every run; {how}"
        )
        yield check.finding(site.start_byte, site.end_byte, msg, fixes)
