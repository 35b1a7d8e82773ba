"""ENV001 sqlite-standin: SQLite standing in for the Postgres or MySQL the module ships with.

## What it does
Flags a test that opens SQLite — `sql.Open("sqlite3", ...)` or `sql.Open("sqlite", ...)` (also through
sqlx), gorm's SQLite dialector (`gorm.Open(sqlite.Open(...))` from `gorm.io/driver/sqlite` or
`github.com/glebarez/sqlite`), or, when no such call is visible, an import of a SQLite driver
(`github.com/mattn/go-sqlite3`, `modernc.org/sqlite`...) — in a module whose go.mod requires a Postgres or
MySQL driver directly (pgx, lib/pq, go-sql-driver/mysql, gorm's postgres/mysql drivers).

## Why is this bad?
SQLite is not the database the code ships with. Its dialect, types (a TEXT column accepts anything), NULL
and constraint handling, transaction isolation and locking all differ from Postgres and MySQL: a query
that works here fails in production (`?` vs `$1` placeholders, `AUTOINCREMENT`, `ON CONFLICT`, JSON
operators), and a constraint production relies on is never exercised. "Test with the database you ship
with."

## Example
```go
func TestUserStore(t *testing.T) {
        db, err := sql.Open("sqlite3", ":memory:")
        ...
}
```

## Use instead
Keep the fast SQLite test if it helps, and run the same test against a real Postgres in an
integration-tagged file:
```go
//go:build integration

func TestUserStorePostgres(t *testing.T) {
        db, err := sql.Open("pgx", setupPostgres(t))
        ...
}
```

Not flagged: modules that ship on SQLite (a non-test file of the module imports a SQLite driver); modules
that require Postgres or MySQL only indirectly; test files that also open Postgres or MySQL (tests of a
multi-database layer).

## Fix (refactor)
Creates two files next to the test, both behind `//go:build integration` (ANDed with the file's own
constraint), and leaves the SQLite test as it is:

- `postgres_setup_test.go` (or `mysql_setup_test.go`), unless the package already has a `setupPostgres`:
  `setupPostgres(t testing.TB) string` starts one container for the whole package with testcontainers-go's
  `postgres` module (`postgres.Run` with `BasicWaitStrategies`; MySQL: `mysql.Run`) behind a `sync.Once`,
  and returns its connection string. The container outlives single tests on purpose; Testcontainers'
  reaper (Ryuk) removes it when the test binary exits. Needs
  `go get github.com/testcontainers/testcontainers-go/modules/postgres`.
- `<file>_postgres_test.go`: a copy of each flagged test, `TestXxxPostgres`, whose
  `sql.Open("sqlite3", dsn)` becomes `sql.Open(<the module's driver>, setupPostgres(t))` (`"pgx"` for
  pgx, `"postgres"` for lib/pq, `"mysql"`), or whose `sqlite.Open(dsn)` becomes gorm's
  `postgres.Open(setupPostgres(t))`.

Offered for opens written in a `Test` function (not in helpers), whose DSN argument uses no local
variable, when the module requires a driver the copy can use and the new names are free.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass

from tree_sitter import Node

from ..analysis.context import FileContext
from ..analysis.scopes import is_shadowed, param_names
from ..buildtags import Expr
from ..drivers import MYSQL, POSTGRES, SQLITE, SQLDriver, gorm_driver, shipped, ships_sqlite, sql_driver
from ..imports import is_std, used_qualifiers
from ..parsing import arguments, captures, parse, text
from .base import Finding, Fix, NewFile, Severity, rule
from .constraint_edit import expr_string, file_constraint, plus_build_lines
from .env_common import SIBLINGS, package_name
from .textscan import pkg_calls

_SQLITE_DRIVERS = frozenset({"sqlite3", "sqlite"})
_OTHER_DRIVERS = frozenset({"postgres", "pgx", "pgx/v5", "pgx/v4", "mysql", "cloudsqlpostgres", "nrpostgres"})
_GORM_SQLITE = ("gorm.io/driver/sqlite", "github.com/glebarez/sqlite")
_SQLX = "github.com/jmoiron/sqlx"
_SQLX_OPENS = ("Open", "Connect", "MustConnect", "MustOpen", "ConnectContext")
_OPENERS = frozenset({"Open", "OpenDB", "Connect", "MustConnect", "MustOpen", "NewEngine", "NewClient"})
_OPENER_CALLS = "(call_expression) @call"
_TC_POSTGRES = "github.com/testcontainers/testcontainers-go/modules/postgres"
_TC_MYSQL = "github.com/testcontainers/testcontainers-go/modules/mysql"
_LABEL = {"postgres": "Postgres", "mysql": "MySQL"}


@dataclass(frozen=True)
class _Open:
    node: Node  # where the finding stands: the call, or the import spec
    how: str  # "sql", "sqlx", "gorm", "import"
    dsn: Node | None = None  # the argument a copy replaces


def _literal(node: Node | None) -> str | None:
    if node is None:
        return None
    if node.type == "interpreted_string_literal" and "\\" not in text(node):
        return text(node)[1:-1]
    if node.type == "raw_string_literal":
        return text(node)[1:-1]
    return None


def _names_a_driver(src: bytes, drivers: frozenset[str]) -> bool:
    """Whether a string literal that is exactly one of `drivers` (`"sqlite3"`, `` `pgx` ``) may stand in
    the file: the opens below all need one, and the queries they run are skipped without."""
    return any(q + d.encode() + q in src for d in drivers for q in (b'"', b"`"))


def _sqlite_opens(ctx: FileContext) -> list[_Open]:
    out: list[_Open] = []
    named = _names_a_driver(ctx.src, _SQLITE_DRIVERS)
    for call in pkg_calls(ctx, ctx.root, "database/sql", ("Open",)) if named else []:
        args = arguments(call)
        if len(args) == 2 and _literal(args[0]) in _SQLITE_DRIVERS:
            out.append(_Open(call, "sql", args[1]))
    for call in pkg_calls(ctx, ctx.root, _SQLX, _SQLX_OPENS) if named else []:
        args = arguments(call)
        i = 1 if text(call.child_by_field_name("function")).endswith("ConnectContext") else 0
        if len(args) > i and _literal(args[i]) in _SQLITE_DRIVERS:
            out.append(_Open(call, "sqlx"))
    for path in _GORM_SQLITE:
        for call in pkg_calls(ctx, ctx.root, path, ("Open",)):
            args = arguments(call)
            out.append(_Open(call, "gorm", args[0] if len(args) == 1 else None))
    # Other openers that take the driver name: jinzhu/gorm's `gorm.Open("sqlite3", ...)`, xorm's
    # `NewEngine`, ent's `enttest.Open(t, "sqlite3", ...)`, gocraft/dbr's `dbr.Open`...
    seen = {o.node.start_byte for o in out}
    for call in captures(_OPENER_CALLS, ctx.root).get("call", []) if named else []:
        if call.start_byte in seen:
            continue
        fn = call.child_by_field_name("function")
        name = text(
            fn.child_by_field_name("field") if fn is not None and fn.type == "selector_expression" else fn
        )
        if name not in _OPENERS:
            continue
        if any(_literal(a) in _SQLITE_DRIVERS for a in arguments(call)[:2]):
            out.append(_Open(call, "other"))
    if not out:
        for imp in ctx.imports:
            if any(imp.path == p or imp.path.startswith(p + "/") for p in SQLITE):
                out.append(_Open(imp.spec, "import"))
    return sorted(out, key=lambda o: o.node.start_byte)


def _opens_other_database(ctx: FileContext) -> bool:
    """The file also talks to Postgres or MySQL: a test of a multi-database layer, not a stand-in."""
    for imp in ctx.imports:
        if any(imp.path == p or imp.path.startswith(p + "/") for p in (*POSTGRES, *MYSQL)):
            return True
    if not _names_a_driver(ctx.src, _OTHER_DRIVERS):
        return False
    for call in pkg_calls(ctx, ctx.root, "database/sql", ("Open",)):
        args = arguments(call)
        if args and _literal(args[0]) in _OTHER_DRIVERS:
            return True
    for call in captures(_OPENER_CALLS, ctx.root).get("call", []):
        fn = call.child_by_field_name("function")
        name = text(
            fn.child_by_field_name("field") if fn is not None and fn.type == "selector_expression" else fn
        )
        if name in _OPENERS and any(_literal(a) in _OTHER_DRIVERS for a in arguments(call)[:2]):
            return True
    return False


# -- the fix ----------------------------------------------------------------------------------------------


def _top_level_names(root: Node) -> set[str]:
    """Names a file declares at package level."""
    out: set[str] = set()
    specs = (
        "[(var_spec name: (identifier) @n) (const_spec name: (identifier) @n) "
        "(type_spec name: (type_identifier) @n) (type_alias name: (type_identifier) @n)]"
    )
    for n in root.children:
        if n.type == "function_declaration":
            out.add(text(n.child_by_field_name("name")))
        elif n.type in ("var_declaration", "const_declaration", "type_declaration"):
            out.update(text(x) for x in captures(specs, n).get("n", []))
    return out


def _package_names(ctx: FileContext) -> tuple[set[str], list[str]]:
    """Package-level names of the package (this file, its test siblings of the same package and, for an
    internal test package, the non-test files), and the siblings' file names."""
    me = package_name(ctx.root)
    names = _top_level_names(ctx.root)
    files: list[str] = []
    for p in ctx.sibling_files():
        files.append(os.path.basename(p))
        got = SIBLINGS.get(p)
        if got is None:
            continue
        _, tree = got
        root = tree.root_node  # type: ignore[attr-defined]
        if package_name(root) == me:
            names |= _top_level_names(root)
    return names, files


