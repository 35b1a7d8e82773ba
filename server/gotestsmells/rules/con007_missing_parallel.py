"""CON007 missing-parallel: A test or subtest that could call `t.Parallel()` and does not (opt-in).

## What it does
Off by default; turn it on by its code (`extend-select = ["CON007"]`). Flags a top-level test, or a
table-driven subtest (a `t.Run` closure in a `range` loop), that does not call `t.Parallel()` although
nothing in it stops it from running alongside the others: it does not change the environment or the
working directory, does not write package-level state, and (for subtests) does not write what its
siblings share.

## Why is this bad?
Tests that run one after the other make a suite as slow as the sum of its tests, and they hide the data
races that parallel callers will hit in production. `t.Parallel()` costs one line; the sooner a suite uses
it, the fewer tests come to depend on running alone.

## Example
```go
func TestParse(t *testing.T) {
        for _, tc := range cases {
                t.Run(tc.name, func(t *testing.T) {
                        got := Parse(tc.in)
                        ...
                })
        }
}
```

## Use instead
```go
func TestParse(t *testing.T) {
        t.Parallel()
        for _, tc := range cases {
                t.Run(tc.name, func(t *testing.T) {
                        t.Parallel()
                        got := Parse(tc.in)
                        ...
                })
        }
}
```

Not flagged: tests that use `t.Setenv`, `t.Chdir`, `os.Setenv`, `os.Unsetenv`, `os.Chdir` (themselves, in a
subtest, or in a helper of the same file they call), that assign package-level variables or call
package-level setters (`SetOutput`, `SetDefault`, `Register`...), that use fixed paths or ports, leak
checkers or `testing.AllocsPerRun`; subtests that write variables of the enclosing test, call methods on
values they share with their siblings, or capture the loop variable before Go 1.22 (CON004); subtests of a
test that defers a cleanup (CON005); benchmarks, fuzz targets and helpers.

## Fix (safe)
Insert `t.Parallel()` as the first statement of the test or subtest.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterator
from functools import partial

from tree_sitter import Node

from ..analysis.context import Binding, FileContext
from ..analysis.functions import FuncInfo, testing_params
from ..analysis.scopes import is_shadowed
from ..parsing import arguments, call_name, captures, line_indent, statements, text, walk
from .alignment import disturbs_comment_alignment
from .base import Edit, Finding, Fix, Severity, rule
from .cleanup import deferred_call
from .common import calls_parallel, indent_of, literal_between
from .concurrency import closure_binding, subtest_closure
from .textscan import has_word, keyword_nodes, testing_calls, word_starts

_PROCESS_STATE = re.compile(r"(?i)setenv|unsetenv|clearenv|chdir|setwd")
# Package-level setters and registries: global state the test changes for everyone.
_GLOBAL_SETTER = re.compile(r"^(Set|Replace|Register|MustRegister|Unregister|Reset|Override|Patch|Swap|Mock)")
# Leak checkers see the goroutines of tests running alongside; AllocsPerRun panics in parallel tests.
_ALONE = re.compile(r"(?i)leak|VerifyNone|VerifyTestMain|AllocsPerRun")
_FIXED_PORT = re.compile(r":\d{4,5}\b")
_FILE_WRITES = frozenset(
    {"WriteFile", "Create", "Remove", "RemoveAll", "Mkdir", "MkdirAll", "Rename", "Symlink", "Chmod", "Link"}
)
# Methods that change the value they are called on.
_MUTATORS = re.compile(
    r"^(EXPECT|On|Set|Reset|Clear|Add|Register|Put|Delete|Del|Insert|Update|Upsert|Create|Write|Store|"
    r"Append|Push|Pop|Remove|Exec|Apply|Commit|Begin|Publish|Send|Close|Stop|Start|Inc|Dec|Observe|Lock)"
)
_SYNC_DEFERS = frozenset({"Unlock", "RUnlock", "Done", "Wait"})


_DECLS = (
    "[(short_var_declaration) (range_clause) (var_spec) (const_spec) (parameter_declaration)"
    " (variadic_parameter_declaration) (type_spec) (type_alias)] @n"
)
# What _touches_shared_state and _writes_shared look at (the answers are the same in any order).
_STATE_NODES = (
    "[(assignment_statement) (inc_statement) (dec_statement) (call_expression) (interpreted_string_literal)"
    " (raw_string_literal)] @n"
)
_WRITE_NODES = "[(assignment_statement) (inc_statement) (dec_statement) (call_expression)] @n"


def _argument_starts(src: bytes, word: bytes, start: int, end: int) -> Iterator[int]:
    """Offsets in src[start:end] where `word` stands as a whole word that may be a whole argument of a
    call: the next token is `,` or `)` (or a comment).  A name followed by anything else is not."""
    size = len(src)
    for i in word_starts(src, word, start, end):
        j = i + len(word)
        while j < size and src[j] in b" \t\r\n":
            j += 1
        if j < size and src[j] in b",)/":
            yield i


# What the regexes say of a called name (bits), kept per name: the same few hundred names come back.
_STATE, _SETTER = 1, 2
_NAME_KINDS: dict[str, int] = {}


def _name_kind(fname: str) -> int:
    kind = (_STATE if _PROCESS_STATE.search(fname) or _ALONE.search(fname) else 0) | (
        _SETTER if _GLOBAL_SETTER.search(fname) else 0
    )
    if len(_NAME_KINDS) > 50_000:
        _NAME_KINDS.clear()
    _NAME_KINDS[fname] = kind
    return kind


def _local_names(fn_node: Node) -> set[str]:
    """Every name declared anywhere in the function: parameters, `:=`, `var`, range clauses."""
    out: set[str] = set()
    for n in captures(_DECLS, fn_node).get("n", []):
        t = n.type
        if t == "short_var_declaration" or t == "range_clause":
            left = n.child_by_field_name("left")
            out.update(
                text(c) for c in (left.named_children if left is not None else []) if c.type == "identifier"
            )
        elif t in ("var_spec", "const_spec", "parameter_declaration", "variadic_parameter_declaration"):
            out.update(text(c) for c in n.children_by_field_name("name"))
        elif t in ("type_spec", "type_alias"):
            name = n.child_by_field_name("name")
            if name is not None:
                out.add(text(name))
    return out


def _root(expr: Node | None) -> Node | None:
    cur = expr
    while cur is not None and cur.type in (
        "selector_expression",
        "index_expression",
        "unary_expression",
        "parenthesized_expression",
        "slice_expression",
    ):
        if cur.type == "parenthesized_expression":
            cur = cur.named_children[0] if cur.named_children else None
        else:
            cur = cur.child_by_field_name("operand")
    return cur if cur is not None and cur.type == "identifier" else None


def _written(n: Node) -> list[Node]:
    """The targets an assignment, `++`/`--` or `&x` writes (or may write)."""
    if n.type == "assignment_statement":
        left = n.child_by_field_name("left")
        return list(left.named_children) if left is not None else []
    if n.type in ("inc_statement", "dec_statement"):
        return [c for c in n.named_children]
    return []


# Per-file answers reused across the file's tests (the rule runs once per file version).
_MEMO: weakref.WeakKeyDictionary[FileContext, dict[object, object]] = weakref.WeakKeyDictionary()


def _memo(ctx: FileContext) -> dict[object, object]:
    return _MEMO.setdefault(ctx, {})


def _is_import(ctx: FileContext, name: str) -> bool:
    memo = _memo(ctx)
    names = memo.get("imports")
    if names is None:
        names = frozenset(imp.local for imp in ctx.imports if imp.alias not in ("_", "."))
        memo["imports"] = names
    return name in names  # type: ignore[operator]


def _touches_shared_state(ctx: FileContext, scope: Node, locals_: set[str], *, deep: bool = True) -> bool:
    """Process state, package state, fixed paths and ports, leak checkers: anything that makes the code
    under `scope` unsafe next to other tests.  `deep`: follow calls to same-file helpers one level."""
    src = ctx.src
    for n in captures(_STATE_NODES, scope).get("n", []):
        t = n.type
        for target in _written(n) if t != "call_expression" else ():
            r = _root(target)
            if r is None:
                continue
            name = text(r)
            if name == "_":
                continue
            if name not in locals_ or _is_import(ctx, name):
                return True  # a package-level variable (of this package or another)
        if t == "call_expression":
            fn = n.child_by_field_name("function")
            fname = (
                text(fn.child_by_field_name("field"))
                if fn is not None and fn.type == "selector_expression"
                else text(fn)
            )
            kind = _NAME_KINDS.get(fname)
            if kind is None:
                kind = _name_kind(fname)
            if kind & _STATE:
                return True
            op = (
                fn.child_by_field_name("operand")
                if fn is not None and fn.type == "selector_expression"
                else None
            )
            # pkg.SetDefault(...), log.SetOutput(...), prometheus.MustRegister(...), SetTimeNow(...)
            if kind & _SETTER and (
                (op is not None and op.type == "identifier" and _is_import(ctx, text(op)))
                or (fn is not None and fn.type == "identifier")
                or (op is not None and _root(op) is not None and text(_root(op)) not in locals_)
            ):
                return True
            if (
                fname in _FILE_WRITES
                and op is not None
                and op.type == "identifier"
                and text(op) == ctx.local_name("os")
            ):
                args = arguments(n)
                if args and args[0].type in ("interpreted_string_literal", "raw_string_literal"):
                    return True  # a fixed path every run of the test shares
            if deep and fn is not None and fn.type == "identifier":
                helper = _plain_functions(ctx).get(text(fn))
                if (
                    helper is not None
                    and helper.body is not None
                    and not is_shadowed(text(fn), n)
                    and _helper_touches(ctx, helper)
                ):
                    return True
        elif (
            t in ("interpreted_string_literal", "raw_string_literal")
            and src.find(b":", n.start_byte, n.end_byte) >= 0  # the pattern needs one
            and _FIXED_PORT.search(text(n))
            and not text(n).endswith(':0"')
        ):
            return True
    return False


def _plain_calls(scope: Node) -> dict[str, list[Node]]:
    """The calls `f(...)` under `scope` whose function is an identifier, by name: those a deep
    `_touches_shared_state` follows into a function of the file."""
    out: dict[str, list[Node]] = {}
    for f in captures("(call_expression function: (identifier) @f)", scope).get("f", []):
        c = f.parent
        if c is not None:
            out.setdefault(text(f), []).append(c)
    return out


def _insert_parallel(ctx: FileContext, body: Node, tname: str, indent: str) -> Fix | None:
    src = ctx.src
    first = statements(body)
    if first:
        # The body's own indentation (a literal may sit deeper than the statement that holds it).
        indent = indent_of(src, first[0])
    elif body.parent is not None:
        indent = line_indent(src, body.start_byte).decode() + "\t"
    nl = src.find(b"\n", body.start_byte)
    rest = src[body.start_byte + 1 : nl].strip() if nl >= 0 else b"x"
    if nl < 0 or nl >= body.end_byte or (rest and not rest.startswith(b"//")):
        return None
    edit = Edit(nl + 1, nl + 1, f"{indent}{tname}.Parallel()\n")
    if disturbs_comment_alignment(ctx, [edit]):
        return None
    return Fix(f"Call {tname}.Parallel()", "safe", (edit,))


def _plain_functions(ctx: FileContext) -> dict[str, FuncInfo]:
    """The file's helpers and other plain functions, by name."""
    memo = _memo(ctx)
    funcs = memo.get("functions")
    if funcs is None:
        funcs = {f.name: f for f in ctx.functions if not f.is_method and f.kind in ("helper", "other")}
        memo["functions"] = funcs
    return funcs  # type: ignore[return-value]


