"""go.mod reading (require blocks, the indirect marker, replace, nested modules) and what drivers.py
derives from it: which databases, caches and brokers a module ships with."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gotestsmells import drivers
from gotestsmells.gomod import GoModCache, parse_gomod

GOMOD = """module example.com/shop // the shop

go 1.22.3

toolchain go1.23.1

require github.com/lib/pq v1.10.9

require (
	github.com/jackc/pgx/v5 v5.7.2
	github.com/mattn/go-sqlite3 v1.14.24 // indirect
	"github.com/quoted/mod" v1.0.0
	github.com/x/y v1.0.0 // indirectly needed by z, but a direct requirement
	github.com/a/b v1.0.0 //indirect; kept for the tests
	github.com/redis/go-redis/v9 v9.7.0
	github.com/IBM/sarama v1.45.0 // indirect
)

replace github.com/lib/pq => ../pq

replace (
	github.com/jackc/pgx/v5 v5.7.2 => github.com/fork/pgx/v5 v5.7.3
)

exclude github.com/bad/mod v1.0.0

retract v0.1.0
"""


def test_require_blocks_direct_and_indirect() -> None:
    m = parse_gomod(GOMOD)
    assert m.module == "example.com/shop"
    assert m.go == (1, 22)
    assert m.toolchain == "go1.23.1"
    req = {r.path: (r.version, r.indirect) for r in m.requires}
    assert req == {
        "github.com/lib/pq": ("v1.10.9", False),
        "github.com/jackc/pgx/v5": ("v5.7.2", False),
        "github.com/mattn/go-sqlite3": ("v1.14.24", True),
        "github.com/quoted/mod": ("v1.0.0", False),
        "github.com/x/y": ("v1.0.0", False),  # "indirectly" is not the marker (cmd/go's modfile agrees)
        "github.com/a/b": ("v1.0.0", True),
        "github.com/redis/go-redis/v9": ("v9.7.0", False),
        "github.com/IBM/sarama": ("v1.45.0", True),
    }
    assert m.errors == ()


def test_replace_single_and_block() -> None:
    m = parse_gomod(GOMOD)
    assert [(r.old, r.old_version, r.new, r.new_version) for r in m.replaces] == [
        ("github.com/lib/pq", None, "../pq", None),
        ("github.com/jackc/pgx/v5", "v5.7.2", "github.com/fork/pgx/v5", "v5.7.3"),
    ]


def test_shipped_counts_direct_requirements_only() -> None:
    m = parse_gomod(GOMOD)
    assert drivers.shipped(m) == {
        "postgres": ["github.com/lib/pq", "github.com/jackc/pgx/v5"],
        "redis": ["github.com/redis/go-redis/v9"],
    }
    # sqlite and sarama are indirect: a dependency uses them, the module does not ship with them.
    assert "sqlite" not in drivers.shipped(m) and "kafka" not in drivers.shipped(m)


@pytest.mark.parametrize(
    ("requires", "want"),
    [
        ("github.com/jackc/pgx/v5 v5.7.2", ("postgres", "github.com/jackc/pgx/v5/stdlib", "pgx")),
        ("github.com/jackc/pgx/v4 v4.18.3", ("postgres", "github.com/jackc/pgx/v4/stdlib", "pgx")),
        ("github.com/lib/pq v1.10.9", ("postgres", "github.com/lib/pq", "postgres")),
        ("github.com/go-sql-driver/mysql v1.8.1", ("mysql", "github.com/go-sql-driver/mysql", "mysql")),
        # Postgres wins over MySQL when a module requires both.
        (
            "github.com/go-sql-driver/mysql v1.8.1\n\tgithub.com/lib/pq v1.10.9",
            ("postgres", "github.com/lib/pq", "postgres"),
        ),
        ("github.com/jackc/pgx/v5 v5.7.2 // indirect", None),
        ("gorm.io/driver/postgres v1.5.11", None),  # gorm's dialector: no database/sql driver name
    ],
)
def test_sql_driver(requires: str, want: tuple[str, str, str] | None) -> None:
    m = parse_gomod(f"module m\n\ngo 1.22\n\nrequire (\n\t{requires}\n)\n")
    d = drivers.sql_driver(m)
    assert (None if d is None else (d.kind, d.import_path, d.name)) == want


def test_gorm_driver() -> None:
    m = parse_gomod(
        "module m\n\nrequire (\n\tgorm.io/driver/mysql v1.5.7\n\tgorm.io/driver/postgres v1.5.11\n)\n"
    )
    assert drivers.gorm_driver(m) == ("postgres", "gorm.io/driver/postgres")
    assert drivers.gorm_driver(parse_gomod("module m\n")) is None


def test_is_module_of() -> None:
    assert drivers.is_module_of(parse_gomod("module github.com/IBM/sarama\n"), ("github.com/IBM/sarama",))
    assert drivers.is_module_of(parse_gomod("module github.com/nats-io/nats.go\n"), ("github.com/nats-io",))
    assert not drivers.is_module_of(
        parse_gomod("module github.com/IBM/saramax\n"), ("github.com/IBM/sarama",)
    )


def _write(root: Path, rel: str, text: str) -> None:
    p = root / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text)


SQLITE_AND_PG = (
    "module example.com/app\n\ngo 1.22\n\n"
    "require (\n\tgithub.com/lib/pq v1.10.9\n\tgithub.com/mattn/go-sqlite3 v1.14.24\n)\n"
)


def test_nearest_gomod_wins(tmp_path: Path) -> None:
    _write(tmp_path, "go.mod", SQLITE_AND_PG)
    _write(tmp_path, "tools/go.mod", "module example.com/app/tools\n\ngo 1.21\n")
    _write(tmp_path, "tools/gen/gen_test.go", "package gen\n")
    _write(tmp_path, "store/store_test.go", "package store\n")
    cache = GoModCache()
    inner = cache.for_file(str(tmp_path / "tools/gen/gen_test.go"))
    outer = cache.for_file(str(tmp_path / "store/store_test.go"))
    assert inner is not None and inner.module == "example.com/app/tools" and inner.go == (1, 21)
    assert outer is not None and outer.module == "example.com/app" and outer.go == (1, 22)


def test_ships_sqlite_reads_non_test_files_of_this_module_only(tmp_path: Path) -> None:
    _write(tmp_path, "go.mod", SQLITE_AND_PG)
    _write(tmp_path, "store/store.go", 'package store\n\nimport _ "github.com/lib/pq"\n')
    _write(tmp_path, "store/store_test.go", 'package store\n\nimport _ "github.com/mattn/go-sqlite3"\n')
    # A nested module, vendor/ and testdata/ are not this module's code.
    _write(tmp_path, "desktop/go.mod", "module example.com/app/desktop\n")
    _write(tmp_path, "desktop/db.go", 'package desktop\n\nimport _ "github.com/mattn/go-sqlite3"\n')
    _write(tmp_path, "vendor/x/x.go", 'package x\n\nimport _ "github.com/mattn/go-sqlite3"\n')
    _write(tmp_path, "store/testdata/fake.go", 'package fake\n\nimport _ "github.com/mattn/go-sqlite3"\n')
    m = GoModCache().for_file(str(tmp_path / "store/store_test.go"))
    drivers.SCAN_CACHE.clear()
    assert not drivers.ships_sqlite(m)
    assert drivers.module_imports_any(m, drivers.POSTGRES)
    # A non-test file importing a SQLite driver: the module ships on SQLite.
    _write(
        tmp_path, "cmd/desktop/main.go", 'package main\n\nimport (\n\t"fmt"\n\n\t_ "modernc.org/sqlite"\n)\n'
    )
    drivers.SCAN_CACHE.clear()
    assert drivers.ships_sqlite(m)


def test_ships_sqlite_when_the_code_names_the_dialect(tmp_path: Path) -> None:
    _write(tmp_path, "go.mod", SQLITE_AND_PG)
    _write(tmp_path, "dialect/dialect.go", 'package dialect\n\nconst SQLite = "sqlite3"\n')
    m = GoModCache().for_file(str(tmp_path / "dialect/x_test.go"))
    drivers.SCAN_CACHE.clear()
    assert drivers.ships_sqlite(m)


def test_no_walk_without_a_sqlite_requirement(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path, "go.mod", "module m\n\nrequire github.com/lib/pq v1.10.9\n")
    m = GoModCache().for_file(str(tmp_path / "a_test.go"))
    monkeypatch.setattr(os, "walk", lambda *a, **k: pytest.fail("walked the module"))
    assert not drivers.ships_sqlite(m)
