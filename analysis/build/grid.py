"""Report grids: one reports.yaml entry with a `grid:` becomes one report per combination of its axes' values.

The axes, the parameters they set and the period words are data (grid.yaml). A grid's reports are
checked like hand-written ones: a value the data does not know fails the reports it makes, nothing else.
"""

from __future__ import annotations

import calendar
import itertools
import re
import string
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import BuildError, did_you_mean

RULES: dict = yaml.safe_load(Path(__file__).with_name("grid.yaml").read_text(encoding="utf-8"))
AXES: dict[str, dict] = RULES["axes"]
PERIODS: dict[str, dict] = RULES["periods"]
_PERIOD = re.compile(r"\s*(\w+)\s+from\s+(\d{4})-(\d{1,2})\s+to\s+(\d{4})-(\d{1,2})\s*")


@dataclass(frozen=True)
class Value:
    """One value of an axis: the parameters it sets, its part of the report's name, and how readers say it."""

    parameters: dict
    slug: str
    label: str


@dataclass(frozen=True)
class Combination:
    name: str
    title: str
    parameters: dict
    axes: dict  # {axis word: value label}, in the grid's order: the index groups by the first


def expand(entry: str, title: str | None, parameters: dict, grid, vocabularies, max_reports: int) -> list[Combination]:
    """Every report of a grid. Raises ValueError naming what is wrong with the grid itself (then no report of it is
    made) and BuildError when it would make more than max_reports. `vocabularies()` gives the data dictionary's
    vocabularies, read only when an axis says `all`."""
    if not isinstance(grid, dict) or not grid:
        raise ValueError("'grid' must map axes (" + ", ".join(AXES) + ") to their values")
    axes = {axis: _values(axis, values, parameters, vocabularies) for axis, values in grid.items()}
    count = 1
    for values in axes.values():
        count *= len(values)
    if count > max_reports:
        sizes = " x ".join(f"{len(v)} {axis}" for axis, v in axes.items())
        raise BuildError(
            f"grid {entry!r} would make {count} reports ({sizes}), more than max_reports ({max_reports}); "
            "narrow the grid or raise max_reports in the report list"
        )
    words = [AXES[axis]["word"] for axis in axes]
    template = title or entry.replace("_", " ").capitalize() + ": " + ", ".join(f"{{{w}}}" for w in words)
    unknown = [f for _, f, _, _ in string.Formatter().parse(template) if f is not None and f not in words]
    if unknown:
        raise ValueError(
            f"title placeholder {{{unknown[0]}}} is not an axis of this grid{did_you_mean(unknown[0], words)}; "
            f"it has {', '.join('{' + w + '}' for w in words)}"
        )
    return [
        Combination(
            "_".join([entry, *(v.slug for v in combination)]),
            template.format(**{w: v.label for w, v in zip(words, combination)}),
            {**parameters, **{k: v for value in combination for k, v in value.parameters.items()}},
            {w: v.label for w, v in zip(words, combination)},
        )
        for combination in itertools.product(*axes.values())
    ]


def _values(axis: str, values, parameters: dict, vocabularies) -> list[Value]:
    if axis not in AXES:
        raise ValueError(f"unknown grid axis {axis!r}{did_you_mean(axis, AXES)}; a grid varies {', '.join(AXES)}")
    rule = AXES[axis]
    sets = [rule["parameter"]] if "parameter" in rule else ["start", "end"]
    clash = [name for name in sets if name in parameters]
    if clash:
        raise ValueError(f"grid axis {axis!r} sets {', '.join(clash)}, which 'parameters' sets too")
    if "parameter" not in rule:
        return periods(values)
    if values == "all":
        if "vocabulary" not in rule:
            raise ValueError(f"grid axis {axis!r}: 'all' is not available here; list the values")
        values = list(vocabularies()[rule["vocabulary"]])
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list) or not values:
        raise ValueError(f"grid axis {axis!r} takes 'all' or a list of values, not {values!r}")
    return [Value({rule["parameter"]: str(v)}, slug(str(v)), str(v)) for v in values]


def periods(text) -> list[Value]:
    """'monthly from 2023-01 to 2024-06': one value per period, each setting start and end (whole periods: a
    quarter or year begins on its first month, whichever month `from` names)."""
    match = _PERIOD.fullmatch(str(text))
    if not match or match.group(1) not in PERIODS or not all(1 <= int(m) <= 12 for m in match.group(3, 5)):
        kind = match.group(1) if match else str(text).split(" ")[0]
        hint = did_you_mean(kind, PERIODS) if kind not in PERIODS else ""
        raise ValueError(
            f"grid period {text!r} is not 'PERIOD from YYYY-MM to YYYY-MM' with PERIOD one of "
            f"{', '.join(PERIODS)}{hint}"
        )
    rule = PERIODS[match.group(1)]
    step = rule["months"]
    first = int(match.group(2)) * 12 + (int(match.group(3)) - 1) // step * step
    last = int(match.group(4)) * 12 + int(match.group(5)) - 1
    if last < first:
        raise ValueError(f"grid period {text!r} ends before it begins")
    values = []
    for begins in range(first, last + 1, step):
        year, month = divmod(begins, 12)
        end_year, end_month = divmod(begins + step - 1, 12)
        names = dict(
            year=year,
            month=month + 1,
            quarter=month // 3 + 1,
            month_name=calendar.month_name[month + 1],
            last_month_name=calendar.month_name[end_month + 1],
        )
        day = calendar.monthrange(end_year, end_month + 1)[1]
        values.append(
            Value(
                {"start": f"{year}-{month + 1:02d}-01", "end": f"{end_year}-{end_month + 1:02d}-{day:02d}"},
                rule["name"].format(**names),
                rule["title"].format(**names),
            )
        )
    return values


def slug(value: str) -> str:
    """A value as part of a report's (and file's) name: 'United States' -> 'united-states'."""
    return re.sub(r"[^a-z0-9]+", "-", value.casefold()).strip("-") or "x"
