"""Command line: `serve`, `check`, `rules`, `rule CODE`, `--version`."""

from __future__ import annotations

import argparse
import difflib
import os
import sys
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any, NoReturn

from . import __version__
from .config import parse_codes, validate
from .linter import Linter
from .output import Report, as_github, as_json, as_sarif, as_text
from .positions import LineIndex
from .rules import ALL, BY_CODE
from .rules.base import NewFile, Severity

SKIP_DIRS = {"vendor", "testdata", "node_modules"}


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line on stderr, exit 2
        raise UsageError(message)


def _severity(s: str) -> Severity:
    try:
        return Severity.parse(s)
    except KeyError:
        raise argparse.ArgumentTypeError(f"{s!r} is not error|warning|information|hint") from None


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="gotestsmells", description="Find Go tests that will hurt in production, and fix them.")
    p.add_argument("--version", action="version", version=f"gotestsmells {__version__}")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)

    s = sub.add_parser("serve", help="run the language server on stdio")
    s.add_argument("--tcp", metavar="HOST:PORT", help="listen on TCP instead of stdio (for debugging)")
    s.add_argument("--log-file", help="write the server's log here")

    c = sub.add_parser("check", help="lint *_test.go files and folders")
    c.add_argument("paths", nargs="*", default=["."])
    c.add_argument("--format", choices=["text", "json", "sarif", "github"], default="text")
    c.add_argument(
        "--select", type=parse_codes, help="comma list of codes or prefixes to run (replaces config)"
    )
    c.add_argument("--ignore", type=parse_codes, help="comma list of codes or prefixes to skip")
    c.add_argument("--extend-select", type=parse_codes, help="comma list of codes to add to the selection")
    c.add_argument("--fix", action="store_true", help="apply safe fixes and write the files")
    c.add_argument("--unsafe-fixes", action="store_true", help="with --fix or --diff: refactor fixes too")
    c.add_argument("--diff", action="store_true", help="print the fixes as a unified diff; write nothing")
    c.add_argument("--config", metavar="FILE", help="read settings from this file only")
    c.add_argument("--jobs", "-j", type=int, default=1, metavar="N", help="lint with N processes")
    c.add_argument(
        "--min-severity", type=_severity, default=Severity.HINT, help="report findings at or above"
    )
    c.add_argument(
        "--fail-on",
        type=_severity,
        default=Severity.INFORMATION,
        help="exit 1 when a finding at or above this severity remains (default: information)",
    )

    r = sub.add_parser("rules", help="list the rule catalog")
    r.add_argument("--format", choices=["text", "json"], default="text")

    one = sub.add_parser("rule", help="explain one rule")
    one.add_argument("code")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            raise UsageError("a command is required: serve, check, rules or rule")
        if args.command == "serve":
            return _serve(args)
        if args.command == "check":
            return _check(args)
        if args.command == "rules":
            return _rules(args)
        return _rule(args)
    except UsageError as e:
        print(f"gotestsmells: error: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0


# -- serve ------------------------------------------------------------------------------------------------


def _serve(args: argparse.Namespace) -> int:
    from .server import start

    start(tcp=args.tcp, log_file=args.log_file)
    return 0


# -- rules ------------------------------------------------------------------------------------------------


def _rules(args: argparse.Namespace) -> int:
    if args.format == "json":
        import json

        print(
            json.dumps(
                [
                    {
                        "code": r.code,
                        "name": r.name,
                        "category": r.category,
                        "severity": r.severity.label,
                        "fix": r.fix,
                        "enabled_by_default": r.enabled_by_default,
                        "summary": r.summary,
                    }
                    for r in ALL
                ],
                indent=2,
            )
        )
        return 0
    for r in ALL:
        fix = {"safe": "fix", "refactor": "refactor", None: ""}[r.fix]
        off = "" if r.enabled_by_default else " (off by default)"
        print(f"{r.code}  {r.name:<24} {r.severity.label:<12} {fix:<9} {r.summary}{off}")
    return 0


def rule_doc(code: str) -> str:
    r = BY_CODE[code]
    head = f"{r.code} {r.name} ({r.severity.label}{'' if r.enabled_by_default else ', off by default'})"
    fix = {
        "safe": "Fix: safe (applied by fix-all and `check --fix`).",
        "refactor": "Fix: refactor (offered as a code action and by `check --fix --unsafe-fixes`).",
        None: "Fix: none.",
    }[r.fix]
    return f"{head}\n\n{r.doc}\n\n{fix}"


def _rule(args: argparse.Namespace) -> int:
    code = args.code.upper()
    if code not in BY_CODE:
        raise UsageError(f"unknown rule {args.code!r} (see `gotestsmells rules`)")
    print(rule_doc(code))
    return 0


# -- check ------------------------------------------------------------------------------------------------


def iter_files(paths: Sequence[str]) -> Iterator[str]:
    for p in paths:
        if os.path.isfile(p):
            yield p
            continue
        if not os.path.isdir(p):
            raise UsageError(f"{p}: no such file or directory")
        for dirpath, dirnames, filenames in os.walk(p):
            dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not d.startswith("."))
            for f in sorted(filenames):
                if f.endswith("_test.go"):
                    yield os.path.normpath(os.path.join(dirpath, f))


