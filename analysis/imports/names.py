"""Dataset names -> our ids, once per distinct value: a million rows hold few distinct names.

name_mapping.json first, then actors.csv's names and aliases (any case). A name found in neither is
listed as unmapped with how many events use it, never guessed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from ..actors import ActorIndex
from ..dictionary import Dictionary
from ..errors import DataError, Problem
from ..paths import LIST_SEPARATOR, NAME_MAPPING_FILE, split_list
from ..validation import read_table


class Names:
    """Maps dataset actor and province names to actor ids and the province vocabulary."""

    def __init__(self, data_dir: Path, dictionary: Dictionary, province_suffix: str = ""):
        mapping_file = Path(data_dir) / NAME_MAPPING_FILE  # optional: without it, actors.csv's names and aliases alone
        mapping = (
            json.loads(mapping_file.read_text(encoding="utf-8"))
            if mapping_file.exists()
            else {"actors": {}, "provinces": {}}
        )
        actors, problems = read_table(Path(data_dir) / "actors.csv", "actors.csv")
        if problems:
            raise DataError(problems)
        self.index = ActorIndex.from_table(actors)
        self.mapped_actors = {name.casefold(): actor for name, actor in mapping["actors"].items()}
        self.provinces = {name.casefold(): name for name in dictionary.vocabularies["province"]}
        self.provinces.update({name.casefold(): province for name, province in mapping["provinces"].items()})
        self.province_suffix = province_suffix.casefold()
        unknown = sorted(set(mapping["actors"].values()) - set(self.index.parent))
        if unknown:
            raise DataError(
                [Problem(NAME_MAPPING_FILE, None, "actors", f"maps to unknown actor_id(s): {', '.join(unknown)}")]
            )

    @property
    def actor_ids(self) -> set[str]:
        return set(self.index.parent)

    def actor(self, name: str) -> str | None:
        return self.mapped_actors.get(name.strip().casefold()) or self.index.find(name)

    def province(self, name: str) -> str | None:
        key = name.strip().casefold()
        if self.province_suffix:
            key = key.removesuffix(self.province_suffix)
        return self.provinces.get(key)


class Unmapped:
    """Collects the names an import could not map, with how many events use each and one example."""

    def __init__(self):
        self.rows = []

    def add(
        self, field: str, cells: pd.Series, event_ids: pd.Series, unmapped: set[str], in_list: bool = False
    ) -> None:
        """Record `unmapped` names of one column; in_list: the cells are "; "-separated lists of names."""
        if not unmapped:
            return
        per_cell = cells.value_counts()  # distinct cells only: cheap even for a million rows
        for name in sorted(unmapped):
            holding = [cell for cell in per_cell.index if name in (split_list(cell) if in_list else [cell])]
            first = cells.isin(holding).idxmax()
            self.rows.append(
                {
                    "field": field,
                    "name": name,
                    "events": int(per_cell[holding].sum()),
                    "example_event_id": str(event_ids[first]),
                }
            )

    def table(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=["field", "name", "events", "example_event_id"]).sort_values(
            ["events", "field", "name"], ascending=[False, True, True], ignore_index=True
        )


def by_distinct(values: pd.Series, function, dtype="string") -> pd.Series:
    """function applied once per distinct value (missing stays missing)."""
    codes, distinct = pd.factorize(values, use_na_sentinel=True)
    results = pd.array([function(value) for value in distinct] + [None], dtype=dtype)
    return pd.Series(results.take(codes), index=values.index)  # code -1 takes the trailing None


def map_values(values: pd.Series, lookup) -> tuple[pd.Series, set[str]]:
    """Map each distinct value once; returns the mapped values (missing where unmapped) and the unmapped names."""
    mapped = by_distinct(values, lookup)
    return mapped, set(values[mapped.isna() & values.notna()].unique())


def map_lists(values: pd.Series, lookup) -> tuple[pd.Series, set[str]]:
    """Map "; "-separated names (ACLED's assoc_actor_*) to "; "-separated ids, once per distinct cell."""
    unmapped = set()

    def ids_of(cell):
        ids = []
        for name in split_list(cell):
            actor = lookup(name)
            if actor is None:
                unmapped.add(name)
            elif actor not in ids:
                ids.append(actor)
        return f"{LIST_SEPARATOR} ".join(ids) or None

    return by_distinct(values, ids_of), unmapped


def map_provinces(
    admin1: pd.Series, country: pd.Series, event_ids: pd.Series, names: Names, unmapped: Unmapped
) -> pd.Series:
    """Afghan admin1 harmonised to the province vocabulary; empty elsewhere. Unknown Afghan names are reported."""
    afghan = country == "Afghanistan"
    province, missing = map_values(admin1.where(afghan), names.province)
    unmapped.add("admin1", admin1.where(afghan), event_ids, missing)
    return province


def join_lists(columns: list[pd.Series]) -> pd.Series:
    """Distinct ids of several list columns, in order, as one "; "-separated list per row.

    Rows are keyed by their combination of distinct cells, so the joining runs once per combination.
    """
    key = pd.Series(0, index=columns[0].index, dtype="int64")
    uniques = []
    for column in columns:
        codes, values = pd.factorize(column, use_na_sentinel=True)
        key = key * (len(values) + 1) + (codes + 1)
        uniques.append(values)
    joined = {}
    for combined in key.unique():
        cells, rest = [], int(combined)
        for values in reversed(uniques):
            rest, code = divmod(rest, len(values) + 1)
            cells.append(values[code - 1] if code else None)
        ids = []
        for cell in reversed(cells):
            ids += [part for part in split_list(cell) if part not in ids]
        joined[combined] = f"{LIST_SEPARATOR} ".join(ids) or pd.NA
    return key.map(joined).astype("string")


def list_lengths(values: pd.Series) -> pd.Series:
    return by_distinct(values, lambda cell: len(split_list(cell)), dtype="Int64")
