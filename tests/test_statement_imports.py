"""POLECAT and ICEWS imports: the codebooks, the files' known faults, filters, and each statement counted once.

The files in tests/fixtures/statement_files are synthetic rows in the published layouts, made for these
tests (fictional events and a fictional publisher), not real POLECAT or ICEWS data.
"""

import shutil
import zipfile

import pandas as pd
import pytest

from analysis import DataError, load, views
from analysis.cli import main
from analysis.errors import ChoiceError, InputError
from analysis.imports import import_statements
from analysis.linking.decisions import record_decision
from conftest import FIXTURES

FILES = FIXTURES / "statement_files"
POLECAT, ICEWS = FILES / "polecat_week.txt", FILES / "icews_year.tab"


@pytest.fixture
def with_statements(data_copy):
    """The fixture data with the POLECAT week and the ICEWS year (zipped, as published) imported."""
    zipped = data_copy.parent / "icews.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.write(ICEWS, "events.2022.tab")
    import_statements("polecat", [POLECAT], data_copy, "pc")
    import_statements("icews", [zipped], data_copy, "ic")
    return data_copy


def imported(data_dir, name):
    return pd.read_parquet(data_dir / "imports" / f"{name}.parquet").set_index("event_id")


def test_polecat_types_and_modes_become_our_kinds_and_the_rest_is_counted_not_guessed(data_copy):
    _, manifest = import_statements("polecat", [POLECAT], data_copy, "pc")
    rows = imported(data_copy, "pc")
    assert rows["kind"].astype(str).to_dict() == {
        "PC1": "accusation",
        "PC2": "rejection",
        "PC4": "appeal",
        "PC8": "warning",
        "PC9": "accusation",
    }
    assert rows.loc["PC1", "code"] == "ACCUSE/allege"
    assert manifest["not_statements"] == {"ACCUSE/investigate": 1, "CONSULT/visit": 1}
    assert manifest["unknown_codes"] == {"DEMAND": 1}


def test_the_files_known_faults_are_named_and_skipped_not_fatal(data_copy):
    _, manifest = import_statements("polecat", [POLECAT], data_copy, "pc")
    assert manifest["extra_header_rows"] == 1  # a repeated header row
    assert manifest["lines_read"] == 9  # the header's and PC1's excess empty tab columns did not spoil them
    assert manifest["skipped_lines"] == 1
    assert manifest["skipped_examples"] == [
        {"file": str(POLECAT), "line": 9, "reason": "5 fields where the header has 40"}
    ]


def test_a_government_is_read_by_name_or_sector_and_by_date(data_copy):
    import_statements("polecat", [POLECAT], data_copy, "pc")
    rows = imported(data_copy, "pc")
    assert rows.loc["PC2", "speaker_actor"] == "taliban"  # a person whose sector is Afghanistan's government, 2023
    assert pd.isna(rows.loc["PC4", "speaker_actor"])  # "Afghanistan" in 2020: the Republic, not in actors.csv
    assert pd.isna(rows.loc["PC8", "speaker_actor"])  # an Afghan named without a government sector: not guessed
    _, manifest = import_statements("icews", [ICEWS], data_copy, "ic")
    rows = imported(data_copy, "ic")
    assert rows.loc["IC3", "target_actor"] == "taliban"  # "Afghanistan" in 2022
    assert {row["name"] for row in manifest["unmapped"]} == {"Government (Afghanistan)"}  # 2019: the Republic


def test_cameo_codes_decide_by_their_longest_listed_prefix(data_copy):
    _, manifest = import_statements("icews", [ICEWS], data_copy, "ic")
    rows = imported(data_copy, "ic")
    assert rows["kind"].astype(str).to_dict() == {
        "IC1": "accusation",
        "IC2": "accusation",
        "IC3": "accusation",  # 111 criticize
        "IC4": "denial",  # 016 deny responsibility
        "IC6": "claim",  # 015 claim responsibility: the code is kept for attribution
    }
    assert rows.loc["IC6", "code"] == "015"
    assert manifest["not_statements"] == {"040": 1, "113": 1}  # a consultation; rallying opposition


def test_filters_apply_while_reading(data_copy):
    _, manifest = import_statements("polecat", [POLECAT], data_copy, "pc", countries=["AFG", "Iran"])
    assert "PC9" not in imported(data_copy, "pc").index  # France -> Germany
    assert manifest["filtered_out"] == 1
    _, manifest = import_statements("polecat", [POLECAT], data_copy, "pc2", actors=["Iran"])
    assert set(imported(data_copy, "pc2").index) == {"PC1", "PC2"}
    with pytest.raises(ChoiceError, match="did you mean 'Afghanistan'"):
        import_statements("polecat", [POLECAT], data_copy, "pc3", countries=["Afganistan"])


