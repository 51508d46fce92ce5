"""The front page's picture of a built report: reports/NAME.html drawn by headless Chromium to docs/images/NAME.png.

Run by `make screenshots` after `make reports`, so the picture shows what the build makes today. Uses the project's
one lookup of Chromium (analysis.build.pdf), as the PDFs and the browser tests do.
"""

from __future__ import annotations

import sys
from pathlib import Path

from analysis.build.pdf import CHART_TIMEOUT_MS, CHARTS_DRAWN, launch, missing
from analysis.paths import PROJECT_DIR, REPORTS_DIR

SHOTS = {"briefing": {"width": 1100, "height": 1300}}  # report -> the part of its page shown, from the top
IMAGES = PROJECT_DIR / "docs" / "images"


def screenshot(report: str, size: dict, out: Path, reports: Path = REPORTS_DIR) -> Path:
    """Draw reports/REPORT.html once its charts are drawn and save the top of the page as out/REPORT.png."""
    from playwright.sync_api import sync_playwright

    page_file = Path(reports) / f"{report}.html"
    if not page_file.exists():
        sys.exit(f"screenshots: {page_file} is not built; run make reports first")
    target = out / f"{report}.png"
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport=size)
        page.goto(page_file.as_uri())
        page.wait_for_function(CHARTS_DRAWN, timeout=CHART_TIMEOUT_MS)
        page.screenshot(path=str(target))
        browser.close()
    return target


def main() -> int:
    lacking = missing()
    if lacking:
        sys.exit(f"screenshots: cannot draw without {lacking}")
    IMAGES.mkdir(parents=True, exist_ok=True)
    for report, size in SHOTS.items():
        print(f"wrote {screenshot(report, size, IMAGES).relative_to(PROJECT_DIR)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
