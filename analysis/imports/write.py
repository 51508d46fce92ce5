"""Import an export: read, convert, and write imports/NAME.parquet and its manifest, atomically."""

from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml

from ..dictionary import Dictionary
from ..errors import ChoiceError, DataError, InputError, Problem
from ..paths import CODED, IMPORTS_FOLDER, NAME_MAPPING_FILE
from ..storage import hash_files, sha256_of, write_atomically
from .acled import acled_events
from .exports import read_export
from .formats import ACLED, CODEBOOKS, UCDP
from .machine_coded import Speakers, country_of, era_of, machine_statements
from .manifest import read_manifest
from .names import Names
from .tabbed import read_tabbed
from .ucdp import ucdp_events

FORMATS = {"acled": (ACLED, acled_events), "ucdp": (UCDP, ucdp_events)}  # codebook, conversion
STATEMENT_FORMATS = ("polecat", "icews")  # machine-coded statements: several files, filtered while read
CONVERTERS = [
    Path(__file__).parent / name
    for name in ("acled.py", "ucdp.py", "names.py", "exports.py", "tabbed.py", "machine_coded.py", "formats.yaml")
]


def import_export(
    fmt: str, path: Path, data_dir: Path, name: str | None = None, force: bool = False
) -> tuple[Path, dict]:
    """Import an export into data_dir/imports/NAME.parquet (+ NAME.yaml); returns (manifest path, manifest).

    An export already imported with the same bytes, mapping and importer is not read again.
    """
    if fmt not in FORMATS:
        raise ChoiceError("export format", fmt, [*FORMATS, *STATEMENT_FORMATS])
    path, data_dir = Path(path), Path(data_dir)
    name = _checked_name(name or path.stem)
    folder = data_dir / IMPORTS_FOLDER
    parquet, manifest_path = folder / f"{name}.parquet", folder / f"{name}.yaml"
    if not path.is_file():
        raise DataError([Problem(str(path), None, None, "file not found")])
    mapping = hash_files(p for p in (data_dir / NAME_MAPPING_FILE, data_dir / "actors.csv", *CONVERTERS) if p.exists())
    previous, export_sha256 = read_manifest(manifest_path), None
    if not force and parquet.is_file() and previous.get("inputs"):
        export_sha256 = sha256_of(path)
        if previous["inputs"] == f"{export_sha256}:{mapping}" and sha256_of(parquet) == previous.get("sha256"):
            return manifest_path, previous
    codebook, convert = FORMATS[fmt]
    raw = read_export(path, codebook["used"])
    with ThreadPoolExecutor(max_workers=1) as pool:
        # hashlib releases the GIL, so a new export's hash (hundreds of megabytes) is computed while its
        # rows are checked and mapped, on the other core
        hashing = pool.submit(sha256_of, path) if export_sha256 is None else None
        dictionary = Dictionary.for_data(data_dir)
        names = Names(data_dir, dictionary, codebook.get("province_suffix", ""))
        events, unmapped = convert(raw, str(path), name, names, dictionary)
        export_sha256 = export_sha256 or hashing.result()
    # Vocabulary columns are stored as categoricals (their values kept as they are: load() checks them), so
    # loading a million events reads a dozen distinct values, not a million strings.
    categories = {
        column.name: "category" for column in dictionary.imported["events"].columns if column.type == "category"
    }
    table = events.astype(categories).to_parquet(None, index=False, compression="lz4")  # lz4: the fastest to write
    manifest = {
        "name": name,
        "format": fmt,
        "export": _relative(path, data_dir.resolve().parent),
        "export_sha256": export_sha256,
        "events": len(events),
        "sha256": hashlib.sha256(table).hexdigest(),
        "inputs": f"{export_sha256}:{mapping}",
        "unmapped": unmapped.to_dict("records"),
    }
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
    write_atomically(manifest_path, yaml.safe_dump(manifest, sort_keys=False, allow_unicode=True))


def _relative(path: Path, project: Path) -> str:
    """The export's path relative to the project when inside it, so a clone elsewhere still finds it."""
    path = path.resolve()
    return str(path.relative_to(project)) if path.is_relative_to(project) else str(path)
