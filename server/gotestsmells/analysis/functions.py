"""Test functions, benchmarks, fuzz targets, TestMain, examples and helpers of a _test.go file, each with
the name of its testing parameter."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from tree_sitter import Node

from ..parsing import text

Kind = Literal["test", "benchmark", "fuzz", "testmain", "example", "helper", "other"]
TestingType = Literal["T", "B", "F", "TB", "M"]

_PREFIX_KIND: tuple[tuple[str, Kind, TestingType | None], ...] = (
    ("Test", "test", "T"),
    ("Benchmark", "benchmark", "B"),
    ("Fuzz", "fuzz", "F"),
    ("Example", "example", None),
)


def _has_prefix(name: str, prefix: str) -> bool:
    """Go's rule: `Test` followed by nothing or by a character that is not a lower-case letter."""
    if not name.startswith(prefix):
        return False
    rest = name[len(prefix) :]
    return rest == "" or not rest[0].islower()


def testing_type(type_node: Node | None, testing_local: str | None) -> TestingType | None:
    """`*testing.T` -> "T", `testing.TB` -> "TB", ... for the file's name of package testing."""
    if type_node is None or testing_local is None:
        return None
    ptr = False
    n = type_node
    if n.type == "pointer_type":
        ptr = True
        inner = n.named_children
        if not inner:
            return None
        n = inner[0]
    name: str | None = None
    if n.type == "qualified_type":
        pkg = n.child_by_field_name("package")
        if pkg is not None and text(pkg) == testing_local:
            name = text(n.child_by_field_name("name"))
    elif n.type == "type_identifier" and testing_local == ".":
        name = text(n)
    if name is None:
        return None
    if name == "TB" and not ptr:
        return "TB"
    if ptr and name in ("T", "B", "F", "M"):
        return name  # type: ignore[return-value]
    return None


@dataclass(frozen=True)
class Param:
    name: str
    ttype: TestingType


def testing_params(params: Node | None, testing_local: str | None) -> list[Param]:
    """Named parameters of a testing type in a parameter_list."""
    out: list[Param] = []
    if params is None:
        return out
    for decl in params.named_children:
        if decl.type != "parameter_declaration":
            continue
        tt = testing_type(decl.child_by_field_name("type"), testing_local)
        if tt is None:
            continue
        for c in decl.children_by_field_name("name"):
            out.append(Param(text(c), tt))
    return out


@dataclass(frozen=True)
class FuncInfo:
    node: Node  # function_declaration or method_declaration
    name: str
    kind: Kind
    tparam: str | None  # the testing parameter's name ("t"), None when unnamed or absent
    ttype: TestingType | None
    is_method: bool

    @cached_property
    def body(self) -> Node | None:
        # Asked by most rules of every function: looked up once (cached_property writes the instance's
        # __dict__, which a frozen dataclass allows).
        return self.node.child_by_field_name("body")

    @property
    def name_node(self) -> Node:
        n = self.node.child_by_field_name("name")
        return n if n is not None else self.node

    @property
    def is_test_code(self) -> bool:
        """Test, Benchmark, Fuzz and helpers; TestMain only for the rules that name it."""
        return self.kind in ("test", "benchmark", "fuzz", "helper")


def classify(node: Node, testing_local: str | None) -> FuncInfo:
    """What a function declaration is (memoized by its text up to the body, as `classify_cached`: the
    linter asks about every function twice per lint)."""
    raw = node.text
    if raw is None:
        return _classify(node, testing_local)
    body = node.child_by_field_name("body")
    head = raw[: body.start_byte - node.start_byte] if body is not None else raw
    return _classified(node, testing_local, head)


def _classify(node: Node, testing_local: str | None) -> FuncInfo:
    name = text(node.child_by_field_name("name"))
    is_method = node.type == "method_declaration"
    plist = node.child_by_field_name("parameters")
    params = testing_params(plist, testing_local)
    param_decls = [c for c in plist.named_children if c.type == "parameter_declaration"] if plist else []
    tparam = params[0].name if params else None
    ttype = params[0].ttype if params else None
    if tparam == "_":
        tparam = None
    kind: Kind = "other"
    if not is_method:
        if name == "TestMain" and ttype == "M" and len(param_decls) == 1:
            kind = "testmain"
        else:
            for prefix, k, want in _PREFIX_KIND:
                if _has_prefix(name, prefix):
                    if want is None:
                        if not param_decls:
                            kind = k
                    elif ttype == want and len(param_decls) == 1:
                        kind = k
                    break
    if kind == "other" and ttype in ("T", "B", "F", "TB"):
        kind = "helper"
    return FuncInfo(node, name, kind, tparam, ttype, is_method)


# (testing name, the declaration's text up to its body) -> what classify found.  The signature alone
# decides: a keystroke inside a body classifies nothing again.  Bounded by clearing.
_CLASSIFIED: dict[tuple[str | None, bytes], tuple[str, Kind, str | None, TestingType | None, bool]] = {}


def classify_cached(node: Node, testing_local: str | None, src: bytes) -> FuncInfo:
    body = node.child_by_field_name("body")
    head = src[node.start_byte : body.start_byte if body is not None else node.end_byte]
    return _classified(node, testing_local, head)


def _classified(node: Node, testing_local: str | None, head: bytes) -> FuncInfo:
    key = (testing_local, head)
    hit = _CLASSIFIED.get(key)
    if hit is None:
        f = _classify(node, testing_local)
        if len(_CLASSIFIED) > 50_000:
            _CLASSIFIED.clear()
        _CLASSIFIED[key] = (f.name, f.kind, f.tparam, f.ttype, f.is_method)
        return f
    return FuncInfo(node, hit[0], hit[1], hit[2], hit[3], hit[4])
