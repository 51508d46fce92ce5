"""ACLED and UCDP GED imports: the conversion rules, unmapped names, proofs of integrity, and linking."""

import csv
import sys

import pandas as pd
import pytest

from analysis import DataError, load, views
from analysis.cli import main
from analysis.errors import Problem
from analysis.imports import ACLED_COLUMNS, import_export
from conftest import FIXTURES, PROJECT_DIR, edit

sys.path.insert(0, str(PROJECT_DIR / "benchmarks"))
from synthetic_acled import generate  # noqa: E402

SAMPLE = FIXTURES / "seeds" / "exports" / "acled_sample.csv"


def sample_rows():
    with open(SAMPLE, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def write_csv(path, rows, columns=None):
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=columns or list(rows[0]), lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture
def sample(data_copy):
    """The committed sample, imported afresh into a scratch data folder; its events by event id."""
    import_export("acled", data_copy.parent / "seeds" / "exports" / "acled_sample.csv", data_copy, force=True)
    return load(data_copy).events.set_index("event_id")


def test_the_sample_has_every_column_of_the_codebook_and_each_precision():
    rows = sample_rows()
    assert tuple(rows[0]) == ACLED_COLUMNS and len(ACLED_COLUMNS) == 31
    assert {r["time_precision"] for r in rows} == {"1", "2", "3"}
    assert {"15 March 2023", "2023-06-15"} <= {r["event_date"] for r in rows}  # both of ACLED's spellings


def test_time_precision_becomes_a_date_range(sample):
    day, week, month = sample.loc["AFG900004"], sample.loc["AFG900003"], sample.loc["AFG900001"]
    assert (day["date_start"], day["date_end"], day["date_precision"]) == (
        pd.Timestamp("2019-05-10"),
        pd.Timestamp("2019-05-10"),
        "day",
    )
    assert (week["date_start"], week["date_end"], week["date_precision"]) == (
        pd.Timestamp("2022-09-11"),
        pd.Timestamp("2022-09-17"),
        "week",
    )
    assert (month["date_start"], month["date_end"], month["date_precision"]) == (
        pd.Timestamp("2023-03-01"),
        pd.Timestamp("2023-03-31"),
        "month",
    )


def test_fatalities_are_the_lowest_figure_with_no_upper_bound(sample):
    event = sample.loc["AFG900003"]
    assert (event["killed_low"], event["killed_best"]) == (40, 40)
    assert pd.isna(event["killed_high"])


def test_semicolon_lists_are_split(sample):
    assert sample.loc["AFG900003", "n_sources"] == 2
    assert sample.loc["AFG900007", "actors"] == "iskp"  # ISKP twice (actor1 and in assoc_actor_1) is one actor
    assert sample.loc["AFG900007", "perpetrator"] == "iskp"  # "Islamic State Khorasan Province (ISKP)": an alias


def test_unmapped_names_are_reported_and_their_events_kept(data_copy):
    _, manifest = import_export(
        "acled", data_copy.parent / "seeds" / "exports" / "acled_sample.csv", data_copy, force=True
    )
    unmapped = {(row["field"], row["name"]): (row["events"], row["example_event_id"]) for row in manifest["unmapped"]}
    assert unmapped[("actor1", "Tehrik-i-Taliban Pakistan (TTP)")] == (1, "AFG900008")
    assert unmapped[("assoc_actor_1", "Tehrik-i-Taliban Pakistan (TTP)")] == (1, "AFG900007")
    events = load(data_copy).events.set_index("event_id")
    assert len(events) == len(sample_rows())
    assert pd.isna(events.loc["AFG900008", "perpetrator"])
    assert events.loc["AFG900008", "perpetrator_name"] == "Tehrik-i-Taliban Pakistan (TTP)"


def test_the_import_command_prints_the_unmapped_report(data_copy, capsys):
    assert (
        main(
            [
                "import",
                "acled",
                str(data_copy.parent / "seeds" / "exports" / "acled_sample.csv"),
                "--data",
                str(data_copy),
                "--force",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "8 events from" in out
    assert "actor1: 'Tehrik-i-Taliban Pakistan (TTP)' in 1 event(s), e.g. AFG900008" in out


def test_an_old_export_with_numeric_inter_codes(tmp_path, data_copy):
    old_columns = [
        "data_id",
        "iso",
        "event_id_cnty",
        "event_id_no_cnty",
        "event_date",
        "year",
        "time_precision",
        "event_type",
        "sub_event_type",
        "actor1",
        "assoc_actor_1",
        "inter1",
        "actor2",
        "assoc_actor_2",
        "inter2",
        "interaction",
        "region",
        "country",
        "admin1",
        "admin2",
        "admin3",
        "location",
        "latitude",
        "longitude",
        "geo_precision",
        "source",
        "source_scale",
        "notes",
        "fatalities",
        "timestamp",
        "iso3",
    ]
    rows = [
        {
            **row,
            "inter1": {"Rebel group": "2", "Political militia": "3"}[row["inter1"]],
            "inter2": "7",
            "data_id": str(i),
            "event_id_no_cnty": str(i),
            "iso3": "AFG",
        }
        for i, row in enumerate(sample_rows())
    ]
    export = write_csv(tmp_path / "old.csv", rows, old_columns)
    import_export("acled", export, data_copy, "old_acled")
    events = load(data_copy).events
    old = events[events["dataset"] == "old_acled"].set_index("event_id")
    assert old.loc["AFG900001", "perpetrator_type"] == "Rebel group"
    assert old.loc["AFG900005", "perpetrator_type"] == "Political militia"


def test_a_broken_export_names_file_line_and_column(tmp_path, data_copy):
    rows = sample_rows()
    rows[2]["event_date"] = "2022-13-40"
    rows[4]["fatalities"] = "many"
    rows[5]["time_precision"] = "4"
    export = write_csv(tmp_path / "broken.csv", rows)
    with pytest.raises(DataError) as caught:
        import_export("acled", export, data_copy)
    assert set(caught.value.problems) == {
        Problem(str(export), 4, "event_date", "'2022-13-40': not a date (YYYY-MM-DD or 15 January 2024)"),
        Problem(str(export), 6, "fatalities", "'many': not a whole number >= 0"),
        Problem(str(export), 7, "time_precision", "'4': not 1, 2 or 3"),
    }
    assert not (data_copy / "imports" / "broken.parquet").exists()  # nothing half-written


def test_an_export_missing_a_column_is_refused(tmp_path, data_copy):
    rows = [{k: v for k, v in row.items() if k != "fatalities"} for row in sample_rows()]
    export = write_csv(tmp_path / "short.csv", rows)
    with pytest.raises(DataError) as caught:
        import_export("acled", export, data_copy)
    assert caught.value.problems == [Problem(str(export), 1, "fatalities", "missing column")]


def test_an_unchanged_export_is_not_read_again(data_copy):
    export = data_copy.parent / "seeds" / "exports" / "acled_sample.csv"
    import_export("acled", export, data_copy, force=True)
    parquet = data_copy / "imports" / "acled_sample.parquet"
    written = parquet.stat().st_mtime_ns
    import_export("acled", export, data_copy)
    assert parquet.stat().st_mtime_ns == written
    import_export("acled", export, data_copy, force=True)
    assert parquet.stat().st_mtime_ns != written


def test_an_edited_import_or_export_fails_validation(data_copy):
    parquet = data_copy / "imports" / "acled_sample.parquet"
    table = pd.read_parquet(parquet)
    table.loc[0, "killed_best"] = 99
    table.to_parquet(parquet, index=False)
    with pytest.raises(
        DataError, match=r"imports/acled_sample.yaml: column 'sha256': acled_sample.parquet is missing or has changed"
    ):
        load(data_copy)
    import_export("acled", data_copy.parent / "seeds" / "exports" / "acled_sample.csv", data_copy, force=True)
    with open(data_copy.parent / "seeds" / "exports" / "acled_sample.csv", "a", encoding="utf-8") as f:
        f.write("\n")
    with pytest.raises(DataError, match=r"the export .*acled_sample.csv has changed since it was imported"):
        load(data_copy)


def test_a_bad_value_in_an_import_names_the_row_and_column(data_copy):
    import_export("acled", data_copy.parent / "seeds" / "exports" / "acled_sample.csv", data_copy, force=True)
    parquet = data_copy / "imports" / "acled_sample.parquet"
    table = pd.read_parquet(parquet)
    table["province"] = table["province"].astype("string")  # as another tool might write it back
    table.loc[1, "province"] = "Kabull"
    table.to_parquet(parquet, index=False)
    manifest = parquet.with_suffix(".yaml")
    import yaml

    from analysis.imports import read_manifest
    from analysis.storage import sha256_of

    manifest.write_text(yaml.safe_dump({**read_manifest(manifest), "sha256": sha256_of(parquet)}), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load(data_copy)
    assert [str(p) for p in caught.value.problems] == [
        "imports/acled_sample.parquet row 2: column 'province': 'Kabull': not in vocabulary province"
    ]


def test_ucdp_ged(tmp_path, data_copy):
    base = {
        "country": "Afghanistan",
        "where_description": "a village",
        "number_of_sources": "2",
        "source_headline": "Fictional headline",
        "source_article": "Fictional Agency, 2023-05-03",
    }
    rows = [
        {
            **base,
            "id": "1",
            "type_of_violence": "3",
            "side_a": "IS",
            "side_b": "Civilians",
            "adm_1": "Nangarhar province",
            "date_start": "2023-05-01 00:00:00.000",
            "date_end": "2023-05-01 00:00:00.000",
            "low": "4",
            "best": "5",
            "high": "8",
        },
        {
            **base,
            "id": "2",
            "type_of_violence": "1",
            "side_a": "Government of Afghanistan",
            "side_b": "IS",
            "adm_1": "Paktia province",
            "date_start": "2023-05-01",
            "date_end": "2023-05-31",
            "low": "0",
            "best": "2",
            "high": "3",
            "number_of_sources": "-1",
        },
    ]
    export = write_csv(tmp_path / "ged.csv", rows)
    _, manifest = import_export("ucdp", export, data_copy, "ged")
    events = load(data_copy).events.set_index("event_id")
    one_sided, fighting = events.loc["1"], events.loc["2"]
    assert (one_sided["perpetrator"], one_sided["province"], one_sided["date_precision"]) == (
        "islamic_state",
        "Nangarhar",
        "day",
    )
    assert (one_sided["killed_low"], one_sided["killed_best"], one_sided["killed_high"]) == (4, 5, 8)
    assert pd.isna(fighting["perpetrator"])  # UCDP does not say who attacked in state-based fighting
    # "Government of Afghanistan" in May 2023 is the Taliban's (formats.yaml governments), a party beside IS
    assert (fighting["actors"], fighting["province"], fighting["date_precision"]) == (
        "taliban; islamic_state",
        "Paktya",
        "month",
    )
    assert pd.isna(fighting["n_sources"])
    assert [(r["field"], r["name"]) for r in manifest["unmapped"]] == [("side_b", "Civilians")]  # the government read


# --- linking and combined counts ----------------------------------------------------------------------


def test_the_sample_events_that_restate_coded_incidents_are_linked_and_the_others_not(ds):
    pairs = views.record_links(ds).pairs
    linked = pairs.loc[pairs["status"] == "linked", ["left", "right"]].apply(tuple, axis=1).tolist()
    assert linked == [("coded:IN01", "acled_sample:AFG900001"), ("coded:IN02", "acled_sample:AFG900002")]
    # Kabul, 40 killed against IN03's 21: the figures contradict, so the pair is not even left for review
    assert "acled_sample:AFG900003" not in set(pairs["right"]) | set(views.record_links(ds).members["ref"])


def test_a_linked_event_is_counted_once(ds):
    both = views.incidents_from(ds, ["coded", "acled_sample"])
    assert len(both) == len(ds.incidents) + len(ds.events) - 2
    assert "acled_sample:AFG900001" not in set(both["incident_id"])
    row = both.set_index("incident_id").loc["IN01"]
    assert (row["linked_events"], row["seen_in"]) == ("acled_sample:AFG900001", "articles, ACLED")
    assert len(views.incidents_from(ds, ["acled_sample"])) == len(ds.events)  # alone, the dataset keeps all its events


def test_two_equally_good_matches_for_one_incident_are_left_for_review(tmp_path):
    from tiny import make_dataset

    make_dataset(
        tmp_path,
        incidents=[
            {
                "incident_id": "IN1",
                "date_start": "2023-03-01",
                "date_end": "2023-03-31",
                "province": "Balkh",
                "perpetrator": "iskp",
                "killed_low": "1",
                "killed_best": "1",
            }
        ],
    )
    rows = [{**row, "actor1": "ISKP"} for row in sample_rows() if row["event_id_cnty"] == "AFG900001"]
    rows.append({**rows[0], "event_id_cnty": "AFG900099", "event_date": "2023-03-20"})
    import_export("acled", write_csv(tmp_path / "two.csv", rows), tmp_path / "data", "two")
    pairs = views.record_links(load(tmp_path / "data")).pairs
    assert list(pairs["status"]) == ["review", "review"]
    assert (pairs["score"] == pairs["runner_up"]).all()  # each is the other's rival: no margin, no link


def test_the_synthetic_export_imports_whole(tmp_path, data_copy):
    export = tmp_path / "synthetic.csv"
    generate(3000, seed=7).to_csv(export, index=False)
    _, manifest = import_export("acled", export, data_copy, "synthetic")
    events = load(data_copy).events
    synthetic = events[events["dataset"] == "synthetic"]
    assert len(synthetic) == 3000 == manifest["events"]
    assert synthetic["province"].notna().all() and synthetic["province"].nunique() == 34
    assert set(synthetic["date_precision"]) == {"day", "week", "month"}
    assert synthetic["killed_best"].max() > 20 > synthetic["killed_best"].median()  # heavy-tailed
    assert {"National Resistance Front"} == {r["name"] for r in manifest["unmapped"] if r["field"] == "actor1"}


def test_a_report_naming_an_unknown_dataset_is_refused_before_any_kernel(ds):
    from analysis import parameters

    notebook = PROJECT_DIR / "notebooks" / "attack_counts.ipynb"
    assert parameters.check({"datasets": "coded, acled_sample"}, notebook, ds) == []
    assert parameters.check({"datasets": "coded, acled"}, notebook, ds) == [
        "parameter 'datasets': unknown dataset 'acled'; did you mean 'acled_sample'?; this data has coded, acled_sample"
    ]


def test_evidence_of_a_linked_incident_includes_the_dataset_notes_only_when_chosen(ds):
    assert set(views.evidence_table(ds, ["IN01"])["source_id"]) == {"src000", "src002", "src004"}
    with_sample = views.evidence_table(ds, ["IN01"], "coded, acled_sample")
    row = with_sample[with_sample["source_id"] == "acled_sample:AFG900001"].iloc[0]
    assert row["quote"].startswith("SAMPLE ROW written by hand") and row["title"] == "AT News"


def test_vaguely_dated_rows_show_their_own_summary_or_the_dataset_notes(ds):
    unplaced = views.attack_counts(ds, freq="day", datasets="coded, acled_sample").spanning.set_index("incident_id")
    notes = ds.events.set_index("event_id")["notes"]
    wider_than_a_day = ds.events.loc[ds.events["date_precision"] != "day", "event_id"]
    linked = set(views.record_links(ds).members["record_id"])
    shown = [event for event in wider_than_a_day if event not in linked]
    assert shown, "the sample needs a week- or month-precision event that no coded incident stands for"
    for event in shown:
        assert unplaced.loc[f"acled_sample:{event}", "summary"] == notes[event]
    coded = ds.incidents.set_index("incident_id")["summary"]
    for incident in unplaced.index[unplaced["dataset"] == "coded"]:
        assert unplaced.loc[incident, "summary"] == coded[incident]
    assert (unplaced["dataset"] == "coded").any()


def test_an_import_may_not_take_the_coded_data_name(data_copy):
    with pytest.raises(ValueError, match="not 'coded'"):
        import_export("acled", SAMPLE, data_copy, "coded")


def ucdp_row(**fields):
    return {
        "id": "1",
        "type_of_violence": "3",
        "side_a": "IS",
        "side_b": "Civilians",
        "country": "Afghanistan",
        "adm_1": "Kabul province",
        "where_description": "a village",
        "date_start": "2023-05-01",
        "date_end": "2023-05-01",
        "low": "1",
        "best": "1",
        "high": "1",
        "number_of_sources": "1",
        "source_headline": "Fictional headline",
        "source_article": "Fictional Agency, 2023-05-03",
    } | fields


def test_ucdp_non_state_fighting_names_both_sides_and_no_perpetrator(tmp_path, data_copy):
    """Type 2 (non-state conflict): two armed groups fight; UCDP does not say who attacked whom, so, as in
    state-based fighting, both are the event's actors and the perpetrator stays empty (side_a of one-sided only)."""
    export = write_csv(
        tmp_path / "ged.csv",
        [ucdp_row(id="7", type_of_violence="2", side_a="IS", side_b="Taleban", low="3", best="6", high="9")],
    )
    import_export("ucdp", export, data_copy, "ged")
    event = load(data_copy).events.set_index("event_id").loc["7"]
    assert pd.isna(event["perpetrator"]) and pd.isna(event["perpetrator_name"])
    assert (event["killed_low"], event["killed_best"], event["killed_high"]) == (3, 6, 9)
    assert set(event["actors"].split("; ")) == {"islamic_state", "taliban"}


def test_a_broken_ucdp_export_is_refused_naming_file_row_and_column_and_writes_nothing(tmp_path, data_copy):
    missing = write_csv(tmp_path / "no_best.csv", [ucdp_row()], columns=[c for c in ucdp_row() if c != "best"])
    with pytest.raises(DataError, match=r"no_best\.csv:1: column 'best': missing column"):
        import_export("ucdp", missing, data_copy, "ged")
    bad = write_csv(tmp_path / "bad.csv", [ucdp_row(), ucdp_row(id="2", date_start="2023-13-01", best="many")])
    with pytest.raises(DataError) as refused:
        import_export("ucdp", bad, data_copy, "ged")
    found = {(p.line, p.column) for p in refused.value.problems}
    assert {(3, "date_start"), (3, "best")} <= found  # line 3: the second event, under the header
    assert not list((data_copy / "imports").glob("ged.*"))


def test_link_decisions_survive_a_changed_export_and_one_naming_a_removed_event_is_reported_by_name(data_copy):
    """A newer export: one event re-coded, one removed, one added. The decision on the surviving event keeps
    holding; the one naming the removed event is reported by file, line and id (never silently dropped)."""
    from analysis.linking.decisions import record_decision

    record_decision(data_copy, "coded:IN01", "acled_sample:AFG900001", "confirm", "the Balkh governor's killing")
    rows = {row["event_id_cnty"]: row for row in sample_rows()}
    rows["AFG900001"] |= {"fatalities": "2", "timestamp": "1800000000"}  # re-coded
    del rows["AFG900003"]  # removed: the fixture's reject names it
    rows["AFG900099"] = rows["AFG900008"] | {"event_id_cnty": "AFG900099", "event_date": "2024-12-01"}  # added
    newer = write_csv(data_copy.parent / "seeds" / "exports" / "acled_sample.csv", list(rows.values()))
    import_export("acled", newer, data_copy, "acled_sample")
    with pytest.raises(DataError) as refused:
        load(data_copy)
    assert [str(p) for p in refused.value.problems] == [
        "link_decisions.csv:2: column 'right': 'acled_sample:AFG900003': no such record in the import acled_sample; "
        "it may have been removed or re-imported without it"
    ]
    edit(
        data_copy / "link_decisions.csv",
        next(line for line in open(data_copy / "link_decisions.csv") if "AFG900003" in line),
        "",
    )
    ds = load(data_copy)
    pairs = views.record_links(ds).pairs.set_index(["left", "right"])
    assert pairs.loc[("coded:IN01", "acled_sample:AFG900001"), "status"] == "confirmed"
    assert ds.events.set_index("event_id").loc["AFG900001", "killed_best"] == 2
    assert {"AFG900099"} <= set(ds.events["event_id"]) and "AFG900003" not in set(ds.events["event_id"])
