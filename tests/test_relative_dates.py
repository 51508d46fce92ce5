"""Date phrases resolved by conventions.dates against a publication range (lexicon: the fixture dictionary's coding
section)."""

from datetime import date

import pytest

from analysis.dictionary import Dictionary
from analysis.relative_dates import find_dates, resolve
from conftest import FIXTURE_DATA

LEXICON = Dictionary.for_data(FIXTURE_DATA).coding["relative_dates"]
MONDAY = date(2025, 3, 10)  # a single publication day


def one(phrase, start=MONDAY, end=MONDAY):
    found = resolve(phrase, start, end, LEXICON)
    return (found.date_start, found.date_end, found.precision) if found else None


@pytest.mark.parametrize(
    "phrase, expected",
    [
        ("on Saturday", (date(2025, 3, 8), date(2025, 3, 8), "day")),
        ("said on Friday evening", (date(2025, 3, 7), date(2025, 3, 7), "day")),
        ("Tuesday's raid", (date(2025, 3, 4), date(2025, 3, 4), "day")),
        ("on Monday", (date(2025, 3, 10), date(2025, 3, 10), "day")),  # the publication day itself (issue 22)
        ("on Tuesday", (date(2025, 3, 4), date(2025, 3, 4), "day")),  # a weekday after publication's: the week before
        ("last week", (date(2025, 2, 24), date(2025, 3, 9), "range")),
        ("this month", (date(2025, 3, 1), date(2025, 3, 31), "month")),  # the whole month, even past publication
        ("in March", (date(2025, 3, 1), date(2025, 3, 31), "month")),
        ("last month", (date(2025, 2, 1), date(2025, 2, 28), "month")),
        ("earlier this month", (date(2025, 3, 1), MONDAY, "range")),  # 10 days: wider than a week
        (
            "in December",
            (date(2024, 12, 1), date(2024, 12, 31), "month"),
        ),  # no year: the latest December not after publication
        ("earlier this year", (date(2025, 1, 1), MONDAY, "year")),
        ("this year", (date(2025, 1, 1), MONDAY, "year")),
        ("since the start of the year", (date(2025, 1, 1), MONDAY, "year")),
        ("recently", (None, MONDAY, "open")),
        ("a recent issue", (None, MONDAY, "open")),
        ("early 2024", (date(2024, 1, 1), date(2024, 4, 30), "range")),
        ("since 2021", (date(2021, 1, 1), MONDAY, "range")),
        ("since August 2021", (date(2021, 8, 1), MONDAY, "range")),
        ("since August 2021, when the Taliban took power", (date(2021, 8, 15), MONDAY, "range")),
        ("since the takeover", (date(2021, 8, 15), MONDAY, "range")),
        ("in the first five months of this year", (date(2025, 1, 1), date(2025, 5, 31), "range")),
        ("on 3 January 2024", (date(2024, 1, 3), date(2024, 1, 3), "day")),
        ("on March 9", (date(2025, 3, 9), date(2025, 3, 9), "day")),  # dateparser: the year from publication
        ("in June 2023", (date(2023, 6, 1), date(2023, 6, 30), "month")),  # dateparser: only the month is given
        ("the August 2021 suicide bombing", (date(2021, 8, 1), date(2021, 8, 31), "month")),
        ("the council met", None),
    ],
)
def test_each_phrase(phrase, expected):
    assert one(phrase) == expected


def test_last_month_in_january_and_earlier_this_month_early_in_a_month():
    assert one("last month", date(2026, 1, 17), date(2026, 1, 17)) == (date(2025, 12, 1), date(2025, 12, 31), "month")
    assert one("earlier this month", date(2025, 3, 5), date(2025, 3, 5)) == (date(2025, 3, 1), date(2025, 3, 5), "week")


def test_early_in_a_year_ends_at_publication_when_that_is_sooner():
    assert one("early 2025") == (date(2025, 1, 1), MONDAY, "range")


def test_a_publication_range_widens_the_week_and_the_weekday():
    start, end = date(2023, 6, 6), date(2023, 6, 30)  # src002's June range
    assert one("last week", start, end) == (date(2023, 5, 23), date(2023, 6, 29), "range")
    assert one("on Saturday", start, end) == (date(2023, 6, 3), date(2023, 6, 24), "range")  # 3, 10, 17 or 24 June
    assert one("this month", start, date(2023, 7, 31)) == (date(2023, 6, 1), date(2023, 7, 31), "range")


def test_every_phrase_of_a_sentence_in_reading_order_with_a_note():
    found = find_dates("On Saturday the group, active since 2022, said it struck last week.", MONDAY, MONDAY, LEXICON)
    assert [f.phrase for f in found] == ["On Saturday", "since 2022", "last week"]
    assert [f.is_period for f in found] == [False, True, False]
    assert all(f.note.startswith(f"'{f.phrase}'") for f in found)


def test_a_by_line_date_is_read_whole_not_as_a_weekday():
    assert one("Mazar-i-Sharif, Monday 10 March 2025") == (MONDAY, MONDAY, "day")


def test_validate_warns_when_no_relative_phrase_of_a_quote_fits_its_row(data_copy):
    """src002 re-dated to late July 2023: its 'this month' (IN02's quote) now means July, and IN02 is dated June."""
    import pandas as pd

    from analysis.dataset import load
    from analysis.summary import summarise

    assert "Warnings" not in summarise(load(data_copy))  # as coded, every phrase fits
    sources = pd.read_csv(data_copy / "sources.csv", dtype=str)
    sources.loc[sources["source_id"] == "src002", ["published_start", "published_end"]] = ["2023-07-24", "2023-07-31"]
    sources.to_csv(data_copy / "sources.csv", index=False)
    lines = summarise(load(data_copy)).splitlines()  # still valid: a warning is not an error
    warning = next(line for line in lines if "IN02" in line)
    assert warning.startswith("  evidence.csv:68: column 'quote': IN02: ")
    assert (
        "'this month' resolves to 2023-07-01..2023-07-31 against src002's publication (2023-07-24..2023-07-31)"
        in warning
    )
    assert "the row is dated 2023-06-01..2023-06-30; its note: 'this month' (src002, published June 2023)" in warning
    assert not any("IN01" in line for line in lines)  # the same quote's 'in March' still fits IN01
    assert any(line.startswith("Warnings: ") for line in lines)
