"""Import an export: read, convert, and write imports/NAME.parquet and its manifest, atomically."""

from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

from ..dictionary import Dictionary
from ..errors import ChoiceError, DataError, InputError, Problem
from ..paths import CODED, IMPORTS_FOLDER, NAME_MAPPING_FILE
from ..storage import hash_files, sha256_of, write_atomically
from .acled import acled_events
from .exports import read_export
from .formats import ACLED, CODEBOOKS, UCDP
from .machine_coded import Speakers, country_of, era_of, machine_statements
from .manifest import manifest_text, read_manifest
from .names import Names
from .tabbed import read_tabbed
from .ucdp import ucdp_events
from .update import (
    Changes,
    Stored,
    decisions_on,
    latest_timestamp,
    read_deletions,
    reconcile,
    refuse_older,
    withdrawals,
)

FORMATS = {"acled": (ACLED, acled_events), "ucdp": (UCDP, ucdp_events)}  # codebook, conversion
FORMATS_WITH = {True: "acled", False: "ucdp"}  # the format a deletions file (True) or a candidate release is for
STATEMENT_FORMATS = ("polecat", "icews")  # machine-coded statements: several files, filtered while read
CONVERTERS = [
    Path(__file__).parent / name
    for name in (
        "acled.py",
        "ucdp.py",
        "names.py",
        "exports.py",
        "update.py",
        "tabbed.py",
        "machine_coded.py",
        "formats.yaml",
    )
]


