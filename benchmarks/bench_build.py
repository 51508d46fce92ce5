"""Wall time of the report build against a plain script computing the same figures in one process.

Run: .venv/bin/python benchmarks/bench_build.py [--data PATH] [--jobs N]
Prints the figures; it asserts nothing (targets are judged by reading them, not by a timed test).
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def timed(args: list[str]) -> float:
    began = time.perf_counter()
    subprocess.run(args, check=True, cwd=PROJECT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default="")
    parser.add_argument("--jobs", type=int, default=os.cpu_count())
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    config = PROJECT / "reports.yaml"
    data = ["--data", args.data] if args.data else []
    baseline = min(
        timed([sys.executable, str(PROJECT / "benchmarks" / "baseline_figures.py"), str(config), args.data])
        for _ in range(args.repeat)
    )
    with tempfile.TemporaryDirectory() as out:
        build = [sys.executable, "-m", "analysis", "build", "--out", out, "--jobs", str(args.jobs), *data]
        full = min(timed([*build, "--force"]) for _ in range(args.repeat))
        unchanged = min(timed(build) for _ in range(args.repeat))
        pages = sorted(Path(out).glob("*.html"))
        sizes = ", ".join(f"{p.stem} {p.stat().st_size / 1024:.0f} KiB" for p in pages)
    print(f"machine: {os.cpu_count()} CPUs; best of {args.repeat} runs; jobs {args.jobs}")
    print(f"plain script, same figures, one process: {baseline:6.2f} s")
    print(f"build, all reports (--force):            {full:6.2f} s   ({full / baseline:.2f}x the script)")
    print(f"build, nothing changed:                  {unchanged:6.2f} s")
    print(f"HTML sizes: {sizes}")


if __name__ == "__main__":
    main()