def _dsn_droppable(dsn: Node, fn: Node) -> bool:
    """Replacing the DSN argument leaves no local variable unused: it names none besides parameters
    (`t.TempDir()`) and package-level names (`filepath.Join`, a constant), which may go unused."""
    for ident in captures("(identifier) @i", dsn).get("i", []):
        name = text(ident)
        if is_shadowed(name, ident, fn.parent) and not _is_param(name, ident, fn):
            return False
    return True


def _is_param(name: str, node: Node, fn: Node) -> bool:
    cur = node.parent
    while cur is not None:
        if cur.type in ("func_literal", "function_declaration") and name in param_names(cur):
            return True
        if cur == fn:
            break
        cur = cur.parent
    return False


def _helper_source(pkg: str, build: str, kind: str) -> str:
    if kind == "postgres":
        run = (
            '\t\tctr, err := postgres.Run(ctx, "postgres:16-alpine",\n'
            '\t\t\tpostgres.WithDatabase("test"),\n'
            '\t\t\tpostgres.WithUsername("test"),\n'
            '\t\t\tpostgres.WithPassword("test"),\n'
            "\t\t\tpostgres.BasicWaitStrategies(),\n"
            "\t\t)\n"
        )
        conn, imp, fn, v, label = '"sslmode=disable"', _TC_POSTGRES, "setupPostgres", "postgres", "Postgres"
    else:
        run = (
            '\t\tctr, err := mysql.Run(ctx, "mysql:8.0.36",\n'
            '\t\t\tmysql.WithDatabase("test"),\n'
            '\t\t\tmysql.WithUsername("test"),\n'
            '\t\t\tmysql.WithPassword("test"),\n'
            "\t\t)\n"
        )
        conn, imp, fn, v, label = "", _TC_MYSQL, "setupMySQL", "mysql", "MySQL"
    return (
        f"{build}\n\n"
        f"package {pkg}\n\n"
        "import (\n"
        '\t"context"\n'
        '\t"sync"\n'
        '\t"testing"\n\n'
        '\t"github.com/testcontainers/testcontainers-go"\n'
        f'\t"{imp}"\n'
        ")\n\n"
        f"// One {label} container serves every integration test of the package: {fn} starts it on first\n"
        "// use and Testcontainers' reaper (Ryuk) removes it when the test binary exits.\n"
        f"// Needs: go get {imp}\n"
        "var (\n"
        f"\t{v}Once sync.Once\n"
        f"\t{v}DSN  string\n"
        f"\t{v}Err  error\n"
        ")\n\n"
        f"// {fn} returns the connection string of the package's {label} container, starting it on\n"
        "// first use. Tests share the database: give each its own tables, schema or transaction.\n"
        f"func {fn}(t testing.TB) string {{\n"
        "\tt.Helper()\n"
        f"\t{v}Once.Do(func() {{\n"
        "\t\tctx := context.Background()\n"
        f"{run}"
        "\t\tif err != nil {\n"
        "\t\t\t// Run can return a half-started container with its error: remove it now.\n"
        "\t\t\t_ = testcontainers.TerminateContainer(ctr)\n"
        f"\t\t\t{v}Err = err\n"
        "\t\t\treturn\n"
        "\t\t}\n"
        f"\t\t{v}DSN, {v}Err = ctr.ConnectionString(ctx{', ' + conn if conn else ''})\n"
        "\t})\n"
        f"\tif {v}Err != nil {{\n"
        f'\t\tt.Fatalf("start {label}: %v", {v}Err)\n'
        "\t}\n"
        f"\treturn {v}DSN\n"
        "}\n"
    )


