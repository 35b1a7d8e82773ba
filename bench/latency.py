"""Keystroke latency of the language server, through a real stdio client.

    python bench/latency.py [--edits 200] [--lines 5000]

Opens a generated test file of --lines lines (one smell per test function), then types one character at a
time at spread-out lines, each followed by a pull-diagnostics request; reports p50/p95 of the time from
sending the change to receiving the full diagnostic report (server work, transport and JSON decoding
in the client included); then the same request with no edit in between, served from the last lint: the
cost of the report alone.  No timed assertions anywhere: the figures go in the README."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any


class Client:
    def __init__(self, argv: list[str], cwd: str) -> None:
        self.p = subprocess.Popen(
            argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=cwd
        )
        self.responses: dict[int, tuple[float, dict[str, Any]]] = {}
        self.notes: list[tuple[float, dict[str, Any]]] = []
        self.cond = threading.Condition()
        self.n = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        out = self.p.stdout
        assert out is not None
        while True:
            length = 0
            while True:
                line = out.readline()
                if not line:
                    return
                if not line.strip():
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            body = json.loads(out.read(length))
            t = time.perf_counter()
            with self.cond:
                if "id" in body and "method" not in body:
                    self.responses[body["id"]] = (t, body)
                elif "method" in body and "id" not in body:
                    self.notes.append((t, body))
                else:
                    self.send({"jsonrpc": "2.0", "id": body["id"], "result": None})
                self.cond.notify_all()

    def send(self, msg: dict[str, Any]) -> None:
        data = json.dumps(msg).encode()
        assert self.p.stdin is not None
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)
        self.p.stdin.flush()

    def request(self, method: str, params: Any, timeout: float = 60) -> tuple[float, dict[str, Any]]:
        self.n += 1
        i = self.n
        self.send({"jsonrpc": "2.0", "id": i, "method": method, "params": params})
        with self.cond:
            if not self.cond.wait_for(lambda: i in self.responses, timeout):
                raise TimeoutError(method)
            return self.responses.pop(i)

    def wait_note(self, method: str, after: float, timeout: float = 60) -> float:
        with self.cond:
            ok = self.cond.wait_for(
                lambda: any(t > after and m.get("method") == method for t, m in self.notes), timeout
            )
            if not ok:
                raise TimeoutError(method)
            return next(t for t, m in self.notes if t > after and m.get("method") == method)


def big_file(lines: int) -> str:
    body = ["package probe", "", 'import (\n\t"testing"\n\t"time"\n)', ""]
    i = 0
    while sum(x.count("\n") + 1 for x in body) < lines:
        body.append(
            f"func TestCase{i}(t *testing.T) {{\n\tv := {i}\n\ttime.Sleep(time.Millisecond)\n"
            f'\tif v != {i} {{\n\t\tt.Errorf("got %d", v)\n\t}}\n}}\n'
        )
        i += 1
    return "\n".join(body)


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(len(xs) * p))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--edits", type=int, default=200)
    ap.add_argument("--lines", type=int, default=5000)
    args = ap.parse_args()
    ws = tempfile.mkdtemp(prefix="gts-latency-")
    Path(ws, "go.mod").write_text("module example.com/probe\n\ngo 1.25\n")
    exe = [sys.executable, "-m", "gotestsmells", "serve"]
    c = Client(exe, ws)
    uri = Path(ws, "big_test.go").as_uri()
    c.request(
        "initialize",
        {
            "processId": os.getpid(),
            "rootUri": Path(ws).as_uri(),
            "capabilities": {
                "general": {"positionEncodings": ["utf-16"]},
                "textDocument": {"diagnostic": {}},
            },
        },
    )
    c.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    text = big_file(args.lines)
    t0 = time.perf_counter()
    c.send(
        {
            "jsonrpc": "2.0",
            "method": "textDocument/didOpen",
            "params": {"textDocument": {"uri": uri, "languageId": "go", "version": 1, "text": text}},
        }
    )
    t_open = c.wait_note("textDocument/publishDiagnostics", t0) - t0
    n_lines = text.count("\n")
    pulls: list[float] = []
    size = 0
    for k in range(args.edits):
        ln = 6 + (k * 37) % (n_lines - 10)
        t0 = time.perf_counter()
        c.send(
            {
                "jsonrpc": "2.0",
                "method": "textDocument/didChange",
                "params": {
                    "textDocument": {"uri": uri, "version": k + 2},
                    "contentChanges": [
                        {
                            "range": {
                                "start": {"line": ln, "character": 0},
                                "end": {"line": ln, "character": 0},
                            },
                            "text": " ",
                        }
                    ],
                },
            }
        )
        t1, r = c.request("textDocument/diagnostic", {"textDocument": {"uri": uri}})
        pulls.append((t1 - t0) * 1000)
        size = len(r["result"].get("items", []))
    # The same report again with no edit in between: served from the last lint, so this is what the
    # report alone costs (the server's message handling, the pipe, the client decoding the JSON).
    again: list[float] = []
    for _ in range(args.edits):
        t0 = time.perf_counter()
        t1, r = c.request("textDocument/diagnostic", {"textDocument": {"uri": uri}})
        again.append((t1 - t0) * 1000)
    c.request("shutdown", None)
    c.send({"jsonrpc": "2.0", "method": "exit"})
    print(f"{args.lines}-line file, {size} diagnostics; first diagnostics after open: {t_open * 1000:.0f} ms")
    print(
        f"pull diagnostics after a one-character edit ({args.edits} edits): "
        f"p50 {pct(pulls, 0.5):.1f} ms, p95 {pct(pulls, 0.95):.1f} ms"
    )
    print(
        f"the same report with no edit (transport and client decoding only): "
        f"p50 {pct(again, 0.5):.1f} ms, p95 {pct(again, 0.95):.1f} ms"
    )


if __name__ == "__main__":
    main()
