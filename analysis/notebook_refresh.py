"""The project's notebooks: where they are, their parameters, and refreshing their stored outputs.

The stored outputs are nbval's reference, so refreshing is a deliberate act after an intended data
change (`make notebooks`); report builds never write here, they write executed copies to reports/.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

from .errors import ChoiceError
from .paths import KERNEL, NOTEBOOK_DIR, data_folder
from .storage import data_hash


def notebook_paths(names=None) -> list[Path]:
    """Notebooks by name ("briefing" or "briefing.ipynb"), or all of them."""
    if not names:
        return sorted(NOTEBOOK_DIR.glob("*.ipynb"))
    paths = [NOTEBOOK_DIR / (name if name.endswith(".ipynb") else f"{name}.ipynb") for name in names]
    known = [path.stem for path in NOTEBOOK_DIR.glob("*.ipynb")]
    for path in paths:
        if not path.exists():
            raise ChoiceError(f"notebook in {NOTEBOOK_DIR}:", path.stem, sorted(known))
    return paths


def execute(notebook: nbformat.NotebookNode, cwd: Path, timeout: int = 600) -> nbformat.NotebookNode:
    """Run every cell top to bottom in a fresh kernel with papermill, as the builder does (one way to run a
    notebook), then drop the timings and papermill's bookkeeping it records: they would churn history."""
    import papermill

    executed = papermill.execute_notebook(
        notebook, None, kernel_name=KERNEL, cwd=str(cwd), progress_bar=False, execution_timeout=timeout
    )
    executed.metadata.pop("papermill", None)
    for cell in executed.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if cell.metadata.get("tags") == []:  # papermill gives every cell a tags list
            del cell.metadata["tags"]
    return executed


def refresh(names=None) -> list[Path]:
    """Re-execute notebooks in place so their stored outputs match the data, and record which data that was."""
    paths = notebook_paths(names)
    for path in paths:
        nbformat.write(stamped(execute(nbformat.read(path, as_version=4), cwd=path.parent)), path)
    return paths


def stamped(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Record which data the notebook's outputs were made from (nbval's reference; the hint after a failure)."""
    notebook.metadata["analysis"] = {"data_version": stored_data_version_now()}
    return notebook


def stored_data_version_now() -> str:
    """The version of the data notebooks run on by default (data_folder()), as the reports label it."""
    return data_hash(data_folder())[:12]


def stored_data_version(path: Path) -> str | None:
    """The data version a notebook's stored outputs were made from (None before `make notebooks` recorded it)."""
    return nbformat.read(path, as_version=4).metadata.get("analysis", {}).get("data_version")
