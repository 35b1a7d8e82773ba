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

from tree_sitter import Node

from ..analysis.context import Binding, FileContext
from ..analysis.functions import FuncInfo
from ..analysis.scopes import is_shadowed
from ..parsing import arguments, call_name, captures, line_indent, statements, text, walk
from .alignment import disturbs_comment_alignment
from .base import Edit, Finding, Fix, Severity, rule
from .cleanup import deferred_call
from .common import calls_parallel, indent_of
from .concurrency import closure_binding, identifiers, subtest_closure

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


def _local_names(fn_node: Node) -> set[str]:
    """Every name declared anywhere in the function: parameters, `:=`, `var`, range clauses."""
    out: set[str] = set()
    for n in walk(fn_node):
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
    for n in walk(scope):
        t = n.type
        for target in _written(n):
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
            if _PROCESS_STATE.search(fname) or _ALONE.search(fname):
                return True
            op = (
                fn.child_by_field_name("operand")
                if fn is not None and fn.type == "selector_expression"
                else None
            )
            # pkg.SetDefault(...), log.SetOutput(...), prometheus.MustRegister(...), SetTimeNow(...)
            if _GLOBAL_SETTER.search(fname) and (
                (op is not None and op.type == "identifier" and _is_import(ctx, text(op)))
                or (fn is not None and fn.type == "identifier")
                or (op is not None and _root(op) is not None and text(_root(op)) not in locals_)
            ):
                return True
            if (
                op is not None
                and op.type == "identifier"
                and text(op) == ctx.local_name("os")
                and fname in _FILE_WRITES
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
            and _FIXED_PORT.search(text(n))
            and not text(n).endswith(':0"')
        ):
            return True
    return False


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


def _goes_parallel_uncached(ctx: FileContext, b: Binding) -> bool:
    """`t.Parallel()`, or a helper that calls it: `ci.Parallel(t)`, `parallel(t)`."""
    if calls_parallel(ctx, b):
        return True
    body = b.func_node.child_by_field_name("body")
    for c in walk(body, into_func_literals=False) if body is not None else []:
        if c.type != "call_expression":
            continue
        cn = call_name(c)
        fn = c.child_by_field_name("function")
        fname = (
            text(fn.child_by_field_name("field"))
            if fn is not None and fn.type == "selector_expression"
            else text(fn)
        )
        if not any(text(a) == b.name for a in arguments(c)):
            continue
        if "parallel" in fname.lower():
            return True
        helper = ctx.helpers.get(fname) if cn is not None and cn[0] == "" else None
        if (
            helper is not None
            and helper.tparam is not None
            and helper.body is not None
            and any(
                call_name(x) == (helper.tparam, "Parallel")
                for x in captures("(call_expression) @c", helper.body).get("c", [])
            )
        ):
            return True
    return False


def _parent_defers(b: Binding) -> bool:
    """The test that starts the subtests defers a cleanup: parallel subtests would run after it (CON005)."""
    body = b.func_node.child_by_field_name("body")
    for d in walk(body, into_func_literals=False) if body is not None else []:
        if d.type != "defer_statement":
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
    for n in walk(scope):
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
    called = {
        text(f)
        for c in walk(lit)
        if c.type == "call_expression"
        and (f := c.child_by_field_name("function")) is not None
        and f.type == "identifier"
    }
    out = []
    for d in walk(fn):
        if d.type != "short_var_declaration" or d.start_byte >= lit.start_byte:
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
        for i in identifiers(lit):
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


def _callees_given_t(ctx: FileContext, body: Node) -> set[str]:
    """The functions a test hands a testing value to (`integration.BeforeTest(t)`, `newServer(t)`), by
    their text, leaving out assertion libraries and the testing value's own methods."""
    out: set[str] = set()
    asserts = {ctx.local_name(p) for p in _ASSERT_PACKAGES} - {None, "."}
    for c in captures("(call_expression) @c", body).get("c", []):
        fn = c.child_by_field_name("function")
        if fn is None or not any(a.type == "identifier" and ctx.is_testing_value(a) for a in arguments(c)):
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


@rule(
    code="CON007",
    name="missing-parallel",
    severity=Severity.HINT,
    summary="A test or subtest that could call `t.Parallel()` and does not (opt-in).",
    fix="safe",
    enabled_by_default=False,
    scope="file",
)
def check(ctx: FileContext) -> Iterator[Finding]:
    tests = _top_level_tests(ctx)
    # A top-level test is reported only where the file already runs tests in parallel, and only when
    # everything it hands its `t` to is handed a `t` by one of those parallel tests too: what the
    # helpers of other packages do to global state cannot be seen from here, what the file's own
    # parallel tests already do can.
    parallel = [(fn, b) for fn, b in tests if _goes_parallel(ctx, b)]
    vetted: set[str] = set()
    for fn, _b in parallel:
        vetted |= _callees_given_t(ctx, fn.body)  # type: ignore[arg-type]
    go_old = not ctx.go_at_least(22)
    for fn, top in tests:
        body = fn.body
        assert body is not None
        if _touches_shared_state(ctx, body, _local_names(fn.node)):
            continue
        if parallel and not _goes_parallel(ctx, top):
            unknown = {c for c in _callees_given_t(ctx, body) if c not in vetted and c not in ctx.helpers}
            if not unknown:
                fix = _insert_parallel(ctx, body, top.name, "\t")
                name = fn.name_node
                yield check.finding(
                    name.start_byte,
                    name.end_byte,
                    f"{fn.name} changes no environment, working directory or package state and could run "
                    f"alongside the file's parallel tests; call {top.name}.Parallel() first",
                    [fix] if fix else [],
                    anchor=fn.node.start_byte,
                )
        yield from _subtests(ctx, body, go_old)


def _subtests(ctx: FileContext, body: Node, go_old: bool) -> Iterator[Finding]:
    for call in captures("(call_expression) @c", body).get("c", []):
        cn = call_name(call)
        if cn is None or cn[1] != "Run":
            continue
        lit = subtest_closure(ctx, call)
        b = closure_binding(ctx, lit) if lit is not None else None
        parent = ctx.testing_binding(call)
        if lit is None or b is None or parent is None or _goes_parallel(ctx, b):
            continue
        loop = _enclosing_range_loop(call, parent.func_node)
        if loop is None or _parent_defers(parent) or _shares_with_siblings(lit, loop, ctx, go_old):
            continue
        lbody = lit.child_by_field_name("body")
        if lbody is None or any(True for _ in ctx.testing_calls(lbody, ("Run",))):
            continue  # a group of subtests of its own: leave the grouping to the author
        stmt = call.parent if call.parent is not None else call
        fix = _insert_parallel(ctx, lbody, b.name, indent_of(ctx.src, stmt) + "\t")
        params = lit.child_by_field_name("parameters")
        yield check.finding(
            lit.start_byte,
            params.end_byte if params is not None else lit.start_byte + 4,
            f"this subtest shares nothing with its siblings and could run alongside them; call "
            f"{b.name}.Parallel() first",
            [fix] if fix else [],
        )
