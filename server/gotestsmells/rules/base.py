"""What a rule is and what it reports.  Rules see bytes and tree-sitter nodes, never LSP types."""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from enum import IntEnum
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from ..analysis.context import FileContext
    from ..analysis.functions import FuncInfo


class Severity(IntEnum):
    """LSP's numbering, so a severity converts to the protocol as it is."""

    ERROR = 1
    WARNING = 2
    INFORMATION = 3
    HINT = 4

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, s: str) -> Severity:
        key = s.strip().lower()
        aliases = {
            "e": "error",
            "w": "warning",
            "warn": "warning",
            "i": "information",
            "info": "information",
            "h": "hint",
        }
        key = aliases.get(key, key)
        return cls[key.upper()]


Applicability = Literal["safe", "refactor"]


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace src[start:end] (byte offsets into the original file) with `new`."""

    start: int
    end: int
    new: str

    def shifted(self, delta: int) -> Edit:
        return Edit(self.start + delta, self.end + delta, self.new)


@dataclass(frozen=True, slots=True)
class NewFile:
    """A file a fix creates, its path relative to the linted file's folder."""

    path: str
    content: str


# A lazily computed fix: given the current context and the finding, produce the edits (and files).
LazyEdits = Callable[["FileContext", "Finding"], "tuple[tuple[Edit, ...], tuple[NewFile, ...]]"]


@dataclass(frozen=True, slots=True)
class Fix:
    title: str
    applicability: Applicability
    edits: tuple[Edit, ...] = ()
    add_imports: tuple[tuple[str, str | None], ...] = ()  # (path, alias or None)
    prune_imports: tuple[str, ...] = ()  # paths to drop when the fixed file no longer uses them
    new_files: tuple[NewFile, ...] = ()
    lazy: LazyEdits | None = None  # heavy fixes: computed on codeAction/resolve or when applied
    kind: str | None = None  # LSP code action kind when not the default for its applicability

    def shifted(self, delta: int) -> Fix:
        if delta == 0 or not self.edits:
            return self
        return replace(self, edits=tuple(e.shifted(delta) for e in self.edits))


@dataclass(frozen=True, slots=True)
class Related:
    start: int
    end: int
    message: str


class Finding:
    """One report: a code at a byte range, a message, and the fixes offered there.

    Findings of unchanged functions are reused from keystroke to keystroke, kept relative to the
    function's start and shifted to where it now starts when the absolute list is read; shifting is lazy
    (the fixes and related ranges move only when someone reads them).
    """

    __slots__ = (
        "_delta",
        "_fixes",
        "_related",
        "anchor",
        "code",
        "end",
        "message",
        "severity",
        "start",
    )

    def __init__(
        self,
        code: str,
        start: int,
        end: int,
        message: str,
        fixes: tuple[Fix, ...] | list[Fix] | Callable[[], Iterable[Fix]] = (),
        related: tuple[Related, ...] | list[Related] = (),
        severity: Severity | None = None,
        anchor: int | None = None,  # where a "whole function" suppression is matched (function-level rules)
    ) -> None:
        self.code = code
        self.start = start
        self.end = end
        self.message = message
        # A callable is a deferred list: deciding which fixes are offered can cost more than finding the
        # smell (HAB009 plans a whole conversion), and diagnostics never need it: only code actions and
        # the CLI's reports do.
        self._fixes: tuple[Fix, ...] | Callable[[], Iterable[Fix]] = (
            fixes if callable(fixes) else tuple(fixes)
        )
        self._related = tuple(related)
        self.severity = severity
        self.anchor = anchor
        self._delta = 0

    @property
    def fixes(self) -> tuple[Fix, ...]:
        if self._delta:
            self._settle()
        fx = self._fixes
        if callable(fx):
            fx = self._fixes = tuple(fx())
        return fx

    @property
    def related(self) -> tuple[Related, ...]:
        if self._delta:
            self._settle()
        return self._related

    @property
    def has_related(self) -> bool:
        return bool(self._related)

    def _settle(self) -> None:
        d = self._delta
        fx = self._fixes
        if callable(fx):
            fx = tuple(fx())
        self._fixes = tuple(f.shifted(d) for f in fx)
        self._related = tuple(Related(r.start + d, r.end + d, r.message) for r in self._related)
        self._delta = 0

    def shifted(self, delta: int) -> Finding:
        if delta == 0:
            return self
        f = Finding.__new__(Finding)
        f.code = self.code
        f.start = self.start + delta
        f.end = self.end + delta
        f.message = self.message
        f._fixes = self._fixes
        f._related = self._related
        f._delta = self._delta + delta
        f.severity = self.severity
        f.anchor = None if self.anchor is None else self.anchor + delta
        return f

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Finding):
            return NotImplemented
        return (
            self.code,
            self.start,
            self.end,
            self.message,
            self.fixes,
            self.related,
            self.severity,
            self.anchor,
        ) == (
            other.code,
            other.start,
            other.end,
            other.message,
            other.fixes,
            other.related,
            other.severity,
            other.anchor,
        )

    def __hash__(self) -> int:
        return hash((self.code, self.start, self.end, self.message))

    def __repr__(self) -> str:
        return f"Finding({self.code!r}, {self.start}, {self.end}, {self.message!r}, fixes={len(self.fixes)})"


