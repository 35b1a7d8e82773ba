"""`gotestsmells check` throughput as a ratio to a plain tree-sitter parse of the same files.

    python bench/check_throughput.py PATH [PATH ...] [--repeat 3]

The baseline reads every *_test.go file and parses it with py-tree-sitter (what any tool on this stack
must do).  `check` is measured doing everything the CLI does for the report (reading, parsing, the analysis
context, every default rule, suppression, positions), with one job and with `--jobs 2`.  Each figure is the
best of --repeat runs.  Ratios, not seconds, are the point: they hold from one machine to another."""

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
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    files = list(iter_files(args.paths))
    size = sum(os.path.getsize(f) for f in files)
    t_parse = min(parse_all(files) for _ in range(args.repeat))
    one = [check_all(files, 1) for _ in range(args.repeat)]
    two = [check_all(files, 2) for _ in range(args.repeat)]
    t1, n = min(one)
    t2, _ = min(two)
    print(f"{len(files)} test files, {size / 1e6:.1f} MB, {n} findings")
    print(f"tree-sitter parse: {t_parse:.2f} s")
    print(f"check, 1 job:      {t1:.2f} s  = {t1 / t_parse:.2f}x parse")
    print(f"check, --jobs 2:   {t2:.2f} s  = {t2 / t_parse:.2f}x parse")


if __name__ == "__main__":
    main()