@pytest.mark.parametrize(
    "text, message",
    [
        ("event_id_cnty,event_date,actor1,country\nAFG1,2024-01-01,X,Afghanistan\n", "looks like an ACLED export"),
        ("Event ID;Event Date;Event Type;Actor Name\nX;2024-01-01;ACCUSE;Iran\n", "tab-separated expected, found ';'"),
    ],
)
def test_a_file_of_another_format_is_named_as_such_and_nothing_is_written(data_copy, tmp_path, text, message):
    wrong = tmp_path / "download.txt"
    wrong.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=message):
        import_statements("polecat", [wrong], data_copy, "pc")
    with pytest.raises(DataError, match="looks like an ICEWS file; use python -m analysis import icews"):
        import_statements("polecat", [ICEWS], data_copy, "pc")
    assert not (data_copy / "imports" / "pc.parquet").exists()


def test_the_command_line_imports_several_files_and_reports_what_it_left_out(data_copy, tmp_path, capsys):
    second = tmp_path / "second_week.txt"
    shutil.copy(POLECAT, second)
    code = main(["import", "polecat", str(POLECAT), str(second), "--name", "two_weeks", "--data", str(data_copy)])
    out = capsys.readouterr().out
    assert code == 0
    assert "2 event(s) not statements of ours" not in out  # two files: every count doubles
    assert "4 event(s) not statements of ours" in out and "'DEMAND' 2" in out
    assert f"{second}:9: 5 fields where the header has 40" in out
    # the second file repeats the first's event ids: the first is kept, the repeats named
    assert "event id 'PC1' again (the first is kept)" in out


def test_imported_statements_load_typed_and_the_flows_count_each_statement_once(with_statements):
    ds = load(with_statements)
    assert set(ds.statement_datasets) == {"coded", "pc", "ic"} and "pc" not in ds.datasets
    assert ds.imported_statements["date_start"].dtype == "datetime64[ns]"
    chosen = views.statements_from(ds, "ic")
    assert "IC2" not in set(chosen["statement_id"])  # the same story and sentence as IC1
    assert "IC1" in set(chosen["statement_id"])
    with pytest.raises(InputError, match="'pc' holds machine-coded statements, not incidents"):
        views.incidents_from(ds, ["pc"])
    with pytest.raises(InputError, match="'acled_sample' holds events, not statements"):
        views.statement_flows(ds, datasets="coded, acled_sample")


def test_a_coded_statement_and_its_machine_coded_twin_are_one_statement(with_statements):
    ds = load(with_statements)
    coded = ds.statements
    twin = coded["statement_id"] == "ST06"  # Taliban accuses Iran; PC1 codes the same on 15 July 2023
    coded.loc[twin, ["date_start", "date_end"]] = pd.Timestamp("2023-07-15")
    coded.loc[twin, "date_precision"] = "day"
    same_day = ds.replace(statements=coded)
    links = views.statement_links(same_day)
    assert links.pairs.loc[links.pairs["status"] == "linked", ["left", "right"]].values.tolist() == [
        ["coded:ST06", "pc:PC1"]
    ]
    both = views.statement_flows(same_day, datasets="coded, pc").edges.set_index(["speaker", "target", "kind"])
    assert both.loc[("Taliban", "Iran", "accusation"), ["coded", "machine_coded", "statements"]].tolist() == [1, 0, 1]
    apart = views.statement_flows(ds, datasets="coded, pc").edges.set_index(["speaker", "target", "kind"])
    assert apart.loc[("Taliban", "Iran", "accusation"), ["coded", "machine_coded", "statements"]].tolist() == [1, 1, 2]


