"""Coded incidents and imported events in one table, each real event once, and the links behind it.

Derived once per loaded dataset and choice of datasets (kept in Dataset.derived): linking a million
events takes a fraction of a second, but every view of a report would otherwise pay it again.
"""

from __future__ import annotations

import pandas as pd

from ..base import CODED
from ..dataset import Dataset
from ..linking import link

COMBINED_COLUMNS = ["incident_id", "dataset", "date_start", "date_end", "date_precision", "country", "province", "location",
                    "perpetrator", "perpetrator_label", "event_type", "sub_event_type", "killed_low", "killed_best",
                    "killed_high", "injured_low", "injured_best", "injured_high", "n_sources", "linked_events", "event_row"]
EVENT_COLUMNS = ["dataset", "event_id", "date_start", "date_end", "date_precision", "country", "province", "location",
                 "perpetrator", "perpetrator_name", "event_type", "sub_event_type", "killed_low", "killed_best",
                 "killed_high", "n_sources"]


def links(ds: Dataset) -> pd.DataFrame:
    """Imported events linked to coded incidents, and the near-misses (analysis.linking)."""
    if "links" not in ds.derived:
        ds.derived["links"] = link(ds.incidents, ds.events, ds.actor_index)
    return ds.derived["links"]


def incidents_from(ds: Dataset, datasets=None) -> pd.DataFrame:
    """Coded incidents and imported events in one table (default: every dataset), each event once.

    An imported event linked to a coded incident is dropped when the coded data is chosen too: the
    coded row stands for both and lists it in linked_events. Summaries are left out (a million
    events' notes would be copied for every choice of datasets); with_summaries() adds them to the
    rows a view shows.
    """
    chosen = tuple(datasets or ds.datasets)
    unknown = [name for name in chosen if name not in ds.datasets]
    if unknown:
        raise ValueError(f"unknown dataset(s) {', '.join(map(repr, unknown))}: choose from {', '.join(ds.datasets)}")
    key = ("incidents_from", chosen)
    if key not in ds.derived:
        ds.derived[key] = _combine(ds, chosen)
    return ds.derived[key]


def _combine(ds: Dataset, chosen: tuple[str, ...]) -> pd.DataFrame:
    linked = links(ds)
    linked = linked[(linked["status"] == "linked") & linked["dataset"].isin(chosen)]
    parts = []
    if CODED in chosen:
        listed = (linked["dataset"] + ":" + linked["event_id"]).groupby(linked["incident_id"]).agg(", ".join)
        parts.append(ds.incidents.drop(columns="summary").assign(
            dataset=CODED, perpetrator_label=pd.NA, linked_events=ds.incidents["incident_id"].map(listed)))
    keep = ds.events["dataset"].isin(chosen)
    if CODED in chosen:
        keep &= ~_events_in(ds.events, linked)
    events = ds.events[EVENT_COLUMNS] if keep.all() else ds.events.loc[keep, EVENT_COLUMNS]  # no copy when nothing is dropped
    parts.append(events.drop(columns=["event_id", "perpetrator_name"]).assign(
        incident_id=events["dataset"] + ":" + events["event_id"],
        perpetrator_label=(events["perpetrator_name"] + " (not mapped)").where(events["perpetrator"].isna()),
        event_row=pd.array(events.index, dtype="Int64"),  # where with_summaries() finds the event's notes
    ))
    combined = pd.concat([part for part in parts if not part.empty] or parts[:1], ignore_index=True)
    return combined.reindex(columns=COMBINED_COLUMNS).astype(
        {c: "Int64" for c in COMBINED_COLUMNS if c.startswith(("killed", "injured"))})


def _events_in(events: pd.DataFrame, links: pd.DataFrame) -> pd.Series:
    """A mask over events: the events these links name (by dataset and event_id)."""
    mask = pd.Series(False, index=events.index)
    for name, event_ids in links.groupby("dataset")["event_id"]:
        mask |= (events["dataset"] == name) & events["event_id"].isin(event_ids)
    return mask


def with_summaries(ds: Dataset, rows: pd.DataFrame) -> pd.DataFrame:
    """Rows of incidents_from() with their summary: the coded incident's, or the imported event's notes."""
    coded = ds.incidents.set_index("incident_id")["summary"]
    summary = rows["incident_id"].map(coded).astype("string")
    imported = rows["event_row"].notna()
    if imported.any():
        notes = ds.events["notes"].iloc[rows.loc[imported, "event_row"].to_numpy(dtype=int)]
        summary[imported] = notes.to_numpy()
    return rows.assign(summary=summary)
