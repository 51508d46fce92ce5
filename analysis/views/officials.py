"""Officials killed, with when, where and by whom from their incidents, and the quotes naming each official."""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from ..dataset import Dataset
from .filters import Window, as_list, join_ids, labels

UNNAMED_OFFICIAL = "unnamed official"


class Killings(NamedTuple):
    inside: pd.DataFrame  # officials whose incident lies wholly in the window
    partly: pd.DataFrame  # officials whose incident's dates only overlap it


def officials_killed_with_incidents(ds: Dataset) -> pd.DataFrame:
    """Each row of officials_killed with the date, place and perpetrator of the incident that killed them.

    n_sources and source_ids stay the official's own (the articles naming them), not the incident's.
    """
    incident_columns = [
        "incident_id",
        "date_start",
        "date_end",
        "date_precision",
        "province",
        "location",
        "perpetrator",
    ]
    return ds.officials_killed.merge(
        ds.incidents[incident_columns],
        on="incident_id",
        how="left",
        suffixes=("", "_of_incident"),
        validate="many_to_one",
    ).rename(columns={"province_of_incident": "incident_province"})


def officials_killed_in_window(ds: Dataset, start=None, end=None, provinces=None, perpetrators=None) -> Killings:
    """Officials killed, for readers: inside the window, and those whose incident's dates only overlap it."""
    killings = officials_killed_with_incidents(ds)
    provinces, perpetrators = as_list(provinces), as_list(perpetrators)
    keep = pd.Series(True, index=killings.index)
    if provinces:
        keep &= killings["province"].isin(provinces) | killings["incident_province"].isin(provinces)
    if perpetrators:
        keep &= killings["perpetrator"].isin(ds.actors_within(perpetrators))
    killings = killings[keep]
    names = ds.actor_names()
    table = pd.DataFrame(
        {
            "official_id": killings["official_id"].astype(str),
            "official": killings["name"].fillna(UNNAMED_OFFICIAL).astype(str),
            "position": killings["position"].astype(str),
            "province": labels(killings["province"]),
            "date_start": killings["date_start"],
            "date_end": killings["date_end"],
            "date_precision": killings["date_precision"].astype(str),
            "perpetrator": labels(killings["perpetrator"], names),
            "incident_id": killings["incident_id"].astype(str),
            "n_sources": killings["n_sources"],
            "n_independent": killings["n_independent"],
            "source_ids": killings["source_ids"].map(join_ids),
        }
    )
    placement = Window.of(start, end).placement(table["date_start"], table["date_end"])
    return Killings(
        table[placement == "inside"].sort_values("date_start").reset_index(drop=True),
        table[placement == "partly"].sort_values("date_start").reset_index(drop=True),
    )
