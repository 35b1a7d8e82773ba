"""pygls' protocol, adjusted where it costs us time or robustness.

- Document sync: pygls keeps its own copy of every document and applies each change to it before our
  handler runs.  We keep ours (documents.py), so pygls' copy is pure overhead on every keystroke and one
  more place a bad edit could raise: the three sync notifications go straight to our handlers.
- Diagnostics are sent as plain JSON (`RawResult`): a report of 600 findings through cattrs costs more than
  the whole lint of a keystroke.
- Full garbage collections wait for a quiet moment (idle_gc.py), so none lands on a keystroke.
- A request whose params do not match the protocol gets an InvalidParams error instead of silence (pygls
  drops it and the client would wait forever).
"""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
from collections.abc import Generator
from typing import Any, ClassVar

from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams
from pygls.protocol import LanguageServerProtocol, lsp_method

from .idle_gc import IdleCollector

log = logging.getLogger(__name__)


class RawResult(dict[str, Any]):
    """A result that is already plain JSON data: sent with json.dumps, skipping cattrs; or, built with
    `of_json`, already JSON text, sent as it is."""

    json_text: str | None = None

    @classmethod
    def of_json(cls, text: str) -> RawResult:
        r = cls()
        r.json_text = text
        return r


class _BadRequest:
    def __init__(self, msg_id: Any, method: str) -> None:
        self.id = msg_id
        self.method = method


class Protocol(LanguageServerProtocol):
    _pending_writes: ClassVar[set[asyncio.Future[Any]]] = set()
    # Full collections between messages (enabled by `serve`; tests in-process keep the default collector).
    idle_gc: ClassVar[IdleCollector] = IdleCollector()

    def _user(self, method: str, params: Any) -> Generator[Any, Any, None]:
        handler = self.fm.features.get(method)
        if handler is not None:
            yield handler, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(
        self, params: types.DidOpenTextDocumentParams
    ) -> Generator[Any, Any, None]:
        yield from self._user(types.TEXT_DOCUMENT_DID_OPEN, params)

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(
        self, params: types.DidChangeTextDocumentParams
    ) -> Generator[Any, Any, None]:
        yield from self._user(types.TEXT_DOCUMENT_DID_CHANGE, params)

    @lsp_method(types.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(
        self, params: types.DidCloseTextDocumentParams
    ) -> Generator[Any, Any, None]:
        yield from self._user(types.TEXT_DOCUMENT_DID_CLOSE, params)

    @lsp_method(types.INITIALIZE)
    def lsp_initialize(self, params: types.InitializeParams) -> Generator[Any, Any, types.InitializeResult]:
        result: types.InitializeResult = yield from super().lsp_initialize(params)
        hook = getattr(self._server, "adjust_capabilities", None)
        if hook is not None:
            hook(result.capabilities)
        return result

    # -- robustness --------------------------------------------------------------------------------------

    def structure_message(self, data: dict[str, Any]) -> Any:
        try:
            return super().structure_message(data)
        except Exception:
            if isinstance(data, dict) and "jsonrpc" in data and "id" in data and "method" in data:
                return _BadRequest(data.get("id"), str(data.get("method")))
            raise

    def handle_message(self, message: Any) -> None:
        if isinstance(message, _BadRequest):
            err = JsonRpcInvalidParams(f"invalid params for {message.method}").to_response_error()
            self._send_response(message.id, error=err)
            return
        try:
            super().handle_message(message)
        finally:
            self.idle_gc.activity()

    # -- plain JSON out ----------------------------------------------------------------------------------

    def _write_json(self, payload: dict[str, Any] | str) -> None:
        if self.writer is None:
            return
        body = (
            payload
            if isinstance(payload, str)
            else json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
        )
        data = body.encode("utf-8", "surrogatepass")
        if self._include_headers:
            data = b"Content-Length: %d\r\n\r\n" % len(data) + data
        try:
            res = self.writer.write(data)
            if inspect.isawaitable(res):
                # A TCP/websocket writer: keep the task referenced until it has written.
                task = asyncio.ensure_future(res)
                self._pending_writes.add(task)
                task.add_done_callback(self._pending_writes.discard)
        except Exception:
            log.exception("could not send a message")

    def _send_response(self, msg_id: Any, result: Any | None = None, error: Any | None = None) -> None:
        if error is None and isinstance(result, RawResult):
            self._result_types.pop(msg_id, None)
            if result.json_text is not None:
                self._write_json(f'{{"jsonrpc":"2.0","id":{json.dumps(msg_id)},"result":{result.json_text}}}')
            else:
                self._write_json({"jsonrpc": "2.0", "id": msg_id, "result": result})
            return
        super()._send_response(msg_id, result, error)

    def notify_raw(self, method: str, params: dict[str, Any]) -> None:
        self._write_json({"jsonrpc": "2.0", "method": method, "params": params})

    def notify_json(self, method: str, params_json: str) -> None:
        """Send a notification whose params are already JSON text."""
        self._write_json(f'{{"jsonrpc":"2.0","method":{json.dumps(method)},"params":{params_json}}}')
