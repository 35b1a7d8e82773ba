"""ENV004 container-per-test: A container started inside two or more test functions of one package.

## What it does
Flags each call that starts a container (testcontainers-go's `testcontainers.Run`, `GenericContainer`, a
module's `postgres.Run`/`RunContainer`; dockertest's `pool.Run`, `pool.RunWithOptions`,
`pool.BuildAndRun...`) written in the body of a test, benchmark or fuzz target (its subtests included)
when another test function of the same package (any of its `_test.go` files) starts a container of
the same image with the same options.

## Why is this bad?
A container takes seconds to start: a package whose tests each start their own Postgres spends most of
its run waiting for Docker, and the cost grows with every test added, until people stop running the
suite. One container per package, with a fresh database or schema per test, gives the same isolation
for a fraction of the time.

## Example
```go
func TestCreateUser(t *testing.T) {
        ctr, err := postgres.Run(ctx, "postgres:16-alpine")
        ...
}

func TestDeleteUser(t *testing.T) {
        ctr, err := postgres.Run(ctx, "postgres:16-alpine")
        ...
}
```

## Use instead
```go
var dsn string

func TestMain(m *testing.M) {
        ctr, err := postgres.Run(ctx, "postgres:16-alpine")
        ...
        dsn, _ = ctr.ConnectionString(ctx)
        code := m.Run()
        _ = testcontainers.TerminateContainer(ctr)
        os.Exit(code)
}
```
or a helper that starts it once behind a `sync.Once` and returns its address.

Not flagged: containers started in `TestMain`, inside `once.Do(func() {...})` or `sync.OnceValue`, or in
a shared helper function the tests call; one-shot job containers (waited for with `wait.ForExit()`);
one test function starting containers (in a loop or subtests); tests starting containers of different
images, or of one image with different options (an init script or a configuration under test);
testcontainers-go and dockertest's own tests.

## Fix
None: where the container should live (TestMain, a `sync.Once` helper) and how tests get a clean
database each is a design choice.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.context import FileContext
from .base import Finding, Severity, rule
from .env_common import (
    Start,
    container_starts,
    in_once,
    is_container_library,
    same_package,
    sibling_test_contexts,
)

_TEST_KINDS = ("test", "benchmark", "fuzz")


def _starts_by_test(c: FileContext) -> dict[str, list[Start]]:
    """Test function name -> the container starts written in its body (not behind a once)."""
    out: dict[str, list[Start]] = {}
    if not any(
        imp.path.startswith("github.com/testcontainers/testcontainers-go")
        or imp.path.startswith("github.com/ory/dockertest")
        for imp in c.imports
    ):
        return out
    for f in c.functions:
        if f.kind not in _TEST_KINDS or f.body is None:
            continue
        starts = [
            s
            for s in container_starts(c, f.body)
            if not in_once(c, s.call, f.node) and b"ForExit(" not in (s.call.text or b"")
        ]
        if starts:
            out[f.name] = starts
    return out


@rule(
    code="ENV004",
    name="container-per-test",
    severity=Severity.INFORMATION,
    summary="A container started inside two or more test functions of one package.",
    scope="file",
    file_needles=(b"testcontainers", b"dockertest"),
)
def check(ctx: FileContext) -> Iterator[Finding]:
    if is_container_library(ctx.gomod):
        return
    mine = _starts_by_test(ctx)
    if not mine:
        return
    # (image, configuration) -> the test functions (file, name) that start it.
    by_key: dict[tuple[str, str], set[tuple[str, str]]] = {}
    me = ctx.path or ""
    for name, starts in mine.items():
        for s in starts:
            by_key.setdefault((s.image, s.config), set()).add((me, name))
    for other in same_package(ctx, sibling_test_contexts(ctx)):
        for name, starts in _starts_by_test(other).items():
            for s in starts:
                if (s.image, s.config) in by_key:
                    by_key[(s.image, s.config)].add((other.path or "", name))
    for name, starts in mine.items():
        for s in starts:
            tests = by_key.get((s.image, s.config), set())
            others = sorted(n for p, n in tests if (p, n) != (me, name))
            if not others:
                continue
            more = f"{others[0]} and {len(others) - 1} other test{'s' if len(others) > 2 else ''}"
            who = others[0] if len(others) == 1 else more
            msg = (
                f"{name} starts its own {s.phrase.removeprefix('a ')}, and so does {who}: each test "
                f"pays the container's startup; start it once for the package in TestMain or a "
                f"sync.Once helper, and give each test its own database or schema"
            )
            yield check.finding(s.call.start_byte, s.call.end_byte, msg)
