"""index.html: the reports grouped by notebook (a grid's by its first axis), failures first, each with what it found.
No scripts: a grid's groups fold with <details>, and a line of links leads to each."""

from __future__ import annotations

import html
from pathlib import Path

from .history import builds
from .outcomes import Outcome, now

STATUS = {"built": "built now", "skipped": "up to date", "failed": "FAILED"}


def index_page(outcomes: list[Outcome], out_dir: Path) -> str:
    """A "Failed" group on top (so a reader sees first what is missing or stale), then one group per notebook in the
    order of the report list, each report with its title, first finding, parameters, status, data version and build
    time.
    A failed report links its NAME.failed.ipynb where one was saved (a report refused before running has none)."""
    failed = [o for o in outcomes if o.status == "failed"]
    groups: dict[str, list[Outcome]] = {}
    for o in outcomes:
        if o.status != "failed":
            groups.setdefault(o.notebook.removesuffix(".ipynb"), []).append(o)
    sections = ([_section("Failed", "failed", failed, Path(out_dir), notebook_column=True)] if failed else []) + [
        _notebook_section(notebook, reports, Path(out_dir)) for notebook, reports in groups.items()
    ]
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Reports</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2em; color: #222; }}
table {{ border-collapse: collapse; }}
th, td {{ border-bottom: 1px solid #ddd; padding: 0.4em 0.8em; text-align: left; vertical-align: top; }}
details {{ margin: 0.3em 0; }} summary {{ cursor: pointer; }} .axis a {{ margin-right: 0.6em; }}
section.failed h2 {{ color: #a00; }} section.failed td {{ background: #fde8e8; }} .error {{ color: #a00; }}
.finding {{ margin: 0.3em 0 0 0; max-width: 48em; color: #444; }}
</style></head>
<body><h1>Reports</h1>
<p>{len(outcomes)} reports{f", {len(failed)} failed" if failed else ""}. Index written {now()}.</p>
{chr(10).join(sections)}
{_past_builds(Path(out_dir))}
</body></html>
"""


def _past_builds(out_dir: Path) -> str:
    """The recorded builds, newest first: when, on which data, one line of what changed, and their archived pages."""
    recorded = builds(out_dir)
    if not recorded:
        return ""
    rows = []
    for build in reversed(recorded):
        folder = Path(build["folder"]).relative_to(out_dir).as_posix()
        links = " ".join(
            f'<a href="{html.escape(folder)}/{html.escape(name)}.html">{html.escape(name)}</a>'
            for name in build["reports"]
        )
        rows.append(
            f"<tr><td>{html.escape(build['built_at'])}</td><td>{html.escape(build['data_version'])}</td>"
            f"<td>{html.escape(build['summary'])}</td><td><details><summary>{len(build['reports'])} archived "
            f"report(s)</summary>{links}</details></td></tr>"
        )
    return (
        '<section class="history"><h2>Past builds</h2>\n<p>Compare two with <code>python -m analysis changes</code>.'
        "</p>\n<table><thead><tr><th>Built</th><th>Data version</th><th>What changed</th><th>Reports as they were"
        f"</th></tr></thead>\n<tbody>\n{chr(10).join(rows)}\n</tbody></table></section>"
    )


def _section(heading: str, kind: str, outcomes: list[Outcome], out_dir: Path, notebook_column: bool = False) -> str:
    table = _table(outcomes, out_dir, notebook_column)
    return f'<section class="{kind}"><h2>{html.escape(heading)}</h2>\n{table}</section>'


def _notebook_section(notebook: str, outcomes: list[Outcome], out_dir: Path) -> str:
    """A notebook's hand-written reports, then each grid's, folded by the value of its first axis."""
    single = [o for o in outcomes if not o.grid]
    grids: dict[str, list[Outcome]] = {}
    for o in outcomes:
        if o.grid:
            grids.setdefault(o.grid["entry"], []).append(o)
    parts = [_table(single, out_dir)] if single else []
    for entry, reports in grids.items():
        axis = next(iter(reports[0].grid["axes"]))
        by_value: dict[str, list[Outcome]] = {}
        for o in reports:
            by_value.setdefault(o.grid["axes"].get(axis, ""), []).append(o)
        anchor = f"grid-{html.escape(entry)}"
        heading = f'<h3 id="{anchor}">{html.escape(entry)}: {len(reports)} reports, by {html.escape(axis)}</h3>\n'
        if len(by_value) == len(reports):  # one report per value: one table says it
            parts.append(heading + _table(reports, out_dir))
            continue
        links = " ".join(f'<a href="#{anchor}-{i}">{html.escape(v)}</a>' for i, v in enumerate(by_value))
        parts.append(
            heading
            + f'<p class="axis">{links}</p>\n'
            + "\n".join(
                f'<details id="{anchor}-{i}"><summary>{html.escape(value)} '
                f"({len(group)} report{'s' * (len(group) != 1)})</summary>\n"
                f"{_table(group, out_dir)}</details>"
                for i, (value, group) in enumerate(by_value.items())
            )
        )
    return f'<section class="notebook"><h2>{html.escape(notebook)}</h2>\n' + "\n".join(parts) + "</section>"


def _table(outcomes: list[Outcome], out_dir: Path, notebook_column: bool = False) -> str:
    notebook = "<th>Notebook</th>" if notebook_column else ""
    rows = "\n".join(_row(o, out_dir, notebook_column) for o in outcomes)
    return (
        f"<table><thead><tr><th>Report</th>{notebook}<th>Parameters</th><th>Status</th><th>Data version</th>"
        f"<th>Built</th></tr></thead>\n<tbody>\n{rows}\n</tbody></table>"
    )


def _row(o: Outcome, out_dir: Path, notebook_column: bool) -> str:
    name, title = html.escape(o.name), html.escape(o.title)
    if o.status == "failed":
        saved = (out_dir / f"{o.name}.failed.ipynb").exists()
        links = [
            f'<a href="{name}.failed.ipynb">failed notebook</a>' if saved else "no failed notebook saved",
            f'<a href="{name}.html">last good report</a>, built {html.escape(o.built_at)}'
            if o.built_at
            else "no good report yet",
        ]
        report = f'{title}<p class="error">{html.escape(o.error)}</p>{"; ".join(links)}' + (
            f'<p class="finding">Last good report: {html.escape(o.finding)}</p>' if o.built_at and o.finding else ""
        )
    else:
        report = f'<a href="{name}.html">{title}</a>' + (
            f'<p class="finding">{html.escape(o.finding)}</p>' if o.finding else ""
        )
    notebook = f"<td>{html.escape(o.notebook)}</td>" if notebook_column else ""
    parameters = (
        "<br>".join(f"{html.escape(str(k))} = {html.escape(str(v))}" for k, v in o.parameters.items()) or "defaults"
    )
    return (
        f'<tr class="{o.status}"><td>{report}</td>{notebook}<td>{parameters}</td><td>{STATUS[o.status]}</td>'
        f"<td>{html.escape(o.data_version)}</td><td>{html.escape(o.built_at or 'never')}</td></tr>"
    )
