"""Content hashes: the same bytes give the same hash, so unchanged inputs are recognised without parsing them.

No pandas here, so the report builder can tell that nothing changed in a tenth of a second.
"""

from __future__ import annotations

import hashlib
from pathlib import Path


def hash_files(paths) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.name.encode() + b"\0")
        with open(path, "rb") as f:  # in blocks: an import may be hundreds of megabytes
            digest.update(hashlib.file_digest(f, "sha256").digest())
    return digest.hexdigest()


def data_content(data_dir: Path) -> str:
    """The data folder's files (imports included) and the seeds beside it: a changed seed changes the data.

    Hidden files (a half-written import's temporary file) are not data.
    """
    folders = (Path(data_dir), Path(data_dir).parent / "seeds")
    return hash_files(path for folder in folders if folder.is_dir() for path in folder.rglob("*")
                      if path.is_file() and not any(part.startswith(".") for part in path.relative_to(folder).parts))
