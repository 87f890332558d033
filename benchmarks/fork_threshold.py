"""Measure when rendering on two forked workers beats one process, to set PARALLEL_THRESHOLD.

    python benchmarks/fork_threshold.py [--runs 4]

Renders the first N seed documents (every format, in memory) with one worker and with two, for
several N, and prints the fastest of `--runs` tries of each and their ratio (two / one).
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from pathlib import Path

from briefs import build
from briefs.build import BuildOptions, iter_outputs, plan
from briefs.loading import load_conference
from briefs.workspace import bundled_resources

SEED = Path(__file__).resolve().parents[1] / "data" / "berlin-2024.yaml"
DATE = dt.date(2026, 11, 26)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=4)
    args = parser.parse_args()
    data = load_conference(SEED)
    resources = bundled_resources()
    jobs = plan(data, BuildOptions(build_date=DATE, resources=resources))
    build.PARALLEL_THRESHOLD = 1  # let the pool run for any number of documents

    def seconds(count: int, workers: int) -> float:
        options = BuildOptions(build_date=DATE, resources=resources, jobs=workers)
        start = time.perf_counter()
        for _ in iter_outputs(data, jobs[:count], options):
            pass
        return time.perf_counter() - start

    seconds(len(jobs), 1)  # warm-up: imports, fonts, compiled templates
    for count in (2, 4, 8, 12, 16, 24):
        one = min(seconds(count, 1) for _ in range(args.runs))
        two = min(seconds(count, 2) for _ in range(args.runs))
        print(
            f"{count:2d} documents: one worker {one * 1000:5.0f} ms, two {two * 1000:5.0f} ms, "
            f"ratio {two / one:.2f}"
        )


if __name__ == "__main__":
    main()
