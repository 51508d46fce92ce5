"""The coding assistant on short invented articles: each class of failure issue 22 names, read through the parse
(spaCy's en_core_web_sm; skipped only when spaCy is missing, and `make test` installs it), and what happens without
the model, on an article that is not English, and in the engine column."""

import shutil
import sys

import pandas as pd
import pytest
from tiny import add_article_source

from analysis.coding import parse
from analysis.coding.commands import suggest as suggest_command
from analysis.coding.commands import suggest_all_new
from analysis.coding.lexicon import Lexicon
from analysis.coding.mentions import Mentions
from analysis.coding.suggest import suggest
from analysis.dataset import load
from analysis.errors import DataError
from conftest import FIXTURES

SATURDAY = "2024-03-16"


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    """A copy of the fixture data that articles are registered into, one per test."""
    root = tmp_path_factory.mktemp("parse")
    shutil.copytree(FIXTURES / "data", root / "data")
    shutil.copytree(FIXTURES / "seeds", root / "seeds")
    return root


def register(root, text, published=SATURDAY, title="Headline"):
    """The article registered as a new source (title, blank line, text); its source id."""
    source_id = f"src_t{len(pd.read_csv(root / 'data' / 'sources.csv', dtype=str)):03d}"
    article = root / "seeds" / f"{source_id}.txt"
    article.write_text(f"{title}\n\n{text}\n", encoding="utf-8")
    add_article_source(root / "data", source_id, article, title, published)
    return source_id


def suggested(root, text, published=SATURDAY, use_parse=True):
    source_id = register(root, text, published)
    return suggest(with_registered(root), source_id, use_parse=use_parse)


LOADED = {}  # data folder -> its first load()


def with_registered(root):
    """The folder's first load() with the articles registered since added to its sources, typed as load() types
    them: load() would validate every table again (half a second a test); the suggestions read only the new row."""
    if root not in LOADED:
        LOADED[root] = load(root / "data")
    base = LOADED[root]
    sources = pd.read_csv(root / "data" / "sources.csv", dtype=str)
    new = sources[~sources["source_id"].isin(base.sources["source_id"])]
    typed = new.astype({column: base.sources[column].dtype for column in new.columns})
    return base.replace(sources=pd.concat([base.sources, typed], ignore_index=True))


def rows(table, name):
    return table[table["table"] == name].reset_index(drop=True)


def statements(table):
    return {(r.speaker_actor, r.kind, r.target_actor): r for r in rows(table, "statements").itertuples()}


@pytest.fixture(scope="module")
def model():
    pytest.importorskip("spacy")
    if parse.pipeline() is None:
        pytest.skip("spaCy is installed without its model (make .venv/.installed installs both)")
    return parse.pipeline()


@pytest.fixture
def without_spacy(monkeypatch):
    """spaCy's import failing, as on an install without the nlp extra."""
    parse.pipeline.cache_clear()
    monkeypatch.setitem(sys.modules, "spacy", None)  # `import spacy` raises ImportError
    yield
    parse.pipeline.cache_clear()


def test_without_spacy_the_rules_suggest_and_say_so(data, without_spacy):
    assert parse.pipeline() is None and parse.engine() == "rules"
    source_id = register(data, "Pakistan's foreign ministry accused the Taliban of failing to secure the border.")
    table = suggest(load(data / "data"), source_id)
    assert set(table["engine"]) == {"rules"} and ("pakistan", "accusation", "taliban") in statements(table)
    out = suggest_command(source_id, data / "data")
    assert out.splitlines()[0] == "spaCy model not installed: rule-based suggestions"


def test_the_engine_column_names_the_model_or_the_rules(data, model):
    text = "Pakistan's foreign ministry accused the Taliban of failing to secure the border."
    assert set(suggested(data, text)["engine"]) == {"spacy-3.8/en_core_web_sm-3.8.0"}
    assert set(suggested(data, text, use_parse=False)["engine"]) == {"rules"}


@pytest.mark.parametrize(
    "text, problem",
    [
        ("طالبان گفتند که حمله در کابل رخ داد و چندین نفر کشته شدند. سخنگوی وزارت این را رد کرد.", "Latin"),
        (
            "Los talibanes dijeron que el ataque en Kabul mató a varias personas durante la noche del sábado. "
            "El portavoz del ministerio rechazó las acusaciones de Pakistán y pidió a Islamabad que presente pruebas "
            "concretas. Según fuentes locales, los heridos fueron trasladados al hospital principal de la ciudad.",
            "common",
        ),
        ("Home / News", "no sentences"),
    ],
    ids=["dari", "spanish", "only furniture"],
)
def test_an_article_that_is_not_english_prose_gets_a_message_and_no_candidates(data, text, problem):
    source_id = register(data, text)
    with pytest.raises(DataError, match=problem) as error:
        suggest(load(data / "data"), source_id)
    assert f"seeds/{source_id}.txt" in str(error.value)
    out = suggest_all_new(data / "data")  # the batch names it, skips it, and goes on
    assert f"{source_id}: skipped:" in out and problem in out


