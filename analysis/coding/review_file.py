"""The review file, review/SOURCE_ID.csv: one suggested row per line, which the analyst marks `yes` or `no`.

Its columns come from the dictionary at run time: the fixed ones of the format, then every other
column of the tables a candidate may belong to, so a new dictionary column appears without a code change.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from ..dictionary import Dictionary, TableSpec
from ..errors import DataError, Problem, did_you_mean
from ..paths import REVIEW_FOLDER
from ..storage import write_atomically
from ..validation import read_table

ACCEPT_VALUES = ("yes", "no")  # or empty: not decided yet
PARENTS = {"incident": "incidents"}  # a review column naming a row of this table: a candidate id or an existing id
LEADING = ["accept", "candidate", "table", "duplicate_of", "source_id", "quote", *PARENTS]
TRAILING = ["why", "engine"]  # for the reviewer (engine: parse or rules, analysis/coding/parse.py); accept ignores them


def candidate_tables(dictionary: Dictionary) -> list[TableSpec]:
    """The tables a candidate may belong to: those evidence cites, and those whose rows hang off one (officials off
    incidents)."""
    evidenced = {t.name for t in dictionary.tables.values() if t.evidenced_as}
    return [
        t
        for t in dictionary.tables.values()
        if t.name in evidenced
        or any(c.references and c.references[0] in evidenced and c.references[0] != t.name for c in t.columns)
    ]


def parent_column(dictionary: Dictionary, spec: TableSpec, review_column: str) -> str | None:
    """The column of `spec` that the review column (`incident`) fills: the one referencing that table's id."""
    parent = dictionary.tables[PARENTS[review_column]]
    return next(
        (
            c.name
            for c in spec.columns
            if c.type == "ref" and c.references == (parent.name, parent.key) and spec.name != parent.name
        ),
        None,
    )


def table_columns(dictionary: Dictionary, spec: TableSpec) -> list[str]:
    """The columns of `spec` a candidate fills itself in the review file (not its id, not those a review column stands
    for)."""
    filled_elsewhere = {parent_column(dictionary, spec, name) for name in PARENTS}
    return [c.name for c in spec.columns if c.type != "id" and c.name not in filled_elsewhere]


def review_columns(dictionary: Dictionary) -> list[str]:
    """Every column of a review file, in order."""
    middle = [name for spec in candidate_tables(dictionary) for name in table_columns(dictionary, spec)]
    return list(dict.fromkeys([*LEADING, *(n for n in middle if n not in LEADING + TRAILING), *TRAILING]))


def review_path(data_dir: Path, source_id: str) -> Path:
    return Path(data_dir).resolve().parent / REVIEW_FOLDER / f"{source_id}.csv"


def unknown_source(sources: pd.DataFrame, source_id: str) -> str | None:
    """Why source_id is not a registered article (with a did-you-mean), or None when it is one."""
    known = list(sources["source_id"].astype(str))
    if source_id in known:
        return None
    hint = did_you_mean(source_id, known) or f"; the last registered: {', '.join(known[-3:])}"
    return (
        f"unknown source {source_id!r}: not in sources.csv{hint} "
        "(register an article with python -m analysis add-source)"
    )


def require_source(sources: pd.DataFrame, source_id: str) -> None:
    """DataError unless source_id is registered in sources.csv."""
    problem = unknown_source(sources, source_id)
    if problem:
        raise DataError([Problem("sources.csv", None, "source_id", problem)])


def write_review(path: Path, candidates: pd.DataFrame, dictionary: Dictionary, force: bool = False) -> Path:
    """Write the candidates to `path`, refusing to replace a file the analyst has begun to mark unless `force`."""
    path = Path(path)
    columns = review_columns(dictionary)
    if list(candidates.columns) != columns:
        raise ValueError(f"candidates have columns {list(candidates.columns)}, the review format {columns}")
    if path.exists() and not force:
        marked = _marked(path)
        if marked:
            raise DataError(
                [
                    Problem(
                        str(path),
                        None,
                        "accept",
                        f"already has {marked} accept mark(s) (yes/no); "
                        "not overwritten (--force replaces it and loses them)",
                    )
                ]
            )
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([[_cell(value) for value in row] for row in candidates.itertuples(index=False)])
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, text.getvalue())
    return path


