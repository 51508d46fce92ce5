"""`build --pdf`: each good report printed to NAME.pdf by headless Chromium once its charts are drawn; a clear
message, and the HTML still built, when the browser or playwright is missing.

pypdf is not installed here, so the PDFs are read with regular expressions: Chromium (Skia) writes its page
objects and document information uncompressed. That shows the page count, each page's size and the /Title,
not the text, which sits in compressed streams as glyph numbers.
"""

import io
import re
import sys

import pytest
from browser import require_chromium
from pypdf import PdfReader

from analysis.build import pdf
from analysis.cli import main
from conftest import TWO_REPORTS, report_project

CONFIG = (
    TWO_REPORTS
    + """  typo:
    title: Refused before running
    notebook: official_killings
    parameters: {provinces: Balkhh}
"""
)
A4_PORTRAIT = (595.92, 842.88)  # points, as Chromium rounds 210 x 297 mm


@pytest.fixture
def project(tmp_path):
    return report_project(tmp_path, CONFIG)


def build_pdf(project, *options):
    return main(["build", "--config", str(project / "reports.yaml"), "--out", str(project / "out"), "--pdf", *options])


def page_sizes(document: bytes) -> list[tuple[float, float]]:
    """Each page's /MediaBox width and height, in points."""
    pages = re.findall(rb"<</Type /Page\b(?!s)(.*?)endobj", document, re.S)
    return [
        tuple(round(float(v), 2) for v in re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", page).groups())
        for page in pages
    ]


def title(document: bytes) -> str:
    """The document information's /Title, a PDF literal string (brackets and backslashes escaped)."""
    literal = re.search(rb"/Title \(((?:[^()\\]|\\.)*)\)", document).group(1).decode("latin-1")
    return re.sub(r"\\(.)", r"\1", literal)


@pytest.mark.browser
def test_build_pdf_prints_each_good_report_on_a4(project, capsys, monkeypatch):
    require_chromium()
    out = project / "out"
    assert build_pdf(project) == 1  # the refused report fails the build; the others are built and printed
    printed = capsys.readouterr()
    assert "2 PDFs printed, 0 up to date, 0 failed" in printed.out
    assert "pdf officials: printed" in printed.err and "pdf exchange: printed" in printed.err
    for name, expected_title in (
        ("officials", "Officials killed"),
        ("exchange", "The Iran <exchange> (May-July 2023)"),
    ):
        document = (out / f"{name}.pdf").read_bytes()
        assert document.startswith(b"%PDF-") and document.rstrip().endswith(b"%%EOF")
        sizes = page_sizes(document)
        assert 1 <= len(sizes) <= 12 and len(sizes) == len(re.findall(rb"/Type /Page\b(?!s)", document)), sizes
        assert set(sizes) == {A4_PORTRAIT}, sizes
        assert title(document) == expected_title
        assert len(document) > 30_000  # fonts and charts, not an empty page
        text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(out / f"{name}.pdf").pages)
        assert expected_title.replace("<", "").replace(">", "") in text.replace("<", "").replace(
            ">", ""
        )  # the header, printed
        assert "Evidence" in text and "Sources" in text and "killed" in text  # the report's sections, not a blank page
    assert not (out / "typo.pdf").exists()  # a failed report gets no PDF
    assert not list(out.glob(".*.tmp"))

    before = {name: (out / f"{name}.pdf").stat().st_mtime_ns for name in ("officials", "exchange")}
    assert build_pdf(project) == 1
    assert "0 PDFs printed, 2 up to date, 0 failed" in capsys.readouterr().out  # a PDF newer than its HTML is kept
    assert {name: (out / f"{name}.pdf").stat().st_mtime_ns for name in before} == before

    (project / "reports.yaml").write_text(TWO_REPORTS, encoding="utf-8")  # no failing report: only a PDF fails
    (out / "officials.html").write_text(
        page(CHART), encoding="utf-8"
    )  # newer than its PDF, with a chart that never draws
    monkeypatch.setattr(pdf, "CHART_TIMEOUT_MS", 2000)
    assert build_pdf(project) == 1
    printed = capsys.readouterr()
    assert "0 built, 2 up to date, 0 failed" in printed.out and "0 PDFs printed, 1 up to date, 1 failed" in printed.out
    assert "PDF FAILED officials: charts not drawn within 2 s" in printed.err
    assert {name: (out / f"{name}.pdf").stat().st_mtime_ns for name in before} == before  # the last good PDF stays


