"""UCDP GED exports as events in our terms (dictionary.yaml: imported_tables.events; conventions: imports)."""

from __future__ import annotations

import pandas as pd

from ..dictionary import Dictionary
from .exports import Checks
from .formats import UCDP
from .machine_coded import governments_by_date
from .names import Names, Unmapped, join_lists, map_provinces, map_values


def ucdp_events(
    raw: pd.DataFrame, label: str, name: str, names: Names, dictionary: Dictionary
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A UCDP GED export's used columns (read_export) as (events, unmapped names); problems name `label`."""
    checks = Checks(label)
    checks.required(raw, UCDP["required"])
    checks.unique(raw["id"], "id")
    dates = {}
    for column in ("date_start", "date_end"):  # GED writes 2023-03-09 or 2023-03-09 00:00:00.000
        dates[column] = pd.to_datetime(raw[column], format="ISO8601", errors="coerce").dt.normalize()
        checks.rows(dates[column].isna() & raw[column].notna(), column, "not a date", raw[column])
    checks.rows(dates["date_end"] < dates["date_start"], "date_end", "earlier than date_start", raw["date_end"])
    killed = {
        column: checks.whole_numbers(raw[column], column, required=column == "best")
        for column in ("low", "best", "high")
    }
    checks.rows(
        (killed["low"] > killed["best"]) | (killed["best"] > killed["high"]),
        "best",
        "not between low and high",
        raw["best"],
    )
    violence = UCDP["type_of_violence"]
    checks.within(
        raw["type_of_violence"],
        "type_of_violence",
        violence,
        f"not {', '.join(list(violence)[:-1])} or {list(violence)[-1]}",
    )
    sources = pd.to_numeric(raw["number_of_sources"], errors="coerce")
    checks.raise_if_any()

    unmapped = Unmapped()
    event_ids = raw["id"]
    sides = {}
    for column in ("side_a", "side_b"):  # "Government of Afghanistan": the government of the event's days
        mapped, _ = map_values(raw[column], names.actor)
        sides[column] = governments_by_date(raw[column], mapped, dates["date_start"], dates["date_end"], names)
        unmapped.add(
            column, raw[column], event_ids, set(raw[column][sides[column].isna() & raw[column].notna()].unique())
        )
    one_sided = raw["type_of_violence"] == UCDP["one_sided"]
    events = pd.DataFrame(
        {
            "dataset": name,
            "event_id": event_ids,
            "date_start": dates["date_start"],
            "date_end": dates["date_end"],
            "date_precision": precision_of(dates["date_start"], dates["date_end"]),
            "country": raw["country"],
            "province": map_provinces(raw["adm_1"], raw["country"], event_ids, names, unmapped),
            "admin1": raw["adm_1"],
            "location": raw["where_description"],
            "perpetrator": sides["side_a"].where(one_sided),
            "perpetrator_name": raw["side_a"].where(one_sided),
            "perpetrator_type": pd.Series(pd.NA, index=raw.index, dtype="string"),
            "actors": join_lists([sides["side_a"], sides["side_b"]]),
            "event_type": pd.Series(pd.NA, index=raw.index, dtype="string"),
            "sub_event_type": pd.Series(pd.NA, index=raw.index, dtype="string"),
            "killed_low": killed["low"],
            "killed_best": killed["best"],
            "killed_high": killed["high"],
            "notes": raw["source_headline"],
            "sources": raw["source_article"],
            "n_sources": sources.where(sources >= 0).astype("Int64"),  # GED writes -1 for unknown
        }
    )
    return events, unmapped.table()


def precision_of(start: pd.Series, end: pd.Series) -> pd.Series:
    """The dictionary's date_precision for a range: day, week, month, year, else range."""
    days = (end - start).dt.days
    month = (start.dt.day == 1) & (end == start + pd.offsets.MonthEnd(0))
    year = (start.dt.month == 1) & (start.dt.day == 1) & (end.dt.year == start.dt.year)
    return (
        pd.Series("range", index=start.index)
        .mask(year, "year")
        .mask(month, "month")
        .mask(days <= 6, "week")
        .mask(days == 0, "day")
    )
