"""Offline rendering: charts that draw with no network in JupyterLab and in HTML made by nbconvert.

JupyterLab 4 draws `application/vnd.vega.v5+json` with the Vega 5 it bundles, but not the Vega-Lite v6
that Altair 6 emits, and Altair's HTML renderers fetch Vega from a CDN. So charts are compiled here,
with vl-convert's Vega-Lite 5 compiler, to a Vega 5 spec: JupyterLab draws it natively, and the HTML
template draws the same spec with the Vega JavaScript that vl-convert bundles, carried once per page.
"""

from __future__ import annotations

import copy
import re
from functools import lru_cache
from pathlib import Path

import altair as alt
import nbformat
import vl_convert as vlc
import yaml
from nbconvert import HTMLExporter
from traitlets.config import Config

from .storage import write_atomically

VEGA_LITE_VERSION = "5.21"  # the newest 5.x vl-convert ships; JupyterLab 4 renders its Vega 5 output
VEGA_MIMETYPE = "application/vnd.vega.v5+json"
TEMPLATES = Path(__file__).parent / "templates"
# Paper is narrower than a screen: charts (often 800-900 px wide) shrink to the page instead of being cut at its edge,
# and wide tables wrap. Part of every page's print rules (the browser's Save as PDF); build --pdf adds it again.
PRINT_CSS = """.vega-chart, .vega-embed { max-width: 100%; break-inside: avoid; }
table.reader { font-size: 8.5pt; }
.vega-chart svg, .vega-chart canvas, .vega-embed svg, .vega-embed canvas { max-width: 100%; height: auto; }
table.dataframe { max-width: 100%; font-size: 8pt; }
table.dataframe th, table.dataframe td { white-space: normal; overflow-wrap: anywhere; padding: 1px 3px; }"""


STYLE_FILE = Path(__file__).with_name("style.yaml")


@lru_cache(maxsize=1)
def style() -> dict:
    """The look of every chart and report table (style.yaml), read once: charts and tables both ask here."""
    return yaml.safe_load(STYLE_FILE.read_text(encoding="utf-8"))


def anchor(*parts) -> str:
    """An in-page anchor id from its parts ('grp', '2023', 'Islamic State' -> 'grp-2023-islamic-state'): counts in
    sentences and tables link to the rows and quotes behind them through these."""
    return "-".join(re.sub(r"[^a-z0-9]+", "-", str(part).lower()).strip("-") for part in parts)


def to_vega(chart: alt.TopLevelMixin) -> dict:
    """The chart's Vega 5 spec (validated against the Vega-Lite schema by Altair on the way)."""
    return vlc.vegalite_to_vega(chart.to_dict(validate=True), vl_version=VEGA_LITE_VERSION)


def vega_mimebundle(spec: dict, **_metadata) -> dict:
    """Altair renderer: Vega 5 for JupyterLab, a plain-text stand-in for everything else."""
    title = spec.get("title")
    title = title.get("text") if isinstance(title, dict) else title
    vega = vlc.vegalite_to_vega(spec, vl_version=VEGA_LITE_VERSION)
    return {VEGA_MIMETYPE: vega, "text/plain": f"<chart: {title or 'untitled'}>"}


def enable_offline_renderer() -> None:
    """Make every Altair chart displayed in this kernel use vega_mimebundle (no CDN, no HTML output)."""
    alt.renderers.register("offline", vega_mimebundle)
    alt.renderers.enable("offline")


@lru_cache(maxsize=2)
def vega_javascript(cache_dir: Path | None = None) -> str:
    """Vega, Vega-Lite and vega-embed in one script, from vl-convert (no CDN).

    vl-convert bundles it anew in every process (about two seconds), so a builder passes a cache folder:
    the bundle is kept there under vl-convert's version and reused by later builds.
    """
    if cache_dir is None:
        return vlc.javascript_bundle(vl_version=VEGA_LITE_VERSION)
    cached = Path(cache_dir) / f"vega-bundle-vl-convert-{vlc.__version__}-vega-lite-{VEGA_LITE_VERSION}.js"
    if cached.exists():
        return cached.read_text(encoding="utf-8")
    bundle = vlc.javascript_bundle(vl_version=VEGA_LITE_VERSION)
    cached.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(cached, bundle)  # a build's threads may race to write it first
    return bundle


def notebook_to_html(notebook: nbformat.NotebookNode, show_code: bool = False, cache_dir: Path | None = None) -> str:
    """A self-contained HTML page: no request leaves it; charts drawn by the one embedded Vega bundle."""
    priority = [VEGA_MIMETYPE, *HTMLExporter().default_config.NbConvertBase.display_data_priority]
    exporter = HTMLExporter(
        config=Config({"NbConvertBase": {"display_data_priority": priority}}),
        template_name="offline",
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=not show_code,
        exclude_input_prompt=not show_code,
        exclude_output_prompt=True,
    )
    has_charts = any(
        VEGA_MIMETYPE in output.get("data", {})
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
    )
    bundle = vega_javascript(cache_dir) if has_charts else ""
    html, _ = exporter.from_notebook_node(
        copy.deepcopy(notebook), resources={"vega_javascript": bundle, "print_css": PRINT_CSS}
    )
    return re.sub(r"(<style[^>]*>)(.*?)(</style>)", lambda m: m[1] + _compact_css(m[2]) + m[3], html, flags=re.S)


def _compact_css(css: str) -> str:
    """JupyterLab's stylesheets without comments and runs of spaces: 50 KB less per page, the same rules."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    return re.sub(r"\s*([{};,])\s*", r"\1", re.sub(r"\s+", " ", css))
