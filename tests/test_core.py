"""Unit tests of the core modules: positions, build constraints, config, suppression, imports, fixes."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gotestsmells.buildtags import find_constraint, go_version, needs_custom_tag, parse_expr
from gotestsmells.config import Settings, validate
from gotestsmells.fixes import apply_edits, minimal_edit, resolve
from gotestsmells.imports import update_imports
from gotestsmells.linter import Linter
from gotestsmells.parsing import parse
from gotestsmells.positions import LineIndex
from gotestsmells.rules import ALL, BY_CODE
from gotestsmells.rules.base import Edit, Fix, Severity
from gotool import gofmt_diff

# -- positions --------------------------------------------------------------------------------------------


def test_line_index_terminators() -> None:
    li = LineIndex("a\nb\r\nc\rd\u2028e\x0cf\x85g".encode())
    # Only \n, \r\n and a lone \r end lines; U+2028, \x0c and \x85 do not.
    assert li.line_count == 4
    assert li.position(len(b"a\nb\r\nc\r"), "utf-16") == (3, 0)


@pytest.mark.parametrize(
    ("enc", "col"),
    [("utf-8", len("x🎉日".encode())), ("utf-16", 1 + 2 + 1), ("utf-32", 3)],
)
def test_columns_per_encoding(enc: str, col: int) -> None:
    text = "\tx🎉日y\n".encode()
    li = LineIndex(text)
    off = text.index(b"y")
    assert li.position(off, enc) == (0, col + 1)  # type: ignore[arg-type]
    assert li.offset(0, col + 1, enc) == off  # type: ignore[arg-type]


def test_offsets_clamp() -> None:
    li = LineIndex(b"ab\ncd")
    assert li.offset(0, 99) == 2  # past the line's end: its end
    assert li.offset(99, 0) == 5  # past the last line: the document's end
    assert li.offset(-1, 0) == 0
    # Inside a surrogate pair (UTF-16) or a multi-byte character (UTF-8): rounded down.
    li = LineIndex("🎉x".encode())
    assert li.offset(0, 1, "utf-16") == 0
    assert li.offset(0, 2, "utf-8") == 0


@given(
    st.text(alphabet=st.sampled_from(list("ab\n\r\t日🎉é")), max_size=40),
    st.integers(0, 60),
    st.integers(0, 60),
    st.text(alphabet=st.sampled_from(list("x\n\r🎉")), max_size=5),
)
@settings(max_examples=300)
def test_line_index_edit_equals_rebuild(text: str, a: int, b: int, ins: str) -> None:
    src = text.encode()
    a, b = sorted((min(a, len(src)), min(b, len(src))))
    new = src[:a] + ins.encode() + src[b:]
    assert LineIndex(src).edited(new, a, b, len(ins.encode())).starts == LineIndex(new).starts


# -- build constraints ------------------------------------------------------------------------------------


def test_build_constraints() -> None:
    assert go_version(parse_expr("go1.21 && !go1.22")) == (1, 21)
    assert go_version(parse_expr("linux || go1.22")) is None
    assert go_version(parse_expr("(go1.22 || go1.23) && linux")) == (1, 22)
    assert needs_custom_tag(parse_expr("integration"))
    assert needs_custom_tag(parse_expr("linux && e2e"))
    assert not needs_custom_tag(parse_expr("linux"))
    assert not needs_custom_tag(parse_expr("!integration"))
    assert not needs_custom_tag(parse_expr("linux || integration"))
    src = b"// Copyright\n\n//go:build linux && integration\n// +build linux,integration\n\npackage p\n"
    c = find_constraint(src)
    assert (
        c is not None
        and c.expr_text == "linux && integration"
        and c.line == 2
        and len(c.plus_build_lines) == 1
    )
    assert find_constraint(b"package p\n//go:build x\n") is None


def test_file_build_constraint_sets_go_version(tmp_path: Path) -> None:
    (tmp_path / "go.mod").write_text("module m\n\ngo 1.21\n")
    p = tmp_path / "a_test.go"
    p.write_text("//go:build go1.22\n\npackage p\n")
    r = Linter().lint(str(p), p.read_bytes(), Settings())
    assert r.ctx.go_version == (1, 22)
    p.write_text("package p\n")
    r = Linter().lint(str(p), p.read_bytes(), Settings())
    assert r.ctx.go_version == (1, 21)


# -- config -----------------------------------------------------------------------------------------------


def _codes(s: Settings) -> set[str]:
    return {r.code for r in s.enabled_rules()}


def test_selection_semantics() -> None:
    default = _codes(Settings())
    assert default == {r.code for r in ALL if r.enabled_by_default}
    assert "CON007" not in _codes(Settings(select=("CON",)))  # off by default: only by exact code
    assert "CON007" in _codes(Settings(select=("CON007",)))
    assert "CON007" in _codes(Settings(extend_select=("CON007",)))
    assert _codes(Settings(select=("DET",))) == {c for c in BY_CODE if c.startswith("DET")}
    assert not _codes(Settings(ignore=("DET", "CON", "CTR", "ENV", "HAB")))
    assert "HAB004" not in _codes(Settings(ignore=("HAB004",)))
    assert not _codes(Settings(enable=False))


def test_validate_reports_and_keeps_defaults() -> None:
    fields, errors = validate(
        {
            "select": 42,
            "severity": "loud",
            "ignore": ["NOPE1"],
            "bogus": 1,
            "extendSelect": ["CON007"],
            "fix-hints": "yes",
        },
        "t",
    )
    assert "select" not in fields and "severity" not in fields and "fix_hints" not in fields
    assert fields["extend_select"] == ("CON007",)
    assert any("select" in e for e in errors) and any("severity" in e for e in errors)
    assert any("NOPE1" in e for e in errors) and any("bogus" in e for e in errors)
    fields, errors = validate({"severity": {"HAB004": "error", "DET": "hint"}}, "t")
    assert not errors
    assert fields["severity"]["HAB004"] == Severity.ERROR and fields["severity"]["DET001"] == Severity.HINT


def test_config_file_nearest_and_bad(tmp_path: Path) -> None:
    (tmp_path / "go.mod").write_text("module m\n\ngo 1.22\n")
    sub = tmp_path / "pkg"
    sub.mkdir()
    (tmp_path / "gotestsmells.toml").write_text('ignore = ["HAB004"]\n[severity]\nHAB011 = "error"\n')
    linter = Linter()
    s, errors = linter.settings_for(str(sub / "a_test.go"))
    assert not errors and s.ignore == ("HAB004",) and s.severity["HAB011"] == Severity.ERROR
    (sub / ".gotestsmells.toml").write_text("select = [\n")
    s, errors = linter.settings_for(str(sub / "a_test.go"))
    assert errors and s == Settings()


# -- suppression ------------------------------------------------------------------------------------------

SUPPRESSED = """package p

