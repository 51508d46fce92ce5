"""Load the coded data: validate it, give every column its proper type, and derive the basic views.

`load()` refuses data that does not validate (DataError lists every problem), so whatever holds a
Dataset can trust every row to be typed, referenced and backed by a verbatim quote.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd
import pyarrow as pa

from .dictionary import Dictionary, TableSpec
from .files import data_content, sha256_of
from .validation import DataError, Problem, check, check_imported, read_tables, split_list

CODED = "coded"  # the dataset name of the incidents coded from articles
IMPORTS_FOLDER = "imports"

PROJECT_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_DIR / "data"
DICTIONARY_FILE = "dictionary.yaml"


class UnknownActorError(KeyError):
    """A name that is neither an actor id, a canonical name nor an alias in actors.csv."""

    def __str__(self) -> str:
        return str(self.args[0])


def load(path: str | Path | None = None) -> "Dataset":
    """Load and validate the tables in `path`.

    With no path (None or ""), the folder named by the ANALYSIS_DATA_DIR environment variable, else the
    project's data/. Source files named in sources.csv are read relative to the folder holding the data.
    """
    data_dir = Path(path or os.environ.get("ANALYSIS_DATA_DIR") or DATA_DIR)
    key = (str(data_dir.resolve()), data_content(data_dir))
    if key not in _LOADED:
        _LOADED.clear()  # keep one: a kernel reused across reports loads each data folder once
        _LOADED[key] = _load(data_dir)
    return _LOADED[key]


_LOADED: dict[tuple[str, str], "Dataset"] = {}


def dictionary_for(data_dir: Path) -> Dictionary:
    """The data folder's own dictionary.yaml, else the project's."""
    own = Path(data_dir) / DICTIONARY_FILE
    return Dictionary.read(own if own.exists() else DATA_DIR / DICTIONARY_FILE)


def _load(data_dir: Path) -> "Dataset":
    dictionary = dictionary_for(data_dir)
    raw, problems = read_tables(data_dir, dictionary)
    problems += check(raw, dictionary, project_dir=data_dir.resolve().parent)
    actor_ids = set(raw["actors"]["actor_id"]) if "actors" in raw else None  # None: actors.csv reports its own problem
    events, imports, import_problems = _read_imports(data_dir, dictionary, actor_ids)
    if problems or import_problems:
        raise DataError(problems + import_problems)
    typed = {name: _typed(raw[name], dictionary.tables[name], dictionary) for name in raw}
    return Dataset(path=data_dir, dictionary=dictionary, **typed, events=events, imports=imports)


def _read_imports(data_dir: Path, dictionary: Dictionary, actor_ids: set | None) -> tuple[pd.DataFrame, dict, list[Problem]]:
    """Every import in data_dir/imports (NAME.yaml + NAME.parquet), proved unchanged since import, typed and checked."""
    from .imports import read_manifest  # here: imports.py itself imports this module

    spec = dictionary.imported["events"]
    tables, manifests, problems = [], {}, []
    for manifest_path in sorted((Path(data_dir) / IMPORTS_FOLDER).glob("*.yaml")):
        label = f"{IMPORTS_FOLDER}/{manifest_path.name}"
        manifest = read_manifest(manifest_path)
        parquet = manifest_path.with_suffix(".parquet")
        if not {"name", "sha256", "export", "export_sha256"} <= set(manifest):
            problems.append(Problem(label, None, None, "not an import manifest; re-run python -m analysis import"))
            continue
        if not parquet.is_file() or sha256_of(parquet) != manifest["sha256"]:
            problems.append(Problem(label, None, "sha256", f"{parquet.name} is missing or has changed since the import; re-run the import"))
            continue
        export = Path(data_dir).resolve().parent / manifest["export"]  # an absolute path stays as it is
        if export.is_file() and sha256_of(export) != manifest["export_sha256"]:
            problems.append(Problem(label, None, "export_sha256", f"the export {export} has changed since it was imported; re-run the import"))
        table = pd.read_parquet(parquet)
        found = check_imported(table, spec, dictionary, actor_ids, f"{IMPORTS_FOLDER}/{parquet.name}")
        problems += found
        if not found:
            tables.append(_typed(table, spec, dictionary, strings="keep"))  # typed alike, so concat keeps the types
            manifests[manifest["name"]] = manifest
    if not tables:
        return _typed(pd.DataFrame({c.name: pd.Series(dtype=object) for c in spec.columns}), spec, dictionary), manifests, problems
    events = pd.concat(tables, ignore_index=True)
    return events.assign(**{c: _contiguous(events[c]) for c in events.columns if events[c].dtype == "string"}), manifests, problems


def _typed(table: pd.DataFrame, spec: TableSpec, dictionary: Dictionary, strings: str = "parse") -> pd.DataFrame:
    """Proper types: dates, nullable counts, categoricals; strings="keep" for tables already typed (imports)."""
    typed = {}
    for column in spec.columns:
        values = table[column.name]
        if column.type == "date":
            typed[column.name] = values.astype("datetime64[ns]") if strings == "keep" else pd.to_datetime(values, format="%Y-%m-%d")
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


@dataclass
class Dataset:
    """The validated tables, plus views derived from them."""

    path: Path
    dictionary: Dictionary = field(repr=False)
    sources: pd.DataFrame = field(repr=False)
    actors: pd.DataFrame = field(repr=False)
    statements: pd.DataFrame = field(repr=False)
    incidents: pd.DataFrame = field(repr=False)
    officials_killed: pd.DataFrame = field(repr=False)
    reported_figures: pd.DataFrame = field(repr=False)
    evidence: pd.DataFrame = field(repr=False)
    events: pd.DataFrame = field(repr=False)  # every imported dataset's events (dictionary: imported_tables.events)
    imports: dict[str, dict] = field(default_factory=dict)  # import name -> its manifest

    def __post_init__(self) -> None:
        self._combined: dict[tuple, pd.DataFrame] = {}
        for spec in self.dictionary.tables.values():
            if spec.evidenced_as:
                table = getattr(self, spec.name)
                setattr(self, spec.name, self._with_sources(table, spec))

    def _with_sources(self, table: pd.DataFrame, spec: TableSpec) -> pd.DataFrame:
        """Add n_sources and source_ids: how many distinct articles stand behind each row, and which."""
        cited = self.evidence[self.evidence["record_type"] == spec.evidenced_as]
        ids = {record: tuple(sorted(set(sources))) for record, sources in cited.groupby("record_id", observed=True)["source_id"]}
        # object dtype keeps the tuples tuples (pandas would otherwise infer a pyarrow list type)
        source_ids = pd.Series([ids.get(record) for record in table[spec.key]], index=table.index, dtype=object)
        return table.assign(n_sources=source_ids.map(len).astype("Int64"), source_ids=source_ids)

    # --- derived views -----------------------------------------------------------------------------

    @cached_property
    def accusations(self) -> pd.DataFrame:
        """One row per accuser -> accused pair (statements of kind 'accusation' with a target)."""
        s = self.statements
        rows = s[(s["kind"] == "accusation") & s["target_actor"].notna()]
        return pd.DataFrame({
            "statement_id": rows["statement_id"],
            "accuser_actor": rows["speaker_actor"],
            "accused_actor": rows["target_actor"],
            "speaker": rows["speaker"],
            "summary": rows["summary"],
            "date_start": rows["date_start"],
            "date_end": rows["date_end"],
            "date_precision": rows["date_precision"],
            "n_sources": rows["n_sources"],
            "source_ids": rows["source_ids"],
        }).reset_index(drop=True)

    @cached_property
    def official_killings(self) -> pd.DataFrame:
        """Each official killed, with the date, place and perpetrator of the incident that killed them."""
        incident_columns = ["incident_id", "date_start", "date_end", "date_precision", "province", "location",
                            "perpetrator", "n_sources", "source_ids"]
        return self.officials_killed.merge(
            self.incidents[incident_columns], on="incident_id", how="left", suffixes=("", "_of_incident"),
            validate="many_to_one",
        ).rename(columns={"province_of_incident": "incident_province"})

    def evidence_for(self, record_ids, datasets=()) -> pd.DataFrame:
        """The quotes behind one or more statements, incidents or figures, with the article each comes from.

        A coded incident linked to events of the given imported datasets also shows each event's notes,
        its source_id being dataset:event_id and its title the dataset's own list of sources.
        """
        ids = [record_ids] if isinstance(record_ids, str) else list(record_ids)
        rows = self.evidence[self.evidence["record_id"].isin(ids)]
        quotes = rows.merge(self.sources[["source_id", "outlet", "title", "published_start", "published_end"]],
                            on="source_id", how="left")
        links = self.links
        linked = links[(links["status"] == "linked") & links["incident_id"].isin(ids) & links["dataset"].isin(list(datasets))]
        if linked.empty:
            return quotes.reset_index(drop=True)
        events = linked.merge(self.events, on=["dataset", "event_id"], how="left")
        from_datasets = pd.DataFrame({"record_type": "incident", "record_id": events["incident_id"],
                                      "source_id": events["dataset"] + ":" + events["event_id"], "quote": events["notes"],
                                      "outlet": events["dataset"], "title": events["sources"]})
        return pd.concat([quotes, from_datasets], ignore_index=True)

    # --- imported datasets --------------------------------------------------------------------------

    @property
    def datasets(self) -> list[str]:
        """The names a report may choose from: 'coded' (the articles) and each import."""
        return [CODED, *self.imports]

    @cached_property
    def links(self) -> pd.DataFrame:
        """Imported events linked to coded incidents, and the near-misses (analysis.linking)."""
        from .linking import link

        return link(self.incidents, self.events, dict(zip(self.actors["actor_id"], self.actors["parent"])))

    def incidents_from(self, datasets=None) -> pd.DataFrame:
        """Coded incidents and imported events in one table (default: every dataset), each event once.

        An imported event linked to a coded incident is dropped when the coded data is chosen too: the
        coded row stands for both and lists it in linked_events. Summaries are left out (a million
        events' notes would be copied for every choice of datasets); with_summaries() adds them to the
        rows a view shows.
        """
        chosen = tuple(datasets or self.datasets)
        unknown = [name for name in chosen if name not in self.datasets]
        if unknown:
            raise ValueError(f"unknown dataset(s) {', '.join(map(repr, unknown))}: choose from {', '.join(self.datasets)}")
        if chosen not in self._combined:
            self._combined[chosen] = self._combine(chosen)
        return self._combined[chosen]

    def _combine(self, chosen: tuple[str, ...]) -> pd.DataFrame:
        linked = self.links[(self.links["status"] == "linked") & self.links["dataset"].isin(chosen)]
        parts = []
        if CODED in chosen:
            listed = (linked["dataset"] + ":" + linked["event_id"]).groupby(linked["incident_id"]).agg(", ".join)
            parts.append(self.incidents.drop(columns="summary").assign(
                dataset=CODED, perpetrator_label=pd.NA, linked_events=self.incidents["incident_id"].map(listed)))
        keep = self.events["dataset"].isin(chosen)
        if CODED in chosen:
            keep &= ~self._events_in(linked)
        columns = ["dataset", "event_id", "date_start", "date_end", "date_precision", "country", "province", "location",
                   "perpetrator", "perpetrator_name", "event_type", "sub_event_type", "killed_low", "killed_best",
                   "killed_high", "n_sources"]
        events = self.events[columns] if keep.all() else self.events.loc[keep, columns]  # no copy when nothing is dropped
        parts.append(events.drop(columns=["event_id", "perpetrator_name"]).assign(
            incident_id=events["dataset"] + ":" + events["event_id"],
            perpetrator_label=(events["perpetrator_name"] + " (not mapped)").where(events["perpetrator"].isna()),
            event_row=pd.array(events.index, dtype="Int64"),  # where with_summaries() finds the event's notes
        ))
        ordered = ["incident_id", "dataset", "date_start", "date_end", "date_precision", "country", "province", "location",
                   "perpetrator", "perpetrator_label", "event_type", "sub_event_type", "killed_low", "killed_best",
                   "killed_high", "injured_low", "injured_best", "injured_high", "n_sources", "linked_events", "event_row"]
        combined = pd.concat([part for part in parts if not part.empty] or parts[:1], ignore_index=True)
        return combined.reindex(columns=ordered).astype({c: "Int64" for c in ordered if c.startswith(("killed", "injured"))})

    def _events_in(self, links: pd.DataFrame) -> pd.Series:
        """A mask over self.events: the events these links name (by dataset and event_id)."""
        mask = pd.Series(False, index=self.events.index)
        for name, event_ids in links.groupby("dataset")["event_id"]:
            mask |= (self.events["dataset"] == name) & self.events["event_id"].isin(event_ids)
        return mask

    def with_summaries(self, rows: pd.DataFrame) -> pd.DataFrame:
        """Rows of incidents_from() with their summary: the coded incident's, or the imported event's notes."""
        coded = self.incidents.set_index("incident_id")["summary"]
        summary = rows["incident_id"].map(coded).astype("string")
        imported = rows["event_row"].notna()
        if imported.any():
            notes = self.events["notes"].iloc[rows.loc[imported, "event_row"].to_numpy(dtype=int)]
            summary[imported] = notes.to_numpy()
        return rows.assign(summary=summary)

    # --- actor names -------------------------------------------------------------------------------

    @cached_property
    def _actor_names(self) -> dict[str, str]:
        names = {}
        for row in self.actors.itertuples(index=False):
            for name in (row.actor_id, row.name, *split_list(row.aliases)):
                names[str(name).casefold()] = row.actor_id
        return names

    def actors_within(self, names) -> set[str]:
        """The actors named (any alias) and all their descendants: 'Islamic State' includes ISKP."""
        parent = dict(zip(self.actors["actor_id"], self.actors["parent"]))
        wanted = {self.resolve_actor(name) for name in names}

        def ancestors(actor):
            while pd.notna(actor):
                yield actor
                actor = parent.get(actor)

        return {actor for actor in parent if wanted & set(ancestors(actor))}

    def actor_names(self) -> dict[str, str]:
        """actor_id -> canonical name, for labels."""
        return dict(zip(self.actors["actor_id"], self.actors["name"]))

    def resolve_actor(self, name: str) -> str:
        """The canonical actor_id for an id, a name or any alias, case-insensitively."""
        key = str(name).strip().casefold()
        if key in self._actor_names:
            return self._actor_names[key]
        close = difflib.get_close_matches(key, self._actor_names, n=3)
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise UnknownActorError(f"unknown actor {name!r}: not an actor_id, name or alias in actors.csv{hint}")