@dataclass(frozen=True)
class _Job:
    overrides: dict[str, Any]
    config: str | None
    fix: bool
    unsafe: bool
    diff: bool
    min_severity: Severity
    # Codes named exactly in --select/--extend-select: their hints' safe fixes are applied too.
    hint_codes: frozenset[str] = frozenset()


@dataclass
class _FileResult:
    path: str
    reports: list[Report]
    fixed: bytes | None = None  # new content when fixes changed the file
    original: bytes | None = None
    new_files: tuple[NewFile, ...] = ()
    errors: tuple[str, ...] = ()


_worker_linter: Linter | None = None


def _linter() -> Linter:
    global _worker_linter
    if _worker_linter is None:
        _worker_linter = Linter()
    return _worker_linter


def _process(path: str, job: _Job) -> _FileResult:
    linter = _linter()
    try:
        with open(path, "rb") as f:
            src = f.read()
    except OSError as e:
        return _FileResult(path, [], errors=(f"{path}: {e.strerror}",))
    settings, cfg_errors = linter.settings_for(path, [job.overrides], job.config)
    original = src
    new_files: tuple[NewFile, ...] = ()
    fixed: bytes | None = None
    if job.fix or job.diff:
        res = linter.fix(path, src, settings, unsafe=job.unsafe, hint_codes=job.hint_codes)
        if res.source != src or res.new_files:
            fixed = res.source
            new_files = tuple(res.new_files)
            src = res.source
    result = linter.lint(path, src, settings)
    lines = result.ctx.lines
    reports = [
        _report(
            path,
            lines,
            f.code,
            result.severity(f),
            f.message,
            f.start,
            f.end,
            tuple((x.title, x.applicability) for x in f.fixes),
        )
        for f in result.findings
    ]
    reports = [r for r in reports if r.severity <= job.min_severity]
    return _FileResult(path, reports, fixed, original, new_files, cfg_errors + tuple(result.rule_errors))


def _report(
    path: str,
    lines: LineIndex,
    code: str,
    sev: Severity,
    msg: str,
    start: int,
    end: int,
    fixes: tuple[tuple[str, str], ...],
) -> Report:
    l1, c1 = lines.position(start, "utf-32")
    l2, c2 = lines.position(end, "utf-32")
    return Report(path, code, sev, msg, l1 + 1, c1 + 1, l2 + 1, c2 + 1, fixes)


