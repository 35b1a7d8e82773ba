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
from bisect import bisect_right
from dataclasses import dataclass, field
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
# A converted finding that can move: its range relative to its function's first line, and its JSON text
# after the range.  None: it names other places (related information) and is converted again on a move.
Template = tuple[int, int, int, int, str] | None
# A run of functions: the identities of their findings lists and the lines they start on.
ChunkKey = tuple[tuple[int, ...], tuple[int, ...], tuple[bytes, ...]]


@dataclass
class BlockMemo:
    """One function's findings converted to LSP, reused while the function's text stays (and the
    conversion's key: see `Entry.conv_key`): as is while it starts on the same line, moved by a line delta
    otherwise."""

    rel: list[Finding]  # the linter's list for the function (the key is its identity)
    first_line: int
    prefix: bytes  # the text before the function on its first line (its columns there depend on it)
    ranges: list[Range4]
    fragments: list[str]
    templates: list[Template]


@dataclass
class Entry:
    generation: int
    settings_key: tuple[Any, ...]
    result: LintResult
    ranges: list[Range4]  # per finding, in the document's encoding
    fragments: list[str]  # per finding, its LSP Diagnostic as JSON text
    result_id: str
    memo: dict[int, BlockMemo]  # id(block list) -> BlockMemo, reused by the next version of the document
    chunks: dict[ChunkKey, Chunk] = field(default_factory=dict)  # runs of functions converted together
    # What every memo and chunk was converted with (settings, encoding, client capabilities): the next
    # version reuses them only under the same key.
    conv_key: tuple[Any, ...] = ()

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
    ls: GoTestSmellsServer, doc: Document, result: LintResult, old: Entry | None, key: tuple[Any, ...]
) -> tuple[list[Range4], list[str], dict[int, BlockMemo], dict[ChunkKey, Chunk]]:
    """Ranges and JSON fragments of every finding, in the order of `result.findings`.

    Findings are taken function by function (`result.blocks`): a function whose text did not change keeps
    its converted findings, as they are while it starts on the same line, moved by the line delta when it
    starts on another; so a keystroke in a file with 600 findings converts the one function it touched.
    Columns on a function's first line depend on the text before it there: that text is part of the key.
    Runs of `_CHUNK` functions whose findings lists, lines and prefixes are those of the last conversion
    are taken whole."""
    ranges: list[Range4] = []
    frags: list[str] = []
    memo: dict[int, BlockMemo] = {}

    def one(f: Finding) -> None:
        r = _range4(doc, f)
        ranges.append(r)
        frags.append(_fragment(ls, doc, result, f, r))

    chunks: dict[ChunkKey, Chunk] = {}
    if not result.by_blocks:
        for f in result.findings:
            one(f)
        return ranges, frags, memo, chunks
    same_key = old is not None and old.conv_key == key
    old_get = (old.memo if old is not None and same_key else {}).get
    old_chunks = old.chunks if old is not None and same_key else {}
    starts = doc.lines.starts
    files = result.file_findings
    j, nf = 0, len(files)
    next_file = files[0].start if files else -1  # where the next file-scope finding starts (-1: none)
    add_ranges, add_frags = ranges.extend, frags.extend
    blocks = result.blocks
    src = doc.src
    firsts = [bisect_right(starts, b[0]) - 1 for b in blocks]
    # What stands before each function on its first line (nearly always nothing).
    prefixes = [
        src[starts[f] : b[0]] if starts[f] != b[0] else b"" for f, b in zip(firsts, blocks, strict=True)
    ]
    for c0 in range(0, len(blocks), _CHUNK):
        c1 = min(len(blocks), c0 + _CHUNK)
        while 0 <= next_file < blocks[c0][0]:
            one(files[j])
            j += 1
            next_file = files[j].start if j < nf else -1
        # A run of functions with the same findings lists on the same lines as last time, and no
        # file-scope finding among them, gives the same diagnostics: taken whole.
        ck: ChunkKey | None = None
        if not 0 <= next_file <= blocks[c1 - 1][1]:
            ck = (tuple([id(b[2]) for b in blocks[c0:c1]]), tuple(firsts[c0:c1]), tuple(prefixes[c0:c1]))
            hit = old_chunks.get(ck)
            if hit is not None:
                chunks[ck] = hit
                memo.update(hit.memos)
                add_ranges(hit.ranges)
                add_frags(hit.fragments)
                continue
        r0 = len(frags)
        memos: dict[int, BlockMemo] = {}
        for b in range(c0, c1):
            start, end, rel = blocks[b]
            while 0 <= next_file < start:
                one(files[j])
                j += 1
                next_file = files[j].start if j < nf else -1
            if 0 <= next_file <= end:
                # File-scope findings inside the function: merged in file order, one by one.
                merged = [f.shifted(start) for f in rel]
                while j < nf and files[j].start <= end:
                    merged.append(files[j])
                    j += 1
                next_file = files[j].start if j < nf else -1
                merged.sort(key=lambda f: (f.start, f.code, f.end))
                for f in merged:
                    one(f)
                ck = None
                continue
            first = firsts[b]
            k = id(rel)
            bm = old_get(k)
            if bm is None or bm.rel is not rel or bm.prefix != prefixes[b]:
                bm = _block(ls, doc, result, rel, start, first, prefixes[b])
            elif bm.first_line != first:
                bm = _moved(ls, doc, result, bm, start, first)
            memos[k] = bm
            add_ranges(bm.ranges)
            add_frags(bm.fragments)
        memo.update(memos)
        if ck is not None:
            chunks[ck] = Chunk([b[2] for b in blocks[c0:c1]], memos, ranges[r0:], frags[r0:])
    while j < nf:
        one(files[j])
        j += 1
    return ranges, frags, memo, chunks


