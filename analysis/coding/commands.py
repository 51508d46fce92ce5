"""The coding commands as the command line runs them: arguments in, one paragraph for the analyst out."""

from __future__ import annotations

from ..base import data_folder
from ..dataset import load
from .accept import accept as accept_file
from .register import add_source as register
from .review import require_source, review_path, summary, write_review
from .suggest import suggest as suggest_rows


def add_source(args) -> str:
    row = register(args.file, args.outlet, args.url, args.published, args.basis, args.title, args.data)
    return (
        f"registered {row['source_id']}: {row['path']} ({row['title']}; published {row['published_start']}.."
        f"{row['published_end']})\nnext: python -m analysis suggest {row['source_id']}"
    )


def suggest(args) -> str:
    ds = load(data_folder(args.data))
    require_source(ds.sources, args.source_id)
    candidates = suggest_rows(ds, args.source_id)
    path = write_review(review_path(ds.path, args.source_id), candidates, ds.dictionary, force=args.force)
    return (
        f"{summary(candidates)}; written to {path}\n"
        f"next: mark accept yes or no on each line (edit any value), then python -m analysis accept {path}"
    )


def accept(args) -> str:
    return str(accept_file(args.review_file, args.data))