def _check(args: argparse.Namespace) -> int:
    overrides: dict[str, Any] = {}
    raw: dict[str, Any] = {}
    if args.select is not None:
        raw["select"] = list(args.select)
    if args.extend_select is not None:
        raw["extend-select"] = list(args.extend_select)
    fields_, errs = validate(raw, "--select/--extend-select")
    if errs:
        raise UsageError(errs[0].split(": ", 1)[-1])
    overrides.update(fields_)
    if args.config is not None and not os.path.isfile(args.config):
        raise UsageError(f"{args.config}: no such config file")
    if args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    files = list(iter_files(args.paths))
    named = frozenset(c for c in (*(args.select or ()), *(args.extend_select or ())) if c in BY_CODE)
    ignore = tuple(args.ignore or ())
    if ignore:
        # --ignore adds to whatever the config file ignores: apply it after the config.
        overrides = {**overrides, "_extra_ignore": ignore}
    job = _Job(overrides, args.config, args.fix, args.unsafe_fixes, args.diff, args.min_severity, named)
    results = _run_jobs(files, job, args.jobs)
    results.sort(key=lambda r: r.path)

    config_errors = sorted({e for r in results for e in r.errors})
    for e in config_errors:
        print(f"gotestsmells: warning: {e}", file=sys.stderr)

    if args.diff:
        changed = False
        for r in results:
            if r.fixed is not None and r.original is not None and r.fixed != r.original:
                changed = True
                sys.stdout.write(_unified(r.path, r.original, r.fixed))
            for nf in r.new_files:
                target = os.path.join(os.path.dirname(r.path), nf.path)
                if not os.path.exists(target):
                    changed = True
                    sys.stdout.write(_unified(target, b"", nf.content.encode(), created=True))
        return 1 if changed else 0

    if args.fix:
        n_fixed = 0
        for r in results:
            if r.fixed is not None and r.fixed != r.original:
                with open(r.path, "wb") as f:
                    f.write(r.fixed)
                n_fixed += 1
            for nf in r.new_files:
                target = os.path.join(os.path.dirname(r.path), nf.path)
                if not os.path.exists(target):
                    os.makedirs(os.path.dirname(target) or ".", exist_ok=True)
                    with open(target, "w", encoding="utf-8") as f:
                        f.write(nf.content)
        if n_fixed and args.format == "text":
            print(f"Fixed {n_fixed} file{'s' if n_fixed != 1 else ''}.", file=sys.stderr)

    reports = sorted((rep for r in results for rep in r.reports), key=Report.sort_key)
    fmt = {"text": as_text, "json": as_json, "sarif": as_sarif, "github": as_github}[args.format]
    out = fmt(reports)
    if out:
        print(out)
    failing = any(r.severity <= args.fail_on for r in reports)
    return 1 if failing else 0


def _run_jobs(files: list[str], job: _Job, jobs: int) -> list[_FileResult]:
    if jobs <= 1 or len(files) < 2:
        return [_process_job(p, job) for p in files]
    with ProcessPoolExecutor(max_workers=jobs) as ex:
        chunk = max(1, len(files) // (jobs * 8))
        return list(ex.map(_process_job, files, [job] * len(files), chunksize=chunk))


def _process_job(path: str, job: _Job) -> _FileResult:
    extra = job.overrides.get("_extra_ignore")
    if extra:
        linter = _linter()
        base = {k: v for k, v in job.overrides.items() if k != "_extra_ignore"}
        settings, _ = linter.settings_for(path, [base], job.config)
        merged = {**base, "ignore": tuple(settings.ignore) + tuple(extra)}
        job = _Job(merged, job.config, job.fix, job.unsafe, job.diff, job.min_severity, job.hint_codes)
    return _process(path, job)


def _unified(path: str, old: bytes, new: bytes, *, created: bool = False) -> str:
    a = old.decode("utf-8", "replace").splitlines(keepends=True)
    b = new.decode("utf-8", "replace").splitlines(keepends=True)
    from_name = "/dev/null" if created else f"a/{path}"
    lines = difflib.unified_diff(a, b, from_name, f"b/{path}")
    return "".join(x if x.endswith("\n") else x + "\n\\ No newline at end of file\n" for x in lines)
