"""Warnings, not errors: an evidence quote whose relative date phrase ("this month", "on Saturday"), resolved against
its source's publication range, does not overlap the dates of the row it supports.

Such a line may be carried over from an earlier story, or the source's publication range may be wrong; the row's
date_note is where the analyst says which. Absolute dates ("in June 2023", "since 2021") are not checked: an article
names background dates freely.
"""

from __future__ import annotations

import pandas as pd

from ..dictionary import Dictionary
from ..errors import Problem
from ..ranges import overlap
from ..relative_dates import RELATIVE_KINDS, find_dates
from .csv_text import line_of


def relative_date_warnings(
    evidence: pd.DataFrame, sources: pd.DataFrame, tables: dict[str, pd.DataFrame], dictionary: Dictionary
) -> list[Problem]:
    """One warning per evidence row none of whose relative phrases overlaps its row's date range (tables: the coded
    tables by name)."""
    lexicon = dictionary.coding.get("relative_dates")
    if lexicon is None:
        return []
    published = {row.source_id: (_day(row.published_start), _day(row.published_end)) for row in sources.itertuples()}
    rows = {}
    for record_type in dictionary.vocabularies["record_type"]:
        spec = dictionary.table_for_record_type(record_type)
        dates = next((group[:2] for group in spec.ordered if spec.column(group[0]).type == "date"), None)
        if dates is None or spec.name not in tables:
            continue
        note = next((c.name for c in spec.columns if c.name in ("date_note", "coding_note")), None)
        for row in tables[spec.name].to_dict("records"):
            rows[record_type, row[spec.key]] = (row[dates[0]], row[dates[1]], row.get(note))
    warnings = []
    for index, evidence_row in evidence.iterrows():
        record = rows.get((evidence_row["record_type"], evidence_row["record_id"]))
        window = published.get(evidence_row["source_id"])
        if record is None or window is None or None in window or pd.isna(evidence_row["quote"]):
            continue
        start, end, note = _day(record[0]), _day(record[1]), record[2]
        phrases = [p for p in find_dates(str(evidence_row["quote"]), *window, lexicon) if p.kind in RELATIVE_KINDS]
        if not phrases or any(overlap(p.date_start, p.date_end, start, end) for p in phrases):
            continue  # one quote may date several rows, each by its own phrase: one phrase that fits is enough
        resolved = "; ".join(f"'{p.phrase}' resolves to {p.date_start or '...'}..{p.date_end}" for p in phrases)
        warnings.append(
            Problem(
                dictionary.tables["evidence"].file,
                line_of(index),
                "quote",
                f"{evidence_row['record_id']}: {resolved} against {evidence_row['source_id']}'s publication "
                f"({window[0]}..{window[1]}), but the row is dated {start or '...'}..{end}; "
                f"its note: {note if not pd.isna(note) else '(none)'}",
            )
        )
    return warnings


def _day(value):
    return None if pd.isna(value) else pd.Timestamp(value).date()