def import_export(
    fmt: str,
    path: Path,
    data_dir: Path,
    name: str | None = None,
    force: bool = False,
    update: bool = False,
    deleted: Path | None = None,
    drop_missing: bool = False,
    candidate: bool = False,
) -> tuple[Path, dict]:
    """Import an export into data_dir/imports/NAME.parquet (+ NAME.yaml); returns (manifest path, manifest).

    An export already imported with the same bytes, mapping and importer is not read again. Without `update`
    the export replaces the import whole; with it, the export is reconciled with the import (update.py):
    new events added, re-coded ones replaced, those in the `deleted` file (ACLED's deleted events) or, with
    drop_missing, those the export lacks removed. `candidate`: a UCDP candidate release, whose events never
    replace final ones. Each import's changes go to the manifest's changelog.
    """
    if fmt not in FORMATS:
        raise ChoiceError("export format", fmt, [*FORMATS, *STATEMENT_FORMATS])
    path, data_dir = Path(path), Path(data_dir)
    name = _checked_name(name or path.stem)
    if (deleted or candidate) and fmt != FORMATS_WITH[bool(deleted)]:
        raise InputError(f"{'--deleted' if deleted else '--candidate'} is for {FORMATS_WITH[bool(deleted)]} exports")
    folder = data_dir / IMPORTS_FOLDER
    parquet, manifest_path = folder / f"{name}.parquet", folder / f"{name}.yaml"
    if not path.is_file():
        raise DataError([Problem(str(path), None, None, "file not found")])
    mapping = hash_files(p for p in (data_dir / NAME_MAPPING_FILE, data_dir / "actors.csv", *CONVERTERS) if p.exists())
    previous, export_sha256 = read_manifest(manifest_path), None
    deleted_sha256 = sha256_of(deleted) if deleted and Path(deleted).is_file() else None
    if not force and parquet.is_file() and previous.get("inputs"):
        export_sha256 = sha256_of(path)
        if previous["inputs"] == _inputs(export_sha256, mapping, deleted_sha256) and sha256_of(parquet) == previous.get(
            "sha256"
        ):
            return manifest_path, previous
    if update and not parquet.is_file():
        raise InputError(f"--update: there is no import {name!r} in {folder} to update; import it first without it")
    codebook, convert = FORMATS[fmt]
    with ThreadPoolExecutor(max_workers=2) as pool:
        # hashlib and Arrow's parquet reader release the GIL, so a new export's hash (hundreds of megabytes) and
        # the current import (read for an update) come in on the other core while the export is read and mapped
        hashing = pool.submit(sha256_of, path) if export_sha256 is None else None
        reading = pool.submit(Stored.read, parquet) if parquet.is_file() and previous else None
        raw = read_export(path, codebook["used"], [codebook["timestamp"]] if "timestamp" in codebook else ())
        deletions = read_deletions(Path(deleted)) if deleted else None
        latest, stamps = latest_timestamp(raw, str(path)) if "timestamp" in codebook else (None, None)
        if not force:
            refuse_older(str(path), latest, previous.get("latest_timestamp"))
        dictionary = Dictionary.for_data(data_dir)
        names = Names(data_dir, dictionary, codebook.get("province_suffix", ""))
        events, unmapped = convert(raw, str(path), name, names, dictionary)
        old = reading.result() if reading else None
        export_sha256 = export_sha256 or hashing.result()
    candidates = set(previous.get("candidates") or ())
    in_export = set(events["event_id"]) if candidate or candidates else set()
    withdrawn = withdrawals(deletions, stamps, events["event_id"]) if deletions is not None else None
    if old is None and withdrawn is None:
        changes = Changes(added=events["event_id"].tolist())
    else:
        current = old if old is not None else Stored.read(None)  # a first import may come with deletions too
        final = set(current.ids.to_pylist()) - candidates if candidate else set()
        unchanged = _unchanged(stamps, previous, mapping) if not force else None
        events, changes = reconcile(current, events, update, drop_missing, final, unchanged, withdrawn)
    if candidate:  # UCDP: which events are still candidates, to be replaced by their final version
        candidates |= in_export - set(changes.kept_final)
    else:
        candidates -= in_export
    candidates -= set(changes.deleted)
    # Vocabulary columns are stored as categoricals (their values kept as they are: load() checks them), so
    # loading a million events reads a dozen distinct values, not a million strings.
    categories = {
        column.name: "category" for column in dictionary.imported["events"].columns if column.type == "category"
    }
    table = events.astype(categories).to_parquet(None, index=False, compression="lz4")  # lz4: the fastest to write
    export = _relative(path, data_dir.resolve().parent)
    entry = {
        "export": export,
        "export_sha256": export_sha256,
        "imported_on": datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
        "how": "update" if update else "whole",
    }
    if fmt == "ucdp":
        entry["release"] = "candidate" if candidate else "final"
    if deleted:
        entry |= {"deletions": _relative(Path(deleted), data_dir.resolve().parent), "deletions_sha256": deleted_sha256}
    if old is None:
        entry["added"] = len(changes.added)  # the first import: a count, not a million ids
    else:
        entry |= {"added": changes.added, "updated": changes.updated, "deleted": changes.deleted}
    if deleted:
        entry["withdrawn"] = changes.withdrawn
    if changes.unknown_deletions:
        entry["unknown_deletions"] = changes.unknown_deletions
    if changes.kept_final:
        entry["kept_final"] = changes.kept_final
    entry["decisions_on_deleted"] = decisions_on(data_dir, dictionary, name, changes.deleted)
    manifest = {
        "name": name,
        "format": fmt,
        "export": export,
        "export_sha256": export_sha256,
        "events": len(events),
        "sha256": hashlib.sha256(table).hexdigest(),
        "inputs": _inputs(export_sha256, mapping, deleted_sha256),
        "mapping_sha256": mapping,
        "unmapped": unmapped.to_dict("records"),
    }
    if latest is not None or previous.get("latest_timestamp") is not None:
        manifest["latest_timestamp"] = max(x for x in (latest, previous.get("latest_timestamp")) if x is not None)
    if candidates:
        manifest["candidates"] = sorted(candidates)
    manifest["changelog"] = [*(previous.get("changelog") or []), entry]
    _write(folder, parquet, table, manifest_path, manifest)
    return manifest_path, manifest


