"""gofmt's spacing of binary expressions, for the constant-like values a conversion moves.

go/printer puts blanks around a binary operator depending on the precedences mixed in the expression and
on its nesting depth (`f(3*time.Second, x)` but `d: 3 * time.Second`), so a value moved from an argument
list into a table row must be re-spaced.  This is a port of printer.binaryExpr/walkBinary/cutoff for the
expressions a hole can be: literals, names, selectors, unary and binary operators, parentheses and
conversions.  Iterative where it walks the tree; the recursion here follows operator nesting in one
expression, which gofmt-clean test code keeps shallow (and `format` gives up beyond a fixed depth).
"""

from __future__ import annotations

from tree_sitter import Node

from ..parsing import text

PREC = {
    "||": 1,
    "&&": 2,
    "==": 3,
    "!=": 3,
    "<": 3,
    "<=": 3,
    ">": 3,
    ">=": 3,
    "+": 4,
    "-": 4,
    "|": 4,
    "^": 4,
    "*": 5,
    "/": 5,
    "%": 5,
    "<<": 5,
    ">>": 5,
    "&": 5,
    "&^": 5,
}
UNARY_PREC = 6
MAX_NESTING = 60


class Unformattable(Exception):
    pass


def _op(n: Node) -> str:
    return text(n.child_by_field_name("operator"))


def walk_binary(e: Node, replaced: frozenset[int] = frozenset()) -> tuple[bool, bool, int]:
    """(has4, has5, maxProblem) as go/printer computes them; nodes in `replaced` count as plain operands."""
    has4 = has5 = False
    max_problem = 0
    stack = [e]
    while stack:
        x = stack.pop()
        prec = PREC.get(_op(x), 0)
        if prec == 4:
            has4 = True
        elif prec == 5:
            has5 = True
        left, right = x.child_by_field_name("left"), x.child_by_field_name("right")
        # An operand of lower precedence would be parenthesized: gofmt does not look inside it.
        if (
            left is not None
            and left.id not in replaced
            and left.type == "binary_expression"
            and PREC.get(_op(left), 0) >= prec
        ):
            stack.append(left)
        if right is None or right.id in replaced:
            continue
        if right.type == "binary_expression" and PREC.get(_op(right), 0) > prec:
            stack.append(right)
        elif right.type == "unary_expression":
            # `a / *p`, `a & &b`, `a &^ ^b` would lex differently without a blank; `a - -b` reads badly.
            pair = _op(x) + _op(right)
            if pair in ("/*", "&&", "&^"):
                max_problem = 5
            elif pair in ("++", "--"):
                max_problem = max(max_problem, 4)
    return has4, has5, max_problem


def cutoff(e: Node, depth: int, replaced: frozenset[int] = frozenset()) -> int:
    has4, has5, max_problem = walk_binary(e, replaced)
    if max_problem > 0:
        return max_problem + 1
    if has4 and has5:
        return 5 if depth == 1 else 4
    return 6 if depth == 1 else 4


def _diff_prec(x: Node, prec: int) -> int:
    if x.type != "binary_expression" or PREC.get(_op(x), 0) != prec:
        return 1
    return 0


def _reduce_depth(depth: int) -> int:
    return max(1, depth - 1)


def format_expr(n: Node, depth: int = 1) -> str:
    """The expression as gofmt prints it at `depth` (1: a statement, a keyed composite element)."""
    return _expr1(n, 0, depth, 0)


def _expr1(n: Node, prec1: int, depth: int, nesting: int) -> str:
    if nesting > MAX_NESTING:
        raise Unformattable("too deep")
    t = n.type
    if t == "binary_expression":
        return _binary(n, cutoff(n, depth), depth, nesting)
    if t == "unary_expression":
        operand = n.child_by_field_name("operand")
        if operand is None:
            raise Unformattable("unary")
        return _op(n) + _expr1(operand, UNARY_PREC, depth, nesting + 1)
    if t == "parenthesized_expression":
        inner = [c for c in n.named_children if c.type != "comment"]
        if len(inner) != 1:
            raise Unformattable("parens")
        if inner[0].type == "parenthesized_expression":
            return _expr1(inner[0], 0, depth, nesting + 1)
        return "(" + _expr1(inner[0], 0, _reduce_depth(depth), nesting + 1) + ")"
    if t == "call_expression":
        fn = n.child_by_field_name("function")
        args = n.child_by_field_name("arguments")
        if fn is None or args is None:
            raise Unformattable("call")
        items = [a for a in args.named_children if a.type != "comment"]
        if any(c.type == "..." for c in args.children):
            raise Unformattable("spread")
        d = depth + 1 if len(items) > 1 else depth
        return (
            _expr1(fn, 7, d, nesting + 1) + "(" + ", ".join(_expr1(a, 0, d, nesting + 1) for a in items) + ")"
        )
    if t == "selector_expression":
        op = n.child_by_field_name("operand")
        field = n.child_by_field_name("field")
        if op is None or field is None:
            raise Unformattable("selector")
        return _expr1(op, 7, depth, nesting + 1) + "." + text(field)
    if b"\n" in (n.text or b""):
        raise Unformattable("multi-line")
    return text(n)


def _binary(x: Node, cut: int, depth: int, nesting: int) -> str:
    op = _op(x)
    prec = PREC.get(op, 0)
    left, right = x.child_by_field_name("left"), x.child_by_field_name("right")
    if left is None or right is None:
        raise Unformattable("binary")
    blank = prec < cut
    ls = _expr1(left, prec, depth + _diff_prec(left, prec), nesting + 1)
    rs = _expr1(right, prec + 1, depth + 1, nesting + 1)
    sep = " " if blank else ""
    return ls + sep + op + sep + rs


def spacing(
    top: Node, depth: int, replaced: frozenset[int], skip: frozenset[int] = frozenset()
) -> list[bool]:
    """Whether each binary operator under `top` (in order) gets blanks, with `replaced` nodes standing for
    plain operands and `skip` nodes left out.  Comparing this before (skip) and after (replaced) a
    replacement tells whether gofmt would re-space the enclosing expression."""
    out: list[bool] = []
    stack: list[tuple[Node, int]] = [(top, depth)]
    while stack:
        x, d = stack.pop()
        if x.type != "binary_expression" or x.id in replaced or x.id in skip:
            continue
        prec = PREC.get(_op(x), 0)
        out.append(prec < cutoff(x, d, replaced))
        left, right = x.child_by_field_name("left"), x.child_by_field_name("right")
        if right is not None:
            stack.append((right, d + 1))
        if left is not None:
            stack.append((left, d + _diff_prec(left, prec)))
    return out
