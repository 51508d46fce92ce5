"""What a report depends on, as hashes: an unchanged fingerprint means an unchanged report."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..paths import DICTIONARY_PARTS, dictionary_file
from ..storage import data_hash, hash_files
from .config import ReportSpec

PACKAGE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_FILES = (".py", ".j2", ".json", ".yaml")  # code, templates and the codebooks kept beside it


def data_version(data_dir: Path) -> str:
    """A short content hash of the data folder, the seeds beside it, and any part of the data dictionary it borrows
    from the project's data/ (a folder without its own dictionary.yaml); the package's parts are in package_version."""
    borrowed = [
        path
        for path in (dictionary_file(data_dir, part).resolve() for part in DICTIONARY_PARTS)
        if not path.is_relative_to(Path(data_dir).resolve()) and not path.is_relative_to(PACKAGE_DIR)
    ]
    digest = data_hash(data_dir)
    if borrowed:
        digest = hashlib.sha256((digest + hash_files(borrowed)).encode()).hexdigest()
    return digest[:12]


def package_version() -> str:
    """A content hash of the package's code, templates and codebooks: a change rebuilds every report."""
    return hash_files(p for p in PACKAGE_DIR.rglob("*") if p.is_file() and p.suffix in PACKAGE_FILES)[:12]


def fingerprint(spec: ReportSpec, notebook: Path, data: str, package: str, show_code: bool) -> str:
    inputs = {
        "notebook": hash_files([notebook]) if notebook.is_file() else "missing",
        "parameters": spec.parameters,
        "title": spec.title,
        "data": data,
        "package": package,
        "show_code": show_code,
    }
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()[:16]
