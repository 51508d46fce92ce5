"""Coding a new article: add-source, the review file, accept. Candidates are built here by hand (no extractor
needed)."""

import hashlib
import shutil
import subprocess
import sys

import pandas as pd
import pytest
import yaml

from analysis import load
from analysis.coding import review_file
from analysis.coding.accept import accept
from analysis.coding.register import add_source
from analysis.dictionary import Dictionary
from analysis.errors import DataError
from conftest import FIXTURES, PROJECT_DIR

ARTICLE = FIXTURES / "articles" / "kunduz_mosque.txt"
TABLES = [
    "actors.csv",
    "sources.csv",
    "statements.csv",
    "incidents.csv",
    "officials_killed.csv",
    "reported_figures.csv",
    "evidence.csv",
]
BOMBING = (
    "At least 12 people were killed and 30 injured when a suicide bomber struck a mosque in Kunduz province on Friday, "
    "local officials said."
)
GOVERNOR = "The district governor of Imam Sahib was among those killed."
REJECTION = (
    "Taliban spokesman Zabihullah Mujahid on Saturday rejected Iran's claim that the group shelters foreign fighters."
)
CLAIM = "ISKP claimed responsibility for the attack in a statement on its Amaq channel."


def snapshot(data_dir):
    """Every file of the data folder and the seeds, byte for byte."""
    return {
        p: p.read_bytes()
        for folder in (data_dir, data_dir.parent / "seeds")
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def register(data_dir, **changes):
    options = {
        "outlet": "Test Wire",
        "url": "https://example.org/kunduz",
        "published": "2024-03-09..2024-03-10",
        "basis": "the fixture's dateline",
        "data_dir": data_dir,
        **changes,
    }
    return add_source(options.pop("file", ARTICLE), **options)


# add-source


def test_add_source_copies_the_article_and_records_it(data_copy):
    row = register(data_copy)
    sha = hashlib.sha256(ARTICLE.read_bytes()).hexdigest()
    assert row["source_id"] == "src005" and row["path"] == f"seeds/005_{sha[:16]}.txt" and row["sha256"] == sha
    assert (data_copy.parent / row["path"]).read_bytes() == ARTICLE.read_bytes()
    assert row["title"] == "Taliban reject Iranian claim after Kunduz mosque bombing"  # the first non-empty line
    source = load(data_copy).sources.set_index("source_id").loc["src005"]
    assert (str(source["published_start"].date()), str(source["published_end"].date())) == ("2024-03-09", "2024-03-10")
    assert source["url"] == "https://example.org/kunduz" and source["published_basis"] == "the fixture's dateline"


@pytest.mark.parametrize(
    "case, message",
    [
        ("registered", "already registered as src000 (seeds/000_d3cba0bd0bd863fa.txt, same SHA-256)"),
        ("empty", "the article is empty"),
        ("latin1", "not UTF-8 (byte 0xe9)"),
        ("backwards", "the range ends (2024-03-01) before it starts (2024-03-09)"),
        ("malformed", "'2024-02-30' is not a date of the form YYYY-MM-DD"),
    ],
)
def test_add_source_refuses_and_writes_nothing(data_copy, tmp_path, case, message):
    article = {
        "registered": FIXTURES / "seeds" / "000_d3cba0bd0bd863fa.txt",
        "empty": tmp_path / "empty.txt",
        "latin1": tmp_path / "latin1.txt",
    }.get(case, ARTICLE)
    (tmp_path / "empty.txt").write_text(" \n\n", encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes("Kabul\nCaf\xe9 bombing\n".encode("latin-1"))
    published = {"backwards": "2024-03-09..2024-03-01", "malformed": "2024-02-30"}.get(case, "2024-03-09")
    before = snapshot(data_copy)
    with pytest.raises(DataError) as error:
        register(data_copy, file=article, published=published)
    assert message in str(error.value)
    assert snapshot(data_copy) == before


def test_add_source_validates_before_writing(data_copy):
    """A row the validator refuses (here: a line break in the outlet) leaves sources.csv and seeds/ as they were."""
    before = snapshot(data_copy)
    with pytest.raises(DataError, match=r"sources.csv:\d+: column 'outlet': .*line break"):
        register(data_copy, outlet="Test\nWire")
    assert snapshot(data_copy) == before


# the review file


def candidates(dictionary, *rows):
    return pd.DataFrame([{"accept": "yes", "source_id": "src005", **row} for row in rows]).reindex(
        columns=review_file.review_columns(dictionary)
    )


BOMBING_ROW = {
    "candidate": "c01",
    "table": "incidents",
    "quote": BOMBING,
    "date_start": "2024-03-08",
    "date_end": "2024-03-08",
    "date_precision": "day",
    "date_note": "'on Friday' (published 2024-03-09..10)",
    "country": "Afghanistan",
    "province": "Kunduz",
    "location": "mosque",
    "perpetrator": "ISKP",
    "event_type": "Explosions/Remote violence",
    "sub_event_type": "Suicide bomb",
    "target_category": "civilians",
    "killed_low": "12",
    "killed_best": "12",
    "injured_low": "30",
    "injured_best": "30",
    "injured_high": "30",
    "summary": "Suicide bombing at a mosque in Kunduz.",
    "why": "'killed' + 'suicide bomber'",
}
GOVERNOR_ROW = {
    "candidate": "c02",
    "table": "officials_killed",
    "quote": GOVERNOR,
    "incident": "c01",
    "position": "District governor of Imam Sahib",
    "province": "Kunduz",
}
REJECTION_ROW = {
    "candidate": "c03",
    "table": "statements",
    "quote": REJECTION,
    "speaker": "Zabihullah Mujahid",
    "speaker_role": "Taliban spokesman",
    "speaker_actor": "Taliban",
    "kind": "rejection",
    "target_actor": "Iran",
    "summary": "The group shelters no foreign fighters.",
    "date_start": "2024-03-02",
    "date_end": "2024-03-09",
    "date_precision": "range",
    "date_note": "'on Saturday'",
}
CLAIM_ROW = {
    "candidate": "c04",
    "table": "incidents",
    "duplicate_of": "IN01",
    "quote": CLAIM,
}  # evidence only (the fixture's IN01)


@pytest.fixture
def coded(data_copy):
    """The fixture data with the article registered, and a review file of four accepted candidates."""
    register(data_copy)
    dictionary = Dictionary.for_data(data_copy)
    path = review_file.write_review(
        review_file.review_path(data_copy, "src005"),
        candidates(dictionary, BOMBING_ROW, GOVERNOR_ROW, REJECTION_ROW, CLAIM_ROW),
        dictionary,
    )
    return data_copy, path


def test_review_columns_follow_the_dictionary(tmp_path):
    dictionary = Dictionary.read(FIXTURES / "data" / "dictionary.yaml")
    columns = review_file.review_columns(dictionary)
    assert columns[:7] == ["accept", "candidate", "table", "duplicate_of", "source_id", "quote", "incident"]
    assert columns[-2:] == ["why", "engine"]
    assert {"speaker", "kind", "killed_low", "position", "metric"} <= set(columns)
    assert not {"statement_id", "incident_id", "figure_id"} & set(
        columns
    )  # ids are given by accept; incident_id is `incident`
    raw = yaml.safe_load((FIXTURES / "data" / "dictionary.yaml").read_text(encoding="utf-8"))
    raw["tables"]["incidents"]["columns"]["weapon"] = {"type": "text", "required": False}
    (tmp_path / "dictionary.yaml").write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    widened = review_file.review_columns(Dictionary.read(tmp_path / "dictionary.yaml"))
    assert widened.index("weapon") == widened.index("injured_high") + 1 and widened[-2:] == ["why", "engine"]


def test_a_review_file_with_marks_is_not_overwritten_without_force(coded):
    data_dir, path = coded
    dictionary = Dictionary.for_data(data_dir)
    fresh = candidates(dictionary, BOMBING_ROW).assign(accept=None)
    with pytest.raises(DataError, match="already has 4 accept mark"):
        review_file.write_review(path, fresh, dictionary)
    review_file.write_review(path, fresh, dictionary, force=True)
    assert len(review_file.read_review(path, dictionary)) == 1
    review_file.write_review(path, fresh, dictionary)  # no marks: replaced without --force
    assert str(accept(path, data_dir)) == "no line is marked yes in the accept column: nothing to add"


# accept


def test_accept_adds_rows_evidence_and_links_then_nothing_twice(coded):
    data_dir, path = coded
    outcome = accept(path, data_dir)
    assert outcome.added == {"incidents": ["IN09"], "officials_killed": ["OK03"], "statements": ["ST29"]}
    assert outcome.evidence == ["IN09", "OK03", "ST29", "IN01"]  # the official cites the sentence naming them
    ds = load(data_dir)
    incident = ds.incidents.set_index("incident_id").loc["IN09"]
    assert (incident["province"], incident["perpetrator"], incident["killed_low"]) == ("Kunduz", "iskp", 12)
    assert (
        ds.statements.set_index("statement_id").loc["ST29", "speaker_actor"] == "taliban"
    )  # 'Taliban' resolved to its id
    official = ds.officials_killed[ds.officials_killed["position"] == "District governor of Imam Sahib"]
    assert list(official["incident_id"]) == ["IN09"]  # candidate c01 -> the new incident
    cited = ds.evidence[ds.evidence["source_id"] == "src005"]
    assert set(zip(cited["record_id"], cited["quote"])) == {
        ("IN09", BOMBING),
        ("OK03", GOVERNOR),
        ("ST29", REJECTION),
        ("IN01", CLAIM),
    }
    assert len(ds.incidents) == 9  # the duplicate added evidence to IN01, no row
    after = snapshot(data_dir)
    again = accept(path, data_dir)
    assert again.added == {} and again.evidence == [] and sorted(again.already) == ["c01", "c02", "c03", "c04"]
    assert snapshot(data_dir) == after


def edited(path, line, **cells):
    """Change cells of one line of the review file (line 2 is the first candidate)."""
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    for column, value in cells.items():
        table.loc[line - 2, column] = value
    table.to_csv(path, index=False, lineterminator="\n")


@pytest.mark.parametrize(
    "line, cells, column, message",
    [
        (
            4,
            {"speaker_actor": "Talibna"},
            "speaker_actor",
            "unknown actor 'Talibna': not an actor_id, name or alias in actors.csv; did you mean 'Taliban'?",
        ),
        (4, {"quote": REJECTION.replace("Saturday", "Sunday")}, "quote", "not found in src005: matches up to"),
        (2, {"date_end": "2024-03-32"}, "date_end", "'2024-03-32': not a date of the form YYYY-MM-DD"),
        (2, {"accept": "ok"}, "accept", "'ok': mark yes, no, or leave empty"),
        (5, {"duplicate_of": "IN99"}, "duplicate_of", "unknown incident_id 'IN99': no such row in incidents.csv"),
        (
            3,
            {"incident": "c09"},
            "incident",
            "'c09': neither a candidate marked yes in this file nor an existing incident_id",
        ),
        (3, {"speaker": "Mujahid"}, "speaker", "filled, but not a column of officials_killed"),
        (
            2,
            {"province": "Kundus"},
            "province",
            "'Kundus': not in vocabulary province (see data/dictionary.yaml); did you mean 'Kunduz'?",
        ),
    ],
)
def test_bad_input_names_file_line_and_column_and_adds_nothing(coded, line, cells, column, message):
    data_dir, path = coded
    edited(path, line, **cells)
    before = snapshot(data_dir)
    with pytest.raises(DataError) as error:
        accept(path, data_dir)
    assert f"{path}:{line}: column {column!r}: {message}" in str(error.value)
    assert snapshot(data_dir) == before


def test_cli_suggest_refuses_an_unregistered_source_with_did_you_mean(data_copy):
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "suggest", "src0004", "--data", str(data_copy)],
        capture_output=True,
        text=True,
        cwd=PROJECT_DIR,
    )
    assert (
        result.returncode == 1
        and "unknown source 'src0004'" in result.stderr
        and "did you mean 'src004', 'src000'" in result.stderr
    )


