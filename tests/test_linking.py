"""Record linkage: the labelled set linked exactly, each real event counted once, analyst decisions that
persist, and weights that are data."""

import pandas as pd
import pytest
from linking_set import LABELLED, labelled_folder, quality, read_labels

from analysis import DataError, load, narrative, views
from analysis.cli import main
from analysis.imports import import_export
from analysis.linking import link_records
from analysis.linking.decisions import record_decision
from analysis.linking.records import records_of
from analysis.linking.score import Scorer
from conftest import FIXTURES, edit, own_part


@pytest.fixture(scope="module")
def labelled(tmp_path_factory):
    """A data folder: the fixture's coded incidents beside the labelled ACLED and UCDP exports."""
    return labelled_folder(tmp_path_factory.mktemp("labelled"))


@pytest.fixture
def labelled_copy(labelled, tmp_path):
    """A scratch copy of the labelled folder, for decisions and re-imports."""
    import shutil

    shutil.copytree(labelled.parent, tmp_path / "project")
    return tmp_path / "project" / "data"


def decided(data, *rows):
    (data / "link_decisions.csv").write_text(
        "left,right,decision,note,decided_on\n" + "".join(f"{r}\n" for r in rows), encoding="utf-8"
    )


def test_every_labelled_match_is_linked_and_no_distinct_pair(labelled):
    figures = quality(link_records(load(labelled)), read_labels())["all"]
    assert figures["missed"] == [] and figures["wrong"] == []
    assert figures["matches"] == 32 and figures["linked"] == 32  # the whole set is used, not a corner of it


def test_each_real_event_appears_once_across_articles_acled_and_ucdp(labelled):
    ds = load(labelled)
    combined = views.incidents_from(ds, ["coded", "acled", "ucdp"]).set_index("incident_id")
    for incident, acled, ucdp in [
        ("IN01", "AFG910001", "9910001"),
        ("IN02", "AFG910002", "9910002"),
        ("IN03", "AFG910005", "9910004"),
    ]:
        assert combined.loc[incident, "linked_events"] == f"acled:{acled}, ucdp:{ucdp}"
        assert combined.loc[incident, "seen_in"] == "articles, ACLED, UCDP"
        assert f"acled:{acled}" not in combined.index and f"ucdp:{ucdp}" not in combined.index
    # the Kunduz mosque bombing is in ACLED and UCDP only: one row, the first dataset named standing for both
    assert combined.loc["acled:AFG910010", "seen_in"] == "ACLED, UCDP" and "ucdp:9910009" not in combined.index
    assert len(combined) == len(ds.incidents) + len(ds.events) - merged_away_by_the_labels()


