"""Read the data dictionary (data/dictionary.yaml): the one description of tables, columns and vocabularies.

Validation, typing and documentation all come from this file, so they cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .base import dictionary_file

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: ten times faster
COLUMN_TYPES = {"id", "text", "date", "count", "category", "ref", "list"}


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    type: str
    required: bool = True
    vocabulary: str | None = None
    references: tuple[str, str] | None = None  # (table, column)
    description: str = ""
    shared: bool = False  # each filled value must be on at least two rows (a group such as a wire story)


@dataclass(frozen=True)
class TableSpec:
    name: str
    file: str
    description: str
    columns: tuple[ColumnSpec, ...]
    ordered: tuple[tuple[str, ...], ...] = ()  # column groups whose filled values must not decrease
    evidenced_as: str | None = None  # the evidence record_type that must cite each row
    optional: bool = False  # a missing file is an empty table (link_decisions.csv before the first decision)

    @property
    def key(self) -> str | None:
        """The table's id column, if it has one."""
        return next((c.name for c in self.columns if c.type == "id"), None)

    def column(self, name: str) -> ColumnSpec:
        return next(c for c in self.columns if c.name == name)


@dataclass(frozen=True)
class Dictionary:
    tables: dict[str, TableSpec]  # the coded CSV tables
    vocabularies: dict[str, dict[str, str]]
    conventions: dict[str, str]
    imported: dict[str, TableSpec]  # tables the importers write (imports/*.parquet)
    linking: dict  # the record linker's weights and thresholds (analysis.linking)
    labels: dict  # column headers for readers (analysis.tables)
    coding: dict = None  # the coding assistant's lexicons (analysis.relative_dates, analysis.coding)

    @classmethod
    def read(cls, path: Path) -> Dictionary:
        raw = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=SAFE_LOADER)
        vocabularies = {
            name: {str(k): str(v) for k, v in values.items()} for name, values in raw["vocabularies"].items()
        }
        tables = {name: _table(name, table, vocabularies) for name, table in raw["tables"].items()}
        imported = {name: _table(name, table, vocabularies) for name, table in raw.get("imported_tables", {}).items()}
        dictionary = cls(
            tables,
            vocabularies,
            dict(raw.get("conventions", {})),
            imported,
            dict(raw.get("linking") or {}),
            {str(k): str(v) for k, v in (raw.get("labels") or {}).items()},
            dict(raw.get("coding") or {}),
        )
        dictionary._check_references()
        return dictionary

    @classmethod
    def for_data(cls, data_dir: Path) -> Dictionary:
        """The dictionary a data folder is checked against: its own dictionary.yaml, else the project's."""
        return cls.read(dictionary_file(data_dir))

    def table_for_record_type(self, record_type: str) -> TableSpec:
        return next(t for t in self.tables.values() if t.evidenced_as == record_type)

    def _check_references(self) -> None:
        for table in (*self.tables.values(), *self.imported.values()):
            names = {c.name for c in table.columns}
            for group in table.ordered:
                if not set(group) <= names:
                    raise ValueError(f"dictionary: {table.name}: ordered group {list(group)} names unknown columns")
            for column in table.columns:
                if column.references:
                    ref_table, ref_column = column.references
                    if ref_table not in self.tables or ref_column not in {
                        c.name for c in self.tables[ref_table].columns
                    }:
                        raise ValueError(
                            f"dictionary: {table.name}.{column.name} references unknown {ref_table}.{ref_column}"
                        )


def _table(name: str, table: dict, vocabularies: dict) -> TableSpec:
    columns = tuple(_column(name, column, spec, vocabularies) for column, spec in table["columns"].items())
    ordered = tuple(tuple(group) for group in table.get("ordered", ()))
    return TableSpec(
        name,
        table["file"],
        table.get("description", ""),
        columns,
        ordered,
        table.get("evidenced_as"),
        bool(table.get("optional", False)),
    )


def _column(table: str, name: str, spec: dict, vocabularies: dict) -> ColumnSpec:
    where = f"dictionary: {table}.{name}"
    if spec.get("type") not in COLUMN_TYPES:
        raise ValueError(f"{where}: type must be one of {sorted(COLUMN_TYPES)}, not {spec.get('type')!r}")
    vocabulary = spec.get("vocabulary")
    if (spec["type"] == "category") != (vocabulary is not None):
        raise ValueError(f"{where}: a category column names its vocabulary, and only a category column does")
    if vocabulary is not None and vocabulary not in vocabularies:
        raise ValueError(f"{where}: unknown vocabulary {vocabulary!r}")
    references = spec.get("references")
    if (spec["type"] == "ref") != (references is not None):
        raise ValueError(f"{where}: a ref column names what it references (table.column), and only a ref column does")
    return ColumnSpec(
        name=name,
        type=spec["type"],
        required=bool(spec.get("required", True)),
        vocabulary=vocabulary,
        references=tuple(references.split(".", 1)) if references else None,
        description=str(spec.get("description", "")),
        shared=bool(spec.get("shared", False)),
    )
