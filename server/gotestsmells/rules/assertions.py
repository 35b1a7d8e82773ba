"""What a test checks: its failure reports, the testing values it hands on, its mock expectations.

HAB010 (no-assertion) and CTR002 (mock-only) ask the same inventory of a test function: a test that
reports nothing and hands `t` to nobody can never fail; one whose only checks are mock expectations
never looks at what the code returned.  Everything is syntactic and errs toward "it may check something".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tree_sitter import Node

from ..analysis.context import FileContext
from ..analysis.scopes import is_shadowed
from ..parsing import arguments, call_name, captures, text, walk
from .nodefind import is_package_call
from .textscan import keyword_nodes, qualified_call_at, selector_call, word_starts

_TESTIFY = ("github.com/stretchr/testify/assert", "github.com/stretchr/testify/require")
_GOMOCK = ("github.com/golang/mock/gomock", "go.uber.org/mock/gomock")
_TESTIFY_MOCK = "github.com/stretchr/testify/mock"

FAILURES = frozenset({"Error", "Errorf", "Fatal", "Fatalf", "Fail", "FailNow"})
SKIPS = frozenset({"Skip", "Skipf", "SkipNow"})
# testify mock assertions (methods on a mock, or functions of the mock package).
_MOCK_ASSERTS = frozenset(
    {
        "AssertExpectations",
        "AssertCalled",
        "AssertNotCalled",
        "AssertNumberOfCalls",
        "AssertExpectationsForObjects",
    }
)
# Mock constructors that take `t` to register their own expectation check (mockery's `NewFoo(t)`,
# `NewMockFoo(t)`), as opposed to helpers that may assert on anything.
_MOCK_CTOR = re.compile(r"^New(Mock)?[A-Z]\w*$")


@dataclass
class Checks:
    failures: list[Node] = field(default_factory=list)  # t.Error*, t.Fatal*, t.Fail*, assert/require, panic
    hands_on: list[Node] = field(default_factory=list)  # t given to a helper, stored, or used as a value
    mock_checks: list[Node] = field(default_factory=list)  # EXPECT(), AssertExpectations, ctrl.Finish()
    mock_ctors: list[Node] = field(default_factory=list)  # gomock.NewController(t), mocks.NewFoo(t)
    skips: list[Node] = field(default_factory=list)

    @property
    def can_fail(self) -> bool:
        return bool(self.failures or self.hands_on or self.mock_checks or self.mock_ctors)


def _is_pkg_call(
    ctx: FileContext, call: Node, paths: tuple[str, ...], names: frozenset[str] | None = None
) -> bool:
    return any(is_package_call(ctx, call, p, names) for p in paths)


def _mock_package(ctx: FileContext, ident: Node) -> bool:
    """`mocks` in `mocks.NewStore(t)`: an import whose path names mocks."""
    name = text(ident)
    return any(
        imp.local == name
        and re.search(r"(?i)mock", imp.path) is not None
        and ctx.refers_to_import(ident, imp.path)
        for imp in ctx.imports
    )


def _is_mock_ctor(ctx: FileContext, call: Node) -> bool:
    if _is_pkg_call(ctx, call, _GOMOCK, frozenset({"NewController", "WithContext"})):
        return True
    cn = call_name(call)
    if cn is None or not _MOCK_CTOR.match(cn[1]):
        return False
    if cn[1].startswith("NewMock"):
        return True
    fn = call.child_by_field_name("function")
    op = fn.child_by_field_name("operand") if fn is not None and fn.type == "selector_expression" else None
    return op is not None and op.type == "identifier" and _mock_package(ctx, op)


def _is_mock_check(ctx: FileContext, call: Node) -> bool:
    cn = call_name(call)
    fn = call.child_by_field_name("function")
    if fn is None or fn.type != "selector_expression":
        return False
    field_ = text(fn.child_by_field_name("field"))
    if field_ == "EXPECT" and not arguments(call):
        return True
    if field_ in _MOCK_ASSERTS:
        return True
    # ctrl.Finish() on a gomock controller.
    return field_ == "Finish" and cn is not None and "ctrl" in cn[0].lower()


_LOG_FAILURES = frozenset({"Fatal", "Fatalf", "Fatalln", "Panic", "Panicf"})


def inventory(ctx: FileContext, fn_node: Node) -> Checks:
    """What the function (with its subtests and closures) checks.

    Built from the file's call index and a query for the testing values' names, not a walk over every
    node: this runs on every test function of every file."""
    paths = ("log", "os", _TESTIFY_MOCK, *_TESTIFY)
    if any(ctx.local_name(p) == "." for p in paths):
        return _inventory_by_walk(ctx, fn_node)  # dot imports: rare, and the index cannot see them
    out = Checks()
    log_local = ctx.local_name("log")
    os_local = ctx.local_name("os")
    mock_local = ctx.local_name(_TESTIFY_MOCK)
    testify = {ctx.local_name(p) for p in _TESTIFY} - {None}
    for c in ctx.selector_calls(fn_node):
        call, op, name = c.call, c.operand_text, c.name
        exits = (op == log_local and name in _LOG_FAILURES) or (op == os_local and name == "Exit")
        if exits and not is_shadowed(op, call):
            out.failures.append(call)
            continue
        if op == mock_local and name == "AssertExpectationsForObjects" and not is_shadowed(op, call):
            out.mock_checks.append(call)
        elif op in testify and not is_shadowed(op, call):
            out.failures.append(call)
        elif _is_mock_check(ctx, call):
            out.mock_checks.append(call)
    src = ctx.src
    if b"panic(" in src[fn_node.start_byte : fn_node.end_byte]:
        panics = captures('((call_expression function: (identifier) @f) @c (#eq? @f "panic"))', fn_node)
        out.failures.extend(panics.get("c", []))
    names = _testing_names(ctx, fn_node)
    if names:
        query = "((identifier) @id (#any-of? @id " + " ".join(f'"{n}"' for n in sorted(names)) + "))"
        for n in captures(query, fn_node).get("id", []):
            _classify_testing_ident(ctx, n, out)
    return out


def checks_anything(ctx: FileContext, fn_node: Node) -> bool:
    """Whether `inventory(ctx, fn_node)` holds anything (`can_fail or skips`), answered by the first check
    found: the candidates are found where their names stand in the text, with no query and no call index.
    """
    paths = ("log", "os", _TESTIFY_MOCK, *_TESTIFY)
    if any(ctx.local_name(p) == "." for p in paths):
        checks = _inventory_by_walk(ctx, fn_node)
        return checks.can_fail or bool(checks.skips)
    src = ctx.src
    a, b = fn_node.start_byte, fn_node.end_byte
    # Package calls the inventory counts: testify, log.Fatal*/Panic*, os.Exit, mock.AssertExpectations...
    wanted: dict[str, frozenset[str] | None] = {}
    for p in _TESTIFY:
        local = ctx.local_name(p)
        if local is not None:
            wanted[local] = None
    for p, names in (
        ("log", _LOG_FAILURES),
        ("os", frozenset({"Exit"})),
        (_TESTIFY_MOCK, frozenset({"AssertExpectationsForObjects"})),
    ):
        local = ctx.local_name(p)
        if local is not None and local not in wanted:
            wanted[local] = names
        elif local is not None:
            prev = wanted[local]
            wanted[local] = None if prev is None else prev | names
    for local, only in wanted.items():
        word = local.encode()
        n = len(word)
        for i in word_starts(src, word, a, b):
            hit = qualified_call_at(fn_node, i, n)
            if hit is None:
                continue
            qcall, qfield = hit
            if only is not None and text(qfield) not in only:
                continue
            if not is_shadowed(local, qcall):
                return True
    # The testing values: reported failures and skips, t handed on.
    names_ = _testing_names(ctx, fn_node)
    for name in sorted(names_):
        word = name.encode()
        n = len(word)
        for i in word_starts(src, word, a, b):
            tok = fn_node.descendant_for_byte_range(i, i + n)
            if tok is None or tok.type != "identifier" or tok.start_byte != i or tok.end_byte != i + n:
                continue
            out = Checks()
            _classify_testing_ident(ctx, tok, out)
            if out.can_fail or out.skips:
                return True
    # Mock checks: EXPECT(), AssertExpectations and friends, ctrl.Finish().
    for field_name in ("EXPECT", "Finish", *sorted(_MOCK_ASSERTS)):
        word = field_name.encode()
        n = len(word)
        for i in word_starts(src, word, a, b):
            tok = fn_node.descendant_for_byte_range(i, i + n)
            call = selector_call(tok) if tok is not None else None
            if call is not None and _is_mock_check(ctx, call):
                return True
    if b"panic(" in src[a:b]:
        for i in word_starts(src, b"panic", a, b):
            tok = fn_node.descendant_for_byte_range(i, i + 5)
            if tok is None or tok.type != "identifier":
                continue
            call = tok.parent
            if (
                call is not None
                and call.type == "call_expression"
                and call.child_by_field_name("function") == tok
            ):
                return True
    return False


def _testing_names(ctx: FileContext, fn_node: Node) -> set[str]:
    """Names of the testing parameters of the function and of the literals inside it (the literals found
    where `func` stands)."""
    tl = ctx.testing_local
    if tl is None:
        return set()
    out = set()
    p = ctx._testing_param(fn_node, tl)
    if p is not None:
        out.add(p.name)
    for lit in keyword_nodes(ctx.src, fn_node, "func", "func_literal"):
        p = ctx._testing_param(lit, tl)
        if p is not None:
            out.add(p.name)
    return out


def _classify_testing_ident(ctx: FileContext, n: Node, out: Checks) -> None:
    parent = n.parent
    if parent is None or parent.type in ("parameter_declaration", "variadic_parameter_declaration"):
        return
    if not ctx.is_testing_value(n):
        return
    if parent.type == "selector_expression" and parent.child_by_field_name("operand") == n:
        call = parent.parent
        method = text(parent.child_by_field_name("field"))
        if (
            call is not None
            and call.type == "call_expression"
            and call.child_by_field_name("function") == parent
        ):
            if method in FAILURES:
                out.failures.append(call)
            elif method in SKIPS:
                out.skips.append(call)
            elif method == "Run":
                args = arguments(call)
                if len(args) >= 2 and args[1].type != "func_literal":
                    out.hands_on.append(call)  # t.Run(name, testFoo): testFoo gets t
            return
        out.hands_on.append(n)  # a method value such as t.Errorf handed on
        return
    # `t` itself as a value: an argument, a struct field, an assignment.
    holder = parent.parent if parent.type == "argument_list" else None
    if holder is not None and holder.type == "call_expression":
        if _is_mock_ctor(ctx, holder):
            out.mock_ctors.append(holder)
            return
        if _is_mock_check(ctx, holder):
            return  # m.AssertExpectations(t): counted as a mock check already
    out.hands_on.append(n)


def _inventory_by_walk(ctx: FileContext, fn_node: Node) -> Checks:
    """The same inventory by a walk over every node (for files that dot-import testify, log or os)."""
    out = Checks()
    log_local = ctx.local_name("log")
    for n in walk(fn_node):
        if n.type == "call_expression":
            cn = call_name(n)
            if (
                cn == ("", "panic")
                or (log_local is not None and _is_pkg_call(ctx, n, ("log",), _LOG_FAILURES))
                or _is_pkg_call(ctx, n, ("os",), frozenset({"Exit"}))
            ):
                out.failures.append(n)
            elif _is_pkg_call(ctx, n, (_TESTIFY_MOCK,), frozenset({"AssertExpectationsForObjects"})):
                out.mock_checks.append(n)
            elif _is_pkg_call(ctx, n, _TESTIFY):
                out.failures.append(n)
            elif _is_mock_check(ctx, n):
                out.mock_checks.append(n)
            continue
        if n.type == "identifier":
            _classify_testing_ident(ctx, n, out)
    return out
