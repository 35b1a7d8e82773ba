"""Text document sync: open, change (incremental), save, close."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from lsprotocol import types

from ..documents import Change
from ..gomod import CACHE as GOMOD_CACHE
from . import diagnostics

if TYPE_CHECKING:
    from ..server import GoTestSmellsServer

log = logging.getLogger(__name__)


def did_open(ls: GoTestSmellsServer, params: types.DidOpenTextDocumentParams) -> None:
    td = params.text_document
    ls.docs.open(td.uri, td.text, td.version, ls.client.encoding)
    diagnostics.publish(ls, td.uri)


def did_change(ls: GoTestSmellsServer, params: types.DidChangeTextDocumentParams) -> None:
    uri = params.text_document.uri
    doc = ls.docs.get(uri)
    if doc is None:
        log.warning("change to a document that is not open: %s", uri)
        return
    for ch in params.content_changes:
        rng = getattr(ch, "range", None)
        if rng is None:
            doc.apply(Change(ch.text))
        else:
            doc.apply(
                Change(ch.text, (rng.start.line, rng.start.character), (rng.end.line, rng.end.character))
            )
    doc.version = params.text_document.version
    diagnostics.schedule(ls, uri)


def did_save(ls: GoTestSmellsServer, params: types.DidSaveTextDocumentParams) -> None:
    uri = params.text_document.uri
    if uri.endswith("/go.mod"):
        GOMOD_CACHE.invalidate()
        diagnostics.publish_all(ls)
        return
    if params.text is not None and (doc := ls.docs.get(uri)) is not None and params.text != doc.text():
        doc.replace_all(params.text)
    if ls.docs.get(uri) is not None:
        diagnostics.publish(ls, uri)


def did_close(ls: GoTestSmellsServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    pending = ls.pending.pop(uri, None)
    if pending is not None:
        pending.cancel()
    ls.docs.close(uri)
    ls.cache.drop(uri)
    diagnostics.clear(ls, uri)
