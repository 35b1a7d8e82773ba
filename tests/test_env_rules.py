"""ENV rules: cases the fixture convention cannot hold (files that are not gofmt-clean, files that appear
on disk between runs) and the fix-all behaviour ENV001's file-only fix relies on."""

from __future__ import annotations

from pathlib import Path

from gotestsmells.config import Settings
from gotestsmells.fixes import fix_all
from gotestsmells.linter import Linter
from gotestsmells.parsing import parse
from gotestsmells.rules.base import Finding, Fix, NewFile

GOMOD = (
    "module example.com/app\n\ngo 1.22\n\n"
    "require (\n\tgithub.com/jackc/pgx/v5 v5.7.2\n\tgithub.com/mattn/go-sqlite3 v1.14.24\n)\n"
)
SQLITE_TEST = """package store

import (
	"database/sql"
	"testing"

	_ "github.com/mattn/go-sqlite3"
)

func TestUsers(t *testing.T) {
	db, err := sql.Open("sqlite3", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
}
"""


def _lint(path: Path, code: str, src: str | None = None) -> list[Finding]:
    data = (src if src is not None else path.read_text()).encode()
    res = Linter().lint(str(path), data, Settings(select=(code,)))
    assert not res.rule_errors, res.rule_errors
    return res.findings


def test_fix_all_produces_a_file_only_fix_once() -> None:
    """Two findings offering the same new file: fix-all creates it once and stops (the source is
    unchanged, so without bookkeeping it would loop or never produce it)."""
    src = b"package p\n"
    tree = parse(src)
    nf = NewFile("p_postgres_test.go", "package p\n")
    fix = Fix("copy", "refactor", (), new_files=(nf,))
    findings = [Finding("ENV001", 0, 7, "m", (fix,)), Finding("ENV001", 0, 7, "m", (fix,))]
    res = fix_all(src, lambda s: (tree, findings, None), lambda f, x: True)
    assert res.source == src
    assert res.new_files == [nf]
    assert res.iterations == 1


def test_env001_fix_withdrawn_when_the_copy_exists(tmp_path: Path) -> None:
    (tmp_path / "go.mod").write_text(GOMOD)
    test = tmp_path / "store_test.go"
    test.write_text(SQLITE_TEST)
    [f] = _lint(test, "ENV001")
    assert [nf.path for nf in f.fixes[0].new_files] == ["postgres_setup_test.go", "store_postgres_test.go"]
    # After the fix ran, the copies file is there: the finding stays, the fix is not offered again.
    for nf in f.fixes[0].new_files:
        (tmp_path / nf.path).write_text(nf.content)
    [f] = _lint(test, "ENV001")
    assert f.fixes == ()


def test_env001_helper_not_duplicated_and_names_checked(tmp_path: Path) -> None:
    (tmp_path / "go.mod").write_text(GOMOD)
    test = tmp_path / "store_test.go"
    test.write_text(SQLITE_TEST)
    # The package declares postgresDSN already: a new helper would clash, so no fix.
    (tmp_path / "vars_test.go").write_text('package store\n\nvar postgresDSN = "x"\n')
    [f] = _lint(test, "ENV001")
    assert f.fixes == ()
    # Another package in the folder (store_test) does not count.
    (tmp_path / "vars_test.go").write_text('package store_test\n\nvar postgresDSN = "x"\n')
    [f] = _lint(test, "ENV001")
    assert len(f.fixes) == 1


def test_env001_needs_a_direct_postgres_or_mysql_requirement(tmp_path: Path) -> None:
    (tmp_path / "go.mod").write_text("module m\n\ngo 1.22\n\nrequire github.com/mattn/go-sqlite3 v1.14.24\n")
    test = tmp_path / "store_test.go"
    test.write_text(SQLITE_TEST)
    assert _lint(test, "ENV001") == []


def test_env003_reads_legacy_plus_build_lines(tmp_path: Path) -> None:
    """Pre-1.17 files carry only `// +build`: a custom tag there keeps them out of a plain go test."""
    (tmp_path / "go.mod").write_text("module m\n\ngo 1.16\n")
    body = (
        'package p\n\nimport (\n\t"net"\n\t"testing"\n)\n\n'
        'func TestDial(t *testing.T) {\n\tnet.Dial("tcp", "db.acme.io:5432")\n}\n'
    )
    f = tmp_path / "dial_test.go"
    f.write_text("// +build integration\n\n" + body)
    assert _lint(f, "ENV003") == []
    f.write_text("// +build linux\n\n" + body)
    assert len(_lint(f, "ENV003")) == 1
    fixed = Linter().fix(str(f), f.read_bytes(), Settings(select=("ENV003",)), unsafe=True).source
    assert fixed.startswith(b"//go:build linux && integration\n// +build linux,integration\n\npackage p\n")


def test_env003_testmain_guard_in_a_sibling_file(tmp_path: Path) -> None:
    (tmp_path / "go.mod").write_text("module m\n\ngo 1.22\n")
    f = tmp_path / "db_test.go"
    f.write_text(
        'package p\n\nimport (\n\t"os"\n\t"testing"\n)\n\n'
        'func TestDB(t *testing.T) {\n\t_ = os.Getenv("DATABASE_URL")\n}\n'
    )
    assert len(_lint(f, "ENV003")) == 1
    (tmp_path / "main_test.go").write_text(
        'package p\n\nimport (\n\t"flag"\n\t"os"\n\t"testing"\n)\n\n'
        "func TestMain(m *testing.M) {\n\tflag.Parse()\n\tif testing.Short() {\n\t\tos.Exit(0)\n\t}\n"
        "\tos.Exit(m.Run())\n}\n"
    )
    assert _lint(f, "ENV003") == []
    # A TestMain that only a tagged build compiles does not guard a plain go test.
    (tmp_path / "main_test.go").write_text(
        "//go:build integration\n\n" + (tmp_path / "main_test.go").read_text()
    )
    assert len(_lint(f, "ENV003")) == 1


def test_env004_counts_tests_across_files_of_one_package_only(tmp_path: Path) -> None:
    (tmp_path / "go.mod").write_text("module m\n\ngo 1.22\n")
    start = (
        'package {pkg}\n\nimport (\n\t"context"\n\t"testing"\n\n'
        '\t"github.com/testcontainers/testcontainers-go"\n)\n\n'
        'func {name}(t *testing.T) {{\n\t_, _ = testcontainers.Run(context.Background(), "redis:7")\n}}\n'
    )
    a = tmp_path / "a_test.go"
    a.write_text(start.format(pkg="p", name="TestA"))
    (tmp_path / "b_test.go").write_text(start.format(pkg="p_test", name="TestB"))
    assert _lint(a, "ENV004") == []  # an external test package is another package
    (tmp_path / "c_test.go").write_text(start.format(pkg="p", name="TestC"))
    [f] = _lint(a, "ENV004")
    assert "and so does TestC" in f.message
