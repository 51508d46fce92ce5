"""Coded incidents and imported events in one table, each real event once, and the links behind it.

Derived once per loaded dataset and choice of datasets (Dataset.derived, which hands out copies): linking a million
events takes a fraction of a second, but every view of a report would otherwise pay it again.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..dataset import Dataset
from ..linking import RecordLinks, link_records
from ..paths import CODED
from ..ranges import DATES, KILLED, toll_triple
from .filters import as_list

COMBINED_COLUMNS = [
    "incident_id",
    "dataset",
    "seen_in",
    *DATES,
    "country",
    "province",
    "location",
    "perpetrator",
    "perpetrator_label",
    "event_type",
    "sub_event_type",
    "killed_low",
    "killed_best",
    "killed_high",
    "injured_low",
    "injured_best",
    "injured_high",
    "n_sources",
    "n_independent",
    "linked_events",
    "linked_figures",
    "event_row",
]
EVENT_COLUMNS = [
    "dataset",
    "event_id",
    *DATES,
    "country",
    "province",
    "location",
    "perpetrator",
    "perpetrator_name",
    "event_type",
    "sub_event_type",
    "killed_low",
    "killed_best",
    "killed_high",
    "n_sources",
]
LINK_TEXT = ["seen_in", "linked_events", "linked_figures"]
FORMAT_LABELS = {"acled": "ACLED", "ucdp": "UCDP"}


def record_links(ds: Dataset) -> RecordLinks:
    """Which records are one real event (analysis.linking): the scored pairs and the clusters."""
    return ds.derived("links", link_records)


def dataset_labels(ds: Dataset) -> dict[str, str]:
    """How readers name each dataset: 'articles', and an import by its format (ACLED, UCDP), else by its name."""
    formats = [manifest.get("format") for manifest in ds.imports.values()]
    return {
        CODED: "articles",
        **{
            name: FORMAT_LABELS.get(manifest.get("format"), name)
            if formats.count(manifest.get("format")) == 1
            else name
            for name, manifest in ds.imports.items()
        },
    }


def linking_counts(ds: Dataset, datasets=None) -> dict:
    """What linking did among the chosen datasets: events merged, records in them, pairs by rule, pairs for review."""
    chosen = as_list(datasets) or ds.datasets
    members = _members_within(ds, tuple(chosen))
    pairs = record_links(ds).pairs
    pairs = pairs[pairs["left_dataset"].isin(chosen) & pairs["right_dataset"].isin(chosen)]
    decisions = ds.link_decisions
    within = decisions["left"].str.split(":").str[0].isin(chosen) & decisions["right"].str.split(":").str[0].isin(
        chosen
    )
    labels = dataset_labels(ds)
    return {
        "datasets": [labels[name] for name in chosen],
        "merged": int(members["cluster"].nunique()),
        "records": len(members),
        "by_score": int((pairs["status"] == "linked").sum()),
        "review": int((pairs["status"] == "review").sum()),
        "confirmed": int((decisions.loc[within, "decision"] == "confirm").sum()),
        "rejected": int((decisions.loc[within, "decision"] == "reject").sum()),
    }


def incidents_from(ds: Dataset, datasets=None) -> pd.DataFrame:
    """Coded incidents and imported events in one table (default: every dataset), each real event once.

    The records of one cluster (analysis.linking) that the chosen datasets hold become one row: the
    coded incident if chosen, else the event of the first dataset named. It lists the others in
    linked_events, their figures in linked_figures, and the datasets in seen_in; its killed figures
    combine theirs (the dictionary's conventions.linking). Summaries are left out (a million events'
    notes would be copied for every choice of datasets); with_summaries() adds them to the rows a view shows.
    """
    chosen = tuple(ds.chosen(datasets or ds.datasets, "events"))
    return ds.derived(("incidents_from", chosen), lambda ds: _combine(ds, chosen))


def _combine(ds: Dataset, chosen: tuple[str, ...]) -> pd.DataFrame:
    members = _members_within(ds, chosen)
    stands_for = members.drop_duplicates("cluster")  # the first in the order coded, then the datasets as chosen
    gone = members.drop(stands_for.index)
    labels = dataset_labels(ds)
    merged = _merged(ds, members, labels) if len(gone) else None
    seen_in = pd.CategoricalDtype(
        list(dict.fromkeys([*labels.values(), *(merged["seen_in"] if merged is not None else [])]))
    )
    parts = []
    if CODED in chosen:
        parts.append(
            ds.incidents.drop(columns="summary").assign(
                dataset=CODED,
                seen_in=pd.Categorical([labels[CODED]] * len(ds.incidents), dtype=seen_in),
                perpetrator_label=pd.NA,
            )
        )
    keep = ds.events["dataset"].isin(chosen)
    if len(gone):
        keep &= ~ds.events.index.isin(gone["row"])
    events = (
        ds.events[EVENT_COLUMNS] if keep.all() else ds.events.loc[keep, EVENT_COLUMNS]
    )  # no copy when nothing is dropped
    names = events["dataset"].astype("category")
    parts.append(
        events.drop(columns=["event_id", "perpetrator_name"]).assign(
            incident_id=events["dataset"] + ":" + events["event_id"],
            seen_in=pd.Categorical.from_codes(
                seen_in.categories.get_indexer([labels[n] for n in names.cat.categories])[names.cat.codes],
                dtype=seen_in,
            ),
            perpetrator_label=(events["perpetrator_name"] + " (not mapped)").where(events["perpetrator"].isna()),
            event_row=pd.array(events.index, dtype="Int64"),  # where with_summaries() finds the event's notes
        )
    )
    combined = pd.concat([part for part in parts if not part.empty] or parts[:1], ignore_index=True)
    combined = combined.reindex(columns=COMBINED_COLUMNS).astype(
        {
            **{c: "Int64" for c in COMBINED_COLUMNS if c.startswith(("killed", "injured"))},
            "n_independent": "Int64",
            "linked_events": object,
            "linked_figures": object,
        }
    )
    if merged is not None:  # the row standing for each cluster: coded rows come first, events after them in their order
        coded = merged["dataset"] == CODED
        at = np.where(
            coded,
            ds.incidents.index.get_indexer(merged["row"]),
            (len(ds.incidents) if CODED in chosen else 0) + events.index.get_indexer(merged["row"]),
        )
        for column in [*LINK_TEXT, *KILLED]:
            combined.loc[at, column] = merged[column].to_numpy()
    return combined


def _members_within(ds: Dataset, chosen: tuple[str, ...]) -> pd.DataFrame:
    """The cluster members the chosen datasets hold, in clusters of two or more, each cluster's first member first."""
    members = record_links(ds).members
    members = members[members["dataset"].isin(chosen)]
    members = members[members.groupby("cluster")["ref"].transform("size") > 1]
    rank = members["dataset"].map({name: (name != CODED, i) for i, name in enumerate(chosen)})
    return members.assign(rank=rank).sort_values(["cluster", "rank"]).drop(columns="rank")


