"""Hover on a finding: the rule's documentation, as `gotestsmells rule CODE` prints it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from ..cli import rule_doc
from . import diagnostics

if TYPE_CHECKING:
    from ..server import GoTestSmellsServer


def hover(ls: GoTestSmellsServer, params: types.HoverParams) -> types.Hover | None:
    doc = ls.docs.get(params.text_document.uri)
    if doc is None:
        return None
    entry = diagnostics.compute(ls, doc)
    at = doc.lines.offset(params.position.line, params.position.character, doc.encoding)
    codes: list[str] = []
    for f in entry.result.findings:
        if f.start <= at <= f.end and f.code not in codes:
            codes.append(f.code)
    if not codes:
        return None
    body = "\n\n---\n\n".join(rule_doc(c) for c in codes)
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=body))
