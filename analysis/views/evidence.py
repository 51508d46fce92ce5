"""The verbatim quotes behind rows, and how many independent articles stand behind each."""

from __future__ import annotations

import pandas as pd

from ..dataset import Dataset
from ..errors import InputError, did_you_mean_id
from ..paths import CODED
from ..ranges import toll_text
from .combined import record_links
from .filters import as_list, join_ids

SUMMARY_COLUMNS = (
    "summary",
    "position",
)  # what a row says, for each evidenced table: the first it has (figures: _figure_summary)


def evidence_for(ds: Dataset, record_ids, datasets=()) -> pd.DataFrame:
    """The quotes behind one or more statements, incidents, figures or killed officials, with the article each comes
    from.

    A coded incident linked to events of the given imported datasets also shows each event's notes, its source_id being
    dataset:event_id and its title the dataset's own list of sources."""
    ids = [record_ids] if isinstance(record_ids, str) else list(record_ids)
    known = set(ds.evidence["record_id"])  # every coded record has evidence
    for record_id in ids:
        if record_id not in known:
            raise InputError(
                f"evidence_for: no statement, incident, figure or killed official is {record_id!r}"
                + did_you_mean_id(record_id, sorted(known))
            )
    rows = ds.evidence[ds.evidence["record_id"].isin(ids)]
    quotes = rows.merge(
        ds.sources[["source_id", "outlet", "title", "published_start", "published_end"]], on="source_id", how="left"
    )
    members = record_links(ds).members
    coded = members[(members["dataset"] == CODED) & members["record_id"].isin(ids)][["cluster", "record_id"]]
    linked = coded.merge(
        members[members["dataset"].isin(list(datasets)) & (members["dataset"] != CODED)],
        on="cluster",
        suffixes=("", "_event"),
    )
    if linked.empty:
        return quotes.reset_index(drop=True)
    events = ds.events.loc[linked["row"]]
    from_datasets = pd.DataFrame(
        {
            "record_type": "incident",
            "record_id": linked["record_id"].to_numpy(),
            "source_id": linked["ref"].to_numpy(),
            "quote": events["notes"].to_numpy(),
            "outlet": linked["dataset"].to_numpy(),
            "title": events["sources"].to_numpy(),
        }
    )
    return pd.concat([quotes, from_datasets], ignore_index=True)


def evidence_table(ds: Dataset, record_ids, datasets=()) -> pd.DataFrame:
    """The verbatim quotes behind the given rows, with the article each comes from.

    With imported datasets named, incidents linked to their events also show the events' notes.
    """
    table = evidence_for(ds, as_list(record_ids), as_list(datasets))
    return table[["record_id", "source_id", "outlet", "title", "quote"]].sort_values(
        ["record_id", "source_id"], ignore_index=True
    )


def corroboration(ds: Dataset) -> pd.DataFrame:
    """How many distinct articles and independent reports stand behind each coded row, and which rest on one
    independent report only (single_source; several articles of one wire story are one report)."""
    parts = []
    for spec in ds.dictionary.tables.values():
        if not spec.evidenced_as:
            continue
        table = getattr(ds, spec.name)
        column = next((c for c in SUMMARY_COLUMNS if c in table), None)
        summary = table[column] if column else _figure_summary(ds, table)
        parts.append(
            pd.DataFrame(
                {
                    "record_type": spec.evidenced_as,
                    "record_id": table[spec.key].astype(str),
                    "summary": summary.astype("string"),
                    "n_sources": table["n_sources"],
                    "n_independent": table["n_independent"],
                    "source_ids": table["source_ids"].map(join_ids),
                }
            )
        )
    table = pd.concat(parts, ignore_index=True)
    table["single_source"] = table["n_independent"] == 1
    return table.sort_values(["n_independent", "n_sources", "record_type", "record_id"], ignore_index=True)


def _figure_summary(ds: Dataset, figures: pd.DataFrame) -> pd.Series:
    """What a reported figure says, in one line: "United Nations: 224 attacks by Islamic State Khorasan Province,
    2021-01-01 to 2023-07-31" ("at least N" when there is no upper bound)."""
    names = ds.actor_names()

    def line(row) -> str:
        amount = toll_text(row.value_low, None, row.value_high)
        period = (
            f"up to {row.period_end.date()}"
            if pd.isna(row.period_start)
            else f"{row.period_start.date()} to {row.period_end.date()}"
        )
        target = getattr(row, "target_actor", None)
        against = "" if pd.isna(target) else f" against {names.get(target, target)}"
        return (
            f"{names.get(row.reporter_actor, row.reporter_actor)}: {amount} {row.metric.replace('_', ' ')} by "
            f"{names.get(row.subject_actor, row.subject_actor)}{against}, {period}"
        )

    return pd.Series([line(row) for row in figures.itertuples(index=False)], index=figures.index, dtype="string")
