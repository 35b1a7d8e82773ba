"""Line index over a document's bytes, and conversions between byte offsets and editor positions.

Lines end at ``\\n``, ``\\r\\n`` or a lone ``\\r`` (what LSP says), never at U+2028, ``\\x0c`` or ``\\x85``
(what ``str.splitlines`` would do).  Columns are counted in the negotiated encoding: UTF-8 bytes,
UTF-16 code units or UTF-32 code points.  Everything inside the linter works in byte offsets; only the
LSP layer and the CLI's output convert.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate
from typing import Literal

Encoding = Literal["utf-8", "utf-16", "utf-32"]

_EOL = re.compile(rb"\r\n|\r|\n")


def line_starts(text: bytes) -> list[int]:
    """Byte offset where each line starts; the first is always 0."""
    if b"\r" not in text:
        # Fast path: split is C code, accumulate too; no per-line Python work but one addition.
        parts = text.split(b"\n")
        acc = accumulate((len(p) + 1 for p in parts[:-1]), initial=0)
        return list(acc)
    return [0, *(m.end() for m in _EOL.finditer(text))]


def _decode(b: bytes) -> str:
    """Text of a byte run: surrogates a client sent survive; bytes that are not UTF-8 become U+FFFD."""
    try:
        return b.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError:
        return b.decode("utf-8", "replace")


def _units(s: str, enc: Encoding) -> int:
    if enc == "utf-32":
        return len(s)
    if enc == "utf-16":
        return len(s.encode("utf-16-le", "surrogatepass")) // 2
    return len(s.encode("utf-8", "surrogatepass"))


class LineIndex:
    """Immutable index of one version of a document's text."""

    __slots__ = ("starts", "text")

    def __init__(self, text: bytes, starts: list[int] | None = None) -> None:
        self.text = text
        self.starts = line_starts(text) if starts is None else starts

    def edited(self, new_text: bytes, start: int, end: int, inserted_len: int) -> LineIndex:
        """The index of `new_text`, which is this text with [start, end) replaced by `inserted_len` bytes.
        Lines wholly before the edit keep their starts, lines after shift: no rescan of the whole text."""
        starts = self.starts
        # A "\r\n" pair may be split or joined at the edges: rescan from the line before the edit.
        first = max(0, bisect_right(starts, start) - 2)
        scan_from = starts[first]
        old_after = bisect_right(starts, end + 1)  # first line start strictly after end+1
        delta = inserted_len - (end - start)
        new_end = end + 1 + delta
        # Rescan [scan_from, new_end] in the new text, then shift the untouched tail.
        region = new_text[scan_from : min(len(new_text), new_end + 1)]
        mid = [scan_from + o for o in line_starts(region)[1:] if scan_from + o <= new_end]
        tail = [x + delta for x in starts[old_after:]]
        return LineIndex(new_text, [*starts[: first + 1], *mid, *tail])

    @property
    def line_count(self) -> int:
        return len(self.starts)

    def line_of(self, offset: int) -> int:
        return bisect_right(self.starts, offset) - 1

    def line_end(self, line: int, *, include_eol: bool = False) -> int:
        """Byte offset of the end of `line` (before its terminator unless include_eol)."""
        if line + 1 < len(self.starts):
            end = self.starts[line + 1]
            if include_eol:
                return end
            if self.text[end - 2 : end] == b"\r\n":
                return end - 2
            return end - 1
        return len(self.text)

    def line_bytes(self, line: int) -> bytes:
        return self.text[self.starts[line] : self.line_end(line)]

    def position(self, offset: int, enc: Encoding = "utf-16") -> tuple[int, int]:
        """(line, column) of a byte offset, the column in `enc` units."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect_right(self.starts, offset) - 1
        start = self.starts[line]
        if enc == "utf-8":
            return line, offset - start
        seg = self.text[start:offset]
        if seg.isascii():
            return line, len(seg)
        return line, _units(_decode(seg), enc)

    def offset(self, line: int, column: int, enc: Encoding = "utf-16") -> int:
        """Byte offset of an editor position, clamped into the document (LSP's rule for positions
        past a line's end or past the last line)."""
        if line < 0:
            return 0
        if line >= len(self.starts):
            return len(self.text)
        start = self.starts[line]
        end = self.line_end(line)
        column = max(0, column)
        if enc == "utf-8":
            off = min(start + column, end)
            # A column inside a multi-byte character is rounded down to the character's start.
            while start < off < len(self.text) and (self.text[off] & 0xC0) == 0x80:
                off -= 1
            return off
        seg = self.text[start:end]
        if seg.isascii():
            return start + min(column, len(seg))
        return start + _byte_len_of_prefix(seg, column, enc)


def _byte_len_of_prefix(seg: bytes, units: int, enc: Encoding) -> int:
    """Bytes of the longest prefix of `seg` that is at most `units` code units long.  A column that falls
    inside a surrogate pair is rounded down to the start of the character."""
    if not _is_utf8(seg):
        # Not UTF-8 (binary junk): there is no faithful mapping; count bytes.
        return min(units, len(seg))
    text = seg.decode("utf-8", "surrogatepass")
    count = 0
    nbytes = 0
    for ch in text:
        cp = ord(ch)
        w = 2 if (enc == "utf-16" and cp > 0xFFFF) else 1
        if count + w > units:
            break
        count += w
        nbytes += len(ch.encode("utf-8", "surrogatepass"))
    return nbytes


def _is_utf8(seg: bytes) -> bool:
    try:
        seg.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError:
        return False
    return True


def code_point_column(index: LineIndex, offset: int) -> int:
    """1-based column in Unicode code points, as the CLI reports it."""
    return index.position(offset, "utf-32")[1] + 1


def ts_point(text: bytes, offset: int) -> tuple[int, int]:
    """tree-sitter's Point for a byte offset: rows count ``\\n`` only, columns are bytes."""
    row = text.count(b"\n", 0, offset)
    col = offset - (text.rfind(b"\n", 0, offset) + 1)
    return row, col


def advance_point(start: tuple[int, int], inserted: bytes) -> tuple[int, int]:
    """The tree-sitter Point after `inserted` is written at `start`."""
    n = inserted.count(b"\n")
    if n == 0:
        return start[0], start[1] + len(inserted)
    return start[0] + n, len(inserted) - inserted.rfind(b"\n") - 1


__all__ = [
    "Encoding",
    "LineIndex",
    "advance_point",
    "code_point_column",
    "line_starts",
    "ts_point",
]
