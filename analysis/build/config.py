"""The report list (reports.yaml): each report's notebook, parameters and title."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import BuildError


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

    def notebook_path(self, notebook_dir: Path) -> Path:
        return Path(notebook_dir) / (self.notebook if self.notebook.endswith(".ipynb") else f"{self.notebook}.ipynb")


def read_config(path: Path) -> list[ReportSpec]:
    """The reports listed; an entry that is wrong becomes a spec with problems (BuildError only if no list can be read)."""
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
    specs = []
    for name, settings in reports.items():
        settings = settings if isinstance(settings, dict) else {}
        unknown = sorted(set(settings) - {"title", "notebook", "parameters"})
        parameters = settings.get("parameters") or {}
        problems = (
            ([f"report names are letters, digits and _, not {name!r}"] if not str(name).isidentifier() else [])
            + (["no 'notebook' given"] if "notebook" not in settings else [])
            + [f"unknown setting {key!r} (a report takes title, notebook and parameters)" for key in unknown]
            + (["'parameters' must be a mapping of names to values"] if not isinstance(parameters, dict) else [])
        )
        specs.append(
            ReportSpec(
                str(name),
                str(settings.get("title", name)),
                str(settings.get("notebook", "")),
                parameters if isinstance(parameters, dict) else {},
                tuple(problems),
            )
        )
    return specs


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
