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

import re
from collections.abc import Iterator

from tree_sitter import Node

from ..analysis.context import FileContext
from ..analysis.functions import FuncInfo
from ..buildtags import find_constraint
from ..parsing import arguments, call_name, enclosing_statement, text, walk
from .base import Finding, Severity, rule
from .common import FUNC_NODES, in_test_code

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


def _is_pkg_call(ctx: FileContext, call: Node, path: str, names: frozenset[str] | None = None) -> bool:
    return any(call == c for c in ctx.calls(call, path, names))


def _testify_call(ctx: FileContext, call: Node, names: frozenset[str]) -> bool:
    return any(_is_pkg_call(ctx, call, p, names) for p in _TESTIFY)


def _builds_error(ctx: FileContext, expr: Node) -> bool:
    """Whether `expr` makes an error value in the test (a literal, a conversion, errors.New, a
    constructor named like an error) rather than getting one from the code under test."""
    e = expr
    while e.type in ("parenthesized_expression", "unary_expression") and e.named_children:
        e = e.named_children[-1]
    if e.type == "composite_literal":
        return True
    if e.type != "call_expression":
        return False
    for path, names in _CONSTRUCTORS.items():
        if _is_pkg_call(ctx, e, path, names):
            return True
    cn = call_name(e)
    if cn is None:
        return False
    if _ERRORISH_NAME.search(cn[1]):
        return True
    # A helper of this test file (`getJSON(url)` wrapping a bad status in fmt.Errorf): test code.
    if cn[0] == "" and any(f.name == cn[1] and not f.is_method for f in ctx.functions):
        return True
    # Through an RPC other than gRPC (net/rpc, msgpack-rpc) an error arrives as its text alone.
    fn_text = text(e.child_by_field_name("function"))
    return bool(_RPC.search(fn_text)) or cn[1].startswith("Call")


def _from_code_under_test(ctx: FileContext, expr: Node, fn_node: Node) -> bool:
    """Whether the error value `expr` comes from the code under test: a call's result (directly or
    through a local variable), or a value received from a channel.  Parameters, table fields and values
    built in the test are not."""
    e = expr
    while e.type == "parenthesized_expression" and e.named_children:
        e = e.named_children[0]
    if e.type == "call_expression":
        return not _builds_error(ctx, e)
    if e.type != "identifier":
        return False
    name = text(e)
    origins: list[Node] = []
    for n in walk(fn_node):
        if n.type not in ("short_var_declaration", "assignment_statement"):
            continue
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
    return last.type == "call_expression" and not _builds_error(ctx, last)


def _error_text(ctx: FileContext, node: Node, fn_node: Node) -> str | None:
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
        return f"{text(recv)}.Error()" if _from_code_under_test(ctx, recv, fn_node) else None
    if field == "Message" and ctx.local_name(_STATUS) is not None:
        grpc = False
        if recv.type == "call_expression":
            grpc = _is_pkg_call(ctx, recv, _STATUS, frozenset({"Convert", "FromError", "FromContextError"}))
        elif recv.type == "identifier":
            grpc = _status_var(ctx, text(recv), fn_node, recv.start_byte)
        return _GRPC if grpc else None
    return None


def _status_var(ctx: FileContext, name: str, fn_node: Node, before: int) -> bool:
    """`st, ok := status.FromError(err)` / `st := status.Convert(err)` before byte `before`."""
    for n in walk(fn_node):
        if n.start_byte >= before:
            break
        if n.type != "short_var_declaration" and n.type != "assignment_statement":
            continue
        left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
        if left is None or right is None or not left.named_children:
            continue
        if text(left.named_children[0]) != name:
            continue
        rhs = right.named_children
        if len(rhs) == 1 and rhs[0].type == "call_expression":
            return _is_pkg_call(ctx, rhs[0], _STATUS, frozenset({"Convert", "FromError", "FromContextError"}))
    return False


def _fails_test(ctx: FileContext, block: Node | None) -> bool:
    """Whether a branch reports a failure: t.Error*/Fatal*/Fail*, or a testify assertion."""
    if block is None:
        return False
    for n in walk(block, into_func_literals=False):
        if n.type != "call_expression":
            continue
        if any(n == c for c in ctx.testing_calls(n, _FAIL_CALLS)):
            return True
        if any(any(n == c for c in ctx.calls(n, p)) for p in _TESTIFY):
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