def test_the_gazetteer_gives_a_district_or_neighbourhood_its_province(data):
    ds = load(data / "data")
    mentions = Mentions(ds.actor_index, Lexicon.of(ds.dictionary), ds.dictionary.vocabularies["province"])
    found = {p.text: p.province for p in mentions.places_in("Blasts in Spin Boldak, Khogyani and Dasht-e-Barchi.")}
    assert found == {"Spin Boldak": "Kandahar", "Khogyani": "Nangarhar", "Dasht-e-Barchi": "Kabul"}
    assert mentions.places_in("Fighting in Arghandab.") == []  # a district name two provinces share: left out


def test_a_city_not_a_province_fills_the_province(data, model):
    table = suggested(data, "A suicide bomber struck a bank in Spin Boldak on Saturday, killing at least 21 people.")
    incident = rows(table, "incidents").iloc[0]
    assert (incident["province"], incident["location"]) == ("Kandahar", "Spin Boldak")


def test_a_weekday_that_is_the_publication_day_is_that_day(data, model):
    table = suggested(data, "A suicide bomber struck a bank in Spin Boldak on Saturday, killing at least 21 people.")
    incident = rows(table, "incidents").iloc[0]
    assert (incident["date_start"], incident["date_end"]) == (SATURDAY, SATURDAY)


def test_tolls_from_several_sources_become_low_and_high(data, model):
    table = suggested(
        data,
        "A suicide bomber struck a bank in Spin Boldak on Saturday. Provincial officials said 21 people were killed. "
        "A doctor at the main hospital said 30 bodies had been brought in.",
    )
    incident = rows(table, "incidents").iloc[0]
    assert (incident["killed_low"], incident["killed_best"], incident["killed_high"]) == (21, 21, 30)


def test_a_claim_of_responsibility_is_a_statement_and_the_perpetrator(data, model):
    table = suggested(
        data,
        "A suicide bomber struck a bank in Spin Boldak on Saturday, killing 21 people. "
        "ISKP claimed responsibility for the attack in a statement.",
    )
    incident, claim = rows(table, "incidents").iloc[0], statements(table)["iskp", "claim", None]
    assert incident["perpetrator"] == "iskp"
    assert claim.attribution == "claims_responsibility" and claim.about_incidents == incident["candidate"]


@pytest.mark.parametrize(
    "claim",
    ["ISKP, in a statement on Sunday, claimed the bombing.", "The group claimed that bombing."],
    ids=["an aside after the name", "'that' attack, by 'the group'"],
)
def test_a_claim_of_responsibility_worded_otherwise_is_still_one(data, model, claim):
    table = suggested(
        data, f"A bomb killed six Taliban fighters in Kunar on Saturday, a day after ISKP threats. {claim}"
    )
    assert rows(table, "incidents").iloc[0]["perpetrator"] == "iskp"
    assert ("iskp", "claim", None) in statements(table)


def test_a_claim_in_the_perfect_tense_after_the_claimants_name(data, model):
    text = "Iran's foreign minister, Hossein Amir-Abdollahian, has claimed ISKP fighters moved into Afghanistan."
    claim = statements(suggested(data, text))["iran", "claim", "iskp"]
    assert claim.speaker == "Hossein Amir-Abdollahian" and claim.summary == "ISKP fighters moved into Afghanistan."


def test_a_pronoun_speaker_is_the_last_named_speaker(data, model):
    table = suggested(
        data,
        "Zabihullah Mujahid, the Taliban's chief spokesman, said ISKP was behind the attack. "
        "The interior ministry added that ISKP had lost its bases. He accused Pakistan of sheltering ISKP fighters.",
    )
    assert statements(table)["taliban", "accusation", "pakistan"].speaker == "Zabihullah Mujahid"


def test_a_rejection_of_a_claim_is_aimed_at_the_claimant_and_answers_it(data, model):
    table = suggested(
        data,
        "Iran's foreign minister claimed that ISKP leaders had moved to Afghanistan. The Taliban rejected the claim, "
        "made on Friday by the Iranian foreign minister, that Daesh leaders had moved to Afghanistan.",
    )
    found = statements(table)
    assert ("taliban", "denial", "iskp") not in found  # not a denial aimed at the claim's subject
    rejection, claim = found["taliban", "rejection", "iran"], found["iran", "claim", "iskp"]
    assert rejection.responds_to == claim.candidate and rejection.summary.startswith("Rejects the claim")


def test_a_rejection_answers_a_claim_already_coded(data, model):
    table = suggested(data, "The Taliban rejected the claim, made on Friday by the Iranian foreign minister.")
    assert statements(table)["taliban", "rejection", "iran"].responds_to == "ST02"  # the fixture's coded claim


