"""Check notebook parameters against the notebook's parameters cell and against the data.

The rules are data (parameters.yaml beside this file). The builder checks every report before any
kernel starts; each notebook checks its own in its first cell, so papermill, JupyterLab and the builder
give the same one-line messages, every problem at once, with did-you-mean suggestions.
"""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import yaml

from .coding.review_file import unknown_source
from .dataset import Dataset
from .errors import ParameterError, UnknownActorError, did_you_mean
from .ranges import ISO_DATE
from .views import FREQUENCIES, GROUPINGS, as_list

RULES: dict[str, dict] = yaml.safe_load(Path(__file__).with_name("parameters.yaml").read_text(encoding="utf-8"))
CHOICES = {"frequencies": list(FREQUENCIES), "groupings": list(GROUPINGS)}
PYTHON_TYPES = {"str": str, "int": int, "float": float, "bool": bool}


def declared(notebook: Path) -> dict[str, str]:
    """The notebook's parameters and their types ("str", "int", ...), read by papermill.

    papermill infers a type only from an annotation; otherwise the default's own type is the contract.
    """
    from papermill import inspect_notebook  # here: kernels import this module, and only the builder reads notebooks

    types = {}
    for name, spec in inspect_notebook(str(notebook)).items():
        try:
            types[name] = type(ast.literal_eval(spec["default"])).__name__
        except (ValueError, SyntaxError):
            types[name] = spec["inferred_type_name"]
    return types


def check(parameters: dict, notebook: Path, ds: Dataset) -> list[str]:
    """Every problem with these report parameters for this notebook and this data (empty when all is well)."""
    known = declared(notebook)
    problems = []
    for name, value in parameters.items():
        rule = RULES.get(name, {})
        if rule.get("check") == "builder":
            problems.append(f"parameter {name!r} is set by the build (--data), not per report")
        elif name not in known:
            takes = sorted(set(known) - {n for n, r in RULES.items() if r.get("check") == "builder"})
            problems.append(
                f"unknown parameter {name!r}{did_you_mean(name, takes)}; {notebook.name} takes {', '.join(takes)}"
            )
        elif known[name] in PYTHON_TYPES and not isinstance(value, PYTHON_TYPES[known[name]]):
            problems.append(f"parameter {name!r} must be {known[name]}, not {type(value).__name__} {value!r}")
    problems += [f"parameter {name!r} has no rule in analysis/parameters.yaml" for name in known if name not in RULES]
    return problems + check_values({k: v for k, v in parameters.items() if k in known and k in RULES}, ds)


def checked(namespace: dict) -> Dataset:
    """A notebook's first step after its parameters cell: load its data and check every parameter.

    `namespace` is the notebook's globals(): its parameters and anything papermill injected. Raises
    ParameterError listing every problem at once (a value the data does not know, a name no notebook
    takes); returns the loaded data otherwise. The builder has checked the same before any kernel started.
    """
    from .dataset import load

    values = {
        name: value
        for name, value in namespace.items()
        if not name.startswith("_") and isinstance(value, (str, int, float, bool))
    }
    ds = load(values.get("data_dir") or None)
    problems = [f"unknown parameter {name!r}{did_you_mean(name, RULES)}" for name in values if name not in RULES]
    problems += check_values({k: v for k, v in values.items() if k in RULES and k != "data_dir"}, ds)
    if problems:
        raise ParameterError(problems)
    return ds


def in_words(parameters: dict) -> str:
    """A report's parameters as a reader says them: 'per quarter, in Kabul, datasets: coded, acled_sample'."""
    said = [
        RULES[name]["words"].format(str(value).replace("_", " ") if name == "by" else value)
        for name, value in parameters.items()
        if name in RULES and "words" in RULES[name] and str(value).strip()
    ]
    return ", ".join(said) or "all data, default settings"


def check_values(parameters: dict, ds: Dataset) -> list[str]:
    """Every problem with these values for this data, by the rules of parameters.yaml."""
    problems = []
    for name, value in parameters.items():
        problems += [f"parameter {name!r}: {problem}" for problem in _check_value(RULES.get(name, {}), value, ds)]
    start, end = parameters.get("start") or "", parameters.get("end") or ""
    if _is_date(start) and _is_date(end) and start > end:
        problems.append(f"start {start} is after end {end}")
    return problems


def _is_date(value) -> bool:
    try:
        return isinstance(value, str) and ISO_DATE.fullmatch(value) is not None and bool(date.fromisoformat(value))
    except ValueError:  # 2023-02-30
        return False


def _check_value(rule: dict, value, ds: Dataset) -> list[str]:
    kind = rule.get("check")
    if kind == "date":
        return [] if value == "" or _is_date(value) else [f"{value!r} is not a date of the form YYYY-MM-DD"]
    if kind == "one_of":
        choices = CHOICES[rule["choices"]]
        return (
            [] if value in choices else [f"{value!r} is not one of {', '.join(choices)}{did_you_mean(value, choices)}"]
        )
    if kind == "list_of":
        allowed = list(ds.dictionary.vocabularies[rule["vocabulary"]])
        return [f"unknown {rule['noun']} {v!r}{did_you_mean(v, allowed)}" for v in as_list(value) if v not in allowed]
    if kind == "datasets":  # events for the attack views, statements for the flows: each view says which it takes
        known = list(dict.fromkeys([*ds.datasets, *ds.statement_datasets]))
        return [
            f"unknown dataset {d!r}{did_you_mean(d, known)}; this data has {', '.join(known)}"
            for d in as_list(value)
            if d not in known
        ]
    if kind == "source":
        problem = unknown_source(ds.sources, value)
        return [problem] if problem else []
    if kind == "actors":
        problems = []
        for actor in as_list(value):
            try:
                ds.resolve_actor(actor)
            except UnknownActorError as error:
                problems.append(str(error))
        return problems
    return []
