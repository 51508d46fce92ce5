"""Attack counts: incidents per period and group, with honest killed/injured bounds, beside figures others report."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..dataset import Dataset
from ..errors import ChoiceError
from ..paths import CODED
from ..ranges import DATES
from .combined import dataset_labels, incidents_from, with_summaries
from .filters import Window, as_list, join_ids, labels

FREQUENCIES = {"day": "D", "week": "W", "month": "M", "quarter": "Q", "year": "Y"}  # freq -> pandas period
GROUPINGS = ("perpetrator", "province", "event_type")
FIGURE_COLUMNS = ["killed_low", "killed_best", "killed_high", "injured_low", "injured_best", "injured_high"]


@dataclass(frozen=True)
class AttackCounts:
    counts: pd.DataFrame  # one row per period x group, incidents placed in exactly one period
    spanning: pd.DataFrame  # incidents in or overlapping the window that no single period holds
    reported: pd.DataFrame  # aggregate figures others report, beside the coded counts for their period
    freq: str
    by: str
    datasets: tuple[str, ...] = (CODED,)

    @property
    def incident_ids(self) -> list[str]:
        """Every incident coded from articles that is counted or listed, for the evidence table.

        Imported events are not listed: their evidence is the dataset itself, and there may be millions.
        """
        placed = [i for ids in self.counts["incident_ids"] for i in ids.split(", ") if i]
        coded = self.spanning.loc[self.spanning["dataset"] == CODED, "incident_id"]
        return sorted(set(placed) | set(coded))


def chosen_incidents(
    ds: Dataset, provinces, perpetrators, event_types, datasets
) -> tuple[pd.DataFrame, pd.Series | None]:
    """The chosen datasets' incidents and the filters' mask (None: keep all), so callers copy only the columns they
    need.

    datasets: 'coded' (the articles, the default) and imports by name. Imports are opt-in, so a report shows dataset
    events only where its configuration asks for them. Perpetrators match with their branches (IS includes ISKP)."""
    incidents = incidents_from(ds, as_list(datasets) or [CODED])
    provinces, perpetrators, event_types = as_list(provinces), as_list(perpetrators), as_list(event_types)
    if not (provinces or perpetrators or event_types):
        return incidents, None
    keep = pd.Series(True, index=incidents.index)
    if provinces:
        keep &= incidents["province"].isin(provinces)
    if perpetrators:
        keep &= incidents["perpetrator"].isin(ds.actors_within(perpetrators))
    if event_types:
        keep &= incidents["event_type"].isin(event_types)
    return incidents, keep


def attack_counts(
    ds: Dataset,
    freq: str = "year",
    by: str = "perpetrator",
    start=None,
    end=None,
    provinces=None,
    perpetrators=None,
    event_types=None,
    datasets=None,
) -> AttackCounts:
    """Incidents per period and group, with killed and injured (low/best/high) summed over known values.

    incidents counts every chosen dataset, each event once; imported says how many of them come from
    imports alone; incident_ids lists the incidents coded from articles.
    """
    if freq not in FREQUENCIES:
        raise ChoiceError("freq", freq, FREQUENCIES)
    if by not in GROUPINGS:
        raise ChoiceError("by", by, GROUPINGS)
    window = Window.of(start, end)
    perpetrators = as_list(perpetrators)
    chosen, keep = chosen_incidents(ds, provinces, perpetrators, event_types, datasets)
    needed = [
        "incident_id",
        "dataset",
        "seen_in",
        "date_start",
        "date_end",
        "perpetrator",
        "perpetrator_label",
        *FIGURE_COLUMNS,
    ]
    needed += [by] if by not in needed else []
    incidents = chosen[needed] if keep is None else chosen.loc[keep, needed]  # text columns only for the rows shown
    placement = window.placement(incidents["date_start"], incidents["date_end"])
    first = incidents["date_start"].dt.to_period(FREQUENCIES[freq])
    last = incidents["date_end"].dt.to_period(FREQUENCIES[freq])
    placed = (placement == "inside") & (first == last)
    group = (
        labels(incidents[by], ds.actor_names(), incidents["perpetrator_label"], categorical=True)
        if by == "perpetrator"
        else labels(incidents[by], categorical=True)
    )

    coded = incidents["dataset"] == CODED
    rows = incidents.loc[
        placed, ["incident_id", "seen_in", *FIGURE_COLUMNS]
    ].assign(  # only what is counted: no other text
        group=group[placed],
        period=first[placed],
        imported=~coded[placed],
        killed_unknown=incidents["killed_best"].isna()[placed],
    )
    rows["in_several"] = rows["seen_in"].str.contains(",", regex=False).astype(bool)
    grouped = rows.groupby(["period", "group"], observed=True)
    coded_ids = rows[~rows["imported"]].groupby(["period", "group"], observed=True)["incident_id"].agg(join_ids)
    counts = pd.concat(
        [
            grouped.size().rename("incidents"),
            grouped["imported"].sum().astype(int),
            grouped["in_several"].sum().astype(int),
            _seen_in(rows, list(dataset_labels(ds).values())),
            sum_figures(grouped),
            grouped["killed_unknown"].sum().astype(int),
            coded_ids.rename("incident_ids"),
        ],
        axis=1,
    ).reset_index()
    counts["incident_ids"] = counts["incident_ids"].fillna("")
    counts["group"] = counts["group"].astype(str)
    counts.insert(1, "period_start", counts["period"].dt.start_time)
    counts["period"] = counts["period"].astype(str)

    loose = placement.ne("outside") & ~placed
    unplaced = (
        with_summaries(ds, chosen.loc[loose[loose].index])
        .assign(
            group=group[loose].astype(str),
            reason=placement[loose]
            .map(
                {
                    "inside": f"its date range spans more than one {freq}",
                    "partly": "its date range reaches outside the window",
                }
            )
            .astype(str),
        )[
            [
                "incident_id",
                "dataset",
                "seen_in",
                *DATES,
                "group",
                "summary",
                "reason",
                "n_sources",
                "n_independent",
            ]
        ]
        .reset_index(drop=True)
    )
    subjects = ds.actors_within(perpetrators) if perpetrators else None
    reported = reported_beside_coded(ds, "attacks", window, subjects, provinces, event_types, datasets)
    return AttackCounts(counts, unplaced, reported, freq, by, tuple(as_list(datasets) or [CODED]))


def _seen_in(rows: pd.DataFrame, order: list[str]) -> pd.Series:
    """Per period and group, the datasets that saw its events ("articles, ACLED, UCDP"), in the datasets' order."""
    combos = rows.groupby(["period", "group", "seen_in"], observed=True).size().reset_index()
    named = combos.groupby(["period", "group"], observed=True)["seen_in"].agg(
        lambda seen: ", ".join(label for label in order if any(label in combo.split(", ") for combo in seen))
    )
    return named.rename("seen_in")


