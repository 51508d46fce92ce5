"""The coding commands as the command line runs them: arguments in, one paragraph for the analyst out."""

from __future__ import annotations

from pathlib import Path

from ..dataset import load
from ..errors import DataError
from ..paths import data_folder
from .accept import accept as accept_file
from .parse import NOTICE, RULES, engine
from .register import add_source as register
from .review_file import require_source, review_path, summary, write_review
from .suggest import suggest as suggest_rows


def add_source(
    file: Path, outlet: str, url: str, published: str, basis: str, title: str | None = None, data: Path | None = None
) -> str:
    """Register an article (copy into seeds/, a row in sources.csv); what was done, and the next step."""
    row = register(file, outlet, url, published, basis, title, data)
    return (
        f"registered {row['source_id']}: {row['path']} ({row['title']}; published {row['published_start']}.."
        f"{row['published_end']})\nnext: python -m analysis suggest {row['source_id']}"
    )


def suggest(source_id: str, data: Path | None = None, force: bool = False) -> str:
    """Write the suggestions for a registered article to review/SOURCE_ID.csv; what was found, and the next step."""
    ds = load(data_folder(data))
    require_source(ds.sources, source_id)
    candidates = suggest_rows(ds, source_id)
    path = write_review(review_path(ds.path, source_id), candidates, ds.dictionary, force=force)
    notice = f"{NOTICE}\n" if engine() == RULES else ""
    return (
        f"{notice}{summary(candidates)}; written to {path}\n"
        f"next: mark accept yes or no on each line (edit any value), then python -m analysis accept {path}"
    )


def suggest_all_new(data: Path | None = None) -> str:
    """suggest for every registered article that has no review file yet (the model loaded once); one line each. An
    article that cannot be read (not English, no sentences) is named and skipped; the others are still written."""
    ds = load(data_folder(data))
    lines = [NOTICE] if engine() == RULES else []
    new = [s for s in ds.sources["source_id"] if not review_path(ds.path, s).exists()]
    for source_id in new:
        try:
            candidates = suggest_rows(ds, source_id)
        except DataError as error:
            lines.append(f"{source_id}: skipped: {'; '.join(str(p) for p in error.problems)}")
            continue
        path = write_review(review_path(ds.path, source_id), candidates, ds.dictionary)
        lines.append(f"{source_id}: {summary(candidates)}; written to {path}")
    lines.append(f"{len(new)} new article(s) of {len(ds.sources)} registered" + ("" if new else ": nothing to do"))
    return "\n".join(lines)


def accept(review_file: Path, data: Path | None = None) -> str:
    """Add the review file's lines marked yes, with new ids and evidence; what was added."""
    return str(accept_file(review_file, data))
