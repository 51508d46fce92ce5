"""The analyst's side of linking: the pairs left for review, each record shown with its words, and decisions recorded.

A decision is added to link_decisions.csv only after the data with it still loads and links, so a
typo or a confirm that would put two events of one dataset together is refused and nothing is written.
"""

from __future__ import annotations

import csv
import io
from datetime import date

import pandas as pd

from ..dataset import Dataset, load
from ..errors import DataError, Problem
from ..paths import CODED
from ..storage import write_atomically
from ..validation import check_decisions
from . import RecordLinks, link_records
from .statements import link_statement_records

DECISION_COLUMNS = ["left", "right", "decision", "note", "decided_on"]


def review_items(ds: Dataset, links: RecordLinks) -> pd.DataFrame:
    """The pairs left for review, best first, each with both records described (quotes for coded incidents, notes for
    events)."""
    review = links.pairs[links.pairs["status"] == "review"].sort_values("score", ascending=False, ignore_index=True)
    return review.assign(
        left_record=[describe(ds, ref) for ref in review["left"]],
        right_record=[describe(ds, ref) for ref in review["right"]],
    )[["left", "right", "score", "runner_up", "reason", "left_record", "right_record"]]


def describe(ds: Dataset, ref: str) -> str:
    """One record for a reader: place, dates, killed, perpetrator, then its summary and quotes, or the dataset's
    notes."""
    dataset, record_id = ref.split(":", 1)
    if dataset in ds.statement_datasets and (dataset != CODED or record_id in set(ds.statements["statement_id"])):
        return _describe_statement(ds, ref)
    if dataset == CODED:
        row = ds.incidents.set_index("incident_id").loc[record_id]
        quotes = ds.evidence[(ds.evidence["record_type"] == "incident") & (ds.evidence["record_id"] == record_id)]
        words = [row["summary"], *(f'{q.source_id}: "{q.quote}"' for q in quotes.itertuples())]
    else:
        row = ds.events[(ds.events["dataset"] == dataset) & (ds.events["event_id"] == record_id)].iloc[0]
        words = [f'notes: "{row["notes"]}"' if pd.notna(row["notes"]) else "no notes"]
    place = ", ".join(str(v) for v in (row["location"], row["province"], row["country"]) if pd.notna(v))
    dates = f"{row['date_start']:%Y-%m-%d}..{row['date_end']:%Y-%m-%d} ({row['date_precision']})"
    killed = "/".join("-" if pd.isna(row[c]) else str(row[c]) for c in ("killed_low", "killed_best", "killed_high"))
    perpetrator = row["perpetrator"] if pd.notna(row["perpetrator"]) else "not given"
    return "\n".join(
        [f"{ref}: {place}; {dates}; killed {killed}; perpetrator {perpetrator}", *(f"  {w}" for w in words)]
    )


def _describe_statement(ds: Dataset, ref: str) -> str:
    """A statement for a reader: speaker -> target, kind, dates, then its summary and quotes, or its code and outlet."""
    dataset, record_id = ref.split(":", 1)
    if dataset == CODED:
        row = ds.statements.set_index("statement_id").loc[record_id]
        quotes = ds.evidence[(ds.evidence["record_type"] == "statement") & (ds.evidence["record_id"] == record_id)]
        words = [row["summary"], *(f'{q.source_id}: "{q.quote}"' for q in quotes.itertuples())]
    else:
        rows = ds.imported_statements
        row = rows[(rows["dataset"] == dataset) & (rows["event_id"] == record_id)].iloc[0]
        words = [f"machine-coded {row['code']}, {row['publisher'] if pd.notna(row['publisher']) else 'no outlet'}"]
    who = " -> ".join(str(row[c]) if pd.notna(row[c]) else "not stated" for c in ("speaker_actor", "target_actor"))
    start = "open" if pd.isna(row["date_start"]) else f"{row['date_start']:%Y-%m-%d}"
    dates = f"{start}..{row['date_end']:%Y-%m-%d} ({row['date_precision']})"
    return "\n".join([f"{ref}: {who}; {row['kind']}; {dates}", *(f"  {w}" for w in words)])


def record_decision(data_dir, left: str, right: str, decision: str, note: str, decided_on: date | None = None) -> None:
    """Add one decision to link_decisions.csv, or change nothing and raise DataError saying why."""
    ds = load(data_dir)
    spec = ds.dictionary.tables["link_decisions"]
    row = {
        "left": left,
        "right": right,
        "decision": decision,
        "note": note.strip(),
        "decided_on": (decided_on or date.today()).isoformat(),
    }
    if decision not in ds.dictionary.vocabularies["link_decision"]:
        raise DataError(
            [Problem(spec.file, None, "decision", f"{decision!r}: not in vocabulary link_decision (confirm, reject)")]
        )
    if not row["note"]:
        raise DataError([Problem(spec.file, None, "note", "a decision needs a note saying why")])
    decisions = pd.concat([ds.link_decisions.astype(object), pd.DataFrame([row])], ignore_index=True)
    coded_ids = [*ds.incidents["incident_id"], *ds.statements["statement_id"]]
    records = pd.concat([ds.events[["dataset", "event_id"]], ds.imported_statements[["dataset", "event_id"]]])
    problems = check_decisions(decisions.astype({"decided_on": str}), spec, coded_ids, records)
    if problems:
        raise DataError(problems)
    decided = ds.replace(link_decisions=decisions)
    link_records(decided)  # a confirm that cannot hold raises here
    link_statement_records(decided)
    path = ds.path / spec.file
    text = path.read_text(encoding="utf-8") if path.exists() else ",".join(DECISION_COLUMNS) + "\n"
    line = io.StringIO()
    csv.writer(line, lineterminator="\n").writerow([row[c] for c in DECISION_COLUMNS])
    write_atomically(path, (text if text.endswith("\n") else text + "\n") + line.getvalue())


def as_html(items: pd.DataFrame):
    """The review items as a table a notebook shows with the records' line breaks kept (text escaped)."""
    from IPython.display import HTML

    if items.empty:
        return HTML("<p>No pairs are left for review.</p>")
    table = items.to_html(index=False, float_format="{:.1f}".format, na_rep="-", classes="link-review")
    return HTML(
        "<style>.link-review td { white-space: pre-wrap; text-align: left; vertical-align: top; }</style>" + table
    )
