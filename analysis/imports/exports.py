"""Read an export as published and check its cells: every problem named by file, line and column."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import DataError, Problem
from ..validation import line_of
from ..validation.imported import MAX_PER_CHECK


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


def read_export(path: Path, used) -> pd.DataFrame:
    """The export's columns we use, as text (empty cells missing); missing columns or a bad file raise DataError."""
    label = str(path)
    if not Path(path).is_file():
        raise DataError([Problem(label, None, None, "file not found")])
    try:
        header = pd.read_csv(path, nrows=0, encoding="utf-8").columns
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise DataError([Problem(label, 1, None, f"cannot read the header: {error}")]) from None
    missing = [column for column in used if column not in header]
    if missing:
        raise DataError([Problem(label, 1, column, "missing column") for column in missing])
    try:
        return pd.read_csv(
            path,
            usecols=list(used),
            dtype="string",
            keep_default_na=False,
            na_values=[""],
            encoding="utf-8",
            engine="pyarrow",
        )
    except Exception as error:  # pyarrow's parser raises its own types; name the file whatever went wrong
        raise DataError([Problem(label, None, None, f"not valid UTF-8 CSV: {error}")]) from None