def _text_vars(ctx: FileContext, fn_node: Node) -> dict[str, tuple[Node, str]]:
    """Local names holding an error's text: `msg := err.Error()`, `if got := err.Error(); got != want`."""
    out: dict[str, tuple[Node, str]] = {}
    for n in walk(fn_node):
        if n.type != "short_var_declaration":
            continue
        left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
        if left is None or right is None:
            continue
        lhs, rhs = left.named_children, right.named_children
        if len(lhs) != len(rhs):
            continue
        for name, val in zip(lhs, rhs, strict=True):
            if name.type == "identifier" and (what := _error_text(ctx, val, fn_node)) is not None:
                out[text(name)] = (val, what)
    if out:
        # `err := future.Error(); if err != nil`: an Error method returning an error, not text.
        for n in walk(fn_node):
            if n.type == "binary_expression" and text(n.child_by_field_name("right")) == "nil":
                out.pop(text(n.child_by_field_name("left")), None)
    return out


def _text_of(
    ctx: FileContext, node: Node, fn_node: Node, text_vars: dict[str, tuple[Node, str]]
) -> str | None:
    """What error text `node` is (see _error_text), directly or through a local holding it."""
    if node.type == "identifier":
        hit = text_vars.get(text(node))
        return hit[1] if hit is not None and hit[0].start_byte < node.start_byte else None
    return _error_text(ctx, node, fn_node)


def _message(what: str) -> str:
    fix = (
        "status.Code(err) == codes.X" if _GRPC in what else "errors.Is for a sentinel or errors.As for a type"
    )
    return (
        f"{what} asserts on the error's wording, which breaks when the message is reworded or wrapped "
        f"and passes on an unrelated error that says the same; check {fix}"
    )


def _typed_check_nearby(node: Node) -> bool:
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
    return any(_TYPED_CHECK.search(text(n)) for n in near)


def _process_boundary(ctx: FileContext) -> bool:
    """Whether the package's tests see errors as text that crossed a process boundary: the file sits in an
    `e2e` folder, or a test file of its package is built only with an `e2e` tag (the same tests run
    against a spawned binary)."""
    path = ctx.path or ""
    if any(_E2E.fullmatch(part) for part in path.replace("\\", "/").split("/")[:-1]):
        return True
    for sib in ctx.sibling_files(tests=True):
        try:
            with open(sib, "rb") as f:
                head = f.read(2048)
        except OSError:
            continue
        c = find_constraint(head)
        if c is not None and c.expr_text is not None and _E2E_TAG.search(c.expr_text):
            return True
    return False


def _check_function(ctx: FileContext, fn: FuncInfo) -> Iterator[Finding]:
    if fn.body is None:
        return
    text_vars = _text_vars(ctx, fn.node)
    strings_imported = ctx.local_name("strings") is not None
    for n in walk(fn.body):
        if n.type == "binary_expression" and text(n.child_by_field_name("operator")) in ("==", "!="):
            sides = (n.child_by_field_name("left"), n.child_by_field_name("right"))
            if any(s is not None and (s.type == "nil" or _SENTINEL.match(text(s))) for s in sides):
                continue  # `f.Error() != nil`, `== ErrNotLeader`: an Error method returning an error
            what = next(
                (w for s in sides if s is not None and (w := _text_of(ctx, s, fn.node, text_vars))), None
            )
            if what is not None and _asserted(ctx, n) and not _typed_check_nearby(n):
                yield check.finding(n.start_byte, n.end_byte, _message(f"Comparing {what}"))
            continue
        if n.type != "call_expression":
            continue
        args = arguments(n)
        cn = call_name(n)
        if cn is None:
            continue
        what = None
        if strings_imported and _is_pkg_call(ctx, n, "strings", _STRINGS):
            what = next((w for a in args if (w := _text_of(ctx, a, fn.node, text_vars))), None)
            if what is not None and not _asserted(ctx, n):
                continue
            what = f"strings.{cn[1]} on {what}" if what else None
        elif _testify_call(ctx, n, _ERROR_TEXT_ASSERTS):
            if len(args) >= 2 and _from_code_under_test(ctx, args[1], fn.node):
                what = f"{cn[0]}.{cn[1]}"
        elif _testify_call(ctx, n, _VALUE_ASSERTS):
            what = next((w for a in args[1:3] if (w := _text_of(ctx, a, fn.node, text_vars))), None)
            what = f"{cn[0]}.{cn[1]} on {what}" if what else None
        if what is not None and not _typed_check_nearby(n):
            yield check.finding(n.start_byte, n.end_byte, _message(what))


@rule(
    code="CTR001",
    name="error-string-compare",
    severity=Severity.WARNING,
    summary="Assertions on an error's text instead of its identity or type.",
    scope="file",  # reads the package's other test files (see _process_boundary)
    needles=(b".Error()", b"EqualError", b"ErrorContains", b".Message()"),
)
def check(ctx: FileContext) -> Iterator[Finding]:
    fns = [f for f in ctx.functions if in_test_code(ctx, f) and f.body is not None]
    if not fns or _process_boundary(ctx):
        return
    for fn in fns:
        yield from _check_function(ctx, fn)
