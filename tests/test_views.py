"""Views on a tiny dataset whose answers are computed by hand in the comments."""

import csv

import pandas as pd
import pytest
from tiny import make_dataset

from analysis import load, views
from analysis.errors import ChoiceError, InputError
from analysis.imports import import_export

INCIDENTS = [
    # A: March 2023, one known death, no upper bound
    dict(
        incident_id="A",
        date_start="2023-03-01",
        date_end="2023-03-31",
        province="Balkh",
        perpetrator="iskp",
        killed_low="1",
        killed_best="1",
    ),
    # B: June 2023, 2/3/5 killed, 1 injured exactly
    dict(
        incident_id="B",
        date_start="2023-06-01",
        date_end="2023-06-30",
        province="Kabul",
        perpetrator="iskp",
        killed_low="2",
        killed_best="3",
        killed_high="5",
        injured_low="1",
        injured_best="1",
        injured_high="1",
    ),
    # C: somewhere in 2022-2023: too vague for one year
    dict(incident_id="C", date_start="2022-01-01", date_end="2023-12-31", perpetrator="iskp"),
    # D: one day in 2024, Taliban, nothing known of casualties
    dict(incident_id="D", date_start="2024-02-02", date_end="2024-02-02", province="Kabul", perpetrator="taliban"),
]
STATEMENTS = [
    dict(
        statement_id="S1",
        speaker="Mito Miller",
        speaker_aliases="Matthew Miller",
        speaker_actor="iran",
        kind="claim",
        target_actor="islamic_state",
        date_start="2023-05-01",
        date_end="2023-05-10",
    ),
    dict(
        statement_id="S2",
        speaker_actor="taliban",
        kind="rejection",
        target_actor="iran",
        responds_to="S1",
        date_start="2023-05-20",
        date_end="2023-05-20",
    ),
    dict(
        statement_id="S3",
        speaker_actor="taliban",
        kind="pledge",
        responds_to="S1",
        date_start="2023-05-20",
        date_end="2023-05-20",
    ),
    dict(
        statement_id="S4",
        speaker_actor="taliban",
        kind="accusation",
        target_actor="usa",
        date_start="2023-07-01",
        date_end="2023-07-31",
    ),
    dict(
        statement_id="S5",
        speaker_actor="taliban",
        kind="accusation",
        target_actor="usa",
        date_start="2023-08-01",
        date_end="2023-08-01",
    ),
    dict(statement_id="S6", speaker_actor="taliban", kind="accusation", target_actor="pakistan", date_end="2023-06-30"),
]
FIGURES = [
    dict(
        figure_id="F1",
        reporter_actor="un",
        subject_actor="iskp",
        value="10",
        value_low="10",
        value_high="10",
        period_start="2023-01-01",
        period_end="2023-12-31",
    ),
    # F2: a crackdown, at least 3 raids by the Taliban on ISKP: a figure of its own metric, never attacks
    dict(
        figure_id="F2",
        reporter_actor="un",
        subject_actor="taliban",
        metric="raids",
        value_low="3",
        period_start="2023-01-01",
        period_end="2023-12-31",
        target_actor="iskp",
    ),
]
OFFICIALS = [dict(official_id="K1", incident_id="A", position="Governor", province="Balkh")]


@pytest.fixture(scope="module")
def ds(tmp_path_factory):
    return make_dataset(tmp_path_factory.mktemp("tiny"), INCIDENTS, STATEMENTS, FIGURES, OFFICIALS)


def test_yearly_counts_sum_low_best_high_as_bounds(ds):
    counts = views.attack_counts(ds, freq="year").counts.set_index(["period", "group"])
    iskp_2023 = counts.loc[("2023", "ISKP")]
    assert iskp_2023["incidents"] == 2  # A and B; C spans two years
    assert (iskp_2023["killed_low"], iskp_2023["killed_best"]) == (3, 4)
    assert pd.isna(iskp_2023["killed_high"])  # A has no upper bound
    assert (iskp_2023["injured_low"], iskp_2023["killed_unknown"]) == (1, 0)
    assert pd.isna(iskp_2023["injured_best"]) is False and iskp_2023["injured_best"] == 1
    assert pd.isna(iskp_2023["injured_high"])  # A's injuries are unknown
    taliban_2024 = counts.loc[("2024", "Taliban")]
    assert taliban_2024["incidents"] == 1 and taliban_2024["killed_low"] == 0
    assert pd.isna(taliban_2024["killed_best"]) and taliban_2024["killed_unknown"] == 1
    assert taliban_2024["period_start"] == pd.Timestamp("2024-01-01")


def test_vaguely_dated_incidents_are_listed_not_dropped(ds):
    result = views.attack_counts(ds, freq="year")
    assert list(result.spanning["incident_id"]) == ["C"]
    assert result.spanning.loc[0, "reason"] == "its date range spans more than one year"
    assert result.counts["incidents"].sum() + len(result.spanning) == len(INCIDENTS)


