"""`python -m analysis validate` as a user runs it."""

import subprocess
import sys

from conftest import FIXTURE_DATA, PROJECT_DIR, edit


def run(*args):
    return subprocess.run([sys.executable, "-m", "analysis", *args], capture_output=True, text=True, cwd=PROJECT_DIR)


def test_validate_prints_the_summary():
    result = run("validate", "--data", str(FIXTURE_DATA))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"Data: {FIXTURE_DATA} - valid"
    assert "statements 28" in lines[1] and "evidence 88" in lines[1]
    assert lines[2].startswith("Statements by kind: claim 9, accusation 7")
    assert lines[3] == "Incidents by perpetrator: iskp 5, islamic_state 2, taliban 1"
    # 18 statements in one article, plus ST02, ST03, ST09 (src000 and its rewrite src004); OK01 and the raids figure
    # RF05 rest on one
    assert lines[4] == (
        "Resting on one independent report only: statements 21 of 28, incidents 6 of 8, "
        "officials_killed 1 of 2, reported_figures 5 of 5"
    )


def test_a_quote_altered_by_one_word_fails_naming_file_and_row(data_copy):
    edit(data_copy / "evidence.csv", "fought against Daesh in the past", "fought against ISIS in the past")
    result = run("validate", "--data", str(data_copy))
    assert result.returncode == 1
    assert result.stdout == ""
    assert "1 problem(s) in the data" in result.stderr
    assert "evidence.csv:18: column 'quote': not found in src004" in result.stderr
