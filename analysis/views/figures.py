"""Figures others report (attacks, casualties, raids): who reports how many of what, by whom, aimed at whom.

A figure is an aggregate, never an event: raids in a crackdown are listed here by their own metric and
are never added to attack counts (attack counts compare only metric `attacks` with the coded incidents).
"""

from __future__ import annotations

import pandas as pd

from ..dataset import Dataset
from ..errors import ChoiceError
from .filters import Window, as_list, join_ids, labels

COLUMNS = [
    "figure_id",
    "metric",
    "reporter",
    "subject",
    "target",
    "period_start",
    "period_end",
    "reported_low",
    "reported",
    "reported_high",
    "placement",
    "coding_note",
    "source_ids",
]


def figures_by_metric(ds: Dataset, metrics=None, start=None, end=None, subjects=None) -> pd.DataFrame:
    """The figures of the given metrics (default: all) whose period is in or overlaps the window.

    subjects match with their branches (Islamic State includes ISKP); target is 'not stated' when the
    figure names none. placement says whether the period lies wholly in the window or only overlaps it.
    """
    figures = ds.reported_figures
    metrics, subjects = as_list(metrics), as_list(subjects)
    if metrics:
        for metric in metrics:
            if metric not in ds.dictionary.vocabularies["metric"]:
                raise ChoiceError("metric", metric, ds.dictionary.vocabularies["metric"])
        figures = figures[figures["metric"].isin(metrics)]
    if subjects:
        figures = figures[figures["subject_actor"].isin(ds.actors_within(subjects))]
    placement = Window.of(start, end).placement(figures["period_start"], figures["period_end"])
    figures, placement = figures[placement != "outside"], placement[placement != "outside"]
    names = ds.actor_names()
    return pd.DataFrame(
        {
            "figure_id": figures["figure_id"].astype(str),
            "metric": figures["metric"].astype(str),
            "reporter": labels(figures["reporter_actor"], names),
            "subject": labels(figures["subject_actor"], names),
            "target": labels(figures["target_actor"], names),
            "period_start": figures["period_start"],
            "period_end": figures["period_end"],
            "reported_low": figures["value_low"],
            "reported": figures["value"],
            "reported_high": figures["value_high"],
            "placement": placement.astype(str),
            "coding_note": figures["coding_note"],
            "source_ids": figures["source_ids"].map(join_ids),
        },
        columns=COLUMNS,
    ).sort_values(["metric", "period_end", "figure_id"], ignore_index=True)