def _merged(ds: Dataset, members: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """One row per cluster (dataset, row: its first member): the datasets, the other members, and the combined killed
    figures.

    low: the highest low (each source vouches that at least so many died); high: the highest high given, never below
    low; best: the first member's best (else the next member's), kept between low and high."""
    coded = members["dataset"] == CODED
    figures = pd.concat(
        [
            ds.incidents.loc[members.loc[coded, "row"], KILLED].set_axis(members.index[coded]),
            ds.events.loc[members.loc[~coded, "row"], KILLED].set_axis(members.index[~coded]),
        ]
    ).loc[members.index]
    figures = figures.astype("float")
    low = figures["killed_low"].fillna(figures["killed_best"])
    members = members.assign(
        low=low,
        best=figures["killed_best"],
        high=figures["killed_high"],
        label=members["dataset"].map(labels),
        figures=[
            f"{ref} {toll_triple(lo, best, hi)}"
            for ref, lo, best, hi in zip(members["ref"], low, figures["killed_best"], figures["killed_high"])
        ],
    )
    grouped = members.groupby("cluster", sort=False)
    merged = pd.DataFrame(
        {
            "dataset": grouped["dataset"].first(),
            "row": grouped["row"].first(),
            "seen_in": grouped["label"].agg(lambda labels: ", ".join(dict.fromkeys(labels))),
            "linked_events": grouped["ref"].agg(lambda refs: ", ".join(refs.iloc[1:])),
            "linked_figures": grouped["figures"].agg("; ".join),
            "killed_low": grouped["low"].max(),
            "killed_high": grouped["high"].max(),
            "killed_best": grouped["best"].first(),  # first non-missing, in the members' order
        }
    )
    merged["killed_high"] = np.fmax(merged["killed_high"], merged["killed_low"]).where(merged["killed_high"].notna())
    merged["killed_best"] = merged["killed_best"].clip(lower=merged["killed_low"], upper=merged["killed_high"])
    return merged.astype({c: "Int64" for c in KILLED}).reset_index(drop=True)


def with_summaries(ds: Dataset, rows: pd.DataFrame) -> pd.DataFrame:
    """Rows of incidents_from() with their summary: the coded incident's, or the imported event's notes."""
    coded = ds.incidents.set_index("incident_id")["summary"]
    summary = rows["incident_id"].map(coded).astype("string")
    imported = rows["event_row"].notna()
    if imported.any():
        notes = ds.events["notes"].iloc[rows.loc[imported, "event_row"].to_numpy(dtype=int)]
        summary[imported] = notes.to_numpy()
    return rows.assign(summary=summary)
