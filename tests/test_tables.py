"""Tables for readers: readable figures and dates, no <NA>, headers from the dictionary, whole quotes, and
every count linked to an anchor on the page."""

import re
from html import escape

import pytest

from analysis import load, narrative, ranges, reader_tables, views
from analysis.narrative import Linked
from conftest import edit, own_part


@pytest.mark.parametrize(
    "low, best, high, shown",
    [
        (21, 21, 21, "21"),
        (3, 10, 20, "3-20 (best 10)"),
        (3, 3, 20, "3-20"),
        (3, None, None, "at least 3"),
        (10, 15, None, "at least 10 (best 15)"),
        (None, None, None, "unknown"),
        (0, None, None, "unknown"),
        (0, 0, 0, "0"),
    ],
)
def test_figures_read_as_one_range(low, best, high, shown):
    assert ranges.toll_text(low, best, high) == shown


@pytest.mark.parametrize(
    "start, end, precision, shown",
    [
        ("2023-03-09", "2023-03-09", "day", "9 Mar 2023"),
        ("2023-03-01", "2023-03-31", "month", "Mar 2023"),
        ("2023-07-21", "2023-07-22", "week", "21-22 Jul 2023"),
        ("2021-08-01", "2023-07-31", "range", "Aug 2021 - Jul 2023"),
        ("2023-01-01", "2023-12-31", "year", "2023"),
        ("2024-01-01", "2024-04-26", "range", "1 Jan - 26 Apr 2024"),
        ("2021-08-15", "2023-06-30", "range", "15 Aug 2021 - 30 Jun 2023"),
        (None, "2023-06-30", "open", "until 30 Jun 2023"),
    ],
)
def test_dates_read_as_people_write_them(start, end, precision, shown):
    assert reader_tables.readable_dates(start, end, precision) == shown


def _anchors_resolve(*pages) -> list[str]:
    html = "".join(pages)
    ids = set(re.findall(r'id="([^"]+)"', html))
    return [target for target in re.findall(r'href="#([^"]+)"', html) if target not in ids]


def test_every_count_links_to_rows_and_quotes_on_the_page(ds):
    result = views.attack_counts(ds, freq="year")
    page = [
        reader_tables.counts_table(ds, result).data,
        reader_tables.spanning_table(ds, result).data,
        reader_tables.attack_evidence(ds, result).data,
        narrative.as_markdown(narrative.attack_counts_text(result)).data,
    ]
    assert re.search(r'href="#grp-', page[0]) and _anchors_resolve(*page) == []
    markdown_links = re.findall(r"\]\(#([^)]+)\)", page[3])
    assert markdown_links and not [target for target in markdown_links if f'id="{target}"' not in "".join(page)]


def test_the_briefing_evidence_holds_every_row_its_counts_link_to(ds):
    attacks, flows = views.attack_counts(ds), views.statement_flows(ds)
    killings, partly = views.officials_killed_in_window(ds)
    page = [
        reader_tables.counts_table(ds, attacks).data,
        reader_tables.spanning_table(ds, attacks).data,
        reader_tables.killings_table(ds, killings, partly).data,
        reader_tables.flows_table(ds, flows).data,
        reader_tables.single_source_table(ds).data,
        reader_tables.briefing_evidence(ds, attacks, killings, partly, flows).data,
    ]
    assert _anchors_resolve(*page) == []
    assert len(re.findall(r'id="ev-', page[-1])) == len(
        set(re.findall(r'id="ev-[^"]+"', page[-1]))
    )  # each row's anchor once


def test_killings_show_the_quotes_naming_each_official(ds):
    killings, partly = views.officials_killed_in_window(ds)
    table, evidence = (
        reader_tables.killings_table(ds, killings, partly).data,
        reader_tables.killings_evidence(ds, killings, partly).data,
    )
    assert '<a href="#ev-ok01">OK01</a>' in table and '<a href="#ev-in01">IN01</a>' in table
    assert _anchors_resolve(table, evidence) == []
    own = evidence.split('id="ev-ok01"')[1].split("</div>")[0]  # OK01's block: its own quote from src002 only
    assert own.count("<blockquote>") == 1 and "Balkh in an attack on his office in March" in own and "src002" in own


