"""Statements about incidents (conventions.attributions): an attribution needs its incidents, a blame its target,
and a statement cannot end before the incident it is about begins."""

from __future__ import annotations

import pandas as pd

from ..dictionary import TableSpec
from ..paths import split_list
from .rules import by_line


def check_attributions(
    statements: pd.DataFrame, incidents: pd.DataFrame, spec: TableSpec, kinds: dict[str, list[str]]
) -> list:
    """Problems by file, line and column; unknown incident ids are the reference check's (coded._check_values).
    `kinds`: attribution -> the statement kinds it may take (the dictionary's attribution_kind vocabulary)."""
    if not {"about_incidents", "attribution"} <= set(statements) or "incident_id" not in incidents:
        return []
    where = by_line(spec.file)
    begins = dict(zip(incidents["incident_id"], pd.to_datetime(incidents["date_start"], errors="coerce")))
    ends = pd.to_datetime(statements["date_end"], format="%Y-%m-%d", errors="coerce")
    problems = []
    for index, row in statements.iterrows():
        attribution, about = row["attribution"], split_list(row["about_incidents"])
        if pd.notna(attribution):
            if not about:
                problems.append(
                    where(index, "attribution", f"{attribution!r} needs the incident(s) in about_incidents")
                )
            if attribution == "blames" and pd.isna(row.get("target_actor")):
                problems.append(where(index, "target_actor", "a statement that blames names who (target_actor)"))
            allowed = kinds.get(attribution)
            if allowed and row.get("kind") not in allowed:
                problems.append(
                    where(
                        index,
                        "kind",
                        f"{row.get('kind')!r}: a statement that {attribution.replace('_', ' ')} is of kind "
                        f"{' or '.join(sorted(allowed))}",
                    )
                )
        for incident in about:
            begun = begins.get(incident)
            if begun is not None and pd.notna(begun) and pd.notna(ends[index]) and ends[index] < begun:
                problems.append(
                    where(
                        index,
                        "about_incidents",
                        f"{incident} begins on {begun:%Y-%m-%d}, after this statement ends ({ends[index]:%Y-%m-%d})",
                    )
                )
    return problems