def test_a_title_of_local_office_goes_to_the_actor_holding_it_at_the_date(data, model):
    text = "The governor of Herat accused Pakistan of sheltering ISKP fighters."
    assert ("taliban", "accusation", "pakistan") in statements(suggested(data, text, published="2023-05-02"))
    before = statements(suggested(data, text, published="2020-05-02"))  # the Republic's governor: not in actors.csv
    assert not any(speaker == "taliban" for speaker, _, _ in before)


def test_each_official_killed_has_its_own_evidence_sentence(data, model):
    table = suggested(
        data,
        "Two officials were killed in Daesh bombings earlier this year. "
        "The Balkh governor was killed in a suicide bombing at his office in March.",
    )
    official = rows(table, "officials_killed").iloc[0]
    assert official["quote"].startswith("The Balkh governor was killed") and official["province"] == "Balkh"


def test_a_reported_should_is_an_appeal_to_its_subject(data, model):
    text = (
        '"The Iranian officials should rather focus on trade instead of raising false alarms," Balkhi told reporters.'
    )
    appeal = statements(suggested(data, f"Abdul Qahar Balkhi, the Taliban's foreign ministry spokesman, spoke. {text}"))
    assert appeal["taliban", "appeal", "iran"].summary.startswith("The Iranian officials should rather focus")


def test_a_negated_permission_with_words_between_is_a_pledge(data, model):
    table = suggested(data, 'The Taliban asserted their government would "not allow anyone" to threaten Iran.')
    assert "not allow" in statements(table)["taliban", "pledge", "iran"].summary  # the negation kept


def test_an_outside_bodys_estimate_given_as_a_range_is_a_reported_figure(data):
    text = (
        "The UN monitoring team estimated that ISKP carried out between 200 and 250 attacks in Afghanistan this year."
    )
    figure = rows(suggested(data, text, use_parse=False), "reported_figures").iloc[0]
    assert (figure["reporter_actor"], figure["subject_actor"], figure["metric"]) == ("un", "iskp", "attacks")
    assert (figure["value_low"], figure["value"], figure["value_high"]) == (200, 200, 250)


def test_a_statement_reported_inside_anothers_is_its_reporters_when_they_are_one_side(data, model):
    text = (
        "A State Department spokesperson said on Saturday that the United States condemned the bombing, "
        "and urged the Taliban to act against ISKP."
    )
    assert ("us_state_department", "appeal", "taliban") in statements(suggested(data, text))


def test_a_day_next_to_its_month_is_a_date_not_a_toll(data, model):
    table = suggested(data, "On 14 March, gunmen shot dead a shopkeeper in Jalalabad, Nangarhar.")
    incident = rows(table, "incidents").iloc[0]
    assert incident["killed_low"] is None and incident["date_start"] == "2024-03-14"


def test_a_toll_given_as_a_range_is_low_and_high(data, model):
    table = suggested(
        data,
        "A roadside bomb hit a police truck in Khost on Thursday. "
        "Residents put the number of policemen killed at between four and seven.",
    )
    incident = rows(table, "incidents").iloc[0]
    assert (incident["killed_low"], incident["killed_high"]) == (4, 7)


def test_the_day_a_claim_or_remark_was_made_does_not_date_the_event(data, model):
    table = suggested(
        data,
        "Gunmen killed a district chief in Kunduz province this week. "
        "ISKP claimed the killing on Friday, and the governor's office on Saturday condemned the attack.",
    )
    assert len(rows(table, "incidents")) == 1  # the claim's day opens no second incident
    assert rows(table, "incidents").iloc[0]["date_start"] != "2024-03-15"


def test_a_place_given_later_fills_the_incident_and_its_officials(data, model):
    table = suggested(
        data,
        "A suicide bomber killed a deputy governor at a government compound south of the capital on Thursday. "
        "The attack happened at the gate of the compound in Gardez, officials said.",
    )
    assert rows(table, "incidents").iloc[0]["province"] == "Paktya"
    assert rows(table, "officials_killed").iloc[0]["province"] == "Paktya"


def test_a_separate_event_adds_nothing_to_the_incident_before(data, model):
    table = suggested(
        data,
        "A roadside bomb killed three soldiers in Khost on Monday. "
        "Separately, troops killed nine militants, the army said.",
    )
    incident = rows(table, "incidents").iloc[0]
    assert (incident["killed_low"], incident["killed_high"]) == (3, 3)


def test_one_claim_of_responsibility_is_one_statement_and_its_words_the_groups(data, model):
    table = suggested(
        data,
        "A car bomb killed five people at a checkpoint in Jalalabad on Friday. "
        "ISKP claimed responsibility for the attack on its Telegram channel. "
        "The statement accused the Taliban of torturing prisoners. "
        "ISKP said its fighter had killed a dozen guards. "
        "ISKP, in a message on its channel, said the bomber had targeted Taliban guards.",
    )
    claims = rows(table, "statements").query("kind == 'claim' and speaker_actor == 'iskp'")
    assert len(claims) == 1 and claims.iloc[0]["attribution"] == "claims_responsibility"
    assert ("iskp", "accusation", "taliban") in statements(table)


