"""Code actions: a quick fix per safe fix, `refactor.rewrite` per refactor, "Silence CODE on this line", and
`source.fixAll.gotestsmells` (every safe fix in the file, returned inline so on-save snippets that do not
resolve still work).  Lazy fixes and the fix-all offered without being asked for go through
`codeAction/resolve` when the client supports it."""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING, Any

from lsprotocol import types

from ..documents import Document
from ..fixes import ResolvedFix, line_edit
from ..fixes import resolve as resolve_fix
from ..rules.base import Edit, Finding, Fix, NewFile
from . import diagnostics
from .diagnostics import Entry

if TYPE_CHECKING:
    from ..server import GoTestSmellsServer

log = logging.getLogger(__name__)

FIX_ALL = "source.fixAll.gotestsmells"
FIX_ALL_TITLE = "gotestsmells: fix all safe fixes"
SILENCE_REASON = "TODO: say why"


def _wants(only: list[str] | None, kind: str, *, explicit: bool = False) -> bool:
    """Kinds match by prefix: a request for `source.fixAll` finds `source.fixAll.gotestsmells`."""
    if only is None:
        return not explicit
    return any(kind == k or kind.startswith(k + ".") for k in only)


def _pos(doc: Document, offset: int) -> types.Position:
    line, col = doc.lines.position(offset, doc.encoding)
    return types.Position(line=line, character=col)


def _range(doc: Document, start: int, end: int) -> types.Range:
    return types.Range(start=_pos(doc, start), end=_pos(doc, end))


def _text_edits(doc: Document, edits: tuple[Edit, ...] | list[Edit]) -> list[types.TextEdit]:
    return [types.TextEdit(range=_range(doc, e.start, e.end), new_text=e.new) for e in edits]


def _file_uri(path: str) -> str:
    from pygls.uris import from_fs_path

    return from_fs_path(path) or ("file://" + path)


def workspace_edit(
    ls: GoTestSmellsServer,
    doc: Document,
    edits: tuple[Edit, ...] | list[Edit],
    new_files: tuple[NewFile, ...] = (),
) -> types.WorkspaceEdit | None:
    """A WorkspaceEdit for `edits` on the document and the files a fix creates; None when the client
    cannot take it (it cannot create files, or a file to create already exists)."""
    tedits = _text_edits(doc, edits)
    if not new_files:
        if ls.client.document_changes:
            return types.WorkspaceEdit(
                document_changes=[
                    types.TextDocumentEdit(
                        text_document=types.OptionalVersionedTextDocumentIdentifier(
                            uri=doc.uri, version=doc.version
                        ),
                        edits=tedits,
                    )
                ]
            )
        return types.WorkspaceEdit(changes={doc.uri: tedits})
    if not ls.client.create_files or doc.path is None:
        return None
    changes: list[Any] = []
    base = os.path.dirname(doc.path)
    for nf in new_files:
        target = os.path.normpath(os.path.join(base, nf.path))
        if os.path.exists(target):
            return None
        uri = _file_uri(target)
        changes.append(types.CreateFile(uri=uri, options=types.CreateFileOptions(ignore_if_exists=False)))
        changes.append(
            types.TextDocumentEdit(
                text_document=types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=None),
                edits=[
                    types.TextEdit(
                        range=types.Range(
                            start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)
                        ),
                        new_text=nf.content,
                    )
                ],
            )
        )
    changes.append(
        types.TextDocumentEdit(
            text_document=types.OptionalVersionedTextDocumentIdentifier(uri=doc.uri, version=doc.version),
            edits=tedits,
        )
    )
    return types.WorkspaceEdit(document_changes=changes)


def _kind(fix: Fix) -> str:
    if fix.kind:
        return fix.kind
    return (
        types.CodeActionKind.QuickFix.value
        if fix.applicability == "safe"
        else types.CodeActionKind.RefactorRewrite.value
    )


def _findings_for(
    doc: Document, entry: Entry, params: types.CodeActionParams
) -> list[tuple[Finding, dict[str, Any]]]:
    """Findings whose range touches the requested range, or that the client named in its context."""
    a = doc.lines.offset(params.range.start.line, params.range.start.character, doc.encoding)
    b = doc.lines.offset(params.range.end.line, params.range.end.character, doc.encoding)
    named = {
        (d.code, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character)
        for d in params.context.diagnostics
        if d.source == "gotestsmells"
    }
    out = []
    for i, (f, r) in enumerate(zip(entry.result.findings, entry.ranges, strict=True)):
        if (f.code, *r) in named or (f.start <= b and a <= f.end):
            out.append((f, entry.item(i)))
    return out


def _diag(item: dict[str, Any]) -> types.Diagnostic:
    r = item["range"]
    return types.Diagnostic(
        range=types.Range(
            start=types.Position(line=r["start"]["line"], character=r["start"]["character"]),
            end=types.Position(line=r["end"]["line"], character=r["end"]["character"]),
        ),
        message=item["message"],
        severity=types.DiagnosticSeverity(item["severity"]),
        code=item["code"],
        source="gotestsmells",
    )


def _resolved(doc: Document, entry: Entry, f: Finding, fix: Fix) -> ResolvedFix | None:
    try:
        return resolve_fix(doc.src, doc.tree, fix, f, entry.result.ctx)
    except Exception:
        log.exception("fix %r of %s failed", fix.title, f.code)
        return None


