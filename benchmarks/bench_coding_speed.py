"""Coding assistant speed: suggest on a 1,000-word article after loading, and suggest --all-new on 100 articles.

Run: .venv/bin/python benchmarks/bench_coding_speed.py [--articles 100]
A scratch copy of data/ gets the benchmark's invented articles (benchmarks/coding/articles/) registered as new
sources: one 1,000-word article stitched from them, then --articles more (each a benchmark article with a line
of its own so that no two share a SHA-256). The model is loaded and one article suggested before timing (the
budget is "after loading"); the batch runs the command line's `suggest --all-new` in this process, the model
loaded once. Prints timings and their ratio to the budgets (issue 22: 2 s, 60 s); asserts nothing.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
import analysis  # noqa: E402
from analysis.coding.commands import suggest_all_new  # noqa: E402
from analysis.coding.parse import engine, pipeline  # noqa: E402
from analysis.coding.register import add_source  # noqa: E402
from analysis.coding.suggest import suggest  # noqa: E402

ARTICLES = sorted((PROJECT / "benchmarks" / "coding" / "articles").glob("*.txt"))
ONE_ARTICLE_SECONDS, BATCH_SECONDS, WORDS = 2.0, 60.0, 1000


def long_article(folder: Path) -> Path:
    """About WORDS words of wire copy: the benchmark's articles one after another, cut at a paragraph."""
    paragraphs, words = [], 0
    for path in ARTICLES:
        for paragraph in path.read_text(encoding="utf-8").split("\n\n")[1:]:
            paragraphs.append(paragraph)
            words += len(paragraph.split())
            if words >= WORDS:
                break
        if words >= WORDS:
            break
    path = folder / "long.txt"
    path.write_text("A long wire round-up\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100, help="articles in the batch (default 100)")
    args = parser.parse_args()
    began = time.perf_counter()
    pipeline()
    print(f"engine {engine()}; model loaded in {time.perf_counter() - began:.2f} s")
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        shutil.copytree(PROJECT / "data", root / "data")
        shutil.copytree(PROJECT / "seeds", root / "seeds")
        long = long_article(root)
        row = add_source(long, "Bench Wire", "", "2025-06-01", "benchmark", data_dir=root / "data")
        ds = analysis.load(root / "data")
        suggest(ds, ds.sources["source_id"].iloc[0])  # warm: the first parse pays one-off costs
        words = len(long.read_text(encoding="utf-8").split())
        for name, use_parse in (("spacy", True), ("rules", False)):
            began = time.perf_counter()
            found = suggest(ds, row["source_id"], use_parse=use_parse)
            took = time.perf_counter() - began
            print(
                f"one article ({words} words, {name}): {took:.2f} s, {len(found)} candidates; "
                f"{took / ONE_ARTICLE_SECONDS:.2f} of the {ONE_ARTICLE_SECONDS:.0f} s budget"
            )
        (root / "review").mkdir(exist_ok=True)
        for source_id in ds.sources["source_id"]:  # the batch is the new articles only
            (root / "review" / f"{source_id}.csv").write_text("", encoding="utf-8")
        for number in range(args.articles):
            source = ARTICLES[number % len(ARTICLES)]
            copy = root / f"batch_{number:03d}.txt"
            copy.write_text(source.read_text(encoding="utf-8") + f"\nBatch copy {number}.\n", encoding="utf-8")
            add_source(copy, "Bench Wire", "", "2025-06-01", "benchmark", data_dir=root / "data")
        began = time.perf_counter()
        out = suggest_all_new(root / "data")
        took = time.perf_counter() - began
        print(
            f"suggest --all-new on {args.articles} articles: {took:.1f} s ({took / args.articles:.2f} s each); "
            f"{took / BATCH_SECONDS:.2f} of the {BATCH_SECONDS:.0f} s budget; last line: {out.splitlines()[-1]}"
        )


if __name__ == "__main__":
    main()
