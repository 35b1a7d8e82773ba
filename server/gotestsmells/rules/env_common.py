"""What the environment-fidelity rules (ENV001-ENV004) share: containers started through testcontainers-go
or dockertest, the package's other test files, and the questions "does this test skip itself?".

Everything is syntactic and errs toward "don't know" (a missed finding over a false one).
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass

from tree_sitter import Node

from ..analysis.context import FileContext
from ..gomod import GoMod, GoModCache
from ..parsing import arguments, call_name, captures, parse, text, walk
from .nodefind import is_package_call
from .textscan import pkg_calls, testing_calls

TESTCONTAINERS = "github.com/testcontainers/testcontainers-go"
TC_MODULES = TESTCONTAINERS + "/modules/"
TC_COMPOSE = TESTCONTAINERS + "/modules/compose"
DOCKERTEST = ("github.com/ory/dockertest/v3", "github.com/ory/dockertest")

# dockertest's Pool methods that create a container; Run has three arguments (repository, tag, env),
# which tells it from t.Run and errgroup-style Run methods.
_DOCKERTEST_STARTS = frozenset(
    {"Run", "RunWithOptions", "BuildAndRun", "BuildAndRunWithOptions", "BuildAndRunWithBuildOptions"}
)
_SELECTOR_CALLS = """
(call_expression function: (selector_expression operand: (_) @recv field: (field_identifier) @fn)) @call
"""
_KEYED = "(keyed_element) @kv"


def is_container_library(mod: GoMod | None) -> bool:
    """testcontainers-go and dockertest test themselves with containers, test by test: that is their job."""
    if mod is None or not mod.module:
        return False
    return any(
        mod.module == p or mod.module.startswith(p + "/") for p in (TESTCONTAINERS, *DOCKERTEST)
    ) or mod.module.startswith("github.com/ory/dockertest")


def package_name(root: Node) -> str | None:
    for n in root.children:
        if n.type == "package_clause":
            ident = next((c for c in n.named_children if c.type == "package_identifier"), None)
            return text(ident) if ident is not None else None
    return None


def package_clause(root: Node) -> Node | None:
    return next((n for n in root.children if n.type == "package_clause"), None)


def dockertest_imported(ctx: FileContext) -> bool:
    return any(ctx.local_name(p) is not None for p in DOCKERTEST)


# -- container starts ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Start:
    """A call that starts a container, and what it starts: `image` is the text that names it at the call
    (`"postgres:16-alpine"`, a constant, or the module's path when the call does not name it), the key
    ENV004 groups starts by."""

    call: Node
    image: str
    module: str = ""  # testcontainers module path, when started through one
    # The rest of the configuration, whitespace-free (options, env, ports, the request literal): two
    # tests starting the same image with other options may need that difference (an init script, a
    # config file under test), so ENV004 groups starts by image and configuration.
    config: str = ""

    @property
    def label(self) -> str:
        """`postgres:16-alpine`, the constant naming it (`nginxAlpineImage`), or the module's name when the
        call does not name the image; "" when nothing says what it is."""
        s = self.image.strip()
        if len(s) >= 2 and s[0] in '"`' and s[-1] == s[0]:
            return s[1:-1]
        if self.module and s == self.module:
            return self.module.rsplit("/", 1)[-1]
        if s and s != "?" and len(s) <= 60:
            return s
        return self.module.rsplit("/", 1)[-1] if self.module else ""

    @property
    def phrase(self) -> str:
        """`a container (postgres:16-alpine)` or `a Docker container`."""
        return f"a container ({self.label})" if self.label else "a Docker container"


def _keyed_value(node: Node, key: str) -> str | None:
    """The value text of the first `key: value` element under `node`."""
    for kv in captures(_KEYED, node).get("kv", []):
        kids = kv.named_children
        if len(kids) == 2 and text(kids[0]) == key:
            return text(kids[1])
    return None


def _top_function(node: Node) -> Node:
    cur = node
    while cur.parent is not None and cur.parent.type != "source_file":
        cur = cur.parent
    return cur


_TRAILING_COMMA = re.compile(r",([}\])])")


def _squash(nodes: list[Node]) -> str:
    """The nodes' tokens without comments, whitespace or the trailing commas gofmt adds to multi-line
    literals: one and the same configuration however it is laid out."""
    out = []
    for n in nodes:
        leaves = [text(x) for x in walk(n) if x.child_count == 0 and x.type != "comment"]
        out.append(_TRAILING_COMMA.sub(r"\1", "".join("".join(leaves).split())))
    return "\x00".join(out)


def _request_literal(call: Node, arg: Node | None, key: str) -> str:
    """The whitespace-free text of the composite literal holding the request's `Image:` (or
    `Repository:`) element: the whole configuration of a GenericContainer/RunWithOptions start."""
    if arg is None:
        return ""
    scope = arg if arg.type != "identifier" else _top_function(call)
    for kv in captures(_KEYED, scope).get("kv", []):
        kids = kv.named_children
        if len(kids) == 2 and text(kids[0]) == key:
            lit = kv.parent.parent if kv.parent is not None else None
            return _squash([lit]) if lit is not None else ""
    return _squash([arg])


def _image_of_request(call: Node, arg: Node | None, key: str) -> str | None:
    """The `Image:` (or `Repository:`) of a request literal passed to a start call, looked up in the
    argument itself or, when the argument is a variable, in the function around the call."""
    if arg is None:
        return None
    found = _keyed_value(arg, key)
    if found is None and arg.type == "identifier":
        found = _keyed_value(_top_function(call), key)
    return found


def _repo_tag(repo: str, tag: str | None) -> str:
    """dockertest's repository and tag as one image: `"postgres:16"` when both are literals."""
    if tag is None or tag in ('""', "``"):
        return repo
    if repo[:1] == '"' and repo[-1:] == '"' and tag[:1] == '"' and tag[-1:] == '"':
        return f"{repo[:-1]}:{tag[1:]}"
    return f"{repo}:{tag}"


