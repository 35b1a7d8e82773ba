"""HAB008's golden-file refactor end to end, with the real Go toolchain: `gotestsmells check --fix
--unsafe-fixes` moves long expected literals to testdata/<TestName>.golden, creates the golden helper once
per package (and reuses it later), `go test` passes on the result, and `go test -update` rewrites the
golden files when the output changes on purpose."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from gotool import run_go

RENDER = """package report

import (
	"fmt"
	"strings"
)

var Footer = ""

// Render lists items as HTML.
func Render(items []string) string {
	var b strings.Builder
	b.WriteString("<ul>\\n")
	for _, it := range items {
		fmt.Fprintf(&b, "  <li>%s</li>\\n", it)
	}
	b.WriteString("</ul>\\n" + Footer)
	return b.String()
}
"""

ITEMS = ["a", "b", "c", "d", "e", "f", "g", "h"]
EXPECTED = "<ul>\n" + "".join(f"  <li>{i}</li>\n" for i in ITEMS) + "</ul>\n"

RENDER_TEST = f"""package report

import "testing"

func TestRender(t *testing.T) {{
	got := Render([]string{{"a", "b", "c", "d", "e", "f", "g", "h"}})
	want := `{EXPECTED}`
	if got != want {{
		t.Errorf("Render() = %s, want %s", got, want)
	}}
}}
"""

LIST_TEST = f"""package report

import (
	"strings"
	"testing"
)

func TestList(t *testing.T) {{
	var b strings.Builder
	b.WriteString(Render(strings.Split("a b c d e f g h", " ")))
	if b.String() != `{EXPECTED}` {{
		t.Error(b.String())
	}}
}}
"""

LATER_TEST = f"""package report

import "testing"

func TestLater(t *testing.T) {{
	got := Render([]string{{"a", "b", "c", "d", "e", "f", "g", "h"}})
	if got != `{EXPECTED}` {{
		t.Error(got)
	}}
}}
"""


def _check_fix(mod: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "gotestsmells",
            "check",
            "--select",
            "HAB008",
            "--fix",
            "--unsafe-fixes",
            str(mod),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )


def _helpers(mod: Path) -> list[Path]:
    return sorted(p for p in mod.glob("*_test.go") if "returns the expected output kept in" in p.read_text())


def test_golden_refactor_end_to_end(tmp_path: Path) -> None:
    mod = tmp_path / "report"
    mod.mkdir()
    (mod / "go.mod").write_text("module example.com/report\n\ngo 1.22\n")
    # HAB008 is a hint: fix-all applies hints' fixes only when asked to.
    (mod / "gotestsmells.toml").write_text("fix-hints = true\n")
    (mod / "report.go").write_text(RENDER)
    (mod / "render_test.go").write_text(RENDER_TEST)
    (mod / "list_test.go").write_text(LIST_TEST)

    r = run_go(["test", "./..."], mod)
    assert r.returncode == 0, r.stdout + r.stderr

    r = _check_fix(mod)
    assert r.returncode in (0, 1), r.stderr
    assert (mod / "testdata" / "TestRender.golden").read_text() == EXPECTED
    assert (mod / "testdata" / "TestList.golden").read_text() == EXPECTED
    helpers = _helpers(mod)
    assert [p.name for p in helpers] == ["golden_helper_test.go"], "one helper for the package"
    assert 'golden(t, "TestRender", got)' in (mod / "render_test.go").read_text()
    assert 'golden(t, "TestList", b.String())' in (mod / "list_test.go").read_text()
    assert "<li>" not in (mod / "render_test.go").read_text()

    for args in (["vet", "./..."], ["test", "-count=1", "./..."]):
        r = run_go(args, mod)
        assert r.returncode == 0, f"go {args[0]}: {r.stdout}{r.stderr}"

    # Nothing is left to fix, and fixing again writes nothing new.
    before = {p: p.read_bytes() for p in mod.rglob("*") if p.is_file()}
    _check_fix(mod)
    assert {p: p.read_bytes() for p in mod.rglob("*") if p.is_file()} == before

    # A later test in the same package reuses the helper.
    (mod / "later_test.go").write_text(LATER_TEST)
    _check_fix(mod)
    assert [p.name for p in _helpers(mod)] == ["golden_helper_test.go"]
    assert 'golden(t, "TestLater", got)' in (mod / "later_test.go").read_text()
    assert (mod / "testdata" / "TestLater.golden").read_text() == EXPECTED

    # An intended change of the output: the tests fail, -update rewrites the golden files, they pass.
    (mod / "report.go").write_text(RENDER.replace('var Footer = ""', 'var Footer = "<!-- v2 -->\\n"'))
    r = run_go(["test", "-count=1", "./..."], mod)
    assert r.returncode != 0, "the changed output must fail against the old golden files"
    r = run_go(["test", "-count=1", "./...", "-update"], mod)
    assert r.returncode == 0, r.stdout + r.stderr
    assert (mod / "testdata" / "TestRender.golden").read_text() == EXPECTED + "<!-- v2 -->\n"
    r = run_go(["test", "-count=1", "./..."], mod)
    assert r.returncode == 0, r.stdout + r.stderr