def _helper_touches(ctx: FileContext, helper: FuncInfo) -> bool:
    memo = _memo(ctx)
    key = ("helper", helper.node.start_byte)
    if key not in memo:
        assert helper.body is not None
        memo[key] = _touches_shared_state(ctx, helper.body, _local_names(helper.node), deep=False)
    return bool(memo[key])


def _goes_parallel(ctx: FileContext, b: Binding) -> bool:
    memo = _memo(ctx)
    key = ("parallel", b.func_node.start_byte)
    if key not in memo:
        memo[key] = _goes_parallel_uncached(ctx, b)
    return bool(memo[key])


def _helper_goes_parallel(ctx: FileContext, helper: FuncInfo) -> bool:
    memo = _memo(ctx)
    key = ("helper-parallel", helper.node.start_byte)
    if key not in memo:
        assert helper.body is not None
        memo[key] = any(
            call_name(x) == (helper.tparam, "Parallel")
            for x in captures("(call_expression) @c", helper.body).get("c", [])
        )
    return bool(memo[key])


def _goes_parallel_uncached(ctx: FileContext, b: Binding) -> bool:
    """`t.Parallel()`, or a helper that calls it: `ci.Parallel(t)`, `parallel(t)`."""
    if calls_parallel(ctx, b):
        return True
    body = b.func_node.child_by_field_name("body")
    if body is None:
        return False
    # The calls of the body's own frame that take the testing value as an argument: found where its name
    # stands (any order: the answer is the same).
    calls: list[Node] = []
    if not b.name or "\ufffd" in b.name:
        calls = [
            c
            for c in walk(body, into_func_literals=False)
            if c.type == "call_expression" and any(text(a) == b.name for a in arguments(c))
        ]
    else:
        word = b.name.encode()
        for i in _argument_starts(ctx.src, word, body.start_byte, body.end_byte):
            tok = body.descendant_for_byte_range(i, i + len(word))
            if tok is None or tok.type != "identifier" or text(tok) != b.name:
                continue
            args = tok.parent
            c = args.parent if args is not None and args.type == "argument_list" else None
            if c is not None and c.type == "call_expression" and not literal_between(c, body):
                calls.append(c)
    for c in calls:
        cn = call_name(c)
        fn = c.child_by_field_name("function")
        fname = (
            text(fn.child_by_field_name("field"))
            if fn is not None and fn.type == "selector_expression"
            else text(fn)
        )
        if "parallel" in fname.lower():
            return True
        helper = ctx.helpers.get(fname) if cn is not None and cn[0] == "" else None
        if (
            helper is not None
            and helper.tparam is not None
            and helper.body is not None
            and _helper_goes_parallel(ctx, helper)
        ):
            return True
    return False


