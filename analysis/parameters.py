"""Check report parameters against a notebook's parameters cell and against the data, before any kernel starts.

A scheduled build should fail in a second with "unknown actor 'Talibn'", not after a minute in a kernel.
"""

from __future__ import annotations

import ast
import re
from datetime import date
from pathlib import Path

from papermill import inspect_notebook

from .dataset import Dataset, UnknownActorError
from .views import FREQUENCIES, GROUPINGS, as_list

SET_BY_BUILDER = {"data_dir"}  # chosen per build with --data, never per report
PYTHON_TYPES = {"str": str, "int": int, "float": float, "bool": bool}


def declared(notebook: Path) -> dict[str, str]:
    """The notebook's parameters and their types ("str", "int", ...), read by papermill.

    papermill infers a type only from an annotation; otherwise the default's own type is the contract.
    """
    types = {}
    for name, spec in inspect_notebook(str(notebook)).items():
        try:
            types[name] = type(ast.literal_eval(spec["default"])).__name__
        except (ValueError, SyntaxError):
            types[name] = spec["inferred_type_name"]
    return types


def check(parameters: dict, notebook: Path, ds: Dataset) -> list[str]:
    """Every problem with these parameters for this notebook and this data (empty when all is well)."""
    known = declared(notebook)
    problems = []
    for name, value in parameters.items():
        if name in SET_BY_BUILDER:
            problems.append(f"parameter {name!r} is set by the build (--data), not per report")
        elif name not in known:
            problems.append(f"unknown parameter {name!r}; {notebook.name} takes {', '.join(sorted(set(known) - SET_BY_BUILDER))}")
        elif known[name] in PYTHON_TYPES and not isinstance(value, PYTHON_TYPES[known[name]]):
            problems.append(f"parameter {name!r} must be {known[name]}, not {type(value).__name__} {value!r}")
        else:
            problems += [f"parameter {name!r}: {problem}" for problem in _check_value(name, value, ds)]
    start, end = parameters.get("start") or "", parameters.get("end") or ""
    if _is_date(start) and _is_date(end) and start > end:
        problems.append(f"start {start} is after end {end}")
    return problems


def _is_date(value) -> bool:
    try:
        return isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) is not None and bool(date.fromisoformat(value))
    except ValueError:  # 2023-02-30
        return False


def _check_value(name: str, value, ds: Dataset) -> list[str]:
    vocabularies = ds.dictionary.vocabularies
    if name in ("start", "end"):
        return [] if value == "" or _is_date(value) else [f"{value!r} is not a date of the form YYYY-MM-DD"]
    if name == "freq":
        return [] if value in FREQUENCIES else [f"{value!r} is not one of {', '.join(FREQUENCIES)}"]
    if name == "by":
        return [] if value in GROUPINGS else [f"{value!r} is not one of {', '.join(GROUPINGS)}"]
    if name == "provinces":
        return [f"unknown province {p!r}" for p in as_list(value) if p not in vocabularies["province"]]
    if name == "datasets":
        return [f"unknown dataset {d!r}; this data has {', '.join(ds.datasets)}" for d in as_list(value) if d not in ds.datasets]
    if name == "kinds":
        return [f"unknown statement kind {k!r}" for k in as_list(value) if k not in vocabularies["statement_kind"]]
    if name in ("actors", "perpetrators"):
        problems = []
        for actor in as_list(value):
            try:
                ds.resolve_actor(actor)
            except UnknownActorError as error:
                problems.append(str(error))
        return problems
    return []
