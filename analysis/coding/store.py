"""Write several files of a project (data folder and seeds) all or nothing, and only once the data with them loads.

The new files are first laid out in a scratch project beside links to the unchanged ones (no copy of
large imports) and loaded there, so a refused change leaves every file as it was.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..dataset import load
from ..storage import write_atomically


def validate_then_write(data_dir: Path, changes: dict[Path, bytes]) -> None:
    """Load the data as it would be with `changes` (paths in the data folder or a folder beside it -> content):
    DataError and nothing written if it does not validate; else write every change, each atomically, and put
    back those already written if one fails."""
    data_dir = Path(data_dir).resolve()
    changes = {Path(path).resolve(): content for path, content in changes.items()}
    with tempfile.TemporaryDirectory(prefix="analysis-check-") as scratch:
        load(_shadow(data_dir.parent, Path(scratch), changes) / data_dir.name)
    before = {path: path.read_bytes() if path.exists() else None for path in changes}
    written = []
    try:
        for path, content in changes.items():
            write_atomically(path, content)
            written.append(path)
    except BaseException:
        for path in written:
            if before[path] is None:
                path.unlink()
            else:
                write_atomically(path, before[path])
        raise


def _shadow(project: Path, scratch: Path, changes: dict[Path, bytes]) -> Path:
    """A scratch project: each folder holding a change rebuilt of links to its entries and the changed files; every
    other entry of the project linked whole."""
    folders = {path.parent for path in changes}
    if any(folder.parent != project for folder in folders):
        raise ValueError(f"changes must lie in folders directly inside {project}")
    for entry in project.iterdir():
        if entry not in folders:
            os.symlink(entry, scratch / entry.name)
    for folder in folders:
        mirror = scratch / folder.name
        mirror.mkdir()
        for entry in folder.iterdir() if folder.is_dir() else ():
            if entry not in changes:
                os.symlink(entry, mirror / entry.name)
        for path, content in changes.items():
            if path.parent == folder:
                (mirror / path.name).write_bytes(content)
    return scratch
