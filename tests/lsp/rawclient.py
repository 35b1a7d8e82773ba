"""A bare JSON-RPC client over stdio, for what a well-behaved client library will not send: malformed JSON,
requests with nonsense params, raw bytes.  Every wait has a timeout."""

from __future__ import annotations

import json
import queue
import subprocess
import threading
from typing import Any

from .helpers import SERVER


class RawClient:
    def __init__(self, cwd: str) -> None:
        self.proc = subprocess.Popen(
            SERVER, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd
        )
        self.next_id = 0
        self.responses: dict[int, dict[str, Any]] = {}
        self.notifications: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.cond = threading.Condition()
        self.stderr: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.stderr.append(line.decode("utf-8", "replace"))

    def _read(self) -> None:
        out = self.proc.stdout
        assert out is not None
        while True:
            headers: dict[str, str] = {}
            while True:
                line = out.readline()
                if not line:
                    self.notifications.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                k, _, v = line.decode().partition(":")
                headers[k.strip().lower()] = v.strip()
            body = json.loads(out.read(int(headers["content-length"])))
            if "id" in body and "method" not in body:
                with self.cond:
                    self.responses[body["id"]] = body
                    self.cond.notify_all()
            elif "id" in body:
                self.send({"jsonrpc": "2.0", "id": body["id"], "result": None})
                self.notifications.put(body)
            else:
                self.notifications.put(body)

    def send_bytes(self, data: bytes) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, msg: dict[str, Any]) -> None:
        data = json.dumps(msg).encode()
        self.send_bytes(b"Content-Length: %d\r\n\r\n" % len(data) + data)

    def notify(self, method: str, params: Any) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method: str, params: Any, timeout: float = 15) -> dict[str, Any]:
        self.next_id += 1
        i = self.next_id
        self.send({"jsonrpc": "2.0", "id": i, "method": method, "params": params})
        with self.cond:
            if not self.cond.wait_for(lambda: i in self.responses, timeout):
                raise TimeoutError(
                    f"{method}: no answer in {timeout} s; stderr: {''.join(self.stderr[-20:])}"
                )
            return self.responses.pop(i)

    def initialize(self, root: str) -> dict[str, Any]:
        uri = "file://" + root
        caps = {
            "general": {"positionEncodings": ["utf-16"]},
            "textDocument": {
                "diagnostic": {},
                "codeAction": {
                    "codeActionLiteralSupport": {
                        "codeActionKind": {"valueSet": ["quickfix", "refactor", "source"]}
                    }
                },
            },
            "workspace": {"configuration": False},
        }
        r = self.request("initialize", {"processId": None, "rootUri": uri, "capabilities": caps}, timeout=30)
        self.notify("initialized", {})
        return r

    def messages(self) -> list[dict[str, Any]]:
        """Notifications received so far (drains the queue)."""
        out = []
        while True:
            try:
                m = self.notifications.get_nowait()
            except queue.Empty:
                return out
            if m is not None:
                out.append(m)

    def close(self) -> int | None:
        try:
            self.request("shutdown", None, timeout=10)
            self.notify("exit", None)
            self.proc.wait(timeout=10)
        except Exception:
            self.proc.kill()
            self.proc.wait(timeout=10)
        return self.proc.returncode
