"""Tests written against one-line bugs a mutation audit found the suite missing: each fixes a boundary or a rule
with values a reader can check by hand (the comment says which mutation it catches)."""

import csv

import pandas as pd
import pytest
from tiny import make_dataset

from analysis import load, reader_tables, views
from analysis.dictionary import Dictionary
from analysis.imports import import_export
from analysis.linking.assign import assign
from analysis.relative_dates import resolve
from conftest import FIXTURE_DATA, FIXTURES

LINKING = Dictionary.for_data(FIXTURE_DATA).linking  # the weights that ship
LEXICON = Dictionary.for_data(FIXTURE_DATA).coding["relative_dates"]
BALKH_BOMBING = {  # one incident, a day precise
    "incident_id": "IN1",
    "date_start": "2023-03-15",
    "date_end": "2023-03-15",
    "province": "Balkh",
    "perpetrator": "iskp",
}
NO_DECISIONS = pd.DataFrame(columns=["left", "right", "decision", "note", "decided_on"])


def scored(*pairs) -> pd.DataFrame:
    """Scored pairs of coded incidents (left) and ACLED events (right), as the scorer hands them to assign."""
    return pd.DataFrame(
        [
            {"left": a, "right": b, "score": float(s), "left_dataset": "coded", "right_dataset": "acled"}
            for a, b, s in pairs
        ]
    )


def statuses(pairs: pd.DataFrame) -> dict:
    decided, _ = assign(pairs, NO_DECISIONS, LINKING, "link_decisions.csv")
    return {(row.left, row.right): row.status for row in decided.itertuples()}


def test_a_pair_scoring_exactly_link_at_is_linked():  # catches `score >= link_at` turned into `>`
    link_at = LINKING["link_at"]
    assert statuses(scored(("coded:A", "acled:X", link_at))) == {("coded:A", "acled:X"): "linked"}
    below = link_at - 0.5
    assert statuses(scored(("coded:A", "acled:X", below))) == {("coded:A", "acled:X"): "review"}


def test_a_pair_beating_its_runner_up_by_exactly_the_margin_is_linked():  # catches `>= margin` turned into `>`
    best = LINKING["link_at"] + LINKING["margin"]
    found = statuses(scored(("coded:A", "acled:X", best), ("coded:A", "acled:Y", LINKING["link_at"])))
    assert found == {("coded:A", "acled:X"): "linked", ("coded:A", "acled:Y"): "review"}
    closer = statuses(scored(("coded:A", "acled:X", best - 0.25), ("coded:A", "acled:Y", LINKING["link_at"])))
    assert closer == {("coded:A", "acled:X"): "review", ("coded:A", "acled:Y"): "review"}  # too close to call


def test_a_pair_scoring_exactly_review_at_is_left_for_review_and_one_below_is_dropped():
    review_at = LINKING["review_at"]  # catches `>= review_at` turned into `>`
    assert statuses(scored(("coded:A", "acled:X", review_at))) == {("coded:A", "acled:X"): "review"}
    assert statuses(scored(("coded:A", "acled:X", review_at - 0.5))) == {}


def test_the_combined_low_is_the_highest_low_even_when_it_comes_from_the_lower_best(tmp_path):
    """Coded 2/8/10 and ACLED's 5 (a lowest figure: 5/5/-) for one bombing: at least 5 died (ACLED vouches for
    it), at most 10, best 8 (the article's). The highest *best* (8) is not a low anyone vouched for."""
    make_dataset(
        tmp_path,
        incidents=[
            BALKH_BOMBING
            | {
                "event_type": "Explosions/Remote violence",
                "sub_event_type": "Suicide bomb",
                "killed_low": "2",
                "killed_best": "8",
                "killed_high": "10",
            }
        ],
    )
    with open(FIXTURES / "seeds" / "exports" / "acled_sample.csv", newline="", encoding="utf-8") as f:
        row = next(r for r in csv.DictReader(f) if r["event_id_cnty"] == "AFG900001")
    row |= {"event_date": "15 March 2023", "time_precision": "1", "actor1": "ISKP", "fatalities": "5"}
    export = tmp_path / "acled.csv"
    with open(export, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(row), lineterminator="\n")
        writer.writeheader()
        writer.writerow(row)
    import_export("acled", export, tmp_path / "data", "acled")
    combined = views.incidents_from(load(tmp_path / "data"), ["coded", "acled"]).set_index("incident_id")
    assert len(combined) == 1 and combined.loc["IN1", "linked_events"] == "acled:AFG900001"
    assert tuple(combined.loc["IN1", ["killed_low", "killed_best", "killed_high"]]) == (5, 8, 10)


def test_officials_names_and_positions_are_shown_as_text_not_markup(tmp_path):  # catches their escaping removed
    ds = make_dataset(
        tmp_path,
        incidents=[BALKH_BOMBING],
        officials=[
            {
                "official_id": "OK1",
                "incident_id": "IN1",
                "name": "<b>Mohammad</b> & Sons",
                "position": "Governor <script>alert(1)</script>",
                "province": "Balkh",
            }
        ],
    )
    killings, partly = views.officials_killed_in_window(ds)
    page = reader_tables.killings_table(ds, killings, partly).data
    assert "&lt;b&gt;Mohammad&lt;/b&gt; &amp; Sons" in page and "<b>Mohammad</b>" not in page
    assert "Governor &lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>" not in page


@pytest.mark.parametrize(
    ("published", "phrase", "day"),
    [
        ("2023-07-22", "on Saturday", "2023-07-22"),  # published on a Saturday: that Saturday (issue 22)
        ("2023-07-22", "on Friday", "2023-07-21"),  # the day before publication
        ("2023-07-22", "on Sunday", "2023-07-16"),  # six days before, never the day after
        ("2023-07-23", "on Saturday", "2023-07-22"),
    ],
)
def test_a_weekday_is_the_one_in_the_7_days_up_to_publication(published, phrase, day):
    """conventions.dates: "on Saturday" is the Saturday within the 7 days up to publication, the publication day
    included (catches the weekday span shortened, widened or shifted by a day)."""
    on = pd.Timestamp(published).date()
    found = resolve(f"The minister spoke {phrase}.", on, on, LEXICON)
    assert (str(found.date_start), str(found.date_end), found.precision) == (day, day, "day")
