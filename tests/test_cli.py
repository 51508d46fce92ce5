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
    assert lines[4].startswith("Resting on one source only: statements 18 of 28")


def test_a_quote_altered_by_one_word_fails_naming_file_and_row(data_copy):
    edit(data_copy / "evidence.csv", "fought against Daesh in the past", "fought against ISIS in the past")
    result = run("validate", "--data", str(data_copy))
    assert result.returncode == 1
    assert result.stdout == ""
    assert "1 problem(s) in the data" in result.stderr
    assert "evidence.csv:18: column 'quote': not found in src004" in result.stderr
