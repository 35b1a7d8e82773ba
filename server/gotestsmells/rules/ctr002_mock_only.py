"""CTR002 mock-only: A test whose only checks are mock expectations.

## What it does
Flags a test function whose only checks are mock expectations: gomock `EXPECT()` calls (or testify
mock's `AssertExpectations`, `AssertCalled`...) with no other assertion anywhere in the test or its
subtests: no `t.Error`/`t.Fatal`, no `assert`/`require`, no helper given `t`.

## Why is this bad?
Such a test proves the code called its collaborators in a given way, not that it did the right thing:
the result it returned, the error, the state it left behind go unchecked.  Refactor the implementation
without changing its behaviour and the test breaks; break the behaviour without changing the calls and the
test still passes.

## Example
```go
func TestSignup(t *testing.T) {
        ctrl := gomock.NewController(t)
        store := NewMockStore(ctrl)
        store.EXPECT().Save(gomock.Any()).Return(nil)
        NewService(store).Signup("ann")
}
```

## Use instead
```go
func TestSignup(t *testing.T) {
        ctrl := gomock.NewController(t)
        store := NewMockStore(ctrl)
        store.EXPECT().Save(gomock.Any()).Return(nil)
        user, err := NewService(store).Signup("ann")
        require.NoError(t, err)
        require.Equal(t, "ann", user.Name)
}
```

Not flagged: a test that also asserts on results or state (any `t.Error*`/`t.Fatal*`, `assert`/`require`
call, or helper it hands `t` to), benchmarks, fuzz targets, examples and `TestMain`.

## Fix
None: what to assert is the test author's call.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.context import FileContext
from ..analysis.functions import FuncInfo
from .assertions import inventory
from .base import Finding, Severity, rule


@rule(
    code="CTR002",
    name="mock-only",
    severity=Severity.HINT,
    summary="A test whose only checks are mock expectations.",
    needles=(b"EXPECT()", b"AssertExpectations", b"AssertCalled", b"AssertNumberOfCalls"),
)
def check(ctx: FileContext, fn: FuncInfo) -> Iterator[Finding]:
    if fn.kind != "test" or fn.body is None:
        return
    checks = inventory(ctx, fn.node)
    if not checks.mock_checks or checks.failures or checks.hands_on:
        return
    name = fn.name_node
    yield check.finding(
        name.start_byte,
        name.end_byte,
        f"{fn.name} only checks that mocks were called and never looks at the result, error or state the "
        f"code produced, so broken behaviour that makes the same calls passes: assert on the outcome too",
        anchor=fn.node.start_byte,
    )
