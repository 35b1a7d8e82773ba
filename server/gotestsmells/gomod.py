"""go.mod: find the nearest one above a file, read it (cached, re-read when it changes on disk)."""

from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass, field, replace

GoVersion = tuple[int, int]

_VERSION = re.compile(r"^(?:go)?1\.(\d+)(?:\.\d+|rc\d+|beta\d+)?$")


def parse_version(v: str) -> GoVersion | None:
    """'1.22', '1.22.3', 'go1.21rc1' -> (1, 22)."""
    m = _VERSION.match(v.strip())
    return (1, int(m.group(1))) if m else None


@dataclass(frozen=True)
class Require:
    path: str
    version: str
    indirect: bool = False


@dataclass(frozen=True)
class Replace:
    old: str
    old_version: str | None
    new: str
    new_version: str | None


@dataclass(frozen=True)
class GoMod:
    path: str  # the go.mod file
    module: str = ""
    go: GoVersion | None = None
    toolchain: str | None = None
    requires: tuple[Require, ...] = ()
    replaces: tuple[Replace, ...] = ()
    errors: tuple[str, ...] = field(default=(), compare=False)
    # Identity of the version of the file this was read from (mtime, size): cheap to compare and hash.
    stamp: tuple[float, int] | None = field(default=None, compare=False)

    @property
    def root(self) -> str:
        return os.path.dirname(self.path)

    def requires_module(self, prefix: str) -> bool:
        """Whether the module requires `prefix` or a module below it (direct or indirect)."""
        return any(r.path == prefix or r.path.startswith(prefix + "/") for r in self.requires)


def _is_indirect(raw: str) -> bool:
    """The `// indirect` marker as cmd/go reads it (modfile.isIndirect): the line's comment is exactly
    `indirect`, or starts with `indirect;` followed by more words; `// indirectly used` is not one."""
    i = raw.find("//")
    if i < 0:
        return False
    f = raw[i + 2 :].split()
    return (len(f) == 1 and f[0] == "indirect") or (len(f) > 1 and f[0] == "indirect;")


def _strip_comment(line: str) -> str:
    i = line.find("//")
    return line[:i] if i >= 0 else line


def _unquote(tok: str) -> str:
    if len(tok) >= 2 and tok[0] == tok[-1] and tok[0] in '"`':
        return tok[1:-1]
    return tok


def parse_gomod(text: str, path: str = "go.mod") -> GoMod:
    module = ""
    go: GoVersion | None = None
    toolchain: str | None = None
    requires: list[Require] = []
    replaces: list[Replace] = []
    errors: list[str] = []
    block: str | None = None
    for raw in text.splitlines():
        indirect = _is_indirect(raw)
        line = _strip_comment(raw).strip()
        if not line:
            continue
        if block is not None:
            if line == ")":
                block = None
                continue
            verb, rest = block, line
        else:
            verb, _, rest = line.partition(" ")
            rest = rest.strip()
            if rest == "(":
                block = verb
                continue
            if rest.startswith("(") and rest.endswith(")"):
                rest = rest[1:-1].strip()
        toks = [_unquote(t) for t in rest.split()]
        if verb == "module" and toks:
            module = toks[0]
        elif verb == "go" and toks:
            go = parse_version(toks[0])
            if go is None:
                errors.append(f"bad go directive: {rest}")
        elif verb == "toolchain" and toks:
            toolchain = toks[0]
        elif verb == "require" and len(toks) >= 2:
            requires.append(Require(toks[0], toks[1], indirect))
        elif verb == "replace" and "=>" in toks:
            i = toks.index("=>")
            old, new = toks[:i], toks[i + 1 :]
            if old and new:
                replaces.append(
                    Replace(
                        old[0], old[1] if len(old) > 1 else None, new[0], new[1] if len(new) > 1 else None
                    )
                )
    return GoMod(path, module, go, toolchain, tuple(requires), tuple(replaces), tuple(errors))


class GoModCache:
    """Nearest go.mod lookups.  The file is re-read when its mtime or size changes; a go.mod created or
    deleted between a file and its module root is noticed on the next `invalidate()` (the server calls it
    on didChangeWatchedFiles and didSave of a go.mod)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._dir_to_mod: dict[str, str | None] = {}
        self._mods: dict[str, tuple[tuple[float, int], GoMod]] = {}

    def invalidate(self) -> None:
        with self._lock:
            self._dir_to_mod.clear()

    def find_path(self, file_path: str) -> str | None:
        d = os.path.dirname(os.path.abspath(file_path))
        with self._lock:
            if d in self._dir_to_mod:
                return self._dir_to_mod[d]
        seen = []
        found: str | None = None
        cur = d
        while True:
            with self._lock:
                if cur in self._dir_to_mod:
                    found = self._dir_to_mod[cur]
                    break
            seen.append(cur)
            cand = os.path.join(cur, "go.mod")
            if os.path.isfile(cand):
                found = cand
                break
            parent = os.path.dirname(cur)
            if parent == cur:
                break
            cur = parent
        with self._lock:
            for s in seen:
                self._dir_to_mod[s] = found
        return found

    def for_file(self, file_path: str | None) -> GoMod | None:
        if not file_path:
            return None
        p = self.find_path(file_path)
        if p is None:
            return None
        try:
            st = os.stat(p)
        except OSError:
            self.invalidate()
            return None
        key = (st.st_mtime, st.st_size)
        with self._lock:
            hit = self._mods.get(p)
        if hit is not None and hit[0] == key:
            return hit[1]
        try:
            with open(p, encoding="utf-8", errors="replace") as f:
                mod = parse_gomod(f.read(), p)
        except OSError:
            return None
        mod = replace(mod, stamp=key)
        with self._lock:
            self._mods[p] = (key, mod)
        return mod


CACHE = GoModCache()
