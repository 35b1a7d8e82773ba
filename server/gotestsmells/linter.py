"""The one core the CLI, the language server and the tests share: lint a file's bytes, fix it.

Function-scope rules run per top-level function and their findings are cached by the function's text and
the file-level facts they may read (imports, Go version, build constraint, helpers, go.mod): a keystroke
re-runs rules on the function it touched, not on the other thousand.  File-scope rules run every time.
"""

from __future__ import annotations

import hashlib
import logging
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import compress, repeat
from operator import is_not

from tree_sitter import Tree

from .analysis.context import FileContext
from .analysis.functions import FuncInfo, classify
from .config import CACHE as CONFIG_CACHE
from .config import ConfigCache, Settings
from .fixes import FixAllResult, fix_all
from .gomod import CACHE as GOMOD_CACHE
from .gomod import GoModCache
from .parsing import parse
from .positions import LineIndex
from .rules.base import Finding, Fix, Rule, Severity
from .suppression import may_silence, read_suppressions

log = logging.getLogger(__name__)

_FUNC_TYPES = ("function_declaration", "method_declaration")


Block = tuple[int, int, list[Finding]]  # a function's start and end, and its findings relative to its start


@dataclass
class LintResult:
    """What a lint found.  `findings` is the answer, in file order; the language server reads the same
    findings block by block (`blocks`: per function, relative to its start, the very lists the cache keeps
    from keystroke to keystroke; `file_findings`: the file-scope rules'), so an edit converts again only
    what moved, when `by_blocks` says the two readings agree (no silencing comments, no precedence across
    rule scopes)."""

    ctx: FileContext
    settings: Settings
    config_errors: tuple[str, ...] = ()
    rule_errors: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    file_findings: list[Finding] = field(default_factory=list)
    by_blocks: bool = False
    _findings: list[Finding] | None = None
    _rules: Sequence[Rule] = ()

    @property
    def findings(self) -> list[Finding]:
        if self._findings is None:
            self._findings = self._materialize()
        return self._findings

    def _materialize(self) -> list[Finding]:
        ctx = self.ctx
        findings: list[Finding] = []
        for start, _end, rel in self.blocks:
            findings.extend(f.shifted(start) for f in rel)
        findings.extend(self.file_findings)
        if not self.by_blocks:
            sup = read_suppressions(ctx.src, ctx.root, ctx.lines, ctx.function_nodes)
            if sup:
                findings = [
                    f
                    for f in findings
                    if not sup.suppressed(
                        f.code, f.start if f.anchor is None else f.anchor, ctx.lines.line_of(f.start)
                    )
                ]
            findings = _apply_precedence(findings, self._rules)
        findings.sort(key=_order)
        return findings

    def severity(self, f: Finding) -> Severity:
        from .rules import BY_CODE

        return self.settings.severity_for(BY_CODE[f.code], f.severity)


def _order(f: Finding) -> tuple[int, str, int]:
    return (f.start, f.code, f.end)


class _Entry:
    """One function's cached results: its kind and name, its findings relative to its start (sorted), and
    the file-scope rules' summaries of it."""

    __slots__ = ("inside", "kind", "name", "rel", "settled", "summaries")

    def __init__(self, kind: str, name: str) -> None:
        self.kind = kind
        self.name = name
        self.rel: list[Finding] | None = None
        self.inside = True  # every finding lies within the function
        self.settled: list[Finding] = []  # rel with precedence applied (rel itself when nothing is dropped)
        self.summaries: tuple[object, ...] | None = None


class _FileCache:
    """What the last lint of one path computed, keyed by function text.  A new lint keeps only the entries
    it used, so memory follows the file's size, and no bookkeeping runs per hit."""

    __slots__ = ("entries", "fingerprint", "testing_local")

    def __init__(self, testing_local: str | None) -> None:
        self.testing_local = testing_local
        self.fingerprint = b""
        self.entries: dict[bytes, _Entry] = {}


