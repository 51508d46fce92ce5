"""The notebooks: one parameters cell each, offline outputs, and papermill runs that match the views."""

import os
import subprocess
import sys

import nbformat
import papermill
import pytest

import analysis
from analysis import views
from analysis.notebook_refresh import execute, notebook_paths, stamped
from analysis.paths import DATA_DIR_VARIABLE
from analysis.rendering import VEGA_MIMETYPE
from conftest import FIXTURE_DATA, PROJECT_DIR, edit

NAMES = ["accusation_flows", "attack_counts", "briefing", "official_killings"]  # the reports' notebooks
TOOLS = ["code_article", "link_review"]  # notebooks for doing, not reporting: no window, no chart


def test_the_notebooks_exist():
    assert [p.stem for p in notebook_paths()] == sorted(NAMES + TOOLS)


@pytest.mark.parametrize("name", NAMES)
def test_one_parameters_cell_with_data_dir_and_window(name):
    path = PROJECT_DIR / "notebooks" / f"{name}.ipynb"
    tagged = [c for c in nbformat.read(path, as_version=4).cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    parameters = papermill.inspect_notebook(str(path))
    assert {"data_dir", "start", "end"} <= set(parameters)
    assert all(p["default"] == '""' for n, p in parameters.items() if n in ("data_dir", "start", "end"))


@pytest.mark.parametrize("name", NAMES)
def test_stored_outputs_draw_offline(name):
    path = PROJECT_DIR / "notebooks" / f"{name}.ipynb"
    text = path.read_text(encoding="utf-8")
    for needle in ("cdn.jsdelivr", "unpkg.com", "cdnjs", "require.js", "altair-viz-"):
        assert needle not in text
    notebook = nbformat.read(path, as_version=4)
    charts = [
        o for c in notebook.cells if c.cell_type == "code" for o in c.outputs if VEGA_MIMETYPE in o.get("data", {})
    ]
    assert charts, "every notebook shows at least one chart"
    assert all("text/html" not in o["data"] for o in charts)
    assert all(not o.get("output_type") == "error" for c in notebook.cells if c.cell_type == "code" for o in c.outputs)


def run_papermill(name, tmp_path, **parameters):
    """The notebook run by papermill's Python API (the CLI, as users type it, is tested below), on the fixture data."""
    out = tmp_path / f"{name}.out.ipynb"
    papermill.execute_notebook(
        PROJECT_DIR / "notebooks" / f"{name}.ipynb",
        out,
        parameters={"data_dir": str(FIXTURE_DATA), **parameters},
        cwd=tmp_path,
        progress_bar=False,
    )
    return nbformat.read(out, as_version=4)


def test_papermill_refuses_wrong_parameters_naming_every_one(tmp_path):
    """A typo must never read as a finding: the notebook stops in its check cell, listing every problem."""
    args = [
        sys.executable,
        "-m",
        "papermill",
        str(PROJECT_DIR / "notebooks" / "attack_counts.ipynb"),
        str(tmp_path / "out.ipynb"),
        "--no-progress-bar",
        "-p",
        "data_dir",
        str(FIXTURE_DATA),
        "-p",
        "provinces",
        "Kabull",
        "-p",
        "fre",
        "month",
        "-p",
        "start",
        "2023-13-01",
        "-p",
        "freq",
        "fortnight",
    ]
    result = subprocess.run(args, capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 1
    shown = result.stderr.split("ParameterError: 4 problem(s) with the parameters\n", 1)[1].splitlines()[:4]
    assert sorted(shown) == sorted(
        [
            "unknown parameter 'fre'; did you mean 'freq'?",
            "parameter 'start': '2023-13-01' is not a date of the form YYYY-MM-DD",
            "parameter 'freq': 'fortnight' is not one of day, week, month, quarter, year",
            "parameter 'provinces': unknown province 'Kabull'; did you mean 'Kabul', 'Zabul'?",
        ]
    )
    assert "No incidents fall in this window" not in (tmp_path / "out.ipynb").read_text(encoding="utf-8")
    assert (
        "without encryption" not in result.stderr
    )  # ipykernel's TCP warning, filtered by environment/ipython_kernel_config.py


def chart_rows(notebook, index):
    """The data rows of the index-th chart in an executed notebook (the largest inline data set of its Vega spec)."""
    charts = [
        o["data"][VEGA_MIMETYPE]
        for c in notebook.cells
        if c.cell_type == "code"
        for o in c.outputs
        if VEGA_MIMETYPE in o.get("data", {})
    ]
    return max((d["values"] for d in charts[index]["data"] if "values" in d), key=len)


def test_attack_counts_run_narrowed_matches_view(ds, tmp_path):
    notebook = run_papermill(
        "attack_counts", tmp_path, start="2023-01-01", end="2023-12-31", freq="month", perpetrators="ISKP"
    )
    expected = views.attack_counts(ds, freq="month", start="2023-01-01", end="2023-12-31", perpetrators="ISKP")
    drawn = {
        (r["period"], r["group"], r["incidents"]) for r in chart_rows(notebook, 0) if r["placement"] == "in one period"
    }
    assert drawn == set(zip(expected.counts["period"], expected.counts["group"], expected.counts["incidents"]))
    assert drawn == {
        ("2023-03", "Islamic State Khorasan Province", 1),
        ("2023-06", "Islamic State Khorasan Province", 1),
    }
    spanning = {r["incident_ids"] for r in chart_rows(notebook, 0) if r["placement"] != "in one period"}
    assert spanning == set(expected.spanning["incident_id"]) == {"IN03"}


def test_official_killings_run_narrowed_matches_view(ds, tmp_path):
    notebook = run_papermill("official_killings", tmp_path, provinces="Balkh")
    expected, _ = views.officials_killed_in_window(ds, provinces="Balkh")
    drawn = [(r["official"], r["province"], r["date_start"], r["date_end"]) for r in chart_rows(notebook, 0)]
    assert drawn == [
        (r.official, r.province, r.date_start.strftime("%Y-%m-%d"), r.date_end.strftime("%Y-%m-%d"))
        for r in expected.itertuples()
    ]
    assert drawn == [("unnamed official", "Balkh", "2023-03-01", "2023-03-31")]


def test_accusation_flows_run_narrowed_matches_view(ds, tmp_path):
    notebook = run_papermill("accusation_flows", tmp_path, actors="Iran", start="2023-05-01", end="2023-06-30")
    expected = views.statement_flows(ds, actors="Iran", start="2023-05-01", end="2023-06-30")
    drawn = {(r["speaker"], r["target"], r["kind"], r["statements"]) for r in chart_rows(notebook, 0)}
    assert drawn == set(expected.edges[["speaker", "target", "kind", "statements"]].itertuples(index=False, name=None))
    assert ("Taliban", "Iran", "appeal", 2) in drawn
    assert [r["statement_id"] for r in chart_rows(notebook, 3)] == list(expected.threads["statement_id"])


def test_briefing_run_narrowed_matches_view(ds, tmp_path):
    notebook = run_papermill("briefing", tmp_path, start="2024-01-01", end="2024-12-31")
    expected = views.attack_counts(ds, freq="year", start="2024-01-01", end="2024-12-31")
    drawn = {(r["group"], r["incidents"]) for r in chart_rows(notebook, 0)}
    assert drawn == set(zip(expected.counts["group"], expected.counts["incidents"]))
    assert drawn == {("Islamic State", 2), ("Islamic State Khorasan Province", 2)}


def nbval(notebook, data_dir):
    """nbval over one notebook (this project's options), on the given data; returns the finished process."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-p",
            "conftest",  # the project's hooks
            "-c",
            str(PROJECT_DIR / "pyproject.toml"),
            "--rootdir",
            str(notebook.parent),
            str(notebook),
        ],
        capture_output=True,
        text=True,
        cwd=PROJECT_DIR,
        env={**os.environ, DATA_DIR_VARIABLE: str(data_dir)},
    )


def test_nbval_fails_when_a_number_in_the_data_changes(data_copy, tmp_path, monkeypatch):
    """The regression test catches a changed figure as differing outputs, not as a crash."""
    monkeypatch.setenv(DATA_DIR_VARIABLE, str(data_copy))
    notebook = tmp_path / "attack_counts.ipynb"
    nbformat.write(
        stamped(execute(nbformat.read(PROJECT_DIR / "notebooks" / notebook.name, as_version=4), cwd=tmp_path)), notebook
    )
    unchanged = nbval(notebook, data_copy)
    assert unchanged.returncode == 0, unchanged.stdout[-3000:]
    assert "make notebooks" not in unchanged.stdout
    edit(
        data_copy / "incidents.csv",
        "government_officials,1,1,,,,,Suicide bombing at the Balkh",
        "government_officials,2,2,,,,,Suicide bombing at the Balkh",
    )
    analysis.load(data_copy)  # still valid data: only the number changed
    changed = nbval(notebook, data_copy)
    assert changed.returncode == 1, changed.stdout[-3000:]
    assert "Cell outputs differ" in changed.stdout and "caused an exception" not in changed.stdout
    assert (
        "+  At least 2 people" in changed.stdout and "-  At least 3 people" in changed.stdout
    )  # stored 1 + 1 killed, now 2 + 1
    assert "The data changed since the stored outputs of attack_counts.ipynb were made" in changed.stdout
    assert "refresh the stored outputs with `make notebooks`" in changed.stdout
    assert "\x1b[" not in changed.stdout  # plain text when not on a terminal: no raw colour codes
