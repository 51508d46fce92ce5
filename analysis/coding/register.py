"""Register a new article: copy it into seeds/ unchanged and add its row to sources.csv, or refuse and write nothing.

The publication date is a range with its basis written down (a dateline, the page's URL date, an
archived copy), as the dictionary's conventions ask.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from datetime import date
from pathlib import Path

from ..dictionary import Dictionary
from ..errors import DataError, Problem
from ..paths import SEEDS_FOLDER, data_folder
from ..ranges import ISO_DATE
from ..validation import read_table
from .ids import next_ids
from .store import validate_then_write


def add_source(
    file: Path,
    outlet: str,
    url: str,
    published: str,
    basis: str,
    title: str | None = None,
    data_dir: Path | None = None,
) -> dict[str, str]:
    """Copy `file` into seeds/ as NNN_<sha256 prefix>.txt and add its sources.csv row (returned), after validating
    both."""
    data_dir = data_folder(data_dir)
    spec = Dictionary.for_data(data_dir).tables["sources"]
    raw = _read_article(Path(file))
    sha = hashlib.sha256(raw).hexdigest()
    start, end = _publication_range(published)
    sources, problems = read_table(data_dir / spec.file, spec.file)
    if sources is None:
        raise DataError(problems)
    same = sources.index[sources["sha256"] == sha]
    if len(same):
        raise DataError(
            [
                Problem(
                    str(file),
                    None,
                    None,
                    f"already registered as {sources.at[same[0], 'source_id']} "
                    f"({sources.at[same[0], 'path']}, same SHA-256)",
                )
            ]
        )
    source_id = next_ids(sources["source_id"].dropna(), 1, spec)[0]
    seed = Path(SEEDS_FOLDER) / f"{re.sub(r'[^0-9]', '', source_id)}_{sha[:16]}.txt"
    text = raw.decode("utf-8")
    values = {
        "source_id": source_id,
        "outlet": outlet.strip(),
        "title": (title or _first_line(text)).strip(),
        "published_start": start,
        "published_end": end,
        "published_basis": basis.strip(),
        "path": seed.as_posix(),
        "sha256": sha,
        "url": url.strip(),
    }
    header = list(sources.columns)
    table = (data_dir / spec.file).read_text(encoding="utf-8")
    line = io.StringIO()
    csv.writer(line, lineterminator="\n").writerow([values.get(column, "") for column in header])
    validate_then_write(
        data_dir,
        {
            data_dir.parent / seed: raw,
            data_dir / spec.file: ((table if table.endswith("\n") else table + "\n") + line.getvalue()).encode(),
        },
    )
    return {column: values.get(column, "") for column in header}


def _read_article(path: Path) -> bytes:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise DataError([Problem(str(path), None, None, f"cannot read the article: {error.strerror}")]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise DataError(
            [Problem(str(path), line, None, f"not UTF-8 (byte 0x{raw[error.start]:02x}); save the article as UTF-8")]
        ) from None
    if not text.strip():
        raise DataError([Problem(str(path), None, None, "the article is empty")])
    return raw


def _publication_range(published: str) -> tuple[str, str]:
    """'2023-07-28' or '2023-07-24..2023-07-31' -> (start, end), checked."""
    parts = [part.strip() for part in published.split("..")]
    problems = []
    for part in parts:
        try:
            if not ISO_DATE.fullmatch(part):
                raise ValueError
            date.fromisoformat(part)
        except ValueError:
            problems.append(f"{part!r} is not a date of the form YYYY-MM-DD")
    if len(parts) > 2:
        problems = ["give one date or a range START..END"]
    if not problems and parts[-1] < parts[0]:
        problems.append(f"the range ends ({parts[-1]}) before it starts ({parts[0]})")
    if problems:
        raise DataError([Problem("--published", None, None, problem) for problem in problems])
    return parts[0], parts[-1]


def _first_line(text: str) -> str:
    return next(line for line in text.splitlines() if line.strip())