class Linter:
    def __init__(
        self,
        *,
        gomod_cache: GoModCache | None = None,
        config_cache: ConfigCache | None = None,
        cache_size: int = 20000,
    ) -> None:
        self.gomod_cache = gomod_cache or GOMOD_CACHE
        self.config_cache = config_cache or CONFIG_CACHE
        self._files: OrderedDict[str | None, _FileCache] = OrderedDict()
        self._max_files = max(1, cache_size // 1000)

    # -- settings ----------------------------------------------------------------------------------------

    def settings_for(
        self, path: str | None, overrides: Sequence[dict[str, object]] = (), config_file: str | None = None
    ) -> tuple[Settings, tuple[str, ...]]:
        """Config file (explicit, or the nearest one up to the module root), then `overrides` in order."""
        if config_file is not None:
            cf = self.config_cache.load(config_file)
        else:
            mod = self.gomod_cache.find_path(path) if path else None
            cf = self.config_cache.for_file(path, stop_at=mod and mod.rsplit("/", 1)[0])
        s = Settings().merged(dict(cf.fields))
        for o in overrides:
            s = s.merged(o)
        return s, cf.errors

    # -- linting -----------------------------------------------------------------------------------------

    def lint(
        self,
        path: str | None,
        src: bytes,
        settings: Settings,
        *,
        tree: Tree | None = None,
        lines: LineIndex | None = None,
        config_errors: tuple[str, ...] = (),
    ) -> LintResult:
        if tree is None:
            tree = parse(src)
        ctx = FileContext(path, src, tree, gomod_cache=self.gomod_cache, lines=lines)
        result = LintResult(ctx, settings, config_errors)
        if not ctx.is_test_file:
            result.by_blocks = True
            return result
        rules = [r for r in settings.enabled_rules() if r.wants_file(src)]
        if not rules:
            result.by_blocks = True
            return result
        result._rules = rules
        fn_rules = [r for r in rules if r.scope == "function"]
        file_rules = [r for r in rules if r.scope == "file"]
        summarizers = [r for r in file_rules if r.summarize is not None]
        # Precedence between function-scope rules is settled inside each function (findings at one byte
        # belong to one function); one that involves a file-scope rule needs the whole list.
        # (A superseded code that is not enabled reports nothing to settle.)
        fn_codes = {r.code for r in fn_rules}
        enabled = {r.code for r in rules}
        local = all(
            r.code in fn_codes and all(c in fn_codes or c not in enabled for c in r.supersedes)
            for r in rules
            if r.supersedes
        )
        result.by_blocks = local and not may_silence(src)
        if fn_rules or summarizers:
            result.blocks = self._function_findings(ctx, fn_rules, summarizers, result, result.by_blocks)
        file_findings: list[Finding] = []
        for r in file_rules:
            if r.wants(src):
                file_findings.extend(self._run(r, result, ctx))
        file_findings.sort(key=_order)
        result.file_findings = file_findings
        return result

    def _run(self, rule: Rule, result: LintResult, *args: object) -> list[Finding]:
        try:
            return list(rule.check(*args))
        except Exception as e:
            log.exception("rule %s failed on %s", rule.code, result.ctx.path)
            result.rule_errors.append(f"{rule.code}: {type(e).__name__}: {e}")
            return []

    def _file_cache(self, path: str | None, tl: str | None) -> _FileCache:
        fc = self._files.get(path)
        if fc is None or fc.testing_local != tl:
            fc = _FileCache(tl)
            self._files[path] = fc
        self._files.move_to_end(path)
        while len(self._files) > self._max_files:
            self._files.popitem(last=False)
        return fc

    def _function_findings(
        self,
        ctx: FileContext,
        rules: list[Rule],
        summarizers: list[Rule],
        result: LintResult,
        by_blocks: bool,
    ) -> list[Block]:
        """Per function, its findings relative to its start, sorted; with `by_blocks`, precedence applied
        (without, the whole list settles it after the silencing comments, as it always has)."""
        src = ctx.src
        tl = ctx.testing_local
        nodes = ctx.function_nodes
        fc = self._file_cache(ctx.path, tl)
        old = fc.entries
        new: dict[bytes, _Entry] = {}
        entries: list[_Entry] = []
        h = hashlib.blake2b(digest_size=16)
        old_get = old.get
        for n in nodes:
            t = src[n.start_byte : n.end_byte]
            e = old_get(t)
            if e is None:
                info = classify(n, tl)
                e = _Entry(info.kind, info.name)
            new[t] = e
            entries.append(e)
            if e.kind == "helper":
                h.update(t)
        # What function-scope rules may read besides their function: the fingerprint.
        gm = ctx.gomod
        h.update(
            repr(
                (
                    tl,
                    ctx.go_version,
                    ctx.constraint and ctx.constraint.expr_text,
                    ctx.directory,
                    [r.code for r in rules],
                    [r.code for r in summarizers],
                    gm and (gm.path, gm.stamp),
                )
            ).encode()
        )
        for imp in ctx.imports:
            h.update(src[imp.spec.start_byte : imp.spec.end_byte] + b"\n")
        fp = h.digest()
        if fp != fc.fingerprint:
            for e in entries:
                e.rel = None
                e.summaries = None
            fc.fingerprint = fp
        fc.entries = new
        blocks: list[Block] = []
        outside = False
        for n, e in zip(nodes, entries, strict=True):
            if e.rel is None:
                start = n.start_byte
                info = classify(n, tl)
                fn_text = src[start : n.end_byte]
                rel: list[Finding] = []
                for r in rules:
                    if r.needles and not r.wants(fn_text):
                        continue
                    for f in self._run(r, result, ctx, info):
                        rel.append(f.shifted(-start))
                rel.sort(key=_order)
                size = n.end_byte - start
                e.inside = all(f.start >= 0 and f.end <= size for f in rel)
                e.rel = rel
                e.settled = _apply_precedence(rel, rules) if len(rel) > 1 else rel
                if summarizers:
                    e.summaries = tuple(self._summarize(r, result, ctx, info) for r in summarizers)
            elif summarizers and e.summaries is None:
                info = classify(n, tl)
                e.summaries = tuple(self._summarize(r, result, ctx, info) for r in summarizers)
            if e.rel:
                blocks.append((n.start_byte, n.end_byte, e.settled if by_blocks else e.rel))
                if not e.inside:
                    outside = True
        if outside and by_blocks:
            # A finding outside its function: the blocks would not be in file order; the whole list
            # settles precedence instead.
            result.by_blocks = False
            unsettled = iter([e.rel for e in entries if e.rel])
            blocks = [(s, end, next(unsettled)) for s, end, _ in blocks]
        if summarizers:
            # Per rule, (node, summary) of the functions it summarized: built by C-level iterators (a
            # keystroke in a file of 600 functions should not pay a Python loop per function per rule).
            rows = [e.summaries for e in entries]
            columns = list(zip(*rows, strict=True)) if rows else [()] * len(summarizers)
            for r, col in zip(summarizers, columns, strict=True):
                kept = map(is_not, col, repeat(None))
                ctx.summaries[r.code] = list(compress(zip(nodes, col, strict=True), kept))
        return blocks

    def _summarize(self, rule: Rule, result: LintResult, ctx: FileContext, info: FuncInfo) -> object:
        try:
            assert rule.summarize is not None
            return rule.summarize(ctx, info)
        except Exception as e:
            log.exception("rule %s failed to summarize %s", rule.code, info.name)
            result.rule_errors.append(f"{rule.code}: {type(e).__name__}: {e}")
            return None

    # -- fixing ------------------------------------------------------------------------------------------

    def fix(
        self,
        path: str | None,
        src: bytes,
        settings: Settings,
        *,
        unsafe: bool = False,
        select: frozenset[str] | None = None,
        hint_codes: frozenset[str] = frozenset(),
    ) -> FixAllResult:
        """Fix-all, to a fixpoint: the safe fixes of findings at information severity or above, and of
        hints when fix-hints is set or their code is in `hint_codes` (named exactly on the command line);
        with `unsafe`, refactor fixes too, whatever the severity (asking for refactors is asking for them
        one by one, hints included)."""
        last: list[LintResult] = []

        def lint(s: bytes) -> tuple[Tree, list[Finding], object]:
            r = self.lint(path, s, settings)
            last[:] = [r]
            return r.ctx.tree, r.findings, r.ctx

        def eligible(f: Finding, fix: Fix) -> bool:
            if select is not None and f.code not in select:
                return False
            if fix.applicability != "safe":
                return unsafe
            if last[0].severity(f) != Severity.HINT:
                return True
            return settings.fix_hints or f.code in hint_codes

        return fix_all(src, lint, eligible)


def _apply_precedence(findings: list[Finding], rules: Sequence[Rule]) -> list[Finding]:
    """When several rules match the same code, only the most specific is reported (RULES.md): a finding
    is dropped when a rule superseding its code reported something starting at the same byte."""
    over = {r.code: r.supersedes for r in rules if r.supersedes}
    if not over:
        return findings
    dropped: set[tuple[str, int]] = set()
    for f in findings:
        for code in over.get(f.code, ()):
            dropped.add((code, f.start))
    if not dropped:
        return findings
    return [f for f in findings if (f.code, f.start) not in dropped]


def info_for(ctx: FileContext, node_start: int) -> FuncInfo | None:
    for f in ctx.functions:
        if f.node.start_byte == node_start:
            return f
    return None