def _parent_defers(ctx: FileContext, b: Binding) -> bool:
    """The test that starts the subtests defers a cleanup: parallel subtests would run after it (CON005)."""
    body = b.func_node.child_by_field_name("body")
    if body is None:
        return False
    # The defer statements of the body's own frame.
    for d in keyword_nodes(ctx.src, body, "defer", "defer_statement"):
        if literal_between(d, body):
            continue
        call = deferred_call(d)
        cn = call_name(call) if call is not None else None
        if cn is not None and (cn[1] in _SYNC_DEFERS or cn == ("", "close")):
            continue
        return True
    return False


# Functions that change the value they are given: `setAuthInfo(applier, user)`, `addMember(set, m)`.
_MUTATING_FUNC = re.compile(
    r"(?i)^(must)?(set|add|update|register|put|delete|remove|enable|disable|reset|clear|insert|write|store|"
    r"push|append|apply|install|inject|replace)"
)


def _writes_shared(ctx: FileContext, scope: Node, lit: Node, range_vars: set[str]) -> bool:
    for n in captures(_WRITE_NODES, scope).get("n", []):
        for target in _written(n):
            r = _root(target)
            # Declared outside the subtest (or the closure): its siblings write it too.
            if r is not None and text(r) != "_" and not is_shadowed(text(r), r, scope.parent):
                return True
        if n.type != "call_expression":
            continue
        fn = n.child_by_field_name("function")
        if fn is None:
            continue
        if fn.type == "selector_expression":
            r = _root(fn.child_by_field_name("operand"))
            if (
                r is not None
                and not is_shadowed(text(r), r, scope.parent)
                and not _is_import(ctx, text(r))
                and text(r) not in range_vars  # a row's own value
                and _MUTATORS.search(text(fn.child_by_field_name("field")))
            ):
                return True
        name = text(fn.child_by_field_name("field")) if fn.type == "selector_expression" else text(fn)
        if _MUTATING_FUNC.search(name):
            for a in arguments(n):
                r = _root(a)
                if (
                    r is not None
                    and text(r) not in range_vars
                    and not _is_import(ctx, text(r))
                    and not ctx.is_testing_value(r)
                    and not is_shadowed(text(r), r, scope.parent)
                ):
                    return True
    return False


