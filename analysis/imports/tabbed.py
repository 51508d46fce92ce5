"""Read machine-coded event files (POLECAT, ICEWS) as published: tab-separated, several at once, zipped or not.

The files are read line by line and filtered as they are read, so a year of the world's events never
sits in memory when an analyst wants one region. The files' known faults are handled and named, never
fatal: a repeated header row is skipped and counted, empty trailing tab columns are dropped, and a line
with the wrong number of fields (or a cell a later step cannot read) is skipped and listed by file and line.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import DataError, Problem
from .formats import ACLED_COLUMNS, CODEBOOKS

MEMBER_SUFFIXES = (".txt", ".tab", ".tsv", ".csv")  # the data files inside a zipped release


@dataclass
class Skipped:
    """Lines left out, each named by file and line; only the first few kept, all counted."""

    keep: int = 50
    count: int = 0
    examples: list[dict] = field(default_factory=list)

    def add(self, file: str, line: int, reason: str) -> None:
        self.count += 1
        if len(self.examples) < self.keep:
            self.examples.append({"file": file, "line": line, "reason": reason})


@dataclass
class TabbedRows:
    """The kept rows (our field names -> text, missing as NA) and what reading them met."""

    rows: pd.DataFrame  # one column per field of the codebook, plus `origin` (FILE:LINE, for messages)
    lines_read: int
    filtered_out: int
    extra_headers: int
    skipped: Skipped
    latin1_files: list[str]


def read_tabbed(paths: list[Path], fmt: str, keep: Callable[[dict], bool] | None = None) -> TabbedRows:
    """Every data line of `paths` (files or zips) in `fmt`'s codebook terms; keep(row) filters while reading."""
    codebook = CODEBOOKS[fmt]
    fields = {ours: theirs for ours, theirs in codebook["fields"].items() if theirs}
    missing = set(codebook["missing"])
    columns: dict[str, list] = {name: [] for name in [*fields, "origin"]}
    skipped, counts, latin1 = Skipped(), {"lines": 0, "filtered": 0, "headers": 0}, []
    for label, lines in _data_files(paths):
        header, positions, width = None, None, 0
        for number, raw in enumerate(lines, start=1):
            text = _decode(raw, label, latin1)
            if not text.strip():
                continue
            cells = text.split("\t")
            if header is None:
                header = _header(cells, label, fmt, codebook)
                positions = {ours: header.index(theirs) for ours, theirs in fields.items()}
                width = len(header)
                continue
            while len(cells) > width and cells[-1] == "":
                cells.pop()  # excess empty tab columns
            if cells[:width] == header:
                counts["headers"] += 1  # a repeated header row
                continue
            counts["lines"] += 1
            if len(cells) != width:
                skipped.add(label, number, f"{len(cells)} fields where the header has {width}")
                continue
            row = {ours: (None if cells[i] in missing else cells[i]) for ours, i in positions.items()}
            if keep is not None and not keep(row):
                counts["filtered"] += 1
                continue
            for name, value in row.items():
                columns[name].append(value)
            columns["origin"].append(f"{label}:{number}")
        if header is None:
            raise DataError([Problem(label, 1, None, "empty file: no header line")])
    rows = pd.DataFrame({name: pd.array(values, dtype="string") for name, values in columns.items()})
    return TabbedRows(rows, counts["lines"], counts["filtered"], counts["headers"], skipped, latin1)


def _data_files(paths: list[Path]) -> Iterator[tuple[str, Iterator[bytes]]]:
    """(label, lines as bytes) of each file, and of each data file inside a zip."""
    for path in map(Path, paths):
        if not path.is_file():
            raise DataError([Problem(str(path), None, None, "file not found")])
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                members = [m for m in archive.namelist() if m.lower().endswith(MEMBER_SUFFIXES)]
                if not members:
                    raise DataError([Problem(str(path), None, None, "a zip with no .txt, .tab or .tsv file inside")])
                for member in sorted(members):
                    with archive.open(member) as handle:
                        yield f"{path}:{member}", io.BufferedReader(handle)
        else:
            with path.open("rb") as handle:
                yield str(path), handle


def _decode(raw: bytes, label: str, latin1: list[str]) -> str:
    """UTF-8, else Latin-1 (older ICEWS files), noting the file once."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
        if label not in latin1:
            latin1.append(label)
    return text.rstrip("\r\n").lstrip("\ufeff")


def _header(cells: list[str], label: str, fmt: str, codebook: dict) -> list[str]:
    """The header without its excess empty columns; a file of another format is named as such."""
    while cells and cells[-1].strip() == "":
        cells.pop()
    header = [cell.strip() for cell in cells]
    needed = [theirs for theirs in codebook["fields"].values() if theirs]
    absent = [column for column in needed if column not in header]
    if not absent:
        return header
    raise DataError([Problem(label, 1, None, f"not a {fmt.upper()} file: {_looks_like(header, fmt)}")])


def _looks_like(header: list[str], fmt: str) -> str:
    """What the first line says the file is, in words."""
    line = "\t".join(header)
    for other in ("polecat", "icews"):
        wanted = [c for c in CODEBOOKS[other]["fields"].values() if c]
        if other != fmt and all(column in header for column in wanted):
            return f"this looks like an {other.upper()} file; use python -m analysis import {other}"
    if len(header) == 1:
        for separator, name in ((",", "','"), (";", "';'")):
            names = [c.strip().strip('"') for c in line.split(separator)]
            if len(names) > 3:
                if {"event_id_cnty", "actor1"} <= set(names) or set(ACLED_COLUMNS) <= set(names):
                    return f"this looks like an ACLED export ({name}-separated); use python -m analysis import acled"
                return f"tab-separated expected, found {name}"
    wanted = [c for c in CODEBOOKS[fmt]["fields"].values() if c]
    missing = [c for c in wanted if c not in header]
    return f"its header lacks {', '.join(repr(c) for c in missing[:5])}" + (
        f" and {len(missing) - 5} more" if len(missing) > 5 else ""
    )
