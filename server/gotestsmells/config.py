"""Settings: which rules run, at which severity, and whether fix-all touches hints.

They come from `gotestsmells.toml` / `.gotestsmells.toml` (nearest folder at or above the file, up to the
module root), then the editor's settings, then command-line flags; each layer overrides the fields it sets.
A bad value is reported once and that field keeps its default: linting never stops over configuration.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

import cattrs

from .rules import ALL, BY_CODE, CATEGORIES
from .rules.base import Rule, Severity

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CONFIG_NAMES = ("gotestsmells.toml", ".gotestsmells.toml")

_converter = cattrs.Converter()

# Spellings accepted for each field: TOML uses dashes, VS Code settings camelCase, Python snake_case.
_ALIASES = {
    "select": "select",
    "ignore": "ignore",
    "extend-select": "extend_select",
    "extend_select": "extend_select",
    "extendSelect": "extend_select",
    "severity": "severity",
    "fix-hints": "fix_hints",
    "fix_hints": "fix_hints",
    "fixHints": "fix_hints",
    "enable": "enable",
}


@dataclass(frozen=True)
class Settings:
    select: tuple[str, ...] | None = None  # None: every rule that is on by default
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    fix_hints: bool = False
    enable: bool = True

    def merged(self, over: Mapping[str, Any]) -> Settings:
        """These settings with the fields present in `over` (already validated) replacing ours."""
        return replace(self, **over) if over else self

    def enabled_rules(self) -> tuple[Rule, ...]:
        if not self.enable:
            return ()
        return _enabled(self.select, self.ignore, self.extend_select)

    def severity_for(self, rule: Rule, finding_severity: Severity | None = None) -> Severity:
        s = self.severity.get(rule.code)
        if s is not None:
            return s
        return finding_severity if finding_severity is not None else rule.severity

    def key(self) -> tuple[Any, ...]:
        """Hashable identity, for caches."""
        return (
            self.select,
            self.ignore,
            self.extend_select,
            tuple(sorted(self.severity.items())),
            self.fix_hints,
            self.enable,
        )


def _matches(code: str, selector: str, *, exact_only: bool) -> bool:
    if selector == code:
        return True
    if exact_only:
        return False
    return selector in ("ALL",) or (len(selector) < len(code) and code.startswith(selector))


_enabled_cache: dict[tuple[Any, ...], tuple[Rule, ...]] = {}


def _enabled(
    select: tuple[str, ...] | None, ignore: tuple[str, ...], extend: tuple[str, ...]
) -> tuple[Rule, ...]:
    key = (select, ignore, extend)
    hit = _enabled_cache.get(key)
    if hit is not None:
        return hit
    out = []
    for r in ALL:
        # Off-by-default rules are turned on only by their exact code, never by a prefix.
        exact = not r.enabled_by_default
        if select is None:
            on = r.enabled_by_default
        else:
            on = any(_matches(r.code, s, exact_only=exact) for s in select)
        if any(_matches(r.code, s, exact_only=exact) for s in extend):
            on = True
        if any(_matches(r.code, s, exact_only=False) for s in ignore):
            on = False
        if on:
            out.append(r)
    res = tuple(out)
    _enabled_cache[key] = res
    return res


def _valid_selector(s: str) -> bool:
    return (
        s == "ALL"
        or s in BY_CODE
        or s in CATEGORIES
        or (any(c.startswith(s) for c in BY_CODE) and len(s) >= 3)
    )


def parse_codes(value: str) -> tuple[str, ...]:
    """A comma list from the command line."""
    return tuple(p.strip().upper() for p in value.split(",") if p.strip())


def validate(raw: Any, origin: str) -> tuple[dict[str, Any], list[str]]:
    """Turn a raw mapping (TOML table, editor settings) into the fields it sets, and a list of problems.
    Bad fields are dropped (their defaults apply); unknown keys are reported."""
    errors: list[str] = []
    out: dict[str, Any] = {}
    if raw is None:
        return out, errors
    if not isinstance(raw, Mapping):
        return out, [f"{origin}: settings must be a table/object, not {type(raw).__name__}"]
    for key, value in raw.items():
        name = _ALIASES.get(key)
        if name is None:
            if key not in (
                "trace",
                "path",
                "interpreter",
                "args",
                "diagnosticMode",
                "pushDiagnostics",
                "pullDiagnostics",
                "debounceMs",
            ):
                errors.append(f"{origin}: unknown setting {key!r}")
            continue
        try:
            if name in ("select", "ignore", "extend_select"):
                if isinstance(value, str):
                    value = [value]
                codes = tuple(c.upper() for c in _converter.structure(value, list[str]))
                bad = [c for c in codes if not _valid_selector(c)]
                if bad:
                    errors.append(f"{origin}: {key}: unknown rule code(s) {', '.join(bad)}")
                out[name] = codes
            elif name == "severity":
                sev = _converter.structure(value, dict[str, str])
                parsed: dict[str, Severity] = {}
                for code, s in sev.items():
                    code = code.upper()
                    targets = [r.code for r in ALL if _matches(r.code, code, exact_only=False)]
                    if not targets:
                        errors.append(f"{origin}: severity: unknown rule code {code}")
                        continue
                    try:
                        level = Severity.parse(s)
                    except KeyError:
                        errors.append(
                            f"{origin}: severity.{code}: {s!r} is not error|warning|information|hint"
                        )
                        continue
                    for t in targets:
                        parsed[t] = level
                out[name] = parsed
            elif name in ("fix_hints", "enable"):
                if not isinstance(value, bool):
                    raise TypeError(f"expected true or false, got {value!r}")
                out[name] = value
        except Exception as e:
            errors.append(f"{origin}: {key}: {_short(e)}")
    return out, errors


def _short(e: Exception) -> str:
    if isinstance(e, cattrs.ClassValidationError | cattrs.IterableValidationError):
        subs = getattr(e, "exceptions", [])
        if subs:
            return _short(subs[0])
    return str(e) or type(e).__name__


@dataclass(frozen=True)
class ConfigFile:
    path: str | None
    fields: Mapping[str, Any]
    errors: tuple[str, ...]


_NO_CONFIG = ConfigFile(None, {}, ())


class ConfigCache:
    """Finds and reads config files, re-reading one when its mtime changes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._files: dict[str, tuple[tuple[float, int], ConfigFile]] = {}

    def find(self, file_path: str, stop_at: str | None = None) -> str | None:
        d = os.path.dirname(os.path.abspath(file_path))
        stop = os.path.abspath(stop_at) if stop_at else None
        while True:
            for n in CONFIG_NAMES:
                cand = os.path.join(d, n)
                if os.path.isfile(cand):
                    return cand
            if stop is not None and d == stop:
                return None
            parent = os.path.dirname(d)
            if parent == d:
                return None
            d = parent

    def load(self, path: str) -> ConfigFile:
        try:
            st = os.stat(path)
        except OSError as e:
            return ConfigFile(path, {}, (f"{path}: {e.strerror}",))
        key = (st.st_mtime, st.st_size)
        with self._lock:
            hit = self._files.get(path)
        if hit is not None and hit[0] == key:
            return hit[1]
        try:
            with open(path, "rb") as f:
                data = tomllib.load(f)
            fields_, errs = validate(data, os.path.basename(path))
            cf = ConfigFile(path, fields_, tuple(errs))
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
            cf = ConfigFile(path, {}, (f"{os.path.basename(path)}: {e}",))
        with self._lock:
            self._files[path] = (key, cf)
        return cf

    def for_file(self, file_path: str | None, stop_at: str | None = None) -> ConfigFile:
        if not file_path:
            return _NO_CONFIG
        p = self.find(file_path, stop_at)
        return self.load(p) if p else _NO_CONFIG


CACHE = ConfigCache()

SETTING_FIELDS = tuple(f.name for f in fields(Settings))


def settings_from(layers: Iterable[Mapping[str, Any]]) -> Settings:
    s = Settings()
    for layer in layers:
        s = s.merged(layer)
    return s
