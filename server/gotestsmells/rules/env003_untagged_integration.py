"""ENV003 untagged-integration: a test file that reaches real infrastructure runs in every plain `go test`.

## What it does
Flags a `_test.go` file whose tests reach real infrastructure, with neither a build constraint that keeps
it out of a plain `go test` nor a `testing.Short()` guard:

- containers: calls into testcontainers-go (`testcontainers.Run`, `GenericContainer`, a module's
  `postgres.Run`...) or dockertest (`dockertest.NewPool`, `pool.Run`, `pool.RunWithOptions`...);
- a database, cache or broker address read from the environment (`os.Getenv("DATABASE_URL")`,
  `os.LookupEnv("REDIS_ADDR")`, `PG_DSN`, `MYSQL_...`, `KAFKA_BROKERS`...);
- `net.Dial`, `net.DialTimeout` or `tls.Dial` to a literal address that is not on this machine
  (`"db.internal:5432"`, `"example.com:443"`).

A test reaches infrastructure when it does so itself or through a helper of the same file. The finding
stands on the package clause.

## Why is this bad?
`go test ./...` is the loop developers run a hundred times a day, and the first thing CI runs. A file
that needs Docker, a database or the network there fails (or hangs on a dial timeout) on every laptop
without them, and makes the fast loop slow on the ones with them. Integration tests belong behind a tag
that says so, or a `-short` skip, so the fast suite stays fast and hermetic.

## Example
```go
package store

func TestStoreRoundTrip(t *testing.T) {
        ctr, err := postgres.Run(ctx, "postgres:16-alpine")
        ...
}
```

## Use instead
```go
//go:build integration

package store

func TestStoreRoundTrip(t *testing.T) {
        ctr, err := postgres.Run(ctx, "postgres:16-alpine")
        ...
}
```
and run them with `go test -tags integration ./...`.

Not flagged: files whose build constraint needs a custom tag (`integration`, `e2e`...; GOOS, GOARCH and
Go-version constraints do not count), including legacy `// +build` lines; tests that skip themselves
(`testing.Short()`, a `t.Skip` — typically when an environment variable is unset — or a helper named
like a skip, such as `skipIfNoDocker(t)`), in the test or a helper of the same file; packages whose
`TestMain` skips or exits on `testing.Short()` or an unset variable; testcontainers-go and dockertest's
own tests.

## Fix (refactor)
Add `//go:build integration` before the package clause (after a leading license comment, before the
package's doc comment, with a blank line after it), or AND it into the existing constraint:
`//go:build linux` becomes `//go:build linux && integration`, and legacy `// +build` lines are rewritten
to match, as gofmt does. Not offered when another, untagged test file of the package uses something this
file declares (tagging it would break the plain build).
Alternative: insert `if testing.Short() { t.Skip("...") }` as the first statement of each test that
reaches the infrastructure (not offered when `TestMain` itself reaches it).
"""

from __future__ import annotations

import ipaddress
import re
from bisect import bisect_right
from collections.abc import Iterator

from tree_sitter import Node

from ..analysis.context import FileContext
from ..analysis.functions import FuncInfo
from ..parsing import arguments, captures, statements, text
from .base import Edit, Finding, Fix, Severity, rule
from .common import indent_of
from .constraint_edit import add_tag_edits, excluded_from_plain_test
from .env_common import (
    DOCKERTEST,
    TC_COMPOSE,
    closure,
    container_starts,
    is_container_library,
    package_clause,
    same_package,
    sibling_test_contexts,
    skips_itself,
)
from .textscan import all_pkg_calls, pkg_calls, word_starts