def _build_lines(ctx: FileContext) -> str | None:
    """The constraint of the new files: the test file's own, ANDed with `integration`."""
    e, ok = file_constraint(ctx.src)
    if not ok:
        return None
    tag = Expr("tag", tag="integration")
    new = tag if e is None else Expr("and", args=((*e.args, tag) if e.op == "and" else (e, tag)))
    lines = ["//go:build " + expr_string(new)]
    if not ctx.go_at_least(17):
        plus = plus_build_lines(new)
        if plus is None:
            return None
        lines.extend(plus)
    return "\n".join(lines)


def _import_block(imports: list[tuple[str, str | None]]) -> str:
    std = sorted(i for i in imports if is_std(i[0]))
    other = sorted(i for i in imports if not is_std(i[0]))
    groups = [g for g in (std, other) if g]
    lines = ["import ("]
    for gi, g in enumerate(groups):
        if gi:
            lines.append("")
        lines.extend(f'\t{a} "{p}"' if a else f'\t"{p}"' for p, a in g)
    lines.append(")")
    return "\n".join(lines)


def _fix(ctx: FileContext, opens: list[_Open]) -> Fix | None:
    """One fix for the file: the copies of every test whose SQLite opens can all be switched."""
    mod = ctx.gomod
    sqld: SQLDriver | None = sql_driver(mod)
    gormd = gorm_driver(mod)
    kind = (
        sqld.kind
        if sqld is not None and any(o.how == "sql" for o in opens)
        else (gormd[0] if gormd else None)
    )
    if kind is None or ctx.path is None or ctx.testing_local is None or ctx.testing_local == ".":
        return None
    if any(i.alias == "." for i in ctx.imports):
        return None
    label = _LABEL[kind]
    setup = "setupPostgres" if kind == "postgres" else "setupMySQL"
    v = kind
    pkg = package_name(ctx.root)
    build = _build_lines(ctx)
    if pkg is None or build is None:
        return None
    names, files = _package_names(ctx)
    base = os.path.basename(ctx.path).removesuffix("_test.go")
    copies_name = f"{base}_{kind}_test.go"
    helper_name = f"{kind}_setup_test.go"
    if copies_name in files:
        return None
    need_helper = setup not in names
    if need_helper and (
        helper_name in files
        or names & {f"{v}Once", f"{v}DSN", f"{v}Err", "context", "sync", "testcontainers", v}
    ):
        return None
    gorm_local = None
    if gormd is not None and gormd[0] == kind:
        gorm_local = kind if kind not in names and ctx.local_name(gormd[1]) in (None, kind) else None
        if gorm_local is not None and any(i.local == kind and i.path != gormd[1] for i in ctx.imports):
            gorm_local = None

    # Which tests can be copied, and the edits inside each.
    by_test: dict[int, list[tuple[int, int, str]]] = {}
    blocked: set[int] = set()
    tests = {f.node.start_byte: f for f in ctx.functions if f.kind == "test"}
    for o in opens:
        fn = ctx.function_at(o.node)
        if fn is None or fn.kind != "test":
            continue
        key = fn.node.start_byte
        binding = ctx.testing_binding(o.node)
        ok = o.dsn is not None and binding is not None and _dsn_droppable(o.dsn, fn.node)
        if ok and o.how == "sql" and sqld is not None and sqld.kind == kind:
            args = arguments(o.node)
            edit = [
                (args[0].start_byte, args[0].end_byte, f'"{sqld.name}"'),
                (args[1].start_byte, args[1].end_byte, f"{setup}({binding.name})"),  # type: ignore[union-attr]
            ]
        elif ok and o.how == "gorm" and gorm_local is not None:
            edit = [(o.node.start_byte, o.node.end_byte, f"{gorm_local}.Open({setup}({binding.name}))")]  # type: ignore[union-attr]
        else:
            blocked.add(key)
            continue
        by_test.setdefault(key, []).extend(edit)
    chosen = [k for k in sorted(by_test) if k not in blocked and f"{tests[k].name}{label}" not in names]
    if not chosen:
        return None

    src = ctx.src
    bodies: list[str] = []
    uses_gorm = False
    for k in chosen:
        f = tests[k]
        edits = sorted(by_test[k])
        name = f.name_node
        edits.append((name.start_byte, name.end_byte, f"{f.name}{label}"))
        edits.sort()
        out, pos = [], f.node.start_byte
        for a, b, new in edits:
            out.append(src[pos:a].decode("utf-8", "surrogateescape"))
            out.append(new)
            pos = b
            uses_gorm = uses_gorm or new.startswith(f"{gorm_local}.Open(")
        out.append(src[pos : f.node.end_byte].decode("utf-8", "surrogateescape"))
        bodies.append(
            f"// {f.name}{label} runs {f.name} against a real {label} ({setup}) instead of SQLite.\n"
            f"// SQL written for SQLite (placeholders, types, AUTOINCREMENT) may need changes here.\n"
            + "".join(out)
        )
    code = "\n\n".join(bodies) + "\n"
    used = used_qualifiers(parse(code.encode("utf-8", "surrogateescape")).root_node)
    imports: list[tuple[str, str | None]] = []
    for imp in ctx.imports:
        if any(imp.path == p or imp.path.startswith(p + "/") for p in SQLITE):
            continue
        if imp.alias == "_" or imp.local in used:
            imports.append((imp.path, imp.alias))
    if sqld is not None and sqld.kind == kind and any(o.how == "sql" for o in opens):
        imports.append((sqld.import_path, "_"))
    if uses_gorm and gormd is not None and gorm_local is not None:
        imports.append((gormd[1], None if gorm_local == kind else gorm_local))
    copies = f"{build}\n\npackage {pkg}\n\n{_import_block(imports)}\n\n{code}"
    new_files = [NewFile(copies_name, copies)]
    if need_helper:
        new_files.insert(0, NewFile(helper_name, _helper_source(pkg, build, kind)))
    what = tests[chosen[0]].name if len(chosen) == 1 else f"{len(chosen)} tests"
    return Fix(
        f"Run {what} against {label} too (integration-tagged copy with a Testcontainers helper)",
        "refactor",
        (),
        new_files=tuple(new_files),
    )


