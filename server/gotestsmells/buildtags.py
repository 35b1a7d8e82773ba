"""`//go:build` constraints: find the line, parse the expression, and answer the two questions rules ask.

- Which Go language version does the constraint imply (``go1.N`` terms, as go/build/constraint.GoVersion)?
- Does a plain ``go test`` (no ``-tags``) leave the file out whatever GOOS/GOARCH it runs on?  That is true
  when the expression cannot be satisfied with every custom tag false.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from .gomod import GoVersion

_GOOS = {
    "aix",
    "android",
    "darwin",
    "dragonfly",
    "freebsd",
    "hurd",
    "illumos",
    "ios",
    "js",
    "linux",
    "nacl",
    "netbsd",
    "openbsd",
    "plan9",
    "solaris",
    "wasip1",
    "windows",
    "zos",
    "unix",
}
_GOARCH = {
    "386",
    "amd64",
    "amd64p32",
    "arm",
    "armbe",
    "arm64",
    "arm64be",
    "loong64",
    "mips",
    "mipsle",
    "mips64",
    "mips64le",
    "mips64p32",
    "mips64p32le",
    "ppc",
    "ppc64",
    "ppc64le",
    "riscv",
    "riscv64",
    "s390",
    "s390x",
    "sparc",
    "sparc64",
    "wasm",
}
# Tags the go command may set by itself, so they are not "custom".
_KNOWN = (
    _GOOS
    | _GOARCH
    | {
        "cgo",
        "gc",
        "gccgo",
        "purego",
        "boringcrypto",
        "goexperiment",
        "race",
        "msan",
        "asan",
        "ignore_not_really",
    }
)

_TOKEN = re.compile(r"\s*(\|\||&&|!|\(|\)|[A-Za-z0-9_.]+)")


@dataclass(frozen=True)
class Expr:
    op: str  # "tag", "not", "and", "or"
    tag: str = ""
    args: tuple[Expr, ...] = ()


class ConstraintError(ValueError):
    pass


def parse_expr(s: str) -> Expr:
    toks: list[str] = []
    pos = 0
    s = s.strip()
    while pos < len(s):
        m = _TOKEN.match(s, pos)
        if not m:
            raise ConstraintError(f"unexpected {s[pos:]!r}")
        toks.append(m.group(1))
        pos = m.end()
    i = 0

    def peek() -> str | None:
        return toks[i] if i < len(toks) else None

    def take() -> str:
        nonlocal i
        if i >= len(toks):
            raise ConstraintError("unexpected end")
        i += 1
        return toks[i - 1]

    def or_() -> Expr:
        parts = [and_()]
        while peek() == "||":
            take()
            parts.append(and_())
        return parts[0] if len(parts) == 1 else Expr("or", args=tuple(parts))

    def and_() -> Expr:
        parts = [not_()]
        while peek() == "&&":
            take()
            parts.append(not_())
        return parts[0] if len(parts) == 1 else Expr("and", args=tuple(parts))

    def not_() -> Expr:
        t = take()
        if t == "!":
            return Expr("not", args=(not_(),))
        if t == "(":
            e = or_()
            if take() != ")":
                raise ConstraintError("missing )")
            return e
        if t in ("||", "&&", ")"):
            raise ConstraintError(f"unexpected {t}")
        return Expr("tag", tag=t)

    e = or_()
    if i != len(toks):
        raise ConstraintError("trailing tokens")
    return e


def _go_tag(tag: str) -> GoVersion | None:
    m = re.fullmatch(r"go1\.(\d+)", tag)
    return (1, int(m.group(1))) if m else None


def go_version(e: Expr) -> GoVersion | None:
    """Minimum Go version the expression implies (None: none implied)."""
    if e.op == "tag":
        return _go_tag(e.tag)
    if e.op == "not":
        return None
    vs = [go_version(a) for a in e.args]
    if e.op == "and":
        known = [v for v in vs if v is not None]
        return max(known) if known else None
    # or: the minimum of the branches; a branch without a version allows any.
    if any(v is None for v in vs):
        return None
    return min(v for v in vs if v is not None)


def _tags(e: Expr) -> set[str]:
    if e.op == "tag":
        return {e.tag}
    out: set[str] = set()
    for a in e.args:
        out |= _tags(a)
    return out


def _eval(e: Expr, env: dict[str, bool]) -> bool:
    if e.op == "tag":
        return env.get(e.tag, False)
    if e.op == "not":
        return not _eval(e.args[0], env)
    if e.op == "and":
        return all(_eval(a, env) for a in e.args)
    return any(_eval(a, env) for a in e.args)


def is_custom_tag(tag: str) -> bool:
    return tag not in _KNOWN and _go_tag(tag) is None and not tag.startswith("goexperiment.")


def needs_custom_tag(e: Expr) -> bool:
    """True when no GOOS/GOARCH/version/cgo choice satisfies `e` with every custom tag false."""
    free = sorted(t for t in _tags(e) if not is_custom_tag(t))
    if len(free) > 12:  # absurd expressions: do not claim the file is excluded
        return False
    for values in itertools.product((False, True), repeat=len(free)):
        env = dict(zip(free, values, strict=True))
        if _eval(e, env):
            return False
    return True


@dataclass(frozen=True)
class Constraint:
    line: int  # 0-based line of the //go:build comment
    start: int  # byte offsets of the comment
    end: int
    expr_text: str
    expr: Expr | None  # None when it does not parse
    plus_build_lines: tuple[tuple[int, int], ...] = ()  # legacy // +build lines (byte ranges)


def find_constraint(src: bytes) -> Constraint | None:
    """The //go:build line of a file: it must come before the package clause, in the header comments."""
    pos = 0
    line_no = 0
    found: Constraint | None = None
    plus: list[tuple[int, int]] = []
    in_block = False
    while pos < len(src):
        nl = src.find(b"\n", pos)
        end = len(src) if nl < 0 else nl
        raw = src[pos:end]
        line = raw.strip()
        if in_block:
            if b"*/" in line:
                in_block = False
        elif line.startswith(b"//go:build"):
            rest = raw.decode("utf-8", "replace").strip()[len("//go:build") :]
            if rest[:1] in ("", " ", "\t"):
                expr: Expr | None
                try:
                    expr = parse_expr(rest)
                except ConstraintError:
                    expr = None
                if found is None:
                    found = Constraint(line_no, pos, pos + len(raw.rstrip(b"\r")), rest.strip(), expr)
        elif line.startswith(b"// +build"):
            plus.append((pos, pos + len(raw.rstrip(b"\r"))))
        elif line.startswith(b"/*"):
            in_block = b"*/" not in line[2:]
        elif line and not line.startswith(b"//"):
            break  # the package clause (or anything else) ends the header
        if nl < 0:
            break
        pos = nl + 1
        line_no += 1
    if found is not None and plus:
        found = Constraint(found.line, found.start, found.end, found.expr_text, found.expr, tuple(plus))
    return found