def container_starts(ctx: FileContext, node: Node) -> Iterator[Start]:
    """Calls under `node` that create and start a container."""
    if ctx.local_name(TESTCONTAINERS) is not None:
        for call in pkg_calls(ctx, node, TESTCONTAINERS, ("GenericContainer", "Run")):
            args = arguments(call)
            cn = call_name(call)
            if cn is not None and cn[1] == "Run":
                yield Start(call, text(args[1]) if len(args) > 1 else "?", config=_squash(args[2:]))
            else:
                req = args[1] if len(args) > 1 else None
                img = _image_of_request(call, req, "Image")
                yield Start(call, img or "?", config=_request_literal(call, req, "Image"))
    for imp in ctx.imports:
        if not imp.path.startswith(TC_MODULES) or imp.path.startswith(TC_COMPOSE):
            continue
        for call in pkg_calls(ctx, node, imp.path, ("Run", "RunContainer")):
            args = arguments(call)
            cn = call_name(call)
            if cn is not None and cn[1] == "Run" and len(args) > 1:
                yield Start(call, text(args[1]), imp.path, _squash(args[2:]))
            else:
                yield Start(call, imp.path, imp.path, _squash(args[1:]))
    if dockertest_imported(ctx):
        caps = captures(_SELECTOR_CALLS, node)
        for call in caps.get("call", []):
            sel = call.child_by_field_name("function")
            field = sel.child_by_field_name("field") if sel is not None else None
            op = sel.child_by_field_name("operand") if sel is not None else None
            name = text(field)
            if name not in _DOCKERTEST_STARTS or op is None:
                continue
            if op.type == "identifier" and ctx.is_testing_value(op):
                continue
            args = arguments(call)
            if name == "Run":
                if len(args) != 3:
                    continue
                yield Start(call, _repo_tag(text(args[0]), text(args[1])), config=_squash(args[2:]))
            elif name == "RunWithOptions":
                repo = _image_of_request(call, args[0] if args else None, "Repository")
                tag = _image_of_request(call, args[0] if args else None, "Tag")
                req = args[0] if args else None
                yield Start(
                    call, _repo_tag(repo or "?", tag), config=_request_literal(call, req, "Repository")
                )
            else:
                yield Start(call, text(args[0]) if args else "?", config=_squash(args[1:]))


