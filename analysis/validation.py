"""Read the coded CSV tables as text and check them against the data dictionary.

Every problem is collected, not just the first, and each names the file, the line and the column, so
a hand editor can go straight to it. Checks run on the raw text; only valid data is typed afterwards
(analysis.dataset), so typing can never fail half-way.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from .dictionary import ColumnSpec, Dictionary, TableSpec

ISO_DATE = r"\d{4}-\d{2}-\d{2}"
WHOLE_NUMBER = r"\d+"
LIST_SEPARATOR = ";"


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


class DataError(Exception):
    """The data does not pass validation; `problems` lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.column or "", p.message))
        lines = [f"  {p}" for p in self.problems[:MAX_SHOWN]]
        if len(self.problems) > MAX_SHOWN:
            lines.append(f"  ... and {len(self.problems) - MAX_SHOWN} more (DataError.problems lists them all)")
        super().__init__(f"{len(self.problems)} problem(s) in the data:\n" + "\n".join(lines))


MAX_SHOWN = 100  # a broken million-row file must not print a million lines
MAX_PER_CHECK = 20  # rows shown per kind of problem in an export or import; the rest are counted


def line_of(index: int) -> int:
    """CSV line of a data row: the header is line 1 (cells may not hold line breaks, so this is exact)."""
    return int(index) + 2


# --- reading -------------------------------------------------------------------------------------


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


# --- checking ------------------------------------------------------------------------------------


def check(tables: dict[str, pd.DataFrame], dictionary: Dictionary, project_dir: Path) -> list[Problem]:
    """All problems in the tables that could be read."""
    problems = []
    evidenced = _evidenced_ids(tables.get("evidence"))
    for name, table in tables.items():
        spec = dictionary.tables[name]
        schema = _schema(spec, dictionary, tables, evidenced.get(spec.evidenced_as))
        problems += _run_schema(schema, table, spec)
        problems += _check_order(table, spec)
        if "date_precision" in table:
            problems += _check_precision(table, spec)
        if "sub_event_type" in table and "event_type" in table:
            problems += _check_sub_event(table, spec, dictionary.vocabularies["sub_event_type"])
    if "actors" in tables:
        problems += _check_aliases(tables["actors"], dictionary.tables["actors"])
    if "sources" in tables:
        texts, source_problems = _source_texts(tables["sources"], dictionary.tables["sources"], project_dir)
        problems += source_problems
        if "evidence" in tables:
            problems += _check_evidence(tables["evidence"], dictionary, tables, texts)
    return problems


def _evidenced_ids(evidence: pd.DataFrame | None) -> dict[str, set]:
    if evidence is None or not {"record_type", "record_id"} <= set(evidence.columns):
        return {}
    return {str(kind): set(ids) for kind, ids in evidence.groupby("record_type")["record_id"]}


def _schema(spec: TableSpec, dictionary: Dictionary, tables: dict, evidenced: set | None) -> pa.DataFrameSchema:
    columns = {}
    for column in spec.columns:
        checks = [
            pa.Check(lambda s: ~s.str.contains("\n|\r", regex=True), error="holds a line break; keep each row on one line"),
            pa.Check(lambda s: s == s.str.strip(), error="has leading or trailing spaces"),
            *_type_checks(column, dictionary, tables),
        ]
        if column.type == "id" and evidenced is not None:
            checks.append(pa.Check.isin(evidenced, error=f"has no evidence row in evidence.csv (record_type {spec.evidenced_as})"))
        columns[column.name] = pa.Column(str, nullable=not column.required, unique=column.type == "id", checks=checks)
    return pa.DataFrameSchema(columns, strict=True, ordered=False)


