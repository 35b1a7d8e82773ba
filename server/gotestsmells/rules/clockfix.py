"""The "Inject a clock" fix (DET002, and DET001 where a synctest bubble is not possible).

The test gets a fake clock as its first statement and its wall-clock reads go through it:
`time.Now()`, `time.Since(x)`, `time.Until(x)` become `clk.Now()`, `clk.Since(x)`, `clk.Until(x)`, and a
sleep (`time.Sleep(d)`, a bare `<-time.After(d)`) becomes advancing the fake clock by `d`.  Deadlines and
timeouts (a poll loop's bound, `context.WithTimeout`, a `select` timeout) stay on the real clock: a fake
clock nobody advances would never let them expire.  Where a constructor the test calls takes a clock (found
in the package's non-test files: a parameter of a `Clock` interface the fake satisfies, or a
`func() time.Time`), the fake is passed to it.

The fake comes from `github.com/benbjohnson/clock` (`clock.NewMock()`, advanced with `Add`) when go.mod
requires it; otherwise from a small `Clock` interface with a real and a fake implementation, written once
per package into `clock_test.go` and reused when a test file of the package already declares it.

The whole computation is lazy: it reads sibling files, so it runs when the fix is applied or resolved."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from tree_sitter import Node

from ..analysis.context import FileContext
from ..analysis.functions import FuncInfo
from ..parsing import arguments, captures, parse, statements, text
from .alignment import disturbs_comment_alignment
from .base import Edit, Finding, Fix, NewFile
from .det_common import TIME, fresh_name, in_bubble, node_at, runs_in_test, sleep_sites, used_names
from .wallclock import LOGIC, analyze, compares_code_output

TITLE = "Inject a clock"
BENBJOHNSON = "github.com/benbjohnson/clock"
CLOCK_FILE_NAMES = ("clock_test.go", "fakeclock_test.go")
EXTERNAL_CLOCK_FILE_NAMES = ("clock_external_test.go", "fakeclock_external_test.go")
_OUR_NAMES = ("Clock", "realClock", "fakeClock", "fakeWaiter", "newFakeClock")

# The fake's method set, as `name(param types) results` with spaces removed: a package's own clock interface
# whose methods are all among these is satisfied by the fake.
_FAKE_METHODS = {
    "Now": "()time.Time",
    "Since": "(time.Time)time.Duration",
    "Until": "(time.Time)time.Duration",
    "After": "(time.Duration)<-chantime.Time",
    "Sleep": "(time.Duration)",
    "Advance": "(time.Duration)",
}
_MOCK_METHODS = {
    "Now": "()time.Time",
    "Since": "(time.Time)time.Duration",
    "Until": "(time.Time)time.Duration",
    "After": "(time.Duration)<-chantime.Time",
    "Sleep": "(time.Duration)",
    "Add": "(time.Duration)",
}

_INTERFACE = """\
// Clock is the time source a test injects in place of the time package, so the test decides what time it is.
type Clock interface {
	Now() time.Time
	Since(t time.Time) time.Duration
	Until(t time.Time) time.Duration
	After(d time.Duration) <-chan time.Time
	Sleep(d time.Duration)
}

// realClock is the wall clock.
type realClock struct{}

func (realClock) Now() time.Time                         { return time.Now() }
func (realClock) Since(t time.Time) time.Duration        { return time.Since(t) }
func (realClock) Until(t time.Time) time.Duration        { return time.Until(t) }
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }
func (realClock) Sleep(d time.Duration)                  { time.Sleep(d) }

"""

_FAKE = """\
// fakeClock is a Clock that moves only when the test advances it: every run sees the same times, at any
// hour of the day and under any load.
type fakeClock struct {
	mu      sync.Mutex
	now     time.Time
	waiters []fakeWaiter
}

type fakeWaiter struct {
	at time.Time
	ch chan time.Time
}

// newFakeClock starts at a fixed instant.
func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2024, time.January, 1, 12, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Since(t time.Time) time.Duration { return c.Now().Sub(t) }

func (c *fakeClock) Until(t time.Time) time.Duration { return t.Sub(c.Now()) }