def test_a_reported_promise_to_act_is_a_pledge(data, model):
    table = suggested(
        data,
        "Zabihullah Mujahid, the Taliban's chief spokesman, said on Friday that police would track down ISKP fighters. "
        'He told reporters that those behind the bombing "will be punished".',
    )
    found = statements(table)
    assert ("taliban", "pledge", "iskp") in found and ("taliban", "pledge", None) in found
    assert not any(kind == "claim" for _, kind, _ in found)


def test_a_promise_that_another_actor_will_act_is_not_a_pledge(data, model):
    found = statements(suggested(data, "The Taliban said Pakistan would arrest the militants within days."))
    assert not any(kind == "pledge" for _, kind, _ in found)


def test_one_speakers_two_verbs_of_a_kind_in_a_sentence_are_one_statement(data, model):
    text = "The Taliban vowed to defeat ISKP and promised that its fighters would soon be arrested."
    pledges = rows(suggested(data, text), "statements").query("kind == 'pledge'")
    assert list(pledges["target_actor"]) == ["iskp"]


def test_a_datelines_date_and_a_statements_date_do_not_date_the_event(data, model):
    table = suggested(
        data,
        "HERAT, March 16 (XNA) - Iran condemned the bombing of a mosque in Herat. "
        "In a statement released on Friday, the governor's office called the attack cowardly. "
        "The blast took place on Wednesday evening. Officials said nine worshippers were martyred.",
    )
    incident = rows(table, "incidents").iloc[0]
    assert (incident["date_start"], incident["killed_low"]) == ("2024-03-13", 9)
    assert not rows(table, "statements")["quote"].str.startswith("HERAT").any()  # the quote starts after it


def test_a_denial_in_a_sentence_with_a_figure_is_still_a_denial_and_only_the_speakers(data, model):
    table = suggested(
        data,
        "ISKP fighters were seen near Kunduz. Zabihullah Mujahid, the Taliban's chief spokesman, said the group, "
        'which has claimed dozens of attacks on Taliban posts this year, had "no real presence" in the north.',
    )
    found = statements(table)
    assert ("taliban", "denial", "iskp") in found
    assert not any(speaker == "iskp" and kind == "denial" for speaker, kind, _ in found)


def test_a_participle_describing_people_is_not_a_statement(data, model):
    table = suggested(
        data,
        "The UN urged the Taliban to free detainees accused of ISKP membership. "
        "Kabul's police chief, Abdul Rahim Sadiq, accused ISKP of the attack.",
    )
    found = statements(table)
    assert ("un", "accusation", "iskp") not in found and ("taliban", "accusation", "iskp") in found


def test_rejecting_the_groups_own_figure_is_a_rejection_aimed_at_the_group(data, model):
    table = suggested(
        data,
        "ISKP said its fighters had killed 50 soldiers in the raid. "
        "The Taliban's chief spokesman, Zabihullah Mujahid, dismissed the group's figure as propaganda.",
    )
    found = statements(table)
    assert ("taliban", "rejection", "iskp") in found and ("taliban", "denial", "iskp") not in found


def test_a_quotation_running_into_the_next_sentence_is_the_speakers(data, model):
    table = suggested(
        data,
        "Zabihullah Mujahid, the Taliban's chief spokesman, said: \"The blast was caused by a mine. "
        'Those behind it will soon be arrested." Residents were calm.',
    )
    pledge = statements(table)["taliban", "pledge", None]
    assert pledge.quote.startswith("Those behind it") and pledge.speaker == "Zabihullah Mujahid"


def test_a_quotation_whose_attribution_follows_is_not_read_twice(data, model):
    table = suggested(
        data,
        "Zabihullah Mujahid, the Taliban's chief spokesman, rejected the Pakistani claim. "
        '"Pakistan always inflates the numbers to frighten people. Only four died," he told reporters.',
    )
    assert not rows(table, "statements")["why"].str.contains("quotation running on").any()


def test_a_claim_named_by_branch_and_by_parent_is_one_claim(data, model):
    table = suggested(
        data,
        "A suicide bomber killed nine people at a rally in Peshawar on Thursday. ISKP claimed the bombing. "
        "It was the second attack in Peshawar claimed by the Islamic State this year.",
    )
    claims = rows(table, "statements").query("attribution == 'claims_responsibility'")
    assert len(claims) == 1


def test_a_possible_attack_is_no_incident(data, model):
    table = suggested(
        data,
        "Analysts said ISKP could stage a bombing in Jalalabad during the holidays. "
        "Another attack in Kunduz cannot be ruled out.",
    )
    assert rows(table, "incidents").empty
    real = suggested(data, "A bomb exploded in Jalalabad on Friday, killing two people.")
    assert len(rows(real, "incidents")) == 1