def _called_local_literals(lit: Node) -> list[Node]:
    """Function literals bound to names of the enclosing function (`test := func(...) {...}`) that the
    subtest calls."""
    fn = lit.parent
    while fn is not None and fn.type not in ("function_declaration", "method_declaration", "func_literal"):
        fn = fn.parent
    if fn is None:
        return []
    called = {text(f) for f in captures("(call_expression function: (identifier) @f)", lit).get("f", [])}
    out = []
    for d in captures("(short_var_declaration) @d", fn).get("d", []):
        if d.start_byte >= lit.start_byte:
            continue
        left, right = d.child_by_field_name("left"), d.child_by_field_name("right")
        names = [text(c) for c in left.named_children] if left is not None else []
        vals = right.named_children if right is not None else []
        if len(names) == 1 and names[0] in called and len(vals) == 1 and vals[0].type == "func_literal":
            out.append(vals[0])
    return out


def _shares_with_siblings(lit: Node, loop: Node, ctx: FileContext, go_old: bool) -> bool:
    """The subtest writes a variable of the enclosing test, calls a changing method on a value its
    siblings share, or (before Go 1.22) reads the loop variable without a copy."""
    range_vars = set()
    rc = next((c for c in loop.named_children if c.type == "range_clause"), None)
    if rc is not None and any(ch.type == ":=" for ch in rc.children):
        left = rc.child_by_field_name("left")
        range_vars = {text(c) for c in (left.named_children if left is not None else [])}
    # The subtest and the local closures of the enclosing test it calls (`test(t, storage)`): what those
    # do, the subtest does.
    bodies = [lit, *_called_local_literals(lit)]
    for scope in bodies:
        if _writes_shared(ctx, scope, lit, range_vars):
            return True
    if go_old:
        for i in captures("(identifier) @i", lit).get("i", []):
            if text(i) in range_vars and not is_shadowed(text(i), i, loop):
                return True
    return False