def _type_checks(column: ColumnSpec, dictionary: Dictionary, tables: dict) -> list[pa.Check]:
    if column.type == "date":
        return [pa.Check(_is_iso_date, error="not a date of the form YYYY-MM-DD")]
    if column.type == "count":
        return [pa.Check(lambda s: s.str.fullmatch(WHOLE_NUMBER), error="not a whole number >= 0")]
    if column.type == "category":
        allowed = dictionary.vocabularies[column.vocabulary]
        shown = ", ".join(allowed) if len(allowed) <= 10 else "see data/dictionary.yaml"
        return [pa.Check.isin(list(allowed), error=f"not in vocabulary {column.vocabulary} ({shown})")]
    if column.type == "ref":
        ref_table, ref_column = column.references
        if ref_table not in tables or ref_column not in tables[ref_table]:
            return []  # that table's own problem is reported; do not flood every reference too
        target = dictionary.tables[ref_table]
        known = set(tables[ref_table][ref_column].dropna())
        return [pa.Check.isin(known, error=f"unknown {ref_column}: no such row in {target.file}")]
    return []


def _is_iso_date(values: pd.Series) -> pd.Series:
    shaped = values.str.fullmatch(ISO_DATE)
    return shaped & pd.to_datetime(values.where(shaped), format="%Y-%m-%d", errors="coerce").notna()


BUILT_IN_MESSAGES = {
    "column_in_dataframe": "missing column",
    "column_in_schema": "unexpected column (not in data/dictionary.yaml)",
    "field_uniqueness": "duplicate id",
    "not_nullable": "empty, but a value is required",
}


def _run_schema(schema: pa.DataFrameSchema, table: pd.DataFrame, spec: TableSpec) -> list[Problem]:
    try:
        schema.validate(table, lazy=True)
        return []
    except SchemaErrors as errors:
        cases = errors.failure_cases
    problems = []
    for case in cases.itertuples(index=False):
        message = BUILT_IN_MESSAGES.get(case.check, case.check)
        if case.check in ("column_in_dataframe", "column_in_schema"):
            problems.append(Problem(spec.file, 1, str(case.failure_case), message))
            continue
        line = None if pd.isna(case.index) else line_of(case.index)
        value = "" if case.check == "not_nullable" else f"{case.failure_case!r}: "
        problems.append(Problem(spec.file, line, case.column, f"{value}{message}"))
    return problems


def _parsed(values: pd.Series, column: ColumnSpec) -> pd.Series:
    """Typed values for comparisons; malformed ones (reported elsewhere) become missing."""
    if column.type == "date":
        return pd.to_datetime(values, format="%Y-%m-%d", errors="coerce")
    return pd.to_numeric(values, errors="coerce")


def _check_order(table: pd.DataFrame, spec: TableSpec, where=None) -> list[Problem]:
    where = where or _lines(spec.file)
    problems = []
    for group in spec.ordered:
        if not set(group) <= set(table.columns):
            continue
        parsed = {name: _parsed(table[name], spec.column(name)) for name in group}
        for i, earlier in enumerate(group):
            for later in group[i + 1 :]:
                bad = parsed[later] < parsed[earlier]
                for index in table.index[bad.fillna(False)]:
                    problems.append(where(index, later, f"{table.at[index, later]} is less than {earlier} {table.at[index, earlier]}"))
    return problems


def _check_precision(table: pd.DataFrame, spec: TableSpec, where=None) -> list[Problem]:
    """date_precision must describe the range actually given, so charts can trust it."""
    where = where or _lines(spec.file)
    start = pd.to_datetime(table.get("date_start"), format="%Y-%m-%d", errors="coerce")
    end = pd.to_datetime(table["date_end"], format="%Y-%m-%d", errors="coerce")
    precision = table["date_precision"]
    rules = {
        "open": (start.isna(), "date_precision 'open' needs an empty date_start, and only it allows one"),
        "day": (start == end, "date_precision 'day' needs date_start = date_end"),
        "week": ((end - start).dt.days <= 6, "date_precision 'week' needs a range of at most 7 days"),
        "month": ((start.dt.day == 1) & (end == start + pd.offsets.MonthEnd(0)), "date_precision 'month' needs the first to the last day of one month"),
        "year": ((start.dt.month == 1) & (start.dt.day == 1) & (end.dt.year == start.dt.year), "date_precision 'year' needs 1 January to a day of the same year"),
    }
    problems = []
    has_start = table["date_start"].notna() if "date_start" in table else pd.Series(False, index=table.index)
    valid_dates = end.notna() & (start.notna() | ~has_start)
    for name, (holds, message) in rules.items():
        bad = valid_dates & (precision == name) & ~holds.fillna(False)
        problems += [where(i, "date_precision", message) for i in table.index[bad]]
    bad_open = valid_dates & (precision != "open") & precision.notna() & ~has_start
    problems += [where(i, "date_start", "empty, but only date_precision 'open' allows that") for i in table.index[bad_open]]
    return problems


