"""Open documents: our own text, line index and syntax tree, kept in step with the editor by incremental
edits (`Tree.edit` + an incremental reparse) so a keystroke in a 5,000-line file costs a millisecond
(while the text has a syntax error, it is parsed from scratch: see `apply_bytes`).

We keep our own text because pygls applies each change to its copy before our handler runs, and
`Tree.edit` needs the offsets of the text *before* the change.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote, urlparse

from tree_sitter import Point, Tree

from .parsing import parse
from .positions import Encoding, LineIndex, advance_point, ts_point


@dataclass(frozen=True)
class Change:
    """One contentChanges entry: a range (None: the whole document) and the new text."""

    text: str
    start: tuple[int, int] | None = None  # (line, character) in the negotiated encoding
    end: tuple[int, int] | None = None


def uri_to_path(uri: str) -> str | None:
    u = urlparse(uri)
    if u.scheme != "file":
        return None
    path = unquote(u.path)
    if u.netloc and u.netloc != "localhost":
        path = f"//{u.netloc}{path}"
    if len(path) >= 3 and path[0] == "/" and path[2] == ":":  # file:///c:/x on Windows
        path = path[1:]
    return path


def encode(text: str) -> bytes:
    # surrogatepass: a lone surrogate a client sent must not stop us; tree-sitter reads any bytes.
    return text.encode("utf-8", "surrogatepass")


class Document:
    def __init__(
        self, uri: str, text: str, version: int | None = None, encoding: Encoding = "utf-16"
    ) -> None:
        self.uri = uri
        self.path = uri_to_path(uri)
        self.version = version
        self.encoding: Encoding = encoding
        self.src = encode(text)
        self.lines = LineIndex(self.src)
        self.tree: Tree = parse(self.src)
        self.generation = 0  # bumps on every change, even when a client reuses version numbers

    def replace_all(self, text: str) -> None:
        self.src = encode(text)
        self.lines = LineIndex(self.src)
        self.tree = parse(self.src)
        self.generation += 1

    def apply(self, change: Change) -> None:
        if change.start is None or change.end is None:
            self.replace_all(change.text)
            return
        a = self.lines.offset(change.start[0], change.start[1], self.encoding)
        b = self.lines.offset(change.end[0], change.end[1], self.encoding)
        if b < a:
            a, b = b, a
        self.apply_bytes(a, b, encode(change.text))

    def apply_bytes(self, start: int, end: int, new: bytes) -> None:
        """Replace src[start:end] with `new`, editing the old tree and reparsing incrementally."""
        old = self.src
        start = max(0, min(start, len(old)))
        end = max(start, min(end, len(old)))
        new_src = old[:start] + new + old[end:]
        sp = ts_point(old, start)
        oep = ts_point(old, end)
        nep = advance_point(sp, new)
        self.tree.edit(
            start_byte=start,
            old_end_byte=end,
            new_end_byte=start + len(new),
            start_point=Point(*sp),
            old_end_point=Point(*oep),
            new_end_point=Point(*nep),
        )
        tree = parse(new_src, self.tree)
        if tree.root_node.has_error:
            # Error recovery after an incremental reparse can differ from a fresh parse's (tree-sitter
            # reuses the old tree's subtrees around the error); one text must have one tree, and the same
            # findings as `check` reports for it, so a text with a syntax error is parsed from scratch.
            tree = parse(new_src)
        self.tree = tree
        self.lines = self.lines.edited(new_src, start, end, len(new))
        self.src = new_src
        self.generation += 1

    def text(self) -> str:
        return self.src.decode("utf-8", "surrogatepass")


class Documents:
    def __init__(self) -> None:
        self._docs: dict[str, Document] = {}

    def open(self, uri: str, text: str, version: int | None, encoding: Encoding) -> Document:
        d = Document(uri, text, version, encoding)
        self._docs[uri] = d
        return d

    def get(self, uri: str) -> Document | None:
        return self._docs.get(uri)

    def close(self, uri: str) -> Document | None:
        return self._docs.pop(uri, None)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(list(self._docs.values()))

    def __len__(self) -> int:
        return len(self._docs)
