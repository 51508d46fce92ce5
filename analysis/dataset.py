"""Load the coded data and the imports: validate them, give every column its proper type.

`load()` refuses data that does not validate (DataError lists every problem), so whatever holds a
Dataset can trust every row to be typed, referenced and backed by a verbatim quote. Tables derived
from it (links, combined incidents, views) live in analysis.linking and analysis.views.
"""

from __future__ import annotations

import copy
import dataclasses
from pathlib import Path

import pandas as pd
import pyarrow as pa

from .actors import ActorIndex
from .boundaries import read_boundaries
from .dictionary import Dictionary, TableSpec
from .errors import ChoiceError, DataError, InputError, Problem
from .imports.manifest import REQUIRED_KEYS, read_manifest
from .paths import CODED, IMPORTS_FOLDER, data_folder
from .storage import data_hash, sha256_of
from .validation import check, check_decisions, check_imported, read_tables


def load(path: str | Path | None = None) -> Dataset:
    """Load and validate the tables in `path` (base.data_folder: else $ANALYSIS_DATA_DIR, else data/).

    Source files named in sources.csv are read relative to the folder holding the data folder.
    """
    data_dir = data_folder(path)
    key = (str(data_dir), data_hash(data_dir))
    if key not in _LOADED:
        _LOADED.clear()  # keep one: a kernel reused across reports loads each data folder once
        _LOADED[key] = _load(data_dir)
    return _LOADED[key]


_LOADED: dict[tuple[str, str], Dataset] = {}


def _load(data_dir: Path) -> Dataset:
    dictionary = Dictionary.for_data(data_dir)
    raw, problems = read_tables(data_dir, dictionary)
    actors = (
        ActorIndex.from_table(raw["actors"]) if "actors" in raw else None
    )  # None: actors.csv reports its own problem
    problems += check(raw, dictionary, project_dir=data_dir.parent, actors=actors)
    if actors is not None:  # the linker's party_targets name actors too
        problems += dictionary.actor_problems(set(actors.parent), part="linking")
    imported, imports, import_problems = _read_imports(data_dir, dictionary, set(actors.parent) if actors else None)
    events = imported["events"]
    if "link_decisions" in raw and "incidents" in raw and "statements" in raw:  # checked once the imports are read
        unread = {path.stem for path in (data_dir / IMPORTS_FOLDER).glob("*.yaml")} - set(imports)
        coded_ids = [*raw["incidents"]["incident_id"], *raw["statements"]["statement_id"]]
        records = pd.concat([imported[kind][["dataset", "event_id"]] for kind in imported], ignore_index=True)
        problems += check_decisions(
            raw["link_decisions"], dictionary.tables["link_decisions"], coded_ids, records, unread
        )
    try:  # the map's shapes must join the province vocabulary: an unmatched name is an error here, not a grey province
        read_boundaries(dictionary.vocabularies["province"])
    except DataError as error:
        problems += error.problems
    if problems or import_problems:
        raise DataError(problems + import_problems)
    typed = {name: _typed(raw[name], dictionary.tables[name], dictionary) for name in raw}
    for spec in dictionary.tables.values():
        if spec.evidenced_as:
            typed[spec.name] = _with_sources(typed[spec.name], spec, typed["evidence"], typed["sources"])
    return Dataset(
        data_dir,
        dictionary,
        {**typed, "events": events, "imported_statements": imported["statements"]},
        imports,
        actor_index=actors,
    )


def _read_imports(
    data_dir: Path, dictionary: Dictionary, actor_ids: set | None
) -> tuple[dict[str, pd.DataFrame], dict, list[Problem]]:
    """Every import in data_dir/imports (NAME.yaml + NAME.parquet), proved unchanged since import, typed and checked.

    Returns one table per kind of import (the manifest's `table`): `events` (ACLED, UCDP) and
    `statements` (POLECAT, ICEWS), each every import of that kind one after the other.
    """
    tables = {kind: [] for kind in dictionary.imported}
    manifests, problems = {}, []
    for manifest_path in sorted((data_dir / IMPORTS_FOLDER).glob("*.yaml")):
        label = f"{IMPORTS_FOLDER}/{manifest_path.name}"
        manifest = read_manifest(manifest_path)
        parquet = manifest_path.with_suffix(".parquet")
        kind = manifest.get("table", "events")
        if not REQUIRED_KEYS <= set(manifest) or kind not in tables:
            problems.append(Problem(label, None, None, "not an import manifest; re-run python -m analysis import"))
            continue
        if not parquet.is_file() or sha256_of(parquet) != manifest["sha256"]:
            problems.append(
                Problem(
                    label,
                    None,
                    "sha256",
                    f"{parquet.name} is missing or has changed since the import; re-run the import",
                )
            )
            continue
        problems += _changed_exports(data_dir, manifest, label)
        spec = dictionary.imported[kind]
        table = pd.read_parquet(parquet)
        found = check_imported(table, spec, dictionary, actor_ids, f"{IMPORTS_FOLDER}/{parquet.name}")
        problems += found
        if not found:
            tables[kind].append(_typed(table, spec, dictionary, strings="keep"))  # typed alike: concat keeps types
            manifests[manifest["name"]] = manifest
    return (
        {kind: _joined(found, dictionary.imported[kind], dictionary) for kind, found in tables.items()},
        manifests,
        problems,
    )


