"""The report list (reports.yaml): each report's notebook, parameters and title; a grid entry's reports (grid.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from ..errors import BuildError
from .grid import RULES as GRID_RULES
from .grid import expand


class _DatesAsText(yaml.SafeLoader):
    """YAML that leaves 2023-05-01 as text: a report's dates are parameters like any other, checked as such
    (YAML would otherwise stop the whole list at `start: 2023-13-01` with 'month must be in 1..12')."""


_DatesAsText.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class ReportSpec:
    name: str
    title: str
    notebook: str
    parameters: dict = field(default_factory=dict)
    problems: tuple[str, ...] = ()  # what is wrong with this entry: the report fails alone, the others build
    grid: dict = field(default_factory=dict)  # a grid's report: {"entry": its entry, "axes": {axis word: value}}

    def notebook_path(self, notebook_dir: Path) -> Path:
        return Path(notebook_dir) / (self.notebook if self.notebook.endswith(".ipynb") else f"{self.notebook}.ipynb")


def read_config(path: Path, data_dir: Path | None = None) -> list[ReportSpec]:
    """The reports listed, grids expanded; an entry that is wrong becomes a spec with problems (BuildError only if
    no list can be read, or a grid would make more than max_reports). `all` on a grid axis reads the vocabularies
    of data_dir's dictionary."""
    try:
        text = Path(path).read_text(encoding="utf-8")
        raw = yaml.load(text, Loader=_DatesAsText) or {}
    except OSError as error:
        raise BuildError(f"{path}: cannot read the report list: {error}") from error
    except yaml.YAMLError as error:
        raise BuildError(f"{path}: cannot read the report list: {_yaml_problem(error, text)}") from error
    reports = raw.get("reports") if isinstance(raw, dict) else None
    if not isinstance(reports, dict) or not reports:
        raise BuildError(f"{path}: expected a 'reports:' mapping of report names to their settings")
    max_reports = raw.get("max_reports", GRID_RULES["max_reports"])
    if not isinstance(max_reports, int) or isinstance(max_reports, bool) or max_reports < 1:
        raise BuildError(f"{path}: max_reports must be a whole number of reports, not {max_reports!r}")
    vocabularies = _vocabularies(data_dir)
    specs, names = [], set()
    for name, settings in reports.items():
        for spec in _entry(str(name), settings if isinstance(settings, dict) else {}, vocabularies, max_reports, path):
            if spec.name in names:
                spec = replace(spec, problems=(*spec.problems, "another report has this name"))
            names.add(spec.name)
            specs.append(spec)
    return specs


def history_keep(path: Path, default: int) -> int:
    """How many builds the history keeps: reports.yaml's `history: {keep: N}` (0: record none), else `default`."""
    try:
        raw = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_DatesAsText) or {}
    except (OSError, yaml.YAMLError):
        return default  # read_config has said what is wrong with the file
    keep = ((raw.get("history") or {}) if isinstance(raw, dict) else {}).get("keep", default)
    if not isinstance(keep, int) or isinstance(keep, bool) or keep < 0:
        raise BuildError(f"{path}: history: keep must be a whole number of builds (0: keep none), not {keep!r}")
    return keep


def _entry(name: str, settings: dict, vocabularies, max_reports: int, path: Path) -> list[ReportSpec]:
    """One entry's reports: itself, or its grid's; a grid that cannot be expanded is one failing report."""
    unknown = sorted(set(settings) - {"title", "notebook", "parameters", "grid"})
    parameters = settings.get("parameters") or {}
    problems = (
        ([f"report names are letters, digits and _, not {name!r}"] if not name.isidentifier() else [])
        + (["no 'notebook' given"] if "notebook" not in settings else [])
        + [f"unknown setting {key!r} (a report takes title, notebook, parameters and grid)" for key in unknown]
        + (["'parameters' must be a mapping of names to values"] if not isinstance(parameters, dict) else [])
    )
    parameters = parameters if isinstance(parameters, dict) else {}
    notebook = str(settings.get("notebook", ""))
    if "grid" not in settings or problems:
        return [ReportSpec(name, str(settings.get("title", name)), notebook, parameters, tuple(problems))]
    title = settings.get("title")
    try:
        combinations = expand(name, title and str(title), parameters, settings["grid"], vocabularies, max_reports)
    except BuildError as error:
        raise BuildError(f"{path}: {error}") from error
    except ValueError as error:
        return [ReportSpec(name, str(title or name), notebook, parameters, (str(error),))]
    return [
        ReportSpec(c.name, c.title, notebook, c.parameters, grid={"entry": name, "axes": c.axes}) for c in combinations
    ]


def _vocabularies(data_dir: Path | None):
    """The data dictionary's vocabularies, read once and only if a grid asks for `all`."""
    read = {}

    def vocabularies() -> dict:
        if "vocabularies" not in read:
            from ..dictionary import Dictionary
            from ..paths import data_folder

            try:
                read["vocabularies"] = Dictionary.for_data(data_folder(data_dir)).vocabularies
            except (OSError, ValueError, KeyError, yaml.YAMLError) as error:
                raise ValueError(f"'all' needs the data dictionary, which cannot be read: {error}") from error
        return read["vocabularies"]

    return vocabularies


def _yaml_problem(error: yaml.YAMLError, text: str) -> str:
    """'line 4, column 25 (in report 'a'): expected ',' or ']' while parsing a flow sequence'."""
    mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
    if mark is None:
        return str(error)
    reports = [re.match(r"  ([^\s#:][^:]*):", line) for line in text.splitlines()[: mark.line + 1]]
    entry = next((m.group(1) for m in reversed(reports) if m), None)
    what = " ".join(str(part) for part in (getattr(error, "problem", None), getattr(error, "context", None)) if part)
    return (
        f"line {mark.line + 1}, column {mark.column + 1}{f' (in report {entry!r})' if entry else ''}: {what or error}"
    )
