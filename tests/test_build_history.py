"""The build history (issue 21): each build records what its reports showed; `changes` and every report's "Since the
last build" say what moved between two builds, and why; the index lists past builds."""

import csv
import html
import io
import re
import shutil

import pandas as pd
import pytest
from test_import_updates import deletions_file, newer_export
from test_imports import sample_rows

from analysis import build, load, views
from analysis.build import history
from analysis.build.changes import changes
from analysis.cli import main
from analysis.errors import ChoiceError
from conftest import FIXTURE_DATA, FIXTURES, PROJECT_DIR

REPORTS = """
history: {keep: KEEP}
reports:
  exchange:
    title: The Iran exchange
    notebook: accusation_flows
    parameters: {actors: Iran, start: 2023-05-01, end: 2023-07-31}
  attacks:
    title: Attacks beside the ACLED sample
    notebook: attack_counts
    parameters: {freq: year, by: perpetrator, datasets: "coded, acled_sample"}
"""
EXCHANGE_ONLY = REPORTS.split("  attacks:")[0]  # one report, for the tests of the history's own bookkeeping


def scratch_project(root):
    """Two reports on a scratch copy of the fixture data: statements alone, and attacks with an import."""
    shutil.copytree(FIXTURE_DATA, root / "data")
    shutil.copytree(FIXTURES / "seeds", root / "seeds")
    (root / "notebooks").mkdir()
    for name in ("accusation_flows", "attack_counts"):
        shutil.copy(PROJECT_DIR / "notebooks" / f"{name}.ipynb", root / "notebooks")
    return root


@pytest.fixture
def project(tmp_path):
    return scratch_project(tmp_path)


def built(project, keep=10, reports=REPORTS, **options):
    (project / "reports.yaml").write_text(reports.replace("KEEP", str(keep)), encoding="utf-8")
    outcomes = build.build(
        config=project / "reports.yaml",
        data_dir=project / "data",
        out_dir=project / "out",
        stream=io.StringIO(),
        **options,
    )
    assert {o.status for o in outcomes} <= {"built", "skipped"}, [o.error for o in outcomes]
    return outcomes


def since(project, report) -> str:
    page = (project / "out" / f"{report}.html").read_text(encoding="utf-8")
    section = re.search(r'<section class="since-last-build">.*?</section>', page, re.S)
    assert section, f"{report}.html has no 'Since the last build' section"
    return section.group(0)


