"""An import's manifest (imports/NAME.yaml): what was imported, from which bytes, and what was not mapped."""

from __future__ import annotations

from pathlib import Path

import yaml

from ..paths import NAME_MAPPING_FILE

REQUIRED_KEYS = {"name", "sha256", "export", "export_sha256"}
CHANGES = ("added", "updated", "deleted")  # what a changelog entry lists, by event id


def read_manifest(path: Path) -> dict:
    """The manifest as a dict; {} when missing or unreadable (the caller says what that means)."""
    try:
        manifest = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return {}
    return manifest if isinstance(manifest, dict) else {}


def unmapped_report(manifest: dict) -> str:
    """The names an import left unmapped, for people: what to add to name_mapping.json."""
    rows = manifest.get("unmapped") or []
    if not rows:
        return f"{manifest['name']}: every actor and province name was mapped"
    lines = [
        f"{manifest['name']}: {len(rows)} name(s) not mapped (their events are kept, with perpetrator/province empty); "
        f"add them to data/{NAME_MAPPING_FILE} if they name one of our actors or provinces:"
    ]
    lines += [
        f"  {row['field']}: {row['name']!r} in {row['events']} event(s), e.g. {row['example_event_id']}" for row in rows
    ]
    return "\n".join(lines)


def change_report(manifest: dict) -> str:
    """What the latest import changed, for people: counts, deletion ids it did not know, decisions it touched."""
    entry = (manifest.get("changelog") or [{}])[-1]
    counts = {key: entry[key] if isinstance(entry.get(key), int) else len(entry.get(key) or ()) for key in CHANGES}
    lines = [f"{manifest['name']}: " + ", ".join(f"{count} {key}" for key, count in counts.items())]
    if entry.get("unknown_deletions"):
        ids = entry["unknown_deletions"]
        lines.append(
            f"{len(ids)} id(s) of the deletions file are not in the import (the rest applied): {', '.join(ids)}"
        )
    if entry.get("kept_final"):
        lines.append(f"{len(entry['kept_final'])} final event(s) kept over their candidate version")
    lines += [f"decision on a deleted event: {line}" for line in entry.get("decisions_on_deleted") or ()]
    return "\n".join(lines)
