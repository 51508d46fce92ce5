"""A short text summary of a loaded dataset: what `python -m analysis validate` prints."""

from __future__ import annotations

from .dataset import Dataset
from .imports import unmapped_report
from .views import links


def summarise(ds: Dataset) -> str:
    tables = [name for name in ds.dictionary.tables]
    lines = [f"Data: {ds.path} - valid",
             "Rows per table: " + ", ".join(f"{name} {len(getattr(ds, name))}" for name in tables),
             "Statements by kind: " + _counts(ds.statements["kind"]),
             "Incidents by perpetrator: " + _counts(ds.incidents["perpetrator"]),
             "Resting on one source only: " + ", ".join(
                 f"{name} {int((getattr(ds, name)['n_sources'] == 1).sum())} of {len(getattr(ds, name))}"
                 for name in tables if ds.dictionary.tables[name].evidenced_as)]
    if ds.imports:
        lines += imports_summary(ds)
    return "\n".join(lines)


def imports_summary(ds: Dataset, shown: int = 20) -> list[str]:
    """Each import's size and unmapped names, and the links and near-misses with the coded incidents."""
    lines = ["Imported: " + ", ".join(f"{name} {manifest['events']} events" for name, manifest in ds.imports.items())]
    lines += [unmapped_report(manifest) for manifest in ds.imports.values()]
    for status in ("linked", "near-miss"):
        rows = links(ds)[links(ds)["status"] == status]
        lines.append(f"{status.capitalize()}: {len(rows)}" + (" (not linked: check them by hand)" if status == "near-miss" and len(rows) else ""))
        lines += [f"  {row.incident_id} ~ {row.dataset}:{row.event_id}: {row.reason}" for row in rows.head(shown).itertuples(index=False)]
        if len(rows) > shown:
            lines.append(f"  ... and {len(rows) - shown} more")
    return lines


def _counts(values) -> str:
    counts = values.value_counts(sort=True)
    return ", ".join(f"{value} {count}" for value, count in counts.items() if count) or "none"
