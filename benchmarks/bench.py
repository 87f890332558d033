"""Benchmark briefs against the plain python-docx + reportlab loop, paired run by run.

    python benchmarks/bench.py                 # measures (a)-(d), medians of 7 runs
    python benchmarks/bench.py --runs 3 --json # fewer runs; JSON summary on stdout
    python benchmarks/bench.py --memory        # (e) only: peak memory at 2,000 briefs

Every measure times whole processes started from here (interpreter start-up and imports
included): wall time, CPU time (user + system of the process and the workers it waited for,
from os.wait4) and the peak resident set of the largest process in the tree. Each run times
the plain loop (benchmarks/plain_loop.py) and then briefs on the same input (A B A B ...), so
both see the same machine load; the ratios are briefs / plain, one per run, and their median
is reported.

(a) seed: the bundled conference, every document in both formats (24 x 2 files), default jobs.
(b) marginal cost per brief on one core (`--jobs 1`): two generated batches (benchmarks/
    generate.py: the seed repeated, 24 and 240 documents); (t240 - t24) / 216 per tool, so
    start-up, imports and catalogs cancel out.
(c) unchanged rebuild: `briefs build` again into the output of (a), against the plain loop's
    (a) time (the plain loop has no other way to rebuild).
(d) rebuild after one theme's summary changed, into the same output; against the plain (a).
(e) --memory: peak RSS of `briefs build` of a generated 2,016-document batch (default jobs).
"""

from __future__ import annotations

import argparse
import compileall
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SEED = ROOT / "data" / "berlin-2024.yaml"
DATE = "2026-11-26"
sys.path.insert(0, str(HERE))

from generate import DOCUMENTS_PER_COPY, write_synthetic  # noqa: E402

SMALL_COPIES = 1
TARGETS = {"seed": 0.5, "marginal": 0.4, "unchanged": 0.25, "peak_mib": 150.0}


@dataclass(frozen=True)
class Sample:
    """One finished process: wall and CPU seconds, peak RSS of its largest process (MiB)."""

    wall: float
    cpu: float
    rss_mib: float


def run(command: Sequence[str], cwd: Path = ROOT) -> Sample:
    """Run a command to completion and return what it cost; fail loudly if it fails.

    briefs reads the catalogs of the workspace it runs in: the repository's for the seed, a
    generated batch's own (generate.py makes its folder a workspace) for a batch.
    """
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(list(command), stdout=subprocess.DEVNULL, stderr=errors, cwd=cwd)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            tail = errors.read().decode(errors="replace")[-2000:]
            raise SystemExit(f"error: {' '.join(command)} exited {process.returncode}:\n{tail}")
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def plain(data: Path, out: Path, locales: Path | None = None) -> list[str]:
    """Return the plain loop's command line."""
    command = [sys.executable, str(HERE / "plain_loop.py"), str(data), "--out", str(out)]
    command += ["--date", DATE]
    return command + (["--locales", str(locales)] if locales else [])


def briefs(data: Path, out: Path, *options: str) -> list[str]:
    """Return `briefs build`'s command line."""
    command = [sys.executable, "-m", "briefs", "build", str(data), "--out", str(out)]
    return [*command, "--date", DATE, *options]


def changed_theme(seed: Path, target: Path) -> Path:
    """Write the seed with one sentence added to the first session's summary."""
    text = seed.read_text(encoding="utf-8")
    marker = "    summary: >-\n"
    assert marker in text, "the seed's first summary is no longer a folded block"
    head, tail = text.split(marker, 1)
    first_line_end = tail.index("\n")
    edited = tail[:first_line_end] + " A sentence added for the benchmark." + tail[first_line_end:]
    target.write_text(head + marker + edited, encoding="utf-8")
    return target


def fresh(path: Path) -> Path:
    """Return path as an empty directory."""
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def same_files(work: Path, expected: int) -> None:
    """Check that the plain loop and briefs both wrote the expected number of documents."""
    for tool in ("plain", "briefs"):
        found = sum(1 for p in (work / f"{tool}-out").rglob("*") if p.suffix in (".docx", ".pdf"))
        if found != expected:
            raise SystemExit(f"error: {tool} wrote {found} documents, not {expected}")