@rule(
    code="ENV001",
    name="sqlite-standin",
    severity=Severity.WARNING,
    summary="SQLite standing in for the Postgres or MySQL the module ships with.",
    fix="refactor",
    scope="file",
    file_needles=(b"sqlite",),
)
def check(ctx: FileContext) -> Iterator[Finding]:
    mod = ctx.gomod
    if mod is None:
        return
    ships = shipped(mod)
    targets = [(k, ships[k][0]) for k in ("postgres", "mysql") if k in ships]
    if not targets:
        return
    opens = _sqlite_opens(ctx)
    if not opens or _opens_other_database(ctx) or ships_sqlite(mod):
        return
    kind, path = targets[0]
    label = _LABEL[kind]
    fix = _fix(ctx, opens)
    fixable = {o.node.start_byte for o in opens if o.how in ("sql", "gorm")}
    for o in opens:
        what = (
            "This import of a SQLite driver means the tests run on SQLite"
            if o.how == "import"
            else "This test opens SQLite"
        )
        msg = (
            f"{what}, but the module ships with {label} ({path}): dialect, types, constraints and locking "
            f"differ, so it can pass here and fail in production; run it against a real {label} too "
            f"(integration-tagged, Testcontainers)"
        )
        fixes = [fix] if fix is not None and o.node.start_byte in fixable and _in_copied(ctx, o, fix) else []
        yield check.finding(o.node.start_byte, o.node.end_byte, msg, fixes)


def _in_copied(ctx: FileContext, o: _Open, fix: Fix) -> bool:
    """Whether the open's test is among the copies the fix makes."""
    fn = ctx.function_at(o.node)
    if fn is None or fn.kind != "test":
        return False
    return any(f"func {fn.name}{lbl}(" in nf.content for nf in fix.new_files for lbl in _LABEL.values())
