"""Property: any sequence of edits applied incrementally (Tree.edit + reparse, line index patched, findings
cached per function) gives the same text, tree, line index and findings as parsing the final text from
scratch.  Edits mix CRLF, lone CR, tabs, CJK, emoji, multi-line deletions and whole-document replacements,
in each position encoding."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lsprotocol import types

from gotestsmells.config import Settings
from gotestsmells.documents import Change, Document
from gotestsmells.linter import Linter
from gotestsmells.parsing import parse
from gotestsmells.positions import LineIndex
from lsp.helpers import to_index

BASE = """package probe

import (
\t"os"
\t"testing"
\t"time"
)

// 日本語 🎉
func TestA(t *testing.T) {
\tos.Setenv("A", "1")
\ttime.Sleep(time.Second)
}

func helper(t *testing.T) {
\tt.Errorf("x")
}

func TestB(t *testing.T) {
\tfor _, tt := range []int{1} {
\t\ttt := tt
\t\t_ = tt
\t}
}
"""

PIECES = [
    "\n",
    "\r\n",
    "\r",
    "\t",
    " ",
    "{",
    "}",
    "(",
    ")",
    "日本",
    "🎉",
    "é",
    "x",
    "t",
    ";",
    "//",
    "`",
    'os.Setenv("K", "v")\n',
    "time.Sleep(1)\n",
    "func TestC(t *testing.T) {\n",
    "}\n",
    "defer f()\n",
    '"',
    "\u2028",
    "\x0c",
    "\x85",
]

text_st = st.lists(st.sampled_from(PIECES), max_size=8).map("".join)


@st.composite
def edits(draw: st.DrawFn) -> list[tuple[int, int, int, int, str] | str]:
    out: list[tuple[int, int, int, int, str] | str] = []
    for _ in range(draw(st.integers(1, 12))):
        if draw(st.integers(0, 15)) == 0:
            out.append(
                draw(st.sampled_from([BASE, BASE.replace("\n", "\r\n"), "", "package p\n"])) + draw(text_st)
            )
        else:
            l1 = draw(st.integers(0, 45))
            c1 = draw(st.integers(0, 40))
            if draw(st.booleans()):
                l2, c2 = l1, c1
            else:
                l2 = l1 + draw(st.integers(0, 6))
                c2 = draw(st.integers(0, 40))
            out.append((l1, c1, l2, c2, draw(text_st)))
    return out


def _reference(text: str, e: tuple[int, int, int, int, str], enc: str) -> str:
    l1, c1, l2, c2, new = e
    a = to_index(text, types.Position(line=l1, character=c1), enc)
    b = to_index(text, types.Position(line=l2, character=c2), enc)
    if b < a:
        a, b = b, a
    return text[:a] + new + text[b:]


def _findings(linter: Linter, path: str, src: bytes, tree=None, lines=None):  # type: ignore[no-untyped-def]
    s = Settings(select=("HAB", "DET", "CON", "CTR"))
    r = linter.lint(path, src, s, tree=tree, lines=lines)
    return [
        (f.code, f.start, f.end, f.message, f.anchor, f.related, [(x.title, x.edits) for x in f.fixes])
        for f in r.findings
    ]


# Near-identical tests and subtests: HAB009 groups them, and replays its last findings while an edit leaves
# the names, shapes and values alone.
GROUPS = """package probe

import (
	"strings"
	"testing"
)

func TestUpperA(t *testing.T) {
	got := strings.ToUpper("a")
	if got != "A" {
		t.Errorf("got %q", got)
	}
}

func TestUpperB(t *testing.T) {
	got := strings.ToUpper("b")
	if got != "B" {
		t.Errorf("got %q", got)
	}
}

func TestUpperC(t *testing.T) {
	got := strings.ToUpper("c")
	if got != "C" {
		t.Errorf("got %q", got)
	}
}

func TestRuns(t *testing.T) {
	t.Run("one", func(t *testing.T) {
		if strings.Repeat("x", 1) != "x" {
			t.Fatal("bad")
		}
	})
	t.Run("two", func(t *testing.T) {
		if strings.Repeat("x", 2) != "xx" {
			t.Fatal("bad")
		}
	})
	t.Run("three", func(t *testing.T) {
		if strings.Repeat("x", 3) != "xxx" {
			t.Fatal("bad")
		}
	})
}
"""


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seq=edits(), enc=st.sampled_from(["utf-16", "utf-8", "utf-32"]), crlf=st.booleans())
def test_incremental_equals_fresh(seq, enc, crlf) -> None:  # type: ignore[no-untyped-def]
    _check_sequence(BASE, seq, enc, crlf)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seq=edits(), enc=st.sampled_from(["utf-16", "utf-8", "utf-32"]), crlf=st.booleans())
def test_incremental_equals_fresh_with_groups(seq, enc, crlf) -> None:  # type: ignore[no-untyped-def]
    _check_sequence(GROUPS, seq, enc, crlf)


def _check_sequence(base: str, seq, enc, crlf) -> None:  # type: ignore[no-untyped-def]
    start = base.replace("\n", "\r\n") if crlf else base
    doc = Document("file:///tmp/prop/probe_test.go", start, 1, enc)  # type: ignore[arg-type]
    linter = Linter()
    expected = start
    _findings(linter, doc.path or "", doc.src, doc.tree, doc.lines)  # warm the per-function cache
    for e in seq:
        if isinstance(e, str):
            doc.apply(Change(e))
            expected = e
        else:
            doc.apply(Change(e[4], (e[0], e[1]), (e[2], e[3])))
            expected = _reference(expected, e, enc)
        assert doc.text() == expected
        fresh_src = expected.encode("utf-8", "surrogatepass")
        assert doc.src == fresh_src
        assert doc.lines.starts == LineIndex(fresh_src).starts
        fresh = parse(fresh_src)
        assert str(doc.tree.root_node) == str(fresh.root_node)
        got = _findings(linter, doc.path or "", doc.src, doc.tree, doc.lines)
        # Another path in the same folder: nothing kept for the edited document's path can answer.
        want = _findings(Linter(), "/tmp/prop/fresh_probe_test.go", fresh_src, fresh)
        assert got == want
