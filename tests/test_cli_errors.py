"""Every command, given bad arguments, answers as a tool should: a message (one line, or the data's problem list),
exit 1, no traceback, and nothing written. The commands are read from the parser, so a new one cannot be missed."""

import shutil
import subprocess
import sys

import pytest

from analysis import cli
from analysis.storage import data_hash
from conftest import FIXTURE_DATA, FIXTURES, PROJECT_DIR

MISSING = "/nonexistent/file.csv"

# command -> bad argument lists; {data} is a scratch copy of the fixture data, {tmp} a scratch folder
BAD_ARGUMENTS = {
    "validate": [["--data", "{tmp}/no-data-here"], ["--bogus"]],
    "build": [
        ["--only", "nope", "--data", "{data}", "--out", "{tmp}/out"],
        ["--jobs", "0", "--data", "{data}", "--out", "{tmp}/out"],
        ["--jobs", "two"],
        ["--config", MISSING, "--out", "{tmp}/out"],
        ["--data", "{tmp}/no-data-here", "--out", "{tmp}/out"],
    ],
    "import": [
        ["acled", MISSING, "--data", "{data}"],
        ["acled", "{export}", "--name", "my data", "--data", "{data}"],
        ["acled", "{export}", "--name", "coded", "--data", "{data}"],
        ["ucdp", "{export}", "--data", "{data}"],  # an ACLED export given as UCDP
        ["acleds", "{export}"],
        ["polecat", "{export}", "--data", "{data}"],  # an ACLED export given as POLECAT
        ["polecat", "{export}", "{export}", "--data", "{data}"],  # several files, no --name
        ["icews", MISSING, "--name", "ic", "--data", "{data}"],
        ["acled", "{export}", "--countries", "AFG", "--data", "{data}"],  # a filter only statement files take
    ],
    "export": [["plover", "{tmp}/out", "--data", "{tmp}/no-data-here"], ["polecat", "{tmp}/out"]],
    "links": [
        ["--confirm", "coded:IN99", "acled_sample:AFG900001", "--note", "same", "--data", "{data}"],
        ["--reject", "coded:IN01", "acled_sample:AFG900001", "--data", "{data}"],  # no note
        ["--confirm", "coded:IN01"],
    ],
    "add-source": [
        [
            "{tmp}/none.txt",
            "--outlet",
            "x",
            "--url",
            "u",
            "--published",
            "2023-01-01",
            "--basis",
            "b",
            "--data",
            "{data}",
        ],
        ["{article}", "--outlet", "x", "--url", "u", "--published", "2023-13-01", "--basis", "b", "--data", "{data}"],
        [
            "{article}",
            "--outlet",
            "x",
            "--url",
            "u",
            "--published",
            "2023-02-01..2023-01-01",
            "--basis",
            "b",
            "--data",
            "{data}",
        ],
        ["{article}", "--outlet", "x"],
    ],
    "suggest": [["src999", "--data", "{data}"], ["src00", "--data", "{data}"]],
    "accept": [["{tmp}/none.csv", "--data", "{data}"], ["{tmp}/review.csv", "--data", "{data}"]],
    "refresh-notebooks": [["briefng"]],
    "changes": [["--out", "{tmp}/no-builds-here"], ["--since"]],
}


def commands() -> set[str]:
    subparsers = next(a for a in cli.parser()._actions if a.dest == "command")
    return set(subparsers.choices)


def test_every_command_has_bad_arguments_to_try():
    assert set(BAD_ARGUMENTS) == commands()


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    root = tmp_path_factory.mktemp("cli")
    shutil.copytree(FIXTURE_DATA, root / "data")
    shutil.copytree(FIXTURES / "seeds", root / "seeds")
    (root / "review.csv").write_text("hello\nworld\n", encoding="utf-8")
    (root / "article.txt").write_text("KABUL - A bomb exploded.\n", encoding="utf-8")
    return root


CASES = [(command, args) for command, cases in BAD_ARGUMENTS.items() for args in cases]


@pytest.mark.parametrize(("command", "args"), CASES, ids=[f"{c} {' '.join(a)}" for c, a in CASES])
def test_bad_arguments_give_a_message_and_exit_1_without_a_traceback(scratch, command, args, capsys):
    places = {
        "data": scratch / "data",
        "tmp": scratch,
        "export": FIXTURES / "seeds" / "exports" / "acled_sample.csv",
        "article": scratch / "article.txt",
    }
    argv = [command, *(arg.format(**places) for arg in args)]
    before = data_hash(scratch / "data")
    try:
        code = cli.main(argv)
    except SystemExit as usage:  # argparse's own mistakes: one line, exit 1
        code = usage.code
    err = capsys.readouterr().err
    assert code == 1
    assert err.strip() and "Traceback" not in err
    first = err.splitlines()[0]
    assert first.startswith((f"{command}: ", "python -m analysis")), first
    assert len(err.splitlines()) == 1 or "problem(s) in the data" in first  # one line, or the list of problems
    assert data_hash(scratch / "data") == before  # nothing written
    assert not (scratch / "out").exists()


def test_the_module_entry_point_prints_no_traceback(tmp_path):
    shutil.copytree(FIXTURE_DATA, tmp_path / "data")
    export = FIXTURES / "seeds" / "exports" / "acled_sample.csv"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "analysis",
            "import",
            "acled",
            str(export),
            "--name",
            "my data",
            "--data",
            str(tmp_path / "data"),
        ],
        capture_output=True,
        text=True,
        cwd=PROJECT_DIR,
    )
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert run.stderr == (
        "import: import name 'my data': use letters, digits, - and _ only, and not 'coded' (the articles' own)\n"
    )