def add_statement(data_dir):
    """ST99: a second statement of ST02's remarks, with its quote (a copy of ST02's evidence)."""
    for table, key in (("statements.csv", "statement_id"), ("evidence.csv", "record_id")):
        path = data_dir / table
        with open(path, newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        new = [row | {key: "ST99"} for row in rows if row[key] == "ST02"]
        with open(path, "a", newline="", encoding="utf-8") as f:
            csv.DictWriter(f, fieldnames=list(rows[0])).writerows(new)


def update_acled(data_dir, tmp_path):
    """ACLED's week: AFG900001 re-coded (2 killed, no longer 0), AFG900002 deleted."""
    rows = {row["event_id_cnty"]: row for row in sample_rows()}
    export = newer_export(tmp_path / "delta.csv", [rows["AFG900001"] | {"fatalities": "2"}])
    deleted = deletions_file(tmp_path / "deleted.csv", "AFG900002")
    argv = ["import", "acled", str(export), "--name", "acled_sample", "--update", "--deleted", str(deleted)]
    assert main([*argv, "--data", str(data_dir)]) == 0


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    """Two builds around a data change (an added statement; an ACLED update with one re-coded and one deleted
    event), made once for the tests that only read them."""
    project = scratch_project(tmp_path_factory.mktemp("two_builds"))
    built(project)
    add_statement(project / "data")
    update_acled(project / "data", project)
    built(project)
    return project


def test_a_first_build_says_it_is_the_first(project):
    built(project, reports=EXCHANGE_ONLY)
    assert "first build of this report on record" in since(project, "exchange")
    assert "first on record" in changes(project / "out").text()


def test_since_the_last_build_names_exactly_the_changes(two_builds):
    exchange, attacks = since(two_builds, "exchange"), since(two_builds, "attacks")
    with open(two_builds / "data" / "evidence.csv", newline="", encoding="utf-8") as f:
        quotes = [row["quote"] for row in csv.DictReader(f) if row["record_id"] == "ST99"]
    assert "ST99" in exchange and "statements added" in exchange
    assert quotes and all(f"<blockquote>{html.escape(q)}</blockquote>" in exchange for q in quotes)  # new, with quotes
    assert "AFG9" not in exchange  # the statements report reads no import
    assert "Iran · Taliban · warning" in exchange and "1 -&gt; 2" in exchange  # the pair's count moved
    assert "ST99" not in attacks
    assert "AFG900001" in attacks and "re-coded in the export" in attacks
    assert "AFG900002" in attacks and "deleted by ACLED: in the deletions file" in attacks
    listed = re.findall(r"<b>([^<]+)</b>", exchange + attacks)
    assert sorted(listed) == sorted(["ST99", "acled_sample · AFG900001", "acled_sample · AFG900002"]), listed


def test_changes_prints_the_rows_and_figures_that_moved(two_builds, capsys):
    assert main(["changes", "--out", str(two_builds / "out")]) == 0
    text = capsys.readouterr().out
    assert "statements: 1 added, 0 removed, 0 edited" in text
    assert "+ ST99" in text
    assert "events: 0 added, 1 removed, 1 edited" in text
    assert "~ acled_sample · AFG900001 (re-coded in the export" in text
    assert "- acled_sample · AFG900002 (deleted by ACLED" in text
    assert "figures that moved in exchange:" in text and "figures that moved in attacks:" in text
    only = changes(two_builds / "out", report="exchange")
    assert set(only.rows["id"].str.split(" · ").str[0]) == {"ST99"}


def test_the_index_lists_both_builds_with_their_archived_pages(two_builds):
    index = (two_builds / "out" / "index.html").read_text(encoding="utf-8")
    recorded = history.builds(two_builds / "out")
    assert len(recorded) == 2
    for record in recorded:
        assert record["built_at"] in index and record["data_version"] in index
        for name in ("exchange", "attacks"):
            link = f"history/{record['build']}/{name}.html"
            assert link in index and (two_builds / "out" / link).is_file()
        back = (two_builds / "out" / "history" / record["build"] / "index.html").read_text(encoding="utf-8")
        assert 'href="../../index.html"' in back  # where an archived page's link to the index leads
    assert recorded[0]["data_version"] != recorded[1]["data_version"]
    assert "statements +1" in index and "events -1 ~1" in index  # the newest build's line of what changed
    archived = (two_builds / "out" / f"history/{recorded[0]['build']}/exchange.html").read_text(encoding="utf-8")
    assert "ST99" not in archived and "first build of this report on record" in archived


def test_the_history_keeps_the_last_n_builds(project):
    kept = []
    for _ in range(2):
        built(project, keep=1, reports=EXCHANGE_ONLY, force=True)
        kept.append(history.builds(project / "out")[-1]["build"])
    assert [b["build"] for b in history.builds(project / "out")] == kept[1:]  # the oldest pruned, the newest kept


def test_no_history_is_recorded_with_keep_0(project):
    built(project, keep=0, reports=EXCHANGE_ONLY)
    assert not (project / "out" / "history").exists()
    assert "Since the last build" not in (project / "out" / "exchange.html").read_text(encoding="utf-8")


def test_an_interrupted_record_leaves_the_last_one_readable(project, monkeypatch):
    built(project, reports=EXCHANGE_ONLY)
    first = history.builds(project / "out")

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(history, "_archive", interrupted)
    with pytest.raises(KeyboardInterrupt):
        built(project, reports=EXCHANGE_ONLY, force=True)
    assert history.builds(project / "out") == first
    left = sorted(p.name for p in (project / "out" / "history").iterdir())
    assert left == [first[0]["build"]]  # no half-written record left behind
    assert "first on record" in changes(project / "out").text()


def test_an_unknown_build_or_report_gets_a_did_you_mean(two_builds, capsys):
    first = history.builds(two_builds / "out")[0]["build"]
    with pytest.raises(ChoiceError, match=f"did you mean .*{first}"):
        changes(two_builds / "out", since=first[:-3] + "9Zx")
    assert main(["changes", "--out", str(two_builds / "out"), "--report", "exchnage"]) == 1
    assert "did you mean 'exchange'" in capsys.readouterr().err
    assert changes(two_builds / "out", since=first[:8]).before["build"] == first  # an id's start names it


def test_a_record_holds_the_figures_of_the_views_the_report_calls(two_builds):
    report = history.builds(two_builds / "out")[-1]["reports"]["attacks"]["record"]
    ds = load(two_builds / "data")
    counts = views.attack_counts(ds, freq="year", by="perpetrator", datasets="coded, acled_sample").counts
    recorded = {row: figures["incidents"] for row, figures in report["tables"]["counts"]["rows"].items()}
    assert recorded == {f"{r.period} · {r.group}": r.incidents for r in counts.itertuples()}
    assert "IN01" in report["listed"]


def test_an_event_added_and_deleted_between_two_builds_never_shows():
    from analysis.build.changes import _event_changes

    entries = [
        {"export": "a.csv", "added": ["E1", "E2"], "updated": ["E0"], "deleted": []},
        {
            "export": "b.csv",
            "added": [],
            "updated": ["E2"],
            "deleted": ["E1", "E3"],
            "withdrawn": ["E1"],
            "deletions": "d.csv",
        },
    ]
    rows = {r["id"]: (r["change"], r["why"]) for r in _event_changes("acled", "ACLED", entries)}
    assert rows == {
        "acled · E0": ("edited", "re-coded in the export a.csv"),
        "acled · E2": ("added", "new in the export a.csv"),
        "acled · E3": ("removed", "no longer in the export b.csv"),
    }


def test_a_row_merged_by_a_link_says_so():
    from analysis.build.changes import since_section

    decision = "coded:IN03 · acled_sample:AFG900003"
    rows = pd.DataFrame(
        [{"table": "link_decisions", "id": decision, "change": "added", "line": "confirm · same bombing", "why": ""}]
    )
    last = {
        "built_at": "2026-12-01 06:00:00 UTC",
        "data_version": "abc",
        "reports": {"r": {"record": {"listed": ["IN03"]}}},
    }
    now = {"parameters": {}, "record": {"listed": []}}
    section = since_section("r", last, now, rows, rows.iloc[:0])
    assert f"link_decisions added: <b>{html.escape(decision)}</b>" in section
    assert f"no longer listed: <b>IN03</b> (merged by the link {html.escape(decision)})" in section