def code_action(ls: GoTestSmellsServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
    doc = ls.docs.get(params.text_document.uri)
    if doc is None:
        return None
    entry = diagnostics.compute(ls, doc)
    only = list(params.context.only) if params.context.only else None
    actions: list[types.CodeAction] = []
    for f, item in _findings_for(doc, entry, params):
        diag = _diag(item)
        for i, fix in enumerate(f.fixes):
            kind = _kind(fix)
            if not _wants(only, kind):
                continue
            title = fix.title
            if fix.lazy is not None and ls.client.code_action_resolve:
                actions.append(
                    types.CodeAction(
                        title=title,
                        kind=kind,
                        diagnostics=[diag],
                        is_preferred=(i == 0 and fix.applicability == "safe"),
                        data={
                            "uri": doc.uri,
                            "gen": doc.generation,
                            "code": f.code,
                            "start": f.start,
                            "fix": i,
                        },
                    )
                )
                continue
            r = _resolved(doc, entry, f, fix)
            if r is None:
                continue
            we = workspace_edit(ls, doc, r.edits, r.new_files)
            if we is None:
                continue
            actions.append(
                types.CodeAction(
                    title=title,
                    kind=kind,
                    diagnostics=[diag],
                    edit=we,
                    is_preferred=(i == 0 and fix.applicability == "safe"),
                )
            )
        if _wants(only, types.CodeActionKind.QuickFix.value):
            silence = silence_edit(doc, f)
            if silence is not None:
                we = workspace_edit(ls, doc, [silence])
                if we is not None:
                    actions.append(
                        types.CodeAction(
                            title=f"Silence {f.code} on this line",
                            kind=types.CodeActionKind.QuickFix,
                            diagnostics=[diag],
                            edit=we,
                        )
                    )
    if _wants(only, FIX_ALL, explicit=True):
        actions.append(fix_all_action(ls, doc))
    elif only is None and ls.client.code_action_resolve:
        # Offered in pickers that list every kind (Helix, Neovim's menu), computed only when chosen.
        actions.append(
            types.CodeAction(
                title=FIX_ALL_TITLE,
                kind=FIX_ALL,
                data={"uri": doc.uri, "gen": doc.generation, "fixAll": True},
            )
        )
    return actions


def fix_all_action(ls: GoTestSmellsServer, doc: Document) -> types.CodeAction:
    settings, _ = ls.linter.settings_for(doc.path, [ls.options.editor_settings])
    edits: list[Edit] = []
    try:
        res = ls.linter.fix(doc.path, doc.src, settings)
        e = line_edit(doc.src, res.source)
        if e is not None:
            edits.append(e)
    except Exception:
        log.exception("fix-all failed on %s", doc.uri)
    we = workspace_edit(ls, doc, edits) or types.WorkspaceEdit(changes={doc.uri: []})
    return types.CodeAction(title=FIX_ALL_TITLE, kind=FIX_ALL, edit=we)


def resolve(ls: GoTestSmellsServer, action: types.CodeAction) -> types.CodeAction:
    data = action.data if isinstance(action.data, dict) else None
    if data is None:
        return action
    doc = ls.docs.get(str(data.get("uri", "")))
    if doc is None:
        return action
    if data.get("fixAll"):
        return fix_all_action(ls, doc)
    entry = diagnostics.compute(ls, doc)
    code, start, idx = data.get("code"), data.get("start"), data.get("fix", 0)
    if data.get("gen") != doc.generation:
        return action  # the document changed since: the client asks again
    f = next((x for x in entry.result.findings if x.code == code and x.start == start), None)
    if f is None or not isinstance(idx, int) or idx >= len(f.fixes):
        return action
    r = _resolved(doc, entry, f, f.fixes[idx])
    if r is not None:
        action.edit = workspace_edit(ls, doc, r.edits, r.new_files)
    return action


# -- silence comments ---------------------------------------------------------------------------------------


def silence_edit(doc: Document, f: Finding) -> Edit | None:
    """Add `//gotestsmells:ignore CODE reason` on its own line above the finding's line, or add the code to
    the ignore comment already there."""
    src = doc.src
    line = doc.lines.line_of(f.start)
    if line > 0:
        above = doc.lines.line_bytes(line - 1)
        stripped = above.strip()
        marker = b"//gotestsmells:ignore"
        if stripped.startswith(marker):
            start = doc.lines.starts[line - 1] + above.index(marker) + len(marker)
            rest = src[start : doc.lines.line_end(line - 1)]
            codes_txt = rest.lstrip(b" \t")
            lead = len(rest) - len(codes_txt)
            end_codes = 0
            while end_codes < len(codes_txt) and codes_txt[end_codes : end_codes + 1] not in (b" ", b"\t"):
                end_codes += 1
            codes = codes_txt[:end_codes].decode().split(",") if end_codes else []
            if f.code in codes:
                return None
            at = start + lead + end_codes
            return Edit(at, at, ("," if codes else " ") + f.code)
    ls_ = doc.lines.starts[line]
    i = ls_
    while i < len(src) and src[i : i + 1] in (b" ", b"\t"):
        i += 1
    indent = src[ls_:i].decode()
    eol = "\r\n" if src[doc.lines.line_end(line) : doc.lines.line_end(line) + 2] == b"\r\n" else "\n"
    return Edit(ls_, ls_, f"{indent}//gotestsmells:ignore {f.code} {SILENCE_REASON}{eol}")