def sum_figures(grouped) -> pd.DataFrame:
    """Sum low/best/high so the totals stay honest bounds.

    Lows add up known values (an unknown count is at least 0); a best total is unknown only when every
    incident's is; a high total is unknown as soon as one incident has no upper bound.
    """
    sums = grouped[FIGURE_COLUMNS].sum(min_count=1)
    known = grouped[FIGURE_COLUMNS].count()
    all_known = known.eq(grouped.size(), axis=0)
    for column in FIGURE_COLUMNS:
        if column.endswith("_low"):
            sums[column] = sums[column].fillna(0)
        elif column.endswith("_high"):
            sums[column] = sums[column].where(all_known[column])
    return sums.astype("Int64")


def reported_beside_coded(
    ds: Dataset, metric: str, window: Window, subjects=None, provinces=None, event_types=None, datasets=None
) -> pd.DataFrame:
    """Each figure of one metric others report (e.g. the UN's attack count) next to the incidents coded for its period.

    Only that metric's figures: attack_counts asks for `attacks`, so raids (a crackdown) are never set beside attacks.

    coded_inside counts incidents by the figure's subject (and its branches) whose whole date range
    lies in the figure's period; coded_possible also counts those that merely overlap it.
    """
    figures = ds.reported_figures[ds.reported_figures["metric"] == metric]
    if subjects is not None:
        figures = figures[figures["subject_actor"].isin(subjects)]
    figures = figures[window.placement(figures["period_start"], figures["period_end"]) != "outside"]
    names = ds.actor_names()
    rows = []
    for figure in figures.itertuples(index=False):
        chosen, keep = chosen_incidents(ds, provinces, [figure.subject_actor], event_types, datasets)
        incidents = chosen.loc[keep, ["date_start", "date_end"]]
        placement = Window(None if pd.isna(figure.period_start) else figure.period_start, figure.period_end).placement(
            incidents["date_start"], incidents["date_end"]
        )
        rows.append(
            {
                "figure_id": figure.figure_id,
                "reporter": names[figure.reporter_actor],
                "subject": names[figure.subject_actor],
                "period_start": figure.period_start,
                "period_end": figure.period_end,
                "reported_low": figure.value_low,
                "reported": figure.value,
                "reported_high": figure.value_high,
                "coded_inside": int((placement == "inside").sum()),
                "coded_possible": int((placement != "outside").sum()),
                "source_ids": join_ids(figure.source_ids),
            }
        )
    columns = [
        "figure_id",
        "reporter",
        "subject",
        "period_start",
        "period_end",
        "reported_low",
        "reported",
        "reported_high",
        "coded_inside",
        "coded_possible",
        "source_ids",
    ]
    return pd.DataFrame(rows, columns=columns).astype(
        {c: "Int64" for c in ("reported_low", "reported", "reported_high")}
    )
