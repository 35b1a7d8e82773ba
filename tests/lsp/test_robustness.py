"""Bad input never stops the server: after each of these, it still answers the next request, and it never
shows an error message to the user."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from .rawclient import RawClient


def _alive(c: RawClient, uri: str) -> None:
    r = c.request("textDocument/diagnostic", {"textDocument": {"uri": uri}})
    assert "result" in r, r
    r = c.request(
        "textDocument/codeAction",
        {
            "textDocument": {"uri": uri},
            "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
            "context": {"diagnostics": [], "only": ["source.fixAll"]},
        },
    )
    assert "result" in r, r


def _change(uri: str, version: int, text: str, rng: dict | None = None) -> dict:  # type: ignore[type-arg]
    ch: dict = {"text": text}  # type: ignore[type-arg]
    if rng is not None:
        ch["range"] = rng
    return {"textDocument": {"uri": uri, "version": version}, "contentChanges": [ch]}


def _pos(line: int, ch: int) -> dict:  # type: ignore[type-arg]
    return {"line": line, "character": ch}


BAD: list[tuple[str, Callable[[RawClient, str], None]]] = [
    (
        "binary text",
        lambda c, u: c.notify(
            "textDocument/didChange", _change(u, 2, "\x00\x01\x02 func Test(\ufffd" * 1000)
        ),
    ),
    (
        "lone surrogates and NUL",
        lambda c, u: c.notify("textDocument/didChange", _change(u, 3, "\ud800\udfff x \x00 ✓ 🎉")),
    ),
    (
        "half-typed Go",
        lambda c, u: c.notify(
            "textDocument/didChange",
            _change(
                u,
                4,
                'package p\nimport "testing"\nfunc TestX(t *testing.T) {\n\tdefer\n\tfor {\n\t\tos.Setenv(\n',
            ),
        ),
    ),
    (
        "20,000 nested braces",
        lambda c, u: c.notify(
            "textDocument/didChange",
            _change(u, 5, 'package p\nimport "testing"\nfunc TestX(t *testing.T) {\n' + "{" * 20000 + "\n"),
        ),
    ),
    (
        "20,000 nested parens",
        lambda c, u: c.notify(
            "textDocument/didChange",
            _change(
                u,
                6,
                "package p\nfunc TestX(t *testing.T) {\n\tx := " + "(" * 20000 + "1" + ")" * 20000 + "\n}\n",
            ),
        ),
    ),
    (
        "edit past the end",
        lambda c, u: c.notify(
            "textDocument/didChange", _change(u, 7, "y", {"start": _pos(99999, 5), "end": _pos(99999, 9)})
        ),
    ),
    (
        "reversed range",
        lambda c, u: c.notify(
            "textDocument/didChange", _change(u, 8, "z", {"start": _pos(3, 5), "end": _pos(0, 0)})
        ),
    ),
    (
        "negative position",
        lambda c, u: c.notify(
            "textDocument/didChange", _change(u, 9, "z", {"start": _pos(-1, -5), "end": _pos(0, 0)})
        ),
    ),
    (
        "change to an unknown document",
        lambda c, u: c.notify("textDocument/didChange", _change(u + "x", 2, "x")),
    ),
    (
        "close of an unknown document",
        lambda c, u: c.notify("textDocument/didClose", {"textDocument": {"uri": u + "y"}}),
    ),
    ("malformed JSON", lambda c, u: c.send_bytes(b'Content-Length: 9\r\n\r\n{"a":tru}')),
    ("not JSON-RPC", lambda c, u: c.send({"hello": "world"})),
    ("unknown method", lambda c, u: c.request("gotestsmells/doesNotExist", {})),
    ("unknown notification", lambda c, u: c.notify("gotestsmells/nothing", {"x": 1})),
    ("request with nonsense params", lambda c, u: c.request("textDocument/codeAction", {"textDocument": 5})),
    (
        "hover on an unknown document",
        lambda c, u: c.request(
            "textDocument/hover", {"textDocument": {"uri": "file:///nope_test.go"}, "position": _pos(0, 0)}
        ),
    ),
    (
        "nonsense settings",
        lambda c, u: c.notify(
            "workspace/didChangeConfiguration",
            {
                "settings": {
                    "gotestsmells": {"select": 42, "severity": "loud", "ignore": [None], "enable": "yes"}
                }
            },
        ),
    ),
    (
        "settings of the wrong shape",
        lambda c, u: c.notify("workspace/didChangeConfiguration", {"settings": [1, 2]}),
    ),
    (
        "resolve of a foreign action",
        lambda c, u: c.request("codeAction/resolve", {"title": "x", "data": {"uri": 3}}),
    ),
]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    ws: Path = tmp_path_factory.mktemp("robust")
    (ws / "go.mod").write_text("module example.com/r\n\ngo 1.25\n")
    c = RawClient(str(ws))
    c.initialize(str(ws))
    uri = (ws / "bad_test.go").as_uri()
    c.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "go", "version": 1, "text": "package p\n"}},
    )
    yield c, uri
    rc = c.close()
    assert rc == 0, "".join(c.stderr[-30:])


@pytest.mark.parametrize("name,act", BAD, ids=[b[0] for b in BAD])
def test_server_survives(client, name: str, act: Callable[[RawClient, str], None]) -> None:  # type: ignore[no-untyped-def]
    c, uri = client
    act(c, uri)
    _alive(c, uri)
    assert c.proc.poll() is None, f"the server exited after {name}"
    errors = [m for m in c.messages() if m.get("method") == "window/showMessage" and m["params"]["type"] == 1]
    assert not errors, errors
