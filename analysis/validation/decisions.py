"""Check link_decisions.csv against the records it names: coded incidents and statements, imported events and
imported statements.

Run after the imports are read (the events are needed), so a decision naming an event that a
re-import dropped is reported like any other problem, by file, line and column.
"""

from __future__ import annotations

import pandas as pd

from ..dictionary import TableSpec
from ..errors import Problem, did_you_mean
from ..paths import CODED
from .csv_text import line_of
from .rules import by_line


def check_decisions(
    decisions: pd.DataFrame, spec: TableSpec, coded_ids, events: pd.DataFrame, unread=()
) -> list[Problem]:
    """Each decision's records exist, sit in two different datasets, and no pair is decided twice.

    coded_ids: the coded incidents' and statements' ids; events: every imported record (dataset, event_id), events
    and machine-coded statements alike. unread: imports that could not be read (their own problems are reported);
    decisions naming them are not checked.
    """
    where = by_line(spec.file)
    known = {CODED: set(coded_ids)}
    datasets = [CODED, *events["dataset"].unique().tolist()] if len(events) else [CODED]
    problems, first_line = [], {}
    named = {}  # record -> rows naming it, checked against the events in one pass per dataset
    for index, row in decisions.iterrows():
        records = []
        for column in ("left", "right"):
            value = row.get(column)
            if not isinstance(value, str) or ":" not in value:
                problems.append(
                    where(
                        index,
                        column,
                        f"{value!r}: not a record of the form DATASET:ID (coded:IN01, acled_afghanistan:AFG123)",
                    )
                )
                continue
            dataset, record_id = value.split(":", 1)
            if dataset in unread:
                continue
            if dataset not in datasets:
                problems.append(
                    where(
                        index,
                        column,
                        f"{value!r}: no dataset {dataset!r} in this data{did_you_mean(dataset, datasets)}",
                    )
                )
                continue
            named.setdefault((dataset, record_id), []).append((index, column, value))
            records.append(dataset)
        if len(records) == 2 and records[0] == records[1]:
            problems.append(
                where(
                    index,
                    "right",
                    "both records are of one dataset; the linker only joins records of different datasets",
                )
            )
        pair = frozenset((row.get("left"), row.get("right")))
        if pair in first_line:
            earlier, decision = first_line[pair]
            why = "a confirm and a reject of" if decision != row.get("decision") else "a second decision on"
            problems.append(where(index, "left", f"{why} the pair decided on line {earlier}; keep one row per pair"))
        else:
            first_line[pair] = (line_of(index), row.get("decision"))
    for dataset in {d for d, _ in named} - {CODED}:
        ids = [record_id for d, record_id in named if d == dataset]
        known[dataset] = set(events.loc[(events["dataset"] == dataset) & events["event_id"].isin(ids), "event_id"])
    for (dataset, record_id), places in named.items():
        if record_id not in known[dataset]:
            what = (
                "incident in incidents.csv or statement in statements.csv"
                if dataset == CODED
                else f"record in the import {dataset}"
            )
            problems += [
                where(index, column, f"{value!r}: no such {what}; it may have been removed or re-imported without it")
                for index, column, value in places
            ]
    return problems
