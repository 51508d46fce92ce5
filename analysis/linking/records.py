"""Each dataset's records in the linker's terms: the coded incidents and every import's events, side by side.

A record is known by its dataset and its position in that dataset's table; its DATASET:ID name is only
built for the few records a pair or a cluster shows, so a million events cost no string work.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..dataset import Dataset
from ..paths import CODED

COLUMNS = [
    "country",
    "province",
    "date_start",
    "date_end",
    "date_precision",
    "perpetrator",
    "actors",
    "event_type",
    "sub_event_type",
    "killed_low",
    "killed_best",
    "killed_high",
    "location",
    "targets",  # what was attacked as the record itself says it ("; "-joined target categories); imports: none
]


@dataclass
class Records:
    """One dataset's records: `table` holds the compared columns, `rows` each record's index in its source table."""

    dataset: str
    table: pd.DataFrame  # positional index 0..n-1
    ids: pd.Series  # incident_id or event_id, by position
    rows: np.ndarray  # the index label of each record in ds.incidents or ds.events
    texts: Callable[[np.ndarray], pd.Series]  # the words to compare, for records at these positions

    def refs(self, positions) -> pd.Series:
        return (self.dataset + ":" + self.ids.iloc[positions]).reset_index(drop=True)


def records_of(ds: Dataset) -> list[Records]:
    """The coded incidents first, then each import in the order the data lists them."""
    incidents = ds.incidents.reset_index(drop=True)
    texts = _coded_texts(ds)
    found = [
        Records(
            CODED,
            incidents.reindex(columns=COLUMNS).assign(actors=pd.NA, targets=_coded_targets(ds, incidents)),
            incidents["incident_id"],
            ds.incidents.index.to_numpy(),
            lambda positions: pd.Series(
                [texts[i] for i in incidents["incident_id"].to_numpy()[positions]], dtype="string"
            ),
        )
    ]
    for name in ds.imports_of("events"):
        mask = (ds.events["dataset"] == name).to_numpy(dtype=bool)
        events = ds.events.loc[mask, [*COLUMNS[:-1], "event_id"]].reset_index()  # the notes stay: few are read
        rows = events["index"].to_numpy()
        events = events.assign(targets=pd.NA)
        found.append(
            Records(
                name,
                events[COLUMNS],
                events["event_id"],
                rows,
                lambda positions, rows=rows: ds.events["notes"].iloc[rows[positions]].fillna(""),
            )
        )
    return found


def _coded_texts(ds: Dataset) -> dict[str, str]:
    """A coded incident's words: its summary, its quotes and the positions of the officials killed in it."""
    quotes = (
        ds.evidence[ds.evidence["record_type"] == "incident"].groupby("record_id", observed=True)["quote"].agg(" ".join)
    )
    positions = ds.officials_killed.groupby("incident_id", observed=True)["position"].agg(" ".join)
    return {
        incident: " ".join(
            str(part) for part in (summary, quotes.get(incident, ""), positions.get(incident, "")) if pd.notna(part)
        )
        for incident, summary in zip(ds.incidents["incident_id"], ds.incidents["summary"])
    }


def _coded_targets(ds: Dataset, incidents: pd.DataFrame) -> pd.Series:
    """A coded incident's target_category, and what the officials killed in it make it (weights.yaml)."""
    official = ds.dictionary.linking["officials_killed_target"]
    killed = incidents["incident_id"].isin(ds.officials_killed["incident_id"]).to_numpy()
    return pd.Series(
        [
            "; ".join(sorted({c for c in (category, official if k else None) if isinstance(c, str)})) or pd.NA
            for category, k in zip(incidents["target_category"].astype(object), killed)
        ],
        dtype="object",
    )
