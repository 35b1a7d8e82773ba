"""DET004 global-rand: package-level `math/rand` calls or a clock-seeded source: failures nobody can replay.

## What it does
Flags package-level `math/rand` and `math/rand/v2` calls in test code (`rand.Intn`, `rand.Float64`,
`rand.Shuffle`, `rand.Perm`, `rand.Seed`, `rand.IntN`, `rand.N`, ...), under any import alias or a dot
import, and a source seeded from the clock (`rand.NewSource(time.Now().UnixNano())`,
`rand.NewPCG(uint64(time.Now().UnixNano()), 0)`).

## Why is this bad?
The global generator is seeded randomly at start-up (Go 1.20+), or from the clock by hand: every run draws
different numbers.  When a test fails on one draw, nobody can replay that draw to debug it, and `-count`
runs do not even test the same inputs.  A generator with a fixed seed that the test logs gives the same
numbers every run, and a failure can be replayed by reading the seed from the log.

## Example
```go
func TestShuffle(t *testing.T) {
        xs := rand.Perm(100)
        ...
}
```

## Use instead
```go
func TestShuffle(t *testing.T) {
        seed := int64(1)
        t.Logf("math/rand seed: %d", seed)
        rng := rand.New(rand.NewSource(seed))
        xs := rng.Perm(100)
        ...
}
```

Not flagged: `rand.New(rand.NewSource(<constant>))`, `rand.New(rand.NewPCG(<constants>))` and methods on
such a generator, sources seeded from a variable, `crypto/rand`, and code outside tests.

## Fix (refactor): Use a seeded generator
Adds `seed`, a `t.Logf` of it and `rng := rand.New(rand.NewSource(seed))` (v2:
`rand.New(rand.NewPCG(seed, seed))`) at the top of the test, rewrites its package-level calls to `rng.`,
drops a `rand.Seed(...)` statement, and seeds a clock-seeded source with `seed`.  Not offered when a call
runs in a goroutine, a callback or a parallel subtest (a shared generator would be a data race), or for a
function `*rand.Rand` lacks (`rand.N`).
"""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from ..analysis.context import FileContext
from ..analysis.functions import FuncInfo
from ..parsing import arguments, text
from .alignment import disturbs_comment_alignment
from .base import Edit, Finding, Fix, Severity, rule
from .common import binding_chain, calls_parallel, delete_statement
from .det_common import TIME, det_scope, fresh_name, in_bubble, runs_in_test
from .textscan import all_pkg_calls, pkg_calls

V1 = "math/rand"
V2 = "math/rand/v2"
_CONSTRUCTORS = frozenset({"New", "NewSource", "NewZipf", "NewPCG", "NewChaCha8"})
_SOURCES = frozenset({"NewSource", "NewPCG", "NewChaCha8"})
# Package functions that *rand.Rand has as methods too (so `rand.X(...)` becomes `rng.X(...)`).
_METHODS = {
    V1: frozenset(
        {
            "ExpFloat64",
            "Float32",
            "Float64",
            "Int",
            "Int31",
            "Int31n",
            "Int63",
            "Int63n",
            "Intn",
            "NormFloat64",
            "Perm",
            "Read",
            "Shuffle",
            "Uint32",
            "Uint64",
        }
    ),
    V2: frozenset(
        {
            "ExpFloat64",
            "Float32",
            "Float64",
            "Int",
            "Int32",
            "Int32N",
            "Int64",
            "Int64N",
            "IntN",
            "NormFloat64",
            "Perm",
            "Shuffle",
            "Uint32",
            "Uint32N",
            "Uint64",
            "Uint64N",
            "Uint",
            "UintN",
        }
    ),
}


def _fname(call: Node) -> str:
    f = call.child_by_field_name("function")
    if f is None:
        return ""
    if f.type == "selector_expression":
        return text(f.child_by_field_name("field"))
    return text(f)


def _clock_seeded(ctx: FileContext, call: Node) -> bool:
    return any(pkg_calls(ctx, a, TIME, ("Now",)) for a in arguments(call))


def _shared_safely(ctx: FileContext, call: Node, fn: FuncInfo) -> bool:
    """Whether a generator declared at the top of `fn` may serve this call: it runs in the test's own
    goroutine (not in a goroutine, a callback or a parallel subtest)."""
    if not runs_in_test(ctx, call, fn.node, goroutines=False):
        return False
    return not any(calls_parallel(ctx, b) for b in binding_chain(ctx, call) if b.func_node != fn.node)


