"""The guide (docs/) and the README hold: their Python examples run, their links land, the generated reference
pages are the code's, and the guide builds to offline HTML."""

import importlib.util
import re
import struct
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_DATA = ROOT / "tests" / "fixtures" / "data"
PAGES = sorted([ROOT / "README.md", *(ROOT / "docs").rglob("*.md")])
FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")


def python_examples(page: Path) -> list[str]:
    """The page's ```python blocks, in order."""
    return [code for lang, code in FENCE.findall(page.read_text(encoding="utf-8")) if lang == "python"]


def prose(text: str) -> str:
    """The text without its code blocks and code spans, where a link is only an example."""
    return re.sub(r"`[^`\n]*`", "", FENCE.sub("", text))


def slug(heading: str) -> str:
    """The anchor Python-Markdown's toc extension (MkDocs) gives a heading."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading).replace("`", "").replace("*", "")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[-\s]+", "-", re.sub(r"[^\w\s-]", "", text).strip().lower())


def anchors(page: Path) -> set[str]:
    """Every heading anchor of a page; a repeated heading gets _1, _2... as in MkDocs."""
    found = set()
    for heading in re.findall(r"^#{1,6}\s+(.+?)\s*#*$", FENCE.sub("", page.read_text(encoding="utf-8")), re.M):
        base = anchor = slug(heading)
        number = 0
        while anchor in found:
            number += 1
            anchor = f"{base}_{number}"
        found.add(anchor)
    return found


def broken_links(page: Path) -> list[str]:
    broken = []
    for target in LINK.findall(prose(page.read_text(encoding="utf-8"))):
        if re.match(r"[a-z]+:", target):  # http:, mailto:: not ours to check
            continue
        path, _, anchor = target.partition("#")
        landing = (page.parent / path).resolve() if path else page
        if not landing.exists():
            broken.append(f"{target}: no such file")
        elif anchor and landing.suffix == ".md" and anchor not in anchors(landing):
            broken.append(f"{target}: no heading #{anchor} in {landing.name}")
    return broken


@pytest.mark.parametrize("page", [p for p in PAGES if python_examples(p)], ids=lambda p: str(p.relative_to(ROOT)))
def test_every_python_example_runs_on_the_fixture_data(page, monkeypatch):
    """A page's ```python blocks run in order in one namespace, as a reader would paste them, on tests/fixtures."""
    monkeypatch.setenv("ANALYSIS_DATA_DIR", str(FIXTURE_DATA))
    monkeypatch.chdir(ROOT)
    namespace = {"__name__": "__docs_example__"}
    for number, code in enumerate(python_examples(page), start=1):
        exec(compile(code, f"{page.relative_to(ROOT)} python example {number}", "exec"), namespace)


def test_the_readme_and_the_guide_have_python_examples():
    """The test above runs something: the front page's taste of the API and the guide's examples."""
    assert python_examples(ROOT / "README.md") and python_examples(ROOT / "docs" / "reference" / "python-api.md")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_internal_link_resolves(page):
    """Relative links and #anchors of the README and docs/ land on a file and, for a page, on one of its headings."""
    assert broken_links(page) == []


def test_the_link_check_finds_a_broken_link_and_a_missing_anchor(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("# Title\n\n## A `code` heading\n\n[ok](#a-code-heading) [gone](nowhere.md) [no](#nothing)\n")
    assert [problem.split(":")[0] for problem in broken_links(page)] == ["nowhere.md", "#nothing"]


@pytest.mark.browser
def test_the_screenshot_command_draws_a_built_report(tmp_path):
    """docs/screenshots.py (make screenshots) draws a report page, charts awaited, to a PNG of the size asked."""
    from browser import require_chromium

    require_chromium()
    screenshots = load_docs_module("screenshots")
    (tmp_path / "briefing.html").write_text("<h1>Briefing</h1><p>2 incidents</p>", encoding="utf-8")
    png = screenshots.screenshot("briefing", {"width": 400, "height": 300}, tmp_path, reports=tmp_path)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", png.read_bytes()[16:24]) == (400, 300)


def load_docs_module(name: str):
    """A script of docs/ as a module (docs/ is not a package)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "docs" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.live
def test_the_generated_reference_pages_match_the_cli_and_the_dictionary():
    """docs/reference/cli.md and dictionary.md are what docs/generate_reference.py makes of today's code and data."""
    generator = load_docs_module("generate_reference")
    stale = [
        path for path, page in generator.PAGES.items() if (ROOT / "docs" / path).read_text(encoding="utf-8") != page()
    ]
    assert stale == [], f"{stale} differ from the code: run make docs and commit them"


def test_the_guide_builds_to_offline_html(tmp_path):
    """mkdocs build --strict: every page in the nav, every link and anchor resolved; no page loads anything from
    another host (the built-in theme's highlight.js CDN is off)."""
    site = tmp_path / "site"
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    loads = re.compile(r"<(?:script|img|iframe)[^>]+src=\"(?:https?:)?//|<link[^>]+href=\"(?:https?:)?//")
    remote = [str(p.relative_to(site)) for p in site.rglob("*.html") if loads.search(p.read_text(encoding="utf-8"))]
    assert remote == []
    assert (site / "reference" / "cli.html").exists() and (site / "tutorial.html").exists()
