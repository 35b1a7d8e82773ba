"""Per-file facts every rule shares: Go version, build constraint, imports, test functions and helpers,
the testing parameter in scope at a node, and calls into imported packages that are not shadowed."""

from __future__ import annotations

import os
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from tree_sitter import Node, Tree

from ..buildtags import Constraint, find_constraint, go_version, needs_custom_tag
from ..gomod import CACHE as GOMOD_CACHE
from ..gomod import GoMod, GoModCache, GoVersion
from ..parsing import captures, matches, text
from ..positions import LineIndex
from .functions import FuncInfo, Param, classify_cached, testing_params
from .imports import Import, read_imports
from .scopes import is_shadowed

_SELECTOR_CALLS = """
(call_expression
  function: (selector_expression operand: (identifier) @pkg field: (field_identifier) @fn)) @call
"""
_PLAIN_CALLS = """(call_expression function: (identifier) @fn) @call"""


@dataclass(frozen=True, slots=True)
class SelectorCall:
    call: Node  # the call_expression
    operand: Node  # the identifier before the dot
    operand_text: str
    name: str  # the selected name


@dataclass(frozen=True)
class Binding:
    """The testing value a name refers to at some node: `t` of type *testing.T bound by `func_node`."""

    name: str
    ttype: str
    func_node: Node


