"""Every error the package raises on bad input, in one place (as papermill keeps its exceptions.py).

Each names where the problem is (file, line, column; report and parameter) and, where a close
spelling exists, what was probably meant.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

MAX_SHOWN = 100  # a broken million-row file must not print a million lines


def close_matches(value: str, choices) -> list[str]:
    """The choices a typo probably meant: the same but for case and spaces, those it begins, or near spellings."""
    folded = {str(c).casefold(): str(c) for c in choices}
    key = str(value).strip().casefold()
    if key in folded:  # only case or surrounding spaces differ
        return [folded[key]]
    close = [c for c in folded if c.startswith(key)][:3] if len(key) >= 3 else []
    return [folded[c] for c in close or difflib.get_close_matches(key, list(folded), n=3, cutoff=0.7)]


def did_you_mean(value: str, choices) -> str:
    """'; did you mean 'Kabul'?' for a near miss among choices (or names it begins: acled -> acled_sample), else ''."""
    close = close_matches(value, choices)
    return f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""


def did_you_mean_id(value: str, ids) -> str:
    """'; did you mean 'IN01'?' for 'in1' or 'IN001' (case and zero-padding aside), never a nearby number: ST19 is
    no spelling of ST99."""
    spelled = [known for known in ids if _id_shape(known) == _id_shape(value)]
    return f"; did you mean {', '.join(repr(k) for k in spelled)}?" if spelled else ""


def _id_shape(value: str) -> str:
    return re.sub(r"\d+", lambda number: str(int(number[0])), str(value).strip().casefold())


class AnalysisError(Exception):
    """Base of every error a user can cause (bad data, parameters, names, files, arguments): the command line
    catches this one class and prints its message, never a traceback."""


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int | None  # 1-based line in the file (the header is line 1); None for the whole file
    column: str | None
    message: str
    unit: str = "line"  # "row" for tables without lines (parquet): the 1-based row number

    def __str__(self) -> str:
        if self.line is None:
            where = self.file
        else:
            where = f"{self.file}:{self.line}" if self.unit == "line" else f"{self.file} row {self.line}"
        column = f" column {self.column!r}:" if self.column else ""
        return f"{where}:{column} {self.message}"


class DataError(AnalysisError):
    """The data does not pass validation; `problems` lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.column or "", p.message))
        lines = [f"  {p}" for p in self.problems[:MAX_SHOWN]]
        if len(self.problems) > MAX_SHOWN:
            lines.append(f"  ... and {len(self.problems) - MAX_SHOWN} more (DataError.problems lists them all)")
        super().__init__(f"{len(self.problems)} problem(s) in the data:\n" + "\n".join(lines))


class UnknownActorError(AnalysisError, KeyError):
    """A name that is neither an actor id, a canonical name nor an alias in actors.csv."""

    def __str__(self) -> str:
        return str(self.args[0])


class ParameterError(AnalysisError, ValueError):
    """A notebook's or report's parameters are wrong; `problems` lists every one, each on one line."""

    def __init__(self, problems: list[str], where: str = ""):
        self.problems = list(problems)
        prefix = f"{where}: " if where else ""
        super().__init__("\n".join(f"{prefix}{p}" for p in self.problems))

    def _render_traceback_(self) -> list[str]:
        """What IPython (so JupyterLab, papermill and nbval) shows instead of a traceback: the problems alone."""
        return [f"ParameterError: {len(self.problems)} problem(s) with the parameters", *str(self).splitlines()]


class BuildError(AnalysisError):
    """The build could not start: bad report list, bad data, or another build running."""


class SchedulerError(BuildError):
    """build --executor dask cannot reach the scheduler it was given: nothing was built or written."""


class ChoiceError(AnalysisError, ValueError):
    """A value that is not one of the accepted choices (a dataset, frequency, metric, export format, notebook...).

    A ValueError too, so callers that caught the built-in error still do.
    """

    def __init__(self, what: str, value, choices):
        choices = [str(c) for c in choices]
        self.value, self.choices = value, choices
        suggestion = did_you_mean(str(value), choices)
        super().__init__(f"{what} {value!r} is not one of {', '.join(choices)}{suggestion}")


class InputError(AnalysisError, ValueError):
    """A value given to a command or function that cannot be used as it is (a bad name, an impossible window)."""