# Functions per chunk: a keystroke converts again the chunk it touched, and takes the others whole.
_CHUNK = 32


@dataclass
class Chunk:
    """The diagnostics of a run of consecutive functions, as the last conversion made them (the lists
    are held so that their identities, the chunk's key, cannot be reused by other lists)."""

    rels: list[list[Finding]]
    memos: dict[int, BlockMemo]
    ranges: list[Range4]
    fragments: list[str]


def _block(
    ls: GoTestSmellsServer,
    doc: Document,
    result: LintResult,
    rel: list[Finding],
    start: int,
    first: int,
    prefix: bytes,
) -> BlockMemo:
    ranges: list[Range4] = []
    frags: list[str] = []
    templates: list[Template] = []
    for g in rel:
        f = g.shifted(start)
        r = _range4(doc, f)
        item = to_item(ls, doc, f, r, _severity(result, f))
        if f.has_related:
            frag = json.dumps(item, ensure_ascii=False, separators=(",", ":"))
            templates.append(None)
        else:
            del item["range"]
            tail = json.dumps(item, ensure_ascii=False, separators=(",", ":"))[1:]
            frag = _with_range(r, tail)
            templates.append((r[0] - first, r[1], r[2] - first, r[3], tail))
        ranges.append(r)
        frags.append(frag)
    return BlockMemo(rel, first, prefix, ranges, frags, templates)


def _moved(
    ls: GoTestSmellsServer, doc: Document, result: LintResult, bm: BlockMemo, start: int, first: int
) -> BlockMemo:
    ranges: list[Range4] = []
    frags: list[str] = []
    for g, t in zip(bm.rel, bm.templates, strict=True):
        if t is None:
            f = g.shifted(start)
            r = _range4(doc, f)
            frags.append(_fragment(ls, doc, result, f, r))
        else:
            r = (first + t[0], t[1], first + t[2], t[3])
            frags.append(_with_range(r, t[4]))
        ranges.append(r)
    return BlockMemo(bm.rel, first, bm.prefix, ranges, frags, bm.templates)


def _with_range(r: Range4, tail: str) -> str:
    """A Diagnostic's JSON text from its range and the text after it (as json.dumps writes it)."""
    return (
        f'{{"range":{{"start":{{"line":{r[0]},"character":{r[1]}}},'
        f'"end":{{"line":{r[2]},"character":{r[3]}}}}},{tail}'
    )


def _range4(doc: Document, f: Finding) -> Range4:
    l1, c1 = doc.lines.position(f.start, doc.encoding)
    l2, c2 = doc.lines.position(f.end, doc.encoding)
    return (l1, c1, l2, c2)


def _severity(result: LintResult, f: Finding) -> int:
    return int(result.settings.severity_for(BY_CODE[f.code], f.severity))


def _fragment(ls: GoTestSmellsServer, doc: Document, result: LintResult, f: Finding, r: Range4) -> str:
    return json.dumps(to_item(ls, doc, f, r, _severity(result, f)), ensure_ascii=False, separators=(",", ":"))


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
    conv_key = (key, doc.encoding, ls.client.diagnostic_tags, ls.client.related_information)
    ranges, frags, memo, chunks = _convert(ls, doc, result, e, conv_key)
    new = Entry(
        doc.generation,
        key,
        result,
        ranges,
        frags,
        f"{doc.generation}-{next(_result_ids)}",
        memo,
        chunks,
        conv_key,
    )
    ls.cache.put(doc.uri, new)
    if e is not None:
        _release_later(e)
    return new


def _release_later(old: Entry) -> None:
    """Let go of the last version's result after the reply is out: freeing its tree, lists and caches
    costs about a millisecond on a large file, and nobody waits for it."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return
    loop.call_soon(_keep, old)


def _keep(old: Entry) -> None:
    """Nothing: the reference held by the scheduled call is what kept `old` alive until now."""


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
