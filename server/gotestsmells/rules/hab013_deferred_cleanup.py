"""HAB013 deferred-cleanup: `defer t.Cleanup(...)`: the registration itself is deferred.

## What it does
Flags `defer t.Cleanup(f)` in test code, on any `*testing.T`, `*testing.B`, `*testing.F` or `testing.TB`.

## Why is this bad?
`defer` postpones the call to `t.Cleanup`, not the cleanup: `f` is only *registered* when the function
returns. Cleanups run last-registered-first, so `f` now runs before every cleanup registered earlier in
the test (a server is shut down before the client that still talks to it is closed), and in a helper the
registration happens at the helper's return, out of order with everything the helper set up. The author
meant "run this at the end of the test", which is what `t.Cleanup(f)` already says.

## Example
```go
func TestServer(t *testing.T) {
        srv := startServer(t)
        defer t.Cleanup(srv.Close)
        ...
}
```

## Use instead
```go
func TestServer(t *testing.T) {
        srv := startServer(t)
        t.Cleanup(srv.Close)
        ...
}
```

Not flagged: `t.Cleanup(...)` without `defer`. HAB001 does not also report the same `defer`.

## Fix (safe)
Drop the `defer`: the arguments were evaluated at the `defer` statement already, so registering there
changes only when the registration happens.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.context import FileContext
from ..analysis.functions import FuncInfo
from ..parsing import call_name
from .alignment import disturbs_comment_alignment
from .base import Edit, Finding, Fix, Severity, rule
from .cleanup import defer_statements
from .common import in_test_code
from .nodefind import is_testing_call


@rule(
    code="HAB013",
    name="deferred-cleanup",
    severity=Severity.ERROR,
    summary="`defer t.Cleanup(...)`: the registration itself is deferred.",
    fix="safe",
    supersedes=("HAB001",),
    # `defer t.Cleanup(...)` names Cleanup (a method value cannot be deferred without its name either).
    needles=(b"Cleanup",),
)
def check(ctx: FileContext, fn: FuncInfo) -> Iterator[Finding]:
    if not in_test_code(ctx, fn) or fn.body is None:
        return
    for d in defer_statements(ctx, fn.body):
        call = next((c for c in d.named_children if c.type == "call_expression"), None)
        if call is None:
            continue
        if not is_testing_call(ctx, call, ("Cleanup",)):
            continue
        cn = call_name(call)
        tname = cn[0] if cn else "t"
        # `defer` and the blanks after it go; the call stays where it is.
        edits = (Edit(d.start_byte, call.start_byte, ""),)
        fixes = []
        if not disturbs_comment_alignment(ctx, edits):
            fixes.append(Fix("Register the cleanup now (drop `defer`)", "safe", edits))
        yield check.finding(
            d.start_byte,
            d.end_byte,
            f"defer {tname}.Cleanup registers the cleanup only when the function returns, so it runs "
            f"out of order with every cleanup registered before it; call {tname}.Cleanup directly",
            fixes,
        )
