"""A short text summary of a loaded dataset: what `python -m analysis validate` prints."""

from __future__ import annotations

import pandas as pd

from . import views
from .dataset import Dataset
from .imports import unmapped_report
from .validation import relative_date_warnings
from .views import dataset_labels, record_links


def summarise(ds: Dataset) -> str:
    tables = [name for name in ds.dictionary.tables]
    lines = [
        f"Data: {ds.path} - valid",
        "Rows per table: " + ", ".join(f"{name} {len(getattr(ds, name))}" for name in tables),
        "Statements by kind: " + _counts(ds.statements["kind"]),
        "Incidents by perpetrator: " + _counts(ds.incidents["perpetrator"]),
        "Resting on one independent report only: "
        + ", ".join(
            f"{name} {int((getattr(ds, name)['n_independent'] == 1).sum())} of {len(getattr(ds, name))}"
            for name in tables
            if ds.dictionary.tables[name].evidenced_as
        ),
    ]
    if ds.imports:
        lines += imports_summary(ds)
    return "\n".join(lines + date_warnings(ds))


def date_warnings(ds: Dataset) -> list[str]:
    """Quotes whose relative date phrase does not fit their row's dates (validation.relative): warnings, not errors."""
    warnings = relative_date_warnings(
        ds.evidence, ds.sources, {name: getattr(ds, name) for name in ds.dictionary.tables}, ds.dictionary
    )
    if not warnings:
        return []
    return [
        f"Warnings: {len(warnings)} quote(s) with a relative date that does not fit the row's dates (check the row or "
        "the source's publication range)"
    ] + [f"  {warning}" for warning in warnings]


def imports_summary(ds: Dataset, shown: int = 20) -> list[str]:
    """Each import's size and unmapped names, then what linking merged, by which rule, and what awaits review."""
    lines = [
        "Imported: "
        + ", ".join(
            f"{name} {manifest['statements']} machine-coded statements"
            if manifest.get("table") == "statements"
            else f"{name} {manifest['events']} events"
            for name, manifest in ds.imports.items()
        )
    ]
    lines += [unmapped_report(manifest) for manifest in ds.imports.values()]
    lines += linking_summary(ds, shown)
    return lines + (statement_linking_summary(ds) if ds.imports_of("statements") else [])


def statement_linking_summary(ds: Dataset) -> list[str]:
    """How many statement records (coded and machine-coded) are how many statements."""
    chosen = ds.statement_datasets
    records = len(ds.statements) + len(ds.imported_statements)
    statements = len(views.statements_from(ds, chosen))
    pairs = views.statement_links(ds).pairs
    review = int((pairs["status"] == "review").sum())
    return [
        f"Statements: {records} statement records are {statements} statements, each counted once "
        f"({len(ds.statements)} coded from articles, {len(ds.imported_statements)} machine-coded)",
        f"  statement pairs for review: {review}" + (" (python -m analysis links --review)" if review else ""),
    ]


def linking_summary(ds: Dataset, shown: int = 20) -> list[str]:
    """How many records were merged into how many events, by which rule, and the pairs left for review."""
    found = record_links(ds)
    pairs, members = found.pairs, found.members
    labels = dataset_labels(ds)
    kinds = members.groupby("cluster")["dataset"].agg(lambda names: " + ".join(labels[n] for n in names)).value_counts()
    rule = pairs["status"].value_counts()
    decided = ds.link_decisions["decision"].value_counts()
    lines = [
        f"Linked: {len(members)} records are {members['cluster'].nunique()} real events, each counted once"
        + (f" ({', '.join(f'{kind} {n}' for kind, n in kinds.items())})" if len(kinds) else ""),
        f"  by rule: {rule.get('linked', 0)} pair(s) by score; {decided.get('confirm', 0)} confirmed and "
        f"{decided.get('reject', 0)} rejected by an analyst ({ds.dictionary.tables['link_decisions'].file})",
    ]
    review = pairs[pairs["status"] == "review"]
    lines.append(
        f"For review: {len(review)} pair(s)"
        + (" (decide with: python -m analysis links --review)" if len(review) else "")
    )
    lines += [
        f"  {row.left} ~ {row.right}: {row.reason}"
        + (f"; runner-up {row.runner_up:.1f}" if pd.notna(row.runner_up) else "")
        for row in review.head(shown).itertuples(index=False)
    ]
    if 0 < shown < len(review):
        lines.append(f"  ... and {len(review) - shown} more")
    return lines


def _counts(values) -> str:
    counts = values.value_counts(sort=True)
    return ", ".join(f"{value} {count}" for value, count in counts.items() if count) or "none"
