"""Who is said to be behind each incident: statements about incidents, their checks, the view, the report parts."""

import shutil

import pandas as pd
import pytest
from tiny import make_dataset

from analysis import charts, narrative, reader_tables, views
from analysis.errors import DataError
from analysis.rendering import anchor
from conftest import FIXTURES

INCIDENTS = [
    dict(incident_id="IN1", date_start="2024-03-01", date_end="2024-03-01", perpetrator="iskp", province="Kabul"),
    dict(incident_id="IN2", date_start="2024-04-01", date_end="2024-04-01", perpetrator="iskp", province="Kabul"),
    dict(
        incident_id="IN3", date_start="2024-05-01", date_end="2024-05-01", perpetrator="islamic_state", province="Balkh"
    ),
]


def said(statement_id, speaker, kind, day, about=None, attribution=None, target=None):
    row = dict(statement_id=statement_id, speaker_actor=speaker, kind=kind, date_start=day, date_end=day)
    row.update(
        {k: v for k, v in (("about_incidents", about), ("attribution", attribution), ("target_actor", target)) if v}
    )
    return row


STATEMENTS = [
    said("ST1", "iskp", "claim", "2024-03-02", "IN1", "claims_responsibility"),  # claimed
    said("ST2", "islamic_state", "claim", "2024-04-02", "IN2", "claims_responsibility"),  # contested: a claim ...
    said("ST3", "taliban", "accusation", "2024-04-02", "IN2", "blames", target="pakistan"),  # ... and a blame
    said("ST4", "pakistan", "denial", "2024-04-03", "IN2", "denies_responsibility"),
    said("ST5", "iran", "accusation", "2024-05-02", target="usa"),  # support, not about an attack: IN3 unclaimed
    said("ST6", "un", "claim", "2024-03-05", "IN1", "blames", target="islamic_state"),  # IS: a branch's parent
]


@pytest.fixture(scope="module")
def ds(tmp_path_factory):
    return make_dataset(tmp_path_factory.mktemp("attributions"), incidents=INCIDENTS, statements=STATEMENTS)


def test_each_incident_shows_its_claims_blame_and_denials_and_the_flags(ds):
    table = views.attributions(ds).set_index("incident_id")
    assert table.loc["IN1", "claimed_by"] == "ISKP: ST1"
    assert table.loc["IN1", "blamed_on"] == "Islamic State, by United Nations: ST6"
    assert not table.loc["IN1", "contested"]  # ISKP and the Islamic State: one family, not a dispute
    assert table.loc["IN2", "blamed_on"] == "Pakistan, by Taliban: ST3"
    assert table.loc["IN2", "denied_by"] == "Pakistan: ST4"
    assert table.loc["IN2", "contested"] and not table.loc["IN2", "unclaimed"]
    assert table.loc["IN2", "statement_ids"] == "ST2, ST3, ST4"
    assert table.loc["IN3", "unclaimed"] and table.loc["IN3", "claimed_by"] == ""
    assert "ST5" not in set(views.attribution_statements(ds)["statement_id"])  # support stays a flow


def test_the_window_and_filters_choose_the_incidents(ds):
    assert list(views.attributions(ds, start="2024-04-01")["incident_id"]) == ["IN2", "IN3"]
    assert list(views.attributions(ds, provinces="Balkh")["incident_id"]) == ["IN3"]


def test_stances_count_incidents_per_actor(ds):
    stances = views.stance_counts(ds)
    counts = {(r.actor, r.stance): r.incidents for r in stances.itertuples(index=False)}
    assert counts == {
        ("ISKP", "claims responsibility"): 1,
        ("Islamic State", "claims responsibility"): 1,
        ("Taliban", "blames"): 1,
        ("United Nations", "blames"): 1,
        ("Pakistan", "denies responsibility"): 1,
    }
    spec = charts.attributions_chart(stances).to_dict(validate=True)
    assert max(len(rows) for rows in spec["datasets"].values()) == len(stances)


def test_the_report_parts_say_it_in_words_and_link_each_statement_to_its_quotes(ds):
    table = views.attributions(ds)
    text = narrative.attributions_text(table)
    assert "Of 3 incidents, 2 were claimed, 1 is contested" in text and "1 has no claim in the coded sources" in text
    html = reader_tables.attributions_table(ds, table).data
    assert f'href="#{anchor("ev", "ST3")}"' in html and "Pakistan, by Taliban" in html and "contested" in html
    evidence = reader_tables.attributions_evidence(ds, table).data
    assert f'id="{anchor("ev", "ST2")}"' in evidence


