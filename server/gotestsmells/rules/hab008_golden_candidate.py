"""HAB008 golden-candidate: A long expected string literal that belongs in a golden file.

## What it does
Flags an expected value written as a string literal of 10 or more lines (or 500 or more bytes) that a
test compares against output: an operand of `==`/`!=`, an argument of `assert.Equal`/`JSONEq`/`YAMLEq`,
`cmp.Diff`, `reflect.DeepEqual`..., a `want := ...` variable compared that way, or a `want:` field of a
table whose rows the test compares.

## Why is this bad?
A page of expected output buried in the test body drowns the logic of the test, and keeping it up to
date is manual: every intended change to the output means hand-editing escaped text and squinting at a
diff.  A golden file in `testdata/` is read as it is, reviewed as a plain diff, and rewritten by
`go test -update` when the change is intended.

## Example
```go
func TestRender(t *testing.T) {
        got := Render(page)
        want := `<html>
  ... 40 lines ...
</html>`
        if got != want {
                t.Errorf("Render() = %s, want %s", got, want)
        }
}
```

## Use instead
```go
func TestRender(t *testing.T) {
        got := Render(page)
        want := golden(t, "TestRender", got) // testdata/TestRender.golden; go test -update rewrites it
        if got != want {
                t.Errorf("Render() = %s, want %s", got, want)
        }
}
```

Not flagged: short literals; long literals that are inputs rather than expected values.

## Fix (refactor)
Moves the literal to `testdata/<TestName>.golden` and reads it back through `golden(t, name, got)`, a small
helper created once per package (`golden_helper_test.go`, reused when present) that rewrites the file
first when the tests run with `-update`.  Offered in `Test` functions (Go 1.18 or newer) where the
compared output is a plain expression that can be read twice (a variable, a field, `buf.String()`);
table fields and helpers get the diagnostic only.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

from tree_sitter import Node

from ..analysis.context import FileContext
from ..analysis.functions import FuncInfo
from ..analysis.scopes import declared_names, is_shadowed
from ..parsing import arguments, captures, parse, statements, text, walk
from .alignment import disturbs_comment_alignment
from .base import Edit, Finding, Fix, NewFile, Severity, rule
from .common import delete_statement, in_test_code, indent_of
from .textscan import pkg_calls

_MIN_LINES = 10
_MIN_BYTES = 500
_TESTIFY = ("github.com/stretchr/testify/assert", "github.com/stretchr/testify/require")
_TESTIFY_COMPARE = frozenset(
    {"Equal", "Equalf", "EqualValues", "EqualValuesf", "Exactly", "JSONEq", "JSONEqf", "YAMLEq", "YAMLEqf"}
)
_CMP = "github.com/google/go-cmp/cmp"
_EXPECTED_FIELD = re.compile(r"(?i)^(want|wanted|expect|expected|exp|golden|output|out|result)\w*$")
_HELPER_NAMES = ("golden", "goldenOutput", "readGolden")
_STRINGS = "[(raw_string_literal) (interpreted_string_literal)] @s"


# -- literals -----------------------------------------------------------------------------------------------


def literal_value(node: Node) -> bytes | None:
    """The bytes a Go string literal stands for (None when an escape is malformed)."""
    raw = node.text or b""
    if node.type == "raw_string_literal":
        return raw[1:-1].replace(b"\r", b"")  # raw strings drop carriage returns
    if node.type != "interpreted_string_literal":
        return None
    body = raw[1:-1]
    out = bytearray()
    i = 0
    simple = {
        b"n": 10,
        b"t": 9,
        b"r": 13,
        b"a": 7,
        b"b": 8,
        b"f": 12,
        b"v": 11,
        b"\\": 92,
        b'"': 34,
        b"'": 39,
    }
    while i < len(body):
        c = body[i : i + 1]
        if c != b"\\":
            out += c
            i += 1
            continue
        e = body[i + 1 : i + 2]
        if e in simple:
            out.append(simple[e])
            i += 2
        elif e == b"x":
            try:
                out.append(int(body[i + 2 : i + 4], 16))
            except ValueError:
                return None
            i += 4
        elif e in (b"u", b"U"):
            n = 4 if e == b"u" else 8
            try:
                out += chr(int(body[i + 2 : i + 2 + n], 16)).encode()
            except (ValueError, OverflowError):
                return None
            i += 2 + n
        elif e.isdigit():
            try:
                out.append(int(body[i + 1 : i + 4], 8))
            except ValueError:
                return None
            i += 4
        else:
            return None
    return bytes(out)


def _long(node: Node) -> bool:
    v = literal_value(node)
    if v is None:
        return False
    return len(v) >= _MIN_BYTES or len(v.splitlines()) >= _MIN_LINES


def _unwrap(expr: Node) -> Node:
    """`lit`, `[]byte(lit)`, `strings.TrimSpace(lit)`: the literal a compared expression is made of."""
    e = expr
    while e.type == "parenthesized_expression" and e.named_children:
        e = e.named_children[0]
    if e.type in ("call_expression", "type_conversion_expression"):
        args = arguments(e) if e.type == "call_expression" else [e.child_by_field_name("operand")]
        if len(args) == 1 and args[0] is not None:
            return _unwrap(args[0])
    return e


# -- where a literal is compared -----------------------------------------------------------------------


def _comparisons(ctx: FileContext, fn_node: Node) -> list[tuple[Node, Node, Node | None]]:
    """Every comparison in the function as (node, compared expression, the other side or None), in
    source order (outer before inner): the `==`/`!=` found from their text, the comparing calls from the
    call index."""
    found: dict[tuple[int, int], tuple[Node, str]] = {}
    for c in [
        *pkg_calls(ctx, fn_node, _CMP, ("Diff", "Equal")),
        *pkg_calls(ctx, fn_node, "reflect", ("DeepEqual",)),
    ]:
        found[(c.start_byte, -c.end_byte)] = (c, "other")
    for p in _TESTIFY:
        for c in pkg_calls(ctx, fn_node, p, _TESTIFY_COMPARE):
            found[(c.start_byte, -c.end_byte)] = (c, "testify")
    src, a, b = ctx.src, fn_node.start_byte, fn_node.end_byte
    for op in ("==", "!="):
        i = src.find(op.encode(), a, b)
        while i >= 0:
            tok = fn_node.descendant_for_byte_range(i, i + 2)
            if tok is not None and tok.type == op and tok.start_byte == i:
                n = tok.parent
                if (
                    n is not None
                    and n.type == "binary_expression"
                    and n.child_by_field_name("operator") == tok
                ):
                    found[(n.start_byte, -n.end_byte)] = (n, "binary")
            i = src.find(op.encode(), i + 2, b)
    out: list[tuple[Node, Node, Node | None]] = []
    for key in sorted(found):
        n, kind = found[key]
        if kind == "binary":
            left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
            if left is not None and right is not None:
                out.append((n, left, right))
                out.append((n, right, left))
            continue
        args = arguments(n)
        pair = args[1:3] if kind == "testify" else args[:2]
        if len(pair) == 2:
            out.append((n, pair[0], pair[1]))
            out.append((n, pair[1], pair[0]))
    return out


def _var_of(lit: Node) -> tuple[Node, Node] | None:
    """For `want := lit` / `var want = lit` / `want = lit`: (the statement, the name)."""
    p = lit.parent
    if p is None or p.type != "expression_list":
        return None
    stmt = p.parent
    if stmt is None:
        return None
    if stmt.type in ("short_var_declaration", "assignment_statement"):
        left = stmt.child_by_field_name("left")
        lhs = left.named_children if left is not None else []
        if len(lhs) == 1 and len(p.named_children) == 1 and lhs[0].type == "identifier":
            return stmt, lhs[0]
    if stmt.type == "var_spec":
        names = stmt.children_by_field_name("name")
        if len(names) == 1 and len(p.named_children) == 1:
            decl = stmt.parent
            while decl is not None and decl.type != "var_declaration":
                decl = decl.parent
            return (decl or stmt), names[0]
    return None


def _field_of(lit: Node) -> str | None:
    """`want: lit` in a composite literal: the key, when it names an expected value."""
    p = lit.parent
    if p is not None and p.type == "literal_element":
        p = p.parent
    if p is None or p.type != "keyed_element":
        return None
    key = p.child_by_field_name("key")
    name = text(key).strip()
    return name if _EXPECTED_FIELD.match(name) else None


class _Candidate:
    def __init__(
        self, lit: Node, compared: Node, other: Node | None, var: tuple[Node, Node] | None, anchor: Node
    ) -> None:
        self.lit = lit
        self.compared = compared  # the expression compared (the literal, or the variable holding it)
        self.other = other
        self.var = var
        # Where the finding starts: the variable's name, the comparison, the table key.  Before the
        # literal, so a raw string's first line never has to hold a comment.
        self.start = min(anchor.start_byte, lit.start_byte)
        self.end = max(anchor.end_byte, lit.end_byte)


def _regions(src: bytes, start: int, end: int) -> list[tuple[int, int]]:
    """Byte ranges of src[start:end] that hold every long literal there (a cheap necessary condition):
    two consecutive backticks far apart (a raw string holds no backtick, so its quotes are consecutive
    ones), or a line long enough, or with enough escapes, for an interpreted string."""
    out: list[tuple[int, int]] = []
    i = src.find(b"`", start, end)
    while i >= 0:
        j = src.find(b"`", i + 1, end)
        if j < 0:
            break
        if j - i - 1 >= _MIN_BYTES or src.count(b"\n", i, j) >= _MIN_LINES - 1:
            out.append((i, j + 1))
        i = j
    escapes = src.find(b"\\", start, end) >= 0
    pos = start
    for line in src[start:end].split(b"\n"):
        if len(line) >= _MIN_BYTES or (escapes and line.count(b"\\") >= _MIN_LINES - 1):
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _long_literals(src: bytes, fn_node: Node) -> list[Node]:
    """The function's long string literals, in source order: looked for only in the regions that can
    hold one."""
    found: dict[int, Node] = {}
    for a, b in _regions(src, fn_node.start_byte, fn_node.end_byte):
        for lit in captures(_STRINGS, fn_node, a, b).get("s", []):
            if lit.start_byte not in found and _long(lit):
                found[lit.start_byte] = lit
    return [found[k] for k in sorted(found)]


def _candidates(ctx: FileContext, fn_node: Node) -> list[_Candidate]:
    lits = _long_literals(ctx.src, fn_node)
    if not lits:
        return []
    comps = _comparisons(ctx, fn_node)
    if not comps:
        return []
    by_compared: dict[int, tuple[Node, Node | None]] = {}
    compared_names: dict[str, list[tuple[Node, Node | None]]] = {}
    compared_fields: set[str] = set()
    anchors: dict[int, Node] = {}
    for node, expr, other in comps:
        u = _unwrap(expr)
        by_compared.setdefault(u.start_byte, (expr, other))
        anchors.setdefault(u.start_byte, node)
        if u.type == "identifier":
            compared_names.setdefault(text(u), []).append((expr, other))
        elif u.type == "selector_expression":
            compared_fields.add(text(u.child_by_field_name("field")))
    out: list[_Candidate] = []
    for lit in lits:
        hit = by_compared.get(lit.start_byte)
        if hit is not None:
            out.append(_Candidate(lit, hit[0], hit[1], None, anchors[lit.start_byte]))
            continue
        var = _var_of(lit)
        if var is not None:
            uses = [(e, o) for e, o in compared_names.get(text(var[1]), []) if e.start_byte > var[0].end_byte]
            if uses:
                out.append(_Candidate(lit, uses[0][0], uses[0][1], var, var[1]))
            continue
        field = _field_of(lit)
        if field is not None and field in compared_fields:
            key = lit.parent
            while key is not None and key.type != "keyed_element":
                key = key.parent
            out.append(_Candidate(lit, lit, None, None, key or lit))
    return out


# -- the fix -----------------------------------------------------------------------------------------------


def _readable_twice(expr: Node | None) -> bool:
    """An output expression the fix may evaluate once more: `got`, `res.Body`, `buf.String()`,
    `string(out)`."""
    if expr is None:
        return False
    e = expr
    if e.type in ("identifier", "selector_expression"):
        return all(c.type in ("identifier", "field_identifier", ".", "selector_expression") for c in walk(e))
    if e.type == "call_expression":
        fn = e.child_by_field_name("function")
        if arguments(e):
            args = arguments(e)
            return fn is not None and text(fn) == "string" and len(args) == 1 and _readable_twice(args[0])
        return (
            fn is not None
            and fn.type == "selector_expression"
            and text(fn.child_by_field_name("field")) in ("String",)
            and _readable_twice(fn.child_by_field_name("operand"))
        )
    if e.type == "type_conversion_expression":
        return text(e.child_by_field_name("type")) == "string" and _readable_twice(
            e.child_by_field_name("operand")
        )
    return False


def _package_clause(src: bytes) -> str | None:
    m = re.search(rb"^package\s+(\w+)", src, re.M)
    return m.group(1).decode() if m else None


def _top_level_names(src: bytes) -> set[str]:
    root = parse(src).root_node
    out: set[str] = set()
    for n in root.children:
        if n.type in ("function_declaration",):
            out.add(text(n.child_by_field_name("name")))
        elif n.type in ("var_declaration", "const_declaration", "type_declaration"):
            for c in walk(n):
                if c.type in ("var_spec", "const_spec", "type_spec", "type_alias"):
                    for nm in c.children_by_field_name("name"):
                        out.add(text(nm))
    return out


def _helper_source(pkg: str, name: str, register: bool) -> str:
    flag_line = (
        "// -update rewrites the golden files with the current output.\n"
        'var _ = flag.Bool("update", false, "rewrite the golden files in testdata/")\n\n'
        if register
        else ""
    )
    return (
        f"package {pkg}\n\n"
        'import (\n\t"flag"\n\t"os"\n\t"path/filepath"\n\t"testing"\n)\n\n'
        f"{flag_line}"
        f"// {name} returns the expected output kept in testdata/<name>.golden.\n"
        "// With -update it first rewrites that file with got.\n"
        f"func {name}[S ~string](t testing.TB, name string, got S) S {{\n"
        "\tt.Helper()\n"
        '\tpath := filepath.Join("testdata", name+".golden")\n'
        '\tif f := flag.Lookup("update"); f != nil && f.Value.String() == "true" {\n'
        '\t\tif err := os.MkdirAll("testdata", 0o755); err != nil {\n'
        "\t\t\tt.Fatal(err)\n"
        "\t\t}\n"
        "\t\tif err := os.WriteFile(path, []byte(got), 0o644); err != nil {\n"
        "\t\t\tt.Fatal(err)\n"
        "\t\t}\n"
        "\t}\n"
        "\twant, err := os.ReadFile(path)\n"
        "\tif err != nil {\n"
        '\t\tt.Fatalf("reading the golden file (go test -update writes it): %v", err)\n'
        "\t}\n"
        "\treturn S(want)\n"
        "}\n"
    )


_OUR_HELPER = re.compile(r"^// (\w+) returns the expected output kept in testdata/<name>\.golden\.$", re.M)
_UPDATE_FLAG = re.compile(rb'flag\.(Bool|BoolVar)\([^)]*"update"')


def _helper_plan(ctx: FileContext) -> tuple[str, NewFile | None] | None:
    """The golden helper's name, and the file that creates it (None when a test file of the package has
    it already); None when no name is free."""
    pkg = _package_clause(ctx.src)
    if pkg is None:
        return None
    taken = _top_level_names(ctx.src)
    register = _UPDATE_FLAG.search(ctx.src) is None
    existing_files: set[str] = set()
    for path in ctx.sibling_files():
        existing_files.add(os.path.basename(path))
        try:
            with open(path, "rb") as f:
                src = f.read()
        except OSError:
            continue
        if path.endswith("_test.go") and _UPDATE_FLAG.search(src):
            register = False  # a flag of the same name twice in one test binary panics
        if _package_clause(src) != pkg:
            continue
        m = _OUR_HELPER.search(src.decode("utf-8", "replace"))
        if m is not None and path.endswith("_test.go"):
            return m.group(1), None
        taken |= _top_level_names(src)
    name = next((n for n in _HELPER_NAMES if n not in taken), None)
    if name is None:
        return None
    base = "golden_helper_ext_test.go" if pkg.endswith("_test") else "golden_helper_test.go"
    fname = base
    i = 2
    while fname in existing_files or (ctx.path and os.path.basename(ctx.path) == fname):
        fname = base.replace("_test.go", f"{i}_test.go")
        i += 1
    return name, NewFile(fname, _helper_source(pkg, name, register))


def _golden_names(ctx: FileContext, fn: FuncInfo, helper: str) -> list[str]:
    """Free golden-file names for the function's literals, in order: TestX, TestX_2, TestX_3..."""
    used = set(re.findall(rf'\b{helper}\([^,]+,\s*"([^"]+)"'.encode(), ctx.src))
    used_s = {u.decode() for u in used}
    d = ctx.directory
    out: list[str] = []
    i = 1
    while len(out) < 50:
        name = fn.name if i == 1 else f"{fn.name}_{i}"
        i += 1
        if name in used_s or (
            d is not None and os.path.exists(os.path.join(d, "testdata", name + ".golden"))
        ):
            continue
        out.append(name)
    return out


