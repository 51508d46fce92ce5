"""Resolve the date phrases of a text ("on Saturday", "last week", "since August 2021") against its source's publication
range.

The rules are conventions.dates of the data dictionary; the phrases are relative_dates in coding/lexicon.yaml. An
explicit date ("3 January 2024", "March 9", "June 2023") is read by dateparser, which knows the many ways a date is
written, fills a missing year from the publication date (preferring the past) and says whether the text gave a day, a
month or a year. The relative phrases have hand rules: their meaning is a convention of this project (the Saturdays of
the week before publication), not a parser's guess.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta
from typing import NamedTuple

# The order phrases are tried in where two overlap: the longer, more specific reading wins.
ORDER = [
    "since_month",
    "since_anchor",
    "since_year",
    "early_year",
    "first_months",
    "explicit",
    "last_week",
    "last_month",
    "earlier_this_month",
    "this_month",
    "this_year",
    "weekday",
    "in_month",
    "recent",
]
PERIOD_KINDS = {
    "since_month",
    "since_anchor",
    "since_year",
}  # these bound a period's start; they do not date a statement
RELATIVE_KINDS = {
    "weekday",
    "last_week",
    "last_month",
    "earlier_this_month",
    "this_month",
    "this_year",
    "first_months",
    "in_month",
    "recent",
}  # meaningful only against publication


class Resolved(NamedTuple):
    phrase: str
    date_start: date | None  # None: the text gives no lower bound (precision open)
    date_end: date
    precision: str
    note: str
    kind: str = ""

    @property
    def is_period(self) -> bool:
        """ "since 2021": the start of what is counted, not the day something was said."""
        return self.kind in PERIOD_KINDS


def find_dates(text: str, published_start: date, published_end: date, lexicon: dict) -> list[Resolved]:
    """Every date phrase in text, in reading order, each resolved against the publication range."""
    patterns = _patterns(lexicon)
    taken: list[tuple[int, int, Resolved]] = []
    for kind in ORDER:
        for match in patterns[kind].finditer(text):
            if any(match.start() < end and start < match.end() for start, end, _ in taken):
                continue
            found = _RULES[kind](match, published_start, published_end, lexicon, text)
            if found is not None:
                taken.append((match.start(), match.end(), found._replace(kind=kind)))
    return [resolved for _, _, resolved in sorted(taken, key=lambda t: t[0])]


def resolve(phrase: str, published_start: date, published_end: date, lexicon: dict) -> Resolved | None:
    """The first date phrase in `phrase`, resolved (None when it holds none)."""
    found = find_dates(phrase, published_start, published_end, lexicon)
    return found[0] if found else None


_COMPILED: dict[int, tuple[dict, dict]] = {}  # id(lexicon) -> (the lexicon, its patterns): a dictionary compiles once


def _patterns(lexicon: dict) -> dict[str, re.Pattern]:
    held = _COMPILED.get(id(lexicon))
    if held is None or held[0] is not lexicon:
        held = _COMPILED[id(lexicon)] = (lexicon, _compile(lexicon))
    return held[1]


def _compile(lexicon: dict) -> dict[str, re.Pattern]:
    anchors = [re.escape(name) for names in lexicon["anchors"].values() for name in names]
    fill = {
        "weekdays": "|".join(lexicon["weekdays"]),
        "months": "|".join(lexicon["months"]),
        "numbers": "|".join([*lexicon["numbers"], r"\d{1,2}"]),
        "anchors": "|".join(sorted(anchors, key=len, reverse=True)),
    }
    return {kind: re.compile(r"\b(?:" + lexicon[kind].format(**fill) + r")\b", re.IGNORECASE) for kind in ORDER}


def _month_range(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _month_number(name: str, lexicon: dict) -> int:
    return [m.casefold() for m in lexicon["months"]].index(name.casefold()) + 1


def _anchor_dates(lexicon: dict) -> dict[str, date]:
    return {
        name.casefold(): date.fromisoformat(str(day)) for day, names in lexicon["anchors"].items() for name in names
    }


def _weekday(match, start, end, lexicon, text):
    number = [d.casefold() for d in lexicon["weekdays"]].index(match["weekday"].casefold())
    days = [start - timedelta(days=6) + timedelta(days=i) for i in range((end - start).days + 7)]  # that day included
    days = [d for d in days if d.weekday() == number]
    if not days:
        return None
    shown = ", ".join(d.isoformat() for d in days[:5]) + (" ..." if len(days) > 5 else "")
    return Resolved(
        match[0],
        days[0],
        days[-1],
        "day" if len(days) == 1 else "range",
        f"'{match[0]}': the {match['weekday']}(s) in the 7 days up to publication, that day included ({shown})",
    )


def _last_week(match, start, end, lexicon, text):
    first, last = start - timedelta(days=14), end - timedelta(days=1)
    return Resolved(
        match[0],
        first,
        last,
        "range",
        f"'{match[0]}': 14 days before the first publication day to the day before the last ({first}..{last})",
    )


def _this_month(match, start, end, lexicon, text):
    first, last = _month_range(start.year, start.month)[0], _month_range(end.year, end.month)[1]
    one = (start.year, start.month) == (end.year, end.month)
    return Resolved(
        match[0], first, last, "month" if one else "range", f"'{match[0]}': the calendar month of publication"
    )


def _last_month(match, start, end, lexicon, text):
    year, month = (start.year, start.month - 1) if start.month > 1 else (start.year - 1, 12)
    first, last = _month_range(year, month)
    return Resolved(
        match[0], first, last, "month", f"'{match[0]}': the calendar month before publication ({first:%B %Y})"
    )


def _earlier_this_month(match, start, end, lexicon, text):
    first = date(start.year, start.month, 1)
    precision = "day" if first == end else "week" if (end - first).days < 7 else "range"
    return Resolved(
        match[0],
        first,
        end,
        precision,
        f"'{match[0]}': the 1st of the month of publication up to publication ({first}..{end})",
    )


def _first_months(match, start, end, lexicon, text):
    count = match["count"].casefold()
    months = int(count) if count.isdigit() else lexicon["numbers"].get(count)
    if not months or months > 12:
        return None
    return Resolved(
        match[0],
        date(start.year, 1, 1),
        _month_range(start.year, months)[1],
        "range",
        f"'{match[0]}': January to month {months} of the publication year",
    )


def _this_year(match, start, end, lexicon, text):
    return Resolved(
        match[0],
        date(start.year, 1, 1),
        end,
        "year" if start.year == end.year else "range",
        f"'{match[0]}': 1 January of the publication year up to publication",
    )


def _recent(match, start, end, lexicon, text):
    return Resolved(match[0], None, end, "open", f"'{match[0]}': no lower bound; at the latest the publication day")


def _early_year(match, start, end, lexicon, text):
    year = int(match["year"])
    latest = min(end, date.fromisoformat(f"{year}-{lexicon['early_end']}"))
    if latest < date(year, 1, 1):
        return None
    return Resolved(
        match[0],
        date(year, 1, 1),
        latest,
        "range",
        f"'{match[0]}': 1 January {year} up to publication, never after {latest}",
    )


def _since(match, first: date, end: date, text: str, lexicon: dict, what: str) -> Resolved:
    """A period from `first` to publication; an anchor event named right after ("..., when the Taliban took power")
    narrows it."""
    after = text[match.end() : match.end() + 80].casefold()
    for name, day in _anchor_dates(lexicon).items():
        if (
            name in after
            and first <= day <= end
            and day.year == first.year
            and (what != "month" or day.month == first.month)
        ):
            first, what = day, f"{what}, narrowed by '{name}' ({day})"
    precision = "year" if first == date(end.year, 1, 1) else "range"
    return Resolved(match[0], first, end, precision, f"'{match[0]}': from {first} ({what}) up to publication")


def _since_month(match, start, end, lexicon, text):
    return _since(
        match, date(int(match["year"]), _month_number(match["month"], lexicon), 1), end, text, lexicon, "month"
    )


def _since_year(match, start, end, lexicon, text):
    return _since(match, date(int(match["year"]), 1, 1), end, text, lexicon, "year")


def _since_anchor(match, start, end, lexicon, text):
    day = _anchor_dates(lexicon)[match["anchor"].casefold()]
    return Resolved(match[0], day, end, "range", f"'{match[0]}': from {day}, when it happened, up to publication")


def _in_month(match, start, end, lexicon, text):
    month = _month_number(match["month"], lexicon)
    year = (
        end.year if month <= end.month else end.year - 1
    )  # no year given: the latest such month not after publication
    first, last = _month_range(year, month)
    return Resolved(match[0], first, last, "month", f"'{match[0]}': {match['month']} of the publication year ({year})")


def _explicit(match, start, end, lexicon, text):
    """dateparser reads the date as written; its `period` says whether the text gave a day or only a month.

    Imported here, not at the top: validation imports this module, and every load() would pay for dateparser."""
    from dateparser.date import DateDataParser

    parser = DateDataParser(
        languages=["en"],
        settings={"RELATIVE_BASE": datetime(end.year, end.month, end.day), "PREFER_DATES_FROM": "past"},
    )
    parsed = parser.get_date_data(match[0])
    if parsed.date_obj is None:
        return None
    day = parsed.date_obj.date()
    if parsed.period == "month":
        first, last = _month_range(day.year, day.month)
        return Resolved(match[0], first, last, "month", f"'{match[0]}': the month as written")
    if parsed.period == "day":
        return Resolved(
            match[0],
            day,
            day,
            "day",
            f"'{match[0]}': the day as written"
            + ("" if re.search(r"\d{4}", match[0]) else f", year from publication ({day.year})"),
        )
    return None


_RULES = {
    "weekday": _weekday,
    "last_week": _last_week,
    "last_month": _last_month,
    "earlier_this_month": _earlier_this_month,
    "this_month": _this_month,
    "first_months": _first_months,
    "this_year": _this_year,
    "recent": _recent,
    "early_year": _early_year,
    "since_month": _since_month,
    "since_year": _since_year,
    "since_anchor": _since_anchor,
    "in_month": _in_month,
    "explicit": _explicit,
}