def import_statements(
    fmt: str,
    paths: list[Path],
    data_dir: Path,
    name: str,
    countries: list[str] | None = None,
    actors: list[str] | None = None,
    force: bool = False,
) -> tuple[Path, dict]:
    """Import POLECAT or ICEWS files (several, zipped or not) into data_dir/imports/NAME.parquet (+ NAME.yaml).

    countries (speaker's or target's, any spelling of formats.yaml) and actors (speaker or target, with
    their branches) filter the lines as they are read. The same files, filters and importer: nothing is read.
    """
    if fmt not in STATEMENT_FORMATS:
        raise ChoiceError("statement data format", fmt, STATEMENT_FORMATS)
    paths, data_dir, name = [Path(p) for p in paths], Path(data_dir), _checked_name(name)
    folder = data_dir / IMPORTS_FOLDER
    parquet, manifest_path = folder / f"{name}.parquet", folder / f"{name}.yaml"
    for path in paths:
        if not path.is_file():
            raise DataError([Problem(str(path), None, None, "file not found")])
    wanted = sorted({_country(c) for c in countries or []})
    dictionary = Dictionary.for_data(data_dir)
    names = Names(data_dir, dictionary)
    chosen = sorted(names.index.within(actors)) if actors else []
    mapping = hash_files(p for p in (data_dir / NAME_MAPPING_FILE, data_dir / "actors.csv", *CONVERTERS) if p.exists())
    shas = [sha256_of(path) for path in paths]
    inputs = f"{':'.join(shas)}:{mapping}:{','.join(wanted)}:{','.join(chosen)}"
    previous = read_manifest(manifest_path)
    if (
        not force
        and parquet.is_file()
        and previous.get("inputs") == inputs
        and sha256_of(parquet) == previous["sha256"]
    ):
        return manifest_path, previous
    read = read_tabbed(paths, fmt, _filter(fmt, wanted, set(chosen), names))
    statements, counts, unmapped = machine_statements(read, fmt, name, names)
    categories = {
        column.name: "category" for column in dictionary.imported["statements"].columns if column.type == "category"
    }
    table = statements.astype(categories).to_parquet(None, index=False, compression="lz4")
    project = data_dir.resolve().parent
    manifest = {
        "name": name,
        "format": fmt,
        "table": "statements",
        "export": [_relative(path, project) for path in paths],
        "export_sha256": shas,
        "filters": {"countries": wanted, "actors": chosen},
        **counts,
        "sha256": hashlib.sha256(table).hexdigest(),
        "inputs": inputs,
        "unmapped": unmapped.to_dict("records"),
    }
    _write(folder, parquet, table, manifest_path, manifest)
    return manifest_path, manifest


def _filter(fmt: str, countries: list[str], actors: set[str], names: Names):
    """keep(row) for read_tabbed: the speaker's or target's country, and the speaker or target, as asked."""
    if not countries and not actors:
        return None
    speakers, found = Speakers(names, fmt), {}

    def actor(row, side):
        key = (row[f"{side}_name"], row[f"{side}_country"], row.get(f"{side}_sectors"), era_of(row["date"]))
        if key not in found:
            found[key] = speakers.actor(*key)
        return found[key]

    def keep(row) -> bool:
        if countries and not (
            country_of(row["speaker_country"]) in countries or country_of(row["target_country"]) in countries
        ):
            return False
        return not actors or actor(row, "speaker") in actors or actor(row, "target") in actors

    return keep


def _country(spelling: str) -> str:
    country = country_of(spelling)
    if country is None:
        raise ChoiceError("country", spelling, sorted(CODEBOOKS["statement_countries"]))
    return country


def _checked_name(name: str) -> str:
    if not name.replace("_", "").replace("-", "").isalnum() or name == CODED:
        raise InputError(
            f"import name {name!r}: use letters, digits, - and _ only, and not {CODED!r} (the articles' own)"
        )
    return name


def _write(folder: Path, parquet: Path, table: bytes, manifest_path: Path, manifest: dict) -> None:
    """The parquet, then its manifest, each atomically: a reader sees the old pair or the new one's parquet
    with a manifest whose hash does not match it (load() then says to re-run the import), never a torn file."""
    folder.mkdir(parents=True, exist_ok=True)
    write_atomically(parquet, table)
    write_atomically(manifest_path, manifest_text(manifest))


def _unchanged(stamps, previous: dict, mapping: str):
    """Per exported event, whether ACLED says it has not changed since the current import: its `timestamp` no later
    than the import's latest, with the same mapping and importer. Those are not compared row by row (a million
    events' comparison is most of an update's time); None (compare all) when either side lacks what it takes."""
    latest = previous.get("latest_timestamp")
    if stamps is None or latest is None or previous.get("mapping_sha256") != mapping:
        return None
    return stamps <= latest


def _inputs(*hashes) -> str:
    """What an import was made from (the export, the mapping and importer, the deletions file if any)."""
    return ":".join(filter(None, hashes))


def _relative(path: Path, project: Path) -> str:
    """The export's path relative to the project when inside it, so a clone elsewhere still finds it."""
    path = path.resolve()
    return str(path.relative_to(project)) if path.is_relative_to(project) else str(path)