// After returns a channel that receives the fake time once the clock has been advanced by d.
func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	if d <= 0 {
		ch <- c.now
		return ch
	}
	c.waiters = append(c.waiters, fakeWaiter{at: c.now.Add(d), ch: ch})
	return ch
}

// Sleep advances the clock instead of waiting.
func (c *fakeClock) Sleep(d time.Duration) { c.Advance(d) }

// Advance moves the clock forward by d and fires the After channels that are due.
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	kept := c.waiters[:0]
	for _, w := range c.waiters {
		if w.at.After(c.now) {
			kept = append(kept, w)
			continue
		}
		w.ch <- c.now
	}
	c.waiters = kept
}
"""


def clock_file(package: str, *, with_interface: bool, iface: str = "Clock") -> str:
    """The content of the package's clock file."""
    parts = [f'package {package}\n\nimport (\n\t"sync"\n\t"time"\n)\n\n']
    if with_interface:
        parts.append(_INTERFACE)
    parts.append(_FAKE)
    if with_interface:
        parts.append(f"\nvar (\n\t_ {iface} = realClock{{}}\n\t_ {iface} = (*fakeClock)(nil)\n)\n")
    elif iface:
        parts.append(f"\nvar _ {iface} = (*fakeClock)(nil)\n")
    return "".join(parts)


# -- the package around the test --------------------------------------------------------------------------


def _package_name(root: Node) -> str | None:
    for c in root.children:
        if c.type == "package_clause":
            ident = next((x for x in c.named_children if x.type == "package_identifier"), None)
            return text(ident) if ident is not None else None
    return None


@dataclass
class _Sibling:
    path: str
    package: str | None
    root: Node
    src: bytes


def _siblings(ctx: FileContext, *, tests: bool) -> list[_Sibling]:
    out = []
    for p in ctx.sibling_files(tests=tests):
        try:
            with open(p, "rb") as f:
                src = f.read()
        except OSError:
            continue
        tree = parse(src)
        out.append(_Sibling(p, _package_name(tree.root_node), tree.root_node, src))
    return out


def _top_level_names(root: Node) -> dict[str, Node]:
    """Package-level declarations: functions, types, vars and consts, by name."""
    out: dict[str, Node] = {}
    for c in root.children:
        if c.type == "function_declaration":
            n = c.child_by_field_name("name")
            if n is not None:
                out[text(n)] = c
        elif c.type == "type_declaration":
            for s in c.named_children:
                n = s.child_by_field_name("name")
                if n is not None:
                    out[text(n)] = s
        elif c.type in ("var_declaration", "const_declaration"):
            for n in captures("(var_spec name: (identifier) @n) (const_spec name: (identifier) @n)", c).get(
                "n", []
            ):
                out[text(n)] = c
    return out