# Environment variables that hold the address of a database, cache or broker: an address word with an
# infrastructure word (`DATABASE_URL`, `REDIS_ADDR`, `PGX_TEST_DATABASE`, `KAFKA_BROKERS`), a DSN, or just
# the infrastructure's name (`PG`, `MYSQL5`).  `ETCD_UPDATE_FIXTURE_DATA` or `POSTGRES_IMAGE` are not.
_INFRA_WORD = re.compile(
    r"DB|DATABASE|POSTGRES(QL)?|PGX?|MYSQL|MARIADB|MSSQL|SQLSERVER|MONGO(DB)?|REDIS|MEMCACHED?|CASSANDRA|"
    r"SCYLLA(DB)?|KAFKA|NATS|AMQP|RABBIT(MQ)?|ELASTIC(SEARCH)?|CLICKHOUSE|COCKROACH(DB)?|CRDB|ETCD|CONSUL"
)
_ADDR_WORD = re.compile(
    r"DSN|URL|URI|ADDR(ESS)?|HOST|ENDPOINTS?|CONN(ECTION)?|CONNSTR(ING)?|BROKERS?|SERVERS?|DATABASE"
)
_FILLER = frozenset({"TEST", "TESTS", "TESTING", "INTEGRATION", "E2E", "GO", "CONN", "STRING", "STR"})
_NOT_ADDRESS = re.compile(r"(SKIP|DISABLE|ENABLE|DEBUG|VERBOSE|LOG|TIMEOUT|IMAGE|VERSION|PASSWORD|USER)")


def _infra_env(key: str) -> bool:
    """Whether an environment variable's name says it holds a database, cache or broker address."""
    k = key.upper()
    if _NOT_ADDRESS.search(k):
        return False
    words = [re.sub(r"\d+$", "", w) for w in re.split(r"[^A-Z0-9]+", k) if w]
    infra = [w for w in words if _INFRA_WORD.fullmatch(w)]
    if "DSN" in words or (
        infra and any(_ADDR_WORD.fullmatch(w) for w in words if w not in infra or w == "DATABASE")
    ):
        return True
    rest = [w for w in words if w not in _FILLER]
    return len(rest) == 1 and bool(infra) and rest[0] == infra[0]


_NETWORKS = frozenset({"tcp", "tcp4", "tcp6", "udp", "udp4", "udp6"})
_LOCAL_NAMES = ("localhost", "localhost.", "ip6-localhost")
_RESERVED_SUFFIXES = (".localhost", ".local", ".invalid", ".test", ".example", ".internal.example")


def _unquote(node: Node) -> str | None:
    if node.type == "interpreted_string_literal":
        s = text(node)
        return s[1:-1] if "\\" not in s else None
    if node.type == "raw_string_literal":
        return text(node)[1:-1]
    return None


def _remote_host(addr: str) -> str | None:
    """The host of `host:port` when it is not this machine nor a reserved/test address."""
    host = addr.rsplit(":", 1)[0] if ":" in addr else addr
    host = host.strip("[]").lower()
    if not host or host in _LOCAL_NAMES or host.endswith(_RESERVED_SUFFIXES):
        return None
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        # A hostname: real infrastructure unless it is a placeholder.
        if "%" in host or "{" in host or " " in host:
            return None
        return host
    if ip.is_loopback or ip.is_private or ip.is_reserved or ip.is_unspecified or ip.is_link_local:
        return None
    if ip.is_multicast or not ip.is_global:
        return None
    return host


def _reaches(ctx: FileContext, fn: Node) -> str | None:
    """What real infrastructure the function reaches by itself, in words; None when it does not."""
    for s in container_starts(ctx, fn):
        return s.phrase
    for p in DOCKERTEST:
        if pkg_calls(ctx, fn, p, ("NewPool", "NewTLSPool")):
            return "Docker through dockertest"
    if all_pkg_calls(ctx, fn, TC_COMPOSE):
        return "Docker Compose"
    for call in pkg_calls(ctx, fn, "os", ("Getenv", "LookupEnv")):
        args = arguments(call)
        key = _unquote(args[0]) if args else None
        if key and _infra_env(key):
            return f"the server named by ${key}"
    dials = [(c, 1) for c in pkg_calls(ctx, fn, "net", ("Dial", "DialTimeout"))]
    dials += [(c, 1) for c in pkg_calls(ctx, fn, "crypto/tls", ("Dial", "DialWithDialer"))]
    for call, i in dials:
        args = arguments(call)
        if len(args) <= i:
            continue
        network, addr = _unquote(args[0]), _unquote(args[i])
        if network in _NETWORKS and addr is not None:
            host = _remote_host(addr)
            if host is not None:
                return addr
    return None


