"""The coded statements and incidents in PLOVER's terms, so other event-data tools can read this curated data.

Two files: JSON lines (one record per statement or incident, nested actor and recipient, the verbatim
quotes) and a tab-separated file in POLECAT's published layout with our own columns after it, which
`python -m analysis import polecat` reads back into the same flows. A kind PLOVER has no category for
(claim, denial, warning) is counted and left out, never forced into a type (formats.yaml plover_export).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd

from .dataset import Dataset
from .imports.formats import CODEBOOKS
from .storage import write_atomically

EXPORT = CODEBOOKS["plover_export"]
PLOVER_TYPES = EXPORT["statement_types"]
COUNTRY_CODES = {country: codes[0] for country, codes in CODEBOOKS["statement_countries"].items() if codes}
OWN_COLUMNS = ["Record Type", "Record ID", "Kind", "Date Start", "Date End", "Date Precision", "Source IDs", "Quote"]


def plover_records(ds: Dataset) -> tuple[list[dict], dict[str, int]]:
    """Every coded statement with a PLOVER type, then every incident, as PLOVER records; and what was left out."""
    names = ds.actor_names()
    quotes = ds.evidence.groupby(["record_type", "record_id"], observed=True)
    records, left_out = [], {}
    for row in ds.statements.itertuples(index=False):
        event_type = PLOVER_TYPES.get(row.kind)
        if event_type is None:
            left_out[row.kind] = left_out.get(row.kind, 0) + 1
            continue
        records.append(
            _record(row, "statement", row.statement_id, event_type, None, names, quotes)
            | {"kind": row.kind, "actor": _actor(row.speaker_actor, names), "summary": row.summary}
        )
    for row in ds.incidents.itertuples(index=False):
        mode = EXPORT["incident_modes"].get(row.sub_event_type) if pd.notna(row.sub_event_type) else None
        record = _record(row, "incident", row.incident_id, EXPORT["incident_type"], mode, names, quotes)
        records.append(
            record
            | {
                "kind": None,
                "actor": _actor(row.perpetrator, names),
                "recipient": None,
                "summary": row.summary,
                "killed": {k: _count(getattr(row, f"killed_{k}")) for k in ("low", "best", "high")},
                "location": {"country": row.country, "province": _text(row.province), "place": _text(row.location)},
            }
        )
    return records, left_out


def _record(row, record_type: str, record_id: str, event_type: str, mode, names, quotes) -> dict:
    cited = quotes.get_group((record_type, record_id)) if (record_type, record_id) in quotes.groups else None
    return {
        "record_type": record_type,
        "id": record_id,
        "event_type": event_type,
        "mode": mode,
        "recipient": _actor(getattr(row, "target_actor", None), names),
        "date_start": None if pd.isna(row.date_start) else f"{row.date_start:%Y-%m-%d}",
        "date_end": f"{row.date_end:%Y-%m-%d}",
        "date_precision": str(row.date_precision),
        "source_ids": list(row.source_ids or ()),
        "quotes": [] if cited is None else [{"source_id": q.source_id, "quote": q.quote} for q in cited.itertuples()],
    }


def _actor(actor_id, names) -> dict | None:
    if actor_id is None or pd.isna(actor_id):
        return None
    name = names[actor_id]
    return {"actor_id": actor_id, "name": name, "country": COUNTRY_CODES.get(name)}


def _count(value):
    return None if pd.isna(value) else int(value)


def _text(value):
    return None if pd.isna(value) else str(value)


def write_plover(ds: Dataset, out: Path) -> tuple[list[Path], dict[str, int], int]:
    """OUT.jsonl and OUT.tsv (POLECAT's columns, then ours); returns the paths, what was left out, records written."""
    records, left_out = plover_records(ds)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    lines = "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)
    columns = [*CODEBOOKS["polecat"]["columns"], *OWN_COLUMNS]
    table = io.StringIO()
    writer = csv.writer(table, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar=None)
    writer.writerow(columns)
    for record in records:
        writer.writerow([_clean(_cell(record, column)) for column in columns])
    paths = [out.with_suffix(".jsonl"), out.with_suffix(".tsv")]
    write_atomically(paths[0], lines)
    write_atomically(paths[1], table.getvalue())
    return paths, left_out, len(records)


def _cell(record: dict, column: str):
    actor, recipient = record.get("actor") or {}, record.get("recipient") or {}
    return {
        "Event ID": f"{record['record_type']}:{record['id']}",
        "Event Date": record["date_end"],  # the latest day it may have happened: always known
        "Event Type": record["event_type"],
        "Event Mode": record["mode"],
        "Actor Name": actor.get("name"),
        "Actor Country": actor.get("country"),
        "Recipient Name": recipient.get("name"),
        "Recipient Country": recipient.get("country"),
        "Source": "; ".join(record["source_ids"]),
        "Record Type": record["record_type"],
        "Record ID": record["id"],
        "Kind": record["kind"],
        "Date Start": record["date_start"],
        "Date End": record["date_end"],
        "Date Precision": record["date_precision"],
        "Source IDs": "; ".join(record["source_ids"]),
        "Quote": " | ".join(q["quote"] for q in record["quotes"]),
    }.get(column)


def _clean(value) -> str:
    """A tab-separated cell: no tab or line break inside (they would split it)."""
    return "" if value is None else " ".join(str(value).split())
