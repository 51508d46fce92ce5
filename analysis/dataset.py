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

from .dictionary import Dictionary, TableSpec
from .fingerprint import data_content
from .validation import DataError, check, read_tables, split_list

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


def _load(data_dir: Path) -> "Dataset":
    dictionary = Dictionary.read(data_dir / DICTIONARY_FILE if (data_dir / DICTIONARY_FILE).exists() else DATA_DIR / DICTIONARY_FILE)
    raw, problems = read_tables(data_dir, dictionary)
    problems += check(raw, dictionary, project_dir=data_dir.resolve().parent)
    if problems:
        raise DataError(problems)
    typed = {name: _typed(raw[name], dictionary.tables[name], dictionary) for name in raw}
    return Dataset(path=data_dir, dictionary=dictionary, **typed)


def _typed(table: pd.DataFrame, spec: TableSpec, dictionary: Dictionary) -> pd.DataFrame:
    typed = {}
    for column in spec.columns:
        values = table[column.name]
        if column.type == "date":
            typed[column.name] = pd.to_datetime(values, format="%Y-%m-%d")
        elif column.type == "count":
            typed[column.name] = pd.to_numeric(values).astype("Int64")
        elif column.type == "category":
            typed[column.name] = values.astype(pd.CategoricalDtype(list(dictionary.vocabularies[column.vocabulary])))
        else:
            typed[column.name] = values.astype("string")
    return pd.DataFrame(typed, index=table.index)


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

    def __post_init__(self) -> None:
        for spec in self.dictionary.tables.values():
            if spec.evidenced_as:
                table = getattr(self, spec.name)
                setattr(self, spec.name, self._with_sources(table, spec))

    def _with_sources(self, table: pd.DataFrame, spec: TableSpec) -> pd.DataFrame:
        """Add n_sources and source_ids: how many distinct articles stand behind each row, and which."""
        cited = self.evidence[self.evidence["record_type"] == spec.evidenced_as]
        ids = cited.groupby("record_id", observed=True)["source_id"].agg(lambda s: tuple(sorted(set(s))))
        source_ids = table[spec.key].map(ids)
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

    def evidence_for(self, record_ids) -> pd.DataFrame:
        """The quotes behind one or more statements, incidents or figures, with the article each comes from."""
        ids = [record_ids] if isinstance(record_ids, str) else list(record_ids)
        rows = self.evidence[self.evidence["record_id"].isin(ids)]
        return rows.merge(self.sources[["source_id", "outlet", "title", "published_start", "published_end"]],
                          on="source_id", how="left").reset_index(drop=True)

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
