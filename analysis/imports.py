"""Import ACLED and UCDP GED exports as events in our terms: imports/NAME.parquet plus a manifest.

The exports are read as published, checked (every problem named by file, line and column), converted
by the rules in dictionary.yaml's `imports` convention, and written atomically. No row is dropped and
no name is guessed: names that name_mapping.json and actors.csv do not know are listed as unmapped.
String work (mapping, splitting) is done once per distinct value, so a million rows cost little more
than reading them.
"""

from __future__ import annotations

import hashlib
import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from .dataset import CODED, IMPORTS_FOLDER, dictionary_for
from .dictionary import Dictionary
from .files import hash_files, sha256_of, write_atomically
from .validation import LIST_SEPARATOR, MAX_PER_CHECK, DataError, Problem, line_of, read_table, split_list

NAME_MAPPING_FILE = "name_mapping.json"
ACLED_COLUMNS = (  # the current export, as published
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp")
ACLED_USED = ("event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type", "actor1",
              "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "country", "admin1", "location", "source", "notes",
              "fatalities")  # old exports (numeric inter codes, no disorder_type) have these too
UCDP_USED = ("id", "type_of_violence", "side_a", "side_b", "country", "adm_1", "where_description", "date_start",
             "date_end", "number_of_sources", "source_headline", "source_article", "low", "best", "high")
ONE_SIDED_VIOLENCE = "3"
MONTH_NAME_DATE = "%d %B %Y"  # ACLED's export tool writes 15 January 2024; its API writes 2024-01-15


@dataclass
class Imported:
    events: pd.DataFrame  # the dictionary's `events` table
    unmapped: pd.DataFrame  # field, name, events, example_event_id


class Names:
    """Dataset names -> our ids: name_mapping.json first, then actors.csv names and aliases (any case)."""

    def __init__(self, data_dir: Path, dictionary: Dictionary):
        mapping_file = Path(data_dir) / NAME_MAPPING_FILE  # optional: without it, actors.csv's names and aliases alone
        mapping = json.loads(mapping_file.read_text(encoding="utf-8")) if mapping_file.exists() else {"actors": {}, "provinces": {}}
        actors, problem = read_table(Path(data_dir) / "actors.csv", "actors.csv")
        if problem:
            raise DataError([problem])
        self.actor_ids = set(actors["actor_id"])
        self.actors = {}
        for row in actors.itertuples(index=False):
            for name in (row.actor_id, row.name, *split_list(row.aliases)):
                self.actors[str(name).casefold()] = row.actor_id
        self.actors.update({name.casefold(): actor for name, actor in mapping["actors"].items()})
        self.provinces = {name.casefold(): name for name in dictionary.vocabularies["province"]}
        self.provinces.update({name.casefold(): province for name, province in mapping["provinces"].items()})
        unknown = sorted(set(mapping["actors"].values()) - self.actor_ids)
        if unknown:
            raise DataError([Problem(NAME_MAPPING_FILE, None, "actors", f"maps to unknown actor_id(s): {', '.join(unknown)}")])

    def actor(self, name: str) -> str | None:
        return self.actors.get(name.strip().casefold())

    def province(self, name: str) -> str | None:
        """ACLED spells admin1 as our vocabulary does; UCDP adds ' province'."""
        key = name.strip().casefold().removesuffix(" province")
        return self.provinces.get(key)


class Unmapped:
    """Collects the names an import could not map, with how many events use each and one example."""

    def __init__(self):
        self.rows = []

    def add(self, field: str, cells: pd.Series, event_ids: pd.Series, unmapped: set[str], in_list: bool = False) -> None:
        """Record `unmapped` names of one column; in_list: the cells are "; "-separated lists of names."""
        if not unmapped:
            return
        per_cell = cells.value_counts()  # distinct cells only: cheap even for a million rows
        for name in sorted(unmapped):
            holding = [cell for cell in per_cell.index if name in (split_list(cell) if in_list else [cell])]
            first = cells.isin(holding).idxmax()
            self.rows.append({"field": field, "name": name, "events": int(per_cell[holding].sum()),
                              "example_event_id": str(event_ids[first])})

    def table(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=["field", "name", "events", "example_event_id"]).sort_values(
            ["events", "field", "name"], ascending=[False, True, True], ignore_index=True)


def by_distinct(values: pd.Series, function, dtype="string") -> pd.Series:
    """function applied once per distinct value (missing stays missing): a million rows hold few distinct names or dates."""
    codes, distinct = pd.factorize(values, use_na_sentinel=True)
    results = pd.array([function(value) for value in distinct] + [None], dtype=dtype)
    return pd.Series(results.take(codes), index=values.index)  # code -1 takes the trailing None


def _map_values(values: pd.Series, lookup) -> tuple[pd.Series, set[str]]:
    """Map each distinct value once; returns the mapped values (missing where unmapped) and the unmapped names."""
    mapped = by_distinct(values, lookup)
    return mapped, set(values[mapped.isna() & values.notna()].unique())


def _map_lists(values: pd.Series, lookup) -> tuple[pd.Series, set[str]]:
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


# --- reading and checking an export ----------------------------------------------------------------------


class Checks:
    """Problems in an export, by file, line and column; a few examples per kind, with how many there are."""

    def __init__(self, label: str):
        self.label, self.problems = label, []

    def rows(self, bad: pd.Series, column: str, message: str, values: pd.Series | None = None) -> None:
        bad = bad.fillna(False).astype(bool)
        indexes = bad.index[bad]
        for index in indexes[:MAX_PER_CHECK]:
            value = "" if values is None else f"{values[index]!r}: "
            self.problems.append(Problem(self.label, line_of(index), column, f"{value}{message}"))
        if len(indexes) > MAX_PER_CHECK:
            self.problems.append(Problem(self.label, None, column, f"{message}: {len(indexes) - MAX_PER_CHECK} more rows like these"))

    def raise_if_any(self) -> None:
        if self.problems:
            raise DataError(self.problems)


def read_export(path: Path, used: tuple[str, ...]) -> pd.DataFrame:
    """The export's columns we use, as text (empty cells missing); missing columns or a bad file raise DataError."""
    label = str(path)
    if not Path(path).is_file():
        raise DataError([Problem(label, None, None, "file not found")])
    try:
        header = pd.read_csv(path, nrows=0, encoding="utf-8").columns
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise DataError([Problem(label, 1, None, f"cannot read the header: {error}")]) from None
    missing = [column for column in used if column not in header]
    if missing:
        raise DataError([Problem(label, 1, column, "missing column") for column in missing])
    try:
        return pd.read_csv(path, usecols=list(used), dtype="string", keep_default_na=False, na_values=[""],
                           encoding="utf-8", engine="pyarrow")
    except Exception as error:  # pyarrow's parser raises its own types; name the file whatever went wrong
        raise DataError([Problem(label, None, None, f"not valid UTF-8 CSV: {error}")]) from None


def _acled_ranges(dates: pd.Series, precision: pd.Series) -> tuple[pd.Series, pd.Series]:
    """time_precision 1: the day; 2: the 7 days centred on it; 3: its calendar month (numpy, for speed)."""
    day = dates.to_numpy(dtype="datetime64[ns]")
    week, month = (precision == "2").to_numpy(dtype=bool, na_value=False), (precision == "3").to_numpy(dtype=bool, na_value=False)
    first = day.astype("datetime64[M]")
    last = (first + 1).astype("datetime64[D]") - 1
    three = np.timedelta64(3, "D")
    start = np.where(month, first.astype("datetime64[ns]"), np.where(week, day - three, day))
    end = np.where(month, last.astype("datetime64[ns]"), np.where(week, day + three, day))
    return pd.Series(start, index=dates.index), pd.Series(end, index=dates.index)


def _acled_dates(values: pd.Series) -> pd.Series:
    """Both of ACLED's date spellings, parsed once per distinct date (vectorised: scalar parsing is slow)."""
    codes, distinct = pd.factorize(values, use_na_sentinel=True)
    distinct = pd.Series(distinct, dtype=object)
    parsed = pd.to_datetime(distinct, format="%Y-%m-%d", errors="coerce")
    other = parsed.isna()
    parsed[other] = pd.to_datetime(distinct[other], format=MONTH_NAME_DATE, errors="coerce")
    taken = pd.concat([parsed, pd.Series([pd.NaT])], ignore_index=True).to_numpy()[codes]  # code -1: the NaT
    return pd.Series(taken, index=values.index, dtype="datetime64[ns]")


def _whole_numbers(values: pd.Series, column: str, checks: Checks, required: bool) -> pd.Series:
    try:
        numbers = values.astype("Int64")  # the fast path: every cell a whole number (pyarrow casts in C)
    except (ValueError, TypeError, ArithmeticError):  # pyarrow's ArrowInvalid is a ValueError
        numbers = pd.to_numeric(values, errors="coerce")
    bad = values.notna() & (numbers.isna() | (numbers < 0) | (numbers % 1 != 0))
    checks.rows(bad, column, "not a whole number >= 0", values)
    if required:
        checks.rows(values.isna(), column, "empty, but a value is required")
    return numbers.where(~bad).astype("Int64")


def _required(table: pd.DataFrame, columns, checks: Checks) -> None:
    for column in columns:
        checks.rows(table[column].isna(), column, "empty, but a value is required")


def _vocabulary(values: pd.Series, column: str, allowed, checks: Checks) -> pd.Series:
    checks.rows(values.notna() & ~values.isin(list(allowed)), column, "not a known value (see data/dictionary.yaml)", values)
    return values


# --- ACLED -------------------------------------------------------------------------------------------------


def acled_events(raw: pd.DataFrame, label: str, name: str, names: Names, dictionary: Dictionary) -> Imported:
    """An ACLED export's used columns (read_export) as events in our terms; problems name `label`."""
    checks = Checks(label)
    _required(raw, ("event_id_cnty", "event_date", "time_precision", "event_type", "actor1", "country"), checks)
    checks.rows(raw["event_id_cnty"].duplicated() & raw["event_id_cnty"].notna(), "event_id_cnty", "duplicate event id", raw["event_id_cnty"])
    dates = _acled_dates(raw["event_date"])
    checks.rows(dates.isna() & raw["event_date"].notna(), "event_date", "not a date (YYYY-MM-DD or 15 January 2024)", raw["event_date"])
    precision = raw["time_precision"]
    checks.rows(precision.notna() & ~precision.isin(["1", "2", "3"]), "time_precision", "not 1, 2 or 3", precision)
    fatalities = _whole_numbers(raw["fatalities"], "fatalities", checks, required=True)
    _vocabulary(raw["event_type"], "event_type", dictionary.vocabularies["event_type"], checks)
    _vocabulary(raw["sub_event_type"], "sub_event_type", dictionary.vocabularies["sub_event_type"], checks)
    codes = dictionary.vocabularies["acled_inter"]
    inter = by_distinct(raw["inter1"], lambda value: codes.get(value, value))  # old numeric codes spelled out
    checks.rows(by_distinct(raw["inter1"], lambda value: value.isdigit() and value not in codes, dtype="boolean"),
                "inter1", "unknown numeric inter code", raw["inter1"])
    checks.raise_if_any()

    start, end = _acled_ranges(dates, precision)
    unmapped = Unmapped()
    event_ids = raw["event_id_cnty"]
    perpetrator, missing = _map_values(raw["actor1"], names.actor)
    unmapped.add("actor1", raw["actor1"], event_ids, missing)
    parties = []
    for column in ("assoc_actor_1", "actor2", "assoc_actor_2"):
        ids, missing = _map_lists(raw[column], names.actor)
        unmapped.add(column, raw[column], event_ids, missing, in_list=True)
        parties.append(ids)
    province = _provinces(raw["admin1"], raw["country"], event_ids, names, unmapped)
    events = pd.DataFrame({
        "dataset": name,
        "event_id": event_ids,
        "date_start": start,
        "date_end": end,
        "date_precision": by_distinct(precision, {"1": "day", "2": "week", "3": "month"}.get),
        "country": raw["country"],
        "province": province,
        "admin1": raw["admin1"],
        "location": raw["location"],
        "perpetrator": perpetrator,
        "perpetrator_name": raw["actor1"],
        "perpetrator_type": inter,
        "actors": _join_lists([perpetrator, *parties]),
        "event_type": raw["event_type"],
        "sub_event_type": raw["sub_event_type"],
        "killed_low": fatalities,
        "killed_best": fatalities,
        "killed_high": pd.Series(pd.NA, index=raw.index, dtype="Int64"),
        "notes": raw["notes"],
        "sources": raw["source"],
        "n_sources": _list_lengths(raw["source"]),
    })
    return Imported(events, unmapped.table())


# --- UCDP GED ----------------------------------------------------------------------------------------------


def ucdp_events(raw: pd.DataFrame, label: str, name: str, names: Names, dictionary: Dictionary) -> Imported:
    """A UCDP GED export's used columns (read_export) as events in our terms; problems name `label`."""
    checks = Checks(label)
    _required(raw, ("id", "date_start", "date_end", "side_a", "side_b", "country", "type_of_violence", "best"), checks)
    checks.rows(raw["id"].duplicated() & raw["id"].notna(), "id", "duplicate event id", raw["id"])
    dates = {}
    for column in ("date_start", "date_end"):  # GED writes 2023-03-09 or 2023-03-09 00:00:00.000
        dates[column] = pd.to_datetime(raw[column], format="ISO8601", errors="coerce").dt.normalize()
        checks.rows(dates[column].isna() & raw[column].notna(), column, "not a date", raw[column])
    checks.rows(dates["date_end"] < dates["date_start"], "date_end", "earlier than date_start", raw["date_end"])
    killed = {column: _whole_numbers(raw[column], column, checks, required=column == "best") for column in ("low", "best", "high")}
    checks.rows((killed["low"] > killed["best"]) | (killed["best"] > killed["high"]), "best", "not between low and high", raw["best"])
    checks.rows(~raw["type_of_violence"].isin(["1", "2", "3"]) & raw["type_of_violence"].notna(), "type_of_violence", "not 1, 2 or 3", raw["type_of_violence"])
    sources = pd.to_numeric(raw["number_of_sources"], errors="coerce")
    checks.raise_if_any()

    unmapped = Unmapped()
    event_ids = raw["id"]
    sides = {}
    for column in ("side_a", "side_b"):
        sides[column], missing = _map_values(raw[column], names.actor)
        unmapped.add(column, raw[column], event_ids, missing)
    one_sided = raw["type_of_violence"] == ONE_SIDED_VIOLENCE
    events = pd.DataFrame({
        "dataset": name,
        "event_id": event_ids,
        "date_start": dates["date_start"],
        "date_end": dates["date_end"],
        "date_precision": precision_of(dates["date_start"], dates["date_end"]),
        "country": raw["country"],
        "province": _provinces(raw["adm_1"], raw["country"], event_ids, names, unmapped),
        "admin1": raw["adm_1"],
        "location": raw["where_description"],
        "perpetrator": sides["side_a"].where(one_sided),
        "perpetrator_name": raw["side_a"].where(one_sided),
        "perpetrator_type": pd.Series(pd.NA, index=raw.index, dtype="string"),
        "actors": _join_lists([sides["side_a"], sides["side_b"]]),
        "event_type": pd.Series(pd.NA, index=raw.index, dtype="string"),
        "sub_event_type": pd.Series(pd.NA, index=raw.index, dtype="string"),
        "killed_low": killed["low"],
        "killed_best": killed["best"],
        "killed_high": killed["high"],
        "notes": raw["source_headline"],
        "sources": raw["source_article"],
        "n_sources": sources.where(sources >= 0).astype("Int64"),  # GED writes -1 for unknown
    })
    return Imported(events, unmapped.table())


def precision_of(start: pd.Series, end: pd.Series) -> pd.Series:
    """The dictionary's date_precision for a range: day, week, month, year, else range."""
    days = (end - start).dt.days
    month = (start.dt.day == 1) & (end == start + pd.offsets.MonthEnd(0))
    year = (start.dt.month == 1) & (start.dt.day == 1) & (end.dt.year == start.dt.year)
    return pd.Series("range", index=start.index).mask(year, "year").mask(month, "month").mask(days <= 6, "week").mask(days == 0, "day")


# --- shared steps --------------------------------------------------------------------------------------------


def _provinces(admin1: pd.Series, country: pd.Series, event_ids: pd.Series, names: Names, unmapped: Unmapped) -> pd.Series:
    """Afghan admin1 harmonised to the province vocabulary; empty elsewhere. Unknown Afghan names are reported."""
    afghan = country == "Afghanistan"
    province, missing = _map_values(admin1.where(afghan), names.province)
    unmapped.add("admin1", admin1.where(afghan), event_ids, missing)
    return province


def _join_lists(columns: list[pd.Series]) -> pd.Series:
    """Distinct ids of several list columns, in order, as one "; "-separated list per row.

    Rows are keyed by their combination of distinct cells, so the joining runs once per combination.
    """
    key = pd.Series(0, index=columns[0].index, dtype="int64")
    uniques = []
    for column in columns:
        codes, values = pd.factorize(column, use_na_sentinel=True)
        key = key * (len(values) + 1) + (codes + 1)
        uniques.append(values)
    distinct_keys = key.unique()
    joined = {}
    for combined in distinct_keys:
        cells, rest = [], int(combined)
        for values in reversed(uniques):
            rest, code = divmod(rest, len(values) + 1)
            cells.append(values[code - 1] if code else None)
        ids = []
        for cell in reversed(cells):
            ids += [part for part in split_list(cell) if part not in ids]
        joined[combined] = f"{LIST_SEPARATOR} ".join(ids) or pd.NA
    return key.map(joined).astype("string")


def _list_lengths(values: pd.Series) -> pd.Series:
    return by_distinct(values, lambda cell: len(split_list(cell)), dtype="Int64")


# --- writing -----------------------------------------------------------------------------------------------


FORMATS = {"acled": (ACLED_USED, acled_events), "ucdp": (UCDP_USED, ucdp_events)}  # columns read, conversion


def import_export(fmt: str, path: Path, data_dir: Path, name: str | None = None, force: bool = False) -> tuple[Path, dict]:
    """Import an export into data_dir/imports/NAME.parquet (+ NAME.yaml); returns the manifest.

    An export already imported with the same bytes, mapping and importer is not read again.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: one of {', '.join(FORMATS)}")
    path, data_dir = Path(path), Path(data_dir)
    name = name or path.stem
    if not name.replace("_", "").replace("-", "").isalnum() or name == CODED:
        raise ValueError(f"import name {name!r}: use letters, digits, - and _ only, and not {CODED!r} (the articles' own)")
    folder = data_dir / IMPORTS_FOLDER
    parquet, manifest_path = folder / f"{name}.parquet", folder / f"{name}.yaml"
    if not path.is_file():
        raise DataError([Problem(str(path), None, None, "file not found")])
    mapping = hash_files(p for p in (data_dir / NAME_MAPPING_FILE, data_dir / "actors.csv", Path(__file__)) if p.exists())
    previous, export_sha256 = read_manifest(manifest_path), None
    if not force and parquet.is_file() and previous.get("inputs"):
        export_sha256 = sha256_of(path)
        if previous["inputs"] == f"{export_sha256}:{mapping}" and sha256_of(parquet) == previous.get("sha256"):
            return manifest_path, previous
    used, convert = FORMATS[fmt]
    raw = read_export(path, used)
    with ThreadPoolExecutor(max_workers=1) as pool:
        # hashlib releases the GIL, so a new export's hash (hundreds of megabytes) is computed while its
        # rows are checked and mapped, on the other core
        hashing = pool.submit(sha256_of, path) if export_sha256 is None else None
        dictionary = dictionary_for(data_dir)
        imported = convert(raw, str(path), name, Names(data_dir, dictionary), dictionary)
        export_sha256 = export_sha256 or hashing.result()
    inputs = f"{export_sha256}:{mapping}"
    # Vocabulary columns are stored as categoricals (their values kept as they are: load() checks them), so
    # loading a million events reads a dozen distinct values, not a million strings.
    categories = {column.name: "category" for column in dictionary.imported["events"].columns if column.type == "category"}
    table = imported.events.astype(categories).to_parquet(None, index=False, compression="lz4")  # lz4: the fastest to write
    manifest = {
        "name": name,
        "format": fmt,
        "export": _relative(path, data_dir.resolve().parent),
        "export_sha256": export_sha256,
        "events": len(imported.events),
        "sha256": hashlib.sha256(table).hexdigest(),
        "inputs": inputs,
        "unmapped": imported.unmapped.to_dict("records"),
    }
    folder.mkdir(parents=True, exist_ok=True)
    write_atomically(parquet, table)
    write_atomically(manifest_path, yaml.safe_dump(manifest, sort_keys=False, allow_unicode=True))
    return manifest_path, manifest


def _relative(path: Path, project: Path) -> str:
    """The export's path relative to the project when inside it, so a clone elsewhere still finds it."""
    path = path.resolve()
    return str(path.relative_to(project)) if path.is_relative_to(project) else str(path)


def read_manifest(path: Path) -> dict:
    try:
        manifest = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return {}
    return manifest if isinstance(manifest, dict) else {}


def unmapped_report(manifest: dict) -> str:
    """The names an import left unmapped, for people: what to add to name_mapping.json."""
    rows = manifest.get("unmapped") or []
    if not rows:
        return f"{manifest['name']}: every actor and province name was mapped"
    lines = [f"{manifest['name']}: {len(rows)} name(s) not mapped (their events are kept, with perpetrator/province empty); "
             f"add them to data/{NAME_MAPPING_FILE} if they name one of our actors or provinces:"]
    lines += [f"  {row['field']}: {row['name']!r} in {row['events']} event(s), e.g. {row['example_event_id']}" for row in rows]
    return "\n".join(lines)
