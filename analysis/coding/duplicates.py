"""Candidates that match rows already coded: statements by speaker, kind, target and overlapping dates; incidents by the
record linker's own score (analysis.linking), so a suggestion and a link agree on what is one event."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..dataset import Dataset, _typed
from ..linking.records import COLUMNS, Records, records_of
from ..linking.score import Scorer
from ..ranges import overlap

SUGGESTED = "suggested"  # the candidates' dataset name while they are scored against the coded incidents


def _same(a, b) -> bool:
    return (pd.isna(a) and pd.isna(b)) or (not pd.isna(a) and not pd.isna(b) and a == b)


def statement_duplicates(ds: Dataset, rows: pd.DataFrame) -> pd.Series:
    """The first coded statement with the same speaker_actor, kind and target whose dates overlap the candidate's."""
    found = {}
    for index, row in rows.iterrows():
        start, end = pd.to_datetime(row["date_start"]), pd.to_datetime(row["date_end"])
        for coded in ds.statements.itertuples(index=False):
            if (
                coded.speaker_actor == row["speaker_actor"]
                and coded.kind == row["kind"]
                and _same(coded.target_actor, row["target_actor"])
                and overlap(coded.date_start, coded.date_end, start, end)
            ):
                found[index] = coded.statement_id
                break
    return pd.Series(found, dtype=object).reindex(rows.index)


def figure_duplicates(ds: Dataset, rows: pd.DataFrame) -> pd.Series:
    """A coded figure with the same reporter, subject, metric and value_low over an overlapping period."""
    found = {}
    for index, row in rows.iterrows():
        start, end = pd.to_datetime(row["period_start"]), pd.to_datetime(row["period_end"])
        for coded in ds.reported_figures.itertuples(index=False):
            if (
                (coded.reporter_actor, coded.subject_actor, coded.metric)
                == (row["reporter_actor"], row["subject_actor"], row["metric"])
                and coded.value_low == row["value_low"]
                and overlap(coded.period_start, coded.period_end, start, end)
            ):
                found[index] = coded.figure_id
                break
    return pd.Series(found, dtype=object).reindex(rows.index)


def incident_duplicates(ds: Dataset, rows: pd.DataFrame) -> pd.Series:
    """The coded incident each candidate would be linked to: the linker's score at least link_at, the best one."""
    if rows.empty or ds.incidents.empty:
        return pd.Series(dtype=object, index=rows.index)
    spec = ds.dictionary.tables["incidents"]
    table = (
        rows.reindex(columns=[c.name for c in spec.columns])
        .astype(object)
        .where(rows.reindex(columns=[c.name for c in spec.columns]).notna(), None)
    )
    typed = _typed(table.reset_index(drop=True), spec, ds.dictionary).reindex(columns=COLUMNS).assign(actors=pd.NA)
    quotes = rows["quote"].astype(str).reset_index(drop=True)
    candidates = Records(
        SUGGESTED,
        typed,
        pd.Series([str(i) for i in range(len(rows))]),
        np.arange(len(rows)),
        lambda positions: quotes.iloc[positions].reset_index(drop=True).astype("string"),
    )
    coded = records_of(ds)[0]
    pairs = Scorer(ds.dictionary.linking, ds.actor_index).pairs(coded, candidates)
    pairs = (
        pairs[pairs["score"] >= ds.dictionary.linking["link_at"]]
        .sort_values("score", ascending=False)
        .drop_duplicates("right")
    )
    found = {rows.index[int(right)]: coded.ids.iloc[int(left)] for left, right in zip(pairs["left"], pairs["right"])}
    return pd.Series(found, dtype=object).reindex(rows.index)
