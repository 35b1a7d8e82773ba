"""Initialization and configuration: what the client can do, and the settings it sends.

Settings arrive in `initializationOptions`, in `workspace/didChangeConfiguration` (pushed, under the key
`gotestsmells`, or as a bare notification after which we ask with `workspace/configuration`).  A bad value
is shown once (window/showMessage) and that field keeps its default: the server never stops over settings.

Options only the server reads (initializationOptions):
- `diagnosticMode`: "push" (publishDiagnostics only), "pull" (textDocument/diagnostic only), or "auto"
  (default: push always, and serve pulls when the client supports them).  Editors that do both show each
  diagnostic twice, so our editor configs pick one.
- `debounceMs`: the pause in typing before diagnostics are pushed (default 100).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from lsprotocol import types

from ..config import validate
from ..gomod import CACHE as GOMOD_CACHE
from . import diagnostics

if TYPE_CHECKING:
    from ..server import GoTestSmellsServer

log = logging.getLogger(__name__)


def _get(obj: Any, *path: str) -> Any:
    for p in path:
        if obj is None:
            return None
        obj = getattr(obj, p, None)
    return obj


def _section(raw: Any) -> Any:
    """Settings under "gotestsmells" when nested, the object itself otherwise."""
    if isinstance(raw, Mapping) and isinstance(raw.get("gotestsmells"), Mapping):
        return raw["gotestsmells"]
    return raw


def apply_editor_settings(ls: GoTestSmellsServer, raw: Any, origin: str) -> None:
    if raw is None:
        raw = {}
    fields, errors = validate(_section(raw), origin)
    ls.options.editor_settings = fields
    ls.options.editor_errors = tuple(errors)
    for e in errors:
        diagnostics.show_once(ls, e)


def initialize(ls: GoTestSmellsServer, params: types.InitializeParams) -> None:
    caps = params.capabilities
    enc = ls.workspace.position_encoding
    ls.client.encoding = getattr(enc, "value", enc) or "utf-16"  # type: ignore[assignment]
    ls.client.pull_diagnostics = _get(caps, "text_document", "diagnostic") is not None
    ls.client.related_information = bool(
        _get(caps, "text_document", "publish_diagnostics", "related_information")
    )
    tag_support = _get(caps, "text_document", "publish_diagnostics", "tag_support")
    ls.client.diagnostic_tags = bool(
        tag_support and types.DiagnosticTag.Unnecessary in (tag_support.value_set or [])
    )
    props = _get(caps, "text_document", "code_action", "resolve_support", "properties") or []
    ls.client.code_action_resolve = "edit" in props
    ls.client.document_changes = bool(_get(caps, "workspace", "workspace_edit", "document_changes"))
    ops = _get(caps, "workspace", "workspace_edit", "resource_operations") or []
    ls.client.create_files = ls.client.document_changes and any(
        getattr(o, "value", o) == "create" for o in ops
    )
    ls.client.configuration = bool(_get(caps, "workspace", "configuration"))
    ls.client.diagnostic_refresh = bool(_get(caps, "workspace", "diagnostics", "refresh_support"))

    opts = params.initialization_options
    section = _section(opts) if isinstance(opts, Mapping) else None
    if opts is not None and not isinstance(opts, Mapping):
        diagnostics.show_once(ls, f"initializationOptions must be an object, not {type(opts).__name__}")
    if isinstance(section, Mapping):
        mode = section.get("diagnosticMode", "auto")
        if mode not in ("auto", "push", "pull"):
            diagnostics.show_once(ls, f"diagnosticMode: {mode!r} is not auto|push|pull; using auto")
            mode = "auto"
        ls.options.push_diagnostics = mode in ("auto", "push")
        ls.options.pull_diagnostics = mode in ("auto", "pull")
        deb = section.get("debounceMs")
        if isinstance(deb, int | float) and not isinstance(deb, bool) and 0 <= deb <= 10_000:
            ls.options.debounce_s = deb / 1000
        apply_editor_settings(ls, section, "initializationOptions")


def adjust_capabilities(ls: GoTestSmellsServer, caps: types.ServerCapabilities) -> None:
    """Hide pull diagnostics when the editor config chose push only."""
    if not ls.options.pull_diagnostics:
        caps.diagnostic_provider = None


def initialized(ls: GoTestSmellsServer, params: types.InitializedParams) -> None:
    if ls.client.configuration:
        _request_configuration(ls)


def _request_configuration(ls: GoTestSmellsServer) -> None:
    def done(result: Any) -> None:
        try:
            items = list(result) if isinstance(result, (list, tuple)) else []
            value = items[0] if items else None
            if value is None:
                return  # the client has no settings for us: keep what we have
            apply_editor_settings(ls, value, "workspace/configuration")
            diagnostics.publish_all(ls)
        except Exception:
            log.exception("bad workspace/configuration answer")

    try:
        fut = ls.protocol.send_request(
            types.WORKSPACE_CONFIGURATION,
            types.ConfigurationParams(items=[types.ConfigurationItem(section="gotestsmells")]),
        )
        fut.add_done_callback(
            lambda f: done(f.result()) if not f.cancelled() and f.exception() is None else None
        )
    except Exception:
        log.exception("workspace/configuration request failed")


def did_change_configuration(ls: GoTestSmellsServer, params: types.DidChangeConfigurationParams) -> None:
    raw = params.settings
    if isinstance(raw, Mapping) and "gotestsmells" in raw:
        apply_editor_settings(ls, raw["gotestsmells"], "settings")
        diagnostics.publish_all(ls)
    elif ls.client.configuration:
        _request_configuration(ls)
    elif raw is not None:
        apply_editor_settings(ls, raw, "settings")
        diagnostics.publish_all(ls)


def did_change_watched_files(ls: GoTestSmellsServer, params: types.DidChangeWatchedFilesParams) -> None:
    if any(c.uri.endswith(("/go.mod", "gotestsmells.toml")) for c in params.changes):
        GOMOD_CACHE.invalidate()
        diagnostics.publish_all(ls)
