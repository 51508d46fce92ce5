"""Tables for readers: the views' rows as HTML a manager can read, and the quotes behind every count.

No index column, no `<NA>`: unknown figures say "unknown", ranges read "3-20", dates read "Mar 2023" or
"21-22 Jul 2023". Headers come from analysis/labels.yaml (part of the data dictionary). Secondary columns go into a
"details" line under each row. Every count links to an in-page anchor (rendering.anchor) where the
rows and whole quotes behind it are listed, so a reader goes from "3 incidents" to the three quotes in
one click. All text from the data is HTML-escaped.
"""

from __future__ import annotations

from html import escape

import pandas as pd
from IPython.display import HTML

from .dataset import Dataset
from .paths import CODED
from .ranges import UNKNOWN, toll_text
from .rendering import anchor, style
from .views import (
    FROM_NOTES,
    STANCE_COLUMNS,
    AttackCounts,
    Flows,
    ProvinceTotals,
    corroboration,
    evidence_for,
    statements_in,
)

IMPORTED_ROWS_SHOWN = style()["tables"]["imported_rows_shown"]
RECORD_MIME = "application/vnd.analysis.record+json"  # what a table shows, for the build's history; no page shows it


class Recorded(HTML):
    """A table for readers that also hands over, as data, the view rows it shows: figures by row (counts per period
    and group, tolls, flows per pair) or the records it lists. The build keeps them per report (build/history.py),
    so two builds are compared on the views' figures, never on their HTML."""

    def __init__(self, html: str, record: dict):
        super().__init__(html)
        self.record = record

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {RECORD_MIME: self.record}


def _figures(ds: Dataset, table: str, key: list[str], rows: dict) -> dict:
    """A table's record: its rows by their key values (" · "-joined), each with its figures; the columns' labels."""
    columns = [*key, *dict.fromkeys(c for figures in rows.values() for c in figures)]
    return {"table": table, "key": key, "rows": rows, "labels": {c: ds.dictionary.labels.get(c, c) for c in columns}}


def readable_dates(start, end, precision=None) -> str:
    """A date range as people write it: '9 Mar 2023', 'Mar 2023', '21-22 Jul 2023', 'Aug 2021 - Jul 2023'."""
    if pd.isna(end):
        return UNKNOWN
    end = pd.Timestamp(end)
    if pd.isna(start):
        return f"until {end:%-d %b %Y}"
    start = pd.Timestamp(start)
    whole_months = start.day == 1 and (end + pd.Timedelta(days=1)).day == 1
    if start == end:
        return f"{start:%-d %b %Y}"
    if precision == "year" or (whole_months and start.month == 1 and end.month == 12 and start.year == end.year):
        return f"{start:%Y}" if end.month == 12 and end.day == 31 else f"{start:%Y} (to {end:%-d %b})"
    if whole_months:
        return (
            f"{start:%b %Y}" if (start.year, start.month) == (end.year, end.month) else f"{start:%b %Y} - {end:%b %Y}"
        )
    if (start.year, start.month) == (end.year, end.month):
        return f"{start:%-d}-{end:%-d %b %Y}"
    return f"{start:%-d %b} - {end:%-d %b %Y}" if start.year == end.year else f"{start:%-d %b %Y} - {end:%-d %b %Y}"


def _links(ids: str, prefix: str = "ev") -> str:
    """'IN01, IN02' as links to each row's quotes."""
    parts = [i for i in str(ids).split(", ") if i] if pd.notna(ids) else []
    return ", ".join(f'<a href="#{anchor(prefix, i)}">{escape(i)}</a>' for i in parts) or "-"


def _text(value) -> str:
    return "-" if pd.isna(value) or value == "" else escape(str(value))


def _table(
    ds: Dataset,
    columns: list[str],
    rows: list[list[str]],
    details: list[str] | None = None,
    table_id: str = "",
    more: int = 0,
) -> HTML:
    """Rows of ready cells under the dictionary's labels; details, when given, go in a second line under each row;
    `more` rows not listed are counted in a last line."""
    labels = ds.dictionary.labels
    head = "".join(f"<th>{escape(labels.get(c, c))}</th>" for c in columns)
    body = []
    for i, cells in enumerate(rows):
        body.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")
        if details and details[i]:
            body.append(f'<tr class="details"><td colspan="{len(columns)}">{details[i]}</td></tr>')
    if not rows:
        body.append(f'<tr><td colspan="{len(columns)}">Nothing in this window.</td></tr>')
    if more:
        body.append(
            f'<tr class="details"><td colspan="{len(columns)}">and {more:,} more events from imported datasets, '
            "not listed: the datasets hold their notes and sources</td></tr>"
        )
    identity = f' id="{table_id}"' if table_id else ""
    return HTML(f'<table class="reader"{identity}><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>')


