"""index.html: every report with its title, parameters, status, data version and build time. No scripts."""

from __future__ import annotations

import html

from .outcomes import Outcome, now


def index_page(outcomes: list[Outcome]) -> str:
    """index.html: every report with its title, parameters, status, data version and build time. No scripts."""
    rows = []
    for o in outcomes:
        link = f'<a href="{html.escape(o.name)}.html">{html.escape(o.title)}</a>' if o.built_at else html.escape(o.title)
        status = {"built": "built now", "skipped": "up to date", "failed": "FAILED"}[o.status]
        if o.status == "failed":
            status += (f'<br><small>{html.escape(o.error)}</small><br><a href="{html.escape(o.name)}.failed.ipynb">failed notebook</a>'
                       + ("; the link shows the last good report" if o.built_at else ""))
        parameters = "<br>".join(f"{html.escape(str(k))} = {html.escape(str(v))}" for k, v in o.parameters.items()) or "defaults"
        rows.append(f'<tr class="{o.status}"><td>{link}</td><td>{html.escape(o.notebook)}</td><td>{parameters}</td>'
                    f"<td>{status}</td><td>{html.escape(o.data_version)}</td><td>{html.escape(o.built_at or 'never')}</td></tr>")
    failed = sum(o.status == "failed" for o in outcomes)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Reports</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2em; color: #222; }}
table {{ border-collapse: collapse; }} th, td {{ border-bottom: 1px solid #ddd; padding: 0.4em 0.8em; text-align: left; vertical-align: top; }}
tr.failed td {{ background: #fde8e8; }} small {{ color: #a00; }}
</style></head>
<body><h1>Reports</h1>
<p>{len(outcomes)} reports{f", {failed} failed" if failed else ""}. Index written {now()}.</p>
<table><thead><tr><th>Report</th><th>Notebook</th><th>Parameters</th><th>Status</th><th>Data version</th><th>Built</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody></table></body></html>
"""
