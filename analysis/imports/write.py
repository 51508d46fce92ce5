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
from .formats import ACLED, UCDP
from .manifest import read_manifest
from .names import Names
from .ucdp import ucdp_events

FORMATS = {"acled": (ACLED, acled_events), "ucdp": (UCDP, ucdp_events)}  # codebook, conversion
CONVERTERS = [Path(__file__).parent / name for name in ("acled.py", "ucdp.py", "names.py", "read.py", "formats.yaml")]


def import_export(
    fmt: str, path: Path, data_dir: Path, name: str | None = None, force: bool = False
) -> tuple[Path, dict]:
    """Import an export into data_dir/imports/NAME.parquet (+ NAME.yaml); returns (manifest path, manifest).

    An export already imported with the same bytes, mapping and importer is not read again.
    """
    if fmt not in FORMATS:
        raise ChoiceError("export format", fmt, FORMATS)
    path, data_dir = Path(path), Path(data_dir)
    name = name or path.stem
    if not name.replace("_", "").replace("-", "").isalnum() or name == CODED:
        raise InputError(
            f"import name {name!r}: use letters, digits, - and _ only, and not {CODED!r} (the articles' own)"
        )
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
    folder.mkdir(parents=True, exist_ok=True)
    write_atomically(parquet, table)
    write_atomically(manifest_path, yaml.safe_dump(manifest, sort_keys=False, allow_unicode=True))
    return manifest_path, manifest


def _relative(path: Path, project: Path) -> str:
    """The export's path relative to the project when inside it, so a clone elsewhere still finds it."""
    path = path.resolve()
    return str(path.relative_to(project)) if path.is_relative_to(project) else str(path)
