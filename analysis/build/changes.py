"""What changed between two recorded builds (history.py): rows added, removed or edited per table, figures that
moved in each report, reports added or removed; each report's "Since the last build" section; and the recording
of a build in progress (Recording).

`python -m analysis changes` prints it; `changes(out_dir)` returns the same for Python and notebooks.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

import pandas as pd

from ..errors import ChoiceError, InputError
from ..imports import read_manifest
from ..paths import CODED, IMPORTS_FOLDER
from ..storage import write_atomically
from ..views.filters import as_list
from .history import SEPARATOR, SETTINGS, builds, data_rows, import_states, record_build, rows_of
from .run import SINCE_PLACEHOLDER

SIGNS = {"added": "+", "removed": "-", "edited": "~"}
IMPORTED = set(SETTINGS["imported"])


@dataclass
class Moved:
    """A figure of a report's table that changed: `before` "" for a new row, `after` "" for a gone one."""

    report: str
    table: str
    row: str
    label: str  # the figure's label ("" for a whole row)
    before: object
    after: object

    def __str__(self) -> str:
        if not self.label:
            return f"{self.table}: {self.row}: " + ("row gone" if self.after == "" else f"new row ({self.after})")
        return f"{self.label}, {self.row}: {self.before} -> {self.after}"


@dataclass
class Changes:
    before: dict | None  # the earlier build's record (None: there is none)
    after: dict
    rows: pd.DataFrame  # table, id, change (added | removed | edited), line, why
    moved: list[Moved] = field(default_factory=list)
    reports_added: list[str] = field(default_factory=list)
    reports_removed: list[str] = field(default_factory=list)

    def text(self) -> str:
        """For people: one block per table, then the figures that moved by report, then the reports added or
        removed."""
        after = self.after
        if self.before is None:
            return f"build {after['build']} ({after['built_at']}) is the first on record: nothing to compare with"
        lines = [f"from build {_named(self.before)} to {_named(after)}:"]
        for table, rows in self.rows.groupby("table", sort=False):
            counts = rows["change"].value_counts()
            lines.append(f"{table}: " + ", ".join(f"{counts.get(c, 0)} {c}" for c in SIGNS))
            lines += [f"  {SIGNS[r.change]} {_described(r)}" for r in rows.itertuples(index=False)]
        if self.rows.empty:
            lines.append("no row of the data changed")
        for report in dict.fromkeys(m.report for m in self.moved):
            lines.append(f"figures that moved in {report}:")
            lines += [f"  {m}" for m in self.moved if m.report == report]
        for word, names in (("added", self.reports_added), ("removed", self.reports_removed)):
            if names:
                lines.append(f"reports {word}: {', '.join(names)}")
        return "\n".join(lines)


def _named(build: dict) -> str:
    return f"{build['build']} ({build['built_at']}, data version {build['data_version']})"


def changes(out_dir: Path, since: str | None = None, report: str | None = None) -> Changes:
    """The latest build against the one named by `since` (a build id or its start, or a date YYYY-MM-DD: the last
    build before that day), by default the build before it; `report` narrows to what that report shows."""
    recorded = builds(out_dir)
    if not recorded:
        folder = Path(out_dir) / SETTINGS["folder"]
        raise InputError(f"no build recorded in {folder}: build the reports first (python -m analysis build)")
    after = recorded[-1]
    before = _chosen(recorded[:-1], since)
    if report is not None and report not in after["reports"]:
        raise ChoiceError("report", report, after["reports"])
    return compare(before, after, report)


def _chosen(earlier: list[dict], since: str | None) -> dict | None:
    if since is None:
        return earlier[-1] if earlier else None
    named = [b for b in earlier if b["build"].startswith(since)]
    if named:
        return named[-1]
    try:
        day = pd.Timestamp(since)
    except ValueError:
        raise ChoiceError("build", since, [b["build"] for b in earlier]) from None
    before = [b for b in earlier if pd.Timestamp(b["built_at"].removesuffix(" UTC")) < day]
    return before[-1] if before else (earlier[0] if earlier else None)


