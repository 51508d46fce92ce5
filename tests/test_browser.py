"""Every chart is drawn with the network blocked: in nbconvert's HTML and in JupyterLab."""

import io
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import nbformat
import pytest
from browser import offline_page, require_chromium

from analysis import build
from analysis.notebook_refresh import notebook_paths
from analysis.rendering import VEGA_MIMETYPE, notebook_to_html, vega_javascript
from conftest import PROJECT_DIR

pytestmark = [pytest.mark.browser, pytest.mark.live]  # the live notebooks and reports.yaml, drawn in Chromium
SCREENSHOTS = PROJECT_DIR / "reports" / "screenshots"


def chart_count(path) -> int:
    notebook = nbformat.read(path, as_version=4)
    return sum(VEGA_MIMETYPE in o.get("data", {}) for c in notebook.cells if c.cell_type == "code" for o in c.outputs)


NOTEBOOKS = [path for path in notebook_paths() if chart_count(path)]  # link_review draws no chart


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_html_draws_every_chart_offline(path, tmp_path):
    require_chromium()
    page_file = tmp_path / f"{path.stem}.html"
    page_file.write_text(notebook_to_html(nbformat.read(path, as_version=4)), encoding="utf-8")
    assert_every_chart_drawn_offline(page_file, chart_count(path), f"html-{path.stem}")


def assert_every_chart_drawn_offline(page_file, expected_charts, screenshot, read=None):
    """Open a page with the network blocked; every chart must be drawn, nothing requested, no console error.

    read(page), when given, reads more from the open page; its result is returned for the caller to check.
    """
    with offline_page() as (page, blocked, errors):
        page.goto(page_file.as_uri())
        page.wait_for_function(
            "[...document.querySelectorAll('.vega-chart')].every(c => c.dataset.rendered !== 'pending')", timeout=30_000
        )
        states = page.eval_on_selector_all(".vega-chart", "charts => charts.map(c => c.dataset.rendered)")
        marks = page.eval_on_selector_all(
            ".vega-chart",
            "charts => charts.map(c => c.querySelectorAll('svg .role-mark path, svg .role-mark rect, svg .role-mark "
            "line, svg .role-mark text').length)",  # text: a chart that says in words it has nothing to draw
        )
        chart_rows = page.eval_on_selector_all(
            ".vega-chart script.vega-spec", "specs => specs.map(s => chartRows(JSON.parse(s.textContent)).length)"
        )
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{screenshot}.png"), full_page=True)
        found = read(page) if read else None
    assert states == ["true"] * expected_charts
    assert all(n > 0 for n, rows in zip(marks, chart_rows) if rows), marks  # a chart of no rows draws no mark
    assert blocked == [], "the page tried to reach the network"
    assert errors == []
    return found


def test_vega_javascript_is_carried_once():
    path = PROJECT_DIR / "notebooks" / "briefing.ipynb"
    html = notebook_to_html(nbformat.read(path, as_version=4))
    assert html.count(vega_javascript()[:500]) == 1
    assert html.count('class="jp-OutputArea-output vega-chart"') == chart_count(path) > 1


@pytest.fixture(scope="module")
def built_reports(tmp_path_factory):
    """Every report of reports.yaml, built into a scratch folder."""
    require_chromium()
    out = tmp_path_factory.mktemp("reports")
    outcomes = build.build(out_dir=out, stream=io.StringIO())
    assert {o.status for o in outcomes} == {"built"}, [o.error for o in outcomes]
    return out


SPECS = build.read_config(build.CONFIG)
ALL_REPORTS = [spec.name for spec in SPECS]


def _grids_sampled(specs) -> list[str]:
    """Hand-written reports, and of each grid its first and last report, so the browser tests stay quick however
    large a grid grows (the index test still sees every report)."""
    sampled, grids = [], {}
    for spec in specs:
        if not spec.grid:
            sampled.append(spec.name)
        else:
            grids.setdefault(spec.grid["entry"], []).append(spec.name)
    for names in grids.values():
        sampled += names[:1] + names[1:][-1:]
    return sampled


REPORTS = _grids_sampled(SPECS)


CHART_DOWNLOADS = """charts => charts.map(c => {
  const link = c.querySelector('a.chart-download');
  return [link && link.href, chartRows(JSON.parse(c.querySelector('script.vega-spec').textContent))];
})"""
UNRESOLVED_LINKS = """[...document.querySelectorAll('a[href^="#"]')].map(a => a.getAttribute('href').slice(1))
  .filter(id => !document.getElementById(id))"""
MAP_SHAPES = """charts => charts.filter(c => c.getAttribute('aria-label')
    && c.querySelector('.vega-target').textContent.includes('Incidents by province'))
  .map(c => c.querySelectorAll('svg .role-mark path').length)"""


