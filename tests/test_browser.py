"""Every chart is drawn with the network blocked, in nbconvert's HTML and in the built reports. JupyterLab's
side is test_jupyterlab.py, a module of its own so that two test workers can share the browser work."""

import io

import nbformat
import pytest
from browser import NOTEBOOKS, SCREENSHOTS, chart_count, offline_page, require_chromium

from analysis import build
from analysis.rendering import notebook_to_html, vega_javascript
from conftest import PROJECT_DIR

pytestmark = [pytest.mark.browser, pytest.mark.live]  # the live notebooks and reports.yaml, drawn in Chromium


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