def _changed_exports(data_dir: Path, manifest: dict, label: str) -> list[Problem]:
    """The exports (one, or a list of files) that are still where they were and changed since the import."""
    exports, shas = manifest["export"], manifest["export_sha256"]
    if isinstance(exports, str):
        exports, shas = [exports], [shas]
    problems = []
    for export, sha in zip(exports, shas):
        export = data_dir.parent / export  # an absolute path stays as it is
        if export.is_file() and sha256_of(export) != sha:
            problems.append(
                Problem(
                    label,
                    None,
                    "export_sha256",
                    f"the export {export} has changed since it was imported; re-run the import",
                )
            )
    return problems


def _joined(tables: list[pd.DataFrame], spec: TableSpec, dictionary: Dictionary) -> pd.DataFrame:
    """One kind's imports as one table (an empty, typed one when there are none), text in contiguous Arrow."""
    if not tables:
        return _typed(pd.DataFrame({c.name: pd.Series(dtype=object) for c in spec.columns}), spec, dictionary)
    joined = pd.concat(tables, ignore_index=True)
    return joined.assign(**{c: _contiguous(joined[c]) for c in joined.columns if joined[c].dtype == "string"})


def _typed(table: pd.DataFrame, spec: TableSpec, dictionary: Dictionary, strings: str = "parse") -> pd.DataFrame:
    """Proper types: dates, nullable counts, categoricals; strings="keep" for tables already typed (imports)."""
    typed = {}
    for column in spec.columns:
        values = table[column.name]
        if column.type == "date":
            typed[column.name] = (
                values.astype("datetime64[ns]") if strings == "keep" else pd.to_datetime(values, format="%Y-%m-%d")
            )
        elif column.type == "count":
            typed[column.name] = (values if strings == "keep" else pd.to_numeric(values)).astype("Int64")
        elif column.type == "category":
            typed[column.name] = values.astype(pd.CategoricalDtype(list(dictionary.vocabularies[column.vocabulary])))
        else:
            typed[column.name] = values.astype("string")
    return pd.DataFrame(typed, index=table.index)


def _contiguous(text: pd.Series) -> pd.Series:
    """Arrow-backed text in one piece: parquet reads it in chunks, and taking rows from a chunked array
    joins every chunk again each time (a third of a second for a million events' notes)."""
    arrow = pa.array(text)
    if isinstance(arrow, pa.ChunkedArray):
        arrow = arrow.combine_chunks()
    return pd.Series(pd.arrays.ArrowStringArray(arrow), index=text.index, name=text.name)


def _with_sources(table: pd.DataFrame, spec: TableSpec, evidence: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Add n_sources and source_ids: how many distinct articles stand behind each row, and which; and
    n_independent: how many independent reports, articles of one wire story counting once (conventions.independence)."""
    cited = evidence[evidence["record_type"] == spec.evidenced_as]
    ids = {
        record: tuple(sorted(set(sources)))
        for record, sources in cited.groupby("record_id", observed=True)["source_id"]
    }
    # object dtype keeps the tuples tuples (pandas would otherwise infer a pyarrow list type)
    source_ids = pd.Series([ids.get(record) for record in table[spec.key]], index=table.index, dtype=object)
    stories = sources["story"] if "story" in sources else pd.Series(pd.NA, index=sources.index)
    report = {
        source: ("story", story) if pd.notna(story) else ("source", source)
        for source, story in zip(sources["source_id"], stories)
    }
    independent = source_ids.map(lambda cited: len({report.get(source, source) for source in cited}))
    return table.assign(
        n_sources=source_ids.map(len).astype("Int64"), n_independent=independent.astype("Int64"), source_ids=source_ids
    )


TABLES = (
    "sources",
    "actors",
    "statements",
    "incidents",
    "officials_killed",
    "reported_figures",
    "evidence",
    "link_decisions",  # an analyst's confirm/reject of pairs (analysis.linking)
    "events",  # every imported dataset's events (dictionary: imported_tables.events)
    "imported_statements",  # every machine-coded statement import (dictionary: imported_tables.statements)
)


class _Table:
    """A Dataset's table, read as a fresh copy each time (see Dataset)."""

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, ds: Dataset | None, owner=None):
        return self if ds is None else ds._tables[self.name].copy(deep=False)


