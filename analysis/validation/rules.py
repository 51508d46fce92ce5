"""Row rules shared by the coded tables and the imported ones: ordered columns, date precision, sub-event types.

Each takes a `where(index, column, message)` that makes the Problem: by CSV line or by parquet row.
"""

from __future__ import annotations

import pandas as pd

from ..dictionary import ColumnSpec, TableSpec
from ..errors import Problem
from .csv_text import line_of


def by_line(file: str):
    """Problem maker for a CSV file: the data row at index i is on line i + 2."""
    return lambda index, column, message: Problem(file, line_of(index), column, message)


def by_row(file: str):
    """Problem maker for a parquet file: row numbers from 1."""
    return lambda index, column, message: Problem(file, int(index) + 1, column, message, unit="row")


def _parsed(values: pd.Series, column: ColumnSpec) -> pd.Series:
    """Typed values for comparisons; malformed ones (reported elsewhere) become missing."""
    if column.type == "date":
        return pd.to_datetime(values, format="%Y-%m-%d", errors="coerce")
    return pd.to_numeric(values, errors="coerce")


def check_order(table: pd.DataFrame, spec: TableSpec, where) -> list[Problem]:
    """Column groups whose filled values must not decrease (date_start <= date_end; low <= best <= high)."""
    problems = []
    for group in spec.ordered:
        if not set(group) <= set(table.columns):
            continue
        parsed = {name: _parsed(table[name], spec.column(name)) for name in group}
        for i, earlier in enumerate(group):
            for later in group[i + 1 :]:
                bad = parsed[later] < parsed[earlier]
                for index in table.index[bad.fillna(False)]:
                    problems.append(
                        where(
                            index, later, f"{table.at[index, later]} is less than {earlier} {table.at[index, earlier]}"
                        )
                    )
    return problems


def check_precision(table: pd.DataFrame, where) -> list[Problem]:
    """date_precision must describe the range actually given, so charts can trust it."""
    start = pd.to_datetime(table.get("date_start"), format="%Y-%m-%d", errors="coerce")
    end = pd.to_datetime(table["date_end"], format="%Y-%m-%d", errors="coerce")
    precision = table["date_precision"]
    rules = {
        "open": (start.isna(), "date_precision 'open' needs an empty date_start, and only it allows one"),
        "day": (start == end, "date_precision 'day' needs date_start = date_end"),
        "week": ((end - start).dt.days <= 6, "date_precision 'week' needs a range of at most 7 days"),
        "month": (
            (start.dt.day == 1) & (end == start + pd.offsets.MonthEnd(0)),
            "date_precision 'month' needs the first to the last day of one month",
        ),
        "year": (
            (start.dt.month == 1) & (start.dt.day == 1) & (end.dt.year == start.dt.year),
            "date_precision 'year' needs 1 January to a day of the same year",
        ),
    }
    problems = []
    has_start = table["date_start"].notna() if "date_start" in table else pd.Series(False, index=table.index)
    valid_dates = end.notna() & (start.notna() | ~has_start)
    for name, (holds, message) in rules.items():
        bad = valid_dates & (precision == name) & ~holds.fillna(False)
        problems += [where(i, "date_precision", message) for i in table.index[bad]]
    bad_open = valid_dates & (precision != "open") & precision.notna() & ~has_start
    problems += [
        where(i, "date_start", "empty, but only date_precision 'open' allows that") for i in table.index[bad_open]
    ]
    return problems


def check_sub_event(table: pd.DataFrame, belongs_to: dict[str, str], where) -> list[Problem]:
    """A sub-event type belongs to one event type (the dictionary's sub_event_type vocabulary says which)."""
    # mapped once per distinct value (a million events have a dozen sub-event types), compared as text
    expected = table["sub_event_type"].astype("category").map(belongs_to).astype("string")
    bad = expected.notna() & (table["event_type"].astype("string") != expected).fillna(True)
    return [
        where(i, "sub_event_type", f"{table.at[i, 'sub_event_type']!r} belongs to event_type {expected[i]!r}")
        for i in table.index[bad]
    ]


PANDERA_MESSAGES = {  # pandera's built-in checks, in words a data editor reads
    "column_in_dataframe": "missing column",
    "column_in_schema": "unexpected column (not in data/dictionary.yaml)",
    "field_uniqueness": "duplicate id",
    "not_nullable": "empty, but a value is required",
}
