"""Reconcile a new export with the current import: which events were added, re-coded, or deleted.

ACLED is a living dataset (events re-coded with a newer `timestamp`, or withdrawn and listed in its
deleted-events file); UCDP's monthly candidate events are later replaced by their final GED version.
An update keeps the events the new export does not mention, unless asked to drop them.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

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


@dataclass(frozen=True)
class Stored:
    """The current import as Arrow reads it: ids for matching, whole rows converted only for the events kept or
    compared (converting a million stored rows to pandas would be a third of an update)."""

    table: pa.Table

    @classmethod
    def read(cls, path: Path | None) -> Stored:
        """The import at path; None: nothing imported yet."""
        if path is None:
            return cls(pa.table({"event_id": pa.array([], pa.large_string())}))
        return cls(pq.read_table(path))

    @cached_property
    def ids(self) -> pa.Array:
        return self.table.column("event_id").combine_chunks().cast(pa.large_string())

    def rows(self, positions: np.ndarray) -> pd.DataFrame:
        """The stored events at these positions, in the types load() reads them in."""
        wanted = np.zeros(self.table.num_rows, dtype=bool)
        wanted[positions] = True  # a filter keeps Arrow's chunks (a take across them is seconds at this size)
        rows = self.table.filter(wanted)  # in stored order, then in the order asked
        return rows.take(np.searchsorted(np.flatnonzero(wanted), positions)).to_pandas()


def reconcile(
    old: Stored,
    new: pd.DataFrame,
    update: bool,
    drop_missing: bool = False,
    protected: set | None = None,
    unchanged: np.ndarray | None = None,
    withdrawn: pd.Series | None = None,
) -> tuple[pd.DataFrame, Changes]:
    """The events after importing `new` over the `old` import, and what changed.

    update: keep old events the new export does not mention (a partial export, a candidate release),
    unless drop_missing; a whole re-import (update False) replaces everything. protected: old event ids the
    new export may not replace (UCDP final events under a candidate release). unchanged: per new event, True
    when its export says it has not changed since the current import (ACLED's timestamp), so it is not
    compared. withdrawn: event ids to remove (ACLED's deletions, see withdrawals); ids neither import nor
    export has are listed, not an error.
    """
    # ids stay Arrow strings: one hash lookup (twice pandas' speed) places every new event in the old import (-1:
    # not there), the masks below are numpy, and only the ids a changelog lists become Python strings
    old_ids, new_ids = old.ids, _arrow(new["event_id"])
    position = pc.index_in(new_ids, value_set=old_ids).fill_null(-1).to_numpy()
    in_old = position >= 0
    in_new = np.zeros(len(old_ids), dtype=bool)
    in_new[position[in_old]] = True
    kept = in_old & _among(new_ids, protected) if protected else np.zeros(len(new), dtype=bool)
    replacing = ~kept
    compared = replacing & in_old & (True if unchanged is None else ~unchanged)
    updated = np.zeros(len(new), dtype=bool)
    if compared.any():
        updated[compared] = _differing(old.rows(position[compared]), new, compared)
    stays = ~in_new
    stays[position[kept]] = True
    deleted = np.zeros(len(old_ids), dtype=bool) if update and not drop_missing else ~in_new
    stays &= ~deleted
    changes = Changes(kept_final=_listed(new_ids, kept))
    if withdrawn is not None:  # removed wherever they are: in the import, in the export, or both
        gone_old, gone_new = _among(old_ids, withdrawn), _among(new_ids, withdrawn)
        found = set(_listed(old_ids, gone_old)) | set(_listed(new_ids, gone_new))
        changes.withdrawn = sorted(found)
        changes.unknown_deletions = sorted(set(withdrawn) - found)
        stays &= ~gone_old
        replacing &= ~gone_new
        deleted |= gone_old
        in_old |= gone_new  # withdrawn in the same update it arrived in: never added
        updated &= ~gone_new
    changes.added = _listed(new_ids, ~in_old)
    changes.updated = _listed(new_ids, updated)
    changes.deleted = sorted(set(_listed(old_ids, deleted)) | set(changes.withdrawn))
    incoming = new if replacing.all() else new[replacing]
    if not stays.any():
        return incoming.reset_index(drop=True), changes
    return pd.concat([old.rows(np.flatnonzero(stays)), incoming], ignore_index=True), changes


def _differing(was: pd.DataFrame, new: pd.DataFrame, rows: np.ndarray) -> np.ndarray:
    """Per new event in `rows` (a mask), whether it differs from the stored event `was` (in the same order): compared
    column by column, each in one spelling (dates to one unit, categories to their values), so the stored and the
    fresh spelling of one event compare alike. Columns are filtered one by one: a whole frame's boolean filter
    takes across an export's hundreds of Arrow chunks and costs seconds at a million events."""
    differs = np.zeros(len(was), dtype=bool)
    for column in (column for column in new.columns if column in was.columns):
        before, after = _comparable(was[column]), _comparable(pd.Series(new[column].array[rows]))
        same = (before == after).fillna(False).to_numpy(dtype=bool) | (before.isna() & after.isna()).to_numpy(bool)
        differs |= ~same
    return differs


def _arrow(column: pd.Series) -> pa.ChunkedArray:
    """A column of ids as Arrow strings, without copying those already are."""
    return pa.Table.from_pandas(column.to_frame(), preserve_index=False).column(0).cast(pa.large_string())


def _among(ids, wanted) -> np.ndarray:
    """Per id, whether it is one of `wanted` (a few ids: a set, a list or a Series)."""
    return pc.is_in(ids, value_set=pa.array(list(wanted), pa.large_string())).to_numpy(zero_copy_only=False)


def _listed(ids, mask: np.ndarray) -> list[str]:
    """The ids where mask is True, as Python strings for the changelog."""
    return pc.filter(ids, pa.array(mask)).to_pylist() if mask.any() else []


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


def withdrawals(deletions: pd.DataFrame, stamps: np.ndarray | None, export_ids: pd.Series) -> pd.Series:
    """The event ids ACLED's deletions file withdraws: all it names but those the export re-published after their
    deletion (its `timestamp` later than the deletion's); stamps: the export's, per row of export_ids."""
    if stamps is None:
        return deletions["event_id"]
    ids = _arrow(export_ids)
    named = _among(ids, deletions["event_id"])
    published = deletions["event_id"].map(dict(zip(_listed(ids, named), stamps[named])))
    return deletions["event_id"][~(published > deletions["deleted_timestamp"]).fillna(False).astype(bool)]


def latest_timestamp(raw: pd.DataFrame, label: str) -> tuple[int | None, np.ndarray | None]:
    """An ACLED export's latest `timestamp` and each row's, as floats (NaN: none); (None, None) for old exports
    without the column."""
    column = ACLED["timestamp"]
    if column not in raw:
        return None, None
    checks = Checks(label)
    stamps = checks.whole_numbers(raw[column], column, required=False)
    checks.raise_if_any()
    latest = stamps.max()
    return (None if pd.isna(latest) else int(latest)), stamps.astype("Float64").to_numpy(dtype=float, na_value=np.nan)


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
