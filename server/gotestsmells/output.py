"""Report formats of `gotestsmells check`: text, json, sarif, github."""

from __future__ import annotations

import json
from dataclasses import dataclass

from . import __version__
from .rules import ALL, BY_CODE
from .rules.base import Severity


@dataclass(frozen=True)
class Report:
    """One finding, positioned for people: 1-based lines, columns in code points."""

    path: str
    code: str
    severity: Severity
    message: str
    line: int
    column: int
    end_line: int
    end_column: int
    fixes: tuple[tuple[str, str], ...]  # (title, applicability), preferred first

    @property
    def name(self) -> str:
        return BY_CODE[self.code].name

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)


def as_json(reports: list[Report]) -> str:
    return json.dumps(
        [
            {
                "path": r.path,
                "code": r.code,
                "name": r.name,
                "severity": r.severity.label,
                "message": r.message,
                "line": r.line,
                "column": r.column,
                "end_line": r.end_line,
                "end_column": r.end_column,
                "fixes": [{"title": t, "applicability": a} for t, a in r.fixes],
            }
            for r in reports
        ],
        indent=2,
        ensure_ascii=False,
    )


def as_text(reports: list[Report], fixable_hint: bool = True) -> str:
    out = []
    for r in reports:
        mark = " [*]" if any(a == "safe" for _, a in r.fixes) else ""
        out.append(f"{r.path}:{r.line}:{r.column}: {r.code}{mark} {r.message} ({r.name}, {r.severity.label})")
    n = len(reports)
    if n:
        safe = sum(1 for r in reports if any(a == "safe" for _, a in r.fixes))
        unsafe = sum(1 for r in reports if r.fixes and not any(a == "safe" for _, a in r.fixes))
        tail = f"Found {n} finding{'s' if n != 1 else ''}."
        if fixable_hint and safe:
            tail += f" [*] {safe} fixable with `--fix`."
        if fixable_hint and unsafe:
            tail += f" {unsafe} more with `--fix --unsafe-fixes`."
        out.append(tail)
    else:
        out.append("All checks passed.")
    return "\n".join(out)


_SARIF_LEVEL = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFORMATION: "note",
    Severity.HINT: "note",
}


def as_sarif(reports: list[Report]) -> str:
    rules = [
        {
            "id": r.code,
            "name": r.name,
            "shortDescription": {"text": r.summary},
            "fullDescription": {"text": r.doc.split("\n\n", 1)[0]},
            "defaultConfiguration": {"level": _SARIF_LEVEL[r.severity], "enabled": r.enabled_by_default},
            "properties": {"category": r.category, "fix": r.fix},
        }
        for r in ALL
    ]
    index = {r.code: i for i, r in enumerate(ALL)}
    results = [
        {
            "ruleId": r.code,
            "ruleIndex": index[r.code],
            "level": _SARIF_LEVEL[r.severity],
            "message": {"text": r.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": r.path.replace("\\", "/")},
                        "region": {
                            "startLine": r.line,
                            "startColumn": r.column,
                            "endLine": r.end_line,
                            "endColumn": r.end_column,
                        },
                    }
                }
            ],
        }
        for r in reports
    ]
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "gotestsmells",
                        "version": __version__,
                        "informationUri": "https://github.com/gotestsmells/gotestsmells",
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False)


_GH = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFORMATION: "notice",
    Severity.HINT: "notice",
}


def _gh_escape(s: str, prop: bool = False) -> str:
    s = s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        s = s.replace(":", "%3A").replace(",", "%2C")
    return s


def as_github(reports: list[Report]) -> str:
    return "\n".join(
        f"::{_GH[r.severity]} file={_gh_escape(r.path, True)},line={r.line},col={r.column},"
        f"endLine={r.end_line},endColumn={r.end_column},title={r.code}::"
        f"{_gh_escape(r.code + ' ' + r.message)}"
        for r in reports
    )
