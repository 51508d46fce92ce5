"""Headless Chromium (Debian's package, driven by Playwright) with every request off this machine blocked."""

import os
import shutil
from contextlib import contextmanager
from urllib.parse import urlparse

import pytest

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


def require_chromium():
    """Skip, saying why, where there is no browser (.ci/run installs Debian's chromium)."""
    if not CHROMIUM:
        pytest.skip("no Chromium found (apt-get install chromium, or set CHROMIUM=/path/to/chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.skip("playwright is not installed (pip install -e '.[test]')")


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
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
            page.route("**/*", route)
            page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
            page.on("pageerror", lambda error: errors.append(str(error)))
            yield page, blocked, errors
        finally:
            browser.close()
