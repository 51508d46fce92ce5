"""Check an importer-written table (imports/*.parquet): columns, types, vocabularies, references, order."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from ..dictionary import Dictionary, TableSpec
from ..errors import Problem
from .rules import PANDERA_MESSAGES, by_row, check_order, check_precision, check_sub_event

MAX_PER_CHECK = 20  # rows shown per kind of problem in an export or import; the rest are counted


def check_imported(
    table: pd.DataFrame, spec: TableSpec, dictionary: Dictionary, actor_ids: set | None, label: str
) -> list[Problem]:
    """The typed checks of an importer-written table.

    An import may hold millions of rows, so each kind of problem is reported for its first rows only,
    with a count of the rest.
    """
    where = by_row(label)
    columns = {}
    for column in spec.columns:
        checks = []
        if column.type == "date":
            checks.append(pa.Check(pd.api.types.is_datetime64_any_dtype, error="does not hold dates"))
        if column.type == "count":
            checks += [
                pa.Check(pd.api.types.is_integer_dtype, error="does not hold whole numbers"),
                pa.Check.ge(0, error="negative"),
            ]
        if column.type == "category":
            checks.append(
                pa.Check.isin(
                    list(dictionary.vocabularies[column.vocabulary]), error=f"not in vocabulary {column.vocabulary}"
                )
            )
        if column.type == "ref" and actor_ids is not None:
            checks.append(pa.Check.isin(actor_ids, error="unknown actor_id: no such row in actors.csv"))
        columns[column.name] = pa.Column(None, nullable=not column.required, unique=column.type == "id", checks=checks)
    try:
        pa.DataFrameSchema(columns, strict=True).validate(table, lazy=True)
    except SchemaErrors as errors:
        problems = []
        for (column, check), cases in errors.failure_cases.groupby(["column", "check"], dropna=False, sort=False):
            message = PANDERA_MESSAGES.get(check, check)
            for case in cases.head(MAX_PER_CHECK).itertuples(index=False):
                if pd.isna(case.index):
                    problems.append(
                        Problem(
                            label, None, str(case.failure_case) if check.startswith("column_in") else column, message
                        )
                    )
                else:
                    problems.append(
                        where(
                            case.index,
                            column,
                            message if check == "not_nullable" else f"{case.failure_case!r}: {message}",
                        )
                    )
            if len(cases) > MAX_PER_CHECK:
                problems.append(Problem(label, None, column, f"{message}: {len(cases) - MAX_PER_CHECK} more rows"))
        return problems  # order and precision checks need well-typed columns
    problems = check_order(table, spec, where) + check_precision(table, where)
    if "sub_event_type" in table:
        problems += check_sub_event(table, dictionary.vocabularies["sub_event_type"], where)
    return problems