FunctionCheck = Callable[["FileContext", "FuncInfo"], Iterable[Finding]]
FileCheck = Callable[["FileContext"], Iterable[Finding]]


@dataclass
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    fix: Applicability | None = None
    enabled_by_default: bool = True
    # "function": run once per top-level function, results cached by the function's text;
    # "file": run once per file version (for rules that compare functions or read other files).
    scope: Literal["function", "file"] = "function"
    unnecessary: bool = False  # LSP DiagnosticTag.Unnecessary (faded code)
    # Codes this rule is more specific than: their findings starting where one of ours starts are dropped.
    supersedes: tuple[str, ...] = ()
    # The rule runs on a function (a file, for file-scope rules) only when one of these byte strings occurs
    # in its text.  Most functions hold no smell of most rules: this is what keeps linting near parse speed.
    # Empty: always run.
    needles: tuple[bytes, ...] = ()
    # Checked against the whole file before anything runs: the rule is skipped for a file holding none of
    # these (import paths, typically: a function's text may use an alias, the file names the path).
    file_needles: tuple[bytes, ...] = ()
    # File-scope rules that compare functions can split their work: `summarize(ctx, fn)` runs per function
    # and is cached with the function's text like a function-scope rule's findings; `check(ctx)` then reads
    # `ctx.summaries[code]` ([(function node, summary)] in file order) instead of re-reading every function.
    summarize: Callable[..., object] | None = None
    check: Callable[..., Iterable[Finding]] = field(default=lambda *a: ())
    doc: str = ""

    @property
    def category(self) -> str:
        return self.code[:3]

    def wants_file(self, src: bytes) -> bool:
        return not self.file_needles or any(map(src.__contains__, self.file_needles))

    def wants(self, text: bytes) -> bool:
        """Whether the rule may find something in `text` (see `needles`)."""
        # any() over a map, not a generator: asked for every rule and every function.
        return not self.needles or any(map(text.__contains__, self.needles))

    def finding(
        self,
        start: int,
        end: int,
        message: str,
        fixes: Iterable[Fix] | Callable[[], Iterable[Fix]] = (),
        *,
        related: Iterable[Related] = (),
        severity: Severity | None = None,
        anchor: int | None = None,
    ) -> Finding:
        fx = fixes if callable(fixes) else tuple(fixes)
        return Finding(self.code, start, end, message, fx, tuple(related), severity, anchor)


def rule(
    *,
    code: str,
    name: str,
    severity: Severity,
    summary: str,
    fix: Applicability | None = None,
    enabled_by_default: bool = True,
    scope: Literal["function", "file"] = "function",
    unnecessary: bool = False,
    supersedes: tuple[str, ...] = (),
    needles: tuple[bytes, ...] = (),
    file_needles: tuple[bytes, ...] = (),
    summarize: Callable[..., object] | None = None,
) -> Callable[[Callable[..., Iterable[Finding]]], Rule]:
    """Decorate a rule module's check function; the module's docstring is the rule's documentation."""

    def wrap(fn: Callable[..., Iterable[Finding]]) -> Rule:
        mod = sys.modules.get(fn.__module__)
        doc = inspect.cleandoc(mod.__doc__ or "") if mod is not None else ""
        return Rule(
            code,
            name,
            severity,
            summary,
            fix,
            enabled_by_default,
            scope,
            unnecessary,
            supersedes,
            needles,
            file_needles,
            summarize,
            fn,
            doc,
        )

    return wrap
