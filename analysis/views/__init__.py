"""Analytic views: pure functions from a Dataset to the small tables notebooks chart and print.

combined (coded incidents and imported events, each event once) -> attacks, provinces, officials,
attributions (who is said to be behind each incident), statements, evidence; figures (what others report).
Every view takes the window (start, end) and
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
from .attributions import (
    ATTRIBUTION_COLUMNS,
    FROM_NOTES,
    STANCE_COLUMNS,
    attribution_statements,
    attributions,
    stance_counts,
)
from .combined import dataset_labels, incidents_from, linking_counts, record_links, with_summaries
from .evidence import corroboration, evidence_for, evidence_table
from .figures import figures_by_metric
from .filters import NOT_STATED, PLACEMENTS, Window, as_list
from .officials import UNNAMED_OFFICIAL, Killings, officials_killed_in_window, officials_killed_with_incidents
from .provinces import ProvinceTotals, province_totals
from .statements import (
    THREAD_COLUMNS,
    VOLUME_FREQUENCIES,
    Flows,
    accusations,
    statement_counts,
    statement_flows,
    statement_links,
    statement_volume,
    statements_from,
    statements_in,
    threads,
)

__all__ = [
    "ATTRIBUTION_COLUMNS",
    "FROM_NOTES",
    "attribution_statements",
    "attributions",
    "STANCE_COLUMNS",
    "stance_counts",
    "THREAD_COLUMNS",
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
    "statement_counts",
    "statement_flows",
    "statement_links",
    "statement_volume",
    "statements_from",
    "statements_in",
    "VOLUME_FREQUENCIES",
    "accusations",
    "as_list",
    "attack_counts",
    "corroboration",
    "evidence_for",
    "evidence_table",
    "incidents_from",
    "linking_counts",
    "record_links",
    "officials_killed_in_window",
    "officials_killed_with_incidents",
    "province_totals",
    "reported_beside_coded",
    "figures_by_metric",
    "sum_figures",
    "threads",
    "with_summaries",
]
