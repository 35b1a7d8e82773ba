"""Suppression comments.

- `//gotestsmells:ignore CODE[,CODE] reason` silences those codes on its own line; written alone on a line
  it also silences the next line, and when that line starts a `func` (doc comments between are skipped),
  the whole function.
- golangci-lint's `//nolint`, `//nolint:all` and `//nolint:gotestsmells[,other]` silence every code the
  same way.
- `//gotestsmells:file-ignore CODE[,CODE] reason` silences codes for the whole file.
Codes may be category prefixes (`DET`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tree_sitter import Node

from .parsing import captures
from .positions import LineIndex
from .rules import BY_CODE, CATEGORIES

_IGNORE = re.compile(r"^//\s*gotestsmells:(ignore|file-ignore)\b[ \t]*([A-Za-z0-9_, ]*)")
_NOLINT = re.compile(r"^//\s*nolint(?::([\w,\- ]+))?(?:\s|$|//)")

ALL_CODES = "*"


@dataclass
class Suppressions:
    file_codes: set[str] = field(default_factory=set)
    lines: dict[int, set[str]] = field(default_factory=dict)
    ranges: list[tuple[int, int, set[str]]] = field(default_factory=list)  # byte ranges (whole functions)

    def __bool__(self) -> bool:
        return bool(self.file_codes or self.lines or self.ranges)

    @staticmethod
    def _hit(codes: set[str], code: str) -> bool:
        return ALL_CODES in codes or code in codes or any(code.startswith(c) for c in codes)

    def suppressed(self, code: str, start: int, line: int) -> bool:
        if self._hit(self.file_codes, code):
            return True
        codes = self.lines.get(line)
        if codes and self._hit(codes, code):
            return True
        return any(a <= start < b and self._hit(c, code) for a, b, c in self.ranges)


def _parse_codes(s: str) -> set[str]:
    out = set()
    for tok in re.split(r"[,\s]+", s.strip()):
        if tok in BY_CODE or tok in CATEGORIES:
            out.add(tok)
        else:
            break  # the reason starts here
    return out


def may_silence(src: bytes) -> bool:
    """Whether the text may hold a silencing comment (every form above names one of these)."""
    return b"gotestsmells:" in src or b"nolint" in src


def read_suppressions(
    src: bytes, root: Node, lines: LineIndex, functions: list[Node] | None = None
) -> Suppressions:
    sup = Suppressions()
    if not may_silence(src):
        return sup
    if functions is None:
        functions = [n for n in root.children if n.type in ("function_declaration", "method_declaration")]
    funcs = {lines.line_of(n.start_byte): n for n in functions}
    for c in captures("(comment) @c", root).get("c", []):
        raw = src[c.start_byte : c.end_byte].decode("utf-8", "replace")
        codes: set[str]
        m = _IGNORE.match(raw)
        if m:
            codes = _parse_codes(m.group(2))
            if not codes:
                continue
            if m.group(1) == "file-ignore":
                sup.file_codes |= codes
                continue
        else:
            n = _NOLINT.match(raw)
            if not n:
                continue
            linters = [x.strip() for x in (n.group(1) or "all").split(",")]
            if not any(x in ("all", "gotestsmells") for x in linters):
                continue
            codes = {ALL_CODES}
        line = lines.line_of(c.start_byte)
        sup.lines.setdefault(line, set()).update(codes)
        line_start = lines.starts[line]
        alone = src[line_start : c.start_byte].strip() == b""
        if not alone:
            continue
        nxt = line + 1
        while nxt < lines.line_count and lines.line_bytes(nxt).lstrip().startswith(b"//"):
            nxt += 1
        if nxt < lines.line_count:
            sup.lines.setdefault(nxt, set()).update(codes)
            fn = funcs.get(nxt)
            if fn is not None:
                sup.ranges.append((fn.start_byte, fn.end_byte, codes))
    return sup
