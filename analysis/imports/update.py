"""Reconcile a new export with the current import: which events were added, re-coded, or deleted.

ACLED is a living dataset (events re-coded with a newer `timestamp`, or withdrawn and listed in its
deleted-events file); UCDP's monthly candidate events are later replaced by their final GED version.
An update keeps the events the new export does not mention, unless asked to drop them.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..dictionary import Dictionary
from ..errors import DataError, Problem
from .exports import Checks, read_export
from .formats import ACLED


@dataclass
class Changes:
    """What one import changed: event ids added, updated (re-coded or finalised) and deleted."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)  # of `deleted`: those the deletions file named
    unknown_deletions: list[str] = field(default_factory=list)  # in the deletions file, not in the import
    kept_final: list[str] = field(default_factory=list)  # UCDP: final events a candidate release did not replace

    def summary(self) -> str:
        parts = [f"{len(self.added)} added", f"{len(self.updated)} updated", f"{len(self.deleted)} deleted"]
        if self.kept_final:
            parts.append(f"{len(self.kept_final)} final events kept over their candidate version")
        return ", ".join(parts)


def reconcile(
    old: pd.DataFrame,
    new: pd.DataFrame,
    update: bool,
    drop_missing: bool = False,
    protected: set | None = None,
) -> tuple[pd.DataFrame, Changes]:
    """The events after importing `new` over `old`, and what changed.

    update: keep old events the new export does not mention (a partial export, a candidate release),
    unless drop_missing; a whole re-import (update False) replaces everything. protected: old event ids the
    new export may not replace (UCDP final events under a candidate release).
    """
    old_ids, new_ids = _ids(old["event_id"]), _ids(new["event_id"])
    # one hash lookup places every new event in the old import (-1: not there); the rest is array work
    position = pd.Index(old_ids).get_indexer(new_ids)
    in_old = position >= 0
    in_new = np.zeros(len(old), dtype=bool)
    in_new[position[in_old]] = True
    kept = in_old & new_ids.isin(protected).to_numpy(dtype=bool) if protected else np.zeros(len(new), dtype=bool)
    replacing = ~kept
    changes = Changes(
        added=new_ids[~in_old].tolist(),
        updated=new_ids[replacing & in_old & _differing(old, new, position)].tolist(),
        kept_final=new_ids[kept].tolist(),
    )
    stays = ~in_new
    stays[position[kept]] = True
    if not update or drop_missing:
        changes.deleted = old_ids[~in_new].tolist()
        stays &= in_new
    incoming = new[replacing] if kept.any() else new
    events = pd.concat([old[stays], incoming], ignore_index=True) if stays.any() else incoming.reset_index(drop=True)
    return events, changes


def _differing(old: pd.DataFrame, new: pd.DataFrame, position: np.ndarray) -> np.ndarray:
    """Per new event, whether its row differs from the old event at `position` (-1: none, so it differs): compared
    column by column, each in one spelling (dates to one unit, categories to their values), so the stored and the
    fresh spelling of one event compare alike. Only the old columns are reordered; a million events take about a
    second."""
    differs = position < 0
    for column in (column for column in new.columns if column in old.columns):
        was = _comparable(pd.Series(old[column].array.take(position, allow_fill=True)))
        now = _comparable(new[column].reset_index(drop=True))
        same = (was == now).fillna(False).to_numpy(dtype=bool) | (was.isna() & now.isna()).to_numpy(dtype=bool)
        differs |= ~same
    return differs


def _ids(column: pd.Series) -> pd.Series:
    """Event ids as Python strings: isin on pandas' Arrow-backed strings loops in Python (25 s an update of a million
    events, against well under a second for these)."""
    return column.astype(object)


def _comparable(values: pd.Series) -> pd.Series:
    """A column in one spelling whatever its stored type: dates in nanoseconds, text (and categories) as strings,
    numbers as nullable floats."""
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        return values.astype("datetime64[ns]")
    if isinstance(values.dtype, pd.CategoricalDtype) or pd.api.types.is_string_dtype(values.dtype):
        return values.astype("string")
    if pd.api.types.is_numeric_dtype(values.dtype):
        return values.astype("Float64")
    return values


