"""Which coded statements and machine-coded ones (POLECAT, ICEWS) are one statement, so each is counted once.

The incidents' machinery with the statements' features: blocking on the same speaker, target and kind
(and date ranges that overlap once widened by their slack), a score from how closely the dates agree
(weights.yaml `statements`), then assign (the analyst's decisions first, the best pairs, at most one
record per dataset in a cluster, rivals within the margin left for review). Before that, the rows of one
machine-coded dataset that code the same sentence of the same story are one statement (ICEWS often codes
a sentence twice).
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd

from ..dataset import Dataset
from ..paths import CODED
from . import RecordLinks, cluster_members, decisions_among, named_pairs
from .assign import assign
from .records import Records
from .score import day_numbers, week_buckets

KEYS = ["speaker_actor", "target_actor", "kind"]
COLUMNS = [*KEYS, "date_start", "date_end", "date_precision"]


def statement_records(ds: Dataset) -> list[Records]:
    """The coded statements, then each statement import, in the linker's terms."""
    coded = ds.statements.reset_index(drop=True)
    found = [Records(CODED, coded[COLUMNS], coded["statement_id"], ds.statements.index.to_numpy(), _no_text)]
    imported = ds.imported_statements
    for name in ds.imports_of("statements"):
        mine = imported[imported["dataset"] == name]
        kept = mine[~repeats_a_sentence(mine)].reset_index()
        found.append(Records(name, kept[COLUMNS], kept["event_id"], kept["index"].to_numpy(), _no_text))
    return found


def _no_text(positions) -> pd.Series:
    return pd.Series([""] * len(positions), dtype="string")


def repeats_a_sentence(rows: pd.DataFrame) -> pd.Series:
    """Rows coding a sentence already coded the same way (same story, sentence, speaker, target, kind): not records."""
    story = rows["story_id"].notna() & rows["sentence"].notna()
    return story & rows.duplicated(["story_id", "sentence", *KEYS])


def statement_pairs(a: Records, b: Records, rules: dict) -> pd.DataFrame:
    """Candidate pairs of a and b (positions) with their weights: same speaker, target and kind, dates close."""
    weights = rules["statements"]
    both = pd.concat([a.table[KEYS], b.table[KEYS]], ignore_index=True).astype(object)
    numbers, _ = pd.MultiIndex.from_frame(
        both.where(both.notna(), "")
    ).factorize()  # one number per speaker, target, kind
    (start_a, end_a, keys_a), (start_b, end_b, keys_b) = (
        _blocking(r, rules, part) for r, part in ((a, numbers[: len(a.table)]), (b, numbers[len(a.table) :]))
    )
    met = keys_a.merge(keys_b, on="key", suffixes=("_left", "_right"))[["record_left", "record_right"]]
    met = met.drop_duplicates()
    left, right = met["record_left"].to_numpy(), met["record_right"].to_numpy()
    overlap = (start_a[left] <= end_b[right]) & (start_b[right] <= end_a[left])
    left, right = left[overlap], right[overlap]
    ta, tb = a.table.iloc[left].reset_index(drop=True), b.table.iloc[right].reset_index(drop=True)
    dates = _date_weights(ta, tb, rules)
    pairs = pd.DataFrame({"left": left, "right": right, "dates": dates, "same": weights["same_statement"]})
    pairs["score"] = pairs["dates"] + pairs["same"]
    floor = min(weights["review_at"], weights["link_at"] - weights["margin"])
    return pairs[pairs["score"] >= floor].reset_index(drop=True)


def _blocking(records: Records, rules: dict, numbers: np.ndarray) -> tuple[np.ndarray, np.ndarray, pd.DataFrame]:
    """Widened ranges, and keys of speaker, target, kind (numbers) and week; a record with no speaker is not linked."""
    table = records.table
    slack = table["date_precision"].astype(object).map(rules["slack_days"]).fillna(0).to_numpy(dtype="int64")
    start, end = day_numbers(table["date_start"]), day_numbers(table["date_end"])
    unplaced = (start == np.iinfo("int64").min) | table["speaker_actor"].isna().to_numpy()
    start, end = np.where(unplaced, 1, start - slack), np.where(unplaced, 0, end + slack)
    record, key = week_buckets(numbers, start, end)
    return start, end, pd.DataFrame({"key": key, "record": record})


def _date_weights(ta: pd.DataFrame, tb: pd.DataFrame, rules: dict) -> np.ndarray:
    """As for incidents: by the width of the wider range, less a weight per day between them."""
    start_a, end_a, start_b, end_b = (day_numbers(t[c]) for t in (ta, tb) for c in ("date_start", "date_end"))
    wider = np.maximum(end_a - start_a, end_b - start_b) + 1
    levels = rules["dates"]
    limits = [level["within"] if level["within"] is not None else np.inf for level in levels]
    weights = np.array([level["weight"] for level in levels])
    gap = np.maximum(0, np.maximum(start_a, start_b) - np.minimum(end_a, end_b))
    return weights[np.searchsorted(limits, wider)] + gap * rules["date_gap_per_day"]


def link_statement_records(ds: Dataset):
    """The statements' RecordLinks: pairs (linked, confirmed, rejected, review) and clusters (one statement each)."""
    rules = ds.dictionary.linking
    records = statement_records(ds)
    scored = [named_pairs(statement_pairs(a, b, rules), a, b) for a, b in combinations(records, 2)]
    columns = ["left", "right", "score", "dates", "same", "left_dataset", "right_dataset"]
    pairs = pd.concat(scored, ignore_index=True) if scored else pd.DataFrame(columns=columns)
    decided, clusters = assign(
        pairs,
        decisions_among(ds.link_decisions, records),
        rules["statements"],
        ds.dictionary.tables["link_decisions"].file,
    )
    decided["reason"] = decided["reason"].where(
        decided["reason"].notna(),
        [
            f"same speaker, target and kind; dates {d:+.1f} = {s:.1f}"
            for d, s in zip(decided["dates"], decided["score"])
        ],
    )
    columns = ["left", "right", "left_dataset", "right_dataset", "status", "score", "runner_up", "reason"]
    return RecordLinks(
        decided[columns].sort_values(["status", "left", "right"], ignore_index=True), cluster_members(clusters, records)
    )