def test_quotes_are_whole_and_tables_show_no_pandas_placeholders(ds):
    result = views.attack_counts(ds)
    evidence = reader_tables.attack_evidence(ds, result).data
    for quote in ds.evidence.loc[ds.evidence["record_id"].isin(result.incident_ids), "quote"]:
        assert f"<blockquote>{escape(quote)}</blockquote>" in evidence
    killings, partly = views.officials_killed_in_window(ds)
    for html in (
        reader_tables.counts_table(ds, result).data,
        reader_tables.spanning_table(ds, result).data,
        evidence,
        reader_tables.killings_table(ds, killings, partly).data,
        reader_tables.sources_list(ds).data,
    ):
        assert "&lt;NA&gt;" not in html and "<NA>" not in html and ">nan<" not in html and "NaT" not in html


def test_sources_say_where_each_article_was_found(ds):
    listed = reader_tables.sources_list(ds).data
    assert listed.count("Found at: ") == ds.sources["url"].notna().sum() == 1  # src003 only, in the fixture
    assert "Found at: https://keshwarnews.com/en/?p=10972</small>" in listed


def test_headers_come_from_the_data_folders_own_labels(data_copy):
    edit(own_part(data_copy, "labels"), "\nkilled: Killed\n", "\nkilled: Killed (low-high)\n")
    ds = load(data_copy)
    assert "<th>Killed (low-high)</th>" in reader_tables.counts_table(ds, views.attack_counts(ds)).data


def test_data_text_cannot_make_markup_or_links(ds):
    text = Linked("2 incidents near <script>x</script> [a](javascript:y)", {"2 incidents": "counts"})
    shown = narrative.as_markdown(text).data
    assert shown.startswith("[2 incidents](#counts)") and "<script>" not in shown and "\\[a\\](javascript:y)" in shown


def test_imported_events_are_listed_up_to_a_limit_and_the_rest_counted(ds, monkeypatch):
    monkeypatch.setattr(reader_tables, "IMPORTED_ROWS_SHOWN", 1)
    result = views.attack_counts(ds, freq="day", datasets="coded, acled_sample")
    imported = result.spanning[result.spanning["dataset"] != "coded"]
    assert len(imported) >= 2, "the fixture needs two vaguely dated imported events"
    html = reader_tables.spanning_table(ds, result).data
    assert html.count("acled_sample:") == 1 and f"and {len(imported) - 1:,} more events from imported datasets" in html
    for incident in result.spanning.loc[result.spanning["dataset"] == "coded", "incident_id"]:
        assert f">{incident}</a>" in html  # every coded row is listed


def test_at_least_sums_the_lows_and_says_what_the_best_estimates_add_to(tmp_path):
    from tiny import make_dataset

    ds = make_dataset(
        tmp_path,
        incidents=[
            {
                "incident_id": "IN1",
                "date_start": "2023-03-01",
                "date_end": "2023-03-01",
                "province": "Kabul",
                "perpetrator": "iskp",
                "killed_low": "10",
                "killed_best": "15",
            },
            {
                "incident_id": "IN2",
                "date_start": "2023-04-01",
                "date_end": "2023-04-01",
                "province": "Kabul",
                "perpetrator": "iskp",
                "killed_low": "3",
                "killed_best": "3",
                "killed_high": "3",
            },
        ],
    )
    text = narrative.attack_counts_text(views.attack_counts(ds, freq="year"))
    assert "At least 13 people were killed in them; their best estimates add up to 18 " in text