def paired_runs(work: Path, runs: int, large_copies: int) -> dict[str, list[dict[str, Sample]]]:
    """Run (a)-(d) `runs` times after one warm-up round, plain loop first in every pair."""
    small = write_synthetic(SMALL_COPIES, work / "small")
    large = write_synthetic(large_copies, work / "large")
    changed = changed_theme(SEED, work / "changed.yaml")
    samples: dict[str, list[dict[str, Sample]]] = {"seed": [], "marginal": [], "rebuilds": []}
    for index in range(runs + 1):
        seed = {
            "plain": run(plain(SEED, fresh(work / "plain-out"))),
            "briefs": run(briefs(SEED, fresh(work / "briefs-out"))),
        }
        same_files(work, 2 * DOCUMENTS_PER_COPY)
        rebuilds = {
            "unchanged": run(briefs(SEED, work / "briefs-out")),
            "changed": run(briefs(changed, work / "briefs-out")),
        }
        batches = {}
        for name, data in (("small", small), ("large", large)):
            locales = data.parent / "locales"
            batches[f"plain_{name}"] = run(plain(data, fresh(work / "plain-out"), locales))
            batches[f"briefs_{name}"] = run(
                briefs(data, fresh(work / "briefs-out"), "--jobs", "1"), data.parent
            )
            if index == 0:
                copies = SMALL_COPIES if name == "small" else large_copies
                same_files(work, 2 * DOCUMENTS_PER_COPY * copies)
        if index == 0:
            continue  # warm-up: compiled bytecode, page cache, fonts read once
        samples["seed"].append(seed)
        samples["rebuilds"].append(rebuilds)
        samples["marginal"].append(batches)
        print(f"run {index}/{runs} done", file=sys.stderr, flush=True)
    return samples


def median(values: list[float]) -> float:
    """Return the median (NaN for no values)."""
    return statistics.median(values) if values else math.nan


def summarize(samples: dict[str, list[dict[str, Sample]]], large_copies: int) -> dict[str, Any]:
    """Return medians and paired ratios for every measure."""
    seed, rebuilds, batches = samples["seed"], samples["rebuilds"], samples["marginal"]
    extra = (large_copies - SMALL_COPIES) * DOCUMENTS_PER_COPY
    summary: dict[str, Any] = {}

    def measure(name: str, plain_s: list[Sample], briefs_s: list[Sample], target: float | None):
        summary[name] = {
            "plain_wall_s": median([s.wall for s in plain_s]),
            "briefs_wall_s": median([s.wall for s in briefs_s]),
            "plain_cpu_s": median([s.cpu for s in plain_s]),
            "briefs_cpu_s": median([s.cpu for s in briefs_s]),
            "ratio_wall": median([b.wall / p.wall for p, b in zip(plain_s, briefs_s, strict=True)]),
            "ratio_cpu": median([b.cpu / p.cpu for p, b in zip(plain_s, briefs_s, strict=True)]),
            "plain_peak_mib": max((s.rss_mib for s in plain_s), default=math.nan),
            "briefs_peak_mib": max((s.rss_mib for s in briefs_s), default=math.nan),
            "target": target,
        }

    plain_seed = [pair["plain"] for pair in seed]
    measure("seed", plain_seed, [pair["briefs"] for pair in seed], TARGETS["seed"])
    measure("unchanged", plain_seed, [pair["unchanged"] for pair in rebuilds], TARGETS["unchanged"])
    measure("changed", plain_seed, [pair["changed"] for pair in rebuilds], None)
    for size in ("small", "large"):
        measure(
            f"batch_{size}",
            [b[f"plain_{size}"] for b in batches],
            [b[f"briefs_{size}"] for b in batches],
            None,
        )

    def per_brief(tool: str, field: str) -> list[float]:
        return [
            (getattr(b[f"{tool}_large"], field) - getattr(b[f"{tool}_small"], field)) / extra
            for b in batches
        ]

    marginal: dict[str, Any] = {"target": TARGETS["marginal"], "briefs_added": extra}
    for field in ("wall", "cpu"):
        plain_m, briefs_m = per_brief("plain", field), per_brief("briefs", field)
        marginal[f"plain_{field}_ms"] = median(plain_m) * 1000
        marginal[f"briefs_{field}_ms"] = median(briefs_m) * 1000
        marginal[f"ratio_{field}"] = median([b / p for p, b in zip(plain_m, briefs_m, strict=True)])
        for tool, per in (("plain", plain_m), ("briefs", briefs_m)):
            fixed = [
                getattr(b[f"{tool}_small"], field) - SMALL_COPIES * DOCUMENTS_PER_COPY * m
                for b, m in zip(batches, per, strict=True)
            ]
            marginal[f"{tool}_fixed_{field}_s"] = median(fixed)
    summary["marginal"] = marginal
    return summary


def memory(work: Path, documents: int) -> dict[str, Any]:
    """Build a generated batch of about `documents` documents once; return its peak memory."""
    copies = math.ceil(documents / DOCUMENTS_PER_COPY)
    data = write_synthetic(copies, work / "memory")
    sample = run(briefs(data, fresh(work / "briefs-out")), data.parent)
    return {
        "documents": copies * DOCUMENTS_PER_COPY,
        "briefs_peak_mib": sample.rss_mib,
        "briefs_wall_s": sample.wall,
        "briefs_cpu_s": sample.cpu,
        "target_mib": TARGETS["peak_mib"],
    }


def verdict(value: float, target: float | None) -> str:
    """Return 'ok', 'MISSED' or '' for a ratio against its target (at most)."""
    if target is None or math.isnan(value):
        return ""
    return "ok" if value <= target else "MISSED"