def page(body: str, script: str = "") -> str:
    return f"<!DOCTYPE html><html><head><title>t</title></head><body>{body}<script>{script}</script></body></html>"


CHART = '<div class="vega-chart" data-rendered="pending"><div class="vega-target"></div></div>'
# An A4 page holds about 1000 px of height. Below 900 px of text, a 1400 x 1600 px chart shrunk to the page's width
# (about 690 px, so 790 px tall) ends on page 2; cut at the page's edge instead it runs to page 3; not waited for, 1
# page.
SPACER = '<div style="height: 900px">Text.</div>'
BIG_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="1400" height="1600" viewBox="0 0 1400 1600">'
    '<rect width="1400" height="1600" fill="steelblue"/></svg>'
)


@pytest.mark.browser
def test_printing_waits_for_every_chart_shrinks_it_to_the_page_and_a_page_that_fails_fails_alone(tmp_path, monkeypatch):
    require_chromium()
    monkeypatch.setattr(pdf, "CHART_TIMEOUT_MS", 3000)
    late = f"""setTimeout(() => {{ const chart = document.querySelector('.vega-chart');
        chart.querySelector('.vega-target').innerHTML = '{BIG_SVG}'; chart.dataset.rendered = 'true'; }}, 1500);"""
    broken = "setTimeout(() => { document.querySelector('.vega-chart').dataset.rendered = 'error'; }, 300);"
    pages = {
        "plain": page("<p>No chart.</p>"),
        "late": page(SPACER + CHART, late),
        "broken": page(CHART, broken),
        "stuck": page(CHART),
    }
    for name, html in pages.items():
        (tmp_path / f"{name}.html").write_text(html, encoding="utf-8")
    log = io.StringIO()
    results = pdf.print_pdfs(tmp_path, [*pages, "absent"], stream=log)
    assert results == {
        "plain": "printed",
        "late": "printed",
        "broken": "1 chart(s) could not be drawn",
        "stuck": "charts not drawn within 3 s",
        "absent": "absent.html not found",
    }
    assert len(page_sizes((tmp_path / "plain.pdf").read_bytes())) == 1
    assert (
        len(page_sizes((tmp_path / "late.pdf").read_bytes())) == 2
    )  # the chart drawn after 1.5 s is in it, shrunk to the page
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == ["late.pdf", "plain.pdf"]
    assert "pdf stuck: FAILED: charts not drawn within 3 s" in log.getvalue()


def test_build_pdf_without_chromium_or_playwright_says_what_to_install_and_keeps_the_html(project, monkeypatch, capsys):
    out = project / "out"
    (project / "reports.yaml").write_text(TWO_REPORTS, encoding="utf-8")  # every report builds: only --pdf fails
    monkeypatch.setattr(pdf, "chromium", lambda: None)
    assert build_pdf(project) == 1
    printed = capsys.readouterr()
    assert "build --pdf: cannot print PDFs without Chromium (apt install chromium" in printed.err
    assert "the HTML reports are built, no PDF was printed" in printed.err
    assert "2 built, 0 up to date, 0 failed" in printed.out
    assert (out / "officials.html").exists() and (out / "exchange.html").exists() and (out / "index.html").exists()
    assert not list(out.glob("*.pdf"))

    monkeypatch.setattr(pdf, "chromium", lambda: "/usr/bin/chromium")
    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)  # as if playwright were not installed
    assert build_pdf(project) == 1
    printed = capsys.readouterr()
    assert "cannot print PDFs without playwright (pip install playwright" in printed.err
    assert "0 built, 2 up to date, 0 failed" in printed.out
