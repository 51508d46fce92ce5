"""Evidence: every quote must be verbatim in its source, and each source the very file that was coded."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

import pandas as pd

from ..dictionary import Dictionary, TableSpec
from ..errors import Problem
from .csv_text import known_values, line_of

TYPOGRAPHY = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "–": "-",
        "—": "-",
        "‑": "-",
        "\u00a0": " ",
    }
)


def normalise(text: str) -> str:
    """Fold typographic quotes, dashes and runs of whitespace, so a quote matches however it was typed."""
    text = unicodedata.normalize("NFC", text).translate(TYPOGRAPHY)
    return re.sub(r"\s+", " ", text).strip()


def source_texts(sources: pd.DataFrame, spec: TableSpec, project_dir: Path) -> tuple[dict[str, str], list[Problem]]:
    """Normalised text of each source, after proving the file is the one that was coded (its SHA-256)."""
    texts, problems = {}, []
    if not {"source_id", "path", "sha256"} <= set(sources.columns):
        return texts, problems
    for index, row in sources.iterrows():
        if pd.isna(row["path"]):
            continue
        path = Path(project_dir) / row["path"]
        try:
            raw = path.read_bytes()
        except OSError:
            problems.append(Problem(spec.file, line_of(index), "path", f"source file not found: {row['path']}"))
            continue
        if hashlib.sha256(raw).hexdigest() != row["sha256"]:
            problems.append(
                Problem(
                    spec.file,
                    line_of(index),
                    "sha256",
                    f"{row['path']} has changed since it was coded (SHA-256 differs)",
                )
            )
        texts[row["source_id"]] = normalise(raw.decode("utf-8", errors="replace"))
    return texts, problems


def check_evidence(
    evidence: pd.DataFrame, dictionary: Dictionary, tables: dict, texts: dict[str, str]
) -> list[Problem]:
    """Each evidence row names an existing record, and its quote is in its source."""
    spec = dictionary.tables["evidence"]
    if not {"record_type", "record_id", "source_id", "quote"} <= set(evidence.columns):
        return []
    problems = []
    known = {}
    for record_type in dictionary.vocabularies["record_type"]:
        target = dictionary.table_for_record_type(record_type)
        if target.name in tables and target.key in tables[target.name]:
            known[record_type] = (target, known_values(tables[target.name], target.key))
    for index, row in evidence.iterrows():
        record_type, record_id = row["record_type"], row["record_id"]
        if record_type in known and pd.notna(record_id) and record_id not in known[record_type][1]:
            target = known[record_type][0]
            problems.append(
                Problem(
                    spec.file,
                    line_of(index),
                    "record_id",
                    f"unknown {target.key} {record_id!r}: no such row in {target.file}",
                )
            )
        text = texts.get(row["source_id"])
        if text is None or pd.isna(row["quote"]):
            continue
        quote = normalise(row["quote"])
        if quote not in text:
            problems.append(
                Problem(
                    spec.file,
                    line_of(index),
                    "quote",
                    f"not found in {row['source_id']}: {_where_it_differs(quote, text)}",
                )
            )
    return problems


def _where_it_differs(quote: str, text: str) -> str:
    """Point at the first word of the quote that the source does not have (longest matching prefix)."""
    low, high = 0, len(quote)
    while low < high:  # find the longest prefix present in the text (presence is monotone in length)
        middle = (low + high + 1) // 2
        if quote[:middle] in text:
            low = middle
        else:
            high = middle - 1
    if low == 0:
        return "the quote's first words do not occur in the source"
    return f"matches up to {quote[max(0, low - 40) : low]!r}, then the source differs"