def _enclosing_range_loop(call: Node, stop: Node) -> Node | None:
    cur = call.parent
    while cur is not None and cur != stop:
        if cur.type == "func_literal":
            return None
        if cur.type == "for_statement" and any(c.type == "range_clause" for c in cur.named_children):
            return cur
        cur = cur.parent
    return None


# Assertion libraries take `t` and report through it: no state of their own.
_ASSERT_PACKAGES = frozenset(
    {
        "github.com/stretchr/testify/assert",
        "github.com/stretchr/testify/require",
        "github.com/shoenig/test/must",
        "github.com/shoenig/test",
        "gotest.tools/v3/assert",
        "github.com/google/go-cmp/cmp",
        "github.com/matryer/is",
        "github.com/frankban/quicktest",
    }
)


def _calls_given_t(ctx: FileContext, body: Node) -> list[Node]:
    """The calls under `body` with the testing value in scope as an argument (any order, repeats
    possible): found where the names of the testing parameters around stand."""
    tl = ctx.testing_local
    names: set[str] = set()
    top = body.parent
    funcs = [top] if top is not None else []
    funcs += captures("(func_literal) @f", body).get("f", [])
    for f in funcs:
        named = [p.name for p in testing_params(f.child_by_field_name("parameters"), tl) if p.name != "_"]
        if named:
            names.add(named[0])
    out = []
    src = ctx.src
    for name in names:
        if not name or "\ufffd" in name:
            return [
                c
                for c in captures("(call_expression) @c", body).get("c", [])
                if any(a.type == "identifier" and ctx.is_testing_value(a) for a in arguments(c))
            ]
        word = name.encode()
        for i in _argument_starts(src, word, body.start_byte, body.end_byte):
            tok = body.descendant_for_byte_range(i, i + len(word))
            if tok is None or tok.type != "identifier":
                continue
            args = tok.parent
            c = args.parent if args is not None and args.type == "argument_list" else None
            if c is not None and c.type == "call_expression" and ctx.is_testing_value(tok):
                out.append(c)
    return out


