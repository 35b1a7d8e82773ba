"""ENV002 in-memory-fake: An in-memory fake of stateful infrastructure (Redis, Kafka, NATS).

## What it does
Flags the calls in a `_test.go` file that create an in-memory stand-in for a stateful server:

- Redis: `miniredis.Run()`, `miniredis.RunT(t)`, `miniredis.NewMiniRedis()`; `redismock.NewClientMock()`,
  `redismock.NewClusterMock()`; `redigomock.NewConn()`;
- Kafka: sarama's `mocks.NewSyncProducer`, `mocks.NewAsyncProducer`, `mocks.NewConsumer`,
  `mocks.NewConsumerGroup`, `mocks.NewClusterAdmin`... (IBM or Shopify), `sarama.NewMockBroker*`,
  franz-go's `kfake.NewCluster`, confluent-kafka-go's `kafka.NewMockCluster`;
- NATS: an in-process `nats-server` from `nats-server/v2/test` (`RunDefaultServer`, `RunServer`...).

The message names what the stand-in does not reproduce, and the real client the module ships with.

## Why is this bad?
A fake answers the calls the test makes, not the questions production asks. Redis evicts keys under
`maxmemory`, fails over to a replica and moves cluster slots; Kafka orders messages per partition only,
commits offsets, redelivers after a rebalance; NATS drops messages for slow consumers and reconnects
across a cluster. Code that depends on any of that passes against the fake and breaks in production. The
finding is information, not an error: fakes keep unit tests fast; the question is whether something runs
the same code against the real server.

## Example
```go
func TestCache(t *testing.T) {
        srv := miniredis.RunT(t)
        c := NewCache(redis.NewClient(&redis.Options{Addr: srv.Addr()}))
        ...
}
```

## Use instead
Keep the fast test, and add an integration test (behind `//go:build integration`) that runs the same
scenario against a real Redis (testcontainers-go's `redis` module), including the semantics above.

Not flagged: fakes of object storage (`gofakes3`, `fake-gcs-server`), metrics (Prometheus `testutil`),
tracing (`tracetest`), email (`smtpmock`); the fake libraries' own tests (miniredis, sarama, franz-go,
nats...).

## Fix
None: the message names the semantics the fake does not reproduce.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..analysis.context import FileContext
from ..analysis.functions import FuncInfo
from ..drivers import is_module_of, shipped
from ..parsing import call_name
from .base import Finding, Severity, rule
from .textscan import all_pkg_calls

_REDIS = (
    "it does not reproduce eviction under maxmemory, persistence, replication and failover, or cluster "
    "slot moves"
)
_KAFKA = (
    "it does not reproduce partitioning, per-partition ordering, offsets and commits, or consumer-group "
    "rebalancing"
)
_NATS = (
    "a single in-process server does not reproduce clustering, reconnects and failover, or slow-consumer "
    "drops"
)


@dataclass(frozen=True)
class _Fake:
    paths: tuple[str, ...]  # import paths of the package holding the constructors
    names: frozenset[str] | None  # constructors (None: any function whose name starts with a prefix)
    prefixes: tuple[str, ...]
    what: str  # "miniredis"
    kind: str  # a drivers.KINDS key
    semantics: str
    owners: tuple[str, ...]  # modules whose own tests use this fake rightly


_FAKES = (
    _Fake(
        ("github.com/alicebob/miniredis/v2", "github.com/alicebob/miniredis"),
        frozenset({"NewMiniRedis"}),
        ("Run",),
        "miniredis",
        "redis",
        _REDIS,
        ("github.com/alicebob/miniredis",),
    ),
    _Fake(
        (
            "github.com/go-redis/redismock/v9",
            "github.com/go-redis/redismock/v8",
            "github.com/go-redis/redismock/v7",
            "github.com/go-redis/redismock",
        ),
        frozenset({"NewClientMock", "NewClusterMock"}),
        (),
        "redismock",
        "redis",
        "it replays scripted replies: " + _REDIS,
        ("github.com/go-redis/redismock",),
    ),
    _Fake(
        ("github.com/rafaeljusto/redigomock/v3", "github.com/rafaeljusto/redigomock"),
        frozenset({"NewConn"}),
        (),
        "redigomock",
        "redis",
        "it replays scripted replies: " + _REDIS,
        ("github.com/rafaeljusto/redigomock",),
    ),
    _Fake(
        ("github.com/IBM/sarama/mocks", "github.com/Shopify/sarama/mocks"),
        None,
        ("New",),
        "sarama's mocks",
        "kafka",
        _KAFKA,
        ("github.com/IBM/sarama", "github.com/Shopify/sarama"),
    ),
    _Fake(
        ("github.com/IBM/sarama", "github.com/Shopify/sarama"),
        None,
        ("NewMockBroker",),
        "sarama's mock broker",
        "kafka",
        _KAFKA,
        ("github.com/IBM/sarama", "github.com/Shopify/sarama"),
    ),
    _Fake(
        ("github.com/twmb/franz-go/pkg/kfake",),
        frozenset({"NewCluster"}),
        (),
        "kfake",
        "kafka",
        _KAFKA,
        ("github.com/twmb/franz-go",),
    ),
    _Fake(
        (
            "github.com/confluentinc/confluent-kafka-go/v2/kafka",
            "github.com/confluentinc/confluent-kafka-go/kafka",
        ),
        frozenset({"NewMockCluster"}),
        (),
        "librdkafka's mock cluster",
        "kafka",
        _KAFKA,
        ("github.com/confluentinc/confluent-kafka-go",),
    ),
    _Fake(
        ("github.com/nats-io/nats-server/v2/test",),
        frozenset({"RunDefaultServer", "RunServer", "RunServerWithOptions", "RunRandClientPortServer"}),
        (),
        "an in-process nats-server",
        "nats",
        _NATS,
        ("github.com/nats-io",),
    ),
)

_KIND_LABEL = {"redis": "Redis", "kafka": "Kafka", "nats": "NATS"}


def _matches(fake: _Fake, name: str) -> bool:
    if fake.names is not None and name in fake.names:
        return True
    return any(name.startswith(p) for p in fake.prefixes)


@rule(
    code="ENV002",
    name="in-memory-fake",
    severity=Severity.INFORMATION,
    summary="An in-memory fake of stateful infrastructure (Redis, Kafka, NATS).",
    file_needles=(
        b"miniredis",
        b"redismock",
        b"redigomock",
        b"sarama",
        b"kfake",
        b"confluent-kafka-go",
        b"nats-server",
    ),
)
def check(ctx: FileContext, fn: FuncInfo) -> Iterator[Finding]:
    if fn.body is None:
        return
    mod = ctx.gomod
    for fake in _FAKES:
        if is_module_of(mod, fake.owners):
            continue
        for path in fake.paths:
            if ctx.local_name(path) is None:
                continue
            for call in all_pkg_calls(ctx, fn.node, path):
                cn = call_name(call)
                if cn is None or not _matches(fake, cn[1]):
                    continue
                label = _KIND_LABEL[fake.kind]
                real = shipped(mod).get(fake.kind)
                prod = f"production talks to a real {label} through {real[0]}: " if real else ""
                msg = (
                    f"{fake.what} stands in for {label}: {fake.semantics}; {prod}run the same scenario "
                    f"against a real {label} in an integration test"
                )
                yield check.finding(call.start_byte, call.end_byte, msg)
