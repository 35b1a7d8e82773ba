"""Every fixture under tests/testdata: its findings match its `// want` comments, and its fixes produce its
golden file (see fixtures.py for the convention)."""

from __future__ import annotations

import os
import shutil

import pytest

from fixtures import Fixture, all_fixtures, check_wants, expected_newfiles, fixed_output
from gotestsmells.linter import Linter

FIXTURES = all_fixtures()
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter()


def test_there_are_fixtures() -> None:
    assert len(FIXTURES) > 0


@pytest.mark.parametrize("fx", FIXTURES, ids=[f.id for f in FIXTURES])
def test_wants(fx: Fixture, linter: Linter) -> None:
    problems = check_wants(fx, linter)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("fx", FIXTURES, ids=[f.id for f in FIXTURES])
def test_golden(fx: Fixture, linter: Linter) -> None:
    original = fx.path.read_bytes()
    fixed, new_files = fixed_output(fx, linter)
    if UPDATE:
        if fixed != original:
            fx.golden.write_bytes(fixed)
        elif fx.golden.exists():
            fx.golden.unlink()
        if fx.newfiles_dir.exists():
            shutil.rmtree(fx.newfiles_dir)
        for rel, content in new_files.items():
            p = fx.newfiles_dir / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(content, encoding="utf-8")
    if fixed == original:
        assert not fx.golden.exists(), f"{fx.id}: no fix applies, but a golden file exists"
    else:
        assert fx.golden.exists(), f"{fx.id}: fixes apply but there is no golden file (UPDATE_GOLDEN=1)"
        assert fixed.decode() == fx.golden.read_text(encoding="utf-8"), f"{fx.id}: fixed output differs"
    assert new_files == expected_newfiles(fx)
    # A second fix-all run over the fixed output changes nothing.
    again, _ = fixed_output(fx, linter, fixed)
    assert again == fixed, f"{fx.id}: fixing the fixed output changes it again"
