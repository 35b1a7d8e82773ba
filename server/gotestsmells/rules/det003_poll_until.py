"""DET003 poll-until: a loop that sleeps or ticks until a condition holds, or `Eventually`: polling.

## What it does
Flags, in test code, a loop that repeats until a condition holds (`for !ready() {`, `for {` with a
`break` or `return`, a retry loop that stops on success) and paces itself with `time.Sleep`, a bare
`<-time.After`, a ticker (`<-ticker.C`, `for range time.Tick(d)`) or a `select` case `<-time.After(d)` that
only waits; and testify's `assert.Eventually`/`require.Eventually` (and their `f`/`WithT` forms).  The
finding stands on the wait (the sleep, the receive) or on the `Eventually` call.

## Why is this bad?
Polling guesses twice: how often to look and how long to keep looking.  Under load the condition takes
longer than the budget and the test fails; when the condition is quick the test still waits a whole
interval; and the state the poll finally observes may be a passing moment, not the result.  When the code
under test can say it is done (a channel, a callback, a `sync.WaitGroup`), waiting on that is exact; when
the wait is for timers, a synctest bubble makes it instant.

## Example
```go
for !srv.Ready() {
        time.Sleep(10 * time.Millisecond)
}
```

## Use instead
```go
<-srv.ReadyCh() // or a sync.WaitGroup, or synctest.Test(t, ...) for timer-driven code
```

Not flagged: a `select` whose `<-time.After` branch only guards a real completion signal (it fails or
returns: `case <-done: ... case <-time.After(5 * time.Second): t.Fatal("timeout")`), loops that sleep a
fixed number of times without a way out (DET001 reports those sleeps), code in a synctest bubble.

## Fix
None: the message points to channels, `sync.WaitGroup` or synctest.
"""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from ..analysis.context import FileContext
from ..analysis.functions import FuncInfo
from ..parsing import text
from .base import Finding, Severity, rule
from .det_common import (
    TIME,
    det_scope,
    enclosing_loop,
    in_bubble,
    is_receive,
    is_tick_channel,
    loop_header,
    poll_loop,
    runs_in_test,
    sleep_sites,
)
from .nodefind import is_package_call
from .textscan import pkg_calls, range_loops, receives

_EVENTUALLY = ("Eventually", "Eventuallyf", "EventuallyWithT", "EventuallyWithTf")
_TESTIFY = ("github.com/stretchr/testify/assert", "github.com/stretchr/testify/require")
_MSG = (
    "polling until a condition holds fails when a loaded machine needs longer than the budget and wastes "
    "an interval when it does not; wait on a channel or a sync.WaitGroup the code signals, or run the "
    "test in a synctest bubble"
)


def _waits_only(ctx: FileContext, case: Node) -> bool:
    """A `case <-time.After(d):` that just waits (an empty body, a comment, `continue`): a timeout guard
    fails, returns or acts."""
    return all(
        n.type in ("receive_statement", "comment", "continue_statement")
        for n in case.named_children
        if n.type != "statement_list"
    ) and all(
        s.type in ("comment", "continue_statement")
        for sl in case.named_children
        if sl.type == "statement_list"
        for s in sl.named_children
    )


def _beside_real_signal(ctx: FileContext, u: Node, stop: Node) -> bool:
    """A ticker case in a `select` that also receives a real event (not a timer, not a cancellation): the
    loop waits for the events, the ticker only does periodic work beside them."""
    case = u.parent.parent if u.parent is not None and u.parent.type == "receive_statement" else None
    sel = case.parent if case is not None and case.type == "communication_case" else None
    if sel is None or sel.type != "select_statement":
        return False
    for other in sel.named_children:
        if other.type != "communication_case" or other == case:
            continue
        comm = other.child_by_field_name("communication")
        recv = None
        if comm is not None and comm.type == "receive_statement":
            recv = comm.child_by_field_name("right")
        elif comm is not None and is_receive(comm):
            recv = comm
        operand = recv.child_by_field_name("operand") if recv is not None and is_receive(recv) else None
        if operand is None:
            continue
        t = text(operand)
        if "Done()" in t or "After(" in t or is_tick_channel(ctx, operand, stop) or t.endswith(".C"):
            continue
        return True
    return False


def _poll_waits(ctx: FileContext, fn: FuncInfo) -> Iterator[Node]:
    """The waits that pace polling loops, in source order."""
    stop = fn.node
    out: list[Node] = []
    for site in sleep_sites(ctx, fn.node):
        out.append(site)
    # Ticker receives (`<-ticker.C`, `<-time.Tick(d)`) and `case <-time.After(d):` that only waits.
    for u in receives(ctx.src, fn.node):
        operand = u.child_by_field_name("operand")
        if operand is None:
            continue
        if is_tick_channel(ctx, operand, stop):
            if not _beside_real_signal(ctx, u, stop):
                out.append(u)
            continue
        case = u.parent.parent if u.parent is not None and u.parent.type == "receive_statement" else None
        if (
            case is not None
            and case.type == "communication_case"
            and operand.type == "call_expression"
            and is_package_call(ctx, operand, TIME, ("After",))
            and _waits_only(ctx, case)
        ):
            out.append(u)
    seen: set[int] = set()
    for n in sorted(out, key=lambda n: n.start_byte):
        if n.start_byte in seen:
            continue
        seen.add(n.start_byte)
        yield n


def _range_tickers(ctx: FileContext, fn: FuncInfo) -> Iterator[Node]:
    """`for range ticker.C` / `for range time.Tick(d)` polling loops: the ranged channel."""
    for loop in range_loops(ctx.src, fn.node):
        header = loop_header(loop)
        if header is None or header.type != "range_clause":
            continue
        right = header.child_by_field_name("right")
        if right is not None and is_tick_channel(ctx, right, fn.node) and poll_loop(ctx, loop, fn.node):
            yield right


@rule(
    code="DET003",
    name="poll-until",
    severity=Severity.INFORMATION,
    summary=(
        "A loop that sleeps or ticks until a condition holds, or `Eventually`: "
        "polling instead of waiting on a signal."
    ),
    supersedes=("DET001",),
    needles=(b"Sleep", b"After", b"Tick", b"Eventually"),
)
def check(ctx: FileContext, fn: FuncInfo) -> Iterator[Finding]:
    if not det_scope(ctx, fn):
        return
    stop = fn.node
    for w in _poll_waits(ctx, fn):
        if not runs_in_test(ctx, w, stop) or in_bubble(ctx, w):
            continue
        loop = enclosing_loop(w, stop)
        if loop is None or not poll_loop(ctx, loop, stop):
            continue
        yield check.finding(w.start_byte, w.end_byte, _MSG)
    for r in _range_tickers(ctx, fn):
        if runs_in_test(ctx, r, stop) and not in_bubble(ctx, r):
            yield check.finding(r.start_byte, r.end_byte, _MSG)
    for path in _TESTIFY:
        for call in pkg_calls(ctx, fn.node, path, _EVENTUALLY):
            if not in_bubble(ctx, call):
                yield check.finding(call.start_byte, call.end_byte, _MSG)