def in_once(ctx: FileContext, node: Node, stop: Node) -> bool:
    """Inside a literal run once per package: `once.Do(func() {...})`, `sync.OnceValue(func() ...)`."""
    cur = node.parent
    while cur is not None and cur != stop:
        if cur.type == "func_literal":
            args = cur.parent
            call = args.parent if args is not None and args.type == "argument_list" else None
            if call is not None and call.type == "call_expression":
                cn = call_name(call)
                if cn is not None and cn[1] == "Do":
                    return True
                if is_package_call(ctx, call, "sync", ("OnceFunc", "OnceValue", "OnceValues")):
                    return True
        cur = cur.parent
    return False


# -- the package's other test files ----------------------------------------------------------------------


class _SiblingCache:
    """Parsed sibling files, re-read when their mtime or size changes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._data: dict[str, tuple[tuple[float, int], bytes, object]] = {}

    def get(self, path: str) -> tuple[bytes, object] | None:
        try:
            st = os.stat(path)
        except OSError:
            return None
        key = (st.st_mtime, st.st_size)
        with self._lock:
            hit = self._data.get(path)
        if hit is not None and hit[0] == key:
            return hit[1], hit[2]
        try:
            with open(path, "rb") as f:
                src = f.read()
        except OSError:
            return None
        tree = parse(src)
        with self._lock:
            if len(self._data) > 5000:
                self._data.clear()
            self._data[path] = (key, src, tree)
        return src, tree


SIBLINGS = _SiblingCache()


def sibling_test_contexts(ctx: FileContext) -> list[FileContext]:
    """FileContexts of the other _test.go files in the file's directory."""
    out: list[FileContext] = []
    cache: GoModCache = ctx._gomod_cache
    for p in ctx.sibling_files(tests=True):
        got = SIBLINGS.get(p)
        if got is None:
            continue
        src, tree = got
        out.append(FileContext(p, src, tree, gomod_cache=cache))  # type: ignore[arg-type]
    return out


def same_package(ctx: FileContext, others: list[FileContext]) -> list[FileContext]:
    me = package_name(ctx.root)
    return [o for o in others if me is not None and package_name(o.root) == me]


# -- tests that skip themselves --------------------------------------------------------------------------


def skips_itself(ctx: FileContext, fn_node: Node) -> bool:
    """The function checks `testing.Short()`, calls `t.Skip*`, or calls a helper named like a skip
    (`skipIfNoDocker(t)`, `testutil.SkipIfShort(t)`, `testcontainers.SkipIfProviderIsNotHealthy(t)`).
    Any skip counts: a test that can skip itself was written with its environment in mind."""
    if pkg_calls(ctx, fn_node, "testing", ("Short",)):
        return True
    if testing_calls(ctx, fn_node, ("Skip", "Skipf", "SkipNow")):
        return True
    # Below, a called name holding "skip" in any case: none without it in the text (when the text is
    # ASCII: other letters may lower-case to ASCII ones).
    fn_text = ctx.src[fn_node.start_byte : fn_node.end_byte]
    if fn_text.isascii() and b"skip" not in fn_text.lower():
        return False
    for call in captures("(call_expression) @c", fn_node).get("c", []):
        cn = call_name(call)
        if cn is not None and "skip" in cn[1].lower():
            return True
    return False


def local_refs(fn_node: Node, names: set[str]) -> set[str]:
    """Which of the file's functions `names` a function calls or passes on (`forEachDB(t, pg)`)."""
    out: set[str] = set()
    for ident in captures("(identifier) @f", fn_node).get("f", []):
        name = text(ident)
        if name in names:
            out.add(name)
    return out


def closure(direct: dict[str, bool], calls: dict[str, set[str]]) -> dict[str, bool]:
    """Propagate a property of functions to their callers (within one file), to a fixpoint."""
    out = dict(direct)
    changed = True
    while changed:
        changed = False
        for name, callees in calls.items():
            if not out.get(name) and any(out.get(c) for c in callees):
                out[name] = True
                changed = True
    return out
