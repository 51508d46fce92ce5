"""Where things are, and the few conventions every stage shares.

No pandas here (nor in errors.py, actors.py, files.py), so the report builder can tell in a tenth of a
second that nothing changed. The data folder is resolved by `data_folder()` alone: the builder and the
notebooks' kernels both call it, so a report always renders the data the build validated and labels.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
DATA_DIR = PROJECT_DIR / "data"
NOTEBOOK_DIR = PROJECT_DIR / "notebooks"
REPORTS_DIR = PROJECT_DIR / "reports"
REPORTS_CONFIG = PROJECT_DIR / "reports.yaml"
SEEDS_FOLDER = "seeds"  # beside the data folder: the articles as received (sources.csv paths start with it)
REVIEW_FOLDER = "review"  # beside the data folder: the coding assistant's review files, SOURCE_ID.csv
BOUNDARIES_DIR = (
    PROJECT_DIR / SEEDS_FOLDER / "boundaries"
)  # province shapes for maps and their crosswalk (its README says whence)

DATA_DIR_VARIABLE = "ANALYSIS_DATA_DIR"  # points analysis.load() (and so every notebook) at another data folder
DICTIONARY_FILE = "dictionary.yaml"
DICTIONARY_PARTS = {  # the data dictionary's parts, each beside the step that uses it: part -> the project's file
    "schema": DATA_DIR / DICTIONARY_FILE,  # tables, columns, vocabularies and coding conventions
    "linking": PACKAGE_DIR / "linking" / "weights.yaml",  # the record linker's weights and thresholds
    "coding": PACKAGE_DIR / "coding" / "lexicon.yaml",  # the coding assistant's lexicons
    "labels": PACKAGE_DIR / "labels.yaml",  # column headers in the reports' tables
}
NAME_MAPPING_FILE = "name_mapping.json"
IMPORTS_FOLDER = "imports"  # data/imports/NAME.parquet + NAME.yaml
CODED = "coded"  # the dataset name of the incidents coded from articles
PROVINCE_COUNTRY = "Afghanistan"  # the country the dictionary's province vocabulary divides
KERNEL = "python3"  # jupyter_client maps it to the interpreter that runs the caller: this environment
LIST_SEPARATOR = ";"  # inside one CSV cell: "Tehran; Islamic Republic of Iran"


def data_folder(path: str | Path | None = None) -> Path:
    """The data folder to use, as an absolute path: `path` if given, else $ANALYSIS_DATA_DIR, else data/."""
    return Path(path or os.environ.get(DATA_DIR_VARIABLE) or DATA_DIR).resolve()


def dictionary_file(data_dir: Path, part: str = "schema") -> Path:
    """A part of the data dictionary for a data folder: the folder's own file of that name, else the project's."""
    home = DICTIONARY_PARTS[part]
    own = Path(data_dir) / home.name
    return own if own.exists() else home


def is_missing(value) -> bool:
    """None, NaN or pandas' NA, without importing pandas."""
    try:
        return value is None or bool(value != value)
    except TypeError:  # pandas.NA != pandas.NA is NA, whose truth is ambiguous
        return True


def split_list(cell) -> list[str]:
    """The names in a list cell ("a; b"); an empty cell is an empty list."""
    if is_missing(cell):
        return []
    return [part.strip() for part in str(cell).split(LIST_SEPARATOR) if part.strip()]


def skip_iri_formats() -> None:
    """Mark rfc3987_syntax absent, so jsonschema (under altair, nbformat and papermill) skips its IRI formats.

    jsonschema imports that module when installed (JupyterLab's jupyter-events brings it), and importing it
    compiles a Lark grammar: about 2 s in every kernel, build and test process (python-jsonschema/jsonschema#1428).
    Nothing here validates an iri field. A process-wide change, so no module does it on import: the command
    line calls it once at start, and this environment's kernels in their config (environment/).
    """
    import sys

    sys.modules.setdefault("rfc3987_syntax", None)
