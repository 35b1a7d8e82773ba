"""The package-level declarations a test can see: its own file, the other files of its package in the same
folder, and (for an external `foo_test` package) the package under test, imported by path.

Sibling files are read from disk and cached by (path, mtime, size); the linted file itself comes from the
context (it may be unsaved).  Everything is syntactic: a name declared twice (GOOS-specific files) with
different signatures counts as unknown.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from tree_sitter import Node, Tree

from ..analysis.context import FileContext
from ..analysis.imports import default_name, read_imports
from ..parsing import parse, text
from .shape import LRU

PREDECLARED_TYPES = frozenset(
    {
        "bool",
        "byte",
        "complex64",
        "complex128",
        "error",
        "float32",
        "float64",
        "int",
        "int8",
        "int16",
        "int32",
        "int64",
        "rune",
        "string",
        "uint",
        "uint8",
        "uint16",
        "uint32",
        "uint64",
        "uintptr",
        "any",
    }
)


@dataclass
class FileDecls:
    path: str | None
    package: str
    imports: dict[str, str]  # local name -> import path (dot and blank imports left out)
    funcs: dict[str, Node] = field(default_factory=dict)  # function_declaration
    methods: dict[tuple[str, str], Node] = field(default_factory=dict)  # (receiver type, name)
    types: dict[str, Node] = field(default_factory=dict)  # type_spec / type_alias
    # name -> (spec node, index of the name in the spec, type node or None, value node or None)
    values: dict[str, tuple[str, Node, Node | None, Node | None]] = field(default_factory=dict)
    tree: Tree | None = None  # keeps the nodes alive
    src: bytes = b""


def _receiver_type(m: Node) -> str | None:
    recv = m.child_by_field_name("receiver")
    if recv is None:
        return None
    for d in recv.named_children:
        if d.type != "parameter_declaration":
            continue
        t = d.child_by_field_name("type")
        while t is not None and t.type in ("pointer_type", "generic_type", "parenthesized_type"):
            if t.type == "generic_type":
                t = t.child_by_field_name("type")
            else:
                t = t.named_children[0] if t.named_children else None
        if t is not None and t.type == "type_identifier":
            return text(t)
    return None


def file_decls(root: Node, path: str | None, tree: Tree | None = None, src: bytes = b"") -> FileDecls:
    pkg = ""
    imports: dict[str, str] = {}
    for imp in read_imports(root):
        if imp.alias in ("_", "."):
            continue
        imports[imp.local] = imp.path
    fd = FileDecls(path, pkg, imports, tree=tree, src=src)
    for n in root.children:
        t = n.type
        if t == "package_clause":
            ident = next((c for c in n.named_children if c.type == "package_identifier"), None)
            fd.package = text(ident)
        elif t == "function_declaration":
            name = text(n.child_by_field_name("name"))
            if name in fd.funcs:
                fd.funcs[name] = n if _same_signature(fd.funcs[name], n) else _AMBIGUOUS
            else:
                fd.funcs[name] = n
        elif t == "method_declaration":
            rt = _receiver_type(n)
            if rt is not None:
                fd.methods[(rt, text(n.child_by_field_name("name")))] = n
        elif t == "type_declaration":
            for s in n.named_children:
                if s.type in ("type_spec", "type_alias"):
                    fd.types[text(s.child_by_field_name("name"))] = s
        elif t in ("const_declaration", "var_declaration"):
            kind = "const" if t == "const_declaration" else "var"
            specs: list[Node] = []
            for c in n.named_children:
                if c.type in ("const_spec", "var_spec"):
                    specs.append(c)
                elif c.type in ("var_spec_list", "const_spec_list"):
                    specs.extend(s for s in c.named_children if s.type in ("const_spec", "var_spec"))
            last_type: Node | None = None
            last_value: Node | None = None
            for s in specs:
                typ = s.child_by_field_name("type")
                value = s.child_by_field_name("value")
                if kind == "const" and typ is None and value is None:
                    # Implicit repetition in a const group: the previous type and expression (iota).
                    typ, value = last_type, last_value
                last_type, last_value = typ, value
                names = s.children_by_field_name("name")
                vals = [v for v in value.named_children if v.type != "comment"] if value is not None else []
                for i, nm in enumerate(names):
                    v = vals[i] if len(vals) == len(names) else None
                    fd.values[text(nm)] = (kind, s, typ, v)
    return fd


def _same_signature(a: Node, b: Node) -> bool:
    return text(a.child_by_field_name("parameters")) == text(b.child_by_field_name("parameters")) and text(
        a.child_by_field_name("result")
    ) == text(b.child_by_field_name("result"))


# A placeholder for a function declared twice with different signatures.
_AMBIGUOUS_TREE = parse(b"package p\nfunc ambiguous(x ...ambiguous) ambiguous\n")
_AMBIGUOUS: Node = _AMBIGUOUS_TREE.root_node.children[1]

_FILES = LRU(4000)


def _load(path: str) -> FileDecls | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    key = (path, st.st_mtime_ns, st.st_size)
    hit = _FILES.get_(key)
    if hit is not None:
        return hit  # type: ignore[return-value]
    try:
        with open(path, "rb") as f:
            src = f.read()
    except OSError:
        return None
    if len(src) > 4_000_000:
        return None
    tree = parse(src)
    fd = file_decls(tree.root_node, path, tree, src)
    _FILES.put(key, fd)
    return fd


def dir_import_path(ctx: FileContext) -> str | None:
    """The import path of the linted file's folder, from the nearest go.mod."""
    gm = ctx.gomod
    d = ctx.directory
    if gm is None or d is None or not gm.module:
        return None
    rel = os.path.relpath(d, gm.root)
    if rel.startswith(".."):
        return None
    return gm.module if rel == "." else gm.module + "/" + rel.replace(os.sep, "/")


