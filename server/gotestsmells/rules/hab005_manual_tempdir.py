"""HAB005 manual-tempdir: `os.MkdirTemp`/`ioutil.TempDir` where `t.TempDir()` cleans up by itself.

Not implemented yet: this module holds the rule's place in the catalog.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.context import FileContext
from ..analysis.functions import FuncInfo
from .base import Finding, Severity, rule


@rule(
    code="HAB005",
    name="manual-tempdir",
    severity=Severity.INFORMATION,
    summary="`os.MkdirTemp`/`ioutil.TempDir` where `t.TempDir()` cleans up by itself.",
    fix="safe",
)
def check(ctx: FileContext, fn: FuncInfo) -> Iterator[Finding]:
    return iter(())
