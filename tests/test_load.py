"""The committed data loads, typed, and answers the questions analysts ask of it."""

import pandas as pd
import pytest

from analysis import UnknownActorError, load, views
from analysis.errors import InputError
from analysis.paths import DATA_DIR
from conftest import FIXTURE_DATA, edit


@pytest.fixture(scope="module", params=["fixture", pytest.param("live", marks=pytest.mark.live)])
def fixture_and_live(request):
    """Data-quality invariants hold for the frozen fixture and for the live data/ alike (the live run is `live`)."""
    return load(FIXTURE_DATA if request.param == "fixture" else DATA_DIR)


def test_every_table_loads_with_rows(ds):
    rows = {name: len(getattr(ds, name)) for name in ds.dictionary.tables}
    assert rows == {  # the frozen fixture, counted in its CSV files
        "sources": 5,
        "actors": 17,
        "statements": 28,
        "incidents": 8,
        "officials_killed": 2,
        "reported_figures": 5,
        "evidence": 88,
        "link_decisions": 1,
    }


def test_columns_have_proper_types(ds):
    assert pd.api.types.is_datetime64_any_dtype(ds.statements["date_end"])
    assert pd.api.types.is_datetime64_any_dtype(ds.incidents["date_start"])
    assert ds.incidents["killed_best"].dtype == "Int64"
    assert isinstance(ds.statements["kind"].dtype, pd.CategoricalDtype)
    assert "accusation" in ds.statements["kind"].cat.categories
    assert isinstance(ds.incidents["province"].dtype, pd.CategoricalDtype)


def test_unknown_counts_stay_missing_not_zero(ds):
    moscow = ds.incidents.set_index("incident_id").loc["IN04"]
    assert pd.isna(moscow["killed_best"]) and pd.isna(moscow["killed_low"])


def test_who_accused_whom_with_dates(ds):
    acc = views.accusations(ds).set_index("statement_id")
    assert {"accuser_actor", "accused_actor", "date_start", "date_end"} <= set(acc.columns)
    khalid = acc.loc["ST10"]
    assert (khalid["accuser_actor"], khalid["accused_actor"]) == ("taliban", "usa")
    assert khalid["speaker"] == "Mohammad Qasim Khalid"
    assert khalid["date_end"] == pd.Timestamp("2023-07-31")
    muttaqi = acc.loc["ST19"]
    assert muttaqi["accused_actor"] == "unnamed_neighbours"
    assert set(acc["accuser_actor"]) == {"taliban"}  # in these seeds only the Taliban accuse


def test_rejection_threads_back_to_the_claim(ds):
    st = ds.statements.set_index("statement_id")
    assert st.loc["ST04", "kind"] == "rejection"
    assert st.loc["ST04", "responds_to"] == "ST01"
    assert st.loc["ST01", "speaker"] == "Hossein Amir-Abdollahian"
    assert st.loc["ST01", "date_start"] <= st.loc["ST04", "date_end"]


def test_one_statement_reported_by_four_articles_is_one_row(ds):
    st = ds.statements.set_index("statement_id")
    assert st.loc["ST01", "n_sources"] == 4
    assert st.loc["ST01", "source_ids"] == ("src000", "src001", "src002", "src004")


def test_articles_of_one_wire_story_are_one_independent_report(ds):
    st = ds.statements.set_index("statement_id")
    # the fixture's stories: src000 + src004 (one), src001 + src002 (another); src003 has none
    assert (st.loc["ST01", "n_sources"], st.loc["ST01", "n_independent"]) == (4, 2)
    assert (st.loc["ST02", "n_sources"], st.loc["ST02", "n_independent"]) == (2, 1)  # src000 and its rewrite src004
    assert (st.loc["ST10", "n_sources"], st.loc["ST10", "n_independent"]) == (2, 2)  # src001, src004: different stories
    assert (st.loc["ST19", "n_sources"], st.loc["ST19", "n_independent"]) == (1, 1)  # src003, no story: its own report
    figures = ds.reported_figures.set_index("figure_id")
    assert (figures.loc["RF04", "n_sources"], figures.loc["RF04", "n_independent"]) == (2, 1)  # src001 + src002


def test_a_source_without_a_story_counts_as_its_own_report(data_copy):
    for source in ("src001", "src002"):  # both, so no story is left on one source only
        path = data_copy / "sources.csv"
        line = next(line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith(source + ","))
        edit(path, line, line.split(",taliban-rejects-iran-isil-claim,")[0] + ",,")
    st = load(data_copy).statements.set_index("statement_id")
    assert (st.loc["ST01", "n_sources"], st.loc["ST01", "n_independent"]) == (
        4,
        3,
    )  # src000+src004's story, src001, src002
    assert (st.loc["ST02", "n_sources"], st.loc["ST02", "n_independent"]) == (2, 1)


def test_officials_killed_where_and_when(ds):
    killings = views.officials_killed_with_incidents(ds).set_index("incident_id")
    balkh = killings.loc["IN01"]
    assert balkh["province"] == "Balkh" and balkh["perpetrator"] == "iskp"
    assert (balkh["date_start"], balkh["date_end"]) == (pd.Timestamp("2023-03-01"), pd.Timestamp("2023-03-31"))
    badakhshan = killings.loc["IN02"]
    assert badakhshan["incident_province"] == "Badakhshan"
    assert badakhshan["date_start"] == pd.Timestamp("2023-06-01")
    assert killings["name"].isna().all()  # the sources name neither governor