@pytest.mark.parametrize(
    "statement, column, message",
    [
        (said("ST9", "iskp", "claim", "2024-03-02", "IN7", "claims_responsibility"), "about_incidents", "'IN7'"),
        (
            said("ST9", "iskp", "claim", "2024-03-02", "in01", "claims_responsibility"),
            "about_incidents",
            "'in01': unknown incident_id: no such row in incidents.csv; did you mean 'IN1'?",
        ),
        (said("ST9", None, "claim", "2024-03-02", "IN1", "claims_responsibility"), "speaker_actor", "required"),
        (said("ST9", "iskp", "claim", "2024-02-01", "IN1", "claims_responsibility"), "about_incidents", "after"),
        (said("ST9", "iskp", "claim", "2024-03-02", None, "claims_responsibility"), "attribution", "needs the"),
        (said("ST9", "taliban", "accusation", "2024-03-02", "IN1", "blames"), "target_actor", "names who"),
        (
            said("ST9", "taliban", "denial", "2024-03-02", "IN1", "blames", "iskp"),
            "kind",
            "of kind accusation or claim",
        ),
        (said("ST9", "iskp", "claim", "2024-03-02", "IN1", "claims_it"), "attribution", "not in vocabulary"),
    ],
)
def test_a_bad_statement_about_an_incident_names_file_line_and_column(tmp_path, statement, column, message):
    with pytest.raises(DataError) as error:
        make_dataset(tmp_path, incidents=INCIDENTS, statements=[statement])
    [problem] = error.value.problems
    assert (problem.file, problem.line, problem.column) == ("statements.csv", 2, column)
    assert message in problem.message


def test_an_imported_events_notes_naming_its_claimant_are_read_and_marked(tmp_path, monkeypatch):
    from analysis.imports import import_export

    ds = make_dataset(tmp_path, incidents=INCIDENTS, statements=STATEMENTS)
    export = FIXTURES / "seeds" / "exports" / "acled_sample.csv"
    rows = pd.read_csv(export, dtype=str, keep_default_na=False)
    rows.loc[0, "notes"] = "A bomb exploded at a mosque. ISIS-K claimed responsibility for it."
    rows.loc[1, "notes"] = "No group claimed responsibility."
    written = tmp_path / "acled.csv"
    rows.to_csv(written, index=False)
    import_export("acled", written, ds.path, "acled")
    from analysis import load

    table = views.attributions(load(ds.path), datasets="acled").set_index("incident_id")
    first, second = (f"acled:{rows.loc[i, 'event_id_cnty']}" for i in (0, 1))
    assert table.loc[first, "claimed_by"] == "ISKP: read from the dataset's notes"
    assert table.loc[first, "from_notes"] and not table.loc[first, "unclaimed"]
    assert table.loc[second, "unclaimed"] and not table.loc[second, "from_notes"]
    monkeypatch.setattr(reader_tables, "IMPORTED_ROWS_SHOWN", 1)  # a million events stay a page
    page = reader_tables.attributions_table(ds, table.reset_index().iloc[::-1]).data  # the claimed event last
    assert first in page and second not in page  # the event whose notes name a claimant comes first
    assert f"and {len(table) - 1} more events from imported datasets" in page
    shutil.rmtree(tmp_path / "data" / "imports")


def test_the_attack_counts_report_shows_each_incident_with_its_claims_linked_to_quotes(ds, tmp_path):
    import nbformat
    import papermill

    from conftest import PROJECT_DIR

    out = tmp_path / "attack_counts.out.ipynb"
    papermill.execute_notebook(
        PROJECT_DIR / "notebooks" / "attack_counts.ipynb",
        out,
        parameters={"data_dir": str(ds.path)},
        cwd=tmp_path,
        progress_bar=False,
    )
    html = "".join(
        str(output.get("data", {}).get("text/html", ""))
        for cell in nbformat.read(out, as_version=4).cells
        if cell.cell_type == "code"
        for output in cell.outputs
    )
    table = html[html.index('id="attributions"') :]
    table = table[: table.index("</table>")]
    assert "Pakistan, by Taliban" in table and "contested" in table and "no claim on record" in table
    for statement in ("ST1", "ST2", "ST3", "ST4", "ST6"):
        assert f'href="#{anchor("ev", statement)}"' in table  # each linked ...
        assert f'id="{anchor("ev", statement)}"' in html  # ... to its quotes in the report


def test_with_nothing_on_record_the_chart_and_the_sentence_say_so(tmp_path):
    bare = make_dataset(tmp_path, incidents=INCIDENTS)
    chart = charts.attributions_chart(views.stance_counts(bare)).to_dict(validate=True)
    [rows] = chart["datasets"].values()
    assert rows == [{"text": "No claim of responsibility, blame or denial is on record for these incidents."}]
    text = narrative.attributions_text(views.attributions(bare))
    assert "3 have no claim in the coded sources (which is not to say nobody claimed them" in text
    assert "no statement on record says who was behind any of them." in text
