"""Files by content: hashes that recognise unchanged inputs, and writes that never leave half a file.

No pandas here, so the report builder can tell that nothing changed in a tenth of a second.
"""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path


def sha256_of(path: Path) -> str:
    with open(path, "rb") as f:  # in blocks: an import may be hundreds of megabytes
        return hashlib.file_digest(f, "sha256").hexdigest()


def hash_files(paths) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.name.encode() + b"\0" + sha256_of(path).encode() + b"\0")
    return digest.hexdigest()


def data_hash(data_dir: Path) -> str:
    """The data folder's files (imports included) and the seeds beside it: a changed seed changes the data.

    Hidden files (a half-written import's temporary file) are not data.
    """
    folders = (Path(data_dir), Path(data_dir).parent / "seeds")
    return hash_files(
        path
        for folder in folders
        if folder.is_dir()
        for path in folder.rglob("*")
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(folder).parts)
    )


def write_atomically(path: Path, content: str | bytes) -> None:
    """Write beside the target, then rename over it: readers see the old file or the new, never half.

    The temporary name is unique per process and thread, so concurrent writers never share one.
    """
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    temporary.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    os.replace(temporary, path)
