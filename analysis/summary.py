"""A short text summary of a loaded dataset: what `python -m analysis validate` prints."""

from __future__ import annotations

from .dataset import Dataset


def summarise(ds: Dataset) -> str:
    tables = [name for name in ds.dictionary.tables]
    lines = [f"Data: {ds.path} - valid",
             "Rows per table: " + ", ".join(f"{name} {len(getattr(ds, name))}" for name in tables),
             "Statements by kind: " + _counts(ds.statements["kind"]),
             "Incidents by perpetrator: " + _counts(ds.incidents["perpetrator"]),
             "Resting on one source only: " + ", ".join(
                 f"{name} {int((getattr(ds, name)['n_sources'] == 1).sum())} of {len(getattr(ds, name))}"
                 for name in tables if ds.dictionary.tables[name].evidenced_as)]
    return "\n".join(lines)


def _counts(values) -> str:
    counts = values.value_counts(sort=True)
    return ", ".join(f"{value} {count}" for value, count in counts.items() if count) or "none"