def test_monthly_counts(ds):
    counts = views.attack_counts(ds, freq="month").counts
    assert list(zip(counts["period"], counts["incidents"])) == [("2023-03", 1), ("2023-06", 1), ("2024-02", 1)]


def test_window_keeps_overlapping_incidents_apart(ds):
    result = views.attack_counts(ds, freq="year", start="2023-06-01", end="2024-12-31")
    assert sorted(result.incident_ids) == ["B", "C", "D"]
    assert list(result.spanning["incident_id"]) == ["C"]
    assert result.spanning.loc[0, "reason"] == "its date range reaches outside the window"


def test_filters_include_branches_and_accept_text(ds):
    assert views.attack_counts(ds, perpetrators="Islamic State").incident_ids == ["A", "B", "C"]
    assert views.attack_counts(ds, perpetrators=["Taliban"]).incident_ids == ["D"]
    assert views.attack_counts(ds, provinces="Kabul, Balkh").incident_ids == ["A", "B", "D"]


def test_grouping_by_province_labels_missing_values(ds):
    groups = views.attack_counts(ds, freq="year", by="province", start="2022-01-01", end="2022-12-31").spanning["group"]
    assert list(groups) == [views.NOT_STATED]


def test_reported_figures_sit_beside_coded_counts(ds):
    reported = views.attack_counts(ds).reported.set_index("figure_id")
    assert reported.loc["F1", "reported"] == 10
    assert reported.loc["F1", "coded_inside"] == 2  # A, B
    assert reported.loc["F1", "coded_possible"] == 3  # and C, which may fall in 2023


def test_raids_are_never_counted_as_attacks(ds):
    counts = views.attack_counts(ds, freq="year")
    assert list(counts.reported["figure_id"]) == ["F1"]
    assert counts.counts["incidents"].sum() == 3  # A, B, D: the raids add no incident
    assert list(views.attack_counts(ds, perpetrators="Taliban").reported["figure_id"]) == []


def test_reported_figures_read_metric_and_target(ds):
    raids = views.figures_by_metric(ds, metrics="raids")
    assert raids[["figure_id", "metric", "reporter", "subject", "target", "reported_low"]].values.tolist() == [
        ["F2", "raids", "United Nations", "Taliban", "ISKP", 3]
    ]
    assert pd.isna(raids.loc[0, "reported"]) and pd.isna(raids.loc[0, "reported_high"])
    everything = views.figures_by_metric(ds).set_index("figure_id")
    assert everything.loc["F1", "target"] == views.NOT_STATED
    assert list(views.figures_by_metric(ds, subjects="Islamic State")["figure_id"]) == ["F1"]  # ISKP is its branch
    assert views.figures_by_metric(ds, start="2024-01-01").empty
    with pytest.raises(
        ChoiceError, match="metric 'raid' is not one of attacks, killed_and_injured, raids; did you mean 'raids'"
    ):
        views.figures_by_metric(ds, metrics="raid")


def test_bad_arguments_are_refused(ds):
    with pytest.raises(InputError, match="window start 2024-01-01 is after its end 2023-01-01"):
        views.attack_counts(ds, start="2024-01-01", end="2023-01-01")
    with pytest.raises(ChoiceError, match="freq 'decade' is not one of day, week, month, quarter, year"):
        views.attack_counts(ds, freq="decade")
    with pytest.raises(ChoiceError, match="dataset 'acled' is not one of coded"):
        views.incidents_from(ds, ["coded", "acled"])


def test_province_totals_count_every_province_and_list_what_no_province_holds(ds):
    result = views.province_totals(ds)
    totals = result.totals.set_index("province")
    assert len(totals) == 34 and list(totals.index) == list(ds.dictionary.vocabularies["province"])
    kabul = totals.loc["Kabul"]  # B (2/3/5) and D (nothing known): the best known where any is, no upper bound
    assert (kabul["incidents"], kabul["killed_low"], kabul["killed_best"], kabul["incident_ids"]) == (2, 2, 3, "B, D")
    assert pd.isna(kabul["killed_high"])
    assert tuple(totals.loc["Herat", ["incidents", "killed_low", "killed_best", "killed_high"]]) == (
        0,
        0,
        0,
        0,
    )  # a count, not a gap
    assert list(result.off_map["incident_id"]) == ["C"] and result.off_map.loc[0, "reason"] == "province not stated"
    assert totals["incidents"].sum() + len(result.off_map) == len(INCIDENTS)
    assert result.incident_ids == ["A", "B", "C", "D"]


def test_province_totals_keep_to_the_window_and_the_perpetrators(ds):
    result = views.province_totals(ds, start="2023-03-15", end="2024-12-31")
    assert result.totals.set_index("province")["incidents"].loc[["Kabul", "Balkh"]].tolist() == [
        2,
        0,
    ]  # B, D; A began before
    assert result.off_map.set_index("incident_id")["reason"].to_dict() == {
        "A": "its date range reaches outside the window",
        "C": "province not stated; its date range reaches outside the window",
    }
    iskp = views.province_totals(ds, perpetrators="Islamic State").totals.set_index("province")["incidents"]
    assert iskp.loc[["Kabul", "Balkh"]].tolist() == [1, 1]  # B and A, ISKP being a branch; D is the Taliban's


