"""ACLED-scale figures: import, load+validate, each view, the report build and its HTML size, peak memory.

Run: .venv/bin/python benchmarks/bench_scale.py [--sizes 10000 100000 1000000]
For each size it writes a synthetic export (benchmarks/synthetic_acled.py) into a scratch copy of the
project's data, then times each step in a fresh process and prints the figures. It asserts nothing:
targets are judged by reading the figures, not by a timed test.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

STEP = textwrap.dedent("""
    import json, resource, sys, time
    from pathlib import Path
    step, export, data = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    figures = {}
    began = time.perf_counter()
    if step == "read_csv":
        import pandas as pd
        pd.read_csv(export)
    elif step == "import":
        from analysis.imports import import_export
        import_export("acled", export, data, "synthetic", force=True)
    elif step == "load":
        import analysis
        from analysis import views
        ds = analysis.load(data)
        figures["load+validate"] = time.perf_counter() - began
        again = time.perf_counter()
        analysis.load(data)
        figures["load again (same process)"] = time.perf_counter() - again
        both = "coded, synthetic"
        for name, run in [("links", lambda: views.record_links(ds)),
                          ("combine datasets", lambda: views.incidents_from(ds, ["coded", "synthetic"])),
                          ("view attack_counts year x perpetrator", lambda: views.attack_counts(ds, datasets=both)),
                          ("view attack_counts quarter x province",
                           lambda: views.attack_counts(ds, freq="quarter", by="province", datasets=both)),
                          ("view attack_counts Kabul ISKP by month",
                           lambda: views.attack_counts(ds, freq="month", provinces="Kabul", perpetrators="ISKP",
                                                       datasets=both)),
                          ("view attributions", lambda: views.attributions(ds, datasets=both)),
                          ("view stance_counts", lambda: views.stance_counts(ds, datasets=both)),
                          ("view official_killings", lambda: views.officials_killed_in_window(ds)),
                          ("view accusation_flows", lambda: views.statement_flows(ds)),
                          ("view corroboration", lambda: views.corroboration(ds))]:
            start = time.perf_counter(); run(); figures[name] = time.perf_counter() - start
    figures["total"] = time.perf_counter() - began
    figures["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(figures))
""")

CONFIG = textwrap.dedent("""
    reports:
      attacks_year:
        title: Attacks per year, coded and synthetic
        notebook: attack_counts
        parameters: {freq: year, by: perpetrator, datasets: "coded, synthetic"}
      attacks_province:
        title: Attacks per quarter by province, coded and synthetic
        notebook: attack_counts
        parameters: {freq: quarter, by: province, datasets: "coded, synthetic"}
""")


def step(name: str, export: Path, data: Path, repeat: int = 1) -> dict:
    runs = []
    for _ in range(repeat):
        out = subprocess.run(
            [PYTHON, "-c", STEP, name, str(export), str(data)], check=True, cwd=PROJECT, capture_output=True, text=True
        ).stdout
        runs.append(json.loads(out.strip().splitlines()[-1]))
    return min(runs, key=lambda r: r["total"])


def build(data: Path, out: Path, config: Path) -> tuple[float, dict]:
    import time

    began = time.perf_counter()
    subprocess.run(
        [PYTHON, "-m", "analysis", "build", "--data", str(data), "--out", str(out), "--config", str(config), "--force"],
        check=True,
        cwd=PROJECT,
        capture_output=True,
    )
    seconds = time.perf_counter() - began
    return seconds, {p.stem: p.stat().st_size for p in sorted(out.glob("attacks_*.html"))}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=2, help="runs of read_csv and import; the best is shown")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} CPUs; python {sys.version.split()[0]}")
    first_sizes = None
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        config = scratch / "reports.yaml"
        config.write_text(CONFIG, encoding="utf-8")
        (scratch / "notebooks").symlink_to(PROJECT / "notebooks")  # the build finds notebooks beside its config
        for rows in args.sizes:
            root = scratch / str(rows)
            shutil.copytree(PROJECT / "data", root / "data")
            shutil.copytree(PROJECT / "seeds", root / "seeds")
            export = root / "acled.csv"
            # in a child process: Linux hands a parent's peak memory on to the children it starts
            subprocess.run(
                [PYTHON, str(PROJECT / "benchmarks" / "synthetic_acled.py"), str(rows), str(export)], check=True
            )
            read = step("read_csv", export, root / "data", args.repeat)
            imported = step("import", export, root / "data", args.repeat)
            loaded = step("load", export, root / "data")
            seconds, sizes = build(root / "data", root / "reports", config)
            first_sizes = first_sizes or sizes
            print(f"\n== {rows:,} rows ({export.stat().st_size / 2**20:.0f} MiB export)")
            print(f"  bare pandas.read_csv        {read['total']:7.2f} s   peak {read['peak_mb']:6.0f} MB")
            print(
                f"  import                      {imported['total']:7.2f} s   peak {imported['peak_mb']:6.0f} MB   "
                f"({imported['total'] / read['total']:.2f}x the bare read)"
            )
            print(
                f"  load+validate               {loaded['load+validate']:7.2f} s   peak {loaded['peak_mb']:6.0f} MB "
                "(load and every view below)"
            )
            print(
                f"  (import + load+validate: {(imported['total'] + loaded['load+validate']) / read['total']:.2f}x the "
                "bare read)"
            )
            for name, value in loaded.items():
                if name not in ("load+validate", "total", "peak_mb"):
                    print(f"  {name:<40} {value:7.3f} s")
            print(f"  build, 2 attack-count reports {seconds:7.2f} s")
            for name, size in sizes.items():
                print(
                    f"  {name}.html {size / 1024:7.0f} KiB ({size / first_sizes[name] - 1:+.1%} vs {args.sizes[0]:,} "
                    "rows)"
                )


if __name__ == "__main__":
    main()