def _check_sub_event(table: pd.DataFrame, spec: TableSpec, belongs_to: dict[str, str], where=None) -> list[Problem]:
    where = where or _lines(spec.file)
    # mapped once per distinct value (a million events have a dozen sub-event types), compared as text
    expected = table["sub_event_type"].astype("category").map(belongs_to).astype("string")
    bad = expected.notna() & (table["event_type"].astype("string") != expected).fillna(True)
    return [where(i, "sub_event_type", f"{table.at[i, 'sub_event_type']!r} belongs to event_type {expected[i]!r}")
            for i in table.index[bad]]


def _lines(file: str):
    """Problem maker for a CSV file: the data row at index i is on line i + 2."""
    return lambda index, column, message: Problem(file, line_of(index), column, message)


def _rows(file: str):
    """Problem maker for a parquet file: row numbers from 1."""
    return lambda index, column, message: Problem(file, int(index) + 1, column, message, unit="row")


def _check_aliases(actors: pd.DataFrame, spec: TableSpec) -> list[Problem]:
    """Each name must resolve to one actor only, or resolve_actor would have to guess."""
    if not {"actor_id", "name", "aliases"} <= set(actors.columns):
        return []
    owner, problems = {}, []
    for index, row in actors.iterrows():
        names = [row["actor_id"], row["name"], *split_list(row["aliases"])]
        for name in names:
            if pd.isna(name):
                continue
            key = str(name).casefold()
            if owner.get(key, row["actor_id"]) != row["actor_id"]:
                problems.append(Problem(spec.file, line_of(index), "aliases", f"{name!r} already names actor {owner[key]!r}"))
            owner.setdefault(key, row["actor_id"])
    return problems


def split_list(cell) -> list[str]:
    if pd.isna(cell):
        return []
    return [part.strip() for part in str(cell).split(LIST_SEPARATOR) if part.strip()]


def _source_texts(sources: pd.DataFrame, spec: TableSpec, project_dir: Path) -> tuple[dict[str, str], list[Problem]]:
    """Normalised text of each source, after proving the file is the one that was coded (its SHA-256)."""
    texts, problems = {}, []
    if not {"source_id", "path", "sha256"} <= set(sources.columns):
        return texts, problems
    for index, row in sources.iterrows():
        if pd.isna(row["path"]):
            continue
        path = Path(project_dir) / row["path"]
        try:
            raw = path.read_bytes()
        except OSError:
            problems.append(Problem(spec.file, line_of(index), "path", f"source file not found: {row['path']}"))
            continue
        if hashlib.sha256(raw).hexdigest() != row["sha256"]:
            problems.append(Problem(spec.file, line_of(index), "sha256", f"{row['path']} has changed since it was coded (SHA-256 differs)"))
        texts[row["source_id"]] = normalise(raw.decode("utf-8", errors="replace"))
    return texts, problems


TYPOGRAPHY = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "‟": '"',
                            "–": "-", "—": "-", "‑": "-", "\u00a0": " "})


def normalise(text: str) -> str:
    """Fold typographic quotes, dashes and runs of whitespace, so a quote matches however it was typed."""
    text = unicodedata.normalize("NFC", text).translate(TYPOGRAPHY)
    return re.sub(r"\s+", " ", text).strip()