def module_dir(ctx: FileContext, path: str) -> str | None:
    """The folder of an import path inside the linted file's own module (None: another module)."""
    gm = ctx.gomod
    if gm is None or not gm.module:
        return None
    if path == gm.module:
        rel = ""
    elif path.startswith(gm.module + "/"):
        rel = path[len(gm.module) + 1 :]
    else:
        return None
    if any(part in ("", ".", "..") for part in rel.split("/")) and rel:
        return None
    d = os.path.join(gm.root, *rel.split("/")) if rel else gm.root
    return d if os.path.isdir(d) else None


def _load_package(d: str) -> list[FileDecls] | None:
    """The non-test files of the package in folder `d` (its majority package name; `main` and files
    excluded by `//go:build ignore` left out)."""
    try:
        names = sorted(n for n in os.listdir(d) if n.endswith(".go") and not n.endswith("_test.go"))
    except OSError:
        return None
    if len(names) > 400:
        return None
    files = [fd for fd in (_load(os.path.join(d, n)) for n in names) if fd is not None]
    files = [fd for fd in files if b"//go:build ignore" not in fd.src[:2048]]
    counts: dict[str, int] = {}
    for fd in files:
        counts[fd.package] = counts.get(fd.package, 0) + 1
    if not counts:
        return None
    pkg = max(sorted(counts), key=lambda k: counts[k])
    if pkg == "main":
        return None
    return [fd for fd in files if fd.package == pkg]


@dataclass
class Found:
    """A package-level declaration and the file that declares it."""

    kind: str  # func, const, var, type, method
    node: Node
    file: FileDecls
    type_node: Node | None = None  # const/var: declared type
    value: Node | None = None  # const/var: its initializer (per name)


