"""The language server end to end, over stdio with pytest-lsp: handshake, pushed and pulled diagnostics,
columns in every position encoding, code actions, fix-all, configuration changes, hover, close."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types

from gotool import gofmt_diff

from .helpers import (
    apply_edits,
    column_of,
    edits_for,
    open_doc,
    start,
    stop,
    wait_diagnostics,
)

SMELLY = """package probe

import (
\t"os"
\t"testing"
)

// 日本語 and 🎉 before the smell, on the same line.
func TestEnv(t *testing.T) {
\tname := "🎉日本"; os.Setenv("APP_ENV", name)
\tif os.Getenv("APP_ENV") != name {
\t\tt.Fatal("not set")
\t}
}
"""

FIXED = """package probe

import (
\t"os"
\t"testing"
)

// 日本語 and 🎉 before the smell, on the same line.
func TestEnv(t *testing.T) {
\tname := "🎉日本"; t.Setenv("APP_ENV", name)
\tif os.Getenv("APP_ENV") != name {
\t\tt.Fatal("not set")
\t}
}
"""


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    (tmp_path / "go.mod").write_text("module example.com/probe\n\ngo 1.25\n")
    return tmp_path


def _smell_line() -> str:
    return SMELLY.splitlines()[9]


@pytest.mark.parametrize("enc", ["utf-16", "utf-8", "utf-32"])
async def test_columns_in_each_encoding(ws: Path, enc: str) -> None:
    lc, init = await start(ws, encodings=[enc])
    try:
        assert init.capabilities.position_encoding == enc
        sync = init.capabilities.text_document_sync
        assert isinstance(sync, types.TextDocumentSyncOptions)
        assert sync.change == types.TextDocumentSyncKind.Incremental
        uri = open_doc(lc, ws / "probe_test.go", SMELLY)
        ds = await wait_diagnostics(lc, uri, lambda ds: any(d.code == "HAB004" for d in ds))
        d = next(d for d in ds if d.code == "HAB004")
        line = _smell_line()
        assert d.range.start.line == 9
        assert d.range.start.character == column_of(line, line.index("os.Setenv"), enc)
        assert d.range.end.character == column_of(line, line.index("name)") + len("name)"), enc)
        assert d.source == "gotestsmells"
        assert d.severity == types.DiagnosticSeverity.Warning
        assert not lc.messages, [m.message for m in lc.messages]
    finally:
        await stop(lc)


async def test_utf16_when_client_offers_nothing(ws: Path) -> None:
    lc, init = await start(ws, encodings=[])
    try:
        assert init.capabilities.position_encoding in (None, "utf-16")
    finally:
        await stop(lc)


async def test_quick_fix_and_fix_all(ws: Path) -> None:
    lc, _ = await start(ws)
    try:
        uri = open_doc(lc, ws / "probe_test.go", SMELLY)
        ds = await wait_diagnostics(lc, uri, lambda ds: any(d.code == "HAB004" for d in ds))
        d = next(d for d in ds if d.code == "HAB004")
        actions = await lc.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                range=d.range,
                context=types.CodeActionContext(diagnostics=[d], only=[types.CodeActionKind.QuickFix]),
            )
        )
        assert actions
        titles = [a.title for a in actions if isinstance(a, types.CodeAction)]
        assert "Replace with t.Setenv" in titles
        assert "Silence HAB004 on this line" in titles
        fix = next(
            a for a in actions if isinstance(a, types.CodeAction) and a.title == "Replace with t.Setenv"
        )
        assert fix.kind == types.CodeActionKind.QuickFix and fix.is_preferred
        assert apply_edits(SMELLY, edits_for(fix.edit, uri)) == FIXED

        silence = next(
            a for a in actions if isinstance(a, types.CodeAction) and a.title.startswith("Silence")
        )
        silenced = apply_edits(SMELLY, edits_for(silence.edit, uri))
        assert "\t//gotestsmells:ignore HAB004 " in silenced.splitlines()[9]

        # source.fixAll is found by prefix, and its edit comes inline.
        actions = await lc.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                range=types.Range(
                    start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)
                ),
                context=types.CodeActionContext(diagnostics=[], only=[types.CodeActionKind.SourceFixAll]),
            )
        )
        assert actions and len(actions) == 1
        fa = actions[0]
        assert isinstance(fa, types.CodeAction) and fa.kind == "source.fixAll.gotestsmells"
        fixed = apply_edits(SMELLY, edits_for(fa.edit, uri))
        assert fixed == FIXED
    finally:
        await stop(lc)


async def test_fix_all_drops_unused_import(ws: Path) -> None:
    src = 'package probe\n\nimport (\n\t"os"\n\t"testing"\n)\n\nfunc TestA(t *testing.T) {\n\tos.Setenv("A", "1")\n}\n'
    lc, _ = await start(ws)
    try:
        uri = open_doc(lc, ws / "a_test.go", src)
        await wait_diagnostics(lc, uri, lambda ds: len(ds) > 0)
        actions = await lc.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                range=types.Range(
                    start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)
                ),
                context=types.CodeActionContext(diagnostics=[], only=["source.fixAll.gotestsmells"]),
            )
        )
        assert actions
        fixed = apply_edits(src, edits_for(actions[0].edit, uri))  # type: ignore[union-attr]
        assert (
            fixed
            == 'package probe\n\nimport (\n\t"testing"\n)\n\nfunc TestA(t *testing.T) {\n\tt.Setenv("A", "1")\n}\n'
        )
        assert gofmt_diff(fixed.encode()) == ""
    finally:
        await stop(lc)


async def test_incremental_edits_update_diagnostics(ws: Path) -> None:
    lc, _ = await start(ws)
    try:
        clean = 'package probe\n\nimport (\n\t"os"\n\t"testing"\n)\n\nfunc TestA(t *testing.T) {\n\t_ = os.Getenv("X")\n}\n'
        uri = open_doc(lc, ws / "a_test.go", clean)
        await wait_diagnostics(lc, uri, lambda ds: not any(d.code == "HAB004" for d in ds))
        # Type a smell on a new line after `func TestA...{`, keystroke by keystroke.
        text = '\tos.Setenv("A", "1")\n'
        version = 1
        for i, ch in enumerate(text):
            version += 1
            lc.text_document_did_change(
                types.DidChangeTextDocumentParams(
                    text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                    content_changes=[
                        types.TextDocumentContentChangePartial(
                            range=types.Range(
                                start=types.Position(line=8, character=i),
                                end=types.Position(line=8, character=i),
                            ),
                            text=ch,
                        )
                    ],
                )
            )
        ds = await wait_diagnostics(lc, uri, lambda ds: any(d.code == "HAB004" for d in ds))
        d = next(d for d in ds if d.code == "HAB004")
        assert (d.range.start.line, d.range.start.character) == (8, 1)
        # Pull agrees with push, and an unchanged document answers "unchanged".
        rep = await lc.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )
        assert isinstance(rep, types.RelatedFullDocumentDiagnosticReport)
        assert [x.code for x in rep.items if x.code == "HAB004"] == ["HAB004"]
        assert [(x.code, x.range) for x in rep.items] == [(x.code, x.range) for x in lc.diagnostics[uri]]
        again = await lc.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(
                text_document=types.TextDocumentIdentifier(uri=uri), previous_result_id=rep.result_id
            )
        )
        assert isinstance(again, types.RelatedUnchangedDocumentDiagnosticReport)
    finally:
        await stop(lc)


async def test_configuration_change_and_bad_settings(ws: Path) -> None:
    lc, _ = await start(ws)
    try:
        uri = open_doc(lc, ws / "probe_test.go", SMELLY)
        await wait_diagnostics(lc, uri, lambda ds: any(d.code == "HAB004" for d in ds))
        lc.workspace_did_change_configuration(
            types.DidChangeConfigurationParams(settings={"gotestsmells": {"ignore": ["HAB004"]}})
        )
        await wait_diagnostics(lc, uri, lambda ds: not any(d.code == "HAB004" for d in ds))
        lc.workspace_did_change_configuration(
            types.DidChangeConfigurationParams(settings={"gotestsmells": {"severity": {"HAB004": "error"}}})
        )
        ds = await wait_diagnostics(lc, uri, lambda ds: any(d.code == "HAB004" for d in ds))
        assert next(d for d in ds if d.code == "HAB004").severity == types.DiagnosticSeverity.Error
        # Nonsense settings: reported once, defaults apply, linting goes on.
        lc.workspace_did_change_configuration(
            types.DidChangeConfigurationParams(settings={"gotestsmells": {"select": 42, "severity": "loud"}})
        )
        ds = await wait_diagnostics(
            lc,
            uri,
            lambda ds: any(d.code == "HAB004" and d.severity == types.DiagnosticSeverity.Warning for d in ds),
        )
        assert any("select" in m.message for m in lc.messages)
        assert all(m.type != types.MessageType.Error for m in lc.messages)
    finally:
        await stop(lc)


async def test_initialization_options_and_workspace_configuration(ws: Path) -> None:
    lc, _ = await start(ws, init_options={"gotestsmells": {"ignore": ["HAB004"]}})
    try:
        uri = open_doc(lc, ws / "probe_test.go", SMELLY)
        ds = await wait_diagnostics(lc, uri)
        assert not any(d.code == "HAB004" for d in ds)
    finally:
        await stop(lc)
    # A client that answers workspace/configuration: a bare didChangeConfiguration makes the server ask.
    lc, _ = await start(ws, configuration={"gotestsmells": {"severity": {"HAB004": "hint"}}})
    try:
        uri = open_doc(lc, ws / "probe_test.go", SMELLY)
        lc.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
        await wait_diagnostics(
            lc,
            uri,
            lambda ds: any(d.code == "HAB004" and d.severity == types.DiagnosticSeverity.Hint for d in ds),
        )
    finally:
        await stop(lc)


async def test_config_file_is_read_and_a_broken_one_reported(ws: Path) -> None:
    (ws / "gotestsmells.toml").write_text('ignore = ["HAB004"]\n')
    lc, _ = await start(ws)
    try:
        uri = open_doc(lc, ws / "probe_test.go", SMELLY)
        ds = await wait_diagnostics(lc, uri)
        assert not any(d.code == "HAB004" for d in ds)
    finally:
        await stop(lc)
    (ws / "gotestsmells.toml").write_text("ignore = [HAB004\n")
    lc, _ = await start(ws)
    try:
        uri = open_doc(lc, ws / "probe_test.go", SMELLY)
        await wait_diagnostics(lc, uri, lambda ds: any(d.code == "HAB004" for d in ds))
        assert any("gotestsmells.toml" in m.message for m in lc.messages)
    finally:
        await stop(lc)


async def test_hover_shows_rule_docs(ws: Path) -> None:
    lc, _ = await start(ws)
    try:
        uri = open_doc(lc, ws / "probe_test.go", SMELLY)
        ds = await wait_diagnostics(lc, uri, lambda ds: any(d.code == "HAB004" for d in ds))
        d = next(d for d in ds if d.code == "HAB004")
        h = await lc.text_document_hover_async(
            types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=d.range.start)
        )
        assert h is not None and isinstance(h.contents, types.MarkupContent)
        assert "HAB004 os-setenv" in h.contents.value and "t.Setenv" in h.contents.value
    finally:
        await stop(lc)


async def test_close_clears_and_non_test_files_are_silent(ws: Path) -> None:
    lc, _ = await start(ws)
    try:
        uri = open_doc(lc, ws / "probe_test.go", SMELLY)
        await wait_diagnostics(lc, uri, lambda ds: len(ds) > 0)
        lc.text_document_did_close(
            types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )
        await wait_diagnostics(lc, uri, lambda ds: len(ds) == 0)
        other = open_doc(lc, ws / "probe.go", SMELLY)
        ds = await wait_diagnostics(lc, other)
        assert list(ds) == []
    finally:
        await stop(lc)


async def test_push_only_mode_hides_pull(ws: Path) -> None:
    lc, init = await start(ws, init_options={"diagnosticMode": "push"})
    try:
        assert init.capabilities.diagnostic_provider is None
    finally:
        await stop(lc)
    lc, init = await start(ws)
    try:
        assert init.capabilities.diagnostic_provider is not None
    finally:
        await stop(lc)


async def test_fix_all_in_unfiltered_pickers_resolves_lazily(ws: Path) -> None:
    lc, _ = await start(ws)
    try:
        uri = open_doc(lc, ws / "probe_test.go", SMELLY)
        await wait_diagnostics(lc, uri, lambda ds: any(d.code == "HAB004" for d in ds))
        actions = await lc.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                range=types.Range(
                    start=types.Position(line=9, character=0), end=types.Position(line=9, character=0)
                ),
                context=types.CodeActionContext(diagnostics=[]),
            )
        )
        assert actions
        fa = next(
            a for a in actions if isinstance(a, types.CodeAction) and a.kind == "source.fixAll.gotestsmells"
        )
        assert fa.edit is None and fa.data is not None
        resolved = await lc.code_action_resolve_async(fa)
        assert apply_edits(SMELLY, edits_for(resolved.edit, uri)) == FIXED
    finally:
        await stop(lc)