@rule(
    needles=(b"rand", b"Intn", b"Float64", b"Perm", b"Shuffle", b"Int63", b"IntN", b"Seed"),
    code="DET004",
    name="global-rand",
    severity=Severity.WARNING,
    summary="Package-level `math/rand` calls or a clock-seeded source: failures that cannot be replayed.",
    fix="refactor",
)
def check(ctx: FileContext, fn: FuncInfo) -> Iterator[Finding]:
    if not det_scope(ctx, fn):
        return
    for path in (V1, V2):
        local = ctx.local_name(path)
        if local is None:
            continue
        found: list[tuple[Node, bool]] = []  # (call, clock-seeded source)
        for call in all_pkg_calls(ctx, fn.node, path):
            if in_bubble(ctx, call):
                continue
            name = _fname(call)
            if name in _CONSTRUCTORS:
                if name in _SOURCES and _clock_seeded(ctx, call):
                    found.append((call, True))
                continue
            found.append((call, False))
        if not found:
            continue
        fix = _fix(ctx, fn, path, local, found)
        for call, seeded in found:
            name = _fname(call)
            shown = f"{local}.{name}" if local != "." else name
            if seeded:
                msg = (
                    f"{shown} seeded from the clock gives every run different numbers, so a failure cannot "
                    "be replayed; use a seeded generator with a fixed seed the test logs"
                )
            else:
                msg = (
                    f"{shown} draws from the global generator, so every run gets different numbers and a "
                    "failure cannot be replayed; use a seeded generator"
                )
            yield check.finding(call.start_byte, call.end_byte, msg, [fix] if fix is not None else [])


def _fix(ctx: FileContext, fn: FuncInfo, path: str, local: str, found: list[tuple[Node, bool]]) -> Fix | None:
    body = fn.body
    if body is None or fn.tparam is None:
        return None
    src = ctx.src
    q = "" if local == "." else f"{local}."
    rng = fresh_name(fn.node, ("rng", "rnd", "seededRand"))
    seed = fresh_name(fn.node, ("seed", "randSeed", "rngSeed"))
    if rng is None or seed is None:
        return None
    edits: list[Edit] = []
    uses_rng = False
    for call, seeded in found:
        if not _shared_safely(ctx, call, fn):
            return None
        name = _fname(call)
        f = call.child_by_field_name("function")
        if f is None:
            return None
        if seeded:
            for a in arguments(call):
                if pkg_calls(ctx, a, TIME, ("Now",)):
                    edits.append(Edit(a.start_byte, a.end_byte, seed))
            continue
        if name == "Seed" and path == V1:
            stmt = call.parent
            if stmt is None or stmt.type != "expression_statement":
                return None
            edits.append(delete_statement(src, stmt))
            continue
        if name not in _METHODS[path]:
            return None
        uses_rng = True
        if f.type == "selector_expression":
            op = f.child_by_field_name("operand")
            if op is None:
                return None
            edits.append(Edit(op.start_byte, op.end_byte, rng))
        else:
            edits.append(Edit(f.start_byte, f.start_byte, f"{rng}."))
    # Nested calls (`rand.Intn(rand.Intn(5)+1)`) give edits inside each other's ranges only when a seeded
    # source holds a package call: keep the outer edit.
    edits = _drop_nested(edits)
    ind = _body_indent(src, body)
    if ind is None:
        return None
    if path == V1:
        decl = [f"{seed} := int64(1)"]
        ctor = f"{rng} := {q}New({q}NewSource({seed}))"
    else:
        decl = [f"{seed} := uint64(1)"]
        ctor = f"{rng} := {q}New({q}NewPCG({seed}, {seed}))"
    lines = [*decl, f'{fn.tparam}.Logf("{path} seed: %d", {seed})']
    if uses_rng:
        lines.append(ctor)
    at, indent = ind
    edits.append(Edit(at, at, "".join(f"{indent}{ln}\n" for ln in lines)))
    if disturbs_comment_alignment(ctx, edits):
        return None  # gofmt would realign trailing comments: not offered rather than left unformatted
    return Fix("Use a seeded generator", "refactor", tuple(edits), prune_imports=(TIME,))


def _drop_nested(edits: list[Edit]) -> list[Edit]:
    out: list[Edit] = []
    for e in sorted(edits, key=lambda e: (e.start, -(e.end - e.start))):
        if out and e.start < out[-1].end and e.end <= out[-1].end and out[-1].end > out[-1].start:
            continue
        out.append(e)
    return out


def _body_indent(src: bytes, body: Node) -> tuple[int, str] | None:
    """Where a first statement goes in a multi-line body, and its indentation."""
    nl = src.find(b"\n", body.start_byte, body.end_byte)
    if nl < 0:
        return None
    first = next((c for c in body.named_children), None)
    if first is not None and first.type == "statement_list":
        first = next((c for c in first.named_children), None)
    if first is None:
        ls = src.rfind(b"\n", 0, body.end_byte - 1) + 1
        return nl + 1, src[ls : body.end_byte - 1].decode() + "\t"
    ls = src.rfind(b"\n", 0, first.start_byte) + 1
    indent = src[ls : first.start_byte]
    if indent.strip():
        return None
    return nl + 1, indent.decode()
