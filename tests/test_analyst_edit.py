"""An analyst's first data edit, end to end: register a new article (add-source), run the live checks while it
waits to be coded, then add an incident it reports and a statement, with their evidence, to data/, run
`make notebooks`, then the tests that read the live data. They must pass: nothing in the suite may depend on
today's data. (Every other test runs on the frozen fixture, tests/fixtures/.)"""

import csv
import os
import shutil
import subprocess
import sys

import pytest

from analysis.paths import DATA_DIR_VARIABLE, PROJECT_DIR
from conftest import FIXTURES

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

ARTICLE = FIXTURES / "articles" / "kunduz_mosque.txt"  # fictional, and says so: this test's project copy only
INCIDENT = dict(
    incident_id="IN_NEW",
    date_start="2024-05-10",
    date_end="2024-05-10",
    date_precision="day",
    date_note="'on Friday' in the article published on Saturday 11 May 2024 (the test's registration)",
    country="Afghanistan",
    province="Kunduz",
    perpetrator="iskp",
    event_type="Explosions/Remote violence",
    sub_event_type="Suicide bomb",
    target_category="civilians",
    killed_low="12",
    killed_best="12",
    injured_low="30",
    injured_best="30",
    summary="Suicide bombing at a mosque in Kunduz province kills at least 12 and injures 30.",
    coding_note="Added by the analyst-edit test from a fictional test article.",
)
INCIDENT_QUOTE = (
    "At least 12 people were killed and 30 injured when a suicide bomber struck a mosque in Kunduz province on "
    "Friday, local officials said."
)


def append_row(path, row):
    """Add a row under the file's own header (its columns in its order; the others empty), as an analyst would."""
    with open(path, newline="", encoding="utf-8") as f:
        header = next(csv.reader(f))
    with open(path, "a", newline="", encoding="utf-8") as f:
        csv.DictWriter(f, fieldnames=header, lineterminator="\n").writerow(row)


def project_copy(target):
    """The project's files as a fresh clone has them (files git tracks or would, or the tree without generated
    folders)."""
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
    with open(project / "data" / "incidents.csv", newline="", encoding="utf-8") as f:
        incidents = sum(1 for _ in csv.DictReader(f))
    # The copy's own package first (kernels too), and no data folder chosen by the environment.
    env = {k: v for k, v in os.environ.items() if k != DATA_DIR_VARIABLE} | {"PYTHONPATH": str(project), INNER_RUN: "1"}

    def run(*args):
        return subprocess.run([sys.executable, *args], cwd=project, env=env, capture_output=True, text=True)

    registered = run(
        "-m",
        "analysis",
        "add-source",
        str(ARTICLE),
        "--outlet",
        "Test wire",
        "--url",
        "https://example.org/kunduz",
        "--published",
        "2024-05-11",
        "--basis",
        "the test's own registration",
    )
    assert registered.returncode == 0, registered.stderr
    source_id = registered.stdout.split()[1].rstrip(":")  # "registered src005: seeds/..."
    waiting = run("-m", "pytest", "-p", "no:cacheprovider", "-q", "-m", "live", "tests/test_live_data.py")
    assert waiting.returncode == 0, waiting.stdout[-4000:]  # a registered article not yet coded is a valid state
    append_row(project / "data" / "statements.csv", STATEMENT)
    append_row(project / "data" / "evidence.csv", EVIDENCE)
    append_row(project / "data" / "incidents.csv", INCIDENT)
    append_row(
        project / "data" / "evidence.csv",
        dict(record_type="incident", record_id="IN_NEW", source_id=source_id, quote=INCIDENT_QUOTE),
    )

    validated = run("-m", "analysis", "validate")
    assert validated.returncode == 0, validated.stderr
    assert f"statements {committed + 1}" in validated.stdout  # the edit is there: the committed statements, plus one
    assert f"incidents {incidents + 1}" in validated.stdout
    refreshed = run("-m", "analysis", "refresh-notebooks")  # what `make notebooks` runs
    assert refreshed.returncode == 0, refreshed.stderr
    # The tests that read the live data (the rest run on tests/fixtures/); the browser tests only draw them.
    suite = run("-m", "pytest", "-p", "no:cacheprovider", "-q", "-m", "live and not browser")
    assert suite.returncode == 0, suite.stdout[-4000:]
    assert " passed" in suite.stdout.splitlines()[-1] and "failed" not in suite.stdout.splitlines()[-1]