def test_an_operation_with_a_toll_is_a_clash_by_the_forces_that_killed(data, model):
    table = suggested(
        data,
        "A roadside bomb killed three soldiers in Khost on Monday. "
        "Separately, security forces killed six militants during an operation on Monday. "
        "Officials said operations against ISKP in Kunar would continue.",
    )
    incidents = rows(table, "incidents")
    assert len(incidents) == 2 and incidents.iloc[0]["killed_low"] == 3  # the plain 'operations' opens none
    assert incidents.iloc[1]["perpetrator"] == "taliban" and incidents.iloc[1]["killed_low"] == 6


def test_an_official_named_at_length_with_companions_counts_them_all(data, model):
    table = suggested(
        data,
        "The district chief of Achin in the eastern province of Nangarhar, Mawlawi Abdul Basir Haqqani Zadran, "
        "and two of his bodyguards were killed in an attack on Friday.",
    )
    assert rows(table, "incidents").iloc[0]["killed_low"] == 3
    assert rows(table, "officials_killed").iloc[0]["position"].startswith("district chief")


def test_a_reported_clause_that_blames_an_actor_is_an_accusation_of_it(data, model):
    table = suggested(
        data,
        "A roadside bomb killed two guards in Kunduz on Friday. The governor's spokesman told reporters on Friday that "
        'the blast was "the work of ISKP" and that the bombers were financed by foreign intelligence agencies.',
    )
    found = statements(table)
    assert {("taliban", "accusation", "iskp"), ("taliban", "accusation", "unnamed_foreign_actors")} <= set(found)
    assert not any(kind == "claim" and speaker == "taliban" for speaker, kind, _ in found)


def test_a_claim_carried_by_the_groups_channel_is_its_claim_and_a_judge_an_official(data, model):
    table = suggested(
        data,
        "Gunmen shot dead a judge of the Kunduz appeals court in Kunduz on Friday. "
        "ISKP published a claim the same night.",
    )
    assert ("iskp", "claim", None) in statements(table)
    assert rows(table, "incidents").iloc[0]["perpetrator"] == "iskp"
    assert "judge" in rows(table, "officials_killed").iloc[0]["position"]


def test_according_to_an_actor_its_words_and_residents_none(data, model):
    table = suggested(
        data,
        "According to the Taliban's defence ministry, ISKP fighters were behind the ambush. "
        "Pakistan was training the attackers, according to the UN envoy. "
        "ISKP fighters crossed from Pakistan last week, according to residents.",
    )
    found = statements(table)
    assert {("taliban", "accusation", "iskp"), ("un", "accusation", "pakistan")} <= set(found)
    assert len(found) == 2


def test_wanting_an_actor_to_act_is_an_appeal_to_it_and_a_forecast_from_a_city_is_nobodys(data, model):
    table = suggested(
        data,
        '"Islamabad wants the Taliban to hand over the commanders," Pakistan\'s foreign ministry said. '
        "Analysts in Kabul and Tehran expect the Taliban to step up raids.",
    )
    found = statements(table)
    assert ("pakistan", "appeal", "taliban") in found and ("iran", "appeal", "taliban") not in found


def test_militants_killed_in_an_operation_by_forces_are_the_forces_victims(data, model):
    table = suggested(data, "Four ISKP fighters were killed in a raid by Taliban special forces in Kunar on Friday.")
    assert rows(table, "incidents").iloc[0]["perpetrator"] == "taliban"


def test_an_official_named_again_in_a_later_appeal_is_not_a_new_victim(data, model):
    table = suggested(
        data,
        "Gunmen shot dead a judge of the Balkh appeals court in Mazar-i-Sharif on Monday. "
        "A roadside bomb killed two soldiers in Kunar on Thursday. "
        "The UN urged the Taliban to investigate the killing of the judge.",
    )
    assert len(rows(table, "officials_killed")) == 1


def test_what_an_appeal_asks_someone_to_deny_is_no_denial(data, model):
    table = suggested(
        data,
        "The Taliban accused Pakistan of sheltering ISKP. "
        "Pakistan's foreign ministry urged the Taliban to act and to deny militants any safe haven.",
    )
    found = statements(table)
    assert ("pakistan", "appeal", "taliban") in found
    assert not any(kind == "denial" for _, kind, _ in found)


def test_an_official_killed_with_his_driver_is_a_toll_of_two(data, model):
    table = suggested(
        data,
        "A magnetic bomb exploded under a car in Kunduz on Friday, killing the district governor of Imam Sahib, "
        "Mawlawi Abdul Karim Noori, and his driver.",
    )
    incident = rows(table, "incidents").iloc[0]
    assert (incident["killed_low"], incident["killed_high"]) == (2, 2)


def test_a_date_opening_a_sentence_before_its_speaker_dates_the_saying(data, model):
    table = suggested(
        data,
        "A roadside bomb killed three soldiers in Kunduz on 2 March. "
        "On 10 March, the interior ministry said ISKP had carried out the Kunduz bombing.",
    )
    incidents = rows(table, "incidents")
    assert len(incidents) == 1 and incidents.iloc[0]["date_start"] == "2024-03-02"
    accusation = rows(table, "statements").query("kind == 'accusation'").iloc[0]
    assert accusation["date_start"] == "2024-03-10"


