"""Build small, valid datasets on disk for view tests with hand-computed expectations."""

import csv
import hashlib
import shutil
from pathlib import Path

from analysis import load
from analysis.dictionary import Dictionary
from conftest import FIXTURE_DATA

QUOTE = "Everything in this test happened."
ACTORS = [
    {"actor_id": "islamic_state", "name": "Islamic State", "kind": "armed_group", "aliases": "IS; Daesh"},
    {"actor_id": "iskp", "name": "ISKP", "kind": "armed_group", "parent": "islamic_state", "aliases": "ISIS-K"},
    {"actor_id": "taliban", "name": "Taliban", "kind": "de_facto_authority"},
    {"actor_id": "iran", "name": "Iran", "kind": "state"},
    {"actor_id": "usa", "name": "United States", "kind": "state", "aliases": "US"},
    {"actor_id": "pakistan", "name": "Pakistan", "kind": "state"},
    {"actor_id": "un", "name": "United Nations", "kind": "international_organisation"},
]


def _precision(row):
    if not row.get("date_start"):
        return "open"
    return "day" if row["date_start"] == row["date_end"] else "range"


def make_dataset(root: Path, incidents=(), statements=(), figures=(), officials=(), quote=QUOTE):
    """Write the tables to root/data (seed text in root/seeds) and load them, validated like real data.

    The fixture's dictionary goes with them, so the tests do not follow edits of the live dictionary.
    """
    (root / "seeds").mkdir(parents=True)
    (root / "data").mkdir()
    shutil.copy(FIXTURE_DATA / "dictionary.yaml", root / "data")
    dictionary = Dictionary.for_data(root / "data")
    seed = root / "seeds" / "tiny.txt"
    seed.write_text(quote + "\n", encoding="utf-8")
    tables = {
        "sources": [
            {
                "source_id": "src_t",
                "outlet": "test",
                "title": "Test",
                "published_start": "2020-01-01",
                "published_end": "2025-12-31",
                "published_basis": "test",
                "path": "seeds/tiny.txt",
                "sha256": hashlib.sha256(seed.read_bytes()).hexdigest(),
            }
        ],
        "actors": ACTORS,
        "incidents": [
            {
                "date_precision": _precision(r),
                "date_note": "test",
                "country": "Afghanistan",
                "summary": "test incident",
                **r,
            }
            for r in incidents
        ],
        "statements": [
            {
                "speaker_role": "test",
                "summary": "test statement",
                "date_precision": _precision(r),
                "date_note": "test",
                **r,
            }
            for r in statements
        ],
        "reported_figures": [{"metric": "attacks", **r} for r in figures],
        "officials_killed": list(officials),
    }
    tables["evidence"] = [
        {"record_type": spec.evidenced_as, "record_id": row[spec.key], "source_id": "src_t", "quote": quote}
        for spec in dictionary.tables.values()
        if spec.evidenced_as
        for row in tables[spec.name]
    ]
    for name, rows in tables.items():
        spec = dictionary.tables[name]
        with open(root / "data" / spec.file, "w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=[c.name for c in spec.columns], lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    return load(root / "data")


def add_article_source(data_dir: Path, source_id: str, article: Path, title: str, published: str) -> None:
    """Register `article` (already under the seeds folder beside data_dir) as source_id, published on one day, as
    add-source would: its path and SHA-256."""
    import pandas as pd

    sources = pd.read_csv(data_dir / "sources.csv", dtype=str)
    row = {
        "source_id": source_id,
        "outlet": "Test Wire",
        "title": title,
        "published_start": published,
        "published_end": published,
        "published_basis": "by-line",
        "path": f"seeds/{article.name}",
        "sha256": hashlib.sha256(article.read_bytes()).hexdigest(),
    }
    pd.concat([sources, pd.DataFrame([row])]).to_csv(data_dir / "sources.csv", index=False)