def _testmain_guards(fn: Node, c: FileContext) -> bool:
    """A TestMain that stops the run under -short or when a variable is unset."""
    if skips_itself(c, fn):
        return True
    reads_env = bool(pkg_calls(c, fn, "os", ("Getenv", "LookupEnv")))
    exits = bool(pkg_calls(c, fn, "os", ("Exit",)))
    return reads_env and (exits or bool(captures("(return_statement) @r", fn).get("r")))


def _package_guarded(ctx: FileContext, siblings: list[FileContext]) -> bool:
    """TestMain of this package (in any of its test files that a plain go test builds) guards the run."""
    for c in [ctx, *siblings]:
        if c is not ctx and excluded_from_plain_test(c.src):
            continue
        for f in c.functions:
            if f.kind == "testmain" and _testmain_guards(f.node, c):
                return True
    return False


def _top_level_names(root: Node) -> set[str]:
    """Functions, types, vars and consts this file declares at package level."""
    out: set[str] = set()
    for n in root.children:
        if n.type == "function_declaration":
            name = n.child_by_field_name("name")
            if name is not None:
                out.add(text(name))
        elif n.type in ("var_declaration", "const_declaration", "type_declaration"):
            for ident in captures(
                "[(var_spec name: (identifier) @n) (const_spec name: (identifier) @n) "
                "(type_spec name: (type_identifier) @n) (type_alias name: (type_identifier) @n)]",
                n,
            ).get("n", []):
                out.add(text(ident))
    out.discard("_")
    out.discard("TestMain")
    return out


def _used_by_untagged_siblings(ctx: FileContext, siblings: list[FileContext]) -> bool:
    """Another test file of the package that a plain go test builds uses a name this file declares."""
    tests = {f.name for f in ctx.functions if f.kind in ("test", "benchmark", "fuzz")}
    names = _top_level_names(ctx.root) - tests
    if not names:
        return False
    for c in siblings:
        if excluded_from_plain_test(c.src):
            continue
        used = {text(n) for n in captures("[(identifier) @i (type_identifier) @i]", c.root).get("i", [])}
        if names & used:
            return True
    return False


def _short_guard_edits(ctx: FileContext, fns: list[FuncInfo], what: str) -> list[Edit] | None:
    tl = ctx.testing_local
    if tl is None or tl == ".":
        return None
    edits: list[Edit] = []
    for f in fns:
        if f.tparam is None or f.body is None:
            return None
        stmts = statements(f.body)
        if not stmts:
            return None
        first = stmts[0]
        ind = indent_of(ctx.src, first)
        reason = f"integration test: needs {what}".replace("\\", "\\\\").replace('"', '\\"')
        edits.append(
            Edit(
                first.start_byte,
                first.start_byte,
                f'if {tl}.Short() {{\n{ind}\t{f.tparam}.Skip("{reason}")\n{ind}}}\n{ind}',
            )
        )
    return edits


class _Fn:
    """What the rule keeps of one function (with its text, by the linter): its name and kind, what it
    reaches by itself, and, asked for only in files that reach something, whether it skips itself."""

    __slots__ = ("_skips", "direct", "is_method", "kind", "name")

    def __init__(self, ctx: FileContext, f: FuncInfo) -> None:
        self.name = f.name
        self.kind = f.kind
        self.is_method = f.is_method
        self.direct = None if f.is_method else _reaches(ctx, f.node)
        self._skips: bool | None = None

    def skips(self, ctx: FileContext, node: Node) -> bool:
        if self._skips is None:
            self._skips = skips_itself(ctx, node)
        return self._skips