def _fixable(ctx: FileContext, fn: FuncInfo, c: _Candidate) -> bool:
    if fn.kind != "test" or not ctx.go_at_least(18) or c.other is None:
        return False
    if c.lit != _unwrap(c.compared) and c.var is None:
        return False
    if c.var is not None and c.compared.type != "identifier":
        return False
    if not _readable_twice(c.other):
        return False
    binding = ctx.testing_binding(c.lit)
    if binding is None or literal_value(c.lit) is None or not _utf8(c.lit):
        return False
    # The rewrite must be possible here (the output declared where the read can go).
    return _edits_for(ctx, fn, c, _HELPER_NAMES[0], fn.name) is not None


def _utf8(lit: Node) -> bool:
    v = literal_value(lit)
    try:
        (v or b"").decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _declared_before(name: str, at: Node) -> bool:
    """Whether `name` is declared in a statement that precedes `at` in one of its enclosing blocks, or is a
    parameter: in scope where `at` is."""
    return is_shadowed(name, at)


def _edits_for(ctx: FileContext, fn: FuncInfo, c: _Candidate, helper: str, gname: str) -> list[Edit] | None:
    binding = ctx.testing_binding(c.lit)
    if binding is None or c.other is None:
        return None
    call = f'{helper}({binding.name}, "{gname}", {text(c.other)})'
    if c.var is None:
        return [Edit(c.lit.start_byte, c.lit.end_byte, call)]
    stmt, name = c.var
    other = c.other
    # `want := lit` before the output exists: the read moves to just after the output's declaration.
    needs = [n for n in walk(other) if n.type == "identifier"]
    if all(_declared_before(text(n), stmt) for n in needs[:1]):
        return [Edit(c.lit.start_byte, c.lit.end_byte, call)]
    if stmt.type != "short_var_declaration" or stmt.parent is None:
        return None
    root = needs[0] if needs else None
    if root is None:
        return None
    decl = next(
        (
            s
            for s in statements(stmt.parent.parent if stmt.parent.type == "statement_list" else stmt.parent)
            if s.start_byte > stmt.end_byte and text(root) in declared_names(s)
        ),
        None,
    )
    if decl is None:
        return None
    # The variable must not be read between its old place and its new one.
    if any(
        n.type == "identifier" and text(n) == text(name) and stmt.end_byte <= n.start_byte < decl.end_byte
        for n in walk(stmt.parent)
    ):
        return None
    ind = indent_of(ctx.src, decl)
    return [
        delete_statement(ctx.src, stmt),
        Edit(decl.end_byte, decl.end_byte, f"\n{ind}{text(name)} := {call}"),
    ]


