"""Check the coded CSV tables, read as text, against the data dictionary: columns, types, vocabularies,
references, order, date precision, aliases and evidence. Unknown values get a did-you-mean."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from ..actors import ActorIndex
from ..dictionary import ColumnSpec, Dictionary, TableSpec
from ..errors import Problem, did_you_mean, did_you_mean_id
from ..paths import split_list
from ..ranges import ISO_DATE
from .attributions import check_attributions
from .csv_text import known_values, line_of
from .evidence import check_evidence, source_texts
from .rules import PANDERA_MESSAGES, by_line, check_order, check_precision, check_sub_event

WHOLE_NUMBER = r"\d+"


def check(
    tables: dict[str, pd.DataFrame], dictionary: Dictionary, project_dir: Path, actors: ActorIndex | None = None
) -> list[Problem]:
    """All problems in the tables that could be read (a table that could not be read has its own problem)."""
    problems = []
    evidenced = _evidenced_ids(tables.get("evidence"))
    for name, table in tables.items():
        spec = dictionary.tables[name]
        where = by_line(spec.file)
        problems += _run_schema(_schema(spec, evidenced.get(spec.evidenced_as)), table, spec)
        problems += _check_values(table, spec, dictionary, tables)
        problems += _check_shared(table, spec)
        problems += check_order(table, spec, where)
        if "date_precision" in table:
            problems += check_precision(table, where)
        if "sub_event_type" in table and "event_type" in table:
            problems += check_sub_event(table, dictionary.vocabularies["sub_event_type"], where)
    if "statements" in tables and "incidents" in tables:
        problems += check_attributions(
            tables["statements"],
            tables["incidents"],
            dictionary.tables["statements"],
            dictionary.mapped("attribution_kind"),
        )
    if actors is not None:
        problems += [
            Problem(
                dictionary.tables["actors"].file,
                line_of(position),
                "aliases",
                f"{name!r} already names actor {owner!r}",
            )
            for position, name, owner in actors.conflicts
        ]
    if "sources" in tables:
        texts, source_problems = source_texts(tables["sources"], dictionary.tables["sources"], project_dir)
        problems += source_problems
        if "evidence" in tables:
            problems += check_evidence(tables["evidence"], dictionary, tables, texts)
    return problems


def _evidenced_ids(evidence: pd.DataFrame | None) -> dict[str, set]:
    if evidence is None or not {"record_type", "record_id"} <= set(evidence.columns):
        return {}
    return {str(kind): set(ids) for kind, ids in evidence.groupby("record_type")["record_id"]}


def _schema(spec: TableSpec, evidenced: set | None) -> pa.DataFrameSchema:
    columns = {}
    for column in spec.columns:
        checks = [
            pa.Check(
                lambda s: ~s.str.contains("\n|\r", regex=True), error="holds a line break; keep each row on one line"
            ),
            pa.Check(lambda s: s == s.str.strip(), error="has leading or trailing spaces"),
            *_type_checks(column),
        ]
        if column.type == "id" and evidenced is not None:
            checks.append(
                pa.Check.isin(evidenced, error=f"has no evidence row in evidence.csv (record_type {spec.evidenced_as})")
            )
        columns[column.name] = pa.Column(str, nullable=not column.required, unique=column.type == "id", checks=checks)
    return pa.DataFrameSchema(columns, strict=True, ordered=False)


def _type_checks(column: ColumnSpec) -> list[pa.Check]:
    if column.type == "date":
        return [pa.Check(_is_iso_date, error="not a date of the form YYYY-MM-DD")]
    if column.type == "count":
        return [pa.Check(lambda s: s.str.fullmatch(WHOLE_NUMBER), error="not a whole number >= 0")]
    return []


def _is_iso_date(values: pd.Series) -> pd.Series:
    shaped = values.str.fullmatch(ISO_DATE.pattern)
    return shaped & pd.to_datetime(values.where(shaped), format="%Y-%m-%d", errors="coerce").notna()


def _check_values(table: pd.DataFrame, spec: TableSpec, dictionary: Dictionary, tables: dict) -> list[Problem]:
    """Vocabulary and reference columns: each unknown value named, with the closest known one."""
    problems, where = [], by_line(spec.file)
    for column in spec.columns:
        if column.name not in table or column.type not in ("category", "ref", "list"):
            continue
        if column.type == "list" and not column.references:
            continue
        if column.type == "category":
            allowed = list(dictionary.vocabularies[column.vocabulary])
            shown = ", ".join(allowed) if len(allowed) <= 10 else "see data/dictionary.yaml"
            message = f"not in vocabulary {column.vocabulary} ({shown})"
        else:
            ref_table, ref_column = column.references
            if ref_table not in tables or ref_column not in tables[ref_table]:
                continue  # that table's own problem is reported; do not flood every reference too
            allowed = sorted(known_values(tables[ref_table], ref_column))
            message = f"unknown {ref_column}: no such row in {dictionary.tables[ref_table].file}"
        known = set(allowed)
        for index, value in _cells(table[column.name], column.type == "list"):
            if value in known:
                continue
            hint = did_you_mean_id(value, allowed) if any(c.isdigit() for c in value) else did_you_mean(value, allowed)
            problems.append(where(index, column.name, f"{value!r}: {message}{hint}"))
    return problems


def _cells(values: pd.Series, is_list: bool):
    """(row, value) of each filled cell, or of each name in a list cell ("IN01; IN02")."""
    for index in values.index[values.notna()]:
        for value in split_list(values[index]) if is_list else [values[index]]:
            yield index, value


def _check_shared(table: pd.DataFrame, spec: TableSpec) -> list[Problem]:
    """A group value on one row only is a typo or a group of one: either way the row would look independent."""
    problems, where = [], by_line(spec.file)
    for column in spec.columns:
        if not column.shared or column.name not in table:
            continue
        values = table[column.name]
        counts = values.value_counts()
        for index in table.index[values.isin(counts.index[counts == 1])]:
            others = [v for v in counts.index if v != values[index]]
            problems.append(
                where(
                    index,
                    column.name,
                    f"{values[index]!r} is on no other row: a {column.name} names what "
                    "two or more rows share (leave it empty for a row of its own)"
                    f"{did_you_mean(values[index], others)}",
                )
            )
    return problems


def _run_schema(schema: pa.DataFrameSchema, table: pd.DataFrame, spec: TableSpec) -> list[Problem]:
    try:
        schema.validate(table, lazy=True)
        return []
    except SchemaErrors as errors:
        cases = errors.failure_cases
    problems = []
    for case in cases.itertuples(index=False):
        message = PANDERA_MESSAGES.get(case.check, case.check)
        if case.check in ("column_in_dataframe", "column_in_schema"):
            problems.append(Problem(spec.file, 1, str(case.failure_case), message))
            continue
        line = None if pd.isna(case.index) else line_of(case.index)
        value = "" if case.check == "not_nullable" else f"{case.failure_case!r}: "
        problems.append(Problem(spec.file, line, case.column, f"{value}{message}"))
    return problems