def _local_refs(ctx: FileContext, nodes: list[Node], names: set[str]) -> list[set[str]]:
    """`local_refs(node, names)` for each of `nodes` (top-level functions, in file order): each name
    looked up once in the whole file, where it stands."""
    src, root = ctx.src, ctx.root
    starts = [n.start_byte for n in nodes]
    out: list[set[str]] = [set() for _ in nodes]
    for name in names:
        if not name or "\ufffd" in name:
            for k, n in enumerate(nodes):
                if any(text(i) == name for i in captures("(identifier) @f", n).get("f", [])):
                    out[k].add(name)
            continue
        word = name.encode()
        for i in word_starts(src, word, 0, len(src)):
            k = bisect_right(starts, i) - 1
            if k < 0 or i >= nodes[k].end_byte or name in out[k]:
                continue
            tok = root.descendant_for_byte_range(i, i + len(word))
            if tok is not None and tok.type == "identifier" and text(tok) == name:
                out[k].add(name)
    return out


def _summary(ctx: FileContext, f: FuncInfo) -> _Fn:
    return _Fn(ctx, f)


@rule(
    code="ENV003",
    name="untagged-integration",
    severity=Severity.WARNING,
    summary="A test file that reaches real infrastructure but runs in every plain `go test`.",
    fix="refactor",
    scope="file",
    file_needles=(b"testcontainers", b"dockertest", b"Getenv", b"LookupEnv", b"Dial"),
    summarize=_summary,
)
def check(ctx: FileContext) -> Iterator[Finding]:
    pkg = package_clause(ctx.root)
    if pkg is None or excluded_from_plain_test(ctx.src) or is_container_library(ctx.gomod):
        return
    # What each function reaches by itself comes from the linter's per-function cache (see _Fn).
    raw = ctx.summaries.get("ENV003")
    if raw is None or not all(isinstance(sm, _Fn) for _, sm in raw):  # outside the linter; a failure
        raw = [(f.node, _Fn(ctx, f)) for f in ctx.functions]
    sums = [(node, sm) for node, sm in raw if isinstance(sm, _Fn) and not sm.is_method]
    direct: dict[str, str | None] = {sm.name: sm.direct for _, sm in sums}
    if not any(direct.values()):
        return
    funcs = [f for f in ctx.functions if not f.is_method]
    fnames = {f.name for f in funcs}
    refs = _local_refs(ctx, [node for node, _ in sums], fnames)
    calls = {sm.name: refs[k] - {sm.name} for k, (_, sm) in enumerate(sums)}
    reach = closure({n: bool(v) for n, v in direct.items()}, calls)
    guard = closure({sm.name: sm.skips(ctx, node) for node, sm in sums}, calls)
    entries = [f for f in funcs if f.kind in ("test", "benchmark", "fuzz", "testmain") and reach.get(f.name)]
    unguarded = [f for f in entries if not guard.get(f.name)]
    if not unguarded:
        return
    siblings = same_package(ctx, sibling_test_contexts(ctx))
    if _package_guarded(ctx, siblings):
        return
    # Name what the first unguarded test reaches (through its helpers when not by itself).
    what = ""
    for f in unguarded:
        todo, seen = [f.name], set()
        while todo and not what:
            n = todo.pop()
            if n in seen:
                continue
            seen.add(n)
            what = direct.get(n) or ""
            todo.extend(sorted(calls.get(n, ())))
        if what:
            break
    names = ", ".join(f.name for f in unguarded[:3]) + (" and others" if len(unguarded) > 3 else "")
    msg = (
        f"{names} reach{'es' if len(unguarded) == 1 else ''} {what or 'real infrastructure'} in every plain "
        f"`go test`: without it the fast suite fails or hangs; tag the file `//go:build integration` "
        f"or skip under testing.Short()"
    )
    fixes: list[Fix] = []
    if not _used_by_untagged_siblings(ctx, siblings):
        tag = add_tag_edits(ctx.src, ctx.root)
        if tag is not None:
            fixes.append(Fix("Add //go:build integration", "refactor", tuple(tag)))
    if not any(f.kind == "testmain" for f in unguarded):
        short = _short_guard_edits(ctx, unguarded, what or "real infrastructure")
        if short is not None:
            fixes.append(Fix("Skip under testing.Short()", "refactor", tuple(short)))
    yield check.finding(pkg.start_byte, pkg.end_byte, msg, fixes)
