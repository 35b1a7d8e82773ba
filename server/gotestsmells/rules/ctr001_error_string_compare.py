"""CTR001 error-string-compare: Assertions on an error's text instead of its identity or type.

## What it does
Flags assertions on the text of an error returned by the code under test: `err.Error() == "..."`,
`strings.Contains(err.Error(), "...")` deciding a `t.Error`/`t.Fatal`, testify's `EqualError`,
`ErrorContains`, `Equal(t, "...", err.Error())`, `Contains(t, err.Error(), "...")`, and gRPC errors
checked through their message (`status.Convert(err).Message() == "..."`).

## Why is this bad?
An error's message is prose: someone rewords it, wraps it with context (`fmt.Errorf("open: %w", err)`),
or a dependency changes its text, and the test fails although the behaviour did not change.  The other
way round, an unrelated failure that happens to mention the same word makes the test pass.  The contract
callers depend on is the error's identity or type: a sentinel (`errors.Is`), a type (`errors.As`), a
gRPC code (`status.Code`).

## Example
```go
_, err := store.Get(ctx, "missing")
if err == nil || err.Error() != "key not found" {
        t.Fatalf("Get = %v, want not found", err)
}
```

## Use instead
```go
_, err := store.Get(ctx, "missing")
if !errors.Is(err, store.ErrNotFound) {
        t.Fatalf("Get = %v, want ErrNotFound", err)
}
```

Not flagged: `errors.Is`, `errors.As`, `status.Code(err) == codes.X`, `assert.ErrorIs`; tests of an
error type's own message, where the error value is built in the test (`(&MyErr{...}).Error()`,
`errors.New`, `fmt.Errorf`, a constructor named like an error, a table field, a helper of the test
file); error text used for anything but an assertion (deciding to skip or retry); text checked on top of
an identity, type or code check; errors that can only arrive as text: through an RPC other than gRPC
(`msgpackrpc.CallWithCodec`, `client.Call`), or in packages whose tests also run against a spawned
binary (an `e2e` folder or build tag).

## Fix
None: the right sentinel or type is a decision about the code under test.  The message names
`errors.Is`/`errors.As`, or `status.Code` for gRPC.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

from tree_sitter import Node

from ..analysis.context import FileContext
from ..analysis.functions import FuncInfo, classify
from ..buildtags import find_constraint
from ..parsing import arguments, call_name, captures, enclosing_statement, text, walk
from .base import Finding, Severity, rule
from .common import FUNC_NODES
from .nodefind import is_package_call
from .textscan import field_call, word_starts

_TESTIFY = ("github.com/stretchr/testify/assert", "github.com/stretchr/testify/require")
_STATUS = "google.golang.org/grpc/status"
# testify assertions whose subject is an error's text.
_ERROR_TEXT_ASSERTS = frozenset({"EqualError", "EqualErrorf", "ErrorContains", "ErrorContainsf"})
# testify assertions comparing two values, one of which may be an error's text.
_VALUE_ASSERTS = frozenset(
    {
        "Equal",
        "Equalf",
        "EqualValues",
        "EqualValuesf",
        "Contains",
        "Containsf",
        "Regexp",
        "Regexpf",
        "NotEqual",
        "NotEqualf",
        "NotContains",
        "NotContainsf",
    }
)
_BOOL_ASSERTS = frozenset({"True", "Truef", "False", "Falsef"})
_STRINGS = frozenset({"Contains", "HasPrefix", "HasSuffix", "EqualFold", "Index", "ContainsAny"})
# Calls that build an error value rather than obtain one from the code under test.
_CONSTRUCTORS = {
    "errors": frozenset({"New", "Join"}),
    "fmt": frozenset({"Errorf"}),
    "github.com/pkg/errors": frozenset({"New", "Errorf", "Wrap", "Wrapf", "WithMessage", "WithStack"}),
    _STATUS: frozenset({"Error", "Errorf", "New", "Newf"}),
}
_RPC = re.compile(r"(?i)(?<![g])rpc")
_ERRORISH_NAME = re.compile(r"(?i)err")
_GRPC = "the gRPC status message"
_TYPED_CHECK = re.compile(
    r"\b(errors\.Is|errors\.As|ErrorIs|ErrorAs|status\.Code|IsType)\(|\.Code\(\)"
    r"|\b(Require|Assert|Check|Expect)\w*(Status|Code)\("  # grpcutil.RequireStatus(t, codes.X, err)
)
# A sentinel error's name (`ErrNotLeader`, `errNotFound`), not an expected message (`errMsg`).
_SENTINEL = re.compile(r"^(\w+\.)?[Ee]rr[A-Z0-9_]\w*(?<!Msg)(?<!Str)(?<!String)(?<!Text)(?<!Message)$")
_E2E = re.compile(r"(?i).*e2e.*")
_E2E_TAG = re.compile(r"\be2e\b")
_FAIL_CALLS = frozenset({"Error", "Errorf", "Fatal", "Fatalf", "Fail", "FailNow"})
_STATUS_GETTERS = frozenset({"Convert", "FromError", "FromContextError"})
# The import paths whose local names the analysis of a function reads (with the testing package's).
_PATHS = ("strings", *_TESTIFY, *_CONSTRUCTORS)

# What a function must hold for this rule to find anything in it: a call `x.Error()`/`x.Message()` without
# arguments (the text of an error or a status; a comment in the parentheses counts as maybe), or testify's
# EqualError/ErrorContains.  Any other comparison or assertion needs one of those to reach error text.
_TEXT_CALLS = (
    re.compile(rb"Error\s*(?:\(\s*(?:\)|/[*/])|/[*/])"),
    re.compile(rb"Message\s*(?:\(\s*(?:\)|/[*/])|/[*/])"),
)
_TEXT_ASSERT_WORDS = (b"EqualError", b"ErrorContains")


class _Analysis:
    """One function being analysed: the context, the function's node, the declarations it reads in source
    order (computed once), and the names of the file's functions the analysis asked about (`deps`), which
    decide whether its cached findings still hold when the file changes elsewhere."""

    def __init__(self, ctx: FileContext, fn_node: Node) -> None:
        self.ctx = ctx
        self.fn_node = fn_node
        self.deps: dict[str, bool] = {}
        self._decls: dict[str, list[Node]] = {}
        self._typed: dict[tuple[int, int, int], bool] = {}

    def decls(self, name: str) -> list[Node]:
        """The `:=` and `=` statements of the function whose left side holds the identifier `name`, in
        source order (a pre-order walk's order): found where the name stands."""
        hit = self._decls.get(name)
        if hit is not None:
            return hit
        fn_node = self.fn_node
        found: dict[int, Node] = {}
        if not name or "\ufffd" in name:
            for d in captures("[(short_var_declaration) (assignment_statement)] @d", fn_node).get("d", []):
                left = d.child_by_field_name("left")
                if left is not None and any(
                    c.type == "identifier" and text(c) == name for c in left.named_children
                ):
                    found[d.id] = d
        else:
            word = name.encode()
            for i in word_starts(self.ctx.src, word, fn_node.start_byte, fn_node.end_byte):
                tok = fn_node.descendant_for_byte_range(i, i + len(word))
                if tok is None or tok.type != "identifier" or text(tok) != name:
                    continue
                lst = tok.parent
                owner = lst.parent if lst is not None and lst.type == "expression_list" else None
                if (
                    owner is not None
                    and owner.type in ("short_var_declaration", "assignment_statement")
                    and owner.child_by_field_name("left") == lst
                ):
                    found[owner.id] = owner
        out = sorted(found.values(), key=lambda n: (n.start_byte, -n.end_byte))
        self._decls[name] = out
        return out

    def typed_check(self, node: Node) -> bool:
        """Whether the text of `node` shows an identity, type or gRPC code check (memoized: the
        statements around several assertions of a function are the same)."""
        key = (node.id, node.start_byte, node.end_byte)
        hit = self._typed.get(key)
        if hit is None:
            hit = self._typed[key] = _TYPED_CHECK.search(text(node)) is not None
        return hit

    def is_file_function(self, name: str) -> bool:
        """Whether the file declares a (non-method) function of this name."""
        hit = self.deps[name] = _declares_function(self.ctx, name)
        return hit


def _declares_function(ctx: FileContext, name: str) -> bool:
    """Whether one of the file's top-level function declarations (not a method) is named `name`."""
    return name in _declared_names(ctx)


def _testify_call(ctx: FileContext, call: Node, names: frozenset[str]) -> bool:
    return any(is_package_call(ctx, call, p, names) for p in _TESTIFY)


def _builds_error(an: _Analysis, expr: Node) -> bool:
    """Whether `expr` makes an error value in the test (a literal, a conversion, errors.New, a
    constructor named like an error) rather than getting one from the code under test."""
    ctx = an.ctx
    e = expr
    while e.type in ("parenthesized_expression", "unary_expression") and e.named_children:
        e = e.named_children[-1]
    if e.type == "composite_literal":
        return True
    if e.type != "call_expression":
        return False
    for path, names in _CONSTRUCTORS.items():
        if is_package_call(ctx, e, path, names):
            return True
    cn = call_name(e)
    if cn is None:
        return False
    if _ERRORISH_NAME.search(cn[1]):
        return True
    # A helper of this test file (`getJSON(url)` wrapping a bad status in fmt.Errorf): test code.
    if cn[0] == "" and an.is_file_function(cn[1]):
        return True
    # Through an RPC other than gRPC (net/rpc, msgpack-rpc) an error arrives as its text alone.
    fn_text = text(e.child_by_field_name("function"))
    return bool(_RPC.search(fn_text)) or cn[1].startswith("Call")


def _from_code_under_test(an: _Analysis, expr: Node) -> bool:
    """Whether the error value `expr` comes from the code under test: a call's result (directly or
    through a local variable), or a value received from a channel.  Parameters, table fields and values
    built in the test are not."""
    e = expr
    while e.type == "parenthesized_expression" and e.named_children:
        e = e.named_children[0]
    if e.type == "call_expression":
        return not _builds_error(an, e)
    if e.type != "identifier":
        return False
    name = text(e)
    origins: list[Node] = []
    for n in an.decls(name):
        if n.start_byte >= e.start_byte:
            break
        left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
        if left is None or right is None:
            continue
        lhs = [c for c in left.named_children if c.type != "comment"]
        rhs = [c for c in right.named_children if c.type != "comment"]
        for i, c in enumerate(lhs):
            if c.type == "identifier" and text(c) == name:
                if len(rhs) == len(lhs):
                    origins.append(rhs[i])
                elif len(rhs) == 1:
                    origins.append(rhs[0])
    if not origins:
        return False
    last = origins[-1]
    if last.type == "unary_expression" and text(last.child_by_field_name("operator")) == "<-":
        return True
    return last.type == "call_expression" and not _builds_error(an, last)


def _error_text(an: _Analysis, node: Node) -> str | None:
    """What `node` is when it is the text of an error from the code under test: "err.Error()", or
    "the status message" for a gRPC status's `.Message()` (`status.Convert(err).Message()`,
    `st.Message()` after `status.FromError`); None otherwise."""
    if node.type != "call_expression" or arguments(node):
        return None
    fnode = node.child_by_field_name("function")
    if fnode is None or fnode.type != "selector_expression":
        return None
    field = text(fnode.child_by_field_name("field"))
    recv = fnode.child_by_field_name("operand")
    if recv is None:
        return None
    if field == "Error":
        return f"{text(recv)}.Error()" if _from_code_under_test(an, recv) else None
    if field == "Message" and an.ctx.local_name(_STATUS) is not None:
        grpc = False
        if recv.type == "call_expression":
            grpc = is_package_call(an.ctx, recv, _STATUS, _STATUS_GETTERS)
        elif recv.type == "identifier":
            grpc = _status_var(an, text(recv), recv.start_byte)
        return _GRPC if grpc else None
    return None


def _status_var(an: _Analysis, name: str, before: int) -> bool:
    """`st, ok := status.FromError(err)` / `st := status.Convert(err)` before byte `before`."""
    for n in an.decls(name):
        if n.start_byte >= before:
            break
        left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
        if left is None or right is None or not left.named_children:
            continue
        if text(left.named_children[0]) != name:
            continue
        rhs = right.named_children
        if len(rhs) == 1 and rhs[0].type == "call_expression":
            return is_package_call(an.ctx, rhs[0], _STATUS, _STATUS_GETTERS)
    return False


def _fails_test(ctx: FileContext, block: Node | None) -> bool:
    """Whether a branch reports a failure: t.Error*/Fatal*/Fail*, or a testify assertion."""
    if block is None:
        return False
    for n in walk(block, into_func_literals=False):
        if n.type != "call_expression":
            continue
        fn = n.child_by_field_name("function")
        if fn is not None and fn.type == "selector_expression":
            op = fn.child_by_field_name("operand")
            field = fn.child_by_field_name("field")
            if (
                op is not None
                and op.type == "identifier"
                and field is not None
                and field.type == "field_identifier"
                and text(field) in _FAIL_CALLS
                and ctx.is_testing_value(op)
            ):
                return True
        if any(is_package_call(ctx, n, p) for p in _TESTIFY):
            return True
    return False


def _asserted(ctx: FileContext, cmp: Node) -> bool:
    """Whether a comparison decides an assertion: the condition of an `if` whose branch fails the test,
    or the argument of assert.True/False."""
    cur = cmp
    while cur.parent is not None:
        p = cur.parent
        if p.type in ("parenthesized_expression", "unary_expression") or (
            p.type == "binary_expression" and text(p.child_by_field_name("operator")) in ("&&", "||")
        ):
            cur = p
            continue
        if p.type == "if_statement" and p.child_by_field_name("condition") == cur:
            return _fails_test(ctx, p.child_by_field_name("consequence")) or _fails_test(
                ctx, p.child_by_field_name("alternative")
            )
        if p.type == "argument_list" and p.parent is not None:
            return _testify_call(ctx, p.parent, _BOOL_ASSERTS)
        return False
    return False


def _text_calls(an: _Analysis, node: Node) -> list[Node]:
    """The calls `x.Error(...)` and `x.Message(...)` under `node`, in source order: the only calls
    `_error_text` may take for error text."""
    src, a, b = an.ctx.src, node.start_byte, node.end_byte
    out = []
    for word in (b"Error", b"Message"):
        for i in word_starts(src, word, a, b):
            tok = node.descendant_for_byte_range(i, i + len(word))
            call = field_call(tok) if tok is not None else None
            if call is not None:
                out.append(call)
    out.sort(key=lambda n: n.start_byte)
    return out


def _text_vars(an: _Analysis, calls: list[Node]) -> dict[str, tuple[Node, str]]:
    """Local names holding an error's text: `msg := err.Error()`, `if got := err.Error(); got != want`.
    `calls`: the function's `_text_calls`; only a declaration with one of them on its right can name one."""
    decls: dict[int, Node] = {}
    for c in calls:
        right = c.parent
        d = right.parent if right is not None and right.type == "expression_list" else None
        if d is not None and d.type == "short_var_declaration" and d.child_by_field_name("right") == right:
            decls[d.id] = d
    out: dict[str, tuple[Node, str]] = {}
    for n in sorted(decls.values(), key=lambda n: (n.start_byte, -n.end_byte)):
        left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
        if left is None or right is None:
            continue
        lhs, rhs = left.named_children, right.named_children
        if len(lhs) != len(rhs):
            continue
        for name, val in zip(lhs, rhs, strict=True):
            if name.type == "identifier" and (what := _error_text(an, val)) is not None:
                out[text(name)] = (val, what)
    if out:
        # `err := future.Error(); if err != nil`: an Error method returning an error, not text.
        fn_node = an.fn_node
        src = an.ctx.src
        for i in word_starts(src, b"nil", fn_node.start_byte, fn_node.end_byte):
            tok = fn_node.descendant_for_byte_range(i, i + 3)
            b = tok.parent if tok is not None else None
            if b is not None and b.type == "binary_expression" and b.child_by_field_name("right") == tok:
                out.pop(text(b.child_by_field_name("left")), None)
    return out


def _text_of(an: _Analysis, node: Node, text_vars: dict[str, tuple[Node, str]]) -> str | None:
    """What error text `node` is (see _error_text), directly or through a local holding it."""
    if node.type == "identifier":
        hit = text_vars.get(text(node))
        return hit[1] if hit is not None and hit[0].start_byte < node.start_byte else None
    return _error_text(an, node)


def _message(what: str) -> str:
    fix = (
        "status.Code(err) == codes.X" if _GRPC in what else "errors.Is for a sentinel or errors.As for a type"
    )
    return (
        f"{what} asserts on the error's wording, which breaks when the message is reworded or wrapped "
        f"and passes on an unrelated error that says the same; check {fix}"
    )


def _typed_check_nearby(an: _Analysis, node: Node) -> bool:
    """Whether the assertion already checks the error's identity, type or gRPC code (`status.Code(err) !=
    codes.X || !strings.Contains(err.Error(), ...)`, `require.ErrorIs(t, err, X)` just before, a code
    check in an enclosing `if`): the text is then a detail on top of the contract, not a stand-in for it."""
    stmt = enclosing_statement(node)
    near: list[Node] = []
    cur: Node | None = stmt
    while cur is not None and cur.type not in FUNC_NODES:
        if cur.type in ("if_statement", "expression_switch_statement"):
            cond = cur.child_by_field_name("condition") or cur.child_by_field_name("value")
            if cond is not None:
                near.append(cond)
        if cur.parent is not None and cur.parent.type in ("statement_list", "block"):
            near.append(cur if cur.type != "if_statement" else (cur.child_by_field_name("condition") or cur))
            prev = cur.prev_named_sibling
            for _ in range(3):
                if prev is None:
                    break
                near.append(prev)
                prev = prev.prev_named_sibling
            if cur == stmt and cur.next_named_sibling is not None:
                near.append(cur.next_named_sibling)
        cur = cur.parent
    return any(an.typed_check(n) for n in near)


# Sibling test files' heads, by path, while their modification time and size stay the same: whether their
# build constraint names `e2e`.
_E2E_SIBLINGS: dict[str, tuple[int, int, bool]] = {}


def _e2e_tagged(path: str) -> bool:
    try:
        st = os.stat(path)
    except OSError:
        return False
    hit = _E2E_SIBLINGS.get(path)
    if hit is not None and hit[0] == st.st_mtime_ns and hit[1] == st.st_size:
        return hit[2]
    try:
        with open(path, "rb") as f:
            head = f.read(2048)
    except OSError:
        return False
    c = find_constraint(head)
    tagged = c is not None and c.expr_text is not None and _E2E_TAG.search(c.expr_text) is not None
    if len(_E2E_SIBLINGS) > 20000:
        _E2E_SIBLINGS.clear()
    _E2E_SIBLINGS[path] = (st.st_mtime_ns, st.st_size, tagged)
    return tagged


def _process_boundary(ctx: FileContext) -> bool:
    """Whether the package's tests see errors as text that crossed a process boundary: the file sits in an
    `e2e` folder, or a test file of its package is built only with an `e2e` tag (the same tests run
    against a spawned binary)."""
    path = ctx.path or ""
    if any(_E2E.fullmatch(part) for part in path.replace("\\", "/").split("/")[:-1]):
        return True
    return any(_e2e_tagged(sib) for sib in ctx.sibling_files(tests=True))


def _candidates(
    an: _Analysis, body: Node, calls: list[Node], text_vars: dict[str, tuple[Node, str]]
) -> list[Node]:
    """The comparisons and calls under `body` that may be reported, in source order (a pre-order walk's):
    a comparison or a call with an `x.Error()`/`x.Message()` call or a text variable as a side or an
    argument, and testify's EqualError/ErrorContains calls."""
    src, a, b = an.ctx.src, body.start_byte, body.end_byte
    found: dict[int, Node] = {}

    def consider(x: Node) -> None:
        p = x.parent
        if p is None:
            return
        if p.type == "binary_expression":
            if p.child_by_field_name("left") == x or p.child_by_field_name("right") == x:
                found[p.id] = p
        elif p.type == "argument_list" and p.parent is not None and p.parent.type == "call_expression":
            found[p.parent.id] = p.parent

    for c in calls:
        if a <= c.start_byte and c.end_byte <= b:
            consider(c)
    for name in text_vars:
        word = name.encode()
        if not word or "\ufffd" in name:
            continue
        for i in word_starts(src, word, a, b):
            tok = body.descendant_for_byte_range(i, i + len(word))
            if tok is not None and tok.type == "identifier" and text(tok) == name:
                consider(tok)
    for name in _ERROR_TEXT_ASSERTS:
        word = name.encode()
        for i in word_starts(src, word, a, b):
            tok = body.descendant_for_byte_range(i, i + len(word))
            if tok is None:
                continue
            p = tok.parent
            if tok.type == "field_identifier" and p is not None and p.type == "selector_expression":
                p = p.parent
            if p is not None and p.type == "call_expression":
                found[p.id] = p
    return sorted(found.values(), key=lambda n: (n.start_byte, -n.end_byte))


def _check_function(an: _Analysis, body: Node) -> Iterator[Finding]:
    ctx = an.ctx
    calls = _text_calls(an, an.fn_node)
    text_vars = _text_vars(an, calls)
    strings_imported = ctx.local_name("strings") is not None
    for n in _candidates(an, body, calls, text_vars):
        if n.type == "binary_expression":
            if text(n.child_by_field_name("operator")) not in ("==", "!="):
                continue
            sides = (n.child_by_field_name("left"), n.child_by_field_name("right"))
            if any(s is not None and (s.type == "nil" or _SENTINEL.match(text(s))) for s in sides):
                continue  # `f.Error() != nil`, `== ErrNotLeader`: an Error method returning an error
            what = next((w for s in sides if s is not None and (w := _text_of(an, s, text_vars))), None)
            if what is not None and _asserted(ctx, n) and not _typed_check_nearby(an, n):
                yield check.finding(n.start_byte, n.end_byte, _message(f"Comparing {what}"))
            continue
        args = arguments(n)
        cn = call_name(n)
        if cn is None:
            continue
        what = None
        if strings_imported and is_package_call(ctx, n, "strings", _STRINGS):
            what = next((w for a in args if (w := _text_of(an, a, text_vars))), None)
            if what is not None and not _asserted(ctx, n):
                continue
            what = f"strings.{cn[1]} on {what}" if what else None
        elif _testify_call(ctx, n, _ERROR_TEXT_ASSERTS):
            if len(args) >= 2 and _from_code_under_test(an, args[1]):
                what = f"{cn[0]}.{cn[1]}"
        elif _testify_call(ctx, n, _VALUE_ASSERTS):
            what = next((w for a in args[1:3] if (w := _text_of(an, a, text_vars))), None)
            what = f"{cn[0]}.{cn[1]} on {what}" if what else None
        if what is not None and not _typed_check_nearby(an, n):
            yield check.finding(n.start_byte, n.end_byte, _message(what))


def _analyze(ctx: FileContext, info: FuncInfo) -> tuple[list[tuple[int, int, str]], dict[str, bool]]:
    """The findings in one top-level function (relative to its start), and the file functions whose
    existence decided them."""
    node = info.node
    a, b = node.start_byte, node.end_byte
    src = ctx.src
    if not any(rx.search(src, a, b) for rx in _TEXT_CALLS) and not any(
        src.find(w, a, b) >= 0 for w in _TEXT_ASSERT_WORDS
    ):
        return [], {}
    body = info.body
    if not info.is_test_code or body is None:
        return [], {}
    an = _Analysis(ctx, node)
    found = [(f.start - a, f.end - a, f.message) for f in _check_function(an, body)]
    return found, an.deps


class _Summary:
    """What the rule keeps of one function: the name it declares (None for a method), its findings
    (relative to its start) and the file functions whose existence decided them."""

    __slots__ = ("deps", "found", "name")

    def __init__(self, name: str | None, found: list[tuple[int, int, str]], deps: dict[str, bool]) -> None:
        self.name = name
        self.found = found
        self.deps = deps


# The names of the file's (non-method) functions, for the last file asked about: the analyses of its
# functions ask in turn.
_DECLARED: list[tuple[FileContext | None, frozenset[str]]] = [(None, frozenset())]


def _declared_names(ctx: FileContext) -> frozenset[str]:
    held, names = _DECLARED[0]
    if held is not ctx:
        names = frozenset(f.name for f in ctx.functions if not f.is_method)
        _DECLARED[0] = (ctx, names)
    return names


def _summary(ctx: FileContext, info: FuncInfo) -> _Summary:
    """One function's findings and what decided them: the linter keeps this per function text, so a
    keystroke re-analyses only the function it touched (the rule itself reads other files and runs on
    every version of the file).  Every function has one: the names they declare answer the lookups of
    the others."""
    found, deps = _analyze(ctx, info)
    return _Summary(None if info.is_method else info.name, found, deps)


@rule(
    code="CTR001",
    name="error-string-compare",
    severity=Severity.WARNING,
    summary="Assertions on an error's text instead of its identity or type.",
    scope="file",  # reads the package's other test files (see _process_boundary)
    needles=(b".Error()", b"EqualError", b"ErrorContains", b".Message()"),
    summarize=_summary,
)
def check(ctx: FileContext) -> Iterator[Finding]:
    summaries = ctx.summaries.get("CTR001")
    if summaries is None:  # called outside the linter
        summaries = [(f.node, _summary(ctx, f)) for f in ctx.functions]
    declared: set[str] | None = None
    found: list[tuple[int, int, str]] = []
    for node, sm in summaries:
        if not isinstance(sm, _Summary) or not (sm.found or sm.deps):
            continue
        rel = sm.found
        if sm.deps:
            if declared is None:
                declared = {s.name for _, s in summaries if isinstance(s, _Summary) and s.name is not None}
            if any((name in declared) != was for name, was in sm.deps.items()):
                # A function this analysis asked about was added or removed elsewhere in the file.
                rel = _analyze(ctx, classify(node, ctx.testing_local))[0]
        a = node.start_byte
        found.extend((a + s, a + e, m) for s, e, m in rel)
    # The other files are read only when there is something to report.
    if not found or _process_boundary(ctx):
        return
    for s, e, m in found:
        yield check.finding(s, e, m)
