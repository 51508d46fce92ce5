"""Incremental imports (--update, --deleted, --drop-missing, UCDP candidates) and exports as analysts download them."""

import pandas as pd
import pytest
from test_imports import SAMPLE, sample_rows, ucdp_row, write_csv

from analysis import DataError, load
from analysis.cli import main
from analysis.errors import InputError
from analysis.imports import import_export, read_manifest
from analysis.storage import sha256_of

NEWER = "1800000000"  # a timestamp after the sample's (1700000000)


def newer_export(path, rows):
    return write_csv(path, [row | {"timestamp": NEWER} for row in rows])


def deletions_file(path, *ids, stamp="1800000001"):
    return write_csv(path, [{"event_id_cnty": i, "deleted_timestamp": stamp} for i in ids])


@pytest.fixture
def imported(data_copy):
    """The sample imported afresh, with its changelog started."""
    import_export("acled", data_copy.parent / "seeds" / "exports" / "acled_sample.csv", data_copy, force=True)
    return data_copy


def events_of(data_dir):
    return pd.read_parquet(data_dir / "imports" / "acled_sample.parquet").set_index("event_id")


def test_an_update_adds_replaces_and_deletes_and_keeps_the_rest(imported, tmp_path):
    rows = {row["event_id_cnty"]: row for row in sample_rows()}
    recoded = rows["AFG900001"] | {"fatalities": "2"}
    added = rows["AFG900008"] | {"event_id_cnty": "AFG900099", "event_date": "2024-12-01"}
    export = newer_export(tmp_path / "delta.csv", [recoded, added])  # a partial export: what changed since
    deleted = deletions_file(tmp_path / "deleted.csv", "AFG900002", "AFG999999")
    _, manifest = import_export("acled", export, imported, "acled_sample", update=True, deleted=deleted)
    events = events_of(imported)
    assert events.loc["AFG900001", "killed_best"] == 2
    assert "AFG900099" in events.index and "AFG900002" not in events.index
    assert len(events) == 8  # 8 - 1 deleted + 1 added: the six events the delta does not mention are kept
    entry = manifest["changelog"][-1]
    assert (entry["added"], entry["updated"], entry["deleted"]) == (["AFG900099"], ["AFG900001"], ["AFG900002"])
    assert entry["unknown_deletions"] == ["AFG999999"]  # listed; the known deletion was still applied
    assert entry["export_sha256"] == sha256_of(export) and entry["deletions_sha256"] == sha256_of(deleted)
    assert manifest["latest_timestamp"] == int(NEWER)
    assert read_manifest(imported / "imports" / "acled_sample.yaml")["changelog"][-1] == entry
    load(imported)  # the fixture's decision names AFG900003, which is still there


def test_an_unchanged_event_with_a_newer_timestamp_is_not_an_update(imported, tmp_path):
    export = newer_export(tmp_path / "same.csv", sample_rows())
    _, manifest = import_export("acled", export, imported, "acled_sample", update=True)
    assert {key: manifest["changelog"][-1][key] for key in ("added", "updated", "deleted")} == {
        "added": [],
        "updated": [],
        "deleted": [],
    }


def test_only_events_with_a_newer_timestamp_are_compared_but_every_exported_row_is_taken(imported, tmp_path):
    """ACLED bumps an event's timestamp when it re-codes it, so the update compares only those (issue 21: speed)."""
    rows = sample_rows()
    silent = rows[0] | {"fatalities": "7"}  # changed without a newer timestamp: taken, not listed as re-coded
    recoded = rows[1] | {"fatalities": "8", "timestamp": NEWER}
    export = write_csv(tmp_path / "delta.csv", [silent, recoded])
    _, manifest = import_export("acled", export, imported, "acled_sample", update=True)
    events = events_of(imported)
    assert (
        events.loc[rows[0]["event_id_cnty"], "killed_best"],
        events.loc[rows[1]["event_id_cnty"], "killed_best"],
    ) == (
        7,
        8,
    )
    assert manifest["changelog"][-1]["updated"] == [rows[1]["event_id_cnty"]]


