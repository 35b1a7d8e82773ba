"""HAB011 skip-without-reason: `t.Skip()`/`t.SkipNow()` with no reason.

## What it does
Flags `t.Skip()` called with no arguments (or with only an empty string) and `t.SkipNow()` in test code
(tests, benchmarks, fuzz targets, their subtests and helpers), on any `*testing.T`, `*testing.B`,
`*testing.F` or `testing.TB`.

## Why is this bad?
A skipped test passes silently. `go test -v` prints `--- SKIP` and nothing else, so a reader of a CI log
cannot tell whether the skip is expected (no Docker on this runner, `-short` mode, a known bug) or whether
the test quietly stopped testing anything months ago. The reason given to `t.Skip` is the only trace the
decision leaves.

## Example
```go
func TestUpload(t *testing.T) {
        if os.Getenv("S3_BUCKET") == "" {
                t.Skip()
        }
        ...
}
```

## Use instead
```go
func TestUpload(t *testing.T) {
        if os.Getenv("S3_BUCKET") == "" {
                t.Skip("S3_BUCKET is not set")
        }
        ...
}
```

Not flagged: `t.Skip("reason")`, `t.Skipf(...)`, and a `t.SkipNow()` directly after a `t.Log`/`t.Logf`
statement (that line is the reason: `t.Skip(args)` is exactly `t.Log(args)` then `t.SkipNow()`).

## Fix
None: only the author knows why the test is skipped.
"""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from ..analysis.context import FileContext
from ..analysis.functions import FuncInfo
from ..parsing import arguments, call_name, text
from .base import Finding, Severity, rule
from .common import in_test_code
from .textscan import testing_calls


def _no_reason(call: Node, method: str) -> bool:
    if method == "SkipNow":
        return True
    args = arguments(call)
    return not args or (len(args) == 1 and text(args[0]) in ('""', "``"))


def _logged_just_before(call: Node, tname: str) -> bool:
    """`t.Log("why"); t.SkipNow()`: the statement right before the skip logs the reason."""
    stmt = call.parent
    if stmt is None or stmt.type != "expression_statement":
        return False
    prev = stmt.prev_named_sibling
    while prev is not None and prev.type == "comment":
        prev = prev.prev_named_sibling
    if prev is None or prev.type != "expression_statement" or not prev.named_children:
        return False
    inner = prev.named_children[0]
    if inner.type != "call_expression":
        return False
    cn = call_name(inner)
    return cn is not None and cn[0] == tname and cn[1] in ("Log", "Logf") and bool(arguments(inner))


@rule(
    code="HAB011",
    name="skip-without-reason",
    severity=Severity.INFORMATION,
    summary="`t.Skip()`/`t.SkipNow()` with no reason.",
    needles=(b"Skip",),
)
def check(ctx: FileContext, fn: FuncInfo) -> Iterator[Finding]:
    if not in_test_code(ctx, fn) or fn.body is None:
        return
    for call in testing_calls(ctx, fn.body, ("Skip", "SkipNow")):
        cn = call_name(call)
        if cn is None or not _no_reason(call, cn[1]):
            continue
        if cn[1] == "SkipNow" and _logged_just_before(call, cn[0]):
            continue
        yield check.finding(
            call.start_byte,
            call.end_byte,
            f"{cn[0]}.{cn[1]}() gives no reason: the CI log shows only SKIP, and nobody can tell an "
            f'expected skip from a test that stopped testing; say why, as in {cn[0]}.Skip("...")',
        )