def _callees_given_t(ctx: FileContext, body: Node) -> set[str]:
    """The functions a test hands a testing value to (`integration.BeforeTest(t)`, `newServer(t)`), by
    their text, leaving out assertion libraries and the testing value's own methods."""
    out: set[str] = set()
    asserts = {ctx.local_name(p) for p in _ASSERT_PACKAGES} - {None, "."}
    for c in _calls_given_t(ctx, body):
        fn = c.child_by_field_name("function")
        if fn is None:
            continue
        if fn.type == "selector_expression":
            op = fn.child_by_field_name("operand")
            if (
                op is not None
                and op.type == "identifier"
                and (text(op) in asserts or ctx.is_testing_value(op))
            ):
                continue
        out.add(text(fn))
    return out


def _top_level_tests(ctx: FileContext) -> list[tuple[FuncInfo, Binding]]:
    out = []
    for fn in ctx.functions:
        if fn.kind != "test" or fn.body is None or fn.tparam is None:
            continue
        b = ctx.testing_binding(fn.body)
        if b is not None and b.func_node == fn.node:
            out.append((fn, b))
    return out


class _Fn:
    """What the rule keeps of one function, with its text (the linter's per-function cache): its name and
    kind, and, computed when first asked, what its own text says (does it touch shared state, go
    parallel, which calls could reach the file's functions, its subtests that could go parallel)."""

    __slots__ = (
        "_given_t",
        "_plain",
        "_subtests",
        "_touch",
        "binding",
        "has_body",
        "has_run",
        "is_method",
        "kind",
        "name",
        "parallel",
    )

    def __init__(self, ctx: FileContext, f: FuncInfo) -> None:
        self.name = f.name
        self.kind = f.kind
        self.is_method = f.is_method
        self.has_body = f.body is not None
        # A test's own testing parameter (the binding its body sees), when it has one.
        self.binding: str | None = None
        self.parallel = False  # a test that goes parallel
        self.has_run = False  # a test whose text names `Run` (it may have subtests)
        if f.kind == "test" and f.body is not None and f.tparam is not None:
            b = ctx.testing_binding(f.body)
            if b is not None and b.func_node == f.node:
                self.binding = b.name
                self.parallel = _goes_parallel(ctx, b)
                self.has_run = has_word(ctx.src, b"Run", f.body.start_byte, f.body.end_byte)
        self._touch: bool | None = None
        self._plain: dict[str, list[tuple[int, int]]] | None = None
        self._given_t: set[str] | None = None
        self._subtests: list[tuple[int, int, str]] | None = None

    def touches(self, ctx: FileContext, node: Node) -> bool:
        """`_touches_shared_state(..., deep=False)` of the function's body."""
        if self._touch is None:
            body = node.child_by_field_name("body")
            assert body is not None
            self._touch = _touches_shared_state(ctx, body, _local_names(node), deep=False)
        return self._touch

    def plain_calls(self, node: Node) -> dict[str, list[tuple[int, int]]]:
        """`_plain_calls` of the body, as ranges relative to the function's start."""
        if self._plain is None:
            body = node.child_by_field_name("body")
            a = node.start_byte
            self._plain = {
                name: [(c.start_byte - a, c.end_byte - a) for c in calls]
                for name, calls in (_plain_calls(body) if body is not None else {}).items()
            }
        return self._plain

    def given_t(self, ctx: FileContext, node: Node) -> set[str]:
        if self._given_t is None:
            body = node.child_by_field_name("body")
            assert body is not None
            self._given_t = _callees_given_t(ctx, body)
        return self._given_t

    def subtests(self, ctx: FileContext, node: Node) -> list[tuple[int, int, str]]:
        """The subtests that could go parallel: (start, end) of the finding relative to the function's
        start, and the closure's testing parameter."""
        if self._subtests is None:
            body = node.child_by_field_name("body")
            assert body is not None
            a = node.start_byte
            self._subtests = [
                (s - a, e - a, name) for s, e, name in _subtests(ctx, body, not ctx.go_at_least(22))
            ]
        return self._subtests