def test_incidents_abroad_are_listed_with_their_place(tmp_path):
    abroad = make_dataset(
        tmp_path,
        [
            dict(
                incident_id="M",
                date_start="2024-03-22",
                date_end="2024-03-22",
                country="Russia",
                location="Moscow",
                perpetrator="islamic_state",
            )
        ],
    )
    unplaced = views.province_totals(abroad).off_map
    assert unplaced[["incident_id", "dataset", "country", "location", "reason"]].values.tolist() == [
        ["M", "coded", "Russia", "Moscow", "outside Afghanistan"]
    ]


def test_imported_events_without_a_province_may_be_unmapped(data_copy):
    """An import keeps an Afghan event whose admin1 it cannot map, with the province empty: it says so."""
    export = data_copy.parent / "seeds" / "exports" / "acled_sample.csv"
    with open(export, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    rows[0]["admin1"] = "Balkh Provinse"  # AFG900001
    rows[1].update(country="Pakistan", admin1="Khyber Pakhtunkhwa")  # AFG900002
    edited = data_copy.parent / "edited.csv"
    with open(edited, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    import_export("acled", edited, data_copy)
    unplaced = views.province_totals(load(data_copy), datasets="edited").off_map.set_index("incident_id")["reason"]
    assert unplaced.to_dict() == {
        "edited:AFG900001": "province not stated or not mapped",
        "edited:AFG900002": "outside Afghanistan",
    }


def test_official_killings_name_the_unnamed(ds):
    killings, partly = views.officials_killed_in_window(ds)
    assert killings.loc[0, "official"] == views.UNNAMED_OFFICIAL
    assert (killings.loc[0, "perpetrator"], killings.loc[0, "province"]) == ("ISKP", "Balkh")
    inside, partly = views.officials_killed_in_window(ds, start="2023-03-15", end="2023-12-31")
    assert inside.empty and list(partly["incident_id"]) == ["A"]


def test_accusation_flows_count_pairs_by_kind(ds):
    flows = views.statement_flows(ds, start="2023-01-01", end="2023-12-31")
    edges = flows.edges.set_index(["speaker", "target", "kind"])
    assert edges.loc[("Taliban", "United States", "accusation"), "statements"] == 2
    assert edges.loc[("Taliban", "United States", "accusation"), "statement_ids"] == "S4, S5"
    assert ("Taliban", "Pakistan", "accusation") not in edges.index  # S6 has no start date: only partly in
    assert list(flows.partly["statement_id"]) == ["S6"]


def test_threads_follow_responds_to_and_stay_whole(ds):
    flows = views.statement_flows(ds, actors="Iran")
    assert list(flows.threads["statement_id"]) == ["S1", "S2", "S3"]  # S3 has no target but answers S1
    assert list(flows.threads["depth"]) == [0, 1, 1]
    assert flows.threads.loc[0, ["speaker", "speaker_aliases"]].tolist() == [
        "Mito Miller",
        "Matthew Miller",
    ]  # as printed, alias beside
    assert flows.threads.loc[1, ["speaker", "speaker_aliases"]].tolist() == [
        "Taliban",
        "",
    ]  # no speaker named: the actor
    assert set(flows.edges["speaker"] + ">" + flows.edges["target"]) == {"Iran>Islamic State", "Taliban>Iran"}


def test_corroboration_flags_single_source_rows(ds):
    table = views.corroboration(ds)
    assert len(table) == len(INCIDENTS) + len(STATEMENTS) + len(FIGURES) + len(OFFICIALS)
    assert table["single_source"].all()


def test_evidence_table(ds):
    table = views.evidence_table(ds, "A, S1")
    assert list(table["record_id"]) == ["A", "S1"]
    assert set(table["outlet"]) == {"test"}


@pytest.mark.parametrize(
    "value, expected", [(None, []), ("", []), ("Kabul, Balkh", ["Kabul", "Balkh"]), (["Kabul"], ["Kabul"])]
)
def test_list_parameters(value, expected):
    assert views.as_list(value) == expected


def test_a_map_for_chosen_provinces_counts_and_lists_only_theirs(ds):
    kabul = views.province_totals(ds, provinces="Kabul")
    counted = kabul.totals.set_index("province")["incidents"]
    assert counted["Kabul"] == 2 and counted.drop("Kabul").eq(0).all()  # IN03 and IN07, the fixture's Kabul incidents
    assert set(kabul.off_map["incident_id"]) <= set(
        ds.incidents.loc[ds.incidents["province"] == "Kabul", "incident_id"]
    )
    assert not kabul.off_map["reason"].str.contains("outside Afghanistan").any()  # abroad is not in Kabul
