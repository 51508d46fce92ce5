"""Analytic views: pure functions from a Dataset to small tables the notebooks chart and print.

Dates in the data are ranges, so a row is *inside* a window only when its whole range is; rows whose
range merely overlaps the window are never silently dropped or assigned: each view returns them
separately so notebooks can show them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .dataset import CODED, Dataset

FREQUENCIES = {"day": "D", "week": "W", "month": "M", "quarter": "Q", "year": "Y"}
GROUPINGS = ("perpetrator", "province", "event_type")
PLACEMENTS = ["inside", "partly", "outside"]  # Window.placement: the whole date range in the window, part of it, none
NOT_STATED = "not stated"
UNNAMED_OFFICIAL = "unnamed official"
FIGURE_COLUMNS = ["killed_low", "killed_best", "killed_high", "injured_low", "injured_best", "injured_high"]


@dataclass(frozen=True)
class Window:
    """A closed date window; either end may be open (None)."""

    start: pd.Timestamp | None = None
    end: pd.Timestamp | None = None

    @classmethod
    def of(cls, start=None, end=None) -> "Window":
        start = pd.Timestamp(start) if start not in (None, "") else None
        end = pd.Timestamp(end) if end not in (None, "") else None
        if start is not None and end is not None and start > end:
            raise ValueError(f"window start {start.date()} is after its end {end.date()}")
        return cls(start, end)

    def placement(self, date_start: pd.Series, date_end: pd.Series) -> pd.Series:
        """'inside' (the whole range is in the window), 'partly' (it overlaps) or 'outside'.

        An empty date_start means 'no earlier bound', so such a row is never inside a bounded window.
        """
        everywhere = pd.Series(True, index=date_start.index)
        # comparisons with NaT are False, so an open start is spelled out: it is before any date
        begins_after_start = everywhere if self.start is None else date_start.notna() & (date_start >= self.start)
        ends_before_end = everywhere if self.end is None else date_end <= self.end
        ends_after_start = everywhere if self.start is None else date_end >= self.start
        begins_before_end = everywhere if self.end is None else date_start.isna() | (date_start <= self.end)
        inside = (begins_after_start & ends_before_end).to_numpy(dtype=bool)
        overlaps = (ends_after_start & begins_before_end).to_numpy(dtype=bool)
        codes = np.select([inside, overlaps], [0, 1], 2)  # a categorical: a million short strings would cost a second
        return pd.Series(pd.Categorical.from_codes(codes, PLACEMENTS), index=date_start.index)


def as_list(value) -> list[str]:
    """Filters come as lists from Python and as "a, b" strings from `papermill -p NAME VALUE`."""
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return [str(part) for part in value]


def _labels(values: pd.Series, names: dict[str, str] | None = None, fallback: pd.Series | None = None,
            categorical: bool = False) -> pd.Series:
    """Readable labels: actor names for ids, then the fallback (an imported name not mapped), then 'not stated'.

    Labelled once per distinct value; categorical=True keeps the categorical, which groups a million rows quickly.
    """
    codes, distinct = pd.factorize(values, use_na_sentinel=True)
    labels = [(names or {}).get(value, value) for value in distinct]
    if fallback is not None:
        fallback_codes, fallback_distinct = pd.factorize(fallback, use_na_sentinel=True)
        codes = np.where(codes >= 0, codes, np.where(fallback_codes >= 0, fallback_codes + len(labels), -1))
        labels += list(fallback_distinct)
    codes = np.where(codes >= 0, codes, len(labels))
    labels.append(NOT_STATED)
    categories = list(dict.fromkeys(str(label) for label in labels))
    position = np.array([categories.index(str(label)) for label in labels])
    labelled = pd.Series(pd.Categorical.from_codes(position[codes], categories), index=values.index)
    return labelled if categorical else labelled.astype(str)


def _join_ids(ids) -> str:
    return ", ".join(sorted(ids))


# --- attack counts ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttackCounts:
    counts: pd.DataFrame  # one row per period x group, incidents placed in exactly one period
    unplaced: pd.DataFrame  # incidents in or overlapping the window that no single period holds
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
        coded = self.unplaced.loc[self.unplaced["dataset"] == CODED, "incident_id"]
        return sorted(set(placed) | set(coded))


def _chosen(ds: Dataset, provinces, perpetrators, event_types, datasets) -> tuple[pd.DataFrame, pd.Series | None]:
    """The chosen datasets' incidents and the filters' mask (None: keep all), so callers copy only the columns they need.

    datasets: 'coded' (the articles, the default) and imports by name. Imports are opt-in, so a report
    shows dataset events only where its configuration asks for them. Perpetrators match with their
    branches (IS includes ISKP).
    """
    incidents = ds.incidents_from(as_list(datasets) or [CODED])
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


def attack_counts(ds: Dataset, freq: str = "year", by: str = "perpetrator", start=None, end=None,
                  provinces=None, perpetrators=None, event_types=None, datasets=None) -> AttackCounts:
    """Incidents per period and group, with killed and injured (low/best/high) summed over known values.

    incidents counts every chosen dataset, each event once; imported says how many of them come from
    imports alone; incident_ids lists the incidents coded from articles.
    """
    if freq not in FREQUENCIES:
        raise ValueError(f"freq must be one of {', '.join(FREQUENCIES)}, not {freq!r}")
    if by not in GROUPINGS:
        raise ValueError(f"by must be one of {', '.join(GROUPINGS)}, not {by!r}")
    window = Window.of(start, end)
    perpetrators = as_list(perpetrators)
    chosen, keep = _chosen(ds, provinces, perpetrators, event_types, datasets)
    needed = ["incident_id", "dataset", "date_start", "date_end", "perpetrator", "perpetrator_label", *FIGURE_COLUMNS]
    needed += [by] if by not in needed else []
    incidents = chosen[needed] if keep is None else chosen.loc[keep, needed]  # text columns only for the rows shown
    placement = window.placement(incidents["date_start"], incidents["date_end"])
    first = incidents["date_start"].dt.to_period(FREQUENCIES[freq])
    last = incidents["date_end"].dt.to_period(FREQUENCIES[freq])
    placed = (placement == "inside") & (first == last)
    group = (_labels(incidents[by], ds.actor_names(), incidents["perpetrator_label"], categorical=True) if by == "perpetrator"
             else _labels(incidents[by], categorical=True))

    coded = incidents["dataset"] == CODED
    rows = incidents.loc[placed, ["incident_id", *FIGURE_COLUMNS]].assign(  # only what is counted: no text columns
        group=group[placed], period=first[placed], imported=~coded[placed], killed_unknown=incidents["killed_best"].isna()[placed])
    grouped = rows.groupby(["period", "group"], observed=True)
    coded_ids = rows[~rows["imported"]].groupby(["period", "group"], observed=True)["incident_id"].agg(_join_ids)
    counts = pd.concat([grouped.size().rename("incidents"), grouped["imported"].sum().astype(int), sum_figures(grouped),
                        grouped["killed_unknown"].sum().astype(int), coded_ids.rename("incident_ids")],
                       axis=1).reset_index()
    counts["incident_ids"] = counts["incident_ids"].fillna("")
    counts["group"] = counts["group"].astype(str)
    counts.insert(1, "period_start", counts["period"].dt.start_time)
    counts["period"] = counts["period"].astype(str)

    loose = placement.ne("outside") & ~placed
    unplaced = ds.with_summaries(chosen.loc[loose[loose].index]).assign(
        group=group[loose].astype(str),
        reason=placement[loose].map({"inside": f"its date range spans more than one {freq}",
                                     "partly": "its date range reaches outside the window"}).astype(str),
    )[["incident_id", "dataset", "date_start", "date_end", "date_precision", "group", "summary", "reason", "n_sources"]].reset_index(drop=True)
    subjects = ds.actors_within(perpetrators) if perpetrators else None
    reported = reported_beside_coded(ds, "attacks", window, subjects, provinces, event_types, datasets)
    return AttackCounts(counts, unplaced, reported, freq, by, tuple(as_list(datasets) or [CODED]))


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


def reported_beside_coded(ds: Dataset, metric: str, window: Window, subjects=None, provinces=None, event_types=None,
                          datasets=None) -> pd.DataFrame:
    """Each figure others report (e.g. the UN's attack count) next to the incidents coded for its period.

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
        chosen, keep = _chosen(ds, provinces, [figure.subject_actor], event_types, datasets)
        incidents = chosen.loc[keep, ["date_start", "date_end"]]
        placement = Window(None if pd.isna(figure.period_start) else figure.period_start, figure.period_end).placement(
            incidents["date_start"], incidents["date_end"])
        rows.append({
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
            "source_ids": _join_ids(figure.source_ids),
        })
    columns = ["figure_id", "reporter", "subject", "period_start", "period_end", "reported_low", "reported",
               "reported_high", "coded_inside", "coded_possible", "source_ids"]
    return pd.DataFrame(rows, columns=columns).astype({c: "Int64" for c in ("reported_low", "reported", "reported_high")})


# --- official killings ------------------------------------------------------------------------------


def official_killings(ds: Dataset, start=None, end=None, provinces=None, perpetrators=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Officials killed (inside the window) and those whose incident's dates only overlap it."""
    killings = ds.official_killings
    provinces, perpetrators = as_list(provinces), as_list(perpetrators)
    keep = pd.Series(True, index=killings.index)
    if provinces:
        keep &= killings["province"].isin(provinces) | killings["incident_province"].isin(provinces)
    if perpetrators:
        keep &= killings["perpetrator"].isin(ds.actors_within(perpetrators))
    killings = killings[keep]
    names = ds.actor_names()
    table = pd.DataFrame({
        "official": killings["name"].fillna(UNNAMED_OFFICIAL).astype(str),
        "position": killings["position"].astype(str),
        "province": _labels(killings["province"]),
        "date_start": killings["date_start"],
        "date_end": killings["date_end"],
        "date_precision": killings["date_precision"].astype(str),
        "perpetrator": _labels(killings["perpetrator"], names),
        "incident_id": killings["incident_id"].astype(str),
        "n_sources": killings["n_sources"],
        "source_ids": killings["source_ids"].map(_join_ids),
    })
    placement = Window.of(start, end).placement(table["date_start"], table["date_end"])
    return (table[placement == "inside"].sort_values("date_start").reset_index(drop=True),
            table[placement == "partly"].sort_values("date_start").reset_index(drop=True))


# --- accusation flows and threads --------------------------------------------------------------------


@dataclass(frozen=True)
class Flows:
    edges: pd.DataFrame  # speaker actor -> target actor, by kind, with counts
    threads: pd.DataFrame  # statements that answer or are answered, as a timeline
    partly: pd.DataFrame  # statements whose dates only overlap the window

    @property
    def statement_ids(self) -> list[str]:
        """Every statement in the flows or the threads, for the evidence table."""
        in_edges = [i for ids in self.edges["statement_ids"] for i in ids.split(", ")]
        return sorted(set(in_edges) | set(self.threads["statement_id"]))


def accusation_flows(ds: Dataset, start=None, end=None, actors=None, kinds=None) -> Flows:
    """Who directs which kind of statement at whom; actors match as speaker or target (with branches).

    Threads are kept whole when any of their statements involves the actors: a reply with no target
    (a pledge answering a claim) still belongs to the exchange.
    """
    statements = ds.statements
    actors, kinds = as_list(actors), as_list(kinds)
    if kinds:
        statements = statements[statements["kind"].isin(kinds)]
    placement = Window.of(start, end).placement(statements["date_start"], statements["date_end"])
    in_window = statements[placement == "inside"]
    timeline = threads(ds, in_window)
    if actors:
        involved = ds.actors_within(actors)

        def involving(table):
            return table[table["speaker_actor"].isin(involved) | table["target_actor"].isin(involved)]

        statements, in_window = involving(statements), involving(in_window)
        placement = placement[statements.index]
        kept_threads = timeline.loc[timeline["statement_id"].isin(in_window["statement_id"]), "thread"]
        timeline = timeline[timeline["thread"].isin(kept_threads)]
    inside = in_window[in_window["target_actor"].notna()]
    names = ds.actor_names()
    edges = (inside.assign(speaker=_labels(inside["speaker_actor"], names), target=_labels(inside["target_actor"], names),
                           kind=inside["kind"].astype(str))
             .groupby(["speaker", "target", "kind"])
             .agg(statements=("statement_id", "size"), statement_ids=("statement_id", _join_ids),
                  summaries=("summary", lambda s: " | ".join(s)))
             .reset_index()
             .sort_values(["statements", "speaker", "target"], ascending=[False, True, True], ignore_index=True))
    partly = statements[placement == "partly"][["statement_id", "speaker_actor", "target_actor", "kind", "date_start", "date_end", "summary"]]
    return Flows(edges, timeline.reset_index(drop=True), partly.reset_index(drop=True))


def threads(ds: Dataset, statements: pd.DataFrame | None = None) -> pd.DataFrame:
    """Statements linked by responds_to (claim -> rejection -> ...), each with its thread's root and depth.

    Only threads with at least two statements among `statements` (default: all) are returned.
    """
    everything = ds.statements.set_index("statement_id")
    chosen = everything if statements is None else everything.loc[list(statements["statement_id"])]
    parent = everything["responds_to"].to_dict()

    def chain(statement_id):
        path = [statement_id]
        while pd.notna(parent.get(path[-1])) and parent[path[-1]] not in path:
            path.append(parent[path[-1]])
        return path

    names = ds.actor_names()
    rows = []
    for statement_id, row in chosen.iterrows():
        path = chain(statement_id)
        rows.append({"thread": path[-1], "depth": len(path) - 1, "statement_id": statement_id,
                     "speaker": row["speaker"] if pd.notna(row["speaker"]) else names[row["speaker_actor"]],
                     "speaker_actor": names[row["speaker_actor"]], "kind": str(row["kind"]),
                     "target": names.get(row["target_actor"], NOT_STATED) if pd.notna(row["target_actor"]) else NOT_STATED,
                     "responds_to": row["responds_to"], "date_start": row["date_start"], "date_end": row["date_end"],
                     "summary": row["summary"], "source_ids": _join_ids(row["source_ids"])})
    columns = ["thread", "depth", "statement_id", "speaker", "speaker_actor", "kind", "target", "responds_to",
               "date_start", "date_end", "summary", "source_ids"]
    table = pd.DataFrame(rows, columns=columns)
    sizes = table.groupby("thread")["statement_id"].transform("size")
    return table[sizes >= 2].sort_values(["thread", "depth", "statement_id"], ignore_index=True)


# --- evidence ---------------------------------------------------------------------------------------


def evidence_table(ds: Dataset, record_ids, datasets=()) -> pd.DataFrame:
    """The verbatim quotes behind the given rows, with the article each comes from.

    With imported datasets named, incidents linked to their events also show the events' notes.
    """
    table = ds.evidence_for(as_list(record_ids), as_list(datasets))
    return table[["record_id", "source_id", "outlet", "title", "quote"]].sort_values(["record_id", "source_id"], ignore_index=True)


# --- corroboration ---------------------------------------------------------------------------------


def corroboration(ds: Dataset) -> pd.DataFrame:
    """How many distinct articles stand behind each coded row, and which rest on one only."""
    parts = []
    for spec in ds.dictionary.tables.values():
        if not spec.evidenced_as:
            continue
        table = getattr(ds, spec.name)
        summary = table["summary"] if "summary" in table else table["coding_note"]
        parts.append(pd.DataFrame({"record_type": spec.evidenced_as, "record_id": table[spec.key].astype(str),
                                   "summary": summary.astype("string"), "n_sources": table["n_sources"],
                                   "source_ids": table["source_ids"].map(_join_ids)}))
    table = pd.concat(parts, ignore_index=True)
    table["single_source"] = table["n_sources"] == 1
    return table.sort_values(["n_sources", "record_type", "record_id"], ignore_index=True)