def case(name, text, *present, absent=()):
    """One class of statement: an invented text, the (speaker, kind, target) rows it must give, those it must not."""
    return pytest.param(text, set(present), set(absent), id=name)


STATEMENT_CLASSES = [
    case(
        "targets are objects or attachments ('in Kabul' is not one: 'about')",
        "Pakistan accused the Taliban of sheltering militants. "
        "Iran's foreign minister warned in Kabul on Sunday about the growing threat of ISKP.",
        ("pakistan", "accusation", "taliban"),
        ("iran", "warning", "iskp"),
    ),
    case(
        "actors joined by 'and' in a subject each speak",
        "Reports from the United Nations and the United States have highlighted a surge in ISKP attacks.",
        ("un", "claim", "iskp"),
        ("usa", "claim", "iskp"),
    ),
    case(
        "an office named after a claim is not the claimant",
        "A suicide bomber killed six policemen in Peshawar on Friday. Pakistan accused the Taliban of harbouring ISKP. "
        "ISKP claimed the bombing. The spokesperson urged the Taliban to act.",
        ("pakistan", "appeal", "taliban"),
    ),
    case(
        "Daesh in what is said is the branch wherever it was said",
        "Speaking at a conference in Moscow, Iran's foreign minister warned that Daesh fighters were gathering in "
        "northern Afghanistan. He said Islamic State leaders had moved from Syria to Iraq.",
        ("iran", "warning", "iskp"),
        ("iran", "claim", "islamic_state"),
    ),
    case(
        "a reported concern is a warning, a denied presence a denial",
        'The United States said it was "deeply concerned" about ISKP. '
        'The Taliban said ISKP had "no permanent bases" in the country.',
        ("usa", "warning", "iskp"),
        ("taliban", "denial", "iskp"),
    ),
    case(
        "a claim of an attack abroad is the Islamic State's",
        "Gunmen killed 40 people at a concert hall in Moscow in March. Islamic State claimed it.",
        ("islamic_state", "claim", None),
    ),
    case(
        "'we' in a quotation is its speaker",
        '"We urge the Taliban to close the camps," the Pakistani spokesperson said on Friday. '
        "Pakistan's foreign ministry spoke again later. "
        '"We ask the United States to share what it knows."',
        ("pakistan", "appeal", "taliban"),
        ("pakistan", "appeal", "usa"),
    ),
    case(
        "an office without a country is the dateline's state",
        "ISLAMABAD: The Foreign Office spokesperson on Friday urged the Taliban to dismantle ISKP networks. "
        "A spokesman for the Afghan interior ministry accused the United States of arming ISKP.",
        ("pakistan", "appeal", "taliban"),
        ("taliban", "accusation", "usa"),
    ),
    case(
        "an office without a country under a Kabul dateline is Afghan",
        "KABUL: The interior ministry spokesman accused the United States of arming ISKP.",
        ("taliban", "accusation", "usa"),
    ),
    case(
        "an Afghan office in a report datelined abroad stays Afghan",
        "TEHRAN, March 16 (XNA) - A spokesman for the caretaker government's interior ministry said on Friday that "
        "ISKP had no bases in the country.",
        ("taliban", "denial", "iskp"),
    ),
    case(
        "an actor said to host a group is accused",
        "ISLAMABAD: The Foreign Office spokesperson said on Friday that the Taliban continued to host ISKP "
        "commanders near the border.",
        ("pakistan", "accusation", "taliban"),
    ),
    case(
        "an actor said to arm a group is accused",
        "Zabihullah Mujahid, the Taliban's chief spokesman, said Iran was arming ISKP cells.",
        ("taliban", "accusation", "iran"),
    ),
    case(
        "an actor said to have failed to act is accused",
        "The UN envoy told reporters the Taliban had failed to curb ISKP in the north.",
        ("un", "accusation", "taliban"),
    ),
    case(
        "rejecting a group's assertion is a rejection of the group",
        "ISKP said on Friday that its men had destroyed three Taliban posts. "
        "A Taliban spokesman, Qari Yousuf Ahmadi, rejected the group's assertion.",
        ("taliban", "rejection", "iskp"),
    ),
    case(
        "rejecting 'them' is a rejection of the remarks' author",
        "Iran's foreign ministry warned on Friday that ISKP was recruiting fighters in Herat. "
        "Asked about the remarks, Zabihullah Mujahid, the Taliban's chief spokesman, rejected them.",
        ("taliban", "rejection", "iran"),
    ),
    case(
        "rejecting the claim just reported is aimed at the group that made it",
        "Taliban forces raided a compound in Kunar on Friday. "
        "ISKP said its fighters had killed twenty soldiers. "
        "The Taliban's chief spokesman, Zabihullah Mujahid, rejected the claim.",
        ("taliban", "rejection", "iskp"),
    ),
    case(
        "calling a claim baseless rejects it; a threat posed is a warning",
        "A Taliban spokesman, Qari Yousuf Ahmadi, said the allegations by Iran were groundless. "
        "The UN envoy added that ISKP posed a grave threat to Central Asia.",
        ("taliban", "rejection", "iran"),
        ("un", "warning", "iskp"),
    ),
    case(
        "an unnamed actor by its description; an intent is a warning",
        "The Taliban's chief spokesman, Zabihullah Mujahid, accused certain circles in the region of arming ISKP. "
        'The United Nations said ISKP was "seeking to expand" into the north.',
        ("taliban", "accusation", "unnamed_foreign_actors"),
        ("un", "warning", "iskp"),
    ),
    case(
        "unnamed neighbours; an actor's involvement in arming a group",
        "Zabihullah Mujahid, the Taliban's chief spokesman, accused two neighbouring countries of training ISKP "
        "recruits. He also said he had proof of the United States' involvement in arming the group.",
        ("taliban", "accusation", "unnamed_neighbours"),
        ("taliban", "accusation", "usa"),
    ),
    case(
        "those who will not escape is a pledge",
        "Zabihullah Mujahid, the Taliban's chief spokesman, said on Friday that the ISKP bombers would not escape.",
        ("taliban", "pledge", "iskp"),
    ),
    case(
        "a capital speaks for its state; a nationality beats an office",
        "Islamabad blamed the Taliban for the killing of two border guards. "
        "The Iranian interior ministry said ISKP was a danger to the region.",
        ("pakistan", "accusation", "taliban"),
        ("iran", "claim", "iskp"),
    ),
    case(
        "a capital named as the place of an attack is not its government",
        "The UN envoy condemned the bombing of a clinic in the Afghan capital, Kabul.",
        absent=[("un", "accusation", "taliban")],
    ),
    case(
        "holding an actor responsible accuses it; the gravest threat is a warning",
        "Iran's foreign ministry held the Taliban accountable for the deaths of two Iranian guards. "
        "The UN envoy said ISKP was the gravest terrorist threat in Central Asia.",
        ("iran", "accusation", "taliban"),
        ("un", "warning", "iskp"),
    ),
    case(
        "an accusation naming only ground abroad is aimed at its state",
        "The Taliban's chief spokesman alleged that the bombers had trained at a camp near Quetta for months.",
        ("taliban", "accusation", "pakistan"),
    ),
    case(
        "a person named bare after an unnamed office spoke is its holder",
        "The Taliban's interior ministry spokesman on Tuesday rejected a report by Iran's border police. "
        "Speaking in Kandahar, Abdul Wahid Noori said the report was old. "
        "Noori also accused Pakistan of sheltering ISKP commanders.",
        ("taliban", "accusation", "pakistan"),
    ),
    case(
        "'the committee' is the body an actor's name described before",
        "Officials from Kabul met Pakistan's national security committee on Monday. "
        "The committee said ISKP fighters had crossed into Balochistan.",
        ("pakistan", "claim", "iskp"),
    ),
    case(
        "'the envoy' is the last speaker holding that office",
        "Hassan Kazemi, the special envoy of Iran, said ISKP was recruiting in Herat. "
        "The envoy urged the Taliban to close the recruiters' offices.",
        ("iran", "appeal", "taliban"),
    ),
    case(
        "a quotation over two sentences is read whole at its attribution",
        "Abdul Wahid Noori, a Taliban spokesman, visited Kunar on Monday. "
        '"There are no ISKP camps in this province. Not one village shelters them," Noori said.',
        ("taliban", "denial", "iskp"),
    ),
    case(
        "an attribution naming the office, then the person, after the reported words speaks them",
        "Militants of ISKP are seeking to build bases in the mountains of Badakhshan near the Tajik border, "
        "Iran's special envoy for Afghanistan, Hassan Kazemi, told reporters on Monday.",
        ("iran", "warning", "iskp"),
    ),
    case(
        "'the Afghan authorities' are the government of the day",
        "Pakistan's foreign ministry called on the Afghan authorities to act against ISKP cells.",
        ("pakistan", "appeal", "taliban"),
    ),
    case(
        "readiness to act is a pledge; a partner is not its target",
        "Iran's foreign ministry said Tehran was ready to deepen cooperation with Kabul. "
        "A Taliban spokesman, Qari Yousuf Ahmadi, said Taliban forces were determined to root out ISKP.",
        ("iran", "pledge", None),
        ("taliban", "pledge", "iskp"),
        absent=[("iran", "pledge", "taliban"), ("iran", "claim", "taliban")],
    ),
    case(
        "a verb inside a quotation with no speaker for its subject is the quotation's speaker's",
        '"This country will never allow terrorists to cross its border," the Iranian interior minister said.',
        ("iran", "pledge", None),
    ),
    case(
        "a promise of every measure is a pledge",
        '"We will take every measure necessary to protect our people," the Pakistani foreign ministry spokesperson '
        "said on Friday.",
        ("pakistan", "pledge", None),
    ),
    case(
        "'an allegation X has rejected' after an accusation rejects its accuser",
        "Iran has long accused the Taliban of sheltering ISKP commanders in Herat, a charge the Taliban have rejected.",
        ("iran", "accusation", "taliban"),
        ("taliban", "rejection", "iran"),
    ),
    case(
        "a commentator speaks for no actor, whatever place qualifies them",
        "Political scientist Reza Karimi, a researcher at a Tehran institute, said ISKP was recruiting students in "
        'the north. "The group is weaker than it looks," he said.',
        absent=[("iran", "claim", "iskp"), ("iran", "warning", "iskp")],
    ),
    case(
        "taking money from an actor blames it",
        "A Taliban spokesman, Qari Yousuf Ahmadi, visited Kunar on Monday. "
        '"They take money from foreign intelligence services," Ahmadi said.',
        ("taliban", "accusation", "unnamed_foreign_actors"),
    ),
    case(
        "an appeal to someone unnamed takes no target from the quotation before it",
        "Abdul Wahid Noori, a Taliban spokesman, visited Kunar on Monday. "
        '"ISKP men have fled. Our neighbours should ignore such rumours," Noori said.',
        absent=[("taliban", "appeal", "iskp")],
    ),
]