class Dataset:
    """The validated, typed tables, the imported events, and actor lookup. Read-only, so reports stay independent.

    load() caches one Dataset per data folder, and a kernel reused by the builder runs report after report
    on it. So nothing read from it may change what the next cell, view or report reads: each table
    (ds.statements) is a fresh copy at every read, a cheap one, as pandas' Copy-on-Write copies a column
    only when it is written; the manifests come as copies; attributes cannot be set. A changed dataset
    is a new one: ds.replace(statements=...). Tables derived from it (links, combined incidents) are made
    once (derived()) and handed out as copies in the same way.
    """

    sources = _Table()
    actors = _Table()
    statements = _Table()
    incidents = _Table()
    officials_killed = _Table()
    reported_figures = _Table()
    evidence = _Table()
    link_decisions = _Table()
    events = _Table()
    imported_statements = _Table()

    def __init__(
        self,
        path: Path,
        dictionary: Dictionary,
        tables: dict[str, pd.DataFrame],
        imports: dict[str, dict] | None = None,
        actor_index: ActorIndex | None = None,
    ):
        unknown, missing = set(tables) - set(TABLES), set(TABLES) - set(tables)
        if unknown or missing:
            raise TypeError(f"Dataset tables: unknown {sorted(unknown)}, missing {sorted(missing)}")
        state = {
            "path": Path(path),
            "dictionary": dictionary,
            "_tables": dict(tables),
            "_imports": copy.deepcopy(dict(imports or {})),
            "actor_index": actor_index or ActorIndex.from_table(tables["actors"]),
            "_derived": {},
        }
        for name, value in state.items():
            object.__setattr__(self, name, value)

    def __setattr__(self, name, value):
        raise AttributeError(f"a Dataset is read-only: for changed tables, make a new one with ds.replace({name}=...)")

    def __repr__(self) -> str:
        return f"Dataset(path={str(self.path)!r}, imports={list(self._imports)})"

    def replace(self, **tables: pd.DataFrame) -> Dataset:
        """A new Dataset with these tables changed (not validated): its derived tables are made afresh."""
        return Dataset(self.path, self.dictionary, {**self._tables, **tables}, self._imports, actor_index=None)

    def derived(self, key, make):
        """make(self), made once per Dataset (links, combined incidents), then handed out as a copy at every call.

        Safe to keep: the tables it was made from cannot change.
        """
        if key not in self._derived:
            self._derived[key] = make(self)
        return _copied(self._derived[key])

    @property
    def imports(self) -> dict[str, dict]:
        """Import name -> its manifest (a copy)."""
        return copy.deepcopy(self._imports)

    def imports_of(self, table: str) -> list[str]:
        """The imports holding `table`: 'events' (ACLED, UCDP) or 'statements' (POLECAT, ICEWS)."""
        return [name for name, manifest in self._imports.items() if manifest.get("table", "events") == table]

    @property
    def datasets(self) -> list[str]:
        """The names an incidents report may choose from: 'coded' (the articles) and each import of events."""
        return [CODED, *self.imports_of("events")]

    def chosen(self, names, table: str) -> list[str]:
        """The datasets named for a view of `table` ('events' or 'statements'): each must hold that table; one of the
        other kind is told apart from a typo."""
        known, other, held, report, noun = {
            "events": (
                self.datasets,
                self.statement_datasets,
                "machine-coded statements, not incidents",
                "a statements report (accusation_flows)",
                "incident",
            ),
            "statements": (
                self.statement_datasets,
                self.datasets,
                "events, not statements",
                "an incidents report",
                "statement",
            ),
        }[table]
        for name in names:
            if name in other and name not in known:
                raise InputError(
                    f"dataset {name!r} holds {held}: name it in {report}; the {noun} datasets are {', '.join(known)}"
                )
            if name not in known:
                raise ChoiceError(f"{noun} dataset", name, known)
        return list(names)

    @property
    def statement_datasets(self) -> list[str]:
        """The names a statements report may choose from: 'coded' (the articles) and each import of statements."""
        return [CODED, *self.imports_of("statements")]

    def resolve_actor(self, name: str) -> str:
        """The canonical actor_id for an id, a name or any alias, case-insensitively (with a did-you-mean)."""
        return self.actor_index.resolve(name)

    def actors_within(self, names) -> set[str]:
        """The actors named (any alias) and all their branches: 'Islamic State' includes ISKP."""
        return self.actor_index.within(names)

    def actor_names(self) -> dict[str, str]:
        """actor_id -> canonical name, for labels."""
        return dict(self.actor_index.label)


def _copied(value):
    """A derived table as handed out: frames copied (shallow, Copy-on-Write), a dataclass of frames field by field."""
    if isinstance(value, pd.DataFrame | pd.Series):
        return value.copy(deep=False)
    if dataclasses.is_dataclass(value):
        return dataclasses.replace(
            value, **{f.name: _copied(getattr(value, f.name)) for f in dataclasses.fields(value)}
        )
    return copy.deepcopy(value)
