"""Read the coded CSV tables as text, each problem named by file and line; one bad file never hides another."""

from __future__ import annotations

import re
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
        table, problem = read_table(Path(data_dir) / spec.file, spec.file)
        if problem:
            problems.append(problem)
        else:
            tables[spec.name] = table
    return tables, problems


def read_table(path: Path, label: str) -> tuple[pd.DataFrame | None, Problem | None]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, Problem(label, None, None, "file not found")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, Problem(label, line, None, f"not UTF-8 (byte 0x{raw[error.start]:02x}); save the file as UTF-8")
    if not text.strip():
        return None, Problem(label, None, None, "file is empty: expected a header row and data rows")
    try:
        # header=None: the parser takes the width from the header line and refuses longer rows;
        # with a header row pandas would instead turn surplus cells into an index and lose data.
        cells = pd.read_csv(path, header=None, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8-sig")
    except pd.errors.ParserError as error:
        return None, _parser_problem(label, str(error))
    table = cells.iloc[1:].reset_index(drop=True)
    table.columns = list(cells.iloc[0])
    return table, None


def _parser_problem(label: str, message: str) -> Problem:
    width = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", message)
    if width:
        expected, line, found = width.groups()
        return Problem(label, int(line), None, f"{found} cells, but the header has {expected}")
    return Problem(label, None, None, f"not valid CSV: {message.strip()}")
