"""Run one report: papermill executes the notebook in a pooled kernel, nbconvert makes its offline HTML."""

from __future__ import annotations

import html
import re
import time
from dataclasses import dataclass
from pathlib import Path

from ..paths import KERNEL
from ..storage import write_atomically
from .config import ReportSpec
from .kernels import Kernels
from .outcomes import now


@dataclass(frozen=True)
class ReportResult:
    error: str = ""  # empty when the report was built
    built_at: str = ""
    seconds: float = 0.0  # the report's own time, not its wait for a free kernel
    finding: str = ""  # the first sentence of the report's narrative, for the index


@dataclass(frozen=True)
class Produced:
    """What running one report made, before it is published: plain text, so a Dask worker can send it back."""

    error: str = ""  # empty when the report was built
    seconds: float = 0.0
    notebook: str = ""  # the executed notebook (the failed one when a cell raised; may be empty then)
    html: str = ""
    finding: str = ""
    built_at: str = ""


def run_report(
    spec: ReportSpec, notebook: Path, data_dir: Path, out_dir: Path, show_code: bool, header: str, kernels: Kernels
) -> ReportResult:
    """Execute, convert and publish one report. A failure keeps the last good HTML and saves NAME.failed.ipynb."""
    return publish(out_dir, spec.name, produce(spec, notebook, data_dir, out_dir, show_code, header, kernels))


def produce(
    spec: ReportSpec, notebook: Path, data_dir: Path, work_dir: Path, show_code: bool, header: str, kernels: Kernels
) -> Produced:
    """Execute one report in a pooled kernel and convert it to HTML (Vega bundle cached in work_dir/.cache)."""
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from ..rendering import notebook_to_html

    executed = work_dir / f".{spec.name}.running.ipynb"  # only this build writes here: it holds the lock
    kernel, healthy = kernels.acquire(), True
    began = time.monotonic()
    try:
        papermill.execute_notebook(
            str(notebook),
            str(executed),
            parameters={**spec.parameters, "data_dir": str(data_dir)},
            kernel_name=KERNEL,
            km=kernel,
            progress_bar=False,
            request_save_on_cell_execute=False,
        )
    except PapermillExecutionError as error:
        return Produced(
            f"cell {error.cell_index} (execution count {error.exec_count}) raised {error.ename}: {error.evalue}",
            time.monotonic() - began,
            _taken(executed),
        )
    except Exception as error:  # kernel died, timed out, notebook unreadable...: the others go on
        healthy = False
        return Produced(f"{type(error).__name__}: {error}", time.monotonic() - began, _taken(executed))
    finally:
        kernels.release(kernel, healthy)
    text = _taken(executed)
    notebook_node = nbformat.reads(text, as_version=4)
    notebook_node.metadata["title"] = spec.title
    notebook_node.metadata.setdefault("analysis", {})["report"] = True  # the page links back to the index
    page = nbformat.v4.new_notebook(
        metadata=notebook_node.metadata, cells=[nbformat.v4.new_markdown_cell(header), *notebook_node.cells]
    )
    page_html = notebook_to_html(page, show_code=show_code, cache_dir=work_dir / ".cache")
    return Produced("", time.monotonic() - began, text, page_html, finding(notebook_node), now())


def _taken(path: Path) -> str:
    """A file's text, the file removed ('' when there is none)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""
    path.unlink()
    return text


def publish(out_dir: Path, name: str, produced: Produced) -> ReportResult:
    """Write what a report produced, each file atomically: NAME.html and NAME.ipynb when it was built (removing an
    earlier NAME.failed.ipynb); NAME.failed.ipynb alone when it failed, so the last good HTML stays."""
    if produced.error:
        if produced.notebook:
            write_atomically(out_dir / f"{name}.failed.ipynb", produced.notebook)
        return ReportResult(produced.error, seconds=produced.seconds)
    write_atomically(out_dir / f"{name}.html", produced.html)
    write_atomically(out_dir / f"{name}.ipynb", produced.notebook)
    (out_dir / f"{name}.failed.ipynb").unlink(missing_ok=True)
    return ReportResult(built_at=produced.built_at, seconds=produced.seconds, finding=produced.finding)


SINCE_PLACEHOLDER = '<div class="since-last-build"></div>'  # filled by the build with what changed (changes.py)


def header(spec: ReportSpec, data: str, built_at: str) -> str:
    """The lines above every report: what it is, its parameters in words, on which data, when; then a place for
    "Since the last build"."""
    from ..parameters import in_words  # here: only the builder's process needs it

    return (
        f'<div class="report-header"><p class="report-title">{html.escape(spec.title)}</p>'
        f"<p>{html.escape(in_words(spec.parameters))} · data version {html.escape(data)} · "
        f"built {html.escape(built_at)}</p></div>\n\n{SINCE_PLACEHOLDER}"
    )


FINDING_LENGTH = 300  # characters: the index shows one line per report, not a paragraph
_ABBREVIATIONS = {
    "e.g.",
    "i.e.",
    "etc.",
    "vs.",
    "cf.",
    "approx.",
    "no.",
    "mr.",
    "mrs.",
    "ms.",
    "dr.",
    "gen.",
    "col.",
    "lt.",
    "maj.",
    "capt.",
    "sgt.",
    "st.",
    "prof.",
    "gov.",
}
_SENTENCE_END = re.compile(r"[.!?]+(?=\s+[^\sa-z]|\s*$)")


def finding(notebook) -> str:
    """The first sentence of the first Markdown output: the notebooks show their narrative that way
    (narrative.as_markdown), so the index can say what each report found. '' when there is none."""
    for cell in notebook.cells:
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            text = output.get("data", {}).get("text/markdown", "")
            text = "".join(text) if isinstance(text, list) else text
            if text.strip():
                plain = (
                    re.sub(r"\[([^\]]*)\]\(#[^)]*\)", r"\1", text).replace("\\[", "[").replace("\\]", "]")
                )  # count links as their words
                return first_sentence(
                    html.unescape(plain)
                )  # as_markdown escaped the data's markup; the index escapes it again
    return ""


def first_sentence(text: str) -> str:
    """Up to the first full stop that ends a sentence: not one inside brackets, after an initial (U.S.) or an
    abbreviation (e.g.), or before a lower-case word. Cut at a word when longer than FINDING_LENGTH."""
    text = " ".join(text.split())
    for end in _SENTENCE_END.finditer(text):
        before = text[: end.start()]
        word = before.rsplit(" ", 1)[-1] + "."
        if (
            before.count("(") > before.count(")")
            or word.casefold() in _ABBREVIATIONS
            or re.fullmatch(r"\W*(?:[A-Za-z]\.)+", word)
        ):
            continue
        text = text[: end.end()]
        break
    return text if len(text) <= FINDING_LENGTH else text[:FINDING_LENGTH].rsplit(" ", 1)[0] + " …"