def _detail(ds: Dataset, pairs: list[tuple[str, str]]) -> str:
    labels = ds.dictionary.labels
    return " · ".join(
        f"{escape(labels.get(name, name))}: {value}" for name, value in pairs if value not in ("", "-", "0")
    )


def counts_table(ds: Dataset, result: AttackCounts) -> HTML:
    """Incidents per period and group; each count links to the quotes behind it."""
    rows, details = [], []
    for row in result.counts.itertuples(index=False):
        count = (
            f'<a href="#{anchor("grp", row.period, row.group)}">{row.incidents}</a>'
            if row.incident_ids
            else str(row.incidents)
        )
        rows.append(
            [
                escape(row.period),
                escape(row.group),
                count,
                toll_text(row.killed_low, row.killed_best, row.killed_high),
                toll_text(row.injured_low, row.injured_best, row.injured_high),
                _text(row.seen_in),
            ]
        )
        details.append(
            _detail(
                ds,
                [
                    ("incident_ids", _links(row.incident_ids)),
                    ("imported", str(row.imported)),
                    ("in_several", str(row.in_several)),
                    ("killed_unknown", str(row.killed_unknown)),
                ],
            )
        )
    html = _table(
        ds, ["period", "group", "incidents", "killed", "injured", "seen_in"], rows, details, table_id="counts"
    )
    figures = {
        f"{row.period} · {row.group}": {
            "incidents": int(row.incidents),
            "killed": toll_text(row.killed_low, row.killed_best, row.killed_high),
            "injured": toll_text(row.injured_low, row.injured_best, row.injured_high),
        }
        for row in result.counts.itertuples(index=False)
    }
    return Recorded(html.data, _figures(ds, "counts", ["period", "group"], figures))


def spanning_table(ds: Dataset, result: AttackCounts) -> HTML:
    """Incidents too vaguely dated for one period: counted apart, never dropped."""
    shown, more = _few_imported(result.spanning)
    rows = [
        [
            _links(row.incident_id) if row.dataset == CODED else escape(row.incident_id),
            readable_dates(row.date_start, row.date_end, row.date_precision),
            escape(row.group),
            _text(row.summary),
            escape(row.reason),
        ]
        for row in shown.itertuples(index=False)
    ]
    return _table(ds, ["incident_id", "dates", "group", "summary", "reason"], rows, table_id="unplaced", more=more)


