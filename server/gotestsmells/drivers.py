"""Which databases, caches and brokers a module ships with, read from its go.mod and its non-test code.

"Ships with" means a direct requirement of the module (an `// indirect` line only says some dependency
uses it).  The environment-fidelity rules (ENV001, ENV002) ask two questions:

- which Postgres / MySQL / Redis / Kafka / NATS client does this module require (go.mod), and
- does any non-test file of the module import a given driver (a module that ships on SQLite uses SQLite
  in its tests rightly).  That needs a walk over the module's files; it is done only when go.mod makes
  the answer matter, and cached per module with a short lifetime.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass

from .gomod import GoMod, Require

# Module path prefixes of the clients of each kind of infrastructure.  A prefix matches the module itself
# and anything below it (`github.com/jackc/pgx` matches `github.com/jackc/pgx/v5`).
POSTGRES = (
    "github.com/jackc/pgx",
    "github.com/lib/pq",
    "gorm.io/driver/postgres",
    "github.com/go-pg/pg",
    "github.com/uptrace/bun/driver/pgdriver",
    "github.com/jackc/pgconn",
)
MYSQL = (
    "github.com/go-sql-driver/mysql",
    "gorm.io/driver/mysql",
    "github.com/ziutek/mymysql",
)
SQLITE = (
    "github.com/mattn/go-sqlite3",
    "modernc.org/sqlite",
    "gorm.io/driver/sqlite",
    "github.com/glebarez/sqlite",
    "github.com/glebarez/go-sqlite",
    "github.com/ncruces/go-sqlite3",
    "zombiezen.com/go/sqlite",
    "crawshaw.io/sqlite",
    "github.com/uptrace/bun/driver/sqliteshim",
    "github.com/jinzhu/gorm/dialects/sqlite",
)
REDIS = (
    "github.com/redis/go-redis",
    "github.com/go-redis/redis",
    "github.com/gomodule/redigo",
    "github.com/garyburd/redigo",
    "github.com/redis/rueidis",
    "github.com/mediocregopher/radix",
)
KAFKA = (
    "github.com/IBM/sarama",
    "github.com/Shopify/sarama",
    "github.com/segmentio/kafka-go",
    "github.com/confluentinc/confluent-kafka-go",
    "github.com/twmb/franz-go",
)
NATS = ("github.com/nats-io/nats.go", "github.com/nats-io/stan.go")

KINDS: dict[str, tuple[str, ...]] = {
    "postgres": POSTGRES,
    "mysql": MYSQL,
    "sqlite": SQLITE,
    "redis": REDIS,
    "kafka": KAFKA,
    "nats": NATS,
}


def _matches(path: str, prefixes: Iterable[str]) -> bool:
    return any(path == p or path.startswith(p + "/") for p in prefixes)


def direct_requires(mod: GoMod, prefixes: Iterable[str]) -> list[Require]:
    """Direct (not `// indirect`) requirements of `mod` among `prefixes`, in go.mod order."""
    ps = tuple(prefixes)
    return [r for r in mod.requires if not r.indirect and _matches(r.path, ps)]


def shipped(mod: GoMod | None) -> dict[str, list[str]]:
    """kind -> the module paths of that kind the module requires directly (kinds with none left out)."""
    out: dict[str, list[str]] = {}
    if mod is None:
        return out
    for kind, prefixes in KINDS.items():
        found = [r.path for r in direct_requires(mod, prefixes)]
        if found:
            out[kind] = found
    return out


def is_module_of(mod: GoMod | None, prefixes: Iterable[str]) -> bool:
    """Whether the module *is* one of these projects (sarama's own tests use sarama's mocks rightly)."""
    return mod is not None and bool(mod.module) and _matches(mod.module, prefixes)


# -- SQL drivers a fix can switch to ----------------------------------------------------------------------


@dataclass(frozen=True)
class SQLDriver:
    kind: str  # "postgres" or "mysql"
    import_path: str  # the package to import blank for database/sql
    name: str  # the database/sql driver name
    requires: str  # the go.mod requirement it comes from


def sql_driver(mod: GoMod | None) -> SQLDriver | None:
    """The database/sql driver a Postgres (preferred) or MySQL copy of a test should use: the one the
    module requires directly."""
    if mod is None:
        return None
    for r in mod.requires:
        if r.indirect:
            continue
        p = r.path
        if p in ("github.com/jackc/pgx/v5", "github.com/jackc/pgx/v4"):
            return SQLDriver("postgres", p + "/stdlib", "pgx", p)
        if p == "github.com/lib/pq":
            return SQLDriver("postgres", p, "postgres", p)
    for r in mod.requires:
        if not r.indirect and r.path == "github.com/go-sql-driver/mysql":
            return SQLDriver("mysql", r.path, "mysql", r.path)
    return None


def gorm_driver(mod: GoMod | None) -> tuple[str, str] | None:
    """(kind, import path) of the gorm dialector the module requires directly: Postgres preferred."""
    if mod is None:
        return None
    paths = {r.path for r in mod.requires if not r.indirect}
    for kind, p in (("postgres", "gorm.io/driver/postgres"), ("mysql", "gorm.io/driver/mysql")):
        if p in paths:
            return kind, p
    return None


# -- imports of the module's non-test files ---------------------------------------------------------------

_IMPORT_LINE = re.compile(rb'^\s*(?:import\s+)?(?:[A-Za-z_.][A-Za-z0-9_]*\s+)?"([^"\n]+)"', re.M)
_SKIP_DIRS = ("vendor", "testdata", "node_modules")
_MAX_FILES = 20000
_TTL = 30.0  # seconds: long enough for a `check` over a big tree, short enough for an editor session


def _header(data: bytes) -> bytes:
    """The part of a Go file that can hold imports: up to the first top-level func/type/var/const."""
    m = re.search(rb"^(?:func|type|var|const)\b", data, re.M)
    return data[: m.start()] if m else data


_HEAD_CHUNK = 16 * 1024
_DECL = re.compile(rb"^(?:func|type|var|const)\b", re.M)


def _header_in(chunk: bytes) -> bytes | None:
    """`_header` of a file whose first bytes are `chunk`, when the chunk decides it: a declaration starts
    in it, and a byte follows the keyword (the whole file could continue the word)."""
    m = _DECL.search(chunk)
    if m is None or m.end() >= len(chunk):
        return None
    return chunk[: m.start()]


@dataclass(frozen=True)
class ModuleScan:
    """What the module's non-test .go files show."""

    imports: frozenset[str]  # import paths
    names_sqlite: bool  # a "sqlite3" or "sqlite" string literal: the code supports SQLite as a dialect


