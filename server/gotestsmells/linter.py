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
from .suppression import read_suppressions

log = logging.getLogger(__name__)

_FUNC_TYPES = ("function_declaration", "method_declaration")


@dataclass
class LintResult:
    ctx: FileContext
    findings: list[Finding]
    settings: Settings
    config_errors: tuple[str, ...] = ()
    rule_errors: list[str] = field(default_factory=list)

    def severity(self, f: Finding) -> Severity:
        from .rules import BY_CODE

        return self.settings.severity_for(BY_CODE[f.code], f.severity)


class _LRU(OrderedDict[bytes, object]):
    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def get_(self, key: bytes) -> object | None:
        v = self.get(key)
        if v is not None:
            self.move_to_end(key)
        return v

    def put(self, key: bytes, value: object) -> None:
        self[key] = value
        self.move_to_end(key)
        while len(self) > self.size:
            self.popitem(last=False)


class _Entry:
    """Cached findings of one function: relative to its start, plus the last absolute copy."""

    __slots__ = ("abs_findings", "abs_start", "rel")

    def __init__(self, rel: list[Finding], start: int) -> None:
        self.rel = rel
        self.abs_start = start
        self.abs_findings = [f.shifted(start) for f in rel]

    def at(self, start: int) -> list[Finding]:
        if start != self.abs_start:
            self.abs_findings = [f.shifted(start) for f in self.rel]
            self.abs_start = start
        return self.abs_findings


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
        self._fn_cache = _LRU(cache_size)
        self._kind_cache = _LRU(cache_size)

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
        result = LintResult(ctx, [], settings, config_errors)
        if not ctx.is_test_file:
            return result
        rules = settings.enabled_rules()
        if not rules:
            return result
        fn_rules = [r for r in rules if r.scope == "function"]
        file_rules = [r for r in rules if r.scope == "file"]
        findings: list[Finding] = []
        if fn_rules:
            findings.extend(self._function_findings(ctx, fn_rules, result))
        for r in file_rules:
            findings.extend(self._run(r, result, ctx))
        sup = read_suppressions(src, ctx.root, ctx.lines)
        if sup:
            findings = [
                f
                for f in findings
                if not sup.suppressed(
                    f.code, f.start if f.anchor is None else f.anchor, ctx.lines.line_of(f.start)
                )
            ]
        findings = _apply_precedence(findings, rules)
        findings.sort(key=lambda f: (f.start, f.code, f.end))
        result.findings = findings
        return result

    def _run(self, rule: Rule, result: LintResult, *args: object) -> list[Finding]:
        try:
            return list(rule.check(*args))
        except Exception as e:
            log.exception("rule %s failed on %s", rule.code, result.ctx.path)
            result.rule_errors.append(f"{rule.code}: {type(e).__name__}: {e}")
            return []

    def _function_findings(self, ctx: FileContext, rules: list[Rule], result: LintResult) -> list[Finding]:
        src = ctx.src
        tl = ctx.testing_local
        nodes = [n for n in ctx.root.children if n.type in _FUNC_TYPES]
        texts = [src[n.start_byte : n.end_byte] for n in nodes]
        kinds: list[tuple[str, str]] = []
        tl_key = (tl or "").encode()
        for n, t in zip(nodes, texts, strict=True):
            k = b"k" + tl_key + b"\0" + t
            hit = self._kind_cache.get_(k)
            if hit is None:
                info = classify(n, tl)
                hit = (info.kind, info.name)
                self._kind_cache.put(k, hit)
            kinds.append(hit)  # type: ignore[arg-type]
        # What function-scope rules may read besides their function.
        h = hashlib.blake2b(digest_size=16)
        h.update(
            repr(
                (
                    tl,
                    ctx.go_version,
                    ctx.constraint and ctx.constraint.expr_text,
                    ctx.path and ctx.path.rsplit("/", 1)[0],
                    [r.code for r in rules],
                )
            ).encode()
        )
        for imp in ctx.imports:
            h.update(src[imp.spec.start_byte : imp.spec.end_byte] + b"\n")
        gm = ctx.gomod
        if gm is not None:
            h.update(repr((gm.path, gm.module, gm.requires)).encode())
        for (kind, _name), t in zip(kinds, texts, strict=True):
            if kind == "helper":
                h.update(t)
        fp = h.digest()
        out: list[Finding] = []
        for n, t, (kind, _name) in zip(nodes, texts, kinds, strict=True):
            start = n.start_byte
            key = fp + t
            entry = self._fn_cache.get_(key)
            if entry is None:
                info = classify(n, tl)
                rel: list[Finding] = []
                for r in rules:
                    for f in self._run(r, result, ctx, info):
                        rel.append(f.shifted(-start))
                entry = _Entry(rel, start)
                self._fn_cache.put(key, entry)
            out.extend(entry.at(start))  # type: ignore[attr-defined]
        return out

    # -- fixing ------------------------------------------------------------------------------------------

    def fix(
        self,
        path: str | None,
        src: bytes,
        settings: Settings,
        *,
        unsafe: bool = False,
        select: frozenset[str] | None = None,
    ) -> FixAllResult:
        """Fix-all: safe fixes (refactors too when `unsafe`) of findings at information severity or above
        (hints too when fix-hints is set), to a fixpoint."""

        def lint(s: bytes) -> tuple[Tree, list[Finding], object]:
            r = self.lint(path, s, settings)
            self._last = r
            return r.ctx.tree, r.findings, r.ctx

        def eligible(f: Finding, fix: Fix) -> bool:
            if select is not None and f.code not in select:
                return False
            if fix.applicability != "safe" and not unsafe:
                return False
            sev = self._last.severity(f)
            return not (sev == Severity.HINT and not settings.fix_hints)

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
