"""Property: the language server's diagnostics after any sequence of edits (converted function by
function, reusing what the last version converted) are the diagnostics of the final text converted from
scratch, finding by finding, in the order of the lint result."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gotestsmells.documents import Change, Document
from gotestsmells.handlers import diagnostics
from gotestsmells.rules import BY_CODE
from gotestsmells.server import build
from test_incremental_property import BASE, GROUPS, edits

# Precedence (DET003 over DET001 at one sleep), a finding with related information in a function
# (CON005), and HAB009 findings inside the functions the blocks come from.
MIXED = """package probe

import (
\t"os"
\t"testing"
\t"time"
)

func TestPoll(t *testing.T) {
\tfor !ready() {
\t\ttime.Sleep(time.Millisecond)
\t}
}

func TestDefer(t *testing.T) {
\tf, _ := os.Open("x")
\tdefer f.Close()
\tt.Run("a", func(t *testing.T) {
\t\tt.Parallel()
\t\t_ = f
\t})
}

func ready() bool { return true }
"""

SILENCED = MIXED.replace(
    "\tfor !ready() {", "\tfor !ready() { //gotestsmells:ignore DET003 polling on purpose"
)


def _naive(ls, doc) -> list[dict]:  # type: ignore[no-untyped-def]
    """Every finding of a fresh lint converted on its own, in the lint result's order."""
    e = diagnostics.compute(ls, doc)
    out = []
    for f in e.result.findings:
        l1, c1 = doc.lines.position(f.start, doc.encoding)
        l2, c2 = doc.lines.position(f.end, doc.encoding)
        sev = int(e.result.settings.severity_for(BY_CODE[f.code], f.severity))
        out.append(diagnostics.to_item(ls, doc, f, (l1, c1, l2, c2), sev))
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    base=st.sampled_from([BASE, GROUPS, MIXED, SILENCED]),
    seq=edits(),
    enc=st.sampled_from(["utf-16", "utf-8", "utf-32"]),
    chunk=st.sampled_from([1, 2, 32]),
)
def test_incremental_diagnostics_equal_fresh(base, seq, enc, chunk) -> None:  # type: ignore[no-untyped-def]
    # Small chunks: the runs of functions converted together are reused and missed within these small files.
    saved = diagnostics._CHUNK
    diagnostics._CHUNK = chunk
    try:
        _check_sequence(base, seq, enc)
    finally:
        diagnostics._CHUNK = saved


def _check_sequence(base, seq, enc) -> None:  # type: ignore[no-untyped-def]
    ls = build()
    ls.client.related_information = True
    ls.client.diagnostic_tags = True
    ls.options.editor_settings = {"select": ("HAB", "DET", "CON", "CTR")}
    doc = Document("file:///tmp/propdiag/probe_test.go", base, 1, enc)  # type: ignore[arg-type]
    diagnostics.compute(ls, doc)
    for e in seq:
        if isinstance(e, str):
            doc.apply(Change(e))
        else:
            doc.apply(Change(e[4], (e[0], e[1]), (e[2], e[3])))
        got = diagnostics.compute(ls, doc)
        assert len(got.ranges) == len(got.fragments) == len(got.result.findings)
        fresh_ls = build()
        fresh_ls.client.related_information = True
        fresh_ls.client.diagnostic_tags = True
        fresh_ls.options.editor_settings = ls.options.editor_settings
        fresh = Document("file:///tmp/propdiag/fresh_probe_test.go", doc.text(), 1, enc)  # type: ignore[arg-type]
        want = json.loads(json.dumps(_naive(fresh_ls, fresh)).replace("fresh_probe_test.go", "probe_test.go"))
        assert json.loads(got.items_json()) == want
        for i, r in enumerate(got.ranges):
            rng = got.item(i)["range"]
            assert r == (
                rng["start"]["line"],
                rng["start"]["character"],
                rng["end"]["line"],
                rng["end"]["character"],
            )