class PackageIndex:
    def __init__(self, ctx: FileContext) -> None:
        self.ctx = ctx
        self.own = file_decls(ctx.root, ctx.path, src=ctx.src)
        self.same: list[FileDecls] = [self.own]
        self.under_test: list[FileDecls] = []
        self.under_test_local: str | None = None
        pkg = self.own.package
        me = os.path.abspath(ctx.path) if ctx.path else None
        base = pkg[: -len("_test")] if pkg.endswith("_test") else None
        siblings = ctx.sibling_files() if ctx.path else []
        for p in siblings:
            if os.path.abspath(p) == me:
                continue
            fd = _load(p)
            if fd is None:
                continue
            if fd.package == pkg:
                self.same.append(fd)
            elif base is not None and fd.package == base:
                self.under_test.append(fd)
        if base is not None and self.under_test:
            ip = dir_import_path(ctx)
            if ip is not None:
                self.under_test_local = ctx.local_name(ip)
                if self.under_test_local == ".":
                    self.under_test_local = None
        self._foreign: dict[str, list[FileDecls] | None] = {}
        self._qualifier: dict[int, str] = {}

    # -- lookups -----------------------------------------------------------------------------------------

    @staticmethod
    def _find(files: list[FileDecls], name: str) -> Found | None:
        hits: list[Found] = []
        for fd in files:
            f = fd.funcs.get(name)
            if f is not None:
                hits.append(Found("func", f, fd))
            t = fd.types.get(name)
            if t is not None:
                hits.append(Found("type", t, fd))
            v = fd.values.get(name)
            if v is not None:
                hits.append(Found(v[0], v[1], fd, v[2], v[3]))
        if not hits:
            return None
        first = hits[0]
        if first.node is _AMBIGUOUS:
            return None
        for h in hits[1:]:
            # GOOS-specific twins are fine when they read the same.
            same = h.kind == first.kind and text(h.node) == text(first.node)
            if not same and not (h.kind == "func" == first.kind and _same_signature(h.node, first.node)):
                return None
        return first

    def lookup(self, name: str) -> Found | None:
        """A package-level name of the test's own package."""
        return self._find(self.same, name)

    def package(self, qualifier: str) -> list[FileDecls] | None:
        """The files of the package an import name refers to, when we can read them: the package under
        test, or another package of the same module (read from its folder).  The caller has checked
        that `qualifier` is not shadowed where it is used."""
        if qualifier in self._foreign:
            return self._foreign[qualifier]
        files: list[FileDecls] | None = None
        if qualifier == self.under_test_local:
            files = self.under_test
        else:
            imp = next(
                (i for i in self.ctx.imports if i.local == qualifier and i.alias not in ("_", ".")), None
            )
            d = module_dir(self.ctx, imp.path) if imp is not None else None
            if d is not None:
                files = _load_package(d)
        self._foreign[qualifier] = files
        for fd in files or []:
            self._qualifier[id(fd)] = qualifier
        return files

    def qualifier_of(self, fd: FileDecls) -> str | None:
        """How the linted file names the package `fd` belongs to (None: it is the test's own package)."""
        return self._qualifier.get(id(fd))

    def lookup_qualified(self, qualifier: str, name: str) -> Found | None:
        """`pkg.Name` where pkg is the package under test or another package of the module."""
        files = self.package(qualifier)
        if not files or not name[:1].isupper():
            return None
        return self._find(files, name)

    def method(self, files: list[FileDecls], type_name: str, name: str) -> Found | None:
        for fd in files:
            m = fd.methods.get((type_name, name))
            if m is not None:
                return Found("method", m, fd)
        return None

    def files_of(self, fd: FileDecls) -> list[FileDecls]:
        """The files of the package `fd` belongs to."""
        q = self._qualifier.get(id(fd))
        if q is not None:
            return self._foreign.get(q) or [fd]
        return self.same

    def is_function(self, n: Node) -> bool:
        """Whether a value names a function: one of the package (`testFoo`), of a package of the module
        or of the standard library (`watermill.NewUUID`, `strings.ToUpper`)."""
        if n.type == "identifier":
            f = self.lookup(text(n))
            return f is not None and f.kind == "func"
        if n.type != "selector_expression":
            return False
        op, field = n.child_by_field_name("operand"), n.child_by_field_name("field")
        if op is None or field is None or op.type != "identifier":
            return False
        f = self.lookup_qualified(text(op), text(field))
        if f is not None:
            return f.kind == "func"
        imp = next((i for i in self.ctx.imports if i.local == text(op) and i.alias not in ("_", ".")), None)
        if imp is None:
            return False
        from .gotypes import stdlib  # the table loads only when a group varies in a qualified name

        pkg = stdlib().get(imp.path)
        return pkg is not None and text(field) in pkg["funcs"]


def qualifier_ok(ctx: FileContext, path: str, want: str) -> tuple[str, tuple[str, str | None] | None] | None:
    """The name our file uses for import `path` (adding the import under `want` when it is missing), or
    None when that is impossible (dot import, the name taken by another import)."""
    local = ctx.local_name(path)
    if local == ".":
        return None
    if local is not None:
        return local, None
    if any(i.local == want for i in ctx.imports):
        return None
    alias = None if default_name(path) == want else want
    return want, (path, alias)
