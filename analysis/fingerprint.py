"""Content hashes: the same bytes give the same hash, so unchanged inputs are recognised without parsing them.

No pandas here, so the report builder can tell that nothing changed in a tenth of a second.
"""

from __future__ import annotations

import hashlib
from pathlib import Path


def hash_files(paths) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def data_content(data_dir: Path) -> str:
    """The data folder's files and the seeds beside it: a changed seed is a change to the data."""
    folders = (Path(data_dir), Path(data_dir).parent / "seeds")
    return hash_files(path for folder in folders if folder.is_dir() for path in folder.iterdir() if path.is_file())