def test_cli_add_source_and_accept(data_copy):
    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "analysis", *args, "--data", str(data_copy)],
            capture_output=True,
            text=True,
            cwd=PROJECT_DIR,
        )

    register = ["add-source", str(ARTICLE), "--outlet", "Test Wire", "--url", "https://example.org/k"]
    register += ["--published", "2024-03-09", "--basis", "dateline"]
    added = run(*register)
    assert added.returncode == 0 and added.stdout.startswith("registered src005: seeds/005_"), added.stderr
    again = run(*register)
    assert again.returncode == 1 and "already registered as src005" in again.stderr
    dictionary = Dictionary.for_data(data_copy)
    path = review_file.write_review(
        review_file.review_path(data_copy, "src005"), candidates(dictionary, BOMBING_ROW), dictionary
    )
    accepted = run("accept", str(path))
    assert accepted.returncode == 0 and accepted.stdout.startswith("added incidents 1 (IN09); 1 evidence row(s)"), (
        accepted.stderr
    )


def test_two_statements_from_one_sentence_and_a_reply_to_a_candidate(data_copy):
    """One quote may carry two statements (both added, neither mistaken for the other later); responds_to may name a
    candidate."""
    register(data_copy)
    dictionary = Dictionary.for_data(data_copy)
    denial = {**REJECTION_ROW, "candidate": "c05", "kind": "denial", "target_actor": "", "responds_to": "c03"}
    official = {**GOVERNOR_ROW, "incident": "IN01"}  # an existing incident
    path = review_file.write_review(
        review_file.review_path(data_copy, "src005"),
        candidates(dictionary, REJECTION_ROW, denial, official),
        dictionary,
    )
    assert accept(path, data_copy).added == {"statements": ["ST29", "ST30"], "officials_killed": ["OK03"]}
    statements = load(data_copy).statements.set_index("statement_id")
    assert statements.loc["ST30", "responds_to"] == "ST29" and statements.loc["ST30", "kind"] == "denial"
    after = snapshot(data_copy)
    assert sorted(accept(path, data_copy).already) == ["c02", "c03", "c05"]
    assert snapshot(data_copy) == after