def _summary(ctx: FileContext, f: FuncInfo) -> _Fn:
    return _Fn(ctx, f)


def _deep_touches(ctx: FileContext, node: Node, fn: _Fn, plain: dict[str, tuple[Node, _Fn]]) -> bool:
    """`_touches_shared_state` of a test (deep): its own text, or a call to a function of the file (a
    helper or another plain function) that touches shared state itself."""
    if fn.touches(ctx, node):
        return True
    for name, ranges in fn.plain_calls(node).items():
        hit = plain.get(name)
        if hit is None or not hit[1].has_body or not hit[1].touches(ctx, hit[0]):
            continue
        a = node.start_byte
        for s, e in ranges:
            call = node.descendant_for_byte_range(a + s, a + e)
            if call is not None and not is_shadowed(name, call):
                return True
    return False


@rule(
    code="CON007",
    name="missing-parallel",
    severity=Severity.HINT,
    summary="A test or subtest that could call `t.Parallel()` and does not (opt-in).",
    fix="safe",
    enabled_by_default=False,
    scope="file",
    summarize=_summary,
)
def check(ctx: FileContext) -> Iterator[Finding]:
    raw = ctx.summaries.get("CON007")
    if raw is None or not all(isinstance(sm, _Fn) for _, sm in raw):  # outside the linter; a failure
        raw = [(f.node, _Fn(ctx, f)) for f in ctx.functions]
    fns: list[tuple[Node, _Fn]] = raw  # type: ignore[assignment]
    tests = [(n, sm) for n, sm in fns if sm.binding is not None]
    # A top-level test is reported only where the file already runs tests in parallel, and only when
    # everything it hands its `t` to is handed a `t` by one of those parallel tests too: what the
    # helpers of other packages do to global state cannot be seen from here, what the file's own
    # parallel tests already do can.
    parallel = [(n, sm) for n, sm in tests if sm.parallel]
    if not parallel and not any(sm.has_run for _, sm in tests):
        return  # no test is a candidate, and none has subtests
    # The file's helpers and other plain functions, by name (the last of a name wins).
    plain = {sm.name: (n, sm) for n, sm in fns if not sm.is_method and sm.kind in ("helper", "other")}
    helpers = {sm.name for n, sm in fns if not sm.is_method and sm.kind == "helper"}
    vetted: set[str] | None = None  # computed when first needed
    for node, sm in tests:
        candidate = bool(parallel) and not sm.parallel
        if not candidate and not sm.has_run:
            continue  # nothing to report: not a candidate itself, and no `Run` for subtests
        if _deep_touches(ctx, node, sm, plain):
            continue
        if candidate:
            if vetted is None:
                vetted = set()
                for pn, psm in parallel:
                    vetted |= psm.given_t(ctx, pn)
            unknown = {c for c in sm.given_t(ctx, node) if c not in vetted and c not in helpers}
            if not unknown:
                name = node.child_by_field_name("name") or node
                tname = sm.binding
                assert tname is not None
                yield check.finding(
                    name.start_byte,
                    name.end_byte,
                    f"{sm.name} changes no environment, working directory or package state and could run "
                    f"alongside the file's parallel tests; call {tname}.Parallel() first",
                    partial(_top_fix, ctx, node, tname),
                    anchor=node.start_byte,
                )
        a = node.start_byte
        for s, e, bname in sm.subtests(ctx, node) if sm.has_run else ():
            yield check.finding(
                a + s,
                a + e,
                f"this subtest shares nothing with its siblings and could run alongside them; call "
                f"{bname}.Parallel() first",
                partial(_subtest_fix, ctx, a + s, a + e, bname),
            )