def _norm(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _method_set(iface: Node) -> dict[str, str] | None:
    """`name -> (param types)results` of an interface type's methods; None when it embeds others."""
    out: dict[str, str] = {}
    for m in iface.named_children:
        if m.type == "comment":
            continue
        if m.type != "method_elem":
            return None
        name = text(m.child_by_field_name("name"))
        params = m.child_by_field_name("parameters")
        types = []
        for d in params.named_children if params is not None else []:
            if d.type == "parameter_declaration":
                t = text(d.child_by_field_name("type"))
                types.extend([t] * max(1, len(d.children_by_field_name("name"))))
            else:
                return None
        res = m.child_by_field_name("result")
        out[name] = "(" + ",".join(_norm(t) for t in types) + ")" + _norm(text(res))
    return out


@dataclass(frozen=True)
class ClockParam:
    func: str  # constructor name
    index: int  # parameter position
    nparams: int
    how: str  # "clock": pass the fake; "now": pass its Now method


def _clock_params(files: list[_Sibling], fake_methods: dict[str, str], mock: bool) -> list[ClockParam]:
    """Constructors (package-level functions) with a parameter the fake can stand for."""
    ifaces: dict[str, dict[str, str] | None] = {}
    for f in files:
        for spec in captures(
            "(type_spec name: (type_identifier) @n type: (interface_type) @i) @s", f.root
        ).get("s", []):
            n = spec.child_by_field_name("name")
            it = spec.child_by_field_name("type")
            if n is not None and it is not None:
                ifaces[text(n)] = _method_set(it)
    out: list[ClockParam] = []
    for f in files:
        bj = None
        for spec in captures("(import_spec) @s", f.root).get("s", []):
            path = text(spec.child_by_field_name("path")).strip('"`')
            if path == BENBJOHNSON:
                alias = spec.child_by_field_name("name")
                bj = text(alias) if alias is not None else "clock"
        for fd in f.root.children:
            if fd.type != "function_declaration":
                continue
            name = text(fd.child_by_field_name("name"))
            plist = fd.child_by_field_name("parameters")
            types: list[Node] = []
            for d in plist.named_children if plist is not None else []:
                if d.type == "variadic_parameter_declaration":
                    types = []
                    break
                if d.type == "parameter_declaration":
                    t = d.child_by_field_name("type")
                    if t is not None:
                        types.extend([t] * max(1, len(d.children_by_field_name("name"))))
            for i, t in enumerate(types):
                tt = _norm(text(t))
                how = None
                if tt == "functime.Time" or tt == "func()time.Time":
                    how = "now"
                elif t.type == "type_identifier" and text(t) in ifaces:
                    ms = ifaces[text(t)]
                    if ms is not None and ms and all(fake_methods.get(k) == v for k, v in ms.items()):
                        how = "clock"
                elif mock and bj is not None and tt == f"{bj}.Clock":
                    how = "clock"
                if how is not None:
                    out.append(ClockParam(name, i, len(types), how))
    return out


def _import_path_of_dir(ctx: FileContext) -> str | None:
    gm = ctx.gomod
    d = ctx.directory
    if gm is None or d is None or not gm.module:
        return None
    rel = os.path.relpath(d, gm.root)
    if rel.startswith(".."):
        return None
    return gm.module if rel == "." else gm.module + "/" + rel.replace(os.sep, "/")


# -- the edits --------------------------------------------------------------------------------------------


def _first_statement_insert(src: bytes, body: Node, line: str) -> Edit | None:
    """Insert `line` as the body's first statement, indented like the body's statements."""
    stmts = statements(body)
    open_brace = body.start_byte
    nl = src.find(b"\n", open_brace)
    if nl < 0 or nl >= body.end_byte - 1:
        return None  # a one-line body
    first = body.named_children[0] if body.named_children else None
    if first is not None and first.type == "statement_list" and first.named_children:
        first = first.named_children[0]
    if stmts:
        ls = src.rfind(b"\n", 0, stmts[0].start_byte) + 1
        indent = src[ls : stmts[0].start_byte].decode()
        if indent.strip():
            return None
    else:
        ls = src.rfind(b"\n", 0, body.end_byte - 1) + 1
        indent = src[ls : body.end_byte - 1].decode() + "\t"
    # Comments at the top of the body stay above the new statement.
    at = nl + 1
    if first is not None and first.type == "comment" and stmts:
        at = src.rfind(b"\n", 0, stmts[0].start_byte) + 1
    return Edit(at, at, f"{indent}{line}\n")


def lazy_edits(ctx: FileContext, finding: Finding) -> tuple[tuple[Edit, ...], tuple[NewFile, ...]]:
    node = node_at(ctx, finding.start, ("call_expression", "unary_expression"))
    if node is None:
        return (), ()
    fn = ctx.function_at(node)
    if fn is None or fn.kind != "test" or fn.body is None:
        return (), ()
    return plan(ctx, fn)


def plan(ctx: FileContext, fn: FuncInfo) -> tuple[tuple[Edit, ...], tuple[NewFile, ...]]:
    src = ctx.src
    stop = fn.node
    body = fn.body
    if body is None:
        return (), ()
    gm = ctx.gomod
    mock = gm is not None and gm.requires_module(BENBJOHNSON)
    clk = fresh_name(fn.node, ("clk", "fakeClk", "clk2"))
    if clk is None:
        return (), ()
    edits: list[Edit] = []
    flow = analyze(ctx, fn)
    for i, s in enumerate(flow.sources):
        if flow.deadline_only(i):
            continue
        f = s.call.child_by_field_name("function")
        if f is None:
            continue
        name = text(f.child_by_field_name("field")) if f.type == "selector_expression" else text(f)
        edits.append(Edit(f.start_byte, f.end_byte, f"{clk}.{name}"))
    advance = "Add" if mock else "Advance"
    for site in sleep_sites(ctx, fn.node):
        if not runs_in_test(ctx, site, stop) or in_bubble(ctx, site):
            continue
        if site.type == "call_expression":
            f = site.child_by_field_name("function")
            if f is not None:
                edits.append(Edit(f.start_byte, f.end_byte, f"{clk}.{advance}"))
        else:
            call = site.child_by_field_name("operand")
            f = call.child_by_field_name("function") if call is not None else None
            if f is not None:
                edits.append(Edit(site.start_byte, f.end_byte, f"{clk}.{advance}"))
    if not edits:
        return (), ()

    new_files: tuple[NewFile, ...] = ()
    fake_methods = _MOCK_METHODS if mock else _FAKE_METHODS
    pkg = _package_name(ctx.root)
    if pkg is None:
        return (), ()
    if mock:
        local = ctx.local_name(BENBJOHNSON)
        if local == "." or (local is None and "clock" in used_names(fn.node)):
            return (), ()
        ctor = f"{local or 'clock'}.NewMock()"
    else:
        ctor = "newFakeClock()"
        tests = [s for s in _siblings(ctx, tests=True) if s.package == pkg]
        have = any(
            "newFakeClock" in _top_level_names(s.root) and "fakeClock" in _top_level_names(s.root)
            for s in tests
        )
        mine = _top_level_names(ctx.root)
        if any(n in mine for n in _OUR_NAMES):
            return (), ()
        if not have:
            taken: set[str] = set()
            for sib in tests:
                taken |= set(_top_level_names(sib.root))
            same_pkg_code = [sib for sib in _siblings(ctx, tests=False) if sib.package == pkg]
            code_names: dict[str, Node] = {}
            for sib in same_pkg_code:
                code_names.update(_top_level_names(sib.root))
            if any(n in taken for n in _OUR_NAMES) or any(n in code_names for n in _OUR_NAMES[1:]):
                return (), ()
            with_iface = "Clock" not in code_names
            iface = "Clock"
            if not with_iface:
                # The package has a Clock of its own: the fake must satisfy it (checked at compile time).
                spec = code_names["Clock"]
                it = spec.child_by_field_name("type")
                ms = _method_set(it) if it is not None and it.type == "interface_type" else None
                if ms is None or not all(_FAKE_METHODS.get(k) == v for k, v in ms.items()):
                    iface = ""
            existing = {os.path.basename(p) for p in ctx.sibling_files()}
            existing.add(os.path.basename(ctx.path or ""))
            # An external test package (`foo_test`) gets a file of its own name, so the two packages of one
            # folder never race for the same file in one run.
            names = EXTERNAL_CLOCK_FILE_NAMES if pkg.endswith("_test") else CLOCK_FILE_NAMES
            fname = next((n for n in names if n not in existing), None)
            if fname is None:
                return (), ()
            new_files = (NewFile(fname, clock_file(pkg, with_interface=with_iface, iface=iface)),)

    # Constructors that take a clock: hand them the fake.
    code = _siblings(ctx, tests=False)
    internal = [s for s in code if s.package == pkg]
    qualifier = ""
    files = internal
    if not internal and pkg.endswith("_test"):
        ip = _import_path_of_dir(ctx)
        local = ctx.local_name(ip) if ip is not None else None
        if local is not None and local != ".":
            qualifier = local
            files = [s for s in code if s.package == pkg.removesuffix("_test")]
    params = _clock_params(files, fake_methods, mock) if files else []
    by_name = {p.func: p for p in params}
    if by_name:
        local_names = _declared_in(fn.node)
        for call in captures("(call_expression) @c", fn.node).get("c", []):
            f = call.child_by_field_name("function")
            if f is None:
                continue
            if qualifier:
                if f.type != "selector_expression" or text(f.child_by_field_name("operand")) != qualifier:
                    continue
                name = text(f.child_by_field_name("field"))
            else:
                if f.type != "identifier":
                    continue
                name = text(f)
            p = by_name.get(name)
            if p is None or not runs_in_test(ctx, call, stop):
                continue
            args = arguments(call)
            if len(args) != p.nparams:
                continue
            a = args[p.index]
            if a.type == "identifier" and text(a) in local_names:
                continue  # the test already made a clock of its own
            new = clk if p.how == "clock" else f"{clk}.Now"
            if any(e.start < a.end_byte and a.start_byte < e.end for e in edits):
                edits = [e for e in edits if not (a.start_byte <= e.start and e.end <= a.end_byte)]
            edits.append(Edit(a.start_byte, a.end_byte, new))

    ins = _first_statement_insert(src, body, f"{clk} := {ctor}")
    if ins is None:
        return (), ()
    edits.append(ins)
    if disturbs_comment_alignment(ctx, edits):
        return (), ()  # gofmt would realign trailing comments: withheld rather than left unformatted
    return tuple(sorted(edits, key=lambda e: (e.start, e.end))), new_files


def _declared_in(node: Node) -> set[str]:
    out: set[str] = set()
    for n in captures(
        "(short_var_declaration left: (expression_list (identifier) @n)) (var_spec name: (identifier) @n)",
        node,
    ).get("n", []):
        out.add(text(n))
    return out


_CLOCKISH = re.compile(r"[Cc]lock")


def hands_clock(ctx: FileContext, node: Node) -> bool:
    """Whether the test hands a clock to the code under test: an argument `time.Now` (the function value)
    or an expression naming a clock (`realClock{}`, `clock.New()`, `opts.Clock`)."""
    for args in captures("(argument_list) @a", node).get("a", []):
        for a in args.named_children:
            t = text(a)
            if _CLOCKISH.search(t):
                return True
            op = a.child_by_field_name("operand") if a.type == "selector_expression" else None
            if (
                op is not None
                and ctx.refers_to_import(op, TIME)
                and text(a.child_by_field_name("field")) == "Now"
            ):
                return True
    return False


def clock_fix_fits(ctx: FileContext, fn: FuncInfo, io_free: bool) -> bool:
    """Whether injecting a clock keeps the test meaningful.  Not where the test talks to real servers (its
    sleeps wait for them), nor where the code under test reads its own clock and the test does not hand it
    one: an expectation computed beside it (`before <= got <= after`) or a measure of how long real work
    took (no sleep in the test) would break or become vacuous on a fake clock."""
    if not io_free or fn.body is None:
        return False
    if hands_clock(ctx, fn.body):
        return True
    flow = analyze(ctx, fn)
    sleeps = any(runs_in_test(ctx, s, fn.node) for s in sleep_sites(ctx, fn.node))
    live = [s for i, s in enumerate(flow.sources) if not flow.deadline_only(i)]
    if not live:
        return False
    for s in live:
        if not s.uses & LOGIC:
            continue
        if s.kind != "Now" and not sleeps:
            return False  # an elapsed time around real work would read zero on a fake clock
        # Checked against what the code under test computed from its own clock (not from a time the test
        # handed it): that side stays on the real clock, so the check would break.
        if any(compares_code_output(ctx, c, fn, flow.tainted) for c in s.checks):
            return False
    return True


def add_imports(ctx: FileContext) -> tuple[tuple[str, str | None], ...]:
    gm = ctx.gomod
    if gm is not None and gm.requires_module(BENBJOHNSON) and ctx.local_name(BENBJOHNSON) is None:
        return ((BENBJOHNSON, None),)
    return ()


def clock_fix(ctx: FileContext, title: str = TITLE) -> Fix:
    """The fix object: imports are known up front (go.mod decides), the edits are computed lazily."""
    return Fix(title, "refactor", add_imports=add_imports(ctx), prune_imports=(TIME,), lazy=lazy_edits)
