"""Syntactic Go typing, just enough to give each table field a type that compiles.

A hole's field type comes from the values (`3 * time.Second` is a time.Duration, `int64(5)` an int64, a
package constant declared `ModeFast Mode = iota` a Mode) and from where the hole stands: the parameter
it is passed to (functions of the package, of the package under test, of the standard library, testify
and `*testing.T`), the variable it is assigned to, the operand it is compared with, the composite literal
element it fills.  An untyped constant passed where we cannot see the parameter's type gets no field
type at all, so no conversion is offered: `f(5)` may take an int64, and `tc.n int` would not compile.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from tree_sitter import Node

from ..analysis.context import FileContext
from ..analysis.imports import default_name
from ..analysis.scopes import param_names
from ..parsing import text
from .pkgindex import PREDECLARED_TYPES, FileDecls, Found, PackageIndex, qualifier_ok
from .shape import CONVERSION_TYPES, LITERALS

Imports = tuple[tuple[str, str | None], ...]


@dataclass(frozen=True)
class GoType:
    """A type as the linted file spells it, the imports that spelling needs, and its predeclared
    underlying type when known (`int64` for time.Duration)."""

    text: str
    imports: Imports = ()
    basic: str | None = None

    @property
    def is_any(self) -> bool:
        return self.text in ("any", "interface{}")


@dataclass(frozen=True)
class Untyped:
    kind: str  # int, rune, float, complex, string, bool, nil


Val = GoType | Untyped | None

DEFAULT = {
    "int": "int",
    "rune": "rune",
    "float": "float64",
    "complex": "complex128",
    "string": "string",
    "bool": "bool",
}
_LIT_KIND = {
    "int_literal": "int",
    "float_literal": "float",
    "imaginary_literal": "complex",
    "rune_literal": "rune",
    "interpreted_string_literal": "string",
    "raw_string_literal": "string",
    "true": "bool",
    "false": "bool",
    "nil": "nil",
}
_NUM_ORDER = ["int", "rune", "float", "complex"]
INTEGERS = frozenset(
    {
        "int",
        "int8",
        "int16",
        "int32",
        "int64",
        "uint",
        "uint8",
        "uint16",
        "uint32",
        "uint64",
        "uintptr",
        "byte",
        "rune",
    }
)
FLOATS = frozenset({"float32", "float64"})
COMPLEXES = frozenset({"complex64", "complex128"})
_COMPARE = frozenset({"==", "!=", "<", "<=", ">", ">="})
_SHIFT = frozenset({"<<", ">>"})


def basic_of(name: str) -> str | None:
    if name in PREDECLARED_TYPES and name not in ("error", "any"):
        return "int32" if name == "rune" else "uint8" if name == "byte" else name
    return None


def default_type(u: Untyped) -> GoType | None:
    d = DEFAULT.get(u.kind)
    return GoType(d, basic=basic_of(d)) if d is not None else None


def assignable(u: Untyped, t: GoType) -> bool:
    """Whether an untyped constant of kind `u` can be assigned to `t` (unknown basics: yes, since the
    original code assigned it there already)."""
    b = t.basic
    if t.is_any or b is None:
        return True
    if u.kind in ("int", "rune"):
        return b in INTEGERS or b in FLOATS or b in COMPLEXES or b in ("int32", "uint8")
    if u.kind == "float":
        return b in FLOATS or b in COMPLEXES or b in INTEGERS
    if u.kind == "complex":
        return b in COMPLEXES
    if u.kind == "string":
        return b == "string"
    if u.kind == "bool":
        return b == "bool"
    return False


# -- where a hole stands ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Where:
    """What the position of a hole asks of its type.

    mode: "exact" (a value of `type`), "any" (an interface{} parameter: each value keeps its own default
    type), "decl" (`x := v`: default types, and they must agree), "int" (an index, a length, a shift
    count: any integer type), "bool", or "unknown".  `hint` is a field name suggestion, `rank` its
    strength (lower wins).  `replace` is a node to replace instead of the hole (the conversion around
    it: `Mode("fast")` becomes `tc.mode`).
    """

    mode: str
    type: GoType | None = None
    hint: str | None = None
    rank: int = 9
    replace: Node | None = None
    call: Node | None = None  # the call whose argument this is, when its result is checked


UNKNOWN = Where("unknown")


@dataclass(frozen=True)
class Callee:
    """What a call expects: parameter names and types (None: unknown), variadic tail, result types."""

    names: tuple[str, ...]
    params: tuple[GoType | None, ...]
    variadic: bool
    results: tuple[GoType | None, ...]
    conversion: GoType | None = None
    compare: tuple[int, int] | None = None  # testify Equal-like: these two arguments are compared
    builtin: str | None = None


# testify assert/require: parameters after `t` ("any" for interface{}), then msgAndArgs ...interface{}.
_TESTIFY: dict[str, tuple[tuple[str, str], ...]] = {
    "Equal": (("expected", "any"), ("actual", "any")),
    "NotEqual": (("expected", "any"), ("actual", "any")),
    "EqualValues": (("expected", "any"), ("actual", "any")),
    "NotEqualValues": (("expected", "any"), ("actual", "any")),
    "Exactly": (("expected", "any"), ("actual", "any")),
    "Same": (("expected", "any"), ("actual", "any")),
    "NotSame": (("expected", "any"), ("actual", "any")),
    "ElementsMatch": (("listA", "any"), ("listB", "any")),
    "Contains": (("s", "any"), ("contains", "any")),
    "NotContains": (("s", "any"), ("contains", "any")),
    "Subset": (("list", "any"), ("subset", "any")),
    "NotSubset": (("list", "any"), ("subset", "any")),
    "True": (("value", "bool"),),
    "False": (("value", "bool"),),
    "Nil": (("object", "any"),),
    "NotNil": (("object", "any"),),
    "Empty": (("object", "any"),),
    "NotEmpty": (("object", "any"),),
    "Zero": (("i", "any"),),
    "NotZero": (("i", "any"),),
    "Len": (("object", "any"), ("wantLen", "int")),
    "Greater": (("e1", "any"), ("e2", "any")),
    "GreaterOrEqual": (("e1", "any"), ("e2", "any")),
    "Less": (("e1", "any"), ("e2", "any")),
    "LessOrEqual": (("e1", "any"), ("e2", "any")),
    "Positive": (("e", "any"),),
    "Negative": (("e", "any"),),
    "InDelta": (("expected", "any"), ("actual", "any"), ("delta", "float64")),
    "InEpsilon": (("expected", "any"), ("actual", "any"), ("epsilon", "float64")),
    "Regexp": (("rx", "any"), ("str", "any")),
    "NotRegexp": (("rx", "any"), ("str", "any")),
    "JSONEq": (("expected", "string"), ("actual", "string")),
    "YAMLEq": (("expected", "string"), ("actual", "string")),
    "EqualError": (("theError", "error"), ("errString", "string")),
    "ErrorContains": (("theError", "error"), ("contains", "string")),
    "Error": (("err", "error"),),
    "NoError": (("err", "error"),),
    "ErrorIs": (("err", "error"), ("target", "error")),
    "NotErrorIs": (("err", "error"), ("target", "error")),
    "IsType": (("expectedType", "any"), ("object", "any")),
    "FileExists": (("path", "string"),),
    "NoFileExists": (("path", "string"),),
    "DirExists": (("path", "string"),),
    "NoDirExists": (("path", "string"),),
    "Fail": (("failureMessage", "string"),),
    "FailNow": (("failureMessage", "string"),),
}
_TESTIFY_COMPARE = frozenset(
    {
        "Equal",
        "NotEqual",
        "EqualValues",
        "NotEqualValues",
        "Exactly",
        "JSONEq",
        "YAMLEq",
        "InDelta",
        "InEpsilon",
    }
)
TESTIFY_PATHS = ("github.com/stretchr/testify/assert", "github.com/stretchr/testify/require")

# Methods of *testing.T (and B, F, TB) that take values.
_TESTING: dict[str, tuple[tuple[str, ...], tuple[str, ...], bool]] = {
    "Run": (("name", "f"), ("string", ""), False),
    "Setenv": (("key", "value"), ("string", "string"), False),
    "Chdir": (("dir",), ("string",), False),
    "Log": (("args",), ("any",), True),
    "Error": (("args",), ("any",), True),
    "Fatal": (("args",), ("any",), True),
    "Skip": (("args",), ("any",), True),
    "Logf": (("format", "args"), ("string", "any"), True),
    "Errorf": (("format", "args"), ("string", "any"), True),
    "Fatalf": (("format", "args"), ("string", "any"), True),
    "Skipf": (("format", "args"), ("string", "any"), True),
}
PRINTF_LIKE = frozenset({"Logf", "Errorf", "Fatalf", "Skipf", "Printf", "Sprintf", "Fprintf", "Panicf"})

_STD: dict[str, Any] | None = None


def stdlib() -> dict[str, Any]:
    global _STD
    if _STD is None:
        from .stdlib_api import API

        _STD = API
    return _STD


_STD_REF = re.compile(r"\{([^}]+)\}\.(\w+)")


def lower_first(name: str) -> str:
    """`Timeout` -> `timeout`, `URLPath` -> `urlPath`, `ID` -> `id`."""
    if not name or not name[0].isupper():
        return name
    i = 0
    while i < len(name) and name[i].isupper():
        i += 1
    if i == 1 or i == len(name):
        return name[:i].lower() + name[i:]
    return name[: i - 1].lower() + name[i - 1 :]


class Typer:
    """Types of expressions and positions inside one top-level test function."""

    def __init__(self, ctx: FileContext, index: PackageIndex, func: Node) -> None:
        self.ctx = ctx
        self.index = index
        self.func = func
        self.local_types: set[str] = set()
        self.decls: dict[str, list[tuple[str, Node, int]]] = {}
        self._collect()

    # -- local declarations --------------------------------------------------------------------------

    def _add(self, name: str, kind: str, node: Node, i: int) -> None:
        self.decls.setdefault(name, []).append((kind, node, i))

    def _collect(self) -> None:
        for i, name in enumerate(param_names(self.func)):
            self._add(name, "param", self.func, i)
        stack = [self.func]
        while stack:
            n = stack.pop()
            t = n.type
            if t == "short_var_declaration":
                left = n.child_by_field_name("left")
                for i, c in enumerate(left.named_children if left is not None else []):
                    self._add(text(c), "short", n, i)
            elif t == "var_spec":
                for i, c in enumerate(n.children_by_field_name("name")):
                    self._add(text(c), "var", n, i)
            elif t == "const_spec":
                for i, c in enumerate(n.children_by_field_name("name")):
                    self._add(text(c), "const", n, i)
            elif t in ("type_spec", "type_alias"):
                self.local_types.add(text(n.child_by_field_name("name")))
            elif t == "func_literal":
                for i, name in enumerate(param_names(n)):
                    self._add(name, "param", n, i)
            elif t == "range_clause":
                left = n.child_by_field_name("left")
                for i, c in enumerate(left.named_children if left is not None else []):
                    self._add(text(c), "range", n, i)
            elif t in ("type_switch_statement", "receive_statement"):
                for c in n.named_children:
                    if c.type == "expression_list" and n.type == "type_switch_statement":
                        for i, cc in enumerate(c.named_children):
                            self._add(text(cc), "range", n, i)
                if t == "receive_statement":
                    left = n.child_by_field_name("left")
                    for i, c in enumerate(left.named_children if left is not None else []):
                        self._add(text(c), "range", n, i)
            stack.extend(n.named_children)

    def local(self, name: str, at: Node | None = None) -> tuple[str, Node, int] | bool | None:
        """The local declaration of `name` visible at `at` (the innermost scope declaring it before `at`);
        False when that cannot be told; None when the function does not declare it."""
        ds = self.decls.get(name)
        if not ds:
            return None
        if len(ds) == 1:
            return ds[0]
        if at is None:
            return False
        best: tuple[int, int, tuple[str, Node, int]] | None = None
        for d in ds:
            kind, node, _i = d
            scope = _scope_of(kind, node)
            if scope is None or not (scope.start_byte <= at.start_byte and at.end_byte <= scope.end_byte):
                continue
            if kind not in ("param",) and node.start_byte > at.start_byte:
                continue
            size = scope.end_byte - scope.start_byte
            key = (size, node.start_byte)
            if best is None or key < best[:2]:
                best = (size, node.start_byte, d)
        return best[2] if best is not None else None

    # -- spelling types ------------------------------------------------------------------------------

    def spell(self, t: Node | None, fd: FileDecls) -> GoType | None:
        """A type node of file `fd` as the linted file spells it."""
        if t is None:
            return None
        own = fd is self.index.own
        qualifier = self.index.qualifier_of(fd)  # None: the test's own package
        src = t.text or b""
        base = t.start_byte
        out: list[str] = []
        imports: list[tuple[str, str | None]] = []
        pos = 0
        stack = [t]
        basic: str | None = None
        if t.type == "type_identifier":
            basic = basic_of(text(t))
        while stack:
            n = stack.pop()
            if n.type == "type_identifier":
                name = text(n)
                if name in PREDECLARED_TYPES:
                    rep = name
                elif own and name in self.local_types:
                    return None
                elif name in fd.types or any(name in f.types for f in self.index.files_of(fd)):
                    if qualifier is not None:
                        if not name[:1].isupper():
                            return None  # unexported: the test cannot spell it
                        rep = f"{qualifier}.{name}"
                    elif fd in self.index.same:
                        rep = name
                    else:
                        return None
                    if t.type == "type_identifier":
                        basic = self._named_basic(fd, name)
                else:
                    return None
            elif n.type == "qualified_type":
                q = text(n.child_by_field_name("package"))
                path = fd.imports.get(q)
                if path is None:
                    return None
                got = qualifier_ok(self.ctx, path, q)
                if got is None:
                    return None
                local, add = got
                if add is not None:
                    imports.append(add)
                name = text(n.child_by_field_name("name"))
                rep = f"{local}.{name}"
                if t.type == "qualified_type":
                    basic = self._std_basic(path, name)
            else:
                stack.extend(reversed(n.children))
                continue
            out.append(src[pos : n.start_byte - base].decode("utf-8", "replace"))
            out.append(rep)
            pos = n.end_byte - base
        out.append(src[pos:].decode("utf-8", "replace"))
        return GoType("".join(out), tuple(imports), basic)

    def _named_basic(self, fd: FileDecls, name: str) -> str | None:
        for f in self.index.files_of(fd):
            spec = f.types.get(name)
            if spec is not None:
                ut = spec.child_by_field_name("type")
                if ut is not None and ut.type == "type_identifier":
                    return basic_of(text(ut))
                return None
        return None

    def _std_basic(self, path: str, name: str) -> str | None:
        pkg = stdlib().get(path)
        if pkg is None:
            return None
        u = pkg["underlying"].get(name)
        return basic_of(u) if u else None

    def spell_std(self, s: str | None) -> GoType | None:
        """A stdlib table type (`{net/http}.Header`) as the linted file spells it."""
        if s is None:
            return None
        imports: list[tuple[str, str | None]] = []
        failed = False

        def rep(m: re.Match[str]) -> str:
            nonlocal failed
            path, name = m.group(1), m.group(2)
            got = qualifier_ok(self.ctx, path, default_name(path))
            if got is None:
                failed = True
                return ""
            if got[1] is not None:
                imports.append(got[1])
            return f"{got[0]}.{name}"

        out = _STD_REF.sub(rep, s)
        if failed:
            return None
        m = _STD_REF.fullmatch(s)
        basic = self._std_basic(m.group(1), m.group(2)) if m else basic_of(s)
        return GoType(out, tuple(imports), basic)

    def spell_any(self) -> GoType:
        return GoType("any" if self.ctx.go_at_least(18) else "interface{}")

    # -- values ---------------------------------------------------------------------------------------

    def import_path(self, ident: Node) -> str | None:
        """The import path an identifier qualifier refers to (not shadowed by a local)."""
        name = text(ident)
        if self.local(name, ident) is not None:
            return None
        for imp in self.ctx.imports:
            if imp.local == name and imp.alias not in ("_", "."):
                return imp.path
        return None

    def expr_type(self, n: Node | None, depth: int = 0) -> Val:
        if n is None or depth > 12:
            return None
        t = n.type
        if t in _LIT_KIND:
            return Untyped(_LIT_KIND[t])
        if t == "parenthesized_expression":
            inner = [c for c in n.named_children if c.type != "comment"]
            return self.expr_type(inner[0], depth + 1) if len(inner) == 1 else None
        if t == "identifier":
            return self.ident_type(n, depth)
        if t == "selector_expression":
            return self.selector_type(n, depth)
        if t == "unary_expression":
            op = text(n.child_by_field_name("operator"))
            v = self.expr_type(n.child_by_field_name("operand"), depth + 1)
            if op == "!":
                return v if isinstance(v, (GoType, Untyped)) else GoType("bool", basic="bool")
            if op in ("-", "+", "^"):
                return v
            if op == "&" and isinstance(v, GoType):
                return GoType("*" + v.text, v.imports)
            if op == "*" and isinstance(v, GoType) and v.text.startswith("*"):
                return GoType(v.text[1:], v.imports)
            if op == "<-" and isinstance(v, GoType):
                m = re.match(r"^(?:<-)?chan(?:<-)?\s+(.*)$", v.text)
                return GoType(m.group(1), v.imports, basic_of(m.group(1))) if m else None
            return None
        if t == "binary_expression":
            op = text(n.child_by_field_name("operator"))
            a = self.expr_type(n.child_by_field_name("left"), depth + 1)
            if op in _SHIFT:
                return a
            return _combine(op, a, self.expr_type(n.child_by_field_name("right"), depth + 1))
        if t == "call_expression":
            c = self.callee(n)
            if c is None:
                return None
            if c.conversion is not None:
                return c.conversion
            return c.results[0] if len(c.results) == 1 else None
        if t == "composite_literal":
            return self.spell(n.child_by_field_name("type"), self.index.own)
        if t == "type_conversion_expression":
            return self.spell(n.child_by_field_name("type"), self.index.own)
        if t == "type_assertion_expression":
            return self.spell(n.child_by_field_name("type"), self.index.own)
        if t == "index_expression":
            v = self.expr_type(n.child_by_field_name("operand"), depth + 1)
            if isinstance(v, GoType):
                return element_type(v, key=False)
            return None
        return None

    def ident_type(self, n: Node, depth: int) -> Val:
        name = text(n)
        d = self.local(name, n)
        if d is False:
            return None
        if d is not None:
            kind, node, i = d  # type: ignore[misc]
            return self._local_type(kind, node, i, depth)
        f = self.index.lookup(name)
        return self.found_type(f, depth) if f is not None else None

    def _local_type(self, kind: str, node: Node, i: int, depth: int) -> Val:
        if kind == "short":
            right = node.child_by_field_name("right")
            left = node.child_by_field_name("left")
            rs = [c for c in right.named_children if c.type != "comment"] if right is not None else []
            ls = left.named_children if left is not None else []
            if len(rs) == len(ls):
                v = self.expr_type(rs[i], depth + 1)
                return default_type(v) if isinstance(v, Untyped) else v
            if len(rs) == 1 and rs[0].type == "call_expression":
                c = self.callee(rs[0])
                if c is not None and len(c.results) == len(ls):
                    return c.results[i]
            return None
        if kind in ("var", "const"):
            typ = node.child_by_field_name("type")
            if typ is not None:
                return self.spell(typ, self.index.own)
            value = node.child_by_field_name("value")
            vals = [c for c in value.named_children if c.type != "comment"] if value is not None else []
            if i < len(vals):
                v = self.expr_type(vals[i], depth + 1)
                if kind == "var" and isinstance(v, Untyped):
                    return default_type(v)
                return v
            return None
        if kind == "param":
            plist = node.child_by_field_name("parameters")
            k = 0
            for decl in plist.named_children if plist is not None else []:
                if decl.type not in ("parameter_declaration", "variadic_parameter_declaration"):
                    continue
                names = decl.children_by_field_name("name")
                for _ in names:
                    if k == i:
                        if decl.type == "variadic_parameter_declaration":
                            inner = self.spell(decl.child_by_field_name("type"), self.index.own)
                            return GoType("[]" + inner.text, inner.imports) if inner else None
                        return self.spell(decl.child_by_field_name("type"), self.index.own)
                    k += 1
            return None
        return None

    def found_type(self, f: Found, depth: int = 0) -> Val:
        """The type of a package-level value, or a function's type."""
        if f.kind in ("const", "var"):
            if f.type_node is not None:
                return self.spell(f.type_node, f.file)
            v = f.value
            if v is None or depth > 10:
                return None
            if v.type == "iota":
                return Untyped("int")
            if f.file is self.index.own or f.file in self.index.same:
                r = self._foreign_expr_type(v, f.file, depth + 1)
            else:
                r = self._foreign_expr_type(v, f.file, depth + 1)
            if f.kind == "var" and isinstance(r, Untyped):
                return default_type(r)
            return r
        if f.kind == "func":
            return self.func_type(f)
        return None

    def _foreign_expr_type(self, v: Node | None, fd: FileDecls, depth: int) -> Val:
        """The type of an initializer in another file of the package (only the simple cases)."""
        if v is None or depth > 12:
            return None
        t = v.type
        if t in _LIT_KIND:
            return Untyped(_LIT_KIND[t])
        if t == "iota":
            return Untyped("int")
        if t in ("unary_expression", "parenthesized_expression"):
            inner = v.child_by_field_name("operand")
            if inner is None:
                kids = [c for c in v.named_children if c.type != "comment"]
                inner = kids[0] if len(kids) == 1 else None
            if inner is None:
                return None
            return self._foreign_expr_type(inner, fd, depth + 1)
        if t == "binary_expression":
            op = text(v.child_by_field_name("operator"))
            a = self._foreign_expr_type(v.child_by_field_name("left"), fd, depth + 1)
            if op in _SHIFT:
                return a
            return _combine(op, a, self._foreign_expr_type(v.child_by_field_name("right"), fd, depth + 1))
        if t == "identifier":
            files = self.index.files_of(fd)
            f = PackageIndex._find(files, text(v))
            return self.found_type(f, depth + 1) if f is not None else None
        if t == "composite_literal":
            return self.spell(v.child_by_field_name("type"), fd)
        if t == "call_expression":
            fn = v.child_by_field_name("function")
            if fn is not None and fn.type == "identifier" and text(fn) in CONVERSION_TYPES:
                return GoType(text(fn), basic=basic_of(text(fn)))
            if fn is not None and fn.type == "selector_expression":
                qual = fn.child_by_field_name("operand")
                path = fd.imports.get(text(qual)) if qual is not None else None
                name = text(fn.child_by_field_name("field"))
                if path is not None:
                    pkg = stdlib().get(path)
                    if pkg is not None:
                        sig = pkg["funcs"].get(name)
                        if sig is not None and len(sig[3]) == 1:
                            return self.spell_std(sig[3][0])
                        if name in pkg["underlying"] or name in pkg["fields"]:
                            return self.spell_std("{" + path + "}." + name)
            return None
        return None

    def func_type(self, f: Found) -> GoType | None:
        node = f.node
        if node.child_by_field_name("type_parameters") is not None:
            return None
        parts: list[str] = []
        imports: list[tuple[str, str | None]] = []
        plist = node.child_by_field_name("parameters")
        for decl in plist.named_children if plist is not None else []:
            if decl.type not in ("parameter_declaration", "variadic_parameter_declaration"):
                continue
            typ = self.spell(decl.child_by_field_name("type"), f.file)
            if typ is None:
                return None
            imports.extend(typ.imports)
            pre = "..." if decl.type == "variadic_parameter_declaration" else ""
            parts.extend([pre + typ.text] * max(1, len(decl.children_by_field_name("name"))))
        res = node.child_by_field_name("result")
        rtext = ""
        if res is not None:
            if res.type == "parameter_list":
                rs = []
                for decl in res.named_children:
                    if decl.type != "parameter_declaration":
                        continue
                    typ = self.spell(decl.child_by_field_name("type"), f.file)
                    if typ is None:
                        return None
                    imports.extend(typ.imports)
                    rs.extend([typ.text] * max(1, len(decl.children_by_field_name("name"))))
                rtext = " " + (rs[0] if len(rs) == 1 else "(" + ", ".join(rs) + ")") if rs else ""
            else:
                typ = self.spell(res, f.file)
                if typ is None:
                    return None
                imports.extend(typ.imports)
                rtext = " " + typ.text
        return GoType("func(" + ", ".join(parts) + ")" + rtext, tuple(imports))

    def selector_type(self, n: Node, depth: int) -> Val:
        op = n.child_by_field_name("operand")
        name = text(n.child_by_field_name("field"))
        if op is None:
            return None
        if op.type == "identifier":
            path = self.import_path(op)
            if path is not None:
                f = self.index.lookup_qualified(text(op), name)
                if f is not None:
                    return self.found_type(f, depth + 1)
                pkg = stdlib().get(path)
                if pkg is None:
                    return None
                c = pkg["consts"].get(name)
                if c is not None:
                    return Untyped(c[1:]) if c.startswith("#") else self.spell_std(c)
                v = pkg["vars"].get(name)
                return self.spell_std(v) if v is not None else None
        # A field of a struct value.
        v = self.expr_type(op, depth + 1)
        if isinstance(v, GoType):
            return self.field_type(v, name)
        return None

    def _named(self, t: GoType) -> tuple[str, list[FileDecls] | None, str | None] | None:
        """Where a named type (pointer stripped) is declared: (name, the files of a package we can read,
        or the import path of a standard-library package)."""
        s = t.text.lstrip("*")
        if re.fullmatch(r"\w+", s):
            return s, self.index.same, None
        m = re.fullmatch(r"(\w+)\.(\w+)", s)
        if m is None:
            return None
        q, name = m.group(1), m.group(2)
        files = self.index.package(q)
        if files:
            return name, files, None
        for imp in self.ctx.imports:
            if imp.local == q:
                return name, None, imp.path
        for p, _a in t.imports:
            if default_name(p) == q:
                return name, None, p
        return None

    def field_type(self, t: GoType, field: str) -> GoType | None:
        nm = self._named(t)
        if nm is None:
            return None
        name, files, path = nm
        if files is not None:
            for fd in files:
                spec = fd.types.get(name)
                if spec is None:
                    continue
                st = spec.child_by_field_name("type")
                if st is None or st.type != "struct_type":
                    return None
                fl = next((c for c in st.named_children if c.type == "field_declaration_list"), None)
                for fdl in fl.named_children if fl is not None else []:
                    if fdl.type != "field_declaration":
                        continue
                    if any(text(x) == field for x in fdl.children_by_field_name("name")):
                        return self.spell(fdl.child_by_field_name("type"), fd)
                return None
            return None
        if path is None:
            return None
        pkg = stdlib().get(path)
        if pkg is None:
            return None
        return self.spell_std(pkg["fields"].get(name, {}).get(field))

    # -- calls ----------------------------------------------------------------------------------------

    def _sig_from_decl(self, node: Node, fd: FileDecls, skip_receiver: bool = False) -> Callee | None:
        if node.child_by_field_name("type_parameters") is not None:
            return None
        names: list[str] = []
        params: list[GoType | None] = []
        variadic = False
        plist = node.child_by_field_name("parameters")
        for decl in plist.named_children if plist is not None else []:
            if decl.type not in ("parameter_declaration", "variadic_parameter_declaration"):
                continue
            typ = self.spell(decl.child_by_field_name("type"), fd)
            ns = [text(x) for x in decl.children_by_field_name("name")] or [""]
            for nm in ns:
                names.append(nm)
                params.append(typ)
            if decl.type == "variadic_parameter_declaration":
                variadic = True
        results: list[GoType | None] = []
        res = node.child_by_field_name("result")
        if res is not None:
            if res.type == "parameter_list":
                for decl in res.named_children:
                    if decl.type == "parameter_declaration":
                        typ = self.spell(decl.child_by_field_name("type"), fd)
                        results.extend([typ] * max(1, len(decl.children_by_field_name("name"))))
            else:
                results.append(self.spell(res, fd))
        return Callee(tuple(names), tuple(params), variadic, tuple(results))

    def _sig_from_std(self, sig: tuple[Any, ...]) -> Callee:
        names, types, variadic, results = sig
        return Callee(
            tuple(names),
            tuple(self.spell_std(x) for x in types),
            variadic,
            tuple(self.spell_std(x) for x in results),
        )

    def _testify(self, name: str, with_t: bool) -> Callee | None:
        base = name[:-1] if name.endswith("f") and name[:-1] in _TESTIFY else name
        ps = _TESTIFY.get(base)
        if ps is None:
            return None
        names = (["t"] if with_t else []) + [p for p, _ in ps]
        types: list[GoType | None] = ([None] if with_t else []) + [self._simple(ty) for _, ty in ps]
        if base != name:
            names.append("msg")
            types.append(GoType("string", basic="string"))
        names.append("msgAndArgs")
        types.append(self.spell_any())
        compare = None
        if base in _TESTIFY_COMPARE:
            k = 1 if with_t else 0
            compare = (k, k + 1)
        return Callee(tuple(names), tuple(types), True, (), compare=compare)

    def _simple(self, ty: str) -> GoType:
        if ty == "any":
            return self.spell_any()
        return GoType(ty, basic=basic_of(ty))

    def callee(self, call: Node) -> Callee | None:
        fn = call.child_by_field_name("function")
        if fn is None or call.child_by_field_name("type_arguments") is not None:
            return None
        if fn.type == "parenthesized_expression":
            return None
        if fn.type == "identifier":
            name = text(fn)
            d = self.local(name, fn)
            if d is False:
                return None
            if d is not None:
                kind, node, i = d  # type: ignore[misc]
                if kind == "short":
                    right = node.child_by_field_name("right")
                    rs = [c for c in right.named_children if c.type != "comment"] if right is not None else []
                    if i < len(rs) and rs[i].type == "func_literal":
                        return self._sig_from_decl(rs[i], self.index.own)
                return None
            if name in CONVERSION_TYPES:
                return Callee((), (), False, (), conversion=GoType(name, basic=basic_of(name)))
            if name in ("len", "cap"):
                return Callee(("v",), (None,), False, (GoType("int", basic="int"),), builtin=name)
            if name in ("panic", "print", "println"):
                return Callee(("v",), (self.spell_any(),), True, ())
            if name == "make":
                return Callee(("t", "size"), (None, GoType("int", basic="int")), True, ())
            f = self.index.lookup(name)
            if f is None:
                return None
            if f.kind == "func":
                return self._sig_from_decl(f.node, f.file)
            if f.kind == "type":
                conv = self.spell(f.node.child_by_field_name("name"), f.file)
                if conv is not None:
                    ut = f.node.child_by_field_name("type")
                    if ut is not None and ut.type == "type_identifier":
                        conv = GoType(conv.text, conv.imports, basic_of(text(ut)))
                    return Callee((), (), False, (), conversion=conv)
            return None
        if fn.type != "selector_expression":
            return None
        op = fn.child_by_field_name("operand")
        name = text(fn.child_by_field_name("field"))
        if op is None:
            return None
        if op.type == "identifier":
            path = self.import_path(op)
            if path is not None:
                if path in TESTIFY_PATHS:
                    return self._testify(name, True)
                f = self.index.lookup_qualified(text(op), name)
                if f is not None:
                    if f.kind == "func":
                        return self._sig_from_decl(f.node, f.file)
                    if f.kind == "type":
                        conv = self.spell(f.node.child_by_field_name("name"), f.file)
                        if conv is not None:
                            ut = f.node.child_by_field_name("type")
                            if ut is not None and ut.type == "type_identifier":
                                conv = GoType(conv.text, conv.imports, basic_of(text(ut)))
                        return Callee((), (), False, (), conversion=conv) if conv else None
                    return None
                pkg = stdlib().get(path)
                if pkg is None:
                    return None
                sig = pkg["funcs"].get(name)
                if sig is not None:
                    return self._sig_from_std(sig)
                if name in pkg["underlying"]:
                    return Callee((), (), False, (), conversion=self.spell_std("{" + path + "}." + name))
                return None
            if self.ctx.is_testing_value(op):
                m = _TESTING.get(name)
                if m is None:
                    return None
                names, types, variadic = m
                return Callee(
                    names,
                    tuple(self._simple(x) if x else None for x in types),
                    variadic,
                    (),
                )
        # A method: the receiver's type decides.
        rt = self.expr_type(op)
        if not isinstance(rt, GoType):
            return None
        if re.fullmatch(r"\*?(\w+)\.Assertions", rt.text):
            return self._testify(name, False)
        nm = self._named(rt)
        if nm is None:
            return None
        tname, files, path = nm
        if files is not None:
            meth = self.index.method(files, tname, name)
            return self._sig_from_decl(meth.node, meth.file) if meth is not None else None
        if path is None:
            return None
        pkg = stdlib().get(path)
        if pkg is None:
            return None
        sig = pkg["methods"].get(f"{tname}.{name}")
        return self._sig_from_std(sig) if sig is not None else None

    # -- positions ------------------------------------------------------------------------------------

    def where(self, hole: Node) -> Where:
        """What the position of `hole` asks of its type, with a field name hint."""
        n = hole
        p = n.parent
        while p is not None and p.type == "parenthesized_expression":
            n, p = p, p.parent
        if p is None:
            return UNKNOWN
        t = p.type
        if t == "literal_element":
            return self._element_where(p)
        if t == "argument_list":
            return self._argument_where(n, p)
        if t == "binary_expression":
            return self._binary_where(n, p)
        if t == "expression_list":
            return self._list_where(n, p)
        if t == "unary_expression" and text(p.child_by_field_name("operator")) == "!":
            return Where("bool")
        if t in ("if_statement", "for_clause", "for_statement"):
            return Where("bool")
        if t == "send_statement":
            ct = self.expr_type(p.child_by_field_name("channel"))
            if isinstance(ct, GoType):
                m = re.match(r"^chan(?:<-)?\s+(.*)$", ct.text)
                if m:
                    return Where("exact", GoType(m.group(1), ct.imports, basic_of(m.group(1))))
            return UNKNOWN
        if t == "index_expression":
            ot = self.expr_type(p.child_by_field_name("operand"))
            if isinstance(ot, GoType):
                if ot.text.startswith("map["):
                    k = element_type(ot, key=True)
                    return Where("exact", k) if k is not None else UNKNOWN
                if ot.text.startswith("[") or ot.basic == "string":
                    return Where("int", hint="index", rank=6)
            return UNKNOWN
        if t == "slice_expression":
            return Where("int", hint="index", rank=6)
        if t == "range_clause":
            return Where("int", hint="n", rank=6)
        if t == "type_conversion_expression":
            return Where("decl")
        return UNKNOWN

    def _list_where(self, n: Node, p: Node) -> Where:
        pp = p.parent
        if pp is None:
            return UNKNOWN
        items = [c for c in p.named_children if c.type != "comment"]
        i = next((k for k, c in enumerate(items) if c == n), -1)
        if pp.type == "short_var_declaration" and pp.child_by_field_name("right") == p:
            left = pp.child_by_field_name("left")
            ls = left.named_children if left is not None else []
            if len(ls) == len(items) and 0 <= i < len(ls):
                return Where("decl", hint=text(ls[i]), rank=1)
            return UNKNOWN
        if pp.type == "assignment_statement" and pp.child_by_field_name("right") == p:
            left = pp.child_by_field_name("left")
            ls = left.named_children if left is not None else []
            if len(ls) != len(items) or not 0 <= i < len(ls):
                return UNKNOWN
            lt = self.expr_type(ls[i])
            hint = _name_of(ls[i])
            if isinstance(lt, GoType):
                return Where("exact", lt, hint=hint, rank=1)
            return UNKNOWN
        if pp.type == "var_spec" and pp.child_by_field_name("value") == p:
            names = pp.children_by_field_name("name")
            hint = text(names[i]) if 0 <= i < len(names) else None
            typ = pp.child_by_field_name("type")
            if typ is not None:
                st = self.spell(typ, self.index.own)
                return Where("exact", st, hint=hint, rank=1) if st is not None else UNKNOWN
            return Where("decl", hint=hint, rank=1) if len(names) == len(items) else UNKNOWN
        if pp.type == "expression_case":
            sw = pp.parent
            value = sw.child_by_field_name("value") if sw is not None else None
            if value is None:
                return Where("bool")
            vt = self.expr_type(value)
            if isinstance(vt, GoType):
                return Where("exact", vt, hint="want", rank=5)
            if isinstance(vt, Untyped):
                return Where("decl")
            return UNKNOWN
        return UNKNOWN

    def _binary_where(self, n: Node, p: Node) -> Where:
        op = text(p.child_by_field_name("operator"))
        left, right = p.child_by_field_name("left"), p.child_by_field_name("right")
        other = right if n == left else left
        if other is None:
            return UNKNOWN
        if op in ("&&", "||"):
            return Where("bool")
        if op in _SHIFT:
            # `x << tc.n` is fine; `1 << tc.n` takes its type from where it goes (a float64 there would
            # not compile), and that we do not follow.
            if n == right and left is not None and isinstance(self.expr_type(left), GoType):
                return Where("int", hint="shift", rank=6)
            return UNKNOWN
        ot = self.expr_type(other)
        hint, rank = (None, 9)
        if op in _COMPARE:
            hint, rank = _want_name(other), 2
        if isinstance(ot, GoType):
            return Where("exact", ot, hint=hint, rank=rank)
        if isinstance(ot, Untyped):
            if op in _COMPARE:
                return Where("decl", hint=hint, rank=rank)
            outer = self.where(p)
            return Where(outer.mode, outer.type, outer.hint, outer.rank)
        return UNKNOWN

    def _argument_where(self, n: Node, p: Node) -> Where:
        call = p.parent
        if call is None or call.type != "call_expression":
            return UNKNOWN
        args = [c for c in p.named_children if c.type != "comment"]
        i = next((k for k, c in enumerate(args) if c == n), -1)
        if i < 0 or any(c.type == "..." for c in p.children):
            return UNKNOWN
        c = self.callee(call)
        if c is None:
            return UNKNOWN
        if c.builtin in ("len", "cap"):
            # The length of a constant string, of a literal slice: each keeps its own type.
            return Where("decl", call=call if _result_is_checked(call) else None)
        if c.conversion is not None:
            if len(args) != 1:
                return UNKNOWN
            return Where(
                "exact",
                c.conversion,
                hint=lower_first(c.conversion.text.split(".")[-1]),
                rank=5,
                replace=call,
            )
        if c.compare is not None and i in c.compare:
            # assert.Equal(t, 7, got): the value compared with `got` is `want`.
            o = c.compare[1] if i == c.compare[0] else c.compare[0]
            pt = c.params[i] if i < len(c.params) else None
            if o < len(args) and pt is not None:
                want = _want_name(args[o])
                if pt.is_any:
                    return Where("any", hint=want, rank=2)
                return Where("exact", pt, hint=want, rank=2)
        if i < len(c.params) - (1 if c.variadic else 0):
            ty = c.params[i]
            pname = c.names[i] if i < len(c.names) else ""
        elif c.variadic and c.params:
            ty = c.params[-1]
            pname = c.names[-1] if c.names else ""
        else:
            return UNKNOWN
        if ty is None:
            return UNKNOWN
        checked = _result_is_checked(call)
        variadic_tail = c.variadic and i >= len(c.params) - 1
        vague = ("a", "msgAndArgs", "format", "", "_") + (("args",) if variadic_tail else ())
        hint: str | None = pname if pname not in vague else None
        rank = 4 if hint and len(hint) > 2 else 7
        mode = "any" if ty.is_any else "exact"
        return Where(mode, None if ty.is_any else ty, hint=hint, rank=rank, call=call if checked else None)

    def _element_where(self, el: Node) -> Where:
        """A literal_element: a value (or key) in a composite literal."""
        p = el.parent
        if p is None:
            return UNKNOWN
        if p.type == "keyed_element":
            is_key = p.child_by_field_name("key") == el
            lv = p.parent
            ct = self._composite_type(lv)
            if ct is None:
                return UNKNOWN
            if is_key:
                if ct.text.startswith("map["):
                    k = element_type(ct, key=True)
                    return Where("exact", k, hint="key", rank=6) if k is not None else UNKNOWN
                return UNKNOWN  # an array index key must stay constant
            key = p.child_by_field_name("key")
            kname = text(key.named_children[0]) if key is not None and key.named_children else ""
            if ct.text.startswith("map["):
                v = element_type(ct, key=False)
                return Where("exact", v, hint=None, rank=9) if v is not None else UNKNOWN
            if ct.text.startswith("["):
                return UNKNOWN
            ft = self.field_type(ct, kname)
            return Where("exact", ft, hint=lower_first(kname), rank=3) if ft is not None else UNKNOWN
        if p.type == "literal_value":
            ct = self._composite_type(p)
            if ct is None:
                return UNKNOWN
            if ct.text.startswith("[") or ct.text.startswith("map["):
                v = element_type(ct, key=False)
                return Where("exact", v, hint=_element_hint(p), rank=6) if v is not None else UNKNOWN
            return UNKNOWN  # positional struct fields: not worth the risk
        return UNKNOWN

    def _composite_type(self, lv: Node | None) -> GoType | None:
        """The type of the composite literal a literal_value belongs to (elided inner types too)."""
        if lv is None:
            return None
        p = lv.parent
        if p is None:
            return None
        if p.type == "composite_literal":
            return self.spell(p.child_by_field_name("type"), self.index.own)
        if p.type == "literal_element":
            outer = p.parent
            if outer is None:
                return None
            if outer.type == "literal_value":
                ct = self._composite_type(outer)
                return element_type(ct, key=False) if ct is not None else None
            if outer.type == "keyed_element":
                ct = self._composite_type(outer.parent)
                if ct is None:
                    return None
                is_key = outer.child_by_field_name("key") == p
                if ct.text.startswith("map["):
                    return element_type(ct, key=is_key)
                if ct.text.startswith("[") and not is_key:
                    return element_type(ct, key=False)
        return None


