"""Read an export as published and check its cells: every problem named by file, line and column."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd

from ..errors import DataError, Problem
from ..validation import line_of
from ..validation.imported import MAX_PER_CHECK
from .formats import FILES


class Checks:
    """Problems in an export, by file, line and column; a few examples per kind, with how many there are."""

    def __init__(self, label: str):
        self.label, self.problems = label, []

    def rows(self, bad: pd.Series, column: str, message: str, values: pd.Series | None = None) -> None:
        bad = bad.fillna(False).astype(bool)
        indexes = bad.index[bad]
        for index in indexes[:MAX_PER_CHECK]:
            value = "" if values is None else f"{values[index]!r}: "
            self.problems.append(Problem(self.label, line_of(index), column, f"{value}{message}"))
        if len(indexes) > MAX_PER_CHECK:
            self.problems.append(
                Problem(self.label, None, column, f"{message}: {len(indexes) - MAX_PER_CHECK} more rows like these")
            )

    def required(self, table: pd.DataFrame, columns) -> None:
        for column in columns:
            self.rows(table[column].isna(), column, "empty, but a value is required")

    def unique(self, values: pd.Series, column: str) -> None:
        self.rows(values.duplicated() & values.notna(), column, "duplicate event id", values)

    def within(self, values: pd.Series, column: str, allowed, message: str) -> None:
        self.rows(values.notna() & ~values.isin(list(allowed)), column, message, values)

    def whole_numbers(self, values: pd.Series, column: str, required: bool) -> pd.Series:
        """The column as nullable integers; cells that are not whole numbers >= 0 are problems (and missing)."""
        try:
            numbers = values.astype("Int64")  # the fast path: every cell a whole number (pyarrow casts in C)
        except (ValueError, TypeError, ArithmeticError):  # pyarrow's ArrowInvalid is a ValueError
            numbers = pd.to_numeric(values, errors="coerce")
        bad = values.notna() & (numbers.isna() | (numbers < 0) | (numbers % 1 != 0))
        self.rows(bad, column, "not a whole number >= 0", values)
        if required:
            self.rows(values.isna(), column, "empty, but a value is required")
        return numbers.where(~bad).astype("Int64")

    def raise_if_any(self) -> None:
        if self.problems:
            raise DataError(self.problems)


def read_export(path: Path, used, optional=()) -> pd.DataFrame:
    """The export's columns we use (and those of `optional` it has), as text, empty cells missing.

    A CSV or an Excel workbook (by its suffix); missing columns, a file of another kind, or a bad file raise DataError.
    """
    path, label = Path(path), str(path)
    if not path.is_file():
        raise DataError([Problem(label, None, None, "file not found")])
    workbook = path.suffix.lower() in FILES["workbook_suffixes"]
    header = _workbook_header(path) if workbook else _csv_header(path)
    missing = [column for column in used if column not in header]
    if missing:
        raise DataError([Problem(label, 1, column, "missing column") for column in missing])
    columns = [*used, *(column for column in optional if column in header)]
    if workbook:
        return _read_workbook(path, columns)
    try:
        return pd.read_csv(
            path,
            usecols=columns,
            dtype="string",
            keep_default_na=False,
            na_values=[""],
            encoding="utf-8",
            engine="pyarrow",
        )
    except Exception as error:  # pyarrow's parser raises its own types; name the file whatever went wrong
        raise DataError([Problem(label, None, None, f"not valid UTF-8 CSV: {error}")]) from None


def _csv_header(path: Path) -> list[str]:
    """The CSV's column names; a workbook or a file with another separator is named for what it looks like."""
    label = str(path)
    with open(path, "rb") as f:
        first = f.readline()
    if first.startswith(FILES["zip_magic"].encode("latin-1")):
        raise DataError(
            [Problem(label, 1, None, "this looks like an Excel workbook, not a CSV file: name it .xlsx to read it")]
        )
    try:
        header = pd.read_csv(path, nrows=0, encoding="utf-8").columns.tolist()
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise DataError([Problem(label, 1, None, f"cannot read the header: {error}")]) from None
    if len(header) == 1:
        text = first.decode("utf-8", errors="replace")
        for separator, word in FILES["other_separators"].items():
            if text.count(separator) >= 2:
                raise DataError(
                    [
                        Problem(
                            label,
                            1,
                            None,
                            f"this looks like a {word}-separated file ({text.count(separator) + 1} columns "
                            f"separated by {separator!r}), not a comma-separated CSV: export it again as CSV, "
                            "or save it with commas",
                        )
                    ]
                )
    return header


def _workbook_header(path: Path) -> list[str]:
    try:
        return pd.read_excel(path, nrows=0, engine="openpyxl").columns.astype(str).tolist()
    except Exception as error:  # openpyxl raises zip, XML and its own errors; name the file whatever went wrong
        raise DataError([Problem(str(path), None, None, f"not a readable Excel workbook: {error}")]) from None


def _read_workbook(path: Path, columns: list[str]) -> pd.DataFrame:
    """The first sheet's columns as text, as the CSV would spell them: dates as YYYY-MM-DD, whole numbers without .0."""
    table = pd.read_excel(path, usecols=columns, dtype=object, engine="openpyxl")[columns]
    return table.apply(lambda column: column.map(_cell_text, na_action="ignore")).astype("string").replace("", pd.NA)


def _cell_text(value) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