def compare(before: dict | None, after: dict, report: str | None = None) -> Changes:
    """Two build records compared (`report`: only what that report shows)."""
    now = rows_of(after)
    if before is None:
        return Changes(None, after, now.iloc[:0].assign(change="", why=""))
    rows = data_changes(before, now, after)
    names = [report] if report else list(after["reports"])
    moved = [m for name in names for m in moved_figures(name, before["reports"].get(name), after["reports"][name])]
    if report:
        rows = relevant(rows, before["reports"].get(report), after["reports"][report])
    added = [] if report else sorted(set(after["reports"]) - set(before["reports"]))
    removed = [] if report else sorted(set(before["reports"]) - set(after["reports"]))
    return Changes(before, after, rows, moved, added, removed)


def data_changes(before: dict, now: pd.DataFrame, after: dict) -> pd.DataFrame:
    """The rows changed since the build `before`: the coded tables' by their hashes, the imports' from their
    changelogs (`after`: its data_dir and import states)."""
    coded = row_changes(rows_of(before), now).assign(why="")
    return pd.concat([coded, import_changes(before, after)], ignore_index=True)


def row_changes(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """Rows added, removed or edited (same id, another hash), table by table, with their line (the new one if any)."""
    merged = old.merge(new, on=["table", "id"], how="outer", suffixes=("_old", "_new"), indicator=True)
    changed = (merged["_merge"] != "both") | (merged["hash_old"] != merged["hash_new"])
    merged = merged[changed.to_numpy()]
    change = merged["_merge"].map({"left_only": "removed", "right_only": "added", "both": "edited"}).astype(str)
    order = {table: i for i, table in enumerate(SETTINGS["tables"])}
    result = pd.DataFrame(
        {
            "table": merged["table"].astype(str),
            "id": merged["id"].astype(str),
            "change": change,
            "line": merged["line_new"].fillna(merged["line_old"]).fillna("").astype(str),
        }
    )
    result["order"] = result["table"].map(order)
    return result.sort_values(["order", "id"]).drop(columns="order").reset_index(drop=True)


def import_changes(before: dict, after: dict) -> pd.DataFrame:
    """Events added, re-coded and deleted between two builds, from their import's changelog entries made in between
    (an event added then deleted in between never shows); an import added, removed, or replaced with no changelog
    (statement files) is one row of the table "imports"."""
    rows = []
    data_dir, old = Path(after.get("data_dir", "")), before.get("imports", {})
    for name in sorted(set(old) | set(after.get("imports", {}))):
        was, now = old.get(name), after.get("imports", {}).get(name)
        if was and now and was["sha256"] == now["sha256"]:
            continue
        entries = []
        if was and now:
            manifest = read_manifest(data_dir / IMPORTS_FOLDER / f"{name}.yaml")
            entries = (manifest.get("changelog") or [])[was["changelog"] : now["changelog"]]
        if entries and all(isinstance(e.get("added"), list) for e in entries):
            rows += _event_changes(name, manifest.get("format", name).upper(), entries)
        else:
            change = "added" if not was else "removed" if not now else "edited"
            size = f"{(now or was)['rows']} {(now or was)['table']}" + (f" (was {was['rows']})" if was and now else "")
            rows.append({"table": "imports", "id": name, "change": change, "line": size, "why": ""})
    return pd.DataFrame(rows, columns=["table", "id", "change", "line", "why"])


def _event_changes(name: str, source: str, entries: list[dict]) -> list[dict]:
    """Each event's net change over the changelog entries, with why (the last entry that touched it)."""
    first, last = {}, {}
    for entry in entries:
        withdrawn = set(entry.get("withdrawn") or ())
        for key, ids in (
            ("added", entry["added"]),
            ("updated", entry.get("updated")),
            ("deleted", entry.get("deleted")),
        ):
            for event_id in ids or ():
                first.setdefault(event_id, (key, f"new in the export {entry['export']}"))
                if key == "deleted":
                    why = (
                        f"deleted by {source}: in the deletions file {entry['deletions']}"
                        if event_id in withdrawn
                        else f"no longer in the export {entry['export']}"
                    )
                else:
                    why = f"{'new' if key == 'added' else 're-coded'} in the export {entry['export']}"
                last[event_id] = (key, why)
    rows = []
    for event_id, (key, why) in sorted(last.items()):
        if first[event_id][0] == "added":
            if key == "deleted":
                continue  # came and went between the two builds: no reader saw it
            change, why = "added", first[event_id][1]
        else:
            change = "removed" if key == "deleted" else "edited"
        rows.append({"table": "events", "id": f"{name}{SEPARATOR}{event_id}", "change": change, "line": "", "why": why})
    return rows


def moved_figures(name: str, before: dict | None, after: dict) -> list[Moved]:
    """Each figure of a report's tables that changed between two of its records, new rows and gone rows."""
    if not before:
        return []
    moved = []
    old_tables, new_tables = before["record"].get("tables", {}), after["record"].get("tables", {})
    for table, new in new_tables.items():
        old = old_tables.get(table, {}).get("rows", {})
        labels = new.get("labels", {})
        for row, figures in new["rows"].items():
            if row not in old:
                shown = "; ".join(f"{labels.get(c, c)} {v}" for c, v in figures.items() if v not in ("", None))
                moved.append(Moved(name, table, row, "", "", shown))
                continue
            moved += [
                Moved(name, table, row, labels.get(c, c), old[row].get(c), v)
                for c, v in figures.items()
                if old[row].get(c) != v
            ]
        moved += [Moved(name, table, row, "", "row", "") for row in old if row not in new["rows"]]
    return moved


def relevant(rows: pd.DataFrame, before: dict | None, after: dict) -> pd.DataFrame:
    """The row changes a report shows: coded records it lists (now or before), rows of the imported datasets it
    reads, and link decisions on either."""
    listed = set(after["record"].get("listed", [])) | set((before or {}).get("record", {}).get("listed", []))
    datasets = set(as_list(after.get("parameters", {}).get("datasets", CODED))) - {CODED}
    first = rows["id"].str.split(SEPARATOR).str[0]
    imported = rows["table"].isin(IMPORTED)
    decisions = rows["table"] == "link_decisions"

    def touches(decision_id: str) -> bool:
        """A decision names records as DATASET:ID: one of this report's coded rows, or its imported datasets."""
        sides = [side.partition(":") for side in decision_id.split(SEPARATOR)]
        return any((dataset == CODED and record in listed) or dataset in datasets for dataset, _, record in sides)

    keep = (~imported & ~decisions & first.isin(listed)) | (imported & first.isin(datasets))  # events, imports
    keep |= decisions & rows["id"].where(decisions, "").map(touches).astype(bool)
    return rows[keep.to_numpy()].reset_index(drop=True)


def since_section(name: str, before_build: dict | None, after_report: dict, rows: pd.DataFrame, now) -> str:
    """The "Since the last build" section of one report (HTML): its new rows with their quotes, figures that moved,
    rows that left it and why. `rows`: this build's row changes; `now`: this build's rows (for the quotes)."""
    head = '<section class="since-last-build"><h2>Since the last build</h2>'
    before = (before_build or {}).get("reports", {}).get(name)
    if not before:
        return (
            head
            + "<p>This is the first build of this report on record: there is nothing to compare with.</p></section>"
        )
    mine = relevant(rows, before, after_report)
    changed_records = set(mine.loc[mine["table"] != "evidence", "id"])
    quotes = now[now["table"] == "evidence"]
    items = []
    for r in mine.itertuples(index=False):
        if r.table == "evidence" and r.id.split(SEPARATOR)[0] in changed_records:
            continue  # the quote is shown under its record
        text = f"{escape(r.table)} {r.change}: <b>{escape(r.id)}</b>" + (f": {escape(r.line)}" if r.line else "")
        if r.why:
            text += f" <i>({escape(r.why)})</i>"
        if r.change != "removed" and r.table not in IMPORTED and r.table != "evidence":
            said = quotes.loc[quotes["id"].str.startswith(f"{r.id}{SEPARATOR}"), "line"]
            text += "".join(f"<blockquote>{escape(q)}</blockquote>" for q in said)
        items.append(f"<li>{text}</li>")
    gone = set(before["record"].get("listed", [])) - set(after_report["record"].get("listed", []))
    items += [f"<li>no longer listed: <b>{escape(i)}</b> ({escape(_why_gone(i, rows))})</li>" for i in sorted(gone)]
    items += [f"<li>{escape(str(m))}</li>" for m in moved_figures(name, before, after_report)]
    body = f"<ul>{''.join(items)}</ul>" if items else "<p>Nothing this report shows has changed.</p>"
    return (
        head
        + f"<p>Compared with the build of {escape(before_build['built_at'])} (data version "
        + f"{escape(before_build['data_version'])}).</p>{body}</section>"
    )


def _why_gone(record: str, rows: pd.DataFrame) -> str:
    """Why a record a report listed before is not listed now: removed, merged by a link, or re-coded out."""
    own = rows[(rows["table"] != "evidence") & (rows["id"] == record)]
    if (own["change"] == "removed").any():
        return "removed from the data"
    merged = rows[
        (rows["table"] == "link_decisions")
        & (rows["change"] != "removed")
        & rows["id"].str.contains(f"{CODED}:{record}", regex=False)
    ]
    if not merged.empty:
        return f"merged by the link {merged['id'].iloc[0]}"
    if not own.empty:
        return "edited: its dates, place or actors now fall outside this report's window or filters"
    return "still in the data, unchanged: a change to another row moved it out of this report"


def _described(r) -> str:
    """A changed row in one line: its id, what it says (unless the id ends with it: a quote), and why it changed."""
    return (
        f"{r.id}" + (f": {r.line}" if r.line and not r.id.endswith(r.line) else "") + (f" ({r.why})" if r.why else "")
    )


def report_record(notebook: Path) -> dict:
    """What an executed notebook's reader tables handed over (reader_tables.Recorded): tables by name, rows listed."""
    from ..reader_tables import RECORD_MIME

    tables, listed = {}, []
    for cell in json.loads(Path(notebook).read_text(encoding="utf-8")).get("cells", []):
        for output in cell.get("outputs", []):
            record = output.get("data", {}).get(RECORD_MIME)
            if not record:
                continue
            if "listed" in record:
                listed += record["listed"]
            else:
                table = tables.setdefault(record["table"], {"labels": {}, "rows": {}})
                table["labels"] |= record["labels"]
                table["rows"] |= record["rows"]
    return {"tables": tables, "listed": list(dict.fromkeys(listed))}


class Recording:
    """This build's entry in the history (history.py): the data's rows now against the last build's, each built
    report's record, and its "Since the last build" section written into its page."""

    def __init__(self, out_dir: Path, ds, data_path: Path, data: str):
        self.out_dir, self.data_path, self.data = out_dir, data_path, data
        self.rows, self.imports, self.reports = data_rows(ds), import_states(ds.imports), {}
        recorded = builds(out_dir)
        self.last = recorded[-1] if recorded else None
        now = {"data_dir": str(data_path), "imports": self.imports}
        self.changes = data_changes(self.last, self.rows, now) if self.last else None

    def built(self, spec, outcome) -> None:
        entry = {
            "title": spec.title,
            "parameters": spec.parameters,
            "built_at": outcome.built_at,
            "record": report_record(self.out_dir / f"{spec.name}.ipynb"),
        }
        self.reports[spec.name] = entry
        changes = self.changes if self.changes is not None else self.rows.iloc[:0].assign(change="", why="")
        section = since_section(spec.name, self.last, entry, changes, self.rows)
        page = self.out_dir / f"{spec.name}.html"
        write_atomically(page, page.read_text(encoding="utf-8").replace(SINCE_PLACEHOLDER, section, 1))

    def record(self, specs: list, whole: bool, keep: int) -> None:
        """Write the build's record. A report this build did not rebuild keeps its last record; one the report list
        no longer names leaves it, unless this build was of some reports only (`whole` False)."""
        earlier = (self.last or {}).get("reports", {})
        names = [s.name for s in specs] + ([] if whole else [n for n in earlier if n not in {s.name for s in specs}])
        reports = {name: self.reports.get(name) or earlier.get(name) for name in names}
        reports = {name: entry for name, entry in reports.items() if entry}
        record_build(self.out_dir, self.data, self.data_path, self.imports, self.rows, reports, self._summary(), keep)

    def _summary(self) -> str:
        """One line: how many reports were built, and the rows changed per table."""
        line = f"{len(self.reports)} report(s) built"
        if self.changes is None:
            return line + "; the first build on record"
        counts = self.changes.groupby(["table", "change"], sort=False).size()
        per_table = [
            f"{table} "
            + " ".join(
                f"{sign}{counts[(table, change)]}" for change, sign in SIGNS.items() if (table, change) in counts
            )
            for table in dict.fromkeys(self.changes["table"])
        ]
        return line + "; " + (", ".join(per_table) if per_table else "no data changed")
