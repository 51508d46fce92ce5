"""ACLED exports as events in our terms (dictionary.yaml: imported_tables.events; conventions: imports)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..dictionary import Dictionary
from .exports import Checks
from .formats import ACLED
from .names import Names, Unmapped, by_distinct, join_lists, list_lengths, map_lists, map_provinces, map_values


def acled_events(
    raw: pd.DataFrame, label: str, name: str, names: Names, dictionary: Dictionary
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """An ACLED export's used columns (read_export) as (events, unmapped names); problems name `label`."""
    checks = Checks(label)
    checks.required(raw, ACLED["required"])
    checks.unique(raw["event_id_cnty"], "event_id_cnty")
    dates = _dates(raw["event_date"])
    checks.rows(
        dates.isna() & raw["event_date"].notna(),
        "event_date",
        "not a date (YYYY-MM-DD or 15 January 2024)",
        raw["event_date"],
    )
    precision = raw["time_precision"]
    codes = ACLED["time_precision"]
    checks.within(precision, "time_precision", codes, f"not {', '.join(list(codes)[:-1])} or {list(codes)[-1]}")
    fatalities = checks.whole_numbers(raw["fatalities"], "fatalities", required=True)
    for column in ("event_type", "sub_event_type"):
        checks.within(
            raw[column], column, dictionary.vocabularies[column], "not a known value (see data/dictionary.yaml)"
        )
    inter_codes = dictionary.vocabularies["acled_inter"]
    inter = by_distinct(raw["inter1"], lambda value: inter_codes.get(value, value))  # old numeric codes spelled out
    checks.rows(
        by_distinct(raw["inter1"], lambda value: value.isdigit() and value not in inter_codes, dtype="boolean"),
        "inter1",
        "unknown numeric inter code",
        raw["inter1"],
    )
    checks.raise_if_any()

    start, end = _ranges(dates, precision)
    unmapped = Unmapped()
    event_ids = raw["event_id_cnty"]
    perpetrator, missing = map_values(raw["actor1"], names.actor)
    unmapped.add("actor1", raw["actor1"], event_ids, missing)
    parties = []
    for column in ("assoc_actor_1", "actor2", "assoc_actor_2"):
        ids, missing = map_lists(raw[column], names.actor)
        unmapped.add(column, raw[column], event_ids, missing, in_list=True)
        parties.append(ids)
    province = map_provinces(raw["admin1"], raw["country"], event_ids, names, unmapped)
    events = pd.DataFrame(
        {
            "dataset": name,
            "event_id": event_ids,
            "date_start": start,
            "date_end": end,
            "date_precision": by_distinct(precision, codes.get),
            "country": raw["country"],
            "province": province,
            "admin1": raw["admin1"],
            "location": raw["location"],
            "perpetrator": perpetrator,
            "perpetrator_name": raw["actor1"],
            "perpetrator_type": inter,
            "actors": join_lists([perpetrator, *parties]),
            "event_type": raw["event_type"],
            "sub_event_type": raw["sub_event_type"],
            "killed_low": fatalities,  # ACLED's fatalities are its lowest reported figure: no upper bound
            "killed_best": fatalities,
            "killed_high": pd.Series(pd.NA, index=raw.index, dtype="Int64"),
            "notes": raw["notes"],
            "sources": raw["source"],
            "n_sources": list_lengths(raw["source"]),
        }
    )
    return events, unmapped.table()


def _ranges(dates: pd.Series, precision: pd.Series) -> tuple[pd.Series, pd.Series]:
    """The day; the 7 days centred on it; its calendar month (numpy, for speed)."""
    codes = {value: code for code, value in ACLED["time_precision"].items()}
    day = dates.to_numpy(dtype="datetime64[ns]")
    week = (precision == codes["week"]).to_numpy(dtype=bool, na_value=False)
    month = (precision == codes["month"]).to_numpy(dtype=bool, na_value=False)
    first = day.astype("datetime64[M]")
    last = (first + 1).astype("datetime64[D]") - 1
    three = np.timedelta64(3, "D")
    start = np.where(month, first.astype("datetime64[ns]"), np.where(week, day - three, day))
    end = np.where(month, last.astype("datetime64[ns]"), np.where(week, day + three, day))
    return pd.Series(start, index=dates.index), pd.Series(end, index=dates.index)


def _dates(values: pd.Series) -> pd.Series:
    """Each of ACLED's date spellings in turn, parsed once per distinct date (vectorised: scalar parsing is slow)."""
    codes, distinct = pd.factorize(values, use_na_sentinel=True)
    distinct = pd.Series(distinct, dtype=object)
    parsed = pd.Series(pd.NaT, index=distinct.index, dtype="datetime64[ns]")
    for spelling in ACLED["date_formats"]:
        other = parsed.isna()
        parsed[other] = pd.to_datetime(distinct[other], format=spelling, errors="coerce")
    taken = pd.concat([parsed, pd.Series([pd.NaT])], ignore_index=True).to_numpy()[codes]  # code -1: the NaT
    return pd.Series(taken, index=values.index, dtype="datetime64[ns]")
