"""The build history: what each build showed, kept under reports/history/BUILD/ for the last N builds.

A build that builds something records there every row of the coded tables (history.yaml) by id, with a hash of
its cells and a line describing it (rows.parquet); each import's SHA-256 and changelog length; each report's
figures and listed rows, as its notebook's reader tables handed them over from the views
(reader_tables.Recorded), with the data version (build.json); and an archived copy of each report's HTML. The
folder is written under a hidden name and renamed into place, so an interrupted build leaves no half record;
the oldest builds beyond `keep` go first.
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

import yaml

from ..storage import write_atomically

SETTINGS = yaml.safe_load(Path(__file__).with_name("history.yaml").read_text(encoding="utf-8"))
ROWS_FILE, BUILD_FILE = "rows.parquet", "build.json"
BACK_TO_INDEX = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0; '
    'url=../../index.html"><title>Reports</title></head><body><a href="../../index.html">Reports</a></body></html>'
)
SEPARATOR = " · "


def history_dir(out_dir: Path) -> Path:
    return Path(out_dir) / SETTINGS["folder"]


def data_rows(ds):
    """Every row of the compared tables (a DataFrame): table, id, hash of its own cells, and a line describing it."""
    import pandas as pd  # here: the index reads the history on every build, which needs no pandas

    parts = []
    for table, spec in SETTINGS["tables"].items():
        frame = getattr(ds, table)
        if frame.empty:
            continue
        own = frame.drop(columns=[c for c in SETTINGS["derived"] if c in frame.columns])
        parts.append(
            pd.DataFrame(
                {
                    "table": table,
                    "id": _joined(frame, spec["id"]),
                    "hash": pd.util.hash_pandas_object(own, index=False).to_numpy(),
                    "line": _joined(frame, spec["line"]) if spec["line"] else "",
                }
            )
        )
    columns = {"table": "string", "id": "string", "hash": "uint64", "line": "string"}
    return pd.concat(parts, ignore_index=True).astype(columns) if parts else pd.DataFrame(columns=list(columns))


def _joined(frame, columns: list[str]):
    """The columns' values as text, SEPARATOR-joined, empty cells left out (dates as YYYY-MM-DD); vectorised, as
    the imported tables may hold millions of rows."""
    import numpy as np
    import pandas as pd

    joined = None
    for column in columns:
        values = frame[column]
        if pd.api.types.is_datetime64_any_dtype(values):
            values = values.dt.strftime("%Y-%m-%d")
        values = values.astype("string").fillna("").to_numpy(dtype=object)
        if joined is None:
            joined = values
        else:
            between = np.where((joined != "") & (values != ""), SEPARATOR, "")
            joined = joined + between + values
    return joined


def builds(out_dir: Path) -> list[dict]:
    """The recorded builds, oldest first, each its build.json (with `folder`: where its files are)."""
    found = []
    for folder in sorted(history_dir(out_dir).glob("[0-9]*")):
        try:
            record = json.loads((folder / BUILD_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        found.append({**record, "folder": str(folder)})
    return found


def rows_of(build: dict):
    import pandas as pd

    return pd.read_parquet(Path(build["folder"]) / ROWS_FILE)


def record_build(
    out_dir: Path, data_version: str, data_dir: Path, imports: dict, rows, reports: dict, summary: str, keep: int
) -> dict:
    """Write one build's record and archived HTML, then prune to the last `keep` builds; returns the record.

    reports: name -> {title, parameters, built_at, record}; a report this build skipped keeps its last record.
    """
    history = history_dir(out_dir)
    history.mkdir(parents=True, exist_ok=True)
    when = datetime.now(UTC)
    build_id = when.strftime("%Y%m%dT%H%M%S%fZ")
    record = {
        "build": build_id,
        "built_at": when.strftime("%Y-%m-%d %H:%M:%S UTC"),
        "data_version": data_version,
        "data_dir": str(data_dir),
        "summary": summary,
        "imports": imports,
        "reports": reports,
    }
    work = history / f".{build_id}.partial"
    work.mkdir()
    try:
        rows.to_parquet(work / ROWS_FILE, index=False)
        for name in reports:
            _archive(Path(out_dir) / f"{name}.html", work / f"{name}.html")
        write_atomically(work / "index.html", BACK_TO_INDEX)  # an archived page's link to index.html leads back
        write_atomically(work / BUILD_FILE, json.dumps(record, indent=1, ensure_ascii=False))
        os.replace(work, history / build_id)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    prune(out_dir, keep)
    return {**record, "folder": str(history / build_id)}


def _archive(page: Path, copy: Path) -> None:
    """A hard link where the file system allows (a later build replaces the page by a rename, never in place)."""
    if not page.is_file():
        return
    try:
        os.link(page, copy)
    except OSError:
        shutil.copyfile(page, copy)


def prune(out_dir: Path, keep: int) -> list[str]:
    """Remove the oldest builds beyond `keep` (and partial ones an interrupted build left); returns those removed."""
    history = history_dir(out_dir)
    for partial in history.glob(".*.partial"):
        shutil.rmtree(partial, ignore_errors=True)
    folders = sorted(p for p in history.glob("[0-9]*") if p.is_dir())
    removed = folders[: max(0, len(folders) - keep)]
    for folder in removed:
        shutil.rmtree(folder)
    return [folder.name for folder in removed]


def import_states(manifests: dict) -> dict:
    """Per import (name -> its manifest, as Dataset.imports gives them): its table, rows, SHA-256 and how many
    changelog entries it had at this build (`changes` reads the entries added since)."""
    return {
        name: {
            "table": manifest.get("table", "events"),
            "rows": manifest.get("events", manifest.get("statements")),
            "sha256": manifest.get("sha256"),
            "changelog": len(manifest.get("changelog") or []),
        }
        for name, manifest in sorted(manifests.items())
    }
