"""`gotestsmells check` throughput as a ratio to a plain tree-sitter parse of the same files.

    python bench/check_throughput.py PATH [PATH ...] [--repeat 3]

The baseline reads every *_test.go file and parses it with py-tree-sitter (what any tool on this stack
must do).  `check` is measured doing everything the CLI does for the report (reading, parsing, the analysis
context, every default rule, suppression, positions), with one job and with `--jobs 2`, in rounds (parse, then
check) whose median ratio is reported.  Ratios, not seconds, are the point: they hold from one machine to
another."""

from __future__ import annotations

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "server"))

from gotestsmells.cli import _Job, _run_jobs, iter_files
from gotestsmells.parsing import parse
from gotestsmells.rules.base import Severity


def parse_all(files: list[str]) -> float:
    t0 = time.perf_counter()
    for f in files:
        with open(f, "rb") as fh:
            parse(fh.read())
    return time.perf_counter() - t0


def check_all(files: list[str], jobs: int) -> tuple[float, int]:
    job = _Job({}, None, False, False, False, Severity.HINT)
    t0 = time.perf_counter()
    results = _run_jobs(files, job, jobs)
    return time.perf_counter() - t0, sum(len(r.reports) for r in results)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    files = list(iter_files(args.paths))
    size = sum(os.path.getsize(f) for f in files)
    check_all(files[:20], 1)  # imports, compiled queries: what any first run pays once
    # Rounds of parse, check (1 job), check (2 jobs) back to back: a machine that speeds up or slows down
    # during the run moves both sides of a ratio alike.  The median ratio over the rounds is reported.
    one: list[float] = []
    two: list[float] = []
    n = 0
    times: list[tuple[float, float, float]] = []
    for _ in range(args.repeat):
        tp = parse_all(files)
        t1, n = check_all(files, 1)
        t2, _ = check_all(files, 2)
        times.append((tp, t1, t2))
        one.append(t1 / tp)
        two.append(t2 / tp)
    one.sort()
    two.sort()
    tp, t1, t2 = sorted(times, key=lambda t: t[1] / t[0])[len(times) // 2]
    print(f"{len(files)} test files, {size / 1e6:.1f} MB, {n} findings; median of {args.repeat} rounds")
    print(f"tree-sitter parse: {tp:.2f} s")
    for label, t, r in (("check, 1 job:   ", t1, one), ("check, --jobs 2:", t2, two)):
        print(f"{label}   {t:.2f} s  = {r[len(r) // 2]:.2f}x parse (rounds: {r[0]:.2f}-{r[-1]:.2f})")


if __name__ == "__main__":
    main()
