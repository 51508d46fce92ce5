"""Date ranges and counts as ranges: the rules every stage shares, written once.

Dates in the data are closed ranges whose start may be empty (open: no earlier bound), and counts are
low/best/high with an empty high meaning no upper bound. Coding, validation, linking, the views and the
reports all ask the same questions of them (do two ranges share a day? is this text an ISO date? how does a
toll read?), so the answers live here.
"""

from __future__ import annotations

import re

import pandas as pd

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")  # the one date spelling of the coded tables and parameters
DATES = ["date_start", "date_end", "date_precision"]  # a date range and how precise it is
KILLED = ["killed_low", "killed_best", "killed_high"]
INJURED = ["injured_low", "injured_best", "injured_high"]
UNKNOWN = "unknown"


def overlap(start_a, end_a, start_b, end_b) -> bool:
    """Two closed date ranges share a day; an empty bound (None, NaN, NaT) is open on its side."""
    return (pd.isna(start_a) or pd.isna(end_b) or start_a <= end_b) and (
        pd.isna(start_b) or pd.isna(end_a) or start_b <= end_a
    )


def overlapping(start_a, end_a, start_b, end_b):
    """overlap() element-wise, for arrays and Series: a missing start (NaT, NaN) is open; ends are never missing."""
    return (pd.isna(start_a) | (start_a <= end_b)) & (pd.isna(start_b) | (start_b <= end_a))


def toll_text(low, best, high) -> str:
    """Low/best/high as one figure for readers: '21', '3-20', '3-20 (best 10)', 'at least 3', 'unknown'.

    With no upper bound a figure reads 'at least' its low (each source vouches that at least so many died)."""
    if (pd.isna(low) or low == 0) and pd.isna(best) and pd.isna(high):
        return UNKNOWN  # summed lows of unknown figures are 0: no figure is known
    low = int(best) if pd.isna(low) else int(low)
    best_note = (
        f" (best {int(best)})"
        if pd.notna(best) and int(best) != low and (pd.isna(high) or int(best) != int(high))
        else ""
    )
    if pd.isna(high):
        return f"at least {low}{best_note}"
    return f"{low}" if low == int(high) else f"{low}-{int(high)}{best_note}"


def toll_triple(low, best, high) -> str:
    """Low/best/high side by side, '-' where not given ('2/3/4', '3/3/-'): one record's figures beside another's."""
    return "/".join("-" if pd.isna(v) else str(int(v)) for v in (low, best, high))