def test_a_statement_pair_left_for_review_is_decided_by_the_analyst_like_an_incident_pair(with_statements):
    ds = load(with_statements)
    coded = ds.statements
    near = coded["statement_id"] == "ST06"  # a month-wide range around PC1: close, not close enough to link alone
    coded.loc[near, ["date_start", "date_end"]] = [pd.Timestamp("2023-07-01"), pd.Timestamp("2023-07-31")]
    coded.loc[near, "date_precision"] = "month"
    pairs = views.statement_links(ds.replace(statements=coded)).pairs
    assert pairs[["left", "right", "status"]].values.tolist() == [["coded:ST06", "pc:PC1", "review"]]
    record_decision(with_statements, "coded:ST04", "pc:PC2", "confirm", "the same rejection, reported by the wire")
    after = load(with_statements)
    members = views.statement_links(after).members
    assert members.groupby("cluster")["ref"].apply(list).tolist() == [["coded:ST04", "pc:PC2"]]
    edges = views.statement_flows(after, datasets="coded, pc").edges.set_index(["speaker", "target", "kind"])
    assert edges.loc[("Taliban", "Iran", "rejection"), ["coded", "machine_coded"]].tolist() == [1, 0]
    assert len(views.record_links(after).members) == len(views.record_links(ds).members)  # incidents untouched


def test_statement_volume_is_aggregated_per_period_pair_kind_and_source(with_statements):
    ds = load(with_statements)
    volume = views.statement_volume(ds, datasets="coded, pc, ic", freq="year")
    row = volume[(volume["period"] == "2022-01-01") & (volume["speaker"] == "Pakistan")]
    assert row[["target", "kind", "source", "statements"]].values.tolist() == [
        ["Taliban", "accusation", "machine-coded", 1]
    ]
    assert volume.duplicated(["period", "speaker", "target", "kind", "source"]).sum() == 0


def test_validate_says_how_many_statement_records_are_how_many_statements(with_statements, capsys):
    assert main(["validate", "--data", str(with_statements)]) == 0
    out = capsys.readouterr().out
    assert "ic 5 machine-coded statements" in out
    # 28 coded + 10 machine-coded rows; IC2 repeats IC1's story and sentence
    assert "Statements: 38 statement records are 37 statements, each counted once" in out


def test_statement_volume_keeps_empty_periods_so_the_chart_shows_gaps(with_statements):
    volume = views.statement_volume(load(with_statements), datasets="ic", freq="year")
    assert list(volume["label"].cat.categories) == ["2019", "2020", "2021", "2022"]  # no statements in 2020, 2021
    assert sorted(set(volume["label"].astype(str))) == ["2019", "2022"]


def test_the_reports_tell_machine_coded_rows_apart(with_statements):
    from analysis import reader_tables

    ds = load(with_statements)
    flows = views.statement_flows(ds, datasets="coded, pc")
    table = reader_tables.flows_table(ds, flows).data
    assert "Machine-coded (unverified)" in table and "Coded from articles" in table
    listed = reader_tables.machine_coded_table(ds, datasets="coded, pc").data
    assert "pc:PC1" in listed and "ACCUSE/allege" in listed and "Synthetic Wire" in listed
    assert "ST06" not in listed  # coded statements are quoted in the evidence, not listed here
    sources = reader_tables.sources_list(ds, ["coded", "pc"]).data
    assert "5 machine-coded statements (unverified)" in sources


def test_the_report_sentence_says_how_many_records_are_how_many_statements(with_statements):
    from analysis import narrative

    ds = load(with_statements)
    counts = views.statement_counts(ds, "coded, ic")
    assert counts == {"records": 28 + 5, "statements": 28 + 4}  # IC2 repeats IC1's story and sentence
    text = narrative.machine_coded_text(views.statement_flows(ds, datasets="coded, ic"), counts)
    assert "33 statement records are 32 statements" in text
    assert "machine-coded (unverified" in text


def test_links_review_lists_a_statement_pair_with_both_records_described(with_statements, capsys):
    coded = with_statements / "statements.csv"
    text = coded.read_text(encoding="utf-8")
    line = next(row for row in text.splitlines() if row.startswith("ST06,"))
    fields = line.split(",")
    start = fields.index("2023-06-03")  # date_start, date_end, date_precision follow one another
    month = fields[:start] + ["2023-07-01", "2023-07-31", "month"] + fields[start + 3 :]
    coded.write_text(text.replace(line, ",".join(month)), encoding="utf-8")
    assert main(["links", "--review", "--data", str(with_statements)]) == 0
    out = capsys.readouterr().out
    assert "coded:ST06 ~ pc:PC1" in out
    assert "coded:ST06: taliban -> iran; accusation; 2023-07-01..2023-07-31 (month)" in out
    assert "pc:PC1: taliban -> iran; accusation; 2023-07-15..2023-07-15 (day)" in out
    assert "machine-coded ACCUSE/allege, Synthetic Wire" in out