class FileContext:
    """Everything a rule may ask about one version of one file.  Cheap to build: the expensive parts are
    computed on first use."""

    def __init__(
        self,
        path: str | None,
        src: bytes,
        tree: Tree,
        *,
        gomod_cache: GoModCache | None = None,
        lines: LineIndex | None = None,
    ) -> None:
        self.path = path
        self.src = src
        self.tree = tree
        self.root = tree.root_node
        self._gomod_cache = gomod_cache or GOMOD_CACHE
        self._lines = lines
        # Per-function summaries of file-scope rules, filled by the linter (see Rule.summarize).
        self.summaries: dict[str, list[tuple[Node, object]]] = {}

    # -- file-level facts -------------------------------------------------------------------------------

    @property
    def is_test_file(self) -> bool:
        return self.path is None or self.path.endswith("_test.go")

    @cached_property
    def lines(self) -> LineIndex:
        return self._lines if self._lines is not None else LineIndex(self.src)

    @cached_property
    def gomod(self) -> GoMod | None:
        return self._gomod_cache.for_file(self.path) if self.path else None

    @cached_property
    def constraint(self) -> Constraint | None:
        return find_constraint(self.src)

    @cached_property
    def go_version(self) -> GoVersion | None:
        """The file's language version: its own //go:build go1.N, else go.mod's `go`, else None (newest)."""
        c = self.constraint
        if c is not None and c.expr is not None:
            v = go_version(c.expr)
            if v is not None:
                return v
        m = self.gomod
        return m.go if m is not None else None

    def go_at_least(self, minor: int) -> bool:
        v = self.go_version
        return v is None or v >= (1, minor)

    @cached_property
    def excluded_from_plain_test(self) -> bool:
        """The build constraint needs a custom tag (integration, e2e, stress...) that plain `go test`
        does not set."""
        c = self.constraint
        return c is not None and c.expr is not None and needs_custom_tag(c.expr)

    @cached_property
    def imports(self) -> list[Import]:
        return read_imports(self.root)

    @cached_property
    def _by_path(self) -> dict[str, Import]:
        out: dict[str, Import] = {}
        for imp in self.imports:
            out.setdefault(imp.path, imp)
        return out

    def import_of(self, path: str) -> Import | None:
        return self._by_path.get(path)

    def local_name(self, path: str) -> str | None:
        """The name the file uses for an import path: alias or default name, "." for a dot import, None
        when the path is not imported (or imported blank)."""
        locals_ = self._locals
        if path in locals_:
            return locals_[path]
        imp = self._by_path.get(path)
        local = None if imp is None or imp.alias == "_" else imp.local
        locals_[path] = local
        return local

    @cached_property
    def _locals(self) -> dict[str, str | None]:
        return {}

    @cached_property
    def testing_local(self) -> str | None:
        return self.local_name("testing")

    @cached_property
    def top_level(self) -> list[Node]:
        """The file's top-level nodes (built once: a big file has thousands)."""
        return self.root.children

    @cached_property
    def function_nodes(self) -> list[Node]:
        return [n for n in self.top_level if n.type in ("function_declaration", "method_declaration")]

    @cached_property
    def functions(self) -> list[FuncInfo]:
        tl = self.testing_local
        src = self.src
        return [classify_cached(n, tl, src) for n in self.function_nodes]

    @cached_property
    def helpers(self) -> dict[str, FuncInfo]:
        return {f.name: f for f in self.functions if f.kind == "helper" and not f.is_method}

    def function_at(self, node: Node) -> FuncInfo | None:
        top = self._top_of(node)
        if top is None or top.type not in ("function_declaration", "method_declaration"):
            return None
        if "functions" in self.__dict__:  # already built: the same objects
            return self._functions_by_start.get(top.start_byte)
        # A keystroke lints one function: classifying the other thousand to find it would cost more.
        return classify_cached(top, self.testing_local, self.src)

    @cached_property
    def _functions_by_start(self) -> dict[int, FuncInfo]:
        return {f.node.start_byte: f for f in self.functions}

    # -- scope questions ---------------------------------------------------------------------------------

    def refers_to_import(self, ident: Node, path: str) -> bool:
        """Whether an identifier used as a package qualifier (`time` in `time.Sleep`) means import `path`."""
        local = self.local_name(path)
        if local is None or local == "." or text(ident) != local:
            return False
        return not is_shadowed(local, ident)

    def testing_binding(self, node: Node) -> Binding | None:
        """The nearest enclosing function or literal with a testing parameter, if its name is not shadowed
        on the way to `node`."""
        tl = self.testing_local
        if tl is None:
            return None
        cur = node.parent
        while cur is not None:
            if cur.type in ("func_literal", "function_declaration", "method_declaration"):
                p = self._testing_param(cur, tl)
                if p is not None:
                    if is_shadowed(p.name, node, cur):
                        return None
                    return Binding(p.name, p.ttype, cur)
            cur = cur.parent
        return None

    def _testing_param(self, func: Node, tl: str) -> Param | None:
        """The first named testing parameter of a function or literal (memoized per node)."""
        key = (func.id, func.start_byte)
        memo = self._tparams
        if key in memo:
            return memo[key]
        ps: list[Param] = testing_params(func.child_by_field_name("parameters"), tl)
        named = [p for p in ps if p.name != "_"]
        p = named[0] if named else None
        memo[key] = p
        return p

    @cached_property
    def _tparams(self) -> dict[tuple[int, int], Param | None]:
        return {}

    def is_testing_value(self, ident: Node, types: tuple[str, ...] = ("T", "B", "F", "TB")) -> bool:
        """Whether `ident` (the `t` of `t.Fatal`) is the testing parameter in scope."""
        b = self.testing_binding(ident)
        return b is not None and b.name == text(ident) and b.ttype in types

    # -- calls -------------------------------------------------------------------------------------------

    def _top_of(self, node: Node) -> Node | None:
        """The top-level declaration holding `node`."""
        tops = self.top_level
        starts = self._top_starts
        i = bisect_right(starts, node.start_byte) - 1
        if i >= 0 and node.end_byte <= tops[i].end_byte:
            return tops[i]
        return None

    @cached_property
    def _top_starts(self) -> list[int]:
        return [n.start_byte for n in self.top_level]

    def selector_calls(self, node: Node) -> list[SelectorCall]:
        """Every call `x.f(...)` (x an identifier) under `node`, in source order.  Indexed once per
        top-level declaration: each rule asking for calls filters this list instead of running its own
        query over the tree."""
        top = self._top_of(node)
        if top is None:
            return self._index_calls(node)
        idx = self._call_index.get(top.start_byte)
        if idx is None:
            idx = self._index_calls(top)
            self._call_index[top.start_byte] = idx
        if node.start_byte == top.start_byte and node.end_byte == top.end_byte:
            return idx
        a, b = node.start_byte, node.end_byte
        return [c for c in idx if a <= c.call.start_byte and c.call.end_byte <= b]

    @cached_property
    def _call_index(self) -> dict[int, list[SelectorCall]]:
        return {}

    def _index_calls(self, node: Node) -> list[SelectorCall]:
        src = self.src
        out = []
        for _, m in matches(_SELECTOR_CALLS, node):
            call = m["call"][0]
            op = m["pkg"][0]
            fn = m["fn"][0]
            out.append(
                SelectorCall(
                    call,
                    op,
                    src[op.start_byte : op.end_byte].decode("utf-8", "replace"),
                    src[fn.start_byte : fn.end_byte].decode("utf-8", "replace"),
                )
            )
        out.sort(key=lambda c: c.call.start_byte)
        return out

    def calls(
        self, node: Node, path: str, names: tuple[str, ...] | frozenset[str] | None = None
    ) -> Iterator[Node]:
        """Calls `pkg.Name(...)` under `node` where `pkg` is import `path` (aliases, dot imports and
        shadowing handled) and Name is in `names` (any when None)."""
        local = self.local_name(path)
        if local is None:
            return
        if local == ".":
            for call in captures(_PLAIN_CALLS, node).get("call", []):
                fn = call.child_by_field_name("function")
                if (
                    fn is not None
                    and (names is None or text(fn) in names)
                    and not is_shadowed(text(fn), call)
                ):
                    yield call
            return
        for c in self.selector_calls(node):
            if c.operand_text != local or (names is not None and c.name not in names):
                continue
            if is_shadowed(local, c.call):
                continue
            yield c.call

    def testing_calls(
        self, node: Node, names: tuple[str, ...] | frozenset[str] | None = None
    ) -> Iterator[Node]:
        """Calls `t.Name(...)` under `node` where `t` is the testing value in scope."""
        for c in self.selector_calls(node):
            if names is not None and c.name not in names:
                continue
            if self.is_testing_value(c.operand):
                yield c.call

    # -- package-level facts (other files of the package, read from disk) --------------------------------

    @cached_property
    def directory(self) -> str | None:
        return os.path.dirname(os.path.abspath(self.path)) if self.path else None

    def sibling_files(self, *, tests: bool | None = None) -> list[str]:
        """Other .go files in the file's directory (tests=True: only _test.go; False: only non-test)."""
        d = self.directory
        if d is None:
            return []
        try:
            names = sorted(os.listdir(d))
        except OSError:
            return []
        me = os.path.basename(self.path or "")
        out = []
        for n in names:
            if not n.endswith(".go") or n == me:
                continue
            is_test = n.endswith("_test.go")
            if tests is None or tests == is_test:
                out.append(os.path.join(d, n))
        return out

    def offset_line(self, offset: int) -> int:
        return self.lines.line_of(offset)