def print_table(summary: dict[str, Any], runs: int) -> None:
    """Print the summary as a table."""
    machine = summary["machine"]
    load = "/".join(f"{value:.1f}" for value in machine["load_average_before"])
    print(
        f"{machine['cores']} cores (load average {load} at the start), Python {machine['python']}"
    )
    if "seed" in summary:
        print_paired(summary, runs)
    if "memory" in summary:
        m = summary["memory"]
        print(
            f"(e) peak RSS at {m['documents']} documents: {m['briefs_peak_mib']:.0f} MiB "
            f"(target < {m['target_mib']:.0f}) {'ok' if m['briefs_peak_mib'] < 150 else 'MISSED'}"
            f"; {m['briefs_wall_s']:.1f} s wall, {m['briefs_cpu_s']:.1f} s CPU"
        )


def print_paired(summary: dict[str, Any], runs: int) -> None:
    """Print the paired measures (a)-(d): medians, ratios and targets."""
    print(f"medians of {runs} paired runs; ratio = briefs / plain, median of the per-run ratios")
    header = (
        f"{'measure':40} {'plain':>9} {'briefs':>9} {'ratio':>7} {'cpu ratio':>9} {'target':>7}"
    )
    print(header)
    print("-" * len(header))
    small = SMALL_COPIES * DOCUMENTS_PER_COPY
    rows = [
        ("(a) seed build, 48 files, default jobs", "seed"),
        ("(c) unchanged rebuild (vs plain a)", "unchanged"),
        ("(d) one theme changed (vs plain a)", "changed"),
        (f"    {small} documents, --jobs 1", "batch_small"),
        (f"    {small + summary['marginal']['briefs_added']} documents, --jobs 1", "batch_large"),
    ]
    for label, key in rows:
        m = summary[key]
        target = f"≤{m['target']}" if m["target"] is not None else ""
        print(
            f"{label:40} {m['plain_wall_s']:8.2f}s {m['briefs_wall_s']:8.2f}s "
            f"{m['ratio_wall']:6.2f}x {m['ratio_cpu']:8.2f}x {target:>7} "
            f"{verdict(m['ratio_wall'], m['target'])}"
        )
    m = summary["marginal"]
    print(
        f"{'(b) marginal per brief, 1 core':40} {m['plain_wall_ms']:7.1f}ms "
        f"{m['briefs_wall_ms']:7.1f}ms {m['ratio_wall']:6.2f}x {m['ratio_cpu']:8.2f}x "
        f"{'≤' + str(m['target']):>7} {verdict(m['ratio_wall'], m['target'])}"
    )
    print(
        f"{'    fixed cost per run, wall':40} {m['plain_fixed_wall_s']:8.2f}s "
        f"{m['briefs_fixed_wall_s']:8.2f}s"
    )
    print(
        f"{'    fixed cost per run, CPU':40} {m['plain_fixed_cpu_s']:8.2f}s "
        f"{m['briefs_fixed_cpu_s']:8.2f}s"
    )
    for label, key in (("seed", "seed"), ("large batch", "batch_large")):
        m = summary[key]
        print(
            f"{'    peak RSS, ' + label:40} {m['plain_peak_mib']:6.0f}MiB "
            f"{m['briefs_peak_mib']:6.0f}MiB"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="paired runs (after one warm-up)")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.add_argument(
        "--memory",
        action="store_true",
        help="measure only (e), peak memory of one build of a large generated batch",
    )
    parser.add_argument(
        "--memory-documents", type=int, default=2000, help="batch size for --memory"
    )
    parser.add_argument(
        "--large-copies",
        type=int,
        default=10,
        help="seed copies in the large batch of (b) (24 documents each; the small one is 1)",
    )
    args = parser.parse_args()
    if args.runs < 1:
        parser.error(f"--runs must be at least 1, not {args.runs}")
    if args.large_copies < 2:
        parser.error(f"--large-copies must be at least 2, not {args.large_copies}")
    # as a regular install would have it (pip compiles a package's modules when it installs
    # it; an editable install only on first import, and never with PYTHONDONTWRITEBYTECODE)
    compileall.compile_dir(ROOT / "src" / "briefs", quiet=1)
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="briefs-bench-") as directory:
        work = Path(directory)
        if args.memory:
            summary = {"memory": memory(work, args.memory_documents)}
        else:
            samples = paired_runs(work, args.runs, args.large_copies)
            summary = summarize(samples, args.large_copies)
            summary["samples"] = {
                measure: [{key: asdict(sample) for key, sample in pair.items()} for pair in pairs]
                for measure, pairs in samples.items()
            }
    summary["machine"] = {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "load_average_before": load_before,
        "load_average_after": os.getloadavg(),
        "runs": args.runs,
    }
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print_table(summary, args.runs)


if __name__ == "__main__":
    main()
