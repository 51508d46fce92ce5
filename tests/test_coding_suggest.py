"""The coding assistant on an invented article (tests/fixtures/coding/): statements, incidents, figures, officials,
duplicates, and the review file's columns."""

import shutil

import pandas as pd
import pytest
from tiny import add_article_source

from analysis.coding.duplicates import incident_duplicates, statement_duplicates
from analysis.coding.suggest import review_columns, suggest
from analysis.dataset import load
from analysis.errors import DataError
from conftest import FIXTURES

ARTICLE = FIXTURES / "coding" / "market_bombing.txt"
BORDER = FIXTURES / "coding" / "border_attack.txt"


def registered(root, article, source_id, published):
    """The fixture data under root with `article` registered as source_id, published on one day."""
    shutil.copytree(FIXTURES / "data", root / "data")
    shutil.copytree(FIXTURES / "seeds", root / "seeds")
    shutil.copy(article, root / "seeds" / article.name)
    add_article_source(
        root / "data", source_id, root / "seeds" / article.name, article.read_text().splitlines()[0], published
    )
    ds = load(root / "data")
    return ds, suggest(ds, source_id)


@pytest.fixture(scope="module")
def coded(tmp_path_factory):
    """The fixture data with the article registered as src_m, published on Wednesday 13 March 2024."""
    return registered(tmp_path_factory.mktemp("coding"), ARTICLE, "src_m", "2024-03-13")


@pytest.fixture(scope="module")
def border(tmp_path_factory):
    """The second article (border_attack.txt: the phrasings of a second coder) as src_b, published Wednesday 10
    September 2025."""
    return registered(tmp_path_factory.mktemp("border"), BORDER, "src_b", "2025-09-10")[1]


def rows(table, name):
    return table[table["table"] == name].reset_index(drop=True)


def test_the_review_file_has_the_shared_columns_in_order(coded):
    ds, table = coded
    columns = review_columns(ds.dictionary)
    assert list(table.columns) == columns
    assert columns[:7] == [
        "accept",
        "candidate",
        "table",
        "duplicate_of",
        "source_id",
        "quote",
        "incident",
    ] and columns[-2:] == ["why", "engine"]
    assert (
        "statement_id" not in columns
        and "figure_id" not in columns
        and "speaker_actor" in columns
        and "value_low" in columns
    )
    assert list(table["candidate"]) == [f"c{n:02d}" for n in range(1, len(table) + 1)]
    assert table["accept"].isna().all() and (table["source_id"] == "src_m").all()


def test_every_quote_is_a_verbatim_sentence_and_every_row_says_why(coded):
    _, table = coded
    text = ARTICLE.read_text()
    assert all(quote in text for quote in table["quote"])
    assert table["why"].str.len().gt(10).all()


def test_statements_speaker_kind_target_and_date(coded):
    _, table = coded
    found = {(r.speaker_actor, r.kind, r.target_actor): r for r in rows(table, "statements").itertuples()}
    assert set(found) == {
        ("taliban", "accusation", "pakistan"),
        ("taliban", "pledge", "iskp"),
        ("pakistan", "rejection", "taliban"),
        ("taliban", "warning", "iskp"),
        ("iskp", "claim", None),  # the group's claim of responsibility: its statement about the attack
    }
    claim = found["iskp", "claim", None]
    [attack] = rows(table, "incidents")["candidate"]
    assert (claim.about_incidents, claim.attribution) == (attack, "claims_responsibility")
    assert "about_incidents" in rows(table, "statements").columns
    assert rows(table, "statements").drop(claim.Index)["attribution"].isna().all()  # the rest attribute nothing
    assert (
        found["taliban", "warning", "iskp"].speaker == "Ahmad Wali Hamdard"
    )  # introduced by apposition, without a reporting verb
    accusation = found["taliban", "accusation", "pakistan"]
    assert (
        accusation.speaker == "Mawlawi Abdul Rahman Noori" and "police chief" in accusation.speaker_role
    )  # a name, by its title
    pledge = found[
        "taliban", "pledge", "iskp"
    ]  # an unnamed 'spokesperson for the foreign ministry'; Daesh in Afghanistan is ISKP
    assert pd.isna(pledge.speaker) and (pledge.date_start, pledge.date_end, pledge.date_precision) == (
        "2024-03-12",
        "2024-03-12",
        "day",
    )
    assert "the last other speaker" in found["pakistan", "rejection", "taliban"].why  # 'rejected the allegation'


