"""Link imported events to the incidents coded from articles, so no event is counted twice.

The rule (dictionary.yaml, conventions.linking): same province, overlapping dates, compatible
perpetrators (the same actor, or one a branch of the other) and compatible killed figures, each the
other's only such match. Pairs that share province and dates but fail one test, or matches that are
not unique, are near-misses: reported, never linked.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .actors import ActorIndex
from .base import split_list

LINK_COLUMNS = ["incident_id", "dataset", "event_id", "status", "reason"]
INCIDENT_COLUMNS = ["incident_id", "province", "date_start", "date_end", "perpetrator", "killed_low", "killed_high"]
EVENT_COLUMNS = ["dataset", "event_id", "province", "date_start", "date_end", "perpetrator", "actors", "killed_low", "killed_high"]


def link(incidents: pd.DataFrame, events: pd.DataFrame, actors: ActorIndex) -> pd.DataFrame:
    """One row per linked pair ('linked') and per near-miss ('near-miss'), with the reason."""
    coded = incidents.loc[incidents["province"].notna(), INCIDENT_COLUMNS]
    if coded.empty or events.empty:
        return pd.DataFrame(columns=LINK_COLUMNS)
    # Only events that could pair with some incident reach the merge, so its size follows the coded data.
    earliest, latest = coded["date_start"].min(), coded["date_end"].max()
    nearby = events.loc[events["province"].isin(coded["province"].unique()) & (events["date_end"] >= earliest)
                        & (events["date_start"] <= latest), EVENT_COLUMNS]
    pairs = coded.astype({"province": str}).merge(nearby.astype({"province": str}), on="province", suffixes=("", "_event"))
    pairs = pairs[(pairs["date_start_event"] <= pairs["date_end"]) & (pairs["date_end_event"] >= pairs["date_start"])]
    if pairs.empty:
        return pd.DataFrame(columns=LINK_COLUMNS)
    related, memo = actors.related, {}

    def same(ours, theirs, parties) -> bool:  # once per distinct combination
        key = (ours, theirs, parties)
        if key not in memo:
            memo[key] = related(ours, theirs) if pd.notna(theirs) else any(related(ours, p) for p in split_list(parties))
        return memo[key]

    same_actor = np.array([same(*key) for key in zip(pairs["perpetrator"].tolist(), pairs["perpetrator_event"].tolist(),
                                                     pairs["actors"].tolist())], dtype=bool)
    unbounded = np.iinfo("int64").max
    figures_fit = ((pairs["killed_low"].fillna(0) <= pairs["killed_high_event"].fillna(unbounded))
                   & (pairs["killed_low_event"].fillna(0) <= pairs["killed_high"].fillna(unbounded))).to_numpy(dtype=bool)
    pairs = pairs.assign(same_actor=same_actor, figures_fit=figures_fit, match=same_actor & figures_fit)
    matches = pairs[pairs["match"]]
    per_incident = matches.groupby("incident_id")["event_id"].transform("size")
    per_event = matches.groupby(["dataset", "event_id"])["incident_id"].transform("size")
    unique = pd.Series(False, index=pairs.index)
    unique[matches.index] = (per_incident == 1) & (per_event == 1)
    pairs["status"] = np.where(unique, "linked", "near-miss")
    # A near-miss is the same perpetrator with other figures, an ambiguous match, or fitting figures from a
    # perpetrator the dataset leaves unknown; a known, different perpetrator is simply another event.
    unknown_actor = pairs["perpetrator_event"].isna()
    pairs = pairs[(pairs["status"] == "linked") | pairs["same_actor"] | (pairs["figures_fit"] & unknown_actor)]
    reason_columns = ["status", "same_actor", "figures_fit", "perpetrator", "perpetrator_event",
                      "killed_low", "killed_high", "killed_low_event", "killed_high_event"]
    pairs = pairs.assign(reason=[_reason(*row) for row in zip(*(pairs[c].tolist() for c in reason_columns))])
    return pairs[LINK_COLUMNS].sort_values(["status", "incident_id", "dataset", "event_id"], ignore_index=True)


def _figures(low, high) -> str:
    low = 0 if pd.isna(low) else int(low)
    return f"{low}..{'?' if pd.isna(high) else int(high)}"


def _reason(status, same_actor, figures_fit, perpetrator, perpetrator_event, killed_low, killed_high,
            killed_low_event, killed_high_event) -> str:
    if status == "linked":
        return "same province, overlapping dates, compatible perpetrator and killed figures"
    if not same_actor:
        return f"perpetrator differs: {perpetrator} here, {perpetrator_event if pd.notna(perpetrator_event) else 'not mapped'} in the dataset"
    if not figures_fit:
        return (f"killed figures incompatible: {_figures(killed_low, killed_high)} here, "
                f"{_figures(killed_low_event, killed_high_event)} in the dataset")
    return "matches, but not uniquely: another event or incident matches too"
