"""Analytic views: pure functions from a Dataset to the small tables notebooks chart and print.

combined (coded incidents and imported events, each event once) -> attacks, provinces, officials,
statements, evidence; figures (what others report). Every view takes the window (start, end) and
filters as lists or "a, b" text.
"""

from .attacks import (
    FIGURE_COLUMNS,
    FREQUENCIES,
    GROUPINGS,
    AttackCounts,
    attack_counts,
    reported_beside_coded,
    sum_figures,
)
from .combined import dataset_labels, incidents_from, linking_counts, links, with_summaries
from .evidence import corroboration, evidence_for, evidence_table
from .figures import reported_figures
from .officials import UNNAMED_OFFICIAL, Killings, official_killings, officials_with_incidents
from .provinces import ProvinceTotals, province_totals
from .statements import Flows, accusation_flows, accusations, threads
from .window import NOT_STATED, PLACEMENTS, Window, as_list

__all__ = [
    "dataset_labels",
    "FIGURE_COLUMNS",
    "FREQUENCIES",
    "GROUPINGS",
    "NOT_STATED",
    "PLACEMENTS",
    "UNNAMED_OFFICIAL",
    "AttackCounts",
    "Flows",
    "Killings",
    "ProvinceTotals",
    "Window",
    "accusation_flows",
    "accusations",
    "as_list",
    "attack_counts",
    "corroboration",
    "evidence_for",
    "evidence_table",
    "incidents_from",
    "linking_counts",
    "links",
    "official_killings",
    "officials_with_incidents",
    "province_totals",
    "reported_beside_coded",
    "reported_figures",
    "sum_figures",
    "threads",
    "with_summaries",
]