def read_deletions(path: Path) -> pd.DataFrame:
    """ACLED's deleted-events file: event ids with their deletion timestamps, checked by file, line and column."""
    codebook = ACLED["deleted"]
    raw = read_export(path, codebook["used"])
    checks = Checks(str(path))
    checks.required(raw, codebook["required"])
    stamps = checks.whole_numbers(raw["deleted_timestamp"], "deleted_timestamp", required=True)
    checks.raise_if_any()
    return pd.DataFrame({"event_id": raw["event_id_cnty"], "deleted_timestamp": stamps})


def apply_deletions(
    events: pd.DataFrame, deletions: pd.DataFrame, stamps: pd.Series | None, changes: Changes
) -> pd.DataFrame:
    """The events without those ACLED deleted; ids it names that the import lacks are listed, the rest applied.

    stamps: the new export's timestamp per event id; an event re-published after its deletion stays.
    """
    republished = set()
    if stamps is not None:
        after = deletions["event_id"].map(stamps) > deletions["deleted_timestamp"]
        republished = set(deletions["event_id"][after.fillna(False).astype(bool)])
    wanted = deletions["event_id"][~deletions["event_id"].isin(republished)]
    ids = _ids(events["event_id"])
    gone = ids.isin(_ids(wanted))
    changes.unknown_deletions = sorted(set(wanted) - set(ids))
    deleted = set(ids[gone])
    changes.added = [i for i in changes.added if i not in deleted]  # added and withdrawn in one update: never seen
    changes.updated = [i for i in changes.updated if i not in deleted]
    changes.deleted += sorted(deleted - set(changes.deleted))
    changes.withdrawn = sorted(deleted)
    return events[~gone].reset_index(drop=True)


def latest_timestamp(raw: pd.DataFrame, label: str) -> tuple[int | None, pd.Series | None]:
    """An ACLED export's latest `timestamp` and each event's (None for old exports without the column)."""
    column = ACLED["timestamp"]
    if column not in raw:
        return None, None
    checks = Checks(label)
    stamps = checks.whole_numbers(raw[column], column, required=False)
    checks.raise_if_any()
    latest = stamps.max()
    return (None if pd.isna(latest) else int(latest)), pd.Series(stamps.to_numpy(), index=raw[ACLED["id"]].to_numpy())


def refuse_older(label: str, latest: int | None, current: int | None) -> None:
    """An export whose latest change precedes the current import's would roll events back: refused."""
    if latest is not None and current is not None and latest < current:
        raise DataError(
            [
                Problem(
                    label,
                    None,
                    ACLED["timestamp"],
                    f"this export is older than the current import: its latest timestamp {_when(latest)} precedes "
                    f"the import's {_when(current)}; use --force to import it anyway",
                )
            ]
        )


def _when(stamp: int) -> str:
    return f"{pd.Timestamp(stamp, unit='s'):%Y-%m-%d %H:%M} UTC ({stamp})"


def decisions_on(data_dir: Path, dictionary: Dictionary, name: str, deleted: list[str]) -> list[str]:
    """The analyst's link decisions that name a deleted event, each by file, line and record: never silently dropped."""
    path = Path(data_dir) / dictionary.tables["link_decisions"].file
    if not deleted or not path.is_file():
        return []
    gone = {f"{name}:{event_id}" for event_id in deleted}
    found = []
    with open(path, newline="", encoding="utf-8") as f:
        for line, row in enumerate(csv.DictReader(f), start=2):
            for column in ("left", "right"):
                if row.get(column) in gone:
                    found.append(
                        f"{path.name}:{line}: column {column!r}: {row[column]!r} was deleted by this import; "
                        f"its {row.get('decision')} with {row['right' if column == 'left' else 'left']} no longer "
                        "applies: remove the line or decide again"
                    )
    return found