def _lazy(ctx: FileContext, finding: Finding) -> tuple[tuple[Edit, ...], tuple[NewFile, ...]]:
    fn = next((f for f in ctx.functions if f.node.start_byte <= finding.start < f.node.end_byte), None)
    if fn is None:
        return (), ()
    plan = _helper_plan(ctx)
    if plan is None:
        return (), ()
    helper, helper_file = plan
    cands = [c for c in _candidates(ctx, fn.node) if _fixable(ctx, fn, c)]
    names = _golden_names(ctx, fn, helper)
    for i, c in enumerate(cands):
        if c.start != finding.start or i >= len(names):
            continue
        edits = _edits_for(ctx, fn, c, helper, names[i])
        if edits is None or disturbs_comment_alignment(ctx, edits):
            return (), ()
        value = (literal_value(c.lit) or b"").decode("utf-8")
        files = [NewFile(f"testdata/{names[i]}.golden", value)]
        if helper_file is not None:
            files.append(helper_file)
        return tuple(edits), tuple(files)
    return (), ()


_LONG_STRING = re.compile(rb'"[^"\n]{500}')


@rule(
    code="HAB008",
    name="golden-candidate",
    severity=Severity.HINT,
    summary="A long expected string literal that belongs in a golden file.",
    fix="refactor",
)
def check(ctx: FileContext, fn: FuncInfo) -> Iterator[Finding]:
    if not in_test_code(ctx, fn) or fn.body is None:
        return
    # A long literal is a raw string, one with `\n` escapes, or a one-line string of 500+ bytes.
    body = ctx.src[fn.body.start_byte : fn.body.end_byte]
    if b"`" not in body and b"\\n" not in body and _LONG_STRING.search(body) is None:
        return
    for c in _candidates(ctx, fn.node):
        v = literal_value(c.lit) or b""
        lines = len(v.splitlines())
        size = f"{lines} lines" if lines >= _MIN_LINES else f"{len(v)} bytes"
        fixes = []
        if _fixable(ctx, fn, c):
            fixes.append(Fix(f"Move the expected value to testdata/{fn.name}.golden", "refactor", lazy=_lazy))
        msg = (
            f"a {size} expected value written into the test hides its logic and must be re-edited by hand "
            f"on every intended change; keep it in testdata/{fn.name}.golden, rewritten by go test -update"
        )
        yield check.finding(c.start, c.end, msg, fixes)