def merged_away_by_the_labels() -> int:
    """Records that fold into another when each true event counts once: from the hand labels, not the linker."""
    import csv

    root = {}

    def find(ref):
        while root.setdefault(ref, ref) != ref:
            ref = root[ref]
        return ref

    with open(FIXTURES / "linking" / "labels.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["label"] == "match":
                root[find(row["left"])] = find(row["right"])
    members = {}
    for ref in list(root):
        members.setdefault(find(ref), set()).add(ref)
    return sum(len(group) - 1 for group in members.values())


def test_distinct_events_in_one_province_and_month_stay_apart(labelled):
    cluster = dict(zip(*views.record_links(load(labelled)).members[["ref", "cluster"]].to_numpy().T))
    # the acting governor's killing and the bombing at his memorial two days later
    assert cluster["coded:IN02"] != cluster["acled:AFG910003"] and cluster["ucdp:9910002"] != cluster["ucdp:9910003"]
    # the evening-prayer bombing (21 killed) and the hospital bombing (19), both in Kabul inside IN03's range
    assert cluster["coded:IN03"] != cluster["acled:AFG910006"]


def test_the_bombing_at_a_governors_memorial_is_not_his_killing(labelled):
    """Two days apart in one province, equal tolls and perpetrator: the mourners were the target, not the governor."""
    links = link_records(load(labelled))
    cluster = dict(zip(links.members["ref"], links.members["cluster"]))
    killing = {cluster[r] for r in ("coded:IN01", "acled:AFG910001", "ucdp:9910001")}
    memorial = {cluster[r] for r in ("acled:AFG910028", "ucdp:9910028")}
    assert len(killing) == 1 and len(memorial) == 1 and killing != memorial
    # not even left for review: what was attacked differs, so no analyst is asked
    pairs = {frozenset(pair) for pair in zip(links.pairs["left"], links.pairs["right"])}
    for left in ("coded:IN01", "acled:AFG910001", "ucdp:9910001"):
        for right in ("acled:AFG910028", "ucdp:9910028"):
            assert frozenset((left, right)) not in pairs
    linked = links.pairs.set_index(["left", "right"])
    assert linked.loc[("coded:IN01", "ucdp:9910001"), "status"] == "linked"  # on its own score, not via ACLED


def target_names(scorer: Scorer, found) -> list[set[str]]:
    return [{c for c, hit in zip(scorer.categories, row) if hit} for row in found]


def test_an_incident_that_killed_an_official_targeted_officials_whatever_its_category(labelled_copy):
    office = "Governor's office,iskp,Explosions/Remote violence,Suicide bomb,"
    edit(labelled_copy / "incidents.csv", office + "government_officials", office)  # IN01 without its category
    coded = records_of(load(labelled_copy))[0]
    targets = dict(zip(coded.ids, coded.table["targets"]))
    assert targets["IN01"] == "government_officials" and targets["IN03"] == "civilians"
    assert pd.isna(targets["IN06"])  # no category and no official killed: left to its words


def test_a_party_is_a_target_as_it_was_on_the_day(labelled):
    ds = load(labelled)
    scorer = Scorer(ds.dictionary.linking, ds.actor_index)
    table = pd.DataFrame(
        {
            "perpetrator": ["iskp", "iskp", "taliban", None],
            "actors": ["iskp; taliban", "iskp; taliban", "taliban; iskp", "iskp; taliban"],
            "date_start": pd.to_datetime(["2021-08-10", "2021-08-20", "2022-01-01", "2022-01-01"]),
        }
    )
    assert target_names(scorer, scorer._parties(table)) == [
        {"armed_group"},  # the Taliban, an armed group attacked by ISKP before 15 August 2021
        {"government_officials", "security_forces"},  # the government after it
        {"armed_group"},  # ISKP attacked by the Taliban; the perpetrator itself is not a target
        set(),  # no perpetrator known: any party may be the attacker
    ]


def test_ucdps_government_of_afghanistan_is_read_by_date(labelled_copy, tmp_path):
    ucdp = next(r for r in records_of(load(labelled_copy)) if r.dataset == "ucdp")
    row = ucdp.table.iloc[list(ucdp.ids).index("9910015")]  # one-sided, "Government of Afghanistan", November 2022
    assert row["perpetrator"] == "taliban" and "taliban" in row["actors"]
    fighting = ucdp.table.iloc[list(ucdp.ids).index("9910001")]  # state-based "Government of Afghanistan - IS", 2023
    assert pd.isna(fighting["perpetrator"]) and set(fighting["actors"].split("; ")) == {"taliban", "islamic_state"}
    pairs = link_records(load(labelled_copy)).pairs.set_index(["left", "right"])
    assert "perpetrator +2.0" in pairs.loc[("acled:AFG910017", "ucdp:9910015"), "reason"]  # Taliban custody deaths
    export = tmp_path / "ged.csv"
    export.write_text(
        (LABELLED / "ged.csv")
        .read_text(encoding="utf-8")
        .replace("2022-11-03 00:00:00.000", "2021-08-03 00:00:00.000"),
        encoding="utf-8",
    )
    import_export("ucdp", export, labelled_copy, "ucdp", force=True)
    ucdp = next(r for r in records_of(load(labelled_copy)) if r.dataset == "ucdp")
    row = ucdp.table.iloc[list(ucdp.ids).index("9910015")]
    assert pd.isna(row["perpetrator"])  # the Republic then: not the Taliban, and not in actors.csv, so not guessed


@pytest.mark.parametrize(
    "old, new, message",
    [
        (
            "officials_killed_target: government_officials",
            "officials_killed_target: government_official",
            "officials_killed_target: 'government_official' is not a target_category; did you mean "
            "'government_officials'?",
        ),
        (
            '{from: "2021-08-15", categories',
            '{from: "15 August 2021", categories',
            "party_targets.taliban.1.from: must be a day as YYYY-MM-DD (quoted), not '15 August 2021'",
        ),
        ("  category: civilians", "  category: civilian", "target_occasions.category: 'civilian' is not a"),
        (
            "  iskp: [{categories",
            "  iskpp: [{categories",
            "party_targets.iskpp: 'iskpp' is not an actor_id of actors.csv; did you mean 'iskp'?",
        ),
    ],
)
def test_what_was_attacked_is_checked_in_the_weights(labelled_copy, old, new, message):
    edit(own_part(labelled_copy, "linking"), old, new)
    with pytest.raises(DataError) as caught:
        load(labelled_copy)
    assert message in str(caught.value)


def test_combined_figures_take_the_highest_low_and_keep_each_dataset_side_by_side(labelled):
    row = views.incidents_from(load(labelled), ["coded", "acled", "ucdp"]).set_index("incident_id").loc["IN01"]
    # articles 1/1/- (only the governor), ACLED 3 (a lowest figure), UCDP 2/3/4
    assert (row["killed_low"], row["killed_best"], row["killed_high"]) == (3, 3, 4)
    assert row["linked_figures"] == "coded:IN01 1/1/-; acled:AFG910001 3/3/-; ucdp:9910001 2/3/4"
    alone = views.incidents_from(load(labelled), ["coded"]).set_index("incident_id").loc["IN01"]
    assert (alone["killed_low"], alone["killed_best"], pd.isna(alone["killed_high"])) == (1, 1, True)


def test_an_exact_figure_outscores_a_merely_compatible_one(labelled):
    pairs = views.record_links(load(labelled)).pairs.set_index(["left", "right"])
    exact = pairs.loc[("coded:IN03", "acled:AFG910005"), "reason"]  # 21 and 21
    compatible = pairs.loc[("coded:IN01", "acled:AFG910001"), "reason"]  # 1/1/no upper bound and 3
    assert "killed +3.0" in exact and "killed +0.5" in compatible


def test_a_reject_splits_an_event_and_survives_a_reimport(labelled_copy):
    before = len(views.incidents_from(load(labelled_copy), ["coded", "acled"]))
    record_decision(
        labelled_copy, "coded:IN01", "acled:AFG910001", "reject", "test: the analyst reads them as two attacks"
    )
    ds = load(labelled_copy)
    assert len(views.incidents_from(ds, ["coded", "acled"])) == before + 1
    assert (
        views.record_links(ds).pairs.set_index(["left", "right"]).loc[("coded:IN01", "acled:AFG910001"), "status"]
        == "rejected"
    )
    import_export("acled", LABELLED / "acled.csv", labelled_copy, "acled", force=True)
    assert len(views.incidents_from(load(labelled_copy), ["coded", "acled"])) == before + 1


def test_a_confirm_links_what_the_score_left_for_review(labelled_copy):
    pairs = views.record_links(load(labelled_copy)).pairs.set_index(["left", "right"])
    assert pairs.loc[("coded:IN03", "acled:AFG910027"), "status"] == "review"
    # a confirm against the labels: the test only checks that the analyst's decision wins over the score
    decided(
        labelled_copy,
        'coded:IN03,acled:AFG910027,confirm,"test: the analyst reads the memorial bombing as the same '
        'attack",2026-11-23',
    )
    ds = load(labelled_copy)
    members = views.record_links(ds).members.set_index("ref")
    assert members.loc["coded:IN03", "cluster"] == members.loc["acled:AFG910027", "cluster"]
    assert (
        members.loc["acled:AFG910005", "cluster"] != members.loc["coded:IN03", "cluster"]
    )  # one ACLED event per event


@pytest.mark.parametrize(
    "rows, message",
    [
        (
            ['coded:IN99,acled:AFG910001,reject,"x",2026-11-23'],
            "link_decisions.csv:2: column 'left': 'coded:IN99': no such incident in incidents.csv",
        ),
        (
            ['coded:IN01,acled:AFG999999,reject,"x",2026-11-23'],
            "link_decisions.csv:2: column 'right': 'acled:AFG999999': no such record in the import acled",
        ),
        (['coded:IN01,acle:AFG910001,reject,"x",2026-11-23'], "no dataset 'acle' in this data; did you mean 'acled'?"),
        (
            ['coded:IN01,acled:AFG910001,reject,"x",2026-11-23', 'acled:AFG910001,coded:IN01,reject,"y",2026-11-23'],
            "link_decisions.csv:3: column 'left': a second decision on the pair decided on line 2",
        ),
        (
            ['coded:IN01,acled:AFG910001,reject,"x",2026-11-23', 'coded:IN01,acled:AFG910001,confirm,"y",2026-11-23'],
            "link_decisions.csv:3: column 'left': a confirm and a reject of the pair decided on line 2",
        ),
        (['coded:IN01,acled:AFG910001,refute,"x",2026-11-23'], "'refute': not in vocabulary link_decision"),
        (
            ['acled:AFG910017,acled:AFG910016,confirm,"x",2026-11-23'],
            "link_decisions.csv:2: column 'right': both records are of one dataset",
        ),
        (
            ['coded:IN01,ucdp:9910024,confirm,"x",2026-11-23', 'coded:IN01,ucdp:9910001,confirm,"y",2026-11-23'],
            "link_decisions.csv:3: column 'right': this confirm would put two records of ucdp in one event",
        ),
    ],
)
def test_a_bad_decision_names_file_line_and_reason_and_nothing_is_linked(labelled_copy, rows, message):
    decided(labelled_copy, *rows)
    with pytest.raises(DataError) as caught:
        link_records(load(labelled_copy))
    assert message in str(caught.value)


def test_a_refused_decision_writes_nothing(labelled_copy):
    decided(labelled_copy, 'coded:IN01,acled:AFG910001,reject,"x",2026-11-23')
    before = (labelled_copy / "link_decisions.csv").read_bytes()
    with pytest.raises(DataError, match="a confirm and a reject of the pair decided on line 2"):
        record_decision(labelled_copy, "acled:AFG910001", "coded:IN01", "confirm", "changed my mind")
    with pytest.raises(DataError, match="needs a note"):
        record_decision(labelled_copy, "coded:IN02", "acled:AFG910003", "reject", " ")
    assert (labelled_copy / "link_decisions.csv").read_bytes() == before


def test_the_review_command_shows_quotes_beside_notes_and_records_a_decision(labelled_copy, capsys):
    assert main(["links", "--data", str(labelled_copy), "--review"]) == 0
    shown = capsys.readouterr().out
    item = shown[shown.index("coded:IN03 ~ acled:AFG910027") :]
    assert "runner-up" in item.splitlines()[0]
    assert 'src004: "One of the violent activities' in item and "memorial service" in item
    assert (
        main(
            [
                "links",
                "--data",
                str(labelled_copy),
                "--reject",
                "coded:IN03",
                "acled:AFG910027",
                "--note",
                "the memorial, not the prayer bombing",
            ]
        )
        == 0
    )
    assert "1 rejected by an analyst" in capsys.readouterr().out
    assert (
        main(["links", "--data", str(labelled_copy), "--reject", "coded:IN03", "acled:AFG910027", "--note", "again"])
        == 1
    )
    assert "a second decision on the pair" in capsys.readouterr().err


def test_a_data_folders_own_weights_are_used(labelled_copy):
    edit(own_part(labelled_copy, "linking"), "link_at: 6.0", "link_at: 60.0")
    links = link_records(load(labelled_copy))
    assert links.members.empty and not links.pairs["status"].eq("linked").any()


def test_reports_say_which_datasets_saw_each_event_and_what_was_merged(labelled):
    ds = load(labelled)
    result = views.attack_counts(ds, freq="year", datasets="coded, acled, ucdp")
    row = result.counts.set_index(["period", "group"]).loc[("2023", "Islamic State Khorasan Province")]
    assert row["seen_in"] == "articles, ACLED, UCDP" and row["in_several"] >= 2  # the two governors' killings at least
    assert result.spanning.set_index("incident_id").loc["IN03", "seen_in"] == "articles, ACLED, UCDP"
    counts = views.linking_counts(ds, "coded, acled, ucdp")
    clusters = views.record_links(ds).members
    assert (counts["merged"], counts["records"]) == (clusters["cluster"].nunique(), len(clusters))
    text = narrative.linking_text(counts)
    assert text.startswith(
        f"Across articles, ACLED, UCDP, {counts['merged']} events were found in more than one dataset"
    )
    one = counts["review"] == 1
    assert (
        f"{counts['review']} pair{'' if one else 's'} of possible duplicates await{'s' if one else ''} review" in text
    )
    assert (
        narrative.linking_text(views.linking_counts(ds, "coded"))
        == "One dataset is counted here (articles): nothing is merged."
    )
