"""Date windows over date ranges, list parameters and readable labels: what every view shares.

Dates in the data are ranges, so a row is *inside* a window only when its whole range is; rows whose
range merely overlaps the window are never silently dropped or assigned: each view returns them
separately so notebooks can show them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import InputError
from ..ranges import overlapping

PLACEMENTS = ["inside", "partly", "outside"]  # Window.placement: the whole date range in the window, part of it, none
NOT_STATED = "not stated"


@dataclass(frozen=True)
class Window:
    """A closed date window; either end may be open (None)."""

    start: pd.Timestamp | None = None
    end: pd.Timestamp | None = None

    @classmethod
    def of(cls, start=None, end=None) -> Window:
        start = pd.Timestamp(start) if start not in (None, "") else None
        end = pd.Timestamp(end) if end not in (None, "") else None
        if start is not None and end is not None and start > end:
            raise InputError(f"window start {start.date()} is after its end {end.date()}")
        return cls(start, end)

    def placement(self, date_start: pd.Series, date_end: pd.Series) -> pd.Series:
        """'inside' (the whole range is in the window), 'partly' (it overlaps) or 'outside'.

        An empty date_start means 'no earlier bound', so such a row is never inside a bounded window.
        """
        start = pd.Timestamp.min if self.start is None else self.start
        end = pd.Timestamp.max if self.end is None else self.end
        # an open start (NaT) compares False: it begins inside only a window open at its start too
        begins_inside = pd.Series(True, index=date_start.index) if self.start is None else date_start >= start
        inside = (begins_inside & (date_end <= end)).to_numpy(dtype=bool)
        overlaps = overlapping(date_start, date_end, start, end).to_numpy(dtype=bool)
        codes = np.select([inside, overlaps], [0, 1], 2)  # a categorical: a million short strings would cost a second
        return pd.Series(pd.Categorical.from_codes(codes, PLACEMENTS), index=date_start.index)


def as_list(value) -> list[str]:
    """Filters come as lists from Python and as "a, b" strings from `papermill -p NAME VALUE`."""
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return [str(part) for part in value]


def labels(
    values: pd.Series, names: dict[str, str] | None = None, fallback: pd.Series | None = None, categorical: bool = False
) -> pd.Series:
    """Readable labels: actor names for ids, then the fallback (an imported name not mapped), then 'not stated'.

    Labelled once per distinct value; categorical=True keeps the categorical, which groups a million rows quickly.
    """
    codes, distinct = pd.factorize(values, use_na_sentinel=True)
    names_of = [(names or {}).get(value, value) for value in distinct]
    if fallback is not None:
        fallback_codes, fallback_distinct = pd.factorize(fallback, use_na_sentinel=True)
        codes = np.where(codes >= 0, codes, np.where(fallback_codes >= 0, fallback_codes + len(names_of), -1))
        names_of += list(fallback_distinct)
    codes = np.where(codes >= 0, codes, len(names_of))
    names_of.append(NOT_STATED)
    categories = list(dict.fromkeys(str(label) for label in names_of))
    position = np.array([categories.index(str(label)) for label in names_of])
    labelled = pd.Series(pd.Categorical.from_codes(position[codes], categories), index=values.index)
    return labelled if categorical else labelled.astype(str)


def join_ids(ids) -> str:
    return ", ".join(sorted(ids))
