"""The Testcontainers scaffold ENV001's fix writes (`setupPostgres` / `setupMySQL` and the `TestXxxPostgres`
copies).

It cannot compile against the real modules here: there is no Go module proxy, so testcontainers-go, pgx
and the SQLite drivers cannot be downloaded.  What is checked instead:

1. every generated file parses without an error node and is gofmt-clean;
2. it calls only API that exists in testcontainers-go's current release (v0.44.0: modules/postgres/
   postgres.go and wait_strategies.go, modules/mysql/mysql.go, cleanup.go, options.go), listed below;
3. it type-checks (`go vet -tags integration`) against local stand-in modules that declare exactly those
   functions with the signatures copied from that release, wired in with `replace` directives.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gotestsmells.parsing import captures, parse, text
from gotool import gofmt_diff, run_go

TESTDATA = Path(__file__).parent / "testdata"
GENERATED = sorted(p for p in TESTDATA.glob("env001*/*.newfiles/*.go"))

# Selectors the scaffold may use, per package name, with where testcontainers-go v0.44.0 declares them.
API = {
    "postgres": {
        "Run",  # modules/postgres/postgres.go: func Run(ctx, img string, opts ...ContainerCustomizer)
        "WithDatabase",  # (dbName string) testcontainers.ContainerCustomizer
        "WithUsername",
        "WithPassword",
        "BasicWaitStrategies",  # modules/postgres/wait_strategies.go
        "Open",  # gorm.io/driver/postgres.Open(dsn string) gorm.Dialector, in the gorm copies
    },
    "mysql": {"Run", "WithDatabase", "WithUsername", "WithPassword"},  # modules/mysql/mysql.go
    "testcontainers": {"TerminateContainer"},  # cleanup.go: (container Container, ...TerminateOption) error
}
METHODS = {"ConnectionString"}  # (*PostgresContainer / *MySQLContainer).ConnectionString(ctx, args ...string)


def test_there_is_a_scaffold() -> None:
    names = {p.name for p in GENERATED}
    assert {"postgres_setup_test.go", "mysql_setup_test.go", "sql_open_postgres_test.go"} <= names


@pytest.mark.parametrize("path", GENERATED, ids=[f"{p.parent.parent.name}/{p.name}" for p in GENERATED])
def test_parses_and_is_gofmt_clean(path: Path) -> None:
    src = path.read_bytes()
    assert not parse(src).root_node.has_error
    assert gofmt_diff(src) == ""
    assert src.startswith(b"//go:build ") and b"integration" in src.split(b"\n", 1)[0]


@pytest.mark.parametrize(
    "path", [p for p in GENERATED if p.name.endswith("_setup_test.go")], ids=lambda p: p.parent.parent.name
)
def test_uses_only_current_testcontainers_api(path: Path) -> None:
    root = parse(path.read_bytes()).root_node
    used = set()
    for sel in captures("(selector_expression) @s", root).get("s", []):
        op, field = sel.child_by_field_name("operand"), sel.child_by_field_name("field")
        if op is not None and op.type == "identifier" and text(op) in API:
            assert text(field) in API[text(op)], (
                f"{path.name}: {text(sel)} is not in testcontainers-go v0.44.0"
            )
            used.add(text(sel))
        elif text(field) in METHODS:
            used.add(text(field))
    src = path.read_text()
    assert "TerminateContainer" in src and "ConnectionString" in used and "sync.Once" in src
    if path.name.startswith("postgres"):
        assert {"postgres.Run", "postgres.BasicWaitStrategies"} <= used
    else:
        assert "mysql.Run" in used
    # The deprecated RunContainer (no image argument) is not used.
    assert "RunContainer" not in src


# -- type-checking against stand-ins with the upstream signatures -----------------------------------------

TC = {
    "go.mod": "module github.com/testcontainers/testcontainers-go\n\ngo 1.22\n",
    "tc.go": """package testcontainers

import "context"

// Signatures copied from testcontainers-go v0.44.0 (container.go, options.go, cleanup.go).

type GenericContainerRequest struct{}

type ContainerCustomizer interface {
	Customize(req *GenericContainerRequest) error
}

type CustomizeRequestOption func(req *GenericContainerRequest) error

func (opt CustomizeRequestOption) Customize(req *GenericContainerRequest) error { return opt(req) }

type TerminateOptions struct{}

type TerminateOption func(*TerminateOptions)

type Container interface {
	Terminate(ctx context.Context, opts ...TerminateOption) error
}

func TerminateContainer(container Container, options ...TerminateOption) error { return nil }
""",
}
TC_POSTGRES = {
    "go.mod": "module github.com/testcontainers/testcontainers-go/modules/postgres\n\ngo 1.22\n\n"
    "require github.com/testcontainers/testcontainers-go v0.44.0\n",
    "postgres.go": """package postgres

import (
	"context"

	"github.com/testcontainers/testcontainers-go"
)

// Signatures copied from testcontainers-go v0.44.0 modules/postgres.

type PostgresContainer struct {
	testcontainers.Container
}

func (c *PostgresContainer) ConnectionString(ctx context.Context, args ...string) (string, error) {
	return "", nil
}

