"""Benchmark briefs: the seed build as a user runs it, and a synthetic batch of 500 briefs.

    python benchmarks/bench.py                # both parts, medians of several runs
    python benchmarks/bench.py --runs 9       # more runs on a noisy machine

(a) `briefs build` of the bundled conference, the whole process timed from the shell
    (interpreter start-up and imports included), with one process per core and with --jobs 1.
(b) 500 theme briefs of a synthetic conference (the seed's sessions repeated): the marginal
    cost per brief of each writer on one core, then the whole batch through the build's
    parallel path on every core. Peak memory is the largest resident set of any process.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "berlin-2024.yaml"
BATCH = 500


def time_cli(args: list[str], runs: int) -> list[float]:
    """Return wall seconds of `python -m briefs ARGS` over several runs (one warm-up first)."""
    timings = []
    for run in range(runs + 1):
        with tempfile.TemporaryDirectory() as out:
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "briefs", *args, "--out", out],
                check=True,
                capture_output=True,
            )
            if run:
                timings.append(time.perf_counter() - start)
    return timings


def synthetic_conference(copies: int) -> Any:
    """Return the seed with its sessions repeated `copies` times under new ids."""
    from ruamel.yaml import YAML

    from briefs.loading import validate_conference

    raw = YAML(typ="safe", pure=True).load(SEED.read_text(encoding="utf-8"))
    raw["conference"]["date"] = str(raw["conference"]["date"])
    sessions = []
    for copy in range(copies):
        for session in raw["sessions"]:
            sessions.append({**session, "id": f"{session['id'][:30]}-{copy}"})
    raw["sessions"] = sessions
    for audience in raw["audiences"]:
        audience["interests"] = [
            {"theme": s["id"], "priority": 1 + i % 99} for i, s in enumerate(sessions)
        ]
    return validate_conference(raw, "", "synthetic")


def per_brief_ms(documents: list[Any], name: str) -> list[float]:
    """Return milliseconds per document for one writer, writing each to memory."""
    from briefs.writers import Stamp, writer_for

    writer = writer_for(name)
    writer.prepare()
    stamp = Stamp(dt.datetime(2026, 11, 26, tzinfo=dt.UTC))
    writer.write(documents[0], io.BytesIO(), stamp)  # warm caches, as a long batch would be
    timings = []
    for document in documents:
        start = time.perf_counter()
        writer.write(document, io.BytesIO(), stamp)
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def batch(runs: int) -> dict[str, Any]:
    """Time the synthetic batch: writers alone on one core, then the parallel build path."""
    from briefs.build import BuildOptions, document_for, plan, render_all

    data = synthetic_conference(copies=21)  # 126 sessions x 4 audiences
    options = BuildOptions(
        build_date=dt.date(2026, 11, 26), themes=tuple(s.id for s in data.sessions)
    )
    jobs = plan(data, options)[:BATCH]
    start = time.perf_counter()
    documents = [document_for(data, job, options)[0] for job in jobs]
    render_ms = (time.perf_counter() - start) * 1000 / len(jobs)
    docx = per_brief_ms(documents, "docx")
    pdf = per_brief_ms(documents, "pdf")
    guard_ms = guard_cost(documents[:40])
    walls = {}
    for workers in (1, os.cpu_count() or 1):
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            outputs = render_all(data, jobs, BuildOptions(**{**options.__dict__, "jobs": workers}))
            samples.append(time.perf_counter() - start)
        assert len(outputs) == 2 * len(jobs)
        walls[workers] = statistics.median(samples)
    return {
        "briefs": len(jobs),
        "render_ms": render_ms,
        "docx_ms": statistics.median(docx),
        "pdf_ms": statistics.median(pdf),
        "docx_mean_ms": statistics.fmean(docx),
        "pdf_mean_ms": statistics.fmean(pdf),
        "walls": walls,
        "guard_ms": guard_ms,
    }


def guard_cost(documents: list[Any]) -> dict[str, float]:
    """Return the leak guard's median milliseconds per file when a protected name exists."""
    from briefs.leaks import Guard
    from briefs.writers import Stamp, writer_for

    guard = Guard(["Planted Protected Name"])
    stamp = Stamp(dt.datetime(2026, 11, 26, tzinfo=dt.UTC))
    cost = {}
    for name in ("docx", "pdf"):
        timings = []
        for document in documents:
            stream = io.BytesIO()
            writer_for(name).write(document, stream, stamp)
            start = time.perf_counter()
            assert not guard.scan(f"brief.{name}", stream.getvalue())
            timings.append((time.perf_counter() - start) * 1000)
        cost[name] = statistics.median(timings)
    return cost


def peak_memory_mb() -> float:
    """Return the largest resident set (MB) of this process and of its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs per measurement")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    cores = os.cpu_count() or 1

    seed_args = ["build", str(SEED), "--date", "2026-11-26"]
    seed_all = time_cli(seed_args, args.runs)
    seed_one = time_cli([*seed_args, "--jobs", "1"], args.runs)
    version = []
    for _ in range(args.runs):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "briefs", "--version"], check=True, capture_output=True
        )
        version.append(time.perf_counter() - start)

    result = batch(max(1, args.runs // 3))
    both = result["docx_ms"] + result["pdf_ms"]
    print(f"machine: {cores} cores, Python {sys.version.split()[0]}; medians of {args.runs} runs")
    print("(a) seed build, whole process (all theme briefs + 4 digests, DOCX and PDF):")
    print(
        f"    {cores} processes: {statistics.median(seed_all):.2f} s   "
        f"(min {min(seed_all):.2f}, max {max(seed_all):.2f})"
    )
    print(
        f"    1 process:   {statistics.median(seed_one):.2f} s   "
        f"(ratio {statistics.median(seed_one) / statistics.median(seed_all):.2f}x)"
    )
    print(f"    `briefs --version` start-up: {statistics.median(version) * 1000:.0f} ms")
    print(f"(b) synthetic batch of {result['briefs']} theme briefs per format, one core:")
    print(f"    templates -> tree: {result['render_ms']:.1f} ms per brief")
    print(
        f"    DOCX writer: {result['docx_ms']:.1f} ms per brief (mean {result['docx_mean_ms']:.1f})"
    )
    print(
        f"    PDF writer:  {result['pdf_ms']:.1f} ms per brief (mean {result['pdf_mean_ms']:.1f})"
    )
    print(f"    DOCX + PDF:  {both:.1f} ms per brief")
    one, many = result["walls"][1], result["walls"][cores]
    guard = result["guard_ms"]
    print(
        f"    leak guard, when the data has protected names: {guard['docx']:.1f} ms per DOCX, "
        f"{guard['pdf']:.1f} ms per PDF (none in this data)"
    )
    print(
        f"    whole batch ({2 * result['briefs']} files, through the build's parallel path): "
        f"{one:.1f} s on 1 core, {many:.1f} s on {cores} ({one / many:.2f}x)"
    )
    print(f"peak memory (largest process): {peak_memory_mb():.0f} MB")


if __name__ == "__main__":
    main()
