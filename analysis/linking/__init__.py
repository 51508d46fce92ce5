"""Record linkage: which coded incidents and imported events are one real event, so each is counted once.

records (each dataset's records) -> score (candidate pairs by place and date, a weight per feature)
-> assign (analyst decisions, then the best pairs, into clusters of at most one record per dataset).
The rule, the weights and the thresholds: conventions.linking of data/dictionary.yaml, weights.yaml here.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import pandas as pd

from ..dataset import Dataset
from .assign import assign
from .records import Records, records_of
from .score import SCORE_COLUMNS, Scorer

__all__ = ["RecordLinks", "link_records"]  # the analyst's side (review items, decisions): analysis.linking.decisions

PAIR_COLUMNS = ["left", "right", "left_dataset", "right_dataset", "status", "score", "runner_up", "reason"]
FEATURES = ["dates", "killed", "perpetrator", "event_type", "place", "words", "target"]


@dataclass
class RecordLinks:
    """pairs: each linked, confirmed, rejected or review pair, scored; members: each cluster's records."""

    pairs: pd.DataFrame
    members: pd.DataFrame  # cluster, dataset, record_id, ref, row (the record's index in ds.incidents or ds.events)


def link_records(ds: Dataset) -> RecordLinks:
    records = records_of(ds)
    scorer = Scorer(ds.dictionary.linking, ds.actor_index)
    scored = [
        named_pairs(scorer.pairs(a, b), a, b) for a, b in combinations(records, 2)
    ]  # pairs that can matter: see Scorer.floor
    pairs = (
        pd.concat(scored, ignore_index=True)
        if scored
        else pd.DataFrame(columns=[*SCORE_COLUMNS, "left_dataset", "right_dataset"])
    )
    decided, clusters = assign(
        pairs,
        decisions_among(ds.link_decisions, records),
        ds.dictionary.linking,
        ds.dictionary.tables["link_decisions"].file,
    )
    decided["reason"] = decided["reason"].where(decided["reason"].notna(), _reasons(decided))
    return RecordLinks(
        decided[PAIR_COLUMNS].sort_values(["status", "left", "right"], ignore_index=True),
        cluster_members(clusters, records),
    )


def decisions_among(decisions: pd.DataFrame, records: list[Records]) -> pd.DataFrame:
    """The decisions on these records only: link_decisions.csv holds the statements' decisions beside the incidents'.

    Only the few ids the decisions name are looked up, so a million records cost no string work.
    """
    named: dict[str, set[str]] = {}
    for ref in [*decisions["left"], *decisions["right"]]:
        dataset, _, record_id = str(ref).partition(":")
        named.setdefault(dataset, set()).add(record_id)
    present = {
        f"{r.dataset}:{record_id}"
        for r in records
        if r.dataset in named
        for record_id in r.ids[r.ids.isin(list(named[r.dataset]))]
    }
    return decisions[decisions["left"].isin(present) & decisions["right"].isin(present)]


def named_pairs(pairs: pd.DataFrame, a: Records, b: Records) -> pd.DataFrame:
    """Positions replaced by DATASET:ID names (only candidate pairs get one)."""
    left, right = pairs["left"].to_numpy(dtype=int), pairs["right"].to_numpy(dtype=int)
    return pairs.assign(
        left=a.refs(left).to_numpy(dtype=object),
        right=b.refs(right).to_numpy(dtype=object),
        left_dataset=a.dataset,
        right_dataset=b.dataset,
    )


def _reasons(pairs: pd.DataFrame) -> list[str]:
    """Each feature's weight, for people: 'dates +3.0, killed +3.0, ... = 12.0'."""
    return [
        ", ".join(f"{name} {weight:+.1f}" for name, weight in zip(FEATURES, weights) if weight) + f" = {score:.1f}"
        for score, *weights in zip(pairs["score"], *(pairs[f] for f in FEATURES))
    ]


def cluster_members(clusters: list[list[str]], records: list[Records]) -> pd.DataFrame:
    order = {r.dataset: i for i, r in enumerate(records)}  # the coded incident first, then the imports in order

    def in_order(refs: list[str]) -> list[str]:
        return sorted(refs, key=lambda ref: (order[ref.split(":", 1)[0]], ref))

    members = pd.DataFrame(
        [
            (number, *ref.split(":", 1), ref)
            for number, refs in enumerate(sorted(in_order(c) for c in clusters), start=1)
            for ref in refs
        ],
        columns=["cluster", "dataset", "record_id", "ref"],
    )
    members["row"] = pd.Series(dtype="int64")
    for r in records:
        mine = members["dataset"] == r.dataset
        if mine.any():
            members.loc[mine, "row"] = r.rows[pd.Index(r.ids).get_indexer(members.loc[mine, "record_id"])]
    return members.astype({"row": "int64"})
