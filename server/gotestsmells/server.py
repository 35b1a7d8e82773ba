"""The language server: state and feature registration only; the work is in handlers/ and the core."""

from __future__ import annotations

import asyncio
import logging
import sys
from dataclasses import dataclass, field
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from . import __version__
from .documents import Documents
from .handlers import code_actions, diagnostics, hover, settings, sync
from .linter import Linter
from .positions import Encoding
from .protocol import Protocol

log = logging.getLogger(__name__)

FIX_ALL_KIND = "source.fixAll.gotestsmells"


@dataclass
class ClientInfo:
    """What the client said it can do, reduced to what we use."""

    encoding: Encoding = "utf-16"
    pull_diagnostics: bool = False
    related_information: bool = False
    diagnostic_tags: bool = False
    code_action_resolve: bool = False
    document_changes: bool = False
    create_files: bool = False
    configuration: bool = False
    diagnostic_refresh: bool = False
    show_message: bool = True


@dataclass
class Options:
    """initializationOptions beyond the shared settings."""

    push_diagnostics: bool = True
    pull_diagnostics: bool = True
    debounce_s: float = 0.1
    editor_settings: dict[str, Any] = field(default_factory=dict)
    editor_errors: tuple[str, ...] = ()


class GoTestSmellsServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(
            "gotestsmells",
            __version__,
            protocol_cls=Protocol,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
        )
        self.docs = Documents()
        self.linter = Linter()
        self.client = ClientInfo()
        self.options = Options()
        self.cache = diagnostics.ResultCache()
        self.pending: dict[str, asyncio.TimerHandle] = {}
        self.shown_errors: set[str] = set()

    @property
    def raw_protocol(self) -> Protocol:
        assert isinstance(self.protocol, Protocol)
        return self.protocol

    def adjust_capabilities(self, caps: types.ServerCapabilities) -> None:
        settings.adjust_capabilities(self, caps)

    def report_server_error(self, error: Exception, source: Any) -> None:
        # Never pop up "Error in server" for a malformed message: log it, keep serving.
        log.error("server error (%s): %s", getattr(source, "__name__", source), error)


def build() -> GoTestSmellsServer:
    ls = GoTestSmellsServer()
    ls.feature(types.INITIALIZE)(settings.initialize)
    ls.feature(types.INITIALIZED)(settings.initialized)
    ls.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)(settings.did_change_configuration)
    ls.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)(settings.did_change_watched_files)
    ls.feature(types.TEXT_DOCUMENT_DID_OPEN)(sync.did_open)
    ls.feature(types.TEXT_DOCUMENT_DID_CHANGE)(sync.did_change)
    ls.feature(types.TEXT_DOCUMENT_DID_SAVE)(sync.did_save)
    ls.feature(types.TEXT_DOCUMENT_DID_CLOSE)(sync.did_close)
    ls.feature(
        types.TEXT_DOCUMENT_DIAGNOSTIC,
        types.DiagnosticOptions(
            identifier="gotestsmells", inter_file_dependencies=False, workspace_diagnostics=False
        ),
    )(diagnostics.pull)
    ls.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[
                types.CodeActionKind.QuickFix,
                types.CodeActionKind.RefactorRewrite,
                types.CodeActionKind.SourceFixAll,
                FIX_ALL_KIND,
            ],
            resolve_provider=True,
        ),
    )(code_actions.code_action)
    ls.feature(types.CODE_ACTION_RESOLVE)(code_actions.resolve)
    ls.feature(types.TEXT_DOCUMENT_HOVER)(hover.hover)
    return ls


def start(tcp: str | None = None, log_file: str | None = None) -> None:
    fmt = "%(asctime)s %(levelname)s %(name)s: %(message)s"
    if log_file:
        logging.basicConfig(level=logging.INFO, filename=log_file, format=fmt)
    else:
        logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format=fmt)
    # pygls logs every message it sends at INFO: far too much, and slow on big diagnostics.
    logging.getLogger("pygls").setLevel(logging.WARNING)
    ls = build()
    Protocol.idle_gc.enable()
    if tcp:
        host, _, port = tcp.rpartition(":")
        ls.start_tcp(host or "127.0.0.1", int(port))
    else:
        ls.start_io()