def test_events_exported_in_another_order_are_compared_with_their_own_stored_rows(imported, tmp_path):
    """The stored rows read for the comparison come back in the export's order, not the import's."""
    rows = [row | {"timestamp": NEWER} for row in sample_rows()]
    export = write_csv(tmp_path / "reordered.csv", [rows[4] | {"fatalities": "9"}, *rows[3::-1]])
    _, manifest = import_export("acled", export, imported, "acled_sample", update=True)
    assert manifest["changelog"][-1]["updated"] == [rows[4]["event_id_cnty"]]


def test_a_changed_name_mapping_compares_every_event(imported, tmp_path):
    """Re-mapped events are changes the timestamps cannot show: with another mapping every event is compared."""
    mapping = imported / "name_mapping.json"
    mapping.write_text(mapping.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # another hash, same names
    rows = sample_rows()
    export = write_csv(tmp_path / "delta.csv", [rows[0] | {"fatalities": "7"}])
    _, manifest = import_export("acled", export, imported, "acled_sample", update=True)
    assert manifest["changelog"][-1]["updated"] == [rows[0]["event_id_cnty"]]


def test_drop_missing_removes_the_events_a_full_export_no_longer_has(imported, tmp_path):
    rows = [row for row in sample_rows() if row["event_id_cnty"] != "AFG900005"]
    export = newer_export(tmp_path / "full.csv", rows)
    import_export("acled", export, imported, "acled_sample", update=True)
    assert "AFG900005" in events_of(imported).index  # an update keeps what the export does not mention
    _, manifest = import_export("acled", export, imported, "acled_sample", update=True, drop_missing=True, force=True)
    assert "AFG900005" not in events_of(imported).index
    assert manifest["changelog"][-1]["deleted"] == ["AFG900005"]


def test_a_decision_on_a_deleted_event_is_reported_by_name(imported, tmp_path, capsys):
    export = newer_export(tmp_path / "delta.csv", sample_rows()[:1])
    deleted = deletions_file(tmp_path / "deleted.csv", "AFG900003")
    argv = ["import", "acled", str(export), "--name", "acled_sample", "--data", str(imported), "--update"]
    assert main([*argv, "--deleted", str(deleted)]) == 0
    out = capsys.readouterr().out
    assert "acled_sample: 0 added, 0 updated, 1 deleted" in out
    assert (
        "decision on a deleted event: link_decisions.csv:2: column 'right': 'acled_sample:AFG900003' was deleted by "
        "this import; its reject with coded:IN03 no longer applies: remove the line or decide again"
    ) in out


def test_an_event_republished_after_its_deletion_stays(imported, tmp_path):
    export = newer_export(tmp_path / "delta.csv", sample_rows()[:1])  # AFG900001 at 1800000000
    deleted = deletions_file(tmp_path / "deleted.csv", "AFG900001", stamp="1750000000")
    _, manifest = import_export("acled", export, imported, "acled_sample", update=True, deleted=deleted)
    assert "AFG900001" in events_of(imported).index and manifest["changelog"][-1]["deleted"] == []


def test_an_older_export_is_refused_unless_forced_and_nothing_is_written(imported, tmp_path):
    import_export("acled", newer_export(tmp_path / "new.csv", sample_rows()), imported, "acled_sample", update=True)
    parquet, manifest = imported / "imports" / "acled_sample.parquet", imported / "imports" / "acled_sample.yaml"
    before = sha256_of(parquet), sha256_of(manifest)
    older = write_csv(tmp_path / "old.csv", [row | {"fatalities": "9"} for row in sample_rows()])  # 1700000000
    with pytest.raises(DataError) as refused:
        import_export("acled", older, imported, "acled_sample", update=True)
    assert [str(p) for p in refused.value.problems] == [
        f"{older}: column 'timestamp': this export is older than the current import: its latest timestamp "
        "2023-11-14 22:13 UTC (1700000000) precedes the import's 2027-01-15 08:00 UTC (1800000000); "
        "use --force to import it anyway"
    ]
    assert (sha256_of(parquet), sha256_of(manifest)) == before
    import_export("acled", older, imported, "acled_sample", update=True, force=True)
    assert events_of(imported)["killed_best"].eq(9).all()


def test_a_bad_deletions_file_names_its_line_and_column_and_nothing_is_written(imported, tmp_path):
    parquet = imported / "imports" / "acled_sample.parquet"
    before = sha256_of(parquet)
    bad = write_csv(tmp_path / "deleted.csv", [{"event_id_cnty": "AFG900002", "deleted_timestamp": "yesterday"}])
    with pytest.raises(DataError) as refused:
        import_export("acled", SAMPLE, imported, "acled_sample", update=True, deleted=bad, force=True)
    assert [str(p) for p in refused.value.problems] == [
        f"{bad}:2: column 'deleted_timestamp': 'yesterday': not a whole number >= 0"
    ]
    assert sha256_of(parquet) == before


def test_an_update_needs_an_import_to_update(data_copy, tmp_path):
    with pytest.raises(InputError, match="no import 'fresh'"):
        import_export("acled", SAMPLE, data_copy, "fresh", update=True)


def test_ucdp_final_events_replace_candidates_and_are_never_replaced_by_one(data_copy, tmp_path):
    candidate = write_csv(
        tmp_path / "candidate.csv", [ucdp_row(id="1", best="1"), ucdp_row(id="2", best="2", high="2")]
    )
    import_export("ucdp", candidate, data_copy, "ged", candidate=True)
    assert read_manifest(data_copy / "imports" / "ged.yaml")["candidates"] == ["1", "2"]
    final = write_csv(tmp_path / "final.csv", [ucdp_row(id="1", best="1", high="3")])  # event 1's final version
    _, manifest = import_export("ucdp", final, data_copy, "ged", update=True)
    assert manifest["changelog"][-1]["updated"] == ["1"] and manifest["candidates"] == ["2"]
    later = write_csv(tmp_path / "later.csv", [ucdp_row(id="1", best="5", high="5"), ucdp_row(id="3")])
    _, manifest = import_export("ucdp", later, data_copy, "ged", update=True, candidate=True)
    events = pd.read_parquet(data_copy / "imports" / "ged.parquet").set_index("event_id")
    assert (events.loc["1", "killed_best"], events.loc["1", "killed_high"]) == (1, 3)  # the final version stays
    assert manifest["changelog"][-1]["kept_final"] == ["1"] and manifest["candidates"] == ["2", "3"]
    assert sorted(events.index) == ["1", "2", "3"]


# --- exports as analysts download them ------------------------------------------------------------------------


def test_an_excel_export_imports_like_its_csv(data_copy, tmp_path):
    rows = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    typed = rows.astype({"fatalities": int, "time_precision": int})  # Excel holds numbers as numbers
    typed["event_date"] = pd.to_datetime(typed["event_date"], format="mixed")  # and dates as dates
    workbook = tmp_path / "acled_sample.xlsx"
    typed.to_excel(workbook, index=False)
    import_export("acled", SAMPLE, data_copy, "from_csv")
    import_export("acled", workbook, data_copy, "from_xlsx")
    by = {name: table.set_index("event_id") for name, table in load(data_copy).events.groupby("dataset")}
    pd.testing.assert_frame_equal(
        by["from_xlsx"].drop(columns="dataset"), by["from_csv"].drop(columns="dataset"), check_categorical=False
    )


def test_a_semicolon_separated_file_is_named_for_what_it_looks_like(data_copy, tmp_path):
    export = tmp_path / "acled.csv"
    export.write_text(SAMPLE.read_text(encoding="utf-8").replace(",", ";"), encoding="utf-8")
    with pytest.raises(DataError) as refused:
        import_export("acled", export, data_copy)
    assert [str(p) for p in refused.value.problems] == [
        f"{export}:1: this looks like a semicolon-separated file (31 columns separated by ';'), not a comma-separated "
        "CSV: export it again as CSV, or save it with commas"
    ]


def test_a_workbook_named_csv_is_named_for_what_it_is(data_copy, tmp_path):
    export = tmp_path / "acled.csv"
    pd.read_csv(SAMPLE, dtype=str).to_excel(export, index=False, engine="openpyxl")
    with pytest.raises(DataError) as refused:
        import_export("acled", export, data_copy)
    assert [str(p) for p in refused.value.problems] == [
        f"{export}:1: this looks like an Excel workbook, not a CSV file: name it .xlsx to read it"
    ]