def test_residents_and_witnesses_are_not_speakers(coded):
    _, table = coded
    assert not table["quote"].str.contains("Residents said").any()


def test_the_incident_combines_conflicting_tolls_and_its_claim(coded):
    _, table = coded
    incidents = rows(table, "incidents")
    assert len(incidents) == 1
    incident = incidents.iloc[0]
    assert (incident["province"], incident["location"], incident["date_start"], incident["date_end"]) == (
        "Nangarhar",
        "Jalalabad",
        "2024-03-11",
        "2024-03-11",
    )
    # 'at least three' (officials), 'five' (police), '9 bodies' (hospital): low = best = the lowest exact figure, high
    # the highest
    assert (incident["killed_low"], incident["killed_best"], incident["killed_high"]) == (5, 5, 9)
    assert (incident["injured_low"], incident["injured_best"], incident["injured_high"]) == (12, 12, 12)
    assert (incident["perpetrator"], incident["event_type"], incident["sub_event_type"]) == (
        "iskp",
        "Explosions/Remote violence",
        "Suicide bomb",
    )


def test_an_official_killed_points_at_its_incident(coded):
    _, table = coded
    officials = rows(table, "officials_killed")
    assert len(officials) == 1
    official = officials.iloc[0]
    incident = rows(table, "incidents").iloc[0]["candidate"]
    assert (official["position"], official["province"], official["name"], official["incident"]) == (
        "district governor of Behsud",
        "Nangarhar",
        "Qari Ahmad Zaheer",
        incident,
    )


def test_the_outlets_own_count_since_the_takeover(coded):
    _, table = coded
    figure = rows(table, "reported_figures").iloc[0]
    assert (figure["reporter_actor"], figure["subject_actor"], figure["metric"]) == (
        "reporting_outlet",
        "iskp",
        "attacks",
    )
    assert (figure["value_low"], figure["value"], pd.isna(figure["value_high"])) == (21, 21, True)  # 'more than 20'
    assert (figure["period_start"], figure["period_end"]) == (
        "2021-08-15",
        "2024-03-13",
    )  # 'since August 2021, when the Taliban took power'


def test_no_toll_from_ages_distances_or_sounds(coded):
    _, table = coded
    assert not rows(table, "incidents")["killed_high"].isin([12, 200, 2]).any()


def test_a_candidate_matching_a_coded_statement_is_marked(ds):
    coded = ds.statements.iloc[0]
    candidate = pd.DataFrame(
        [
            {
                "speaker_actor": coded["speaker_actor"],
                "kind": coded["kind"],
                "target_actor": coded["target_actor"],
                "date_start": None,
                "date_end": coded["date_end"].date().isoformat(),
            }
        ]
    )
    assert statement_duplicates(ds, candidate).tolist() == [coded["statement_id"]]
    later = candidate.assign(date_start="2030-01-01", date_end="2030-01-02")
    other = candidate.assign(kind="pledge" if coded["kind"] != "pledge" else "claim")
    assert statement_duplicates(ds, later).isna().all() and statement_duplicates(ds, other).isna().all()


