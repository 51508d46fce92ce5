"""Add the rows an analyst marked `yes` in a review file: new ids, evidence rows, threads; all tables or nothing.

The data as it would be is validated first (store), and every problem in a new row is reported at
the review file's line and column, so the analyst fixes the file, not the tables. Rows already added
from the same source and quote are recognised, so accepting a file twice adds nothing twice.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..dataset import load
from ..errors import DataError, Problem, UnknownActorError
from ..paths import data_folder
from ..validation import read_tables
from ..validation.evidence import normalise
from .ids import next_ids
from .review_file import LEADING, PARENTS, TRAILING, candidate_tables, parent_column, read_review, table_columns
from .store import validate_then_write


@dataclass
class Accepted:
    added: dict[str, list[str]] = field(
        default_factory=dict
    )  # table -> new ids (a table without ids: the incident ids)
    evidence: list[str] = field(default_factory=list)  # record ids given a new evidence row
    already: list[str] = field(default_factory=list)  # candidates found already added

    marked: int = 0  # lines marked yes

    def __str__(self) -> str:
        if not self.marked:
            return "no line is marked yes in the accept column: nothing to add"
        added = (
            ", ".join(f"{table} {len(ids)} ({', '.join(ids)})" for table, ids in self.added.items() if ids)
            or "no new rows"
        )
        return (
            f"added {added}; {len(self.evidence)} evidence row(s); {len(self.already)} candidate(s) already in the data"
        )


@dataclass
class _Row:
    line: int
    candidate: str
    table: str
    values: dict  # the table's columns as the analyst left them (actors resolved to ids)
    source_id: str
    quote: str
    duplicate_of: str
    incident: str
    record_id: str | None = None  # the row it becomes or joins
    new: bool = True  # a new row of its table (not a duplicate, not already added)
    cited: bool = True  # needs a new evidence row


def accept(review_file: Path, data_dir: Path | None = None) -> Accepted:
    """Add the accepted candidates of `review_file` to the data; DataError naming file, line and column, and nothing
    written, otherwise."""
    data_dir = data_folder(data_dir)
    ds = load(data_dir)
    dictionary, label = ds.dictionary, str(review_file)
    review = read_review(review_file, dictionary)
    raw, _ = read_tables(data_dir, dictionary)
    specs = {spec.name: spec for spec in candidate_tables(dictionary)}
    rows, problems = _rows(review[review["accept"] == "yes"], specs, dictionary, ds.actor_index, label)
    if problems:
        raise DataError(problems)
    outcome = Accepted(marked=len(rows))
    _match(rows, specs, raw, dictionary, outcome)
    problems = _link(rows, specs, dictionary, raw, label)
    if problems:
        raise DataError(problems)
    changes, origin = _new_lines(rows, specs, dictionary, raw, data_dir, outcome)
    if not changes:
        return outcome
    try:
        validate_then_write(data_dir, changes)
    except DataError as error:
        raise DataError([_at_review_line(problem, origin, label) for problem in error.problems]) from None
    return outcome


def _rows(chosen: pd.DataFrame, specs, dictionary, actors, label) -> tuple[list[_Row], list[Problem]]:
    """The accepted lines as rows of their tables; each cell outside its table, actor no one knows, or missing link
    named."""
    rows, problems = [], []
    for index, cells in chosen.iterrows():
        line, spec = index + 2, specs[cells["table"]]
        cell = {name: "" if pd.isna(value) else str(value) for name, value in cells.items()}
        own = table_columns(dictionary, spec)
        stray = [name for name in cell if cell[name].strip() and name not in own + LEADING + TRAILING]
        problems += [Problem(label, line, name, f"filled, but not a column of {spec.name}") for name in stray]
        for review_column in PARENTS:
            wanted = parent_column(dictionary, spec, review_column) is not None
            if wanted and not cell[review_column]:
                problems.append(
                    Problem(
                        label,
                        line,
                        review_column,
                        f"empty, but a row of {spec.name} needs one (a candidate or an existing id)",
                    )
                )
            elif cell[review_column] and not wanted:
                problems.append(
                    Problem(
                        label,
                        line,
                        review_column,
                        "filled, but only for "
                        + ", ".join(t for t in specs if parent_column(dictionary, specs[t], review_column)),
                    )
                )
        if cell["duplicate_of"] and not (spec.key and spec.evidenced_as):
            problems.append(
                Problem(label, line, "duplicate_of", f"{spec.name} rows have no id and no evidence to add to")
            )
        values = {name: cell[name] for name in own}
        for column in spec.columns:
            if column.references == ("actors", "actor_id") and values.get(column.name):
                try:
                    values[column.name] = actors.resolve(values[column.name])
                except UnknownActorError as error:
                    problems.append(Problem(label, line, column.name, str(error)))
        rows.append(
            _Row(
                line,
                cell["candidate"],
                spec.name,
                values,
                cell["source_id"],
                cell["quote"],
                cell["duplicate_of"],
                cell["incident"],
            )
        )
    return rows, problems


def _match(rows: list[_Row], specs, raw, dictionary, outcome: Accepted) -> None:
    """Give each row the id it becomes: its duplicate_of, the row it was already added as, or a new one."""
    candidates = {row.candidate for row in rows}
    claimed = set()
    for row in rows:
        spec = specs[row.table]
        if not spec.evidenced_as:
            continue
        cited = _cited(raw["evidence"], spec.evidenced_as, row.source_id, row.quote)
        if row.duplicate_of:
            row.record_id, row.new, row.cited = row.duplicate_of, False, row.duplicate_of not in cited
        else:
            table = raw[spec.name].fillna("").set_index(spec.key)
            same = [
                record
                for record in cited
                if record in table.index
                and record not in claimed
                and all(
                    table.at[record, name] == value
                    for name, value in row.values.items()
                    if value and value not in candidates
                )
            ]
            if same:
                row.record_id, row.new, row.cited = same[0], False, False
                claimed.add(same[0])
        if not (row.new or row.cited):
            outcome.already.append(row.candidate)
    for name, spec in specs.items():
        fresh = [row for row in rows if row.table == name and row.new and spec.key]
        for row, new_id in zip(fresh, next_ids(raw[name][spec.key].dropna(), len(fresh), spec) if fresh else []):
            row.record_id = new_id


def _cited(evidence: pd.DataFrame, record_type: str, source_id: str, quote: str) -> list[str]:
    """The records of this type that already cite this quote of this source."""
    same = (evidence["record_type"] == record_type) & (evidence["source_id"] == source_id)
    return [
        record
        for record, text in zip(evidence.loc[same, "record_id"], evidence.loc[same, "quote"])
        if pd.notna(text) and normalise(text) == normalise(quote)
    ]


def _link(rows: list[_Row], specs, dictionary, raw, label) -> list[Problem]:
    """Candidate ids in reference columns (responds_to, incident) become the ids their rows got."""
    by_candidate = {row.candidate: row for row in rows}
    problems = []
    for row in rows:
        spec = specs[row.table]
        links = {c.name: (c.name, c.references[0]) for c in spec.columns if c.references and c.references[0] in specs}
        for review_column, parent in PARENTS.items():
            column = parent_column(dictionary, spec, review_column)
            if column:
                row.values[column] = row.incident
                links[column] = (review_column, parent)
        for column, (shown, target) in links.items():
            value = row.values.get(column, "")
            if value in by_candidate:
                other = by_candidate[value]
                if other.table != target:
                    problems.append(
                        Problem(label, row.line, shown, f"{value!r} is a candidate for {other.table}, not {target}")
                    )
                else:
                    row.values[column] = other.record_id
            elif value and value not in set(raw[target][specs[target].key].dropna()):
                problems.append(
                    Problem(
                        label,
                        row.line,
                        shown,
                        f"{value!r}: neither a candidate marked yes in this file nor "
                        f"an existing {specs[target].key} of {specs[target].file}",
                    )
                )
    for row in (
        rows
    ):  # a table the dictionary gives no evidence (no id either): its row is already there when an identical row is
        spec = specs[row.table]
        if not spec.evidenced_as:
            table = raw[spec.name].fillna("")
            row.new = not ((table[list(row.values)] == pd.Series(row.values)).all(axis=1)).any()
            row.cited = False
    return problems


def _new_lines(rows, specs, dictionary, raw, data_dir: Path, outcome: Accepted) -> tuple[dict[Path, bytes], dict]:
    """Each table's file with its new lines appended, and where each new line came from (line -> review line,
    columns)."""
    appended: dict[str, list[tuple[list[str], _Row, dict]]] = {}
    for row in rows:
        spec = specs[row.table]
        if row.new:
            values = {**row.values, **({spec.key: row.record_id} if spec.key else {})}
            columns = {spec.key: "candidate", **{parent_column(dictionary, spec, p): p for p in PARENTS}}
            appended.setdefault(spec.name, []).append(
                ([values.get(c, "") for c in raw[spec.name].columns], row, columns)
            )
            outcome.added.setdefault(spec.name, []).append(
                row.record_id or row.values.get(parent_column(dictionary, spec, "incident"), "")
            )
        elif not row.cited and spec.evidenced_as is None:
            outcome.already.append(row.candidate)
        if spec.evidenced_as and row.cited:
            values = {
                "record_type": spec.evidenced_as,
                "record_id": row.record_id,
                "source_id": row.source_id,
                "quote": row.quote,
            }
            columns = {"record_type": "table", "record_id": "duplicate_of" if row.duplicate_of else "candidate"}
            appended.setdefault("evidence", []).append(
                ([values.get(c, "") for c in raw["evidence"].columns], row, columns)
            )
            outcome.evidence.append(row.record_id)
    changes, origin = {}, {}
    for name, lines in appended.items():
        spec = dictionary.tables[name]
        path = data_dir / spec.file
        text = path.read_text(encoding="utf-8")
        first = text.rstrip("\n").count("\n") + 2  # the line the first new row lands on
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(cells for cells, _, _ in lines)
        changes[path] = ((text if text.endswith("\n") else text + "\n") + out.getvalue()).encode("utf-8")
        for offset, (_, row, columns) in enumerate(lines):
            origin[(spec.file, first + offset)] = (row.line, columns)
    return changes, origin


def _at_review_line(problem: Problem, origin: dict, label: str) -> Problem:
    """A problem in a new line of a table, told at the review file's line and column it came from."""
    if (problem.file, problem.line) not in origin:
        return problem
    line, columns = origin[(problem.file, problem.line)]
    return Problem(label, line, columns.get(problem.column, problem.column), problem.message)