@pytest.mark.parametrize("text, present, absent", STATEMENT_CLASSES)
def test_each_class_of_sentence_gives_its_statements(data, model, text, present, absent):
    """Classes whose whole check is which (speaker, kind, target) rows one invented text gives."""
    found = set(statements(suggested(data, text)))
    assert present <= found and not absent & found, found


def figures(root, text):
    """(subject, metric, value_low, target) of each reported figure the rules suggest for text."""
    table = rows(suggested(root, text, use_parse=False), "reported_figures")
    return {(r.subject_actor, r.metric, r.value_low, r.target_actor) for r in table.itertuples()}


def test_operations_against_a_group_are_raids_by_whoever_carries_them_out(data):
    text = "Pakistani security forces conducted more than 80 raids on ISKP cells this year, officials said."
    assert figures(data, text) == {("pakistan", "raids", 81, "iskp")}
    text = "The interior ministry said its forces had carried out 35 operations against ISKP hideouts since January."
    assert figures(data, text) == {("taliban", "raids", 35, "iskp")}
    assert figures(data, "The army has conducted 12 operations in the east this month, a spokesman said.") == set()


def test_a_bulletins_counts_after_their_words_and_for_an_earlier_period_are_figures(data):
    assert figures(data, "Casualties blamed on ISKP climbed to 240 last year, the UN said.") == {
        ("iskp", "killed_and_injured", 240, None)
    }
    assert figures(data, "Observers documented 17 security incidents involving ISKP in June, down from 30 in May.") == {
        ("iskp", "attacks", 17, None),
        ("iskp", "attacks", 30, None),
    }