def test_a_candidate_matching_a_coded_incident_is_marked_by_the_linkers_score(ds):
    coded = ds.incidents.iloc[0]
    row = {
        c: coded[c]
        for c in (
            "country",
            "province",
            "location",
            "perpetrator",
            "event_type",
            "sub_event_type",
            "date_precision",
            "killed_low",
            "killed_best",
            "killed_high",
        )
    }
    row |= {
        "date_start": coded["date_start"].date().isoformat(),
        "date_end": coded["date_end"].date().isoformat(),
        "quote": ds.evidence.loc[ds.evidence["record_id"] == coded["incident_id"], "quote"].iloc[0],
    }
    candidate = pd.DataFrame([{k: (None if pd.isna(v) else v) for k, v in row.items()}])
    assert incident_duplicates(ds, candidate).tolist() == [coded["incident_id"]]
    elsewhere = candidate.assign(province="Herat" if coded["province"] != "Herat" else "Kabul", location=None)
    assert incident_duplicates(ds, elsewhere).isna().all()


def test_an_unregistered_source_is_refused_with_a_did_you_mean(ds):
    with pytest.raises(
        DataError, match=r"sources.csv: column 'source_id': unknown source 'src00'.*did you mean 'src000'"
    ):
        suggest(ds, "src00")


def test_statements_in_other_constructions(border):
    found = {(r.speaker_actor, r.kind, r.target_actor): r for r in rows(border, "statements").itertuples()}
    assert set(found) == {
        ("taliban", "denial", "iskp"),
        ("taliban", "accusation", "iran"),
        ("iran", "warning", "iskp"),
        ("iran", "accusation", "iskp"),
        ("iskp", "claim", None),  # 'its fighters' targeted ...: the claim, about the attack it follows
    }
    denial = found[
        "taliban", "denial", "iskp"
    ]  # a quotation first, then 'NAME, a spokesman for ..., insisted'; 'dismissed claims ... that the group'
    assert denial.speaker == "Karim Jawed" and denial.date_start == "2025-09-07" and "also sentence" in denial.why
    passive = found["taliban", "accusation", "iran"]  # 'Iran was accused by the Herat governor's office'
    assert pd.isna(passive.speaker) and "passive" in passive.why
    assert (
        "nationality 'Iranian'" in found["iran", "warning", "iskp"].why
    )  # 'A senior Iranian border official, speaking on condition of anonymity'
    assert (
        "killing" in found["iran", "accusation", "iskp"].quote
    )  # the clause after 'although', in a sentence saying no group claimed it


def test_later_claims_references_and_intentions(border):
    incidents = rows(border, "incidents")  # 'condemned the attack' and 'planning to bomb' open none
    assert len(incidents) == 2
    attack, killing = incidents.iloc[0], incidents.iloc[1]
    assert (attack["province"], attack["date_start"], attack["perpetrator"]) == (
        "Herat",
        "2025-09-06",
        "iskp",
    )  # claimed on Monday: 'its fighters'
    assert (attack["killed_low"], attack["killed_best"], attack["killed_high"]) == (6, 6, 6)
    assert (killing["date_start"], killing["date_end"], killing["date_precision"]) == (
        "2025-08-01",
        "2025-08-31",
        "month",
    )  # 'Last month'
    assert (killing["killed_low"], killing["perpetrator"]) == (
        2,
        "unidentified_armed_group",
    )  # 'No group has claimed that killing'


def test_a_wire_datelines_day_is_not_a_toll(ds):
    """'KABUL, Dec 18 (Wire) - ...': the 18 is the day the story was filed, not 18 people killed."""
    from analysis.coding.counts import casualties
    from analysis.coding.lexicon import Lexicon

    lexicon = Lexicon.of(ds.dictionary)
    counts = casualties(
        "KABUL, Dec 18 (Wire) - A roadside bomb killed three policemen in the city on Wednesday, officials said.",
        lexicon,
    )
    assert [(count.what, count.low) for count in counts] == [("killed", 3)]
    assert [
        (c.what, c.low) for c in casualties("Officials said on September 9 that 12 people were killed.", lexicon)
    ] == [("killed", 12)]
