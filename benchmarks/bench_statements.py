"""Machine-coded statements at scale: import against a bare read, load, linking, the flows views, chart size.

Run: .venv/bin/python benchmarks/bench_statements.py [--sizes 10000 100000 1000000]
For each size it writes a synthetic POLECAT weekly file (benchmarks/synthetic_polecat.py) and imports it
into a scratch copy of the project's data, then prints each step's time and the ratios the issue set:
import within 4x a bare pandas read of the same file; load() beside load() of the data without it; the
flows views under 1 s; the statement traffic chart's size, which must not grow with the rows imported
(the view aggregates before charting). It asserts nothing: read the figures.
"""

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT / "benchmarks"))

from synthetic_polecat import generate  # noqa: E402

import analysis  # noqa: E402
from analysis import charts, views  # noqa: E402
from analysis.imports import import_statements  # noqa: E402


def timed(function):
    began = time.perf_counter()
    result = function()
    return time.perf_counter() - began, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    sizes = parser.parse_args().sizes
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        shutil.copytree(PROJECT / "data", scratch / "data")
        shutil.copytree(PROJECT / "seeds", scratch / "seeds")
        base, _ = timed(lambda: analysis.load(scratch / "data"))
        print(f"load() of the project's data without statement imports: {base:.2f} s")
        print("rows       bare read  import (ratio)  statements  load   link  flows  flows(window)  volume  chart KB")
        for rows in sizes:
            print(figures(rows, scratch))


def figures(rows: int, scratch: Path) -> str:
    """One size's line of figures."""
    data = scratch / f"data_{rows}"
    shutil.copytree(scratch / "data", data)
    file = scratch / f"polecat_{rows}.txt"
    file.write_text("\n".join(generate(rows)) + "\n", encoding="utf-8")
    bare, _ = timed(lambda: pd.read_csv(file, sep="\t", dtype=str, on_bad_lines="skip"))
    took, (_, manifest) = timed(lambda: import_statements("polecat", [file], data, "synthetic", force=True))
    file.unlink()
    loading, ds = timed(lambda: analysis.load(data))
    linking, _ = timed(lambda: views.statement_links(ds))
    flows, _ = timed(lambda: views.statement_flows(ds, datasets="coded, synthetic"))
    window, _ = timed(
        lambda: views.statement_flows(
            ds, start="2023-01-01", end="2023-12-31", actors="Taliban", datasets="coded, synthetic"
        )
    )
    volume_time, volume = timed(lambda: views.statement_volume(ds, datasets="coded, synthetic"))
    chart = len(charts.statement_volume_chart(volume).to_json()) / 1000
    return (
        f"{rows:<10} {bare:8.2f}s  {took:6.2f}s ({took / bare:.2f}x)  {manifest['statements']:>10}  "
        f"{loading:4.2f}s {linking:5.2f}s {flows:5.2f}s {window:13.2f}s {volume_time:6.2f}s {chart:9.0f}"
    )


if __name__ == "__main__":
    main()
