"""Go's analysistest convention, for gotestsmells.

Fixtures live in `tests/testdata/<area>/<case>_test.go`.  Each area folder has its own go.mod (the Go
version the rules see).  An area named after a rule code (`hab004`, `hab012_go121`, `det001_bubble`)
runs that rule alone; any area may instead hold a `gotestsmells.toml` that selects what runs.

- `// want "REGEXP" ["REGEXP" ...]` on a line: one finding per regexp must start on that line, each
  matched (re.search) against "CODE message".  Every finding must be wanted; every want must be used.
- `<case>_test.go.golden`: the file after every fix (safe and refactor, hints included, each finding's
  preferred fix) is applied to a fixpoint.  Required when a fix applies; when none applies it must not
  exist.  Files a fix creates are expected under `<case>_test.go.newfiles/<relative path>`.
- A line `// fixture: <flags>` among the first lines tunes the Go checks of the golden:
  `novet` (go vet would rightly complain about what the fixture keeps), `notest` (do not run go test),
  `test-fails` (go test must fail: a fixture whose original test fails must still fail),
  `with=a_test.go+b_test.go` (copy those sibling test files into the package; the area's non-test .go
  files are always copied).
Set UPDATE_GOLDEN=1 to (re)write golden files from the current output; read the diff before committing.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from gotestsmells.config import Settings
from gotestsmells.linter import Linter
from gotestsmells.rules import BY_CODE

TESTDATA = Path(__file__).parent / "testdata"
_WANT = re.compile(r"//\s*want\s+((?:\"(?:[^\"\\]|\\.)*\"\s*)+)")
_STR = re.compile(r"\"((?:[^\"\\]|\\.)*)\"")
_AREA_CODE = re.compile(r"^([a-z]{3}\d{3})")
_FLAGS = re.compile(r"^//\s*fixture:\s*(.+)$", re.M)


@dataclass
class Fixture:
    path: Path

    @property
    def area(self) -> Path:
        return self.path.parent

    @property
    def golden(self) -> Path:
        return self.path.with_name(self.path.name + ".golden")

    @property
    def newfiles_dir(self) -> Path:
        return self.path.with_name(self.path.name + ".newfiles")

    @property
    def id(self) -> str:
        return f"{self.area.name}/{self.path.name}"

    @property
    def flags(self) -> set[str]:
        head = "\n".join(self.path.read_text(encoding="utf-8", errors="replace").splitlines()[:15])
        out: set[str] = set()
        for m in _FLAGS.finditer(head):
            out |= {f.strip() for f in re.split(r"[,\s]+", m.group(1)) if f.strip()}
        return out

    def settings(self, linter: Linter) -> Settings:
        if any((self.area / n).exists() for n in ("gotestsmells.toml", ".gotestsmells.toml")):
            s, errors = linter.settings_for(str(self.path))
            assert not errors, errors
            return s
        m = _AREA_CODE.match(self.area.name)
        assert m and m.group(1).upper() in BY_CODE, (
            f"{self.area}: name the folder after a rule code or put a gotestsmells.toml in it"
        )
        return Settings(select=(m.group(1).upper(),))


def all_fixtures() -> list[Fixture]:
    out = []
    for root, dirs, files in os.walk(TESTDATA):
        dirs[:] = sorted(d for d in dirs if not d.endswith(".newfiles"))
        for f in sorted(files):
            if f.endswith("_test.go"):
                out.append(Fixture(Path(root) / f))
    return out


@dataclass
class Wants:
    by_line: dict[int, list[str]] = field(default_factory=dict)  # 1-based line -> regexps


def parse_wants(src: str) -> Wants:
    w = Wants()
    for i, line in enumerate(src.splitlines(), start=1):
        m = _WANT.search(line)
        if m:
            w.by_line[i] = [bytes(s, "utf-8").decode("unicode_escape") for s in _STR.findall(m.group(1))]
    return w


def check_wants(fx: Fixture, linter: Linter) -> list[str]:
    """Problems with a fixture's findings, as readable lines ([] when it holds)."""
    src = fx.path.read_bytes()
    settings = fx.settings(linter)
    res = linter.lint(str(fx.path), src, settings)
    assert not res.rule_errors, res.rule_errors
    wants = parse_wants(src.decode("utf-8", "replace"))
    remaining = {ln: list(rx) for ln, rx in wants.by_line.items()}
    problems = []
    for f in res.findings:
        line = res.ctx.lines.line_of(f.start) + 1
        desc = f"{f.code} {f.message}"
        rxs = remaining.get(line, [])
        hit = next((rx for rx in rxs if re.search(rx, desc)), None)
        if hit is None:
            problems.append(f"{fx.id}:{line}: unexpected finding: {desc}")
        else:
            rxs.remove(hit)
    for ln, rxs in sorted(remaining.items()):
        for rx in rxs:
            problems.append(f"{fx.id}:{ln}: no finding matched want {rx!r}")
    return problems


def fixed_output(fx: Fixture, linter: Linter, src: bytes | None = None) -> tuple[bytes, dict[str, str]]:
    """The fixture (or `src` standing at its path) after all fixes, and the files the fixes create
    (relative path -> content)."""
    if src is None:
        src = fx.path.read_bytes()
    settings = replace(fx.settings(linter), fix_hints=True)
    res = linter.fix(str(fx.path), src, settings, unsafe=True)
    return res.source, {nf.path: nf.content for nf in res.new_files}


def expected_newfiles(fx: Fixture) -> dict[str, str]:
    d = fx.newfiles_dir
    if not d.is_dir():
        return {}
    out = {}
    for root, _, files in os.walk(d):
        for f in files:
            p = Path(root) / f
            out[str(p.relative_to(d))] = p.read_text(encoding="utf-8")
    return out
