"""Headless Chromium (Debian's package, driven by Playwright) with every request off this machine blocked."""

from contextlib import contextmanager
from urllib.parse import urlparse

import nbformat
import pytest

from analysis.build.pdf import launch, missing  # the one place that finds the browser, as `build --pdf` does
from analysis.notebook_refresh import notebook_paths
from analysis.rendering import VEGA_MIMETYPE
from conftest import PROJECT_DIR

SCREENSHOTS = PROJECT_DIR / "reports" / "screenshots"


def chart_count(path) -> int:
    notebook = nbformat.read(path, as_version=4)
    return sum(VEGA_MIMETYPE in o.get("data", {}) for c in notebook.cells if c.cell_type == "code" for o in c.outputs)


NOTEBOOKS = [path for path in notebook_paths() if chart_count(path)]  # link_review draws no chart


def require_chromium():
    """Skip, saying why, where there is no browser or no playwright (.ci/run installs Debian's chromium)."""
    lacking = missing()
    if lacking:
        pytest.skip(f"needs {lacking}")


@contextmanager
def offline_page(allowed_hosts=(), viewport=(1280, 900)):
    """A page whose requests to any host but `allowed_hosts` are aborted; yields (page, blocked, errors)."""
    from playwright.sync_api import sync_playwright

    blocked, errors = [], []

    def route(request_route):
        url = urlparse(request_route.request.url)
        if url.scheme in ("file", "data", "blob", "about") or url.hostname in allowed_hosts:
            request_route.continue_()
        else:
            blocked.append(request_route.request.url)
            request_route.abort()

    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
            page.route("**/*", route)
            page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
            page.on("pageerror", lambda error: errors.append(str(error)))
            yield page, blocked, errors
        finally:
            browser.close()
