"""Test helpers for driving `gotestsmells serve` with pytest-lsp, a real LSP client over stdio.

Every wait has a timeout; nothing sleeps.  Text edits are applied by an implementation independent of the
server's own position code (lines split on \\n, \\r\\n and \\r only; columns per the negotiated encoding)."""

from __future__ import annotations

import asyncio
import contextlib
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

SERVER = [sys.executable, "-m", "gotestsmells", "serve"]
TIMEOUT = 15.0


async def start(
    root: Path,
    *,
    client: str = "visual-studio-code",
    encodings: Sequence[str] | None = None,
    init_options: Any = None,
    configuration: dict[str, Any] | None = None,
    tweak: Callable[[types.ClientCapabilities], None] | None = None,
) -> tuple[LanguageClient, types.InitializeResult]:
    config = ClientServerConfig(server_command=SERVER)
    lc = await config.start()
    if configuration is not None:
        lc.set_configuration(configuration, section="gotestsmells")
    caps = client_capabilities(client)
    if encodings is not None:
        caps.general = types.GeneralClientCapabilities(position_encodings=list(encodings))
    if tweak is not None:
        tweak(caps)
    params = types.InitializeParams(
        capabilities=caps,
        root_uri=root.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="ws")],
        initialization_options=init_options,
    )
    result = await asyncio.wait_for(lc.initialize_session(params), TIMEOUT)
    return lc, result


async def stop(lc: LanguageClient) -> None:
    try:
        await asyncio.wait_for(lc.shutdown_session(), TIMEOUT)
    finally:
        await lc.stop()


def open_doc(lc: LanguageClient, path: Path, text: str, version: int = 1) -> str:
    uri = path.as_uri()
    lc.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="go", version=version, text=text)
        )
    )
    return uri


async def wait_diagnostics(
    lc: LanguageClient,
    uri: str,
    pred: Callable[[Sequence[types.Diagnostic]], bool] = lambda ds: True,
    timeout: float = TIMEOUT,
) -> Sequence[types.Diagnostic]:
    """Wait until the pushed diagnostics of `uri` satisfy `pred`."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while True:
        ds = lc.diagnostics.get(uri)
        if ds is not None and pred(ds):
            return ds
        left = end - loop.time()
        if left <= 0:
            raise TimeoutError(f"no diagnostics for {uri} matching the condition; last: {ds}")
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(lc.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), left)


_EOL = re.compile(r"\r\n|\r|\n")


def _lines_with_offsets(text: str) -> list[int]:
    starts = [0]
    for m in _EOL.finditer(text):
        starts.append(m.end())
    return starts


def _units(s: str, enc: str) -> int:
    if enc == "utf-8":
        return len(s.encode("utf-8"))
    if enc == "utf-16":
        return len(s.encode("utf-16-le")) // 2
    return len(s)


def to_index(text: str, pos: types.Position, enc: str = "utf-16") -> int:
    """String index of an LSP position (independent of the server's implementation)."""
    starts = _lines_with_offsets(text)
    if pos.line >= len(starts):
        return len(text)
    start = starts[pos.line]
    end = starts[pos.line + 1] if pos.line + 1 < len(starts) else len(text)
    line = text[start:end].rstrip("\r\n")
    i = 0
    units = 0
    while i < len(line) and units + _units(line[i], enc) <= pos.character:
        units += _units(line[i], enc)
        i += 1
    return start + i


def column_of(line: str, index: int, enc: str = "utf-16") -> int:
    return _units(line[:index], enc)


def apply_edits(text: str, edits: Sequence[types.TextEdit], enc: str = "utf-16") -> str:
    spans = sorted(
        ((to_index(text, e.range.start, enc), to_index(text, e.range.end, enc), e.new_text) for e in edits),
        reverse=True,
    )
    for a, b, new in spans:
        text = text[:a] + new + text[b:]
    return text


def edits_for(edit: types.WorkspaceEdit | None, uri: str) -> list[types.TextEdit]:
    if edit is None:
        return []
    out: list[types.TextEdit] = []
    if edit.changes:
        out.extend(edit.changes.get(uri, []))
    for dc in edit.document_changes or []:
        if isinstance(dc, types.TextDocumentEdit) and dc.text_document.uri == uri:
            out.extend(e for e in dc.edits if isinstance(e, types.TextEdit))
    return out
