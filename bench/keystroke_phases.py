"""Where a keystroke's time goes, in-process (no stdio, no client): the edit and reparse, the lint, the
conversion to LSP JSON, and what a client would spend decoding the report.

    python bench/keystroke_phases.py [--edits 200] [--lines 5000] [--profile OUT.prof]

Same generated file and edits as bench/latency.py.  In-process figures are steadier than the stdio ones
on a noisy machine, which makes them the ones to compare before and after a change to the keystroke
path; `--profile` writes a cProfile of the edit loop (read it with `python -m pstats OUT.prof`)."""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "server"))
sys.path.insert(0, os.path.dirname(__file__))

import gotestsmells.handlers.diagnostics as diagnostics
from gotestsmells.documents import Change
from gotestsmells.server import build
from latency import big_file, pct


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--edits", type=int, default=200)
    ap.add_argument("--lines", type=int, default=5000)
    ap.add_argument("--profile")
    args = ap.parse_args()
    ws = tempfile.mkdtemp(prefix="gts-phases-")
    Path(ws, "go.mod").write_text("module example.com/probe\n\ngo 1.25\n")
    text = big_file(args.lines)
    path = Path(ws, "big_test.go")
    path.write_text(text)
    ls = build()
    doc = ls.docs.open(path.as_uri(), text, 1, "utf-16")
    first = diagnostics.compute(ls, doc)
    n_lines = text.count("\n")
    convert = diagnostics._convert
    spent = {"convert": 0.0}

    def timed_convert(*a):  # type: ignore[no-untyped-def]
        t0 = time.perf_counter()
        out = convert(*a)
        spent["convert"] += time.perf_counter() - t0
        return out

    diagnostics._convert = timed_convert
    phases: dict[str, list[float]] = {"edit and reparse": [], "lint": [], "convert": [], "client decode": []}
    prof = cProfile.Profile() if args.profile else None
    for k in range(args.edits):
        ln = 6 + (k * 37) % (n_lines - 10)
        if prof:
            prof.enable()
        t0 = time.perf_counter()
        doc.apply(Change(" ", (ln, 0), (ln, 0)))
        t1 = time.perf_counter()
        spent["convert"] = 0.0
        e = diagnostics.compute(ls, doc)
        t2 = time.perf_counter()
        if prof:
            prof.disable()
        report = f'{{"kind":"full","resultId":"{e.result_id}","items":{e.items_json()}}}'.encode()
        t3 = time.perf_counter()
        json.loads(report)
        t4 = time.perf_counter()
        phases["edit and reparse"].append((t1 - t0) * 1000)
        phases["lint"].append((t2 - t1 - spent["convert"]) * 1000)
        phases["convert"].append(spent["convert"] * 1000)
        phases["client decode"].append((t4 - t3) * 1000)
    print(f"{args.lines}-line file, {len(first.fragments)} diagnostics, {args.edits} one-character edits")
    for name, xs in phases.items():
        print(f"{name:17s} p50 {pct(xs, 0.5):6.2f} ms   p95 {pct(xs, 0.95):6.2f} ms")
    if prof:
        prof.dump_stats(args.profile)


if __name__ == "__main__":
    main()