import (
\t"os"
\t"testing"
)

func TestA(t *testing.T) {
\tos.Setenv("A", "1") //gotestsmells:ignore HAB004 legacy fixture
\t//gotestsmells:ignore HAB004 the next line too
\tos.Setenv("B", "1")
\tos.Setenv("C", "1") //nolint:gotestsmells // golangci style
\tos.Setenv("D", "1") //nolint:errcheck
\tos.Setenv("E", "1") //gotestsmells:ignore DET001 another code
}

// Doc comment.
//gotestsmells:ignore HAB HAB rules are silenced in the whole function
func TestB(t *testing.T) {
\tos.Setenv("F", "1")
}
"""


def test_suppression_comments(tmp_path: Path) -> None:
    p = tmp_path / "a_test.go"
    r = Linter().lint(str(p), SUPPRESSED.encode(), Settings(select=("HAB004",)))
    lines = [r.ctx.lines.line_of(f.start) + 1 for f in r.findings]
    assert lines == [13, 14]
    src = "//gotestsmells:file-ignore HAB004 generated\n" + SUPPRESSED
    r = Linter().lint(str(p), src.encode(), Settings(select=("HAB004",)))
    assert r.findings == []


# -- imports ----------------------------------------------------------------------------------------------

IMPORT_CASES = [
    # (source, add, prune, expected)
    (
        'package p\n\nimport (\n\t"os"\n\t"testing"\n)\n\nfunc f(t *testing.T) {}\n',
        [],
        ["os"],
        'package p\n\nimport (\n\t"testing"\n)\n\nfunc f(t *testing.T) {}\n',
    ),
    ('package p\n\nimport "os"\n\nfunc f() {}\n', [], ["os"], "package p\n\nfunc f() {}\n"),
    ('package p\n\nimport (\n\t"os"\n)\n\nfunc f() {}\n', [], ["os"], "package p\n\nfunc f() {}\n"),
    (
        'package p\n\nimport (\n\t"fmt"\n\n\t"os"\n\n\t"github.com/x/y"\n)\n\nvar _ = fmt.Sprint\nvar _ = y.Z\n',
        [],
        ["os"],
        'package p\n\nimport (\n\t"fmt"\n\n\t"github.com/x/y"\n)\n\nvar _ = fmt.Sprint\nvar _ = y.Z\n',
    ),
    (
        'package p\n\nimport (\n\t"os"\n\t"testing"\n)\n\nvar _ = os.Args\n',
        [],
        ["os"],
        'package p\n\nimport (\n\t"os"\n\t"testing"\n)\n\nvar _ = os.Args\n',
    ),
    (
        'package p\n\nimport (\n\t"os"\n\t"testing"\n)\n\nvar _ = os.Args\n',
        [("testing/synctest", None)],
        [],
        'package p\n\nimport (\n\t"os"\n\t"testing"\n\t"testing/synctest"\n)\n\nvar _ = os.Args\n',
    ),
    (
        'package p\n\nimport "testing"\n\nfunc f(t *testing.T) {}\n',
        [("sync", None)],
        [],
        'package p\n\nimport (\n\t"sync"\n\t"testing"\n)\n\nfunc f(t *testing.T) {}\n',
    ),
    ("package p\n\nfunc f() {}\n", [("time", None)], [], 'package p\n\nimport "time"\n\nfunc f() {}\n'),
    (
        'package p\n\nimport (\n\t"testing"\n\n\t"github.com/stretchr/testify/assert"\n)\n',
        [("github.com/stretchr/testify/require", None)],
        [],
        'package p\n\nimport (\n\t"testing"\n\n\t"github.com/stretchr/testify/assert"\n'
        '\t"github.com/stretchr/testify/require"\n)\n',
    ),
    (
        'package p\n\nimport (\n\t"testing"\n)\n',
        [("github.com/a/b", None)],
        [],
        'package p\n\nimport (\n\t"testing"\n\n\t"github.com/a/b"\n)\n',
    ),
    (
        'package p\n\nimport (\n\t"os"\n\t"testing"\n)\n',
        [("math/rand", "mrand")],
        ["os"],
        'package p\n\nimport (\n\tmrand "math/rand"\n\t"testing"\n)\n',
    ),
    (
        'package p\r\n\r\nimport (\r\n\t"os"\r\n\t"testing"\r\n)\r\n',
        [("sync", None)],
        ["os"],
        'package p\r\n\r\nimport (\r\n\t"sync"\r\n\t"testing"\r\n)\r\n',
    ),
]


@pytest.mark.parametrize(("src", "add", "prune", "want"), IMPORT_CASES)
def test_update_imports(src: str, add: list[tuple[str, str | None]], prune: list[str], want: str) -> None:
    got = update_imports(src.encode(), parse(src.encode()), add, prune).decode()
    assert got == want
    if "\r" not in want:
        assert gofmt_diff(got.encode()) == ""


# -- fixes ------------------------------------------------------------------------------------------------


def test_apply_and_minimal_edit() -> None:
    src = "héllo wörld".encode()
    out = apply_edits(src, [Edit(0, 1, "H"), Edit(src.index(b"w"), src.index(b"w") + 1, "W")])
    assert out.decode() == "Héllo Wörld"
    e = minimal_edit("aé🎉b".encode(), "aè🎉b".encode())
    assert e is not None and e.new == "è"


def test_fix_that_breaks_the_syntax_is_refused() -> None:
    src = b"package p\n\nfunc f() {\n\tx := 1\n\t_ = x\n}\n"
    tree = parse(src)
    bad = Fix("break it", "safe", (Edit(src.index(b"{"), src.index(b"{") + 1, ""),))
    assert resolve(src, tree, bad) is None
    good = Fix(
        "rename",
        "safe",
        (
            Edit(src.index(b"x :="), src.index(b"x :=") + 1, "y"),
            Edit(src.index(b"_ = x") + 4, src.index(b"_ = x") + 5, "y"),
        ),
    )
    r = resolve(src, tree, good)
    assert r is not None and b"y := 1" in r.result