def test_rows_of_one_wire_story_count_as_resting_on_one_report(ds):
    table = views.corroboration(ds).set_index("record_id")
    assert table.loc["ST02", ["n_sources", "n_independent", "single_source"]].tolist() == [
        2,
        1,
        True,
    ]  # src000 + its rewrite src004
    assert table.loc["ST10", ["n_sources", "n_independent", "single_source"]].tolist() == [2, 2, False]  # two stories
    assert not table.loc["ST01", "single_source"]
    # 21 statements, 6 incidents, 5 figures, 1 official; ST02, ST03, ST09, IN08, RF02 and RF04 are in two articles of
    # one story
    assert narrative.corroboration_text(views.corroboration(ds)) == (
        "33 of 43 coded rows rest on one independent report (5 figures, 6 incidents, 1 official, 21 statements), "
        "6 of them on several articles of one wire story; treat them as unconfirmed."
    )
    html = reader_tables.single_source_table(ds).data
    assert "<th>Articles</th><th>Independent reports</th>" in html
    assert re.search(r">ST02</a></td><td>statement</td><td>[^<]*</td><td>src000, src004</td><td>2</td><td>1</td>", html)
    assert ">ST10</a>" not in html


def test_equal_reported_figures_each_link_to_their_own_quotes(tmp_path):
    from tiny import make_dataset

    same = {"reporter_actor": "un", "value_low": "2", "period_start": "2024-01-01", "period_end": "2024-04-26"}
    ds = make_dataset(
        tmp_path,
        incidents=[{"incident_id": "IN1", "date_start": "2024-02-02", "date_end": "2024-02-02", "perpetrator": "iskp"}],
        figures=[
            {"figure_id": "F1", "subject_actor": "iskp", **same},
            {"figure_id": "F2", "subject_actor": "islamic_state", **same},
        ],
    )
    shown = narrative.as_markdown(narrative.attack_counts_text(views.attack_counts(ds))).data
    assert "[at least 2 attacks (F1)](#ev-f1)" in shown and "[at least 2 attacks (F2)](#ev-f2)" in shown


def test_figures_and_single_periods_read_as_sentences(tmp_path):
    """A figure resting on one report is described by its numbers, not its coding note; one period is not 'X to X'."""
    from tiny import make_dataset

    ds = make_dataset(
        tmp_path,
        incidents=[{"incident_id": "IN1", "date_start": "2024-02-02", "date_end": "2024-02-02", "perpetrator": "iskp"}],
        figures=[
            {
                "figure_id": "F1",
                "reporter_actor": "un",
                "subject_actor": "taliban",
                "target_actor": "iskp",
                "metric": "raids",
                "value_low": "3",
                "period_start": "2024-01-01",
                "period_end": "2024-04-26",
                "coding_note": "not this",
            },
            {
                "figure_id": "F2",
                "reporter_actor": "un",
                "subject_actor": "iskp",
                "metric": "attacks",
                "value_low": "5",
                "value": "6",
                "value_high": "9",
                "period_end": "2024-04-26",
            },
        ],
    )
    summary = views.corroboration(ds).set_index("record_id")["summary"]
    assert summary["F1"] == "United Nations: at least 3 raids by Taliban against ISKP, 2024-01-01 to 2024-04-26"
    assert summary["F2"] == "United Nations: 5-9 attacks by ISKP, up to 2024-04-26"
    text = str(narrative.attack_counts_text(views.attack_counts(ds, freq="year")))
    assert "can be placed in a single year (all in 2024). At least 0 people" in text


def test_incidents_that_cannot_be_placed_are_not_called_more_when_none_are_placed(tmp_path):
    from tiny import make_dataset

    ds = make_dataset(
        tmp_path,
        incidents=[{"incident_id": "IN1", "date_start": "2022-06-01", "date_end": "2023-06-30", "perpetrator": "iskp"}],
    )
    text = str(narrative.attack_counts_text(views.attack_counts(ds, freq="year")))
    assert text.startswith("1 incident cannot be placed in one year"), text