def _cell(value) -> str:
    """A value as the analyst reads and accept checks it: a count 12, never 12.0 (pandas' float for a column with
    gaps)."""
    if pd.isna(value):
        return ""
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _marked(path: Path) -> int:
    table, _ = read_table(path, str(path))
    return 0 if table is None or "accept" not in table else int(table["accept"].notna().sum())


def read_review(path: Path, dictionary: Dictionary) -> pd.DataFrame:
    """The review file as text cells (index: line - 2), after checking its columns, accept marks, candidates and
    tables."""
    label = str(path)
    table, problems = read_table(Path(path), label)
    if table is None:
        raise DataError(problems)
    expected = review_columns(dictionary)
    problems += [
        Problem(label, 1, name, f"missing column (the review format has {len(expected)} columns)")
        for name in expected
        if name not in table
    ]
    problems += [
        Problem(label, 1, name, f"unexpected column{did_you_mean(name, expected)}")
        for name in table
        if name not in expected
    ]
    if problems:
        raise DataError(problems)
    tables = [t.name for t in candidate_tables(dictionary)]
    for index, row in table.iterrows():
        line = index + 2
        if pd.notna(row["accept"]) and row["accept"] not in ACCEPT_VALUES:
            problems.append(
                Problem(
                    label,
                    line,
                    "accept",
                    f"{row['accept']!r}: mark yes, no, or leave empty{did_you_mean(row['accept'], ACCEPT_VALUES)}",
                )
            )
        if pd.isna(row["candidate"]):
            problems.append(Problem(label, line, "candidate", "empty, but every line needs its candidate id"))
        if row["table"] not in tables:
            problems.append(
                Problem(
                    label,
                    line,
                    "table",
                    f"{row['table']!r}: not one of {', '.join(tables)}{did_you_mean(str(row['table']), tables)}",
                )
            )
    repeated = table["candidate"].dropna()
    problems += [
        Problem(label, index + 2, "candidate", f"{value!r} appears on more than one line")
        for index, value in repeated[repeated.duplicated()].items()
    ]
    if problems:
        raise DataError(problems)
    return table


def summary(candidates: pd.DataFrame) -> str:
    """'5 candidate(s) (statements 3, incidents 2), 1 marked as a possible duplicate of an existing row'."""
    by_table = ", ".join(f"{name} {count}" for name, count in candidates["table"].value_counts(sort=False).items())
    duplicates = int(filled(candidates["duplicate_of"]).sum())
    return (
        f"{len(candidates)} candidate(s)"
        + (f" ({by_table})" if by_table else "")
        + f", {duplicates} marked as possible duplicate(s) of existing rows"
    )


def filled(values: pd.Series) -> pd.Series:
    """True where a cell holds something (not missing, not blank)."""
    return values.fillna("").astype(str).str.strip() != ""


def as_html(candidates: pd.DataFrame, dictionary: Dictionary):
    """The candidates for a notebook, one table per coded table, each with its quote, why, and the columns it fills."""
    from IPython.display import HTML

    if candidates.empty:
        return HTML("<p>No candidates were found in this article.</p>")
    parts = ["<style>.candidates td { white-space: pre-wrap; text-align: left; vertical-align: top; }</style>"]
    for spec in candidate_tables(dictionary):
        rows = candidates[candidates["table"] == spec.name]
        if rows.empty:
            continue
        shown = ["candidate", "duplicate_of", "quote", *PARENTS, *table_columns(dictionary, spec), "why"]
        shown = [c for c in dict.fromkeys(shown) if filled(rows[c]).any()]
        parts.append(f"<h3>{spec.name} ({len(rows)})</h3>")
        parts.append(rows[shown].map(_cell).to_html(index=False, classes="candidates"))  # as the review file has them
    return HTML("".join(parts))
