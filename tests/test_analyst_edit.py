"""An analyst's first data edit, end to end: add a valid statement with its evidence to data/, run
`make notebooks`, then the tests that read the live data. They must pass: nothing in the suite may
depend on today's data. (Every other test runs on the frozen fixture, tests/fixtures/.)"""

import csv
import os
import shutil
import subprocess
import sys

import pytest

from analysis.base import DATA_DIR_VARIABLE, PROJECT_DIR

INNER_RUN = "ANALYSIS_INNER_TEST_RUN"  # set for the suite run inside this test, so it does not run itself again
STATEMENT = dict(
    statement_id="ST_NEW",
    speaker="Amir Khan Muttaqi",
    speaker_role="Foreign Minister of the Taliban administration",
    speaker_actor="taliban",
    kind="appeal",
    summary="Addressing the support neighbouring countries give ISIS operatives is crucial to stability.",
    date_end="2024-04-26",
    date_precision="open",
    date_note="Not dated in src003 (26 April 2024)",
    coding_note="Added by the analyst-edit test.",
)
EVIDENCE = dict(
    record_type="statement",
    record_id="ST_NEW",
    source_id="src003",
    quote="Addressing these issues is crucial to ensuring stability in Afghanistan and the broader region.",
)


def append_row(path, row):
    """Add a row under the file's own header (its columns in its order; the others empty), as an analyst would."""
    with open(path, newline="", encoding="utf-8") as f:
        header = next(csv.reader(f))
    with open(path, "a", newline="", encoding="utf-8") as f:
        csv.DictWriter(f, fieldnames=header, lineterminator="\n").writerow(row)


def project_copy(target):
    """The project's files as a fresh clone has them (files git tracks or would, or the tree without generated folders)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=PROJECT_DIR, capture_output=True
    )
    if listed.returncode == 0 and listed.stdout:
        for name in listed.stdout.decode().split("\0"):
            if name and (PROJECT_DIR / name).is_file():
                (target / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(PROJECT_DIR / name, target / name)
    else:
        shutil.copytree(
            PROJECT_DIR,
            target,
            dirs_exist_ok=True,
            ignore=shutil.ignore_patterns(".venv", ".git", "reports", "*.egg-info", ".pytest_cache", "__pycache__"),
        )
    return target


@pytest.mark.skipif(os.environ.get(INNER_RUN) == "1", reason="this is the suite run inside the analyst-edit test")
def test_a_valid_data_edit_then_make_notebooks_keeps_the_tests_green(tmp_path):
    project = project_copy(tmp_path / "clone")
    with open(project / "data" / "statements.csv", newline="", encoding="utf-8") as f:
        committed = sum(1 for _ in csv.DictReader(f))
    append_row(project / "data" / "statements.csv", STATEMENT)
    append_row(project / "data" / "evidence.csv", EVIDENCE)
    # The copy's own package first (kernels too), and no data folder chosen by the environment.
    env = {k: v for k, v in os.environ.items() if k != DATA_DIR_VARIABLE} | {"PYTHONPATH": str(project), INNER_RUN: "1"}

    def run(*args):
        return subprocess.run([sys.executable, *args], cwd=project, env=env, capture_output=True, text=True)

    validated = run("-m", "analysis", "validate")
    assert validated.returncode == 0, validated.stderr
    assert f"statements {committed + 1}" in validated.stdout  # the edit is there: the committed statements, plus one
    refreshed = run("-m", "analysis", "refresh-notebooks")  # what `make notebooks` runs
    assert refreshed.returncode == 0, refreshed.stderr
    # The tests that read the live data (the rest run on tests/fixtures/); the browser tests only draw them.
    suite = run("-m", "pytest", "-p", "no:cacheprovider", "-q", "-m", "live and not browser")
    assert suite.returncode == 0, suite.stdout[-4000:]
    assert " passed" in suite.stdout.splitlines()[-1] and "failed" not in suite.stdout.splitlines()[-1]
