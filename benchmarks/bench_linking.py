"""Linking quality and speed: precision and recall against a labelled set, and the time to link a million events.

Run: .venv/bin/python benchmarks/bench_linking.py [--events 1000000] [--skip-scale]
Quality: imports tests/fixtures/linking/{acled,ged}.csv (hand-written, see its README) beside the fixture's
coded incidents in a scratch folder, links, and compares with labels.csv: a labelled pair counts as
linked when both records end in one cluster. Speed: a synthetic ACLED export of --events rows is
imported beside the same data, and the link is timed in a fresh process. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(PROJECT), str(PROJECT / "tests"), str(PROJECT / "benchmarks")]
from linking_set import LABELLED, labelled_folder, quality, read_labels  # noqa: E402  (tests/linking_set.py)

SCALE = textwrap.dedent("""
    import json, resource, sys, time
    import analysis
    from analysis.linking import link_records
    ds = analysis.load(sys.argv[1])
    began = time.perf_counter(); links = link_records(ds); took = time.perf_counter() - began
    print(json.dumps({"events": len(ds.events), "link_seconds": took, "pairs": len(links.pairs),
                      "clusters": int(links.members["cluster"].nunique()),
                      "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
""")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--skip-scale", action="store_true")
    args = parser.parse_args()
    import analysis
    from analysis.linking import link_records

    with tempfile.TemporaryDirectory() as scratch:
        for name, labelled in [
            ("labelled set (the tests require it linked exactly)", LABELLED),
            ("held-out set (second coder; never used to set the weights)", LABELLED / "heldout"),
        ]:
            data = labelled_folder(Path(scratch) / labelled.name, labelled)
            links = link_records(analysis.load(data))
            figures = quality(links, read_labels(labelled))
            review = links.pairs[links.pairs["status"] == "review"]
            print(
                f"\n{name}: {labelled.relative_to(PROJECT)}/labels.csv; a pair counts as linked when both records end "
                "in one cluster"
            )
            print(f"{'pairs of datasets':<18}{'pairs':>6}{'matches':>8}{'linked':>7}{'precision':>10}{'recall':>7}")
            for kind, f in figures.items():
                print(
                    f"{kind:<18}{f['pairs']:>6}{f['matches']:>8}{f['linked']:>7}{f['precision']:>10.2f}{f['recall']:>7.2f}"
                )
            reviewed = {frozenset(pair) for pair in zip(review["left"], review["right"])}
            for what in ("missed", "wrong"):
                for pair in figures["all"][what]:
                    left, right = pair.split(" ~ ")
                    print(f"  {what}: {pair}" + (" (left for review)" if frozenset((left, right)) in reviewed else ""))
            print(f"left for review: {len(review)} pair(s)")
        if args.skip_scale:
            return
        from synthetic_acled import generate

        from analysis.imports import import_export

        export = Path(scratch) / "synthetic.csv"
        generate(args.events, seed=1).to_csv(export, index=False)
        import_export("acled", export, data, "synthetic")
        run = subprocess.run(
            [sys.executable, "-c", SCALE, str(data)], capture_output=True, text=True, check=True, cwd=PROJECT
        )
        figures = json.loads(run.stdout)
        print(
            f"Linking {figures['events']:,} events (the labelled exports and a synthetic ACLED export) beside the "
            "coded data: "
            f"{figures['link_seconds']:.2f} s, {figures['pairs']} pairs kept, {figures['clusters']} clusters, peak "
            f"{figures['peak_mb']:.0f} MB"
        )


if __name__ == "__main__":
    main()
