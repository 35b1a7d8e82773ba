"""rules/alignment.py: which edits would upset gofmt's alignment of trailing comments.  Each case is also
checked against gofmt itself, so the helper's "safe" answers are proven, not assumed."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from gotestsmells.analysis.context import FileContext
from gotestsmells.fixes import apply_edits
from gotestsmells.parsing import parse
from gotestsmells.rules.alignment import disturbs_comment_alignment
from gotestsmells.rules.base import Edit
from gotool import gofmt_diff

SRC = b"""package x

func f() {
	a := 1         // one
	bbbbbbbbb := 2 // two
	c := 3
	dd := 4 // four

	e := 5
	tt := tt
	g := 6
	hhhh := 7 // seven
	x := x
	ii := 8 // eight
}
"""


def _ctx(src: bytes) -> FileContext:
    return FileContext("x_test.go", src, parse(src))


def _line(src: bytes, needle: bytes) -> tuple[int, int]:
    start = src.index(needle)
    ls = src.rfind(b"\n", 0, start) + 1
    return ls, src.index(b"\n", start) + 1


def _replace(src: bytes, old: bytes, new: bytes) -> Edit:
    i = src.index(old)
    return Edit(i, i + len(old), new.decode())


CASES = [
    # A line aligned with its neighbour changes width: not safe.
    ("shrink aligned", lambda s: [_replace(s, b"bbbbbbbbb := 2", b"b := 2")], True),
    # A lone commented line (no commented neighbour) may change: gofmt keeps one space.
    ("lone comment", lambda s: [_replace(s, b"dd := 4", b"d := 4")], False),
    # A line without a trailing comment is never aligned.
    ("no comment", lambda s: [_replace(s, b"c := 3", b"ccc := 3")], False),
    # Deleting a line between two commented lines would join them into one aligned group.
    ("join groups", lambda s: [Edit(*_line(s, b"x := x"), "")], True),
    # Deleting a line with no commented neighbours on both sides is fine.
    ("plain delete", lambda s: [Edit(*_line(s, b"tt := tt"), "")], False),
]


@pytest.mark.parametrize(("name", "edits", "disturbs"), CASES, ids=[c[0] for c in CASES])
def test_alignment(name: str, edits: Callable[[bytes], list[Edit]], disturbs: bool) -> None:
    assert gofmt_diff(SRC) == "", "the sample itself must be gofmt-clean"
    es = edits(SRC)
    assert disturbs_comment_alignment(_ctx(SRC), es) is disturbs
    result = apply_edits(SRC, es)
    # The helper's answer matches gofmt's: where it says "safe", the result is gofmt-clean.
    assert (gofmt_diff(result) != "") is disturbs
