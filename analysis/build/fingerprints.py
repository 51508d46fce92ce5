"""What a report depends on, as hashes: an unchanged fingerprint means an unchanged report."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..files import data_hash, hash_files
from .config import ReportSpec

PACKAGE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_FILES = (".py", ".j2", ".json", ".yaml")  # code, templates and the codebooks kept beside it


def data_version(data_dir: Path) -> str:
    """A short content hash of the data folder and the seeds beside it."""
    return data_hash(data_dir)[:12]


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