func WithDatabase(dbName string) testcontainers.ContainerCustomizer { return nil }

func WithPassword(password string) testcontainers.ContainerCustomizer { return nil }

func WithUsername(user string) testcontainers.ContainerCustomizer { return nil }

func BasicWaitStrategies() testcontainers.CustomizeRequestOption { return nil }

func Run(
	ctx context.Context, img string, opts ...testcontainers.ContainerCustomizer,
) (*PostgresContainer, error) {
	return nil, nil
}
""",
}
TC_MYSQL = {
    "go.mod": "module github.com/testcontainers/testcontainers-go/modules/mysql\n\ngo 1.22\n\n"
    "require github.com/testcontainers/testcontainers-go v0.44.0\n",
    "mysql.go": """package mysql

import (
	"context"

	"github.com/testcontainers/testcontainers-go"
)

// Signatures copied from testcontainers-go v0.44.0 modules/mysql.

type MySQLContainer struct {
	testcontainers.Container
}

func (c *MySQLContainer) ConnectionString(ctx context.Context, args ...string) (string, error) {
	return "", nil
}

func WithUsername(username string) testcontainers.CustomizeRequestOption { return nil }

func WithPassword(password string) testcontainers.CustomizeRequestOption { return nil }

func WithDatabase(database string) testcontainers.CustomizeRequestOption { return nil }

func Run(
	ctx context.Context, img string, opts ...testcontainers.ContainerCustomizer,
) (*MySQLContainer, error) {
	return nil, nil
}
""",
}
# Blank-imported database/sql drivers: empty packages are enough to type-check.
DRIVERS = {
    "github.com/jackc/pgx/v5": ("stdlib", "stdlib", "v5.7.2"),
    "github.com/go-sql-driver/mysql": ("", "mysql", "v1.8.1"),
    "github.com/mattn/go-sqlite3": ("", "sqlite3", "v1.14.24"),
}


def _write_module(root: Path, files: dict[str, str]) -> None:
    root.mkdir(parents=True)
    for name, content in files.items():
        (root / name).write_text(content)


@pytest.mark.parametrize(
    ("area", "fixture", "pkg"),
    [("env001", "sql_open_test.go", "sqlopen"), ("env001_mysql", "repo_test.go", "repo_test")],
)
def test_scaffold_type_checks_against_the_upstream_signatures(
    area: str, fixture: str, pkg: str, tmp_path: Path
) -> None:
    stubs = tmp_path / "stubs"
    _write_module(stubs / "tc", TC)
    _write_module(stubs / "tcpostgres", TC_POSTGRES)
    _write_module(stubs / "tcmysql", TC_MYSQL)
    replaces = [
        "github.com/testcontainers/testcontainers-go => ../stubs/tc",
        "github.com/testcontainers/testcontainers-go/modules/postgres => ../stubs/tcpostgres",
        "github.com/testcontainers/testcontainers-go/modules/mysql => ../stubs/tcmysql",
    ]
    requires = [
        "github.com/testcontainers/testcontainers-go v0.44.0",
        "github.com/testcontainers/testcontainers-go/modules/postgres v0.44.0",
        "github.com/testcontainers/testcontainers-go/modules/mysql v0.44.0",
    ]
    for i, (modpath, (sub, name, version)) in enumerate(DRIVERS.items()):
        d = stubs / f"driver{i}"
        _write_module(d, {"go.mod": f"module {modpath}\n\ngo 1.22\n"})
        (d / sub).mkdir(exist_ok=True)
        (d / sub / "driver.go").write_text(
            f"// Package {name} stands in for the real driver.\npackage {name}\n"
        )
        replaces.append(f"{modpath} => ../stubs/driver{i}")
        requires.append(f"{modpath} {version}")
    app = tmp_path / "app"
    app.mkdir()
    (app / "go.mod").write_text(
        "module example.com/app\n\ngo 1.22\n\nrequire (\n\t"
        + "\n\t".join(requires)
        + "\n)\n\nreplace (\n\t"
        + "\n\t".join(replaces)
        + "\n)\n"
    )
    pkgdir = app / "store"
    pkgdir.mkdir()
    original = (TESTDATA / area / fixture).read_text()
    (pkgdir / fixture).write_text(re.sub(r" // want .*", "", original))
    # A non-test file so `package repo_test` has its package under test.
    base = pkg.removesuffix("_test")
    (pkgdir / "doc.go").write_text(f"// Package {base} is a fixture.\npackage {base}\n")
    for p in (TESTDATA / area / (fixture + ".newfiles")).glob("*.go"):
        (pkgdir / p.name).write_text(re.sub(r" // want .*", "", p.read_text()))
    r = run_go(["vet", "-tags", "integration", "./..."], app)
    assert r.returncode == 0, r.stdout + r.stderr
    # Without the tag the scaffold is not built at all.
    r = run_go(["list", "-e", "-f", "{{.TestGoFiles}}{{.XTestGoFiles}}", "./store"], app)
    assert "setup" not in r.stdout and "_postgres_test" not in r.stdout and "_mysql_test" not in r.stdout