def test_each_official_rests_on_the_quotes_naming_them_not_on_the_incident(ds):
    officials = views.officials_killed_with_incidents(ds).set_index("official_id")
    assert officials.loc["OK01", "source_ids"] == (
        "src002",
    )  # IN01, where the Balkh governor was killed, has three sources
    assert officials.loc["OK02", "source_ids"] == ("src002", "src004")
    quotes = views.evidence_table(ds, "OK02")
    assert list(quotes["source_id"]) == ["src002", "src004"] and quotes["quote"].str.contains("Badakhshan").all()


def test_reported_figures(ds):
    un = ds.reported_figures.set_index("figure_id").loc["RF01"]
    assert (un["reporter_actor"], un["subject_actor"], un["metric"], un["value"]) == ("un", "iskp", "attacks", 224)
    dozens = ds.reported_figures.set_index("figure_id").loc["RF02"]
    assert pd.isna(dozens["value"]) and dozens["value_low"] == 24


def test_evidence_for_a_row_gives_sources_and_quotes(ds):
    rows = views.evidence_for(ds, "IN03")
    assert list(rows["source_id"]) == ["src004"]
    assert "21 worshippers" in rows.loc[0, "quote"]
    assert rows.loc[0, "published_start"] == pd.Timestamp("2023-07-01")


def test_evidence_for_an_unknown_id_says_so_and_offers_the_id_it_spells(ds):
    with pytest.raises(
        InputError, match=r"no statement, incident, figure or killed official is 'in3'; did you mean 'IN03'\?"
    ):
        views.evidence_for(ds, ["IN01", "in3"])
    with pytest.raises(InputError) as caught:
        views.evidence_for(ds, "ST99")
    assert "did you mean" not in str(caught.value)  # ST19 is no spelling of ST99


def test_every_coded_row_has_evidence(fixture_and_live):
    for name in ("statements", "incidents", "reported_figures", "officials_killed"):
        table = getattr(fixture_and_live, name)
        assert table["source_ids"].map(len).eq(table["n_sources"]).all() and (table["n_sources"] >= 1).all(), name


@pytest.mark.parametrize(
    "name, actor_id",
    [
        ("Daesh", "islamic_state"),
        ("daesh", "islamic_state"),
        ("ISIL", "islamic_state"),
        ("Islamic State", "islamic_state"),
        ("ISKP", "iskp"),
        ("isis-k", "iskp"),
        ("Tehran", "iran"),
        ("Pentagon", "us_dod"),
        ("iskp", "iskp"),
    ],
)
def test_resolve_actor_by_any_alias(ds, name, actor_id):
    assert ds.resolve_actor(name) == actor_id


def test_resolve_actor_rejects_unknown_names_clearly(ds):
    with pytest.raises(UnknownActorError, match="unknown actor 'Daesh Khorasan'"):
        ds.resolve_actor("Daesh Khorasan")


def test_boilerplate_is_never_quoted(fixture_and_live):
    furniture = ["Related Posts", "Lego", "WhatsApp", "Karabakh", "earthquake recovery", "MOST READ", "NGOs warn"]
    for quote in fixture_and_live.evidence["quote"]:
        assert not any(word in quote for word in furniture), quote


@pytest.mark.filterwarnings("ignore:The inplace keyword")
@pytest.mark.filterwarnings("ignore:A value is being set on a copy")  # pandas' own warning to the user we imitate
def test_what_load_hands_out_cannot_change_the_next_load():
    """A notebook edits what it is given in place, as pandas users do; the next cell's or report's load() must not see
    it."""
    from conftest import FIXTURE_DATA

    first = load(FIXTURE_DATA)
    statements, incidents, imports = first.statements, first.incidents, first.imports
    first.statements.drop(first.statements.index[:3], inplace=True)
    first.incidents["killed_low"] = 999
    incidents.loc[incidents.index[0], "killed_best"] = 999
    first.imports.clear()
    first.imports["acled_sample"]["events"] = -1
    with pytest.raises(AttributeError, match="read-only"):
        first.statements = statements.iloc[:0]
    again = load(FIXTURE_DATA)
    pd.testing.assert_frame_equal(again.statements, statements)
    assert (again.incidents["killed_low"] != 999).all() and (again.incidents["killed_best"] != 999).all()
    assert again.imports == imports and imports["acled_sample"]["events"] == 8


@pytest.mark.filterwarnings("ignore:The inplace keyword")
def test_what_views_hand_out_cannot_change_the_next_view(ds):
    combined = views.incidents_from(ds, ["coded", "acled_sample"])
    links = views.record_links(ds)
    before = combined.copy(), links.pairs.copy(), links.members.copy()
    combined["killed_low"] = 999
    combined.drop(combined.index, inplace=True)
    links.members.drop(links.members.index, inplace=True)
    links.pairs.loc[:, "status"] = "rejected"
    again = views.record_links(ds)
    pd.testing.assert_frame_equal(views.incidents_from(ds, ["coded", "acled_sample"]), before[0])
    pd.testing.assert_frame_equal(again.pairs, before[1])
    pd.testing.assert_frame_equal(again.members, before[2])


def test_a_changed_dataset_is_a_new_one_with_its_own_derived_tables(ds):
    decisions = ds.link_decisions
    changed = ds.replace(incidents=ds.incidents.iloc[:0])
    assert len(changed.incidents) == 0 and len(ds.incidents) > 0
    assert len(views.incidents_from(changed, ["coded"])) == 0  # not the original's combined table
    assert len(views.incidents_from(ds, ["coded"])) == len(ds.incidents)
    pd.testing.assert_frame_equal(changed.link_decisions, decisions)
