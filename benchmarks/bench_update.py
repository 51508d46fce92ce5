"""A weekly update at ACLED scale: `import --update` against a fresh import, `changes`, and the history's cost on a
build (issue 21: at most 1.5x, under 3 s, at most +10 %).

Run: .venv/bin/python benchmarks/bench_update.py [--rows 1000000] [--changed 0.01]
It writes a synthetic export (benchmarks/synthetic_acled.py) and its next week: the same events with a share
`changed` of them changed (half re-coded, two fifths new, a tenth deleted by a deletions file), imports the first
into a scratch copy of the project's data, builds two reports on it (each kernel loads and validates the million
events), then times in fresh
processes: the update (`--update --deleted`), a fresh import of the new export, builds with the history on and off
(alternated, twice, the best of each shown) and `changes` over the update. It prints the figures and ratios and
asserts nothing.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pandas as pd

PROJECT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
REPORTS = textwrap.dedent("""
    history: {keep: KEEP}
    reports:
      officials:
        title: Officials killed
        notebook: official_killings
      exchange:
        title: The Iran-Taliban exchange
        notebook: accusation_flows
        parameters: {actors: Iran, start: 2023-07-01, end: 2023-07-31}
""")
IMPORT = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    began = time.perf_counter()
    from analysis.imports import import_export
    export, data, deleted = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    import_export("acled", export, data, "synthetic", force=not deleted, update=bool(deleted), deleted=deleted or None)
    print(time.perf_counter() - began)
""")


HISTORY = textwrap.dedent("""
    import sys, tempfile, time
    from pathlib import Path
    from analysis import load
    from analysis.build import history
    from analysis.build.changes import data_changes
    data, out = Path(sys.argv[1]), Path(sys.argv[2])
    ds = load(data)
    began = time.perf_counter()
    rows, imports = history.data_rows(ds), history.import_states(ds.imports)
    data_changes(history.builds(out)[0], rows, {"data_dir": str(data), "imports": imports})
    history.record_build(Path(tempfile.mkdtemp()), "x", data, imports, rows, {}, "", 1)
    print(time.perf_counter() - began)
""")


def timed(*argv: str) -> float:
    """Seconds a fresh process takes to run argv, module imports included."""
    began = time.perf_counter()
    subprocess.run([PYTHON, *argv], check=True, cwd=PROJECT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - began


def next_week(export: Path, new: Path, deletions: Path, changed: float) -> dict:
    """The export a week later: re-coded (newer timestamp, one more killed), new and deleted events."""
    rows = pd.read_csv(export, dtype=str, keep_default_na=False)
    n = int(len(rows) * changed)
    recoded, added, deleted = n // 2, n * 2 // 5, n - n // 2 - n * 2 // 5
    later = str(int(pd.to_numeric(rows["timestamp"]).max()) + 86_400)
    picked = rows.sample(recoded + deleted, random_state=2).index
    rows.loc[picked[:recoded], "fatalities"] = (pd.to_numeric(rows.loc[picked[:recoded], "fatalities"]) + 1).astype(str)
    rows.loc[picked[:recoded], "timestamp"] = later
    gone = rows.loc[picked[recoded:], "event_id_cnty"]
    fresh = rows.sample(added, random_state=3).assign(timestamp=later)
    fresh["event_id_cnty"] = [f"AFGNEW{i:07d}" for i in range(added)]
    pd.concat([rows.drop(picked[recoded:]), fresh]).to_csv(new, index=False)
    pd.DataFrame({"event_id_cnty": gone, "deleted_timestamp": later}).to_csv(deletions, index=False)
    return {"re-coded": recoded, "added": added, "deleted": deleted}


def build(root: Path, keep: int) -> float:
    config = root / "reports.yaml"
    config.write_text(REPORTS.replace("KEEP", str(keep)), encoding="utf-8")
    out = root / "reports"
    return timed(
        "-m", "analysis", "build", "--data", str(root / "data"), "--out", str(out), "--config", str(config), "--force"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--changed", type=float, default=0.01, help="share of the events changed a week later")
    args = parser.parse_args()
    print(
        f"machine: {os.cpu_count()} CPUs; python {sys.version.split()[0]}; {args.rows:,} events, "
        f"{args.changed:.0%} changed"
    )
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        for folder in ("data", "seeds"):
            shutil.copytree(PROJECT / folder, root / folder)
        (root / "notebooks").symlink_to(PROJECT / "notebooks")  # the build finds notebooks beside its config
        export, new, deletions = root / "acled.csv", root / "acled_next.csv", root / "deleted.csv"
        subprocess.run(
            [PYTHON, str(PROJECT / "benchmarks" / "synthetic_acled.py"), str(args.rows), str(export)], check=True
        )
        counts = next_week(export, new, deletions, args.changed)
        print("next week: " + ", ".join(f"{n:,} {what}" for what, n in counts.items()))
        step = ["-c", IMPORT]
        shutil.copytree(root / "data", root / "fresh")  # no import yet: where the new export is imported afresh
        first_import = timed(*step, str(export), str(root / "data"), "")
        build(root, keep=10)  # the first build on record
        update = timed(*step, str(new), str(root / "data"), str(deletions))
        fresh = timed(*step, str(new), str(root / "fresh"), "")
        on, off = [], []
        for _ in range(2):
            on.append(build(root, keep=10))
            off.append(build(root, keep=0))
        first = json.loads(sorted((root / "reports" / "history").glob("*/build.json"))[0].read_text())["build"]
        inside = subprocess.run(
            [PYTHON, "-c", HISTORY, str(root / "data"), str(root / "reports")],
            cwd=PROJECT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        changes = timed("-m", "analysis", "changes", "--out", str(root / "reports"), "--since", first)
        listed = subprocess.run(
            [PYTHON, "-m", "analysis", "changes", "--out", str(root / "reports"), "--since", first],
            cwd=PROJECT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.splitlines()
    print(f"  first import                 {first_import:7.2f} s")
    print(f"  import --update --deleted    {update:7.2f} s   ({update / fresh:.2f}x a fresh import of the new export)")
    print(f"  fresh import of the new one  {fresh:7.2f} s")
    print(f"  changes over the update      {changes:7.2f} s   ({len(listed):,} lines printed)")
    print(f"  build, history on            {min(on):7.2f} s   (runs: {', '.join(f'{s:.2f}' for s in on)})")
    print(f"  build, history off           {min(off):7.2f} s   (runs: {', '.join(f'{s:.2f}' for s in off)})")
    print(f"  the history's cost           {min(on) / min(off) - 1:+7.1%} of a build")
    print(
        f"  the history's own steps      {float(inside):7.2f} s   (rows, import states, comparison, record: in-process)"
    )


if __name__ == "__main__":
    main()