_SQLITE_LITERAL = re.compile(rb'["`]sqlite3?["`]')


def scan_module(root: str) -> ModuleScan:
    """Imports (and SQLite mentions) of the non-test .go files of the module rooted at `root` (nested
    modules, vendor/, testdata/ and hidden folders left out)."""
    out: set[str] = set()
    names_sqlite = False
    n = 0
    for d, dirs, files in os.walk(root):
        keep = []
        for sub in sorted(dirs):
            if sub.startswith((".", "_")) or sub in _SKIP_DIRS:
                continue
            if os.path.isfile(os.path.join(d, sub, "go.mod")):
                continue  # a nested module: its files are not ours
            keep.append(sub)
        dirs[:] = keep
        for f in files:
            if not f.endswith(".go") or f.endswith("_test.go"):
                continue
            n += 1
            if n > _MAX_FILES:
                return ModuleScan(frozenset(out), names_sqlite)
            try:
                with open(os.path.join(d, f), "rb") as fh:
                    if names_sqlite:
                        # Only the imports are still wanted: most headers end in the first pages.
                        data = fh.read(_HEAD_CHUNK)
                        head = _header_in(data)
                        if head is None:
                            data += fh.read(256 * 1024 - len(data))
                            head = _header(data)
                    else:
                        data = fh.read(256 * 1024)
                        head = _header(data)
            except OSError:
                continue
            for m in _IMPORT_LINE.finditer(head):
                out.add(m.group(1).decode("utf-8", "replace"))
            # (The regex starts with a class: it would try every offset; `find` rules most files out.)
            names_sqlite = names_sqlite or (b"sqlite" in data and _SQLITE_LITERAL.search(data) is not None)
    return ModuleScan(frozenset(out), names_sqlite)


class _ScanCache:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._data: dict[str, tuple[float, tuple[float, int], ModuleScan]] = {}

    def get(self, mod: GoMod) -> ModuleScan:
        try:
            st = os.stat(mod.path)
            key = (st.st_mtime, st.st_size)
        except OSError:
            key = (0.0, 0)
        now = time.monotonic()
        with self._lock:
            hit = self._data.get(mod.path)
        if hit is not None and hit[1] == key and now - hit[0] < _TTL:
            return hit[2]
        scan = scan_module(mod.root)
        with self._lock:
            self._data[mod.path] = (now, key, scan)
        return scan

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


SCAN_CACHE = _ScanCache()


def module_imports_any(mod: GoMod | None, prefixes: Iterable[str]) -> bool:
    """Whether a non-test file of the module imports a package below one of `prefixes`."""
    if mod is None:
        return False
    ps = tuple(prefixes)
    return any(_matches(p, ps) for p in SCAN_CACHE.get(mod).imports)


def ships_sqlite(mod: GoMod | None) -> bool:
    """The module ships on SQLite: a non-test file imports a SQLite driver, or names SQLite as a driver or
    dialect (`"sqlite3"`: a multi-database layer such as an ORM).  Only a module that requires a SQLite
    driver can, so the walk happens only then."""
    if mod is None or not any(_matches(r.path, SQLITE) for r in mod.requires):
        return False
    scan = SCAN_CACHE.get(mod)
    return scan.names_sqlite or any(_matches(p, SQLITE) for p in scan.imports)