def _combine(op: str, a: Val, b: Val) -> Val:
    """The type of `a op b` (not a shift) from its operands' types: comparisons give a bool, a typed
    operand gives its type, untyped constants the larger kind."""
    if op in _COMPARE or op in ("&&", "||"):
        if isinstance(a, Untyped) and isinstance(b, Untyped):
            return Untyped("bool")
        return GoType("bool", basic="bool")
    if isinstance(a, GoType):
        return a
    if isinstance(b, GoType):
        return b
    if isinstance(a, Untyped) and isinstance(b, Untyped):
        if a.kind in _NUM_ORDER and b.kind in _NUM_ORDER:
            return Untyped(_NUM_ORDER[max(_NUM_ORDER.index(a.kind), _NUM_ORDER.index(b.kind))])
        return a if a.kind == b.kind else None
    return None


def _scope_of(kind: str, node: Node) -> Node | None:
    """The node a declaration's name is visible in."""
    if kind == "param":
        return node
    if kind == "range":
        return node.parent
    cur = node
    if kind in ("var", "const"):
        # var_spec -> var_declaration (-> spec list)
        while cur.parent is not None and cur.type not in ("var_declaration", "const_declaration"):
            cur = cur.parent
    p = cur.parent
    if p is None:
        return None
    if p.type in ("if_statement", "for_clause", "expression_switch_statement", "type_switch_statement"):
        return p.parent if p.type == "for_clause" else p
    return p


