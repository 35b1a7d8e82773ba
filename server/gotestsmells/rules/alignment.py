"""Does an edit upset gofmt's alignment of trailing comments?

gofmt lines up the `// comments` that end consecutive lines into one column, one space past the widest
code among them (which lines form a group depends on blocks and indentation too). An edit that changes
the width of such a line, or deletes the line between two commented ones, leaves the file not
gofmt-clean, and recomputing gofmt's grouping is not worth it: a fix that would do that is simply not
offered. Lines without a trailing comment are never aligned, so the common case is unaffected.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..analysis.context import FileContext
from ..parsing import captures
from .base import Edit


def trailing_comment_lines(ctx: FileContext, first: int, last: int) -> set[int]:
    """The lines among first..last (0-based, inclusive) that end in a comment with code before it."""
    lines = ctx.lines
    first = max(first, 0)
    last = min(last, lines.line_count - 1)
    if first > last:
        return set()
    start, end = lines.starts[first], lines.line_end(last)
    src = ctx.src
    out: set[int] = set()
    for c in captures("(comment) @c", ctx.root, start, end).get("c", []):
        ln = lines.line_of(c.start_byte)
        if not first <= ln <= last or lines.line_of(c.end_byte) != ln:
            continue
        if src[lines.starts[ln] : c.start_byte].strip():
            out.add(ln)
    return out


def disturbs_comment_alignment(ctx: FileContext, edits: Iterable[Edit]) -> bool:
    """Whether applying `edits` could change how gofmt aligns trailing comments."""
    lines = ctx.lines
    for e in edits:
        first = lines.line_of(e.start)
        # An edit that removes whole lines ends at the start of the line after them.
        whole_lines = e.new == "" and e.start == lines.starts[first] and e.end in lines.starts
        last = lines.line_of(e.end) - (1 if whole_lines and e.end > e.start else 0)
        commented = trailing_comment_lines(ctx, first - 1, last + 1)
        touched = {ln for ln in commented if first <= ln <= last}
        if touched and len(commented) > 1:
            return True
        if whole_lines and {first - 1, last + 1} <= commented:
            return True
    return False
