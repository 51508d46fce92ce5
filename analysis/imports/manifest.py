"""An import's manifest (imports/NAME.yaml): what was imported, from which bytes, and what was not mapped."""

from __future__ import annotations

from pathlib import Path

import yaml

from ..dictionary import SAFE_LOADER
from ..paths import NAME_MAPPING_FILE

SAFE_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml when present: a changelog of 10,000 ids a week

REQUIRED_KEYS = {"name", "sha256", "export", "export_sha256"}
CHANGES = ("added", "updated", "deleted")  # what a changelog entry lists, by event id


def read_manifest(path: Path) -> dict:
    """The manifest as a dict; {} when missing or unreadable (the caller says what that means)."""
    try:
        manifest = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except (OSError, yaml.YAMLError):
        return {}
    return manifest if isinstance(manifest, dict) else {}


def manifest_text(manifest: dict) -> str:
    """The manifest as YAML, keys in the order written."""
    return yaml.dump(manifest, Dumper=SAFE_DUMPER, sort_keys=False, allow_unicode=True)


def unmapped_report(manifest: dict) -> str:
    """The names an import left unmapped, for people: what to add to name_mapping.json."""
    rows = manifest.get("unmapped") or []
    if not rows:
        return f"{manifest['name']}: every actor and province name was mapped"
    lines = [
        f"{manifest['name']}: {len(rows)} name(s) not mapped (their rows are kept, with "
        f"{'speaker/target' if manifest.get('table') == 'statements' else 'perpetrator/province'} empty); "
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


def read_report(manifest: dict) -> str:
    """What reading statement files met, for people: rows that are not statements, skipped lines, filters."""
    lines = [f"{manifest['name']}: {manifest['lines_read']} line(s) read, {manifest['statements']} statement(s) kept"]
    if manifest.get("filtered_out"):
        filters = ", ".join(f"{key} {', '.join(values)}" for key, values in manifest["filters"].items() if values)
        lines.append(f"  {manifest['filtered_out']} line(s) outside the filters ({filters})")
    not_statements = manifest.get("not_statements") or {}
    if not_statements:
        top = sorted(not_statements.items(), key=lambda item: -item[1])[:8]
        lines.append(
            f"  {sum(not_statements.values())} event(s) not statements of ours (meetings, material actions), by code: "
            + ", ".join(f"{code} {n}" for code, n in top)
            + (", ..." if len(not_statements) > len(top) else "")
        )
    unknown = manifest.get("unknown_codes") or {}
    if unknown:
        lines.append(
            f"  {sum(unknown.values())} event(s) with codes the codebook does not know (not guessed): "
            + ", ".join(f"{code!r} {n}" for code, n in unknown.items())
        )
    if manifest.get("extra_header_rows"):
        lines.append(f"  {manifest['extra_header_rows']} repeated header row(s) skipped")
    for file in manifest.get("read_as_latin1") or []:
        lines.append(f"  {file}: not UTF-8, read as Latin-1")
    if manifest.get("skipped_lines"):
        lines.append(f"  {manifest['skipped_lines']} malformed line(s) skipped:")
        lines += [f"    {s['file']}:{s['line']}: {s['reason']}" for s in manifest["skipped_examples"]]
        if manifest["skipped_lines"] > len(manifest["skipped_examples"]):
            lines.append(f"    ... {manifest['skipped_lines'] - len(manifest['skipped_examples'])} more")
    return "\n".join(lines)