def element_type(t: GoType, *, key: bool) -> GoType | None:
    """`[]E`/`[N]E` -> E; `map[K]V` -> K or V (from the spelled text)."""
    s = t.text.strip()
    if s.startswith("map["):
        depth = 0
        for i, ch in enumerate(s[3:], start=3):
            if ch == "[":
                depth += 1
            elif ch == "]":
                depth -= 1
                if depth == 0:
                    k, v = s[4:i].strip(), s[i + 1 :].strip()
                    r = k if key else v
                    r = r.lstrip("*") if r.startswith("*") and False else r
                    return GoType(r, t.imports, basic_of(r))
        return None
    if key:
        return None
    m = re.match(r"^\[[^\]]*\](.*)$", s)
    if m:
        e = m.group(1).strip()
        return GoType(e, t.imports, basic_of(e))
    return None


def _element_hint(lv: Node) -> str | None:
    """`"names": []string{x}` or `Names: []string{x}`: an element is named after the key its list fills."""
    comp = lv.parent
    el = comp.parent if comp is not None and comp.type == "composite_literal" else None
    kv = el.parent if el is not None and el.type == "literal_element" else None
    if kv is None or kv.type != "keyed_element" or kv.child_by_field_name("value") != el:
        return None
    key = kv.child_by_field_name("key")
    k = key.named_children[0] if key is not None and key.named_children else None
    if k is None:
        return None
    if k.type == "identifier":
        name = text(k)
    elif k.type == "interpreted_string_literal":
        name = text(k)[1:-1]
    else:
        return None
    return lower_first(name) if re.fullmatch(r"[A-Za-z_]\w*", name) else None


