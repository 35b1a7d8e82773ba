"""The structural fingerprint of a piece of Go code, with holes where a constant-like value stands.

Two pieces of code whose fingerprints are equal differ only inside their holes, and their holes line up
one to one (the i-th hole of one stands where the i-th hole of the other does).  A hole is the largest
constant-like expression in a value position:

- literals (`7`, `2.5`, `'x'`, `"seven"`, raw strings, `true`, `false`, `nil`), with a sign (`-1`);
- package-level names used as values (`defaultTimeout`, `ModeFast`) and `pkg.Name` of an import
  (`time.Second`, `http.StatusOK`), never a name the function declares itself;
- arithmetic, comparisons and parentheses over those (`3 * time.Second`), and conversions to a builtin
  type or `time.Duration` (`int64(5)`).

Not holes: anything in a type or a const declaration (an array length, a struct tag), struct field keys,
the operand of `&`, called functions, selector operands (`cfg.Timeout`), and names the function declares.
Everything is computed with explicit stacks: no recursion over the tree.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import dataclass

from tree_sitter import Node

from ..analysis.scopes import declared_names, param_names
from ..parsing import captures, text

LITERALS = frozenset(
    {
        "int_literal",
        "float_literal",
        "imaginary_literal",
        "rune_literal",
        "interpreted_string_literal",
        "raw_string_literal",
        "true",
        "false",
        "nil",
    }
)

# Subtrees where a literal is part of the structure, never a value we may move into a table.
STRUCTURAL = frozenset(
    {
        "array_type",
        "slice_type",
        "map_type",
        "struct_type",
        "interface_type",
        "pointer_type",
        "function_type",
        "channel_type",
        "qualified_type",
        "type_identifier",
        "generic_type",
        "parameter_list",
        "type_declaration",
        "const_declaration",
        "field_declaration_list",
        "type_arguments",
        "implicit_length_array_type",
        "type_parameter_list",
        "type_case",
        "label_name",
    }
)

BUILTIN_FUNCS = frozenset(
    {
        "append",
        "cap",
        "clear",
        "close",
        "complex",
        "copy",
        "delete",
        "imag",
        "len",
        "make",
        "max",
        "min",
        "new",
        "panic",
        "print",
        "println",
        "real",
        "recover",
    }
)

# Conversions `T(x)` that keep a constant constant: lifting `int64(5)` whole keeps its type with it.
CONVERSION_TYPES = frozenset(
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
        "float32",
        "float64",
        "byte",
        "rune",
        "string",
        "bool",
        "complex64",
        "complex128",
    }
)

_UNARY_CONST_OPS = frozenset({"-", "+", "^", "!"})


_DECLARING = (
    "[(short_var_declaration) (var_declaration) (const_declaration) (type_declaration) (func_literal)"
    " (range_clause) (type_switch_statement) (receive_statement)] @n"
)


def function_names(fn: Node) -> frozenset[str]:
    """Every name declared anywhere inside a function (parameters, results, `:=`, `var`, `const`, `type`,
    range variables, closure parameters): such a name is never a hole, since a table built before the loop
    cannot see it.  (The declaring nodes are found by a query: walking every node costs ten times more.)"""
    out: set[str] = set(param_names(fn)) if fn.type != "block" else set()
    for n in captures(_DECLARING, fn).get("n", []):
        t = n.type
        if t in ("short_var_declaration", "var_declaration", "const_declaration", "type_declaration"):
            out.update(declared_names(n))
        elif t == "func_literal":
            out.update(param_names(n))
        elif t == "range_clause":
            left = n.child_by_field_name("left")
            if left is not None:
                out.update(text(c) for c in left.named_children if c.type == "identifier")
        elif t == "type_switch_statement":
            alias = n.child_by_field_name("alias")
            if alias is not None:
                out.update(text(c) for c in alias.named_children if c.type == "identifier")
                if alias.type == "identifier":
                    out.add(text(alias))
        elif t == "receive_statement" and any(c.type == ":=" for c in n.children):
            left = n.child_by_field_name("left")
            if left is not None:
                out.update(text(c) for c in left.named_children if c.type == "identifier")
    return frozenset(out)


class ConstLike:
    """Which nodes of a subtree are constant-like, computed bottom-up once (linear time)."""

    def __init__(
        self,
        root: Node,
        locals_: frozenset[str],
        imports: frozenset[str],
        time_local: str | None,
        *,
        lift_composites: bool = True,
    ) -> None:
        self.locals = locals_
        self.imports = imports
        self.time_local = time_local
        self.lift_composites = lift_composites
        self.ok: dict[int, bool] = {}
        order: list[Node] = []
        stack = [root]
        while stack:
            n = stack.pop()
            order.append(n)
            if n.type not in LITERALS:
                stack.extend(n.children)
        for n in reversed(order):
            self.ok[n.id] = self._compute(n)

    def value_ident(self, name: str) -> bool:
        return (
            name not in self.locals
            and name not in BUILTIN_FUNCS
            and name not in self.imports
            and name not in ("_", "iota")
        )

    def import_selector(self, n: Node) -> bool:
        op = n.child_by_field_name("operand")
        return (
            op is not None
            and op.type == "identifier"
            and text(op) in self.imports
            and text(op) not in self.locals
            and n.child_by_field_name("field") is not None
        )

    def _compute(self, n: Node) -> bool:
        t = n.type
        if t in LITERALS:
            return True
        if t == "identifier":
            return self.value_ident(text(n))
        if t == "selector_expression":
            return self.import_selector(n)
        get = self.ok.get
        if t == "unary_expression":
            op = n.child_by_field_name("operator")
            operand = n.child_by_field_name("operand")
            return (
                op is not None
                and text(op) in _UNARY_CONST_OPS
                and operand is not None
                and get(operand.id, False)
            )
        if t == "binary_expression":
            left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
            return left is not None and right is not None and get(left.id, False) and get(right.id, False)
        if t == "parenthesized_expression":
            inner = [c for c in n.named_children if c.type != "comment"]
            return len(inner) == 1 and get(inner[0].id, False)
        if t == "call_expression":
            return self.conversion_arg(n) is not None
        if t == "composite_literal":
            # Data: `[]sample{{st: 0, v: 1.5}, ...}` with constant-like elements only.
            body = n.child_by_field_name("body")
            typ = n.child_by_field_name("type")
            return (
                self.lift_composites
                and typ is not None
                and typ.type != "implicit_length_array_type"
                and body is not None
                and get(body.id, False)
            )
        if t == "literal_value":
            return all(get(c.id, False) for c in n.named_children if c.type != "comment")
        if t == "literal_element":
            inner = [c for c in n.named_children if c.type != "comment"]
            return len(inner) == 1 and get(inner[0].id, False)
        if t == "keyed_element":
            key = n.child_by_field_name("key")
            value = n.child_by_field_name("value")
            if key is None or value is None or not get(value.id, False):
                return False
            kid = key.named_children[0] if key.named_children else None
            # A field name is fine whatever it is called; any other key must be constant-like itself.
            return kid is not None and (kid.type == "identifier" or get(kid.id, False))
        return False

    def conversion_arg(self, call: Node) -> Node | None:
        """The argument of a conversion `int64(x)` / `time.Duration(x)` whose argument is constant-like."""
        fn = call.child_by_field_name("function")
        args = call.child_by_field_name("arguments")
        if fn is None or args is None or call.child_by_field_name("type_arguments") is not None:
            return None
        if fn.type == "identifier":
            if text(fn) not in CONVERSION_TYPES or text(fn) in self.locals:
                return None
        elif fn.type == "selector_expression":
            op, field = fn.child_by_field_name("operand"), fn.child_by_field_name("field")
            if not (
                self.import_selector(fn)
                and text(field) == "Duration"
                and self.time_local is not None
                and text(op) == self.time_local
            ):
                return None
        else:
            return None
        named = [a for a in args.named_children if a.type != "comment"]
        if len(named) != 1 or any(c.type == "..." for c in args.children):
            return None
        return named[0] if self.ok.get(named[0].id, False) else None

    def __call__(self, n: Node) -> bool:
        return self.ok.get(n.id, False)


# Parent types whose children (named, non-comment) are all in a value position.
_VALUE_CONTAINERS = frozenset(
    {"argument_list", "parenthesized_expression", "return_statement", "binary_expression", "literal_value"}
)
# (parent type, field name) pairs that put a child in a value position.
_VALUE_FIELDS = frozenset(
    {
        ("short_var_declaration", "right"),
        ("assignment_statement", "right"),
        ("var_spec", "value"),
        ("expression_case", "value"),
        ("expression_switch_statement", "value"),
        ("send_statement", "value"),
        ("index_expression", "index"),
        ("slice_expression", "start"),
        ("slice_expression", "end"),
        ("slice_expression", "capacity"),
        ("if_statement", "condition"),
        ("for_clause", "condition"),
        ("for_statement", "condition"),
        ("type_conversion_expression", "operand"),
        ("keyed_element", "value"),
        ("range_clause", "right"),
        ("unary_expression", "operand"),
        ("binary_expression", "left"),
        ("binary_expression", "right"),
    }
)
# Containers that pass their own value position on to their children.
_PASS_THROUGH = frozenset({"expression_list", "literal_element"})

KEY = 2  # a keyed element's key: a literal there is a map key (or an index), an identifier a field name


def child_positions(parent: Node, parent_pos: int) -> list[tuple[Node, int]]:
    """Each child with its position: 0 = not a value, 1 = a value, KEY = a composite literal key."""
    out: list[tuple[Node, int]] = []
    pt = parent.type
    amp = pt == "unary_expression" and text(parent.child_by_field_name("operator")) in ("&", "<-", "*")
    for i, c in enumerate(parent.children):
        if not c.is_named or c.type == "comment":
            out.append((c, 0))
            continue
        if pt in _PASS_THROUGH:
            pos = parent_pos
        elif pt in _VALUE_CONTAINERS:
            pos = 1
        else:
            f = parent.field_name_for_child(i)
            if pt == "keyed_element" and f == "key":
                pos = KEY
            elif f is not None and (pt, f) in _VALUE_FIELDS:
                pos = 0 if amp else 1
            else:
                pos = 0
        out.append((c, pos))
    return out


_NOT_HOLES = frozenset({"literal_value", "literal_element", "keyed_element"})


def is_hole(n: Node, pos: int, const_like: ConstLike) -> bool:
    if pos == 0 or n.type in _NOT_HOLES or not const_like(n):
        return False
    if pos == KEY:
        # `{Name: ...}`: a field name, not a value.  Literal keys are map keys (or array indexes).
        return n.type in LITERALS
    return True


@dataclass(frozen=True)
class Shape:
    """A fingerprint and the byte spans (relative to `base`) of its holes, in tree order."""

    digest: bytes
    holes: tuple[tuple[int, int], ...]
    comments: tuple[str, ...]  # comment texts inside, in order: a fix must not lose differing ones


def hole_type_token(n: Node) -> str:
    """What a hole says about its own type: holes of different literal types (`Foo{}` vs `Bar{}`,
    `int64(1)` vs `int32(1)`) are a difference in structure, not in values."""
    if n.type == "composite_literal":
        return ":" + normalized(n.child_by_field_name("type") or n)
    if n.type == "call_expression":
        return ":" + normalized(n.child_by_field_name("function") or n)
    return ""


def _leaf_token(n: Node) -> str:
    return f"{n.type}\x1e{text(n)}"


def shape_of(node: Node, const_like: ConstLike, base: int, prefix: str = "") -> Shape:
    """The fingerprint of `node` (a block, a statement): its node types and leaf texts in pre-order, with
    every hole replaced by one token."""
    tokens: list[str] = [prefix]
    holes: list[tuple[int, int]] = []
    comments: list[str] = []
    first_line = node.start_point[0]
    # Stack entries: (node, position, structural) or a closing marker.
    stack: list[tuple[Node, int, bool] | None] = [(node, 0, False)]
    while stack:
        item = stack.pop()
        if item is None:
            tokens.append(")")
            continue
        n, pos, structural = item
        t = n.type
        if t == "comment":
            # A comment on the first line (`func TestX(t *testing.T) { // ...`) belongs to the member,
            # not to the shared body: the conversion moves it above the member's row.
            if n.start_point[0] != first_line:
                comments.append(text(n).strip())
            continue
        if not structural and is_hole(n, pos, const_like):
            tokens.append("\x1dH" + hole_type_token(n))
            holes.append((n.start_byte - base, n.end_byte - base))
            continue
        if n.child_count == 0 or t in LITERALS:
            if t in (";", "\n"):
                continue
            tokens.append(_leaf_token(n))
            continue
        tokens.append("(" + t)
        stack.append(None)
        kids = child_positions(n, pos)
        struct_kids = structural or t in STRUCTURAL
        for c, p in reversed(kids):
            stack.append((c, p, struct_kids or c.type in STRUCTURAL))
    h = hashlib.blake2b("\x1f".join(tokens).encode("utf-8", "surrogatepass"), digest_size=16)
    return Shape(h.digest(), tuple(holes), tuple(comments))


def normalized(node: Node) -> str:
    """Hole texts compared modulo spacing: `3*time.Second` is `3 * time.Second`."""
    parts: list[str] = []
    stack = [node]
    while stack:
        n = stack.pop()
        if n.type == "comment":
            continue
        if n.child_count == 0 or n.type in LITERALS:
            parts.append(text(n))
            continue
        stack.extend(reversed(n.children))
    return " ".join(parts)


class LRU(OrderedDict[object, object]):
    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def get_(self, key: object) -> object | None:
        v = self.get(key)
        if v is not None:
            self.move_to_end(key)
        return v

    def put(self, key: object, value: object) -> None:
        self[key] = value
        self.move_to_end(key)
        while len(self) > self.size:
            self.popitem(last=False)
