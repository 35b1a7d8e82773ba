"""Diagnostics: lint a document version once, convert the findings to LSP once, push them (debounced after
edits) and serve them by pull.

Diagnostics carry no `data`: a code action request is answered from the lint result of the document as
it is now (matched by code and range), never from what an older diagnostic remembered, so nothing can be
stale, and 600 diagnostics stay small on the wire.
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass
from itertools import count
from typing import TYPE_CHECKING, Any

from lsprotocol import types

from ..documents import Document
from ..linter import LintResult
from ..positions import Encoding, LineIndex
from ..protocol import RawResult
from ..rules import BY_CODE
from ..rules.base import Finding

if TYPE_CHECKING:
    from ..server import GoTestSmellsServer

log = logging.getLogger(__name__)
_result_ids = count(1)


Range4 = tuple[int, int, int, int]  # start line, start character, end line, end character


@dataclass
class Memo:
    """A converted finding: its range relative to the first line of its function, and its JSON text."""

    origin: Finding
    first_line: int  # the line its function started on when `fragment` was made
    rel: Range4  # (start line - first_line, start character, end line - first_line, end character)
    severity: int
    fragment: str


@dataclass
class Entry:
    generation: int
    settings_key: tuple[Any, ...]
    result: LintResult
    ranges: list[Range4]  # per finding, in the document's encoding
    fragments: list[str]  # per finding, its LSP Diagnostic as JSON text
    result_id: str
    memo: dict[int, Memo]  # id(finding.origin) -> Memo, reused by the next version of the document

    def item(self, i: int) -> dict[str, Any]:
        item: dict[str, Any] = json.loads(self.fragments[i])
        return item

    def items_json(self) -> str:
        return "[" + ",".join(self.fragments) + "]"


class ResultCache:
    def __init__(self) -> None:
        self._entries: dict[str, Entry] = {}

    def get(self, uri: str) -> Entry | None:
        return self._entries.get(uri)

    def put(self, uri: str, e: Entry) -> None:
        self._entries[uri] = e

    def drop(self, uri: str) -> None:
        self._entries.pop(uri, None)

    def clear(self) -> None:
        self._entries.clear()


def lsp_range(lines: LineIndex, start: int, end: int, enc: Encoding) -> dict[str, dict[str, int]]:
    l1, c1 = lines.position(start, enc)
    l2, c2 = lines.position(end, enc)
    return {"start": {"line": l1, "character": c1}, "end": {"line": l2, "character": c2}}


def _range_dict(r: Range4) -> dict[str, dict[str, int]]:
    return {"start": {"line": r[0], "character": r[1]}, "end": {"line": r[2], "character": r[3]}}


def to_item(ls: GoTestSmellsServer, doc: Document, f: Finding, r: Range4, severity: int) -> dict[str, Any]:
    rule = BY_CODE[f.code]
    item: dict[str, Any] = {
        "range": _range_dict(r),
        "severity": severity,
        "code": f.code,
        "source": "gotestsmells",
        "message": f.message,
    }
    if rule.unnecessary and ls.client.diagnostic_tags:
        item["tags"] = [int(types.DiagnosticTag.Unnecessary)]
    if f.related and ls.client.related_information:
        item["relatedInformation"] = [
            {
                "location": {"uri": doc.uri, "range": lsp_range(doc.lines, x.start, x.end, doc.encoding)},
                "message": x.message,
            }
            for x in f.related
        ]
    return item


def _convert(
    ls: GoTestSmellsServer, doc: Document, result: LintResult, old: Entry | None
) -> tuple[list[Range4], list[str], dict[int, Memo]]:
    """Ranges and JSON fragments of every finding.

    A finding the linter reused (its function's text did not change) keeps its range relative to the
    function's first line, so it is converted again only when its function moved to another line, and
    serialized again only then: a keystroke in a file with 600 findings touches one or two of them.
    Only functions that start at a line's start qualify (columns on their first line must not depend on
    text before them)."""
    lines, enc = doc.lines, doc.encoding
    starts = lines.starts
    old_memo = old.memo if old is not None else {}
    memo: dict[int, Memo] = {}
    ranges: list[Range4] = []
    frags: list[str] = []
    sev_for = result.settings.severity_for
    last_base, last_line = -1, -1
    for f in result.findings:
        sev = int(sev_for(BY_CODE[f.code], f.severity))
        base = f.base
        first = -1
        if base is not None and not f.has_related:
            if base != last_base:
                last_base, last_line = base, lines.line_of(base)
            if starts[last_line] == base:
                first = last_line
        hit = old_memo.get(id(f.origin)) if first >= 0 else None
        if hit is not None and hit.origin is f.origin and hit.severity == sev:
            rl1, c1, rl2, c2 = hit.rel
            r = (first + rl1, c1, first + rl2, c2)
            frag = hit.fragment if hit.first_line == first else _fragment(ls, doc, f, r, sev)
            m: Memo | None = hit if hit.first_line == first else Memo(f.origin, first, hit.rel, sev, frag)
        else:
            l1, c1 = lines.position(f.start, enc)
            l2, c2 = lines.position(f.end, enc)
            r = (l1, c1, l2, c2)
            frag = _fragment(ls, doc, f, r, sev)
            m = Memo(f.origin, first, (l1 - first, c1, l2 - first, c2), sev, frag) if first >= 0 else None
        if m is not None:
            memo[id(f.origin)] = m
        ranges.append(r)
        frags.append(frag)
    return ranges, frags, memo


def _fragment(ls: GoTestSmellsServer, doc: Document, f: Finding, r: Range4, sev: int) -> str:
    return json.dumps(to_item(ls, doc, f, r, sev), ensure_ascii=False, separators=(",", ":"))


def show_once(
    ls: GoTestSmellsServer, message: str, kind: types.MessageType = types.MessageType.Warning
) -> None:
    if message in ls.shown_errors:
        return
    ls.shown_errors.add(message)
    log.warning("%s", message)
    try:
        ls.window_show_message(types.ShowMessageParams(type=kind, message=f"gotestsmells: {message}"))
    except Exception:
        log.exception("could not show a message")


def compute(ls: GoTestSmellsServer, doc: Document) -> Entry:
    """The lint result of the document as it is now (cached per document generation and settings)."""
    settings, cfg_errors = ls.linter.settings_for(doc.path, [ls.options.editor_settings])
    key = settings.key()
    e = ls.cache.get(doc.uri)
    if e is not None and e.generation == doc.generation and e.settings_key == key:
        return e
    for err in cfg_errors:
        show_once(ls, err)
    result = ls.linter.lint(
        doc.path, doc.src, settings, tree=doc.tree, lines=doc.lines, config_errors=cfg_errors
    )
    for err in result.rule_errors:
        log.error("rule error on %s: %s", doc.uri, err)
    ranges, frags, memo = _convert(ls, doc, result, e)
    e = Entry(doc.generation, key, result, ranges, frags, f"{doc.generation}-{next(_result_ids)}", memo)
    ls.cache.put(doc.uri, e)
    return e


def publish(ls: GoTestSmellsServer, uri: str) -> None:
    ls.pending.pop(uri, None)
    if not ls.options.push_diagnostics:
        return
    doc = ls.docs.get(uri)
    if doc is None:
        return
    try:
        items = compute(ls, doc).items_json()
    except Exception:
        log.exception("linting %s failed", uri)
        items = "[]"
    version = "" if doc.version is None else f',"version":{int(doc.version)}'
    params = f'{{"uri":{json.dumps(uri)}{version},"diagnostics":{items}}}'
    ls.raw_protocol.notify_json("textDocument/publishDiagnostics", params)


def clear(ls: GoTestSmellsServer, uri: str) -> None:
    if ls.options.push_diagnostics:
        ls.raw_protocol.notify_raw("textDocument/publishDiagnostics", {"uri": uri, "diagnostics": []})


def schedule(ls: GoTestSmellsServer, uri: str) -> None:
    """Push after a pause in typing; a pull in between computes (and caches) the same result."""
    old = ls.pending.pop(uri, None)
    if old is not None:
        old.cancel()
    if not ls.options.push_diagnostics:
        return
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        publish(ls, uri)
        return
    ls.pending[uri] = loop.call_later(ls.options.debounce_s, publish, ls, uri)


def publish_all(ls: GoTestSmellsServer) -> None:
    ls.cache.clear()
    for doc in ls.docs:
        publish(ls, doc.uri)
    if ls.client.pull_diagnostics and ls.client.diagnostic_refresh and ls.options.pull_diagnostics:
        try:
            ls.workspace_diagnostic_refresh(None)
        except Exception:
            log.exception("diagnostic refresh failed")


def pull(ls: GoTestSmellsServer, params: types.DocumentDiagnosticParams) -> RawResult:
    doc = ls.docs.get(params.text_document.uri)
    if doc is None:
        return RawResult(kind="full", items=[])
    try:
        e = compute(ls, doc)
    except Exception:
        log.exception("linting %s failed", doc.uri)
        return RawResult(kind="full", items=[])
    if params.previous_result_id is not None and params.previous_result_id == e.result_id:
        return RawResult(kind="unchanged", resultId=e.result_id)
    return RawResult.of_json(f'{{"kind":"full","resultId":"{e.result_id}","items":{e.items_json()}}}')
