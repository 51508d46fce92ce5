"""NAME.pdf beside each good report: its offline HTML printed by headless Chromium (Debian's, driven by playwright).

The one place that finds the browser: the browser tests use it too.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from urllib.parse import urlparse

from ..errors import BuildError
from ..storage import write_atomically

FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]  # --no-sandbox: root in CI containers cannot sandbox
PAGE = {
    "format": "A4",
    "landscape": False,
    "print_background": True,
    "margin": {"top": "15mm", "bottom": "15mm", "left": "12mm", "right": "12mm"},
}
CHART_TIMEOUT_MS = 30_000  # a page whose charts are not drawn by then fails alone
# Every chart container holds a drawing (svg or canvas) or says it failed; none is still pending. Written against
# what the offline template draws into (.vega-chart, data-rendered) and what vega-embed makes (.vega-embed).
CHARTS_DRAWN = """() => !document.querySelector('[data-rendered="pending"]')
  && [...document.querySelectorAll('.vega-chart, .vega-embed')]
     .every(c => c.closest('[data-rendered="error"]') || c.querySelector('svg, canvas'))"""


def chromium() -> str | None:
    """The Chromium to drive: $CHROMIUM, else Debian's `chromium` (or `chromium-browser`) on the PATH."""
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


def missing() -> str:
    """What driving the browser lacks and how to install it; '' when nothing is missing."""
    lacking = [] if chromium() else ["Chromium (apt install chromium, or set CHROMIUM=/path/to/chromium)"]
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        lacking.append(
            "playwright (pip install playwright; it drives the installed Chromium, no `playwright install` needed)"
        )
    return " and ".join(lacking)


def launch(playwright):
    """Headless Chromium through playwright: the installed browser, not one playwright downloads."""
    return playwright.chromium.launch(executable_path=chromium(), args=FLAGS)


def print_pdfs(out_dir: Path, names: list[str], force: bool = False, stream=None) -> dict[str, str]:
    """Print out_dir/NAME.html to NAME.pdf for each name; return {name: "printed" | "up to date" | why it failed}.

    A PDF newer than its HTML is kept unless `force`. One report's failure does not stop the others. Raises
    BuildError when playwright or Chromium is missing or the browser does not start: then no PDF can be printed.
    """
    lacking = missing()
    if lacking:
        raise BuildError(f"cannot print PDFs without {lacking}")
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    out_dir, results = Path(out_dir), {}
    todo = [name for name in names if force or not _up_to_date(out_dir, name)]
    results.update({name: "up to date" for name in names if name not in todo})
    if not todo:
        return results
    with sync_playwright() as playwright:
        try:
            browser = launch(playwright)
        except PlaywrightError as error:
            raise BuildError(
                f"cannot print PDFs: Chromium ({chromium()}) did not start: {str(error).splitlines()[0]}"
            ) from error
        try:
            for name in todo:
                began = time.monotonic()
                try:
                    write_atomically(out_dir / f"{name}.pdf", _print(browser, out_dir / f"{name}.html"))
                    results[name] = "printed"
                except (PlaywrightError, BuildError) as error:
                    results[name] = str(error).splitlines()[0]
                if stream is not None:
                    detail = (
                        f"printed ({time.monotonic() - began:.1f} s)"
                        if results[name] == "printed"
                        else f"FAILED: {results[name]}"
                    )
                    stream.write(f"pdf {name}: {detail}\n")
                    stream.flush()
        finally:
            browser.close()
    return results


def _up_to_date(out_dir: Path, name: str) -> bool:
    pdf, page = out_dir / f"{name}.pdf", out_dir / f"{name}.html"
    return pdf.exists() and page.exists() and pdf.stat().st_mtime >= page.stat().st_mtime


def _print(browser, page_file: Path) -> bytes:
    """The page as PDF bytes, once every chart is drawn. Requests off this machine are refused (the page needs none)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    from ..rendering import PRINT_CSS  # here: rendering imports Altair, which a build with nothing to do never needs

    if not page_file.exists():
        raise BuildError(f"{page_file.name} not found")
    page = browser.new_page()
    try:
        page.route(
            "**/*",
            lambda route: (
                route.continue_()
                if urlparse(route.request.url).scheme in ("file", "data", "blob", "about")
                else route.abort()
            ),
        )
        page.goto(page_file.as_uri(), wait_until="networkidle")
        try:
            page.wait_for_function(CHARTS_DRAWN, timeout=CHART_TIMEOUT_MS)
        except PlaywrightTimeout as error:
            raise BuildError(f"charts not drawn within {CHART_TIMEOUT_MS / 1000:g} s") from error
        failed = page.eval_on_selector_all('[data-rendered="error"]', "charts => charts.length")
        if failed:
            raise BuildError(f"{failed} chart(s) could not be drawn")
        page.add_style_tag(content=PRINT_CSS)
        page.evaluate("document.fonts.ready.then(() => true)")
        return page.pdf(**PAGE)
    finally:
        page.close()