def test_an_article_added_suggested_and_accepted_shows_in_a_built_report(data_copy, tmp_path, monkeypatch):
    """The issue's 'done when': add-source -> suggest -> mark yes -> accept -> the report shows the new incident."""
    from analysis import build
    from analysis.paths import DATA_DIR_VARIABLE
    from conftest import report_project

    def run(*args):
        result = subprocess.run(
            [sys.executable, "-m", "analysis", *args, "--data", str(data_copy)],
            capture_output=True,
            text=True,
            cwd=PROJECT_DIR,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    run(
        "add-source",
        str(ARTICLE),
        "--outlet",
        "Test Wire",
        "--url",
        "https://example.org/k",
        "--published",
        "2024-03-09..2024-03-10",
        "--basis",
        "the fixture's dateline",
    )
    said = run("suggest", "src005")
    path = review_file.review_path(data_copy, "src005")
    assert f"written to {path}" in said and "incidents 1" in said
    marked = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert BOMBING in marked.loc[marked["table"] == "incidents", "quote"].iloc[0]
    marked["accept"] = "yes"
    marked.to_csv(path, index=False, lineterminator="\n")
    assert run("accept", str(path)).startswith("added incidents 1 (IN09)")
    project = report_project(tmp_path, "reports:\n  attacks:\n    notebook: attack_counts\n")
    shutil.copy(PROJECT_DIR / "notebooks" / "attack_counts.ipynb", project / "notebooks")
    monkeypatch.setenv(DATA_DIR_VARIABLE, str(data_copy))
    outcomes = build.build(config=project / "reports.yaml", out_dir=project / "out")
    assert [o.status for o in outcomes] == ["built"], outcomes
    page = (project / "out" / "attacks.html").read_text(encoding="utf-8")
    assert "IN09" in page and "suicide bomber struck a mosque in Kunduz province" in page


def test_the_notebook_refuses_an_unregistered_source_and_shows_candidates_by_table(tmp_path):
    import papermill

    from conftest import FIXTURE_DATA

    notebook = PROJECT_DIR / "notebooks" / "code_article.ipynb"
    refused = subprocess.run(
        [
            sys.executable,
            "-m",
            "papermill",
            str(notebook),
            str(tmp_path / "refused.ipynb"),
            "--no-progress-bar",
            "-p",
            "data_dir",
            str(FIXTURE_DATA),
            "-p",
            "source_id",
            "src0004",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert (
        refused.returncode == 1
        and "parameter 'source_id': unknown source 'src0004'" in refused.stderr
        and "did you mean 'src004'" in refused.stderr
    )
    out = tmp_path / "shown.ipynb"  # the Python API: the CLI is the user's path above, the same run without a process
    papermill.execute_notebook(
        notebook,
        out,
        parameters={"data_dir": str(FIXTURE_DATA), "source_id": "src004"},
        cwd=tmp_path,
        progress_bar=False,
    )
    html = out.read_text(encoding="utf-8")
    assert "<h3>statements (" in html and "candidate(s) (" in html
    assert not (FIXTURE_DATA.parent / "review").exists()  # showing writes nothing


def test_a_failed_write_puts_back_the_files_already_written(coded, monkeypatch):
    """accept writes incidents, officials, statements and evidence: if the third write fails, the first two are put
    back."""
    from analysis.coding import store

    data_dir, path = coded
    before = snapshot(data_dir)
    calls = []

    def failing(target, content, write=store.write_atomically):
        calls.append(target)
        if len(calls) == 3:
            raise OSError("disk full")
        write(target, content)

    monkeypatch.setattr(store, "write_atomically", failing)
    with pytest.raises(OSError, match="disk full"):
        accept(path, data_dir)
    assert len(calls) == 5 and snapshot(data_dir) == before  # 2 written, 1 failed, 2 put back


def test_a_claim_of_responsibility_accepted_with_its_attack_names_the_new_incident(data_copy):
    register(data_copy)
    dictionary = Dictionary.for_data(data_copy)
    claim = {
        "candidate": "c02",
        "table": "statements",
        "quote": CLAIM,
        "speaker_role": "the group's claim, as the article reports it",
        "speaker_actor": "ISKP",
        "kind": "claim",
        "summary": "ISKP claims responsibility for the attack.",
        "date_end": "2024-03-10",
        "date_precision": "open",
        "date_note": "no date in the sentence: at the latest the publication day",
        "about_incidents": "c01",  # the attack suggested in the same review file
        "attribution": "claims_responsibility",
    }
    path = review_file.write_review(
        review_file.review_path(data_copy, "src005"), candidates(dictionary, BOMBING_ROW, claim), dictionary
    )
    outcome = accept(path, data_dir=data_copy)
    [incident], [statement] = outcome.added["incidents"], outcome.added["statements"]
    row = load(data_copy).statements.set_index("statement_id").loc[statement]
    assert (row["about_incidents"], row["attribution"]) == (incident, "claims_responsibility")
