"""A grid of 100+ reports built locally (threads) and on a Dask LocalCluster of 1 and 2 worker processes.

Run: .venv/bin/python benchmarks/bench_grid.py [--data PATH] [--years 2021 2023]
Builds attack_counts for every province of the dictionary x every year (34 x 3 = 102 reports), each build
a whole command (`python -m analysis build --force`, imports, kernel and cluster start-up included).
Prints reports per second, the Dask path's per-report overhead against the local one with as many
workers (whole builds, and per report once start-up is set apart: (T(all) - T(2 reports)) / (N - 2)),
and the speed-up of 2 workers over 1. Asserts nothing: the figures are read, not tested.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
GRID = """max_reports: 1000
reports:
  attacks:
    title: Attacks in {{province}}, {{period}}
    notebook: attack_counts
    parameters: {{freq: quarter}}
    grid: {{provinces: all, period: yearly from {first}-01 to {last}-12}}
"""
TWO = ["attacks_kabul_2021", "attacks_herat_2021"]  # a build of two reports: the start-up, set apart


def timed(root: Path, out: str, options: list[str], data: list[str]) -> tuple[float, str]:
    command = [sys.executable, "-m", "analysis", "build", "--config", str(root / "reports.yaml"), "--out"]
    began = time.perf_counter()
    done = subprocess.run([*command, str(root / out), "--force", *options, *data], cwd=PROJECT, capture_output=True)
    seconds = time.perf_counter() - began
    summary = done.stdout.decode().strip().splitlines()[-1:] or done.stderr.decode().strip().splitlines()[-1:]
    return seconds, summary[0] if summary else "?"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default="")
    parser.add_argument("--years", nargs=2, type=int, default=[2021, 2023], metavar=("FIRST", "LAST"))
    args = parser.parse_args()
    data = ["--data", args.data] if args.data else []
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "notebooks").mkdir()
        shutil.copy(PROJECT / "notebooks" / "attack_counts.ipynb", root / "notebooks")
        (root / "reports.yaml").write_text(GRID.format(first=args.years[0], last=args.years[1]), encoding="utf-8")
        runs = {
            "local, 1 job": ["--jobs", "1"],
            "local, 2 jobs": ["--jobs", "2"],
            "dask, 1 worker": ["--executor", "dask", "--jobs", "1"],
            "dask, 2 workers": ["--executor", "dask", "--jobs", "2"],
        }
        seconds, start_up = {}, {}
        for label, options in runs.items():
            out = label.replace(" ", "_").replace(",", "")
            start_up[label], _ = timed(root, out + "_two", [*options, "--only", *TWO], data)
            seconds[label], summary = timed(root, out, options, data)
            print(f"{label:16} {seconds[label]:7.1f} s, 2 reports {start_up[label]:5.1f} s   {summary}", flush=True)
        reports = len(list((root / "local_1_job").glob("*.json")))
    marginal = {label: (seconds[label] - start_up[label]) / (reports - 2) for label in runs}
    print(f"\nmachine: {os.cpu_count()} CPUs (shared: other work may be running); {reports} reports")
    for label, value in seconds.items():
        print(
            f"{label:16} {reports / value:5.2f} reports/s   {value / reports:5.2f} s per report, "
            f"{marginal[label]:5.2f} s once started (start-up {start_up[label]:.1f} s for 2 reports)"
        )
    for workers in ("1", "2"):
        local_label, dask_label = (
            f"local, {workers} job{'s' * (workers == '2')}",
            f"dask, {workers} worker{'s' * (workers == '2')}",
        )
        local, dask = seconds[local_label], seconds[dask_label]
        extra = (marginal[dask_label] / marginal[local_label] - 1) * 100
        print(
            f"per-report overhead of dask over local, {workers} at once: {(dask / local - 1) * 100:+.0f} % "
            f"(whole builds), {extra:+.0f} % (start-up set apart)"
        )
    for kind, one, two in (
        ("dask workers", "dask, 1 worker", "dask, 2 workers"),
        ("local jobs", "local, 1 job", "local, 2 jobs"),
    ):
        print(
            f"speed-up of 2 {kind} over 1: {seconds[one] / seconds[two]:.2f}x whole builds, "
            f"{marginal[one] / marginal[two]:.2f}x once started"
        )


if __name__ == "__main__":
    main()