def _check_evidence(evidence: pd.DataFrame, dictionary: Dictionary, tables: dict, texts: dict[str, str]) -> list[Problem]:
    spec = dictionary.tables["evidence"]
    if not {"record_type", "record_id", "source_id", "quote"} <= set(evidence.columns):
        return []
    problems = []
    known = {}
    for record_type in dictionary.vocabularies["record_type"]:
        target = dictionary.table_for_record_type(record_type)
        if target.name in tables and target.key in tables[target.name]:
            known[record_type] = (target, set(tables[target.name][target.key].dropna()))
    for index, row in evidence.iterrows():
        record_type, record_id = row["record_type"], row["record_id"]
        if record_type in known and pd.notna(record_id) and record_id not in known[record_type][1]:
            target = known[record_type][0]
            problems.append(Problem(spec.file, line_of(index), "record_id", f"unknown {target.key} {record_id!r}: no such row in {target.file}"))
        text = texts.get(row["source_id"])
        if text is None or pd.isna(row["quote"]):
            continue
        quote = normalise(row["quote"])
        if quote not in text:
            problems.append(Problem(spec.file, line_of(index), "quote", f"not found in {row['source_id']}: {_where_it_differs(quote, text)}"))
    return problems


def _where_it_differs(quote: str, text: str) -> str:
    """Point at the first word of the quote that the source does not have (longest matching prefix)."""
    low, high = 0, len(quote)
    while low < high:  # find the longest prefix present in the text (presence is monotone in length)
        middle = (low + high + 1) // 2
        if quote[:middle] in text:
            low = middle
        else:
            high = middle - 1
    if low == 0:
        return "the quote's first words do not occur in the source"
    return f"matches up to {quote[max(0, low - 40):low]!r}, then the source differs"


# --- imported tables (imports/*.parquet) ----------------------------------------------------------------------


def check_imported(table: pd.DataFrame, spec: TableSpec, dictionary: Dictionary, actor_ids: set | None, label: str) -> list[Problem]:
    """The typed checks of an importer-written table: columns, types, vocabularies, references, order.

    An import may hold millions of rows, so each kind of problem is reported for its first rows only,
    with a count of the rest.
    """
    where = _rows(label)
    columns = {}
    for column in spec.columns:
        checks = []
        if column.type == "date":
            checks.append(pa.Check(pd.api.types.is_datetime64_any_dtype, error="does not hold dates"))
        if column.type == "count":
            checks += [pa.Check(pd.api.types.is_integer_dtype, error="does not hold whole numbers"), pa.Check.ge(0, error="negative")]
        if column.type == "category":
            checks.append(pa.Check.isin(list(dictionary.vocabularies[column.vocabulary]), error=f"not in vocabulary {column.vocabulary}"))
        if column.type == "ref" and actor_ids is not None:
            checks.append(pa.Check.isin(actor_ids, error="unknown actor_id: no such row in actors.csv"))
        columns[column.name] = pa.Column(None, nullable=not column.required, unique=column.type == "id", checks=checks)
    try:
        pa.DataFrameSchema(columns, strict=True).validate(table, lazy=True)
    except SchemaErrors as errors:
        problems = []
        for (column, check), cases in errors.failure_cases.groupby(["column", "check"], dropna=False, sort=False):
            message = BUILT_IN_MESSAGES.get(check, check)
            for case in cases.head(MAX_PER_CHECK).itertuples(index=False):
                if pd.isna(case.index):
                    problems.append(Problem(label, None, str(case.failure_case) if check.startswith("column_in") else column, message))
                else:
                    problems.append(where(case.index, column, message if check == "not_nullable" else f"{case.failure_case!r}: {message}"))
            if len(cases) > MAX_PER_CHECK:
                problems.append(Problem(label, None, column, f"{message}: {len(cases) - MAX_PER_CHECK} more rows"))
        return problems  # order and precision checks need well-typed columns
    return (_check_order(table, spec, where) + _check_precision(table, spec, where)
            + _check_sub_event(table, spec, dictionary.vocabularies["sub_event_type"], where))