def _top_fix(ctx: FileContext, node: Node, tname: str) -> list[Fix]:
    body = node.child_by_field_name("body")
    fix = _insert_parallel(ctx, body, tname, "\t") if body is not None else None
    return [fix] if fix else []


def _subtest_fix(ctx: FileContext, start: int, end: int, bname: str) -> list[Fix]:
    """The fix of a subtest finding: its closure found again from where the finding stands."""
    lit = ctx.root.descendant_for_byte_range(start, end)
    while lit is not None and lit.type != "func_literal":
        lit = lit.parent
    lbody = lit.child_by_field_name("body") if lit is not None else None
    call = lit.parent.parent if lit is not None and lit.parent is not None else None
    if lbody is None or call is None:
        return []
    stmt = call.parent if call.parent is not None else call
    fix = _insert_parallel(ctx, lbody, bname, indent_of(ctx.src, stmt) + "\t")
    return [fix] if fix else []


def _run_calls(ctx: FileContext, body: Node) -> list[Node]:
    """The calls `x.Run(...)`/`Run(...)` under `body` (x an identifier), found where `Run` stands."""
    out = []
    for i in word_starts(ctx.src, b"Run", body.start_byte, body.end_byte):
        tok = body.descendant_for_byte_range(i, i + 3)
        if tok is None:
            continue
        fn = tok if tok.type == "identifier" else tok.parent if tok.type == "field_identifier" else None
        c = fn.parent if fn is not None else None
        if c is not None and c.type == "call_expression" and c.child_by_field_name("function") == fn:
            out.append(c)
    return out


def _subtests(ctx: FileContext, body: Node, go_old: bool) -> Iterator[tuple[int, int, str]]:
    """(start, end, testing parameter) of the subtests under `body` that could go parallel."""
    for call in _run_calls(ctx, body):
        cn = call_name(call)
        if cn is None or cn[1] != "Run":
            continue
        lit = subtest_closure(ctx, call)
        b = closure_binding(ctx, lit) if lit is not None else None
        parent = ctx.testing_binding(call)
        if lit is None or b is None or parent is None or _goes_parallel(ctx, b):
            continue
        loop = _enclosing_range_loop(call, parent.func_node)
        if loop is None or _parent_defers(ctx, parent) or _shares_with_siblings(lit, loop, ctx, go_old):
            continue
        lbody = lit.child_by_field_name("body")
        if lbody is None or testing_calls(ctx, lbody, ("Run",)):
            continue  # a group of subtests of its own: leave the grouping to the author
        params = lit.child_by_field_name("parameters")
        yield lit.start_byte, params.end_byte if params is not None else lit.start_byte + 4, b.name
