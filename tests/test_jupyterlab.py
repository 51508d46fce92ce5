"""Every chart is drawn with the network blocked in JupyterLab, and exploring a notebook there writes nothing."""

import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from browser import NOTEBOOKS, SCREENSHOTS, chart_count, offline_page, require_chromium

from conftest import PROJECT_DIR

pytestmark = [pytest.mark.browser, pytest.mark.live]  # the live notebooks, drawn in Chromium


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
    """Open a notebook, run every cell, wait past the analyst's 2 s autosave, close discarding: no file changed; and
    JupyterLab never asks to fetch its news from the web."""
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
        asked_to_go_online = page.get_by_text("Jupyter news").count()  # the news feed's pop-up (overrides.json)
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
    assert asked_to_go_online == 0, "JupyterLab asked to fetch its news: environment/jupyterlab_overrides.json"


def git_status(folder) -> str:
    return subprocess.run(
        ["git", "status", "--porcelain"], cwd=folder, capture_output=True, text=True, check=True
    ).stdout