def read_as_a_document(page) -> dict:
    """What a reader meets on a report page: count links, quotes, text, CSV downloads, contents, the map."""
    return {
        "unresolved": page.evaluate(UNRESOLVED_LINKS),
        "counted": page.eval_on_selector_all(
            "table.reader a[href^='#grp-'], .jp-RenderedMarkdown a[href^='#']", "links => links.length"
        ),
        "text": page.inner_text("main"),
        "cells": page.eval_on_selector_all("main td, main th", "cells => cells.map(c => c.textContent.trim())"),
        "quotes": page.eval_on_selector_all(".evidence-group blockquote", "quotes => quotes.map(q => q.textContent)"),
        "downloads": page.eval_on_selector_all(".vega-chart", CHART_DOWNLOADS),
        "contents": page.eval_on_selector_all("nav#toc a", "links => links.map(a => a.getAttribute('href'))"),
        "sections": page.eval_on_selector_all("h2[id]", "headings => headings.map(h => '#' + h.id)"),
        "back": page.eval_on_selector_all("nav.report-nav a", "links => links.map(a => a.getAttribute('href'))"),
        "map_shapes": page.eval_on_selector_all(".vega-chart", MAP_SHAPES),
    }


@pytest.mark.parametrize("name", REPORTS)
def test_report_draws_every_chart_offline_and_reads_as_a_document(built_reports, name):
    """Every chart drawn offline; every count link lands on the page, every quote is whole, no pandas placeholder
    shows, each chart's rows download as CSV, the contents list the sections, the map draws the 34 provinces."""
    import csv
    from urllib.parse import unquote

    from analysis import load

    executed = built_reports / f"{name}.ipynb"
    page = assert_every_chart_drawn_offline(
        built_reports / f"{name}.html", chart_count(executed), f"report-{name}", read_as_a_document
    )
    counted_rows = any(rows for _, rows in page["downloads"])
    assert page["unresolved"] == [] and (page["counted"] > 0 or not counted_rows)  # an empty window has no counts
    # pandas' placeholders never reach a reader; "None" is only one as a whole cell (a quote may say "None of ...")
    placeholders = {"<NA>", "NaN", "NaT", "None", "nan"}
    assert not any(p in page["text"] for p in ("<NA>", "NaN", "NaT")) and placeholders.isdisjoint(page["cells"])
    known = set(load().evidence["quote"]) | set(load().events["notes"].dropna())
    assert page["quotes"] and [q for q in page["quotes"] if q not in known] == []  # whole quotes, as coded
    assert page["downloads"] and all(href for href, rows in page["downloads"] if rows)  # none for a chart of no rows
    for href, rows in (download for download in page["downloads"] if download[1]):
        table = list(csv.DictReader(unquote(href.split(",", 1)[1]).splitlines()))
        assert len(table) == len(rows) and set(table[0]) == set().union(*rows)
    assert page["contents"] == page["sections"] and page["back"] == ["index.html"]
    maps = nbformat.read(executed, as_version=4).cells
    expected_maps = sum("charts.province_map(" in cell.source for cell in maps if cell.cell_type == "code")
    assert page["map_shapes"] == [34] * expected_maps


