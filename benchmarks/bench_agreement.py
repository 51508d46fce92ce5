"""How far two coders agree on the same articles, and the coding assistant against each of them.

Run: .venv/bin/python benchmarks/bench_agreement.py [--engine spacy|rules]

The aim of issue 22 (recall and precision >= 0.7 against one coder's gold) means little without knowing how far a
second careful coder, working from the same text and conventions, agrees with the first. benchmarks/coding/
second_coder/ holds a second coding of some benchmark articles, made by a helper session that read only the
articles, the conventions and the earlier gold (never the first coder's rows for these articles, nor the code).
Both coders are sessions of one kind of model: their agreement shows the gold can be reproduced from the text, not
how far two human analysts would agree.

Printed, per table and overall, with bench_coding.py's one-to-one matching:
  1. the second coder scored against the first (recall = share of the first coder's rows the second also coded;
     precision = share of the second coder's rows the first also coded): the ceiling one coder's gold allows;
  2. statements matched on fewer fields (speaker and kind; speaker alone), for both coders and the assistant,
     to show where disagreement lies;
  3. the assistant scored against each coder.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_coding import CORPUS, ENGINES, STATEMENT_FIELDS, TABLES, _share, report, score, suggestions  # noqa: E402

SECOND = CORPUS / "second_coder"
FIELDS = {
    "speaker, kind, target": STATEMENT_FIELDS,
    "speaker and kind": ("speaker_actor", "kind"),
    "speaker only": ("speaker_actor",),
}


def coding(folder: Path, source_ids: list[str]) -> dict[str, pd.DataFrame]:
    """One coder's four tables, restricted to the given articles."""
    tables = {table: pd.read_csv(folder / f"{table}.csv", dtype=str).fillna("") for table in TABLES}
    return {table: rows[rows["source_id"].isin(source_ids)] for table, rows in tables.items()}


def as_candidates(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """A coder's tables in the shape of suggest()'s candidates (one frame, a `table` column)."""
    return pd.concat([rows.assign(table=table) for table, rows in tables.items()], ignore_index=True)


def looser(first: dict[str, pd.DataFrame], others: dict[str, pd.DataFrame], source_ids: list[str]) -> None:
    """Statements matched on fewer fields: how much of the disagreement is kind or target."""
    gold = first["statements"]
    print("\n2. Statements on fewer fields, against the first coder: recall / precision")
    for label, fields in FIELDS.items():
        cells = []
        for name, candidates in others.items():
            chosen = candidates[candidates["source_id"].isin(source_ids)]
            n_gold, n_candidates, matched = score(gold, chosen, "statements", fields)
            cells.append(f"{name}: {_share(matched, n_gold)} / {_share(matched, n_candidates)}")
        print(f"    {label:<24}" + "   ".join(cells))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=list(ENGINES), default="spacy", help="the assistant's engine")
    args = parser.parse_args()
    source_ids = sorted(pd.read_csv(SECOND / "statements.csv", dtype=str)["source_id"].unique())
    first, second = coding(CORPUS, source_ids), coding(SECOND, source_ids)
    runs = suggestions({args.engine: ENGINES[args.engine]}, source_ids)
    report("1. The second coder against the first", first, {"second coder": as_candidates(second)}, source_ids)
    looser(first, {"second coder": as_candidates(second), args.engine: runs[args.engine]}, source_ids)
    report("3. The assistant against the first coder", first, runs, source_ids)
    report("3. The assistant against the second coder", second, runs, source_ids)


if __name__ == "__main__":
    main()
