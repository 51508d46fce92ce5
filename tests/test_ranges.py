"""The rules dates and counts share (analysis.ranges), at their boundaries."""

from datetime import date

import numpy as np
import pandas as pd
import pytest

from analysis import ranges
from analysis.views import Window

D = date.fromisoformat


@pytest.mark.parametrize(
    ("a", "b", "shared"),
    [
        (("2023-07-01", "2023-07-10"), ("2023-07-10", "2023-07-20"), True),  # touching on one day: a shared day
        (("2023-07-01", "2023-07-09"), ("2023-07-10", "2023-07-20"), False),  # back to back: none
        ((None, "2023-07-09"), ("2023-01-01", "2023-01-01"), True),  # an open start reaches back without end
        ((None, "2023-07-09"), ("2023-07-10", "2023-07-10"), False),
        (("2023-07-10", "2023-07-10"), (None, "2023-07-10"), True),
    ],
)
def test_two_ranges_overlap_when_they_share_a_day(a, b, shared):
    def day(value):
        return None if value is None else D(value)

    assert ranges.overlap(day(a[0]), day(a[1]), day(b[0]), day(b[1])) is shared
    assert ranges.overlap(day(b[0]), day(b[1]), day(a[0]), day(a[1])) is shared
    nat = [pd.NaT if v is None else pd.Timestamp(v) for v in (*a, *b)]
    assert ranges.overlap(*nat) is shared  # pandas' missing dates are open bounds too
    as_series = [pd.Series([v], dtype="datetime64[us]") for v in nat]
    assert bool(ranges.overlapping(*as_series)[0]) is shared  # element-wise, as the views and the linker use it


def test_a_row_ending_on_the_windows_last_day_is_inside_and_one_starting_on_its_first_day_too():
    window = Window.of("2023-07-01", "2023-07-31")
    starts = pd.Series(pd.to_datetime(["2023-07-01", "2023-07-31", "2023-06-30", "2023-07-31", None]))
    ends = pd.Series(pd.to_datetime(["2023-07-31", "2023-07-31", "2023-07-01", "2023-08-01", "2023-07-15"]))
    assert list(window.placement(starts, ends)) == ["inside", "inside", "partly", "partly", "partly"]
    assert list(Window.of().placement(starts, ends)) == ["inside"] * 5  # no window: everything is inside
    assert list(Window.of(end="2023-06-30").placement(starts, ends)) == [
        "outside",
        "outside",
        "partly",
        "outside",
        "partly",
    ]


@pytest.mark.parametrize(
    ("low", "best", "high", "reads"),
    [
        (21, 21, 21, "21"),
        (3, None, 20, "3-20"),
        (3, 10, 20, "3-20 (best 10)"),
        (3, 20, 20, "3-20"),  # a best at the high says nothing more
        (3, None, None, "at least 3"),  # no upper bound
        (3, 5, None, "at least 3 (best 5)"),
        (None, 4, None, "at least 4"),  # no low: the best is the least vouched for
        (0, None, None, "unknown"),  # summed lows of unknown figures
        (None, None, None, "unknown"),
    ],
)
def test_a_toll_reads_as_honest_bounds(low, best, high, reads):
    assert ranges.toll_text(low, best, high) == reads


def test_a_tolls_figures_side_by_side():
    assert ranges.toll_triple(2, 3, 4) == "2/3/4"
    assert ranges.toll_triple(3, 3, np.nan) == "3/3/-"


def test_iso_dates_are_spelled_one_way():
    assert ranges.ISO_DATE.fullmatch("2023-07-01")
    assert not ranges.ISO_DATE.fullmatch("2023-7-1") and not ranges.ISO_DATE.fullmatch("01/07/2023")