def test_officials_beyond_governors_are_read_with_their_names(data):
    """A department's deputy director killed by an explosive device; a named head of department; an assistant
    commissioner (Pakistan's district officer)."""
    text = (
        "A magnetic explosive device killed the deputy director of the provincial health department in Kunduz on "
        "Monday. Separately, Mawlawi Abdul Karim Zahid, the head of the department for refugees in Ghor, was shot "
        "dead on Friday. Separately, an assistant commissioner was killed when a roadside bomb hit his car in Peshawar."
    )
    officials = rows(suggested(data, text, use_parse=False), "officials_killed")
    assert list(officials["position"]) == [
        "deputy director of the provincial health department",
        "head of the department for refugees",
        "assistant commissioner",
    ]
    assert list(officials["name"].fillna("")) == ["", "Mawlawi Abdul Karim Zahid", ""]
    assert list(officials["province"].fillna("")) == ["Kunduz", "Ghor", ""]


def test_a_claim_abroad_by_the_group_named_as_its_afghan_branch_is_the_branchs(data):
    attack = "A bomb exploded at a market in Peshawar on Monday, killing five people. "
    for claimant, actor in (
        ("The regional branch of the Islamic State group, known as ISKP,", "iskp"),
        ("The Islamic State group", "islamic_state"),  # abroad, unnamed as the branch: the parent
    ):
        table = suggested(data, attack + claimant + " claimed responsibility for the blast.", use_parse=False)
        incident = rows(table, "incidents").iloc[0]
        assert (incident["country"], incident["perpetrator"]) == ("Pakistan", actor)
        assert list(rows(table, "statements")["speaker_actor"]) == [actor]


def test_districts_and_towns_abroad_come_from_the_generated_gazetteer(data):
    """Places only GeoNames lists (analysis/coding/gazetteer.yaml): an Afghan district centre, a Pakistani town."""
    table = suggested(
        data,
        "A roadside bomb killed two policemen in Ashkasham on Monday. Separately, gunmen shot dead a cleric in "
        "Sialkot on Tuesday.",
        use_parse=False,
    )
    incidents = rows(table, "incidents")
    assert list(zip(incidents["country"], incidents["province"].fillna(""))) == [
        ("Afghanistan", "Badakhshan"),
        ("Pakistan", ""),
    ]