def _few_imported(rows: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Every coded row, and the first imported events only (style.yaml tables.imported_rows_shown): with how many
    more."""
    imported = (rows["dataset"] != CODED).to_numpy(dtype=bool)
    keep = ~imported | (imported.cumsum() <= IMPORTED_ROWS_SHOWN)
    return rows[keep], int((~keep).sum())


def attack_evidence(ds: Dataset, result: AttackCounts) -> HTML:
    """The quotes behind each count of counts_table, then behind the vaguely dated incidents and the reported
    figures."""
    return evidence_blocks(ds, _attack_groups(result), result.datasets)


def _attack_groups(result: AttackCounts) -> list[tuple]:
    groups = []
    for row in result.counts[result.counts["incident_ids"] != ""].itertuples(
        index=False
    ):  # events of imports alone: no quotes
        coded = row.incident_ids.split(", ")
        groups.append(
            (
                anchor("grp", row.period, row.group),
                f"{row.period}, {row.group}: {row.incidents} incident(s)",
                coded,
                row.incidents - len(coded),
            )
        )
    coded = result.spanning.loc[result.spanning["dataset"] == CODED, "incident_id"].tolist()
    groups.append(
        (anchor("grp", "unplaced"), "Too vaguely dated for one period", coded, len(result.spanning) - len(coded))
    )
    groups.append((anchor("grp", "reported"), "Figures others report", result.reported["figure_id"].tolist(), 0))
    return groups


def evidence_blocks(ds: Dataset, groups: list[tuple], datasets=()) -> HTML:
    """Whole quotes, grouped: (anchor, heading, record ids, events from imported datasets only) per group.

    Each row's quotes carry the article's outlet, title and publication dates; a row listed twice gets
    its anchor once.
    """
    summaries = corroboration(ds).set_index("record_id")["summary"]
    ids = [record for _, _, records, _ in groups for record in records]
    quotes = evidence_for(ds, ids, datasets) if ids else pd.DataFrame(columns=["record_id"])
    published = ds.sources.set_index("source_id")[["published_start", "published_end"]]
    seen, html = set(), []
    for group_anchor, heading, records, imported_only in groups:
        if not records and not imported_only:
            continue  # nothing links to an empty group
        html.append(f'<section class="evidence-group" id="{group_anchor}"><h4>{escape(heading)}</h4>')
        for record in records:
            identity = f' id="{anchor("ev", record)}"' if record not in seen else ""
            seen.add(record)
            html.append(
                f'<div class="record"{identity}><p class="record-head"><b>{escape(record)}</b>: '
                f"{_text(summaries.get(record))}</p>"
            )
            for quote in quotes[quotes["record_id"] == record].itertuples(index=False):
                when = readable_dates(*published.loc[quote.source_id]) if quote.source_id in published.index else ""
                cite = " · ".join(
                    escape(str(part))
                    for part in (quote.source_id, quote.outlet, quote.title, when)
                    if pd.notna(part) and part
                )
                html.append(f'<blockquote>{escape(str(quote.quote))}</blockquote><p class="cite">{cite}</p>')
            html.append("</div>")
        if imported_only:
            html.append(
                f"<p>{imported_only} more from imported datasets only: their evidence is the dataset's own notes and "
                "sources.</p>"
            )
        html.append("</section>")
    return Recorded("".join(html), {"table": "evidence", "listed": list(dict.fromkeys(ids))})


def off_the_map_table(ds: Dataset, totals: ProvinceTotals) -> HTML:
    """The incidents the province map cannot show, and why: abroad, no province, dates reaching outside the window."""
    shown, more = _few_imported(totals.off_map)
    rows = [
        [
            _links(row.incident_id) if row.dataset == CODED else escape(row.incident_id),
            readable_dates(row.date_start, row.date_end),
            _text(", ".join(str(v) for v in (row.location, row.country) if pd.notna(v))),
            _text(row.summary),
            escape(row.reason),
        ]
        for row in shown.itertuples(index=False)
    ]
    return _table(
        ds, ["incident_id", "dates", "place", "summary", "why_off_the_map"], rows, table_id="off-the-map", more=more
    )


def killings_table(ds: Dataset, killings: pd.DataFrame, partly: pd.DataFrame) -> HTML:
    """Officials killed, each linked to the quotes naming the official and to those of the incident."""
    rows, details, figures = [], [], {}
    for row in pd.concat([killings, partly], ignore_index=True).itertuples(index=False):
        figures[row.official_id] = {
            "official": row.official,
            "position": row.position,
            "province": "" if pd.isna(row.province) else str(row.province),
            "dates": readable_dates(row.date_start, row.date_end, row.date_precision),
            "perpetrator": "" if pd.isna(row.perpetrator) else str(row.perpetrator),
            "incident_id": row.incident_id,
        }
        rows.append(
            [
                escape(row.official),
                escape(row.position),
                _text(row.province),
                readable_dates(row.date_start, row.date_end, row.date_precision),
                _text(row.perpetrator),
                _links(row.official_id),
                _links(row.incident_id),
            ]
        )
        details.append(
            _detail(
                ds,
                [
                    ("n_sources", f"{row.n_sources} ({escape(str(row.source_ids))})"),
                    ("n_independent", str(row.n_independent)),
                ],
            )
        )
    html = _table(
        ds,
        ["official", "position", "province", "dates", "perpetrator", "official_id", "incident_id"],
        rows,
        details,
        table_id="killings",
    )
    return Recorded(html.data, _figures(ds, "killings", ["official_id"], figures))


def flows_table(ds: Dataset, flows: Flows) -> HTML:
    """Speaker -> target pairs by kind; each coded count links to the statements' quotes, machine-coded ones apart."""
    machine = bool(flows.edges["machine_coded"].sum())
    rows, details = [], []
    for row in flows.edges.itertuples(index=False):
        group_anchor = anchor("grp", row.speaker, row.target, row.kind)
        coded = f'<a href="#{group_anchor}">{row.coded}</a>' if row.coded else "0"
        rows.append(
            [escape(row.speaker), escape(row.target), escape(row.kind), coded]
            + ([str(row.machine_coded), str(row.statements)] if machine else [])
        )
        details.append(_detail(ds, [("statement_ids", _links(row.statement_ids))]))
    columns = ["speaker", "target", "kind", "coded"] + (["machine_coded", "statements"] if machine else [])
    figures = {
        f"{row.speaker} · {row.target} · {row.kind}": {
            "coded": int(row.coded),
            "machine_coded": int(row.machine_coded),
        }
        for row in flows.edges.itertuples(index=False)
    }
    html = _table(ds, columns, rows, details, table_id="pairs")
    return Recorded(html.data, _figures(ds, "pairs", ["speaker", "target", "kind"], figures))


def machine_coded_table(ds: Dataset, start=None, end=None, actors=None, kinds=None, datasets=None) -> HTML:
    """The machine-coded statements behind the flows (the first few; the rest counted), each with its dataset's code,
    outlet and story: they carry no quote, so this is what a reader can check them by."""
    rows = statements_in(ds, start, end, actors, kinds, datasets)
    rows = rows[rows["machine_coded"]]
    rows = rows.sort_values(["date_start", "dataset", "statement_id"])
    shown, more = rows.head(IMPORTED_ROWS_SHOWN), max(0, len(rows) - IMPORTED_ROWS_SHOWN)
    names = ds.actor_names()

    def who(actor, name):
        return escape(names.get(actor, actor) if pd.notna(actor) else (name if pd.notna(name) else "not stated"))

    cells = [
        [
            escape(f"{row.dataset}:{row.statement_id}"),
            escape(readable_dates(row.date_start, row.date_end)),
            who(row.speaker_actor, row.speaker_name),
            who(row.target_actor, row.target_name),
            escape(str(row.kind)),
            _text(row.code),
            _text(row.publisher),
            _text(row.story_id),
        ]
        for row in shown.itertuples(index=False)
    ]
    return _table(
        ds,
        ["record_id", "dates", "speaker", "target", "kind", "code", "publisher", "story_id"],
        cells,
        table_id="machine-coded",
        more=more,
    )


def attributions_table(ds: Dataset, table: pd.DataFrame) -> HTML:
    """Per incident: the coded perpetrator beside who claimed, blamed and denied it, each statement linked to its
    quotes; contested and unclaimed incidents flagged. Imported events whose notes name a claimant come first; the
    others are listed up to style.yaml's imported_rows_shown and counted beyond it."""
    on_record = table["from_notes"] | (table[STANCE_COLUMNS] != "").any(axis=1)
    shown, more = _few_imported(pd.concat([table[on_record], table[~on_record]]))
    rows = []
    for row in shown.itertuples(index=False):
        flags = ", ".join(
            flag for flag, on in (("contested", row.contested), ("no claim on record", row.unclaimed)) if on
        )
        rows.append(
            [
                _links(row.incident_id) if row.dataset == CODED else escape(row.incident_id),
                escape(readable_dates(row.date_start, row.date_end)),
                _text(row.perpetrator_label),
                _linked_ids(row.claimed_by),
                _linked_ids(row.blamed_on),
                _linked_ids(row.denied_by),
                escape(flags) or "-",
            ]
        )
    columns = ["incident_id", "dates", "perpetrator", *STANCE_COLUMNS, "flags"]
    return _table(ds, columns, rows, table_id="attributions", more=more)


def _linked_ids(cell: str) -> str:
    """'Taliban: ST33; Pakistan: ST34' with each statement id linked to its quotes."""
    if not cell:
        return "-"
    parts = []
    for part in cell.split("; "):
        who, _, ids = part.rpartition(": ")
        linked = escape(ids) if ids == FROM_NOTES else _links(ids)
        parts.append(f"{escape(who)}: {linked}")
    return "<br>".join(parts)


def attributions_evidence(ds: Dataset, table: pd.DataFrame) -> HTML:
    """The quotes of the statements about each incident (the incidents' own quotes are in the attacks' evidence)."""
    groups = [
        (
            anchor("grp", "attributions", row.incident_id),
            f"{row.incident_id}: who is said to be behind it",
            row.statement_ids.split(", "),
            0,
        )
        for row in table.itertuples(index=False)
        if row.statement_ids
    ]
    return evidence_blocks(ds, groups)


def flows_evidence(ds: Dataset, flows: Flows) -> HTML:
    """The quotes behind each count of flows_table, then behind the other statements of the exchanges."""
    return evidence_blocks(ds, _flow_groups(flows))


def _flow_groups(flows: Flows) -> list[tuple]:
    groups = [
        (
            anchor("grp", row.speaker, row.target, row.kind),
            f"{row.speaker} → {row.target}, {row.kind}: {row.coded}",
            row.statement_ids.split(", "),
            0,
        )
        for row in flows.edges.itertuples(index=False)
        if row.coded  # machine-coded statements have no quotes: machine_coded_table lists them
    ]
    listed = {record for group in groups for record in group[2]}
    others = [i for i in [*flows.threads["statement_id"], *flows.partly["statement_id"]] if i not in listed]
    return groups + [(anchor("grp", "threads"), "Other statements in the exchanges", list(dict.fromkeys(others)), 0)]


def killings_evidence(ds: Dataset, killings: pd.DataFrame, partly: pd.DataFrame) -> HTML:
    """The quotes behind each killing of killings_table: those naming each official, then those of their incidents."""
    return evidence_blocks(ds, _killing_groups(killings, partly))


def _killing_groups(killings: pd.DataFrame, partly: pd.DataFrame, listed: set = frozenset()) -> list[tuple]:
    """The officials' own quotes, then their incidents' (those not already `listed` elsewhere on the page)."""
    officials = list(dict.fromkeys([*killings["official_id"], *partly["official_id"]]))
    incidents = [i for i in dict.fromkeys([*killings["incident_id"], *partly["incident_id"]]) if i not in listed]
    return [
        (anchor("grp", "killings"), "Officials killed: the quotes naming them", officials, 0),
        (anchor("grp", "killings", "incidents"), "The incidents they were killed in", incidents, 0),
    ]


def briefing_evidence(
    ds: Dataset, attacks: AttackCounts, killings: pd.DataFrame, partly: pd.DataFrame, flows: Flows
) -> HTML:
    """Every row a briefing's counts link to, each once: attacks, officials killed, statements, rows resting on one
    independent report."""
    groups = _attack_groups(attacks) + _flow_groups(flows)
    listed = {record for group in groups for record in group[2]}
    groups += _killing_groups(killings, partly, listed)
    listed |= {record for group in groups for record in group[2]}
    single = corroboration(ds)
    single = [i for i in single.loc[single["single_source"], "record_id"] if i not in listed]
    groups += [(anchor("grp", "single"), "Other rows resting on one independent report", single, 0)]
    return evidence_blocks(ds, groups, attacks.datasets)


def single_source_table(ds: Dataset) -> HTML:
    """The coded rows that rest on one independent report only (one article, or several of one wire story): to treat as
    unconfirmed."""
    single = corroboration(ds)
    single = single[single["single_source"]]
    rows = [
        [
            _links(row.record_id),
            escape(row.record_type),
            _text(row.summary),
            escape(str(row.source_ids)),
            str(row.n_sources),
            str(row.n_independent),
        ]
        for row in single.itertuples(index=False)
    ]
    return _table(
        ds,
        ["record_id", "record_type", "summary", "source_id", "n_sources", "n_independent"],
        rows,
        table_id="single-source",
    )


def _story(source) -> str:
    """The wire story an article shares with others, and why, under its entry in the sources list."""
    if pd.isna(getattr(source, "story", pd.NA)):
        return ""
    return f"<br><small>Wire story {escape(source.story)}: {_text(source.story_basis)}</small>"


def _import_item(name: str, manifest: dict) -> str:
    """An imported dataset for readers: its format, its file(s) and their hashes, and how many rows."""
    files, shas = manifest.get("export", ""), manifest.get("export_sha256", "")
    files, shas = ([files], [shas]) if isinstance(files, str) else (files, shas)
    size = (
        f"{manifest.get('statements')} machine-coded statements (unverified)"
        if manifest.get("table") == "statements"
        else f"{manifest.get('events')} events"
    )
    exports = ", ".join(
        f"<code>{escape(str(file))}</code> (SHA-256 {escape(str(sha)[:12])}&hellip;)" for file, sha in zip(files, shas)
    )
    return (
        f"<li><b>{escape(name)}</b> · {escape(str(manifest.get('format', '')).upper())} export {exports} · {size}</li>"
    )


def sources_list(ds: Dataset, datasets=()) -> HTML:
    """The articles (outlet, title, publication dates and how they were found, where, the file) and the imported
    datasets used."""
    items = [
        f'<li id="{anchor("src", row.source_id)}"><b>{escape(row.source_id)}</b> · {escape(row.outlet)} · '
        f"&ldquo;{escape(row.title)}&rdquo; · "
        f"published {escape(readable_dates(row.published_start, row.published_end))} · "
        f"text: <code>{escape(row.path)}</code> (SHA-256 {escape(row.sha256[:12])}&hellip;)"
        f"<br><small>Date basis: {escape(row.published_basis)}</small>"
        + (f"<br><small>Found at: {escape(row.url)}</small>" if pd.notna(row.url) else "")
        + f"{_story(row)}</li>"
        for row in ds.sources.itertuples(index=False)
    ]
    chosen = [name for name in datasets if name != CODED]
    items += [_import_item(name, ds.imports[name]) for name in chosen]
    return HTML(f'<ul class="sources" id="sources">{"".join(items)}</ul>')
