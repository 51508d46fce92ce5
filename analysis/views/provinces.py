"""Incidents per province, for the map: every province of the dictionary, and the incidents no province can show."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..dataset import Dataset
from ..paths import CODED, PROVINCE_COUNTRY
from ..ranges import KILLED
from .attacks import FIGURE_COLUMNS, chosen_incidents, sum_figures
from .combined import with_summaries
from .filters import Window, as_list, join_ids

OUTSIDE_WINDOW = "its date range reaches outside the window"


@dataclass(frozen=True)
class ProvinceTotals:
    totals: pd.DataFrame  # one row per province of the dictionary, in its order: 0 incidents is a count, not a gap
    off_map: pd.DataFrame  # incidents in or overlapping the window that the map cannot show, each with its reason
    datasets: tuple[str, ...] = (CODED,)

    @property
    def incident_ids(self) -> list[str]:
        """Every incident coded from articles that is counted or listed, for the evidence table."""
        counted = [i for ids in self.totals["incident_ids"] for i in ids.split(", ") if i]
        listed = self.off_map.loc[self.off_map["dataset"] == CODED, "incident_id"]
        return sorted(set(counted) | set(listed))


def province_totals(
    ds: Dataset, start=None, end=None, datasets=None, perpetrators=None, provinces=None
) -> ProvinceTotals:
    """Incidents whose whole date range lies in the window, per province, with killed low/best/high summed as bounds.

    An incident the map cannot show is listed in off_map with the reason (outside the country, no
    province, or dated partly outside the window), never dropped. incident_ids lists the coded incidents.
    provinces: keep only these (a report on Kabul maps Kabul alone, and lists nothing abroad).
    """
    chosen, keep = chosen_incidents(ds, as_list(provinces), as_list(perpetrators), None, datasets)
    needed = ["incident_id", "dataset", "date_start", "date_end", "country", "province", *FIGURE_COLUMNS]
    incidents = chosen[needed] if keep is None else chosen.loc[keep, needed]
    placement = Window.of(start, end).placement(incidents["date_start"], incidents["date_end"])
    province = pd.Series(
        pd.Categorical(incidents["province"], categories=list(ds.dictionary.vocabularies["province"])),
        index=incidents.index,
    )
    counted = (placement == "inside") & province.notna()

    rows = incidents.loc[counted, ["incident_id", "dataset", *FIGURE_COLUMNS]].assign(province=province[counted])
    grouped = rows.groupby("province", observed=False)
    coded_ids = rows[rows["dataset"] == CODED].groupby("province", observed=False)["incident_id"].agg(join_ids)
    totals = pd.concat(
        [grouped.size().rename("incidents"), sum_figures(grouped)[KILLED], coded_ids.rename("incident_ids")], axis=1
    ).reset_index()
    none = totals["incidents"] == 0
    totals.loc[none, KILLED] = 0  # no incident counted: no one killed in one, exactly
    totals["province"] = totals["province"].astype(str)

    loose = placement.ne("outside") & ~counted
    return ProvinceTotals(
        totals, _off_map(ds, chosen.loc[loose[loose].index], placement[loose]), tuple(as_list(datasets) or [CODED])
    )


def _off_map(ds: Dataset, rows: pd.DataFrame, placement: pd.Series) -> pd.DataFrame:
    """The rows with why the map cannot show them: no place in a province, dates reaching outside the window, or
    both."""
    abroad = rows["country"].notna() & (rows["country"] != PROVINCE_COUNTRY)
    no_province = rows["province"].isna()
    place = pd.Series(
        np.select(
            [abroad, no_province & (rows["dataset"] == CODED), no_province],
            [f"outside {PROVINCE_COUNTRY}", "province not stated", "province not stated or not mapped"],
            "",
        ),
        index=rows.index,
    )
    partly = placement == "partly"
    reason = place.where(~partly, (place + "; ").where(place != "", "") + OUTSIDE_WINDOW)
    return (
        with_summaries(ds, rows)
        .assign(reason=reason)[
            ["incident_id", "dataset", "country", "location", "date_start", "date_end", "summary", "reason"]
        ]
        .reset_index(drop=True)
    )
