"""Read the coded CSV tables as text, each problem named by file and line; one bad file never hides another."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from ..dictionary import Dictionary
from ..errors import Problem


def line_of(index: int) -> int:
    """CSV line of a data row: the header is line 1 (cells may not hold line breaks, so this is exact)."""
    return int(index) + 2


def read_tables(data_dir: Path, dictionary: Dictionary) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """Every table as text (empty cells as missing); a table that cannot be read is left out, with its problem."""
    tables, problems = {}, []
    for spec in dictionary.tables.values():
        if spec.optional and not (Path(data_dir) / spec.file).exists():
            tables[spec.name], _ = _rows_of_the_header_width(",".join(c.name for c in spec.columns) + "\n", spec.file)
            continue
        table, found = read_table(Path(data_dir) / spec.file, spec.file)
        problems += found
        if table is not None:
            tables[spec.name] = table  # rows of the wrong width left out, the rest checked as usual
    return tables, problems


def read_table(path: Path, label: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    """The table as text, and its problems; None when nothing of it can be read."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem(label, None, None, "file not found")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [Problem(label, line, None, f"not UTF-8 (byte 0x{raw[error.start]:02x}); save the file as UTF-8")]
    if not text.strip():
        return None, [Problem(label, None, None, "file is empty: expected a header row and data rows")]
    return _rows_of_the_header_width(text, label)


def _rows_of_the_header_width(text: str, label: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Rows as text cells (empty cells missing). A row of the wrong width is named by its line and left out, so
    the others are still checked; each row's index is its line less two, so later problems name the right line.
    (The csv module, not pandas: pandas pads a short row with empty cells, shifting every value after the gap.)
    """
    reader = csv.reader(io.StringIO(text))
    rows = [(reader.line_num, row) for row in reader if row]
    (_, header), body = rows[0], rows[1:]
    wrong = [(line, row) for line, row in body if len(row) != len(header)]
    if wrong and len(wrong) == len(body) and len({len(row) for _, row in wrong}) == 1:
        return None, [
            Problem(
                label,
                1,
                None,
                f"the header has {len(header)} columns but every row has {len(wrong[0][1])}: "
                "a column name is missing or one too many",
            )
        ]
    problems = [
        Problem(label, line, None, f"{len(row)} cells, but the header has {len(header)}") for line, row in wrong
    ]
    kept = {line - 2: row for line, row in body if len(row) == len(header)}  # line_of(index) gives the line back
    table = (
        pd.DataFrame.from_dict(kept, orient="index", columns=header, dtype=str)
        if kept
        else pd.DataFrame(columns=header, dtype=str)
    )
    table = table.mask(table == "")
    table.attrs["unreadable"] = {
        header[0]: {row[0] for _, row in wrong if row}
    }  # their ids, so references to them do not cascade
    return table, problems


def known_values(table: pd.DataFrame, column: str) -> set:
    """The values of a column, including the ids of rows left out for their width (already a problem of their own)."""
    return set(table[column].dropna()) | table.attrs.get("unreadable", {}).get(column, set())