def test_index_opens_offline_and_links_every_report(built_reports):
    """Every report linked once, under the heading of its notebook (in the order of reports.yaml); the build's
    archived copies listed under past builds, each there."""
    with offline_page() as (page, blocked, errors):
        page.goto((built_reports / "index.html").as_uri())
        links = page.eval_on_selector_all("section.notebook a", "links => links.map(a => a.getAttribute('href'))")
        archived = page.eval_on_selector_all("section.history a", "links => links.map(a => a.getAttribute('href'))")
        groups = page.eval_on_selector_all(
            "section.notebook",
            "sections => sections.map(s => [s.querySelector('h2').textContent, "
            "[...s.querySelectorAll('a')].map(a => a.getAttribute('href'))])",
        )
        page.screenshot(path=str(SCREENSHOTS / "report-index.png"), full_page=True)
    assert sorted(set(links)) == sorted(f"{name}.html" for name in ALL_REPORTS)
    assert len(archived) == len(ALL_REPORTS) and all(
        link.startswith("history/") and (built_reports / link).is_file() for link in archived
    )
    expected = {}
    for spec in SPECS:
        expected.setdefault(spec.notebook, []).append(f"{spec.name}.html")
    assert [(heading, hrefs) for heading, hrefs in groups] == list(expected.items())
    assert blocked == [] and errors == []


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def jupyterlab(tmp_path_factory):
    """A JupyterLab server on loopback over a copy of the notebooks (opening them must not touch the originals)."""
    require_chromium()
    root = tmp_path_factory.mktemp("lab")
    for path in NOTEBOOKS:
        shutil.copy(path, root / path.name)
    shutil.copy(PROJECT_DIR / ".gitignore", root)
    for command in (
        ["init", "-q"],
        ["add", "."],
        ["-c", "user.name=test", "-c", "user.email=test@localhost", "commit", "-q", "-m", "notebooks"],
    ):
        subprocess.run(["git", *command], cwd=root, check=True)
    # An analyst's own settings may save often: JupyterLab's autosave every 2 s, unless the project's
    # defaults (environment/jupyterlab_overrides.json, in this environment) turn autosave off.
    home = tmp_path_factory.mktemp("lab_home")  # the analyst's own folders, outside the repository
    settings = home / "settings" / "@jupyterlab" / "docmanager-extension"
    settings.mkdir(parents=True)
    (settings / "plugin.jupyterlab-settings").write_text('{"autosaveInterval": 2}', encoding="utf-8")
    port, token = free_port(), "nbtest"
    env = {
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
        "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyter",
            "lab",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={port}",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={root}",
            "--allow-root",
            "--LabApp.expose_app_in_browser=True",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status?token={token}", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not start within 60 s")
        yield f"http://127.0.0.1:{port}", token, root
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_jupyterlab_draws_every_chart_offline(jupyterlab, path):
    base, token, _ = jupyterlab
    expected = chart_count(path)
    with offline_page(allowed_hosts=("127.0.0.1",), viewport=(1400, 6000)) as (page, blocked, errors):
        page.goto(f"{base}/lab/tree/{path.name}?reset&token={token}")  # reset: no notebook left open by an earlier test
        panel = ".jp-NotebookPanel .jp-Notebook"
        page.wait_for_function(
            f"document.querySelectorAll('.lm-DockPanel-tabBar .lm-TabBar-tab').length === 1 && "
            f"document.querySelector('.lm-DockPanel-tabBar .lm-TabBar-tabLabel').textContent === '{path.name}'",
            timeout=60_000,
        )
        charts = f"{panel} .jp-OutputArea-output .vega-embed"
        page.wait_for_function(f"document.querySelectorAll('{charts}').length >= {expected}", timeout=60_000)
        page.wait_for_function(
            f"[...document.querySelectorAll('{charts}')]"
            ".every(e => [...e.querySelectorAll('canvas, svg')].some(g => g.getBoundingClientRect().height > 20))",
            timeout=30_000,
        )
        drawn = page.eval_on_selector_all(charts, "es => es.length")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"lab-{path.stem}.png"))
    assert drawn == expected
    assert not [e for e in errors if "vega" in e.lower()], errors


def test_exploring_a_notebook_in_jupyterlab_leaves_git_status_clean(jupyterlab):
    """Open a notebook, run every cell, wait past the analyst's 2 s autosave, close discarding: no file changed."""
    base, token, root = jupyterlab
    tab = ".lm-DockPanel-tabBar .lm-TabBar-tab"
    with offline_page(allowed_hosts=("127.0.0.1",), viewport=(1400, 3000)) as (page, blocked, errors):
        page.goto(f"{base}/lab/tree/attack_counts.ipynb?reset&token={token}")
        page.wait_for_function(
            "window.jupyterapp?.shell.currentWidget?.sessionContext?.session?.kernel?.status === 'idle'", timeout=60_000
        )
        run = (
            "command => { window.jupyterapp.commands.execute(command); }"  # not awaited: a dialog would block the call
        )
        page.evaluate(run, "notebook:run-all-cells")
        prompts = "[...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')]"
        page.wait_for_function(
            f"{prompts}.length > 0 && {prompts}.every(p => /^\\[\\d+\\]/.test(p.textContent.trim()))", timeout=60_000
        )
        page.wait_for_timeout(5000)  # more than twice the autosave interval
        while_open = git_status(root)
        dirty = page.eval_on_selector(tab, "tab => tab.classList.contains('jp-mod-dirty')")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "lab-explored.png"))
        page.evaluate(run, "application:close")
        if dirty:
            page.locator(".jp-Dialog button:has-text('Discard')").click(timeout=10_000)
        page.wait_for_function(
            f"![...document.querySelectorAll('{tab}')].some(t => t.textContent.includes('attack_counts'))",
            timeout=10_000,
        )  # JupyterLab may open its Launcher in the emptied area
    assert while_open == "", f"exploring wrote to the repository: {while_open}"
    assert dirty, "running the cells changed the notebook in memory, so the test did exercise a possible save"
    assert git_status(root) == ""


def git_status(folder) -> str:
    return subprocess.run(
        ["git", "status", "--porcelain"], cwd=folder, capture_output=True, text=True, check=True
    ).stdout