def _name_of(n: Node) -> str | None:
    if n.type == "identifier":
        return text(n)
    if n.type == "selector_expression":
        return lower_first(text(n.child_by_field_name("field")))
    return None


_GOT_NAMES = frozenset({"got", "actual", "result", "res", "out", "output", "have", "act", "r", "v"})


def _want_name(other: Node) -> str:
    """The field name for a value compared with `other`: got -> want, gotBody -> wantBody, n -> wantN."""
    if other.type == "identifier":
        name = text(other)
        if name in _GOT_NAMES or len(name) == 1:
            return "want"
        for pre in ("got", "actual", "have"):
            if name.startswith(pre) and name[len(pre) : len(pre) + 1].isupper():
                return "want" + name[len(pre) :]
        return "want" + name[:1].upper() + name[1:]
    if other.type == "selector_expression":
        f = text(other.child_by_field_name("field"))
        return "want" + f[:1].upper() + f[1:]
    if other.type == "call_expression":
        fn = other.child_by_field_name("function")
        if fn is not None and text(fn) == "len":
            return "wantLen"
    return "want"


def _result_is_checked(call: Node) -> bool:
    """The call's result is assigned or compared: it is the function under test, its argument the input."""
    p = call.parent
    while p is not None and p.type == "parenthesized_expression":
        p = p.parent
    if p is None:
        return False
    if p.type == "expression_list" and p.parent is not None:
        return p.parent.type in ("short_var_declaration", "assignment_statement") and (
            p.parent.child_by_field_name("right") == p
        )
    return p.type == "binary_expression" and text(p.child_by_field_name("operator")) in _COMPARE


def hole_literal_kind(n: Node) -> str | None:
    return _LIT_KIND.get(n.type) if n.type in LITERALS else None
