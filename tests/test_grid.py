"""Report grids in reports.yaml: expansion, names and titles, bad axes and values, max_reports, the index's groups."""

import io
import re
import shutil

import pytest

from analysis import build
from analysis.build.config import read_config
from analysis.build.index import index_page
from analysis.dictionary import Dictionary
from analysis.errors import BuildError
from conftest import FIXTURE_DATA, PROJECT_DIR, edit


def specs(tmp_path, text, data=FIXTURE_DATA):
    (tmp_path / "reports.yaml").write_text(text, encoding="utf-8")
    return {s.name: s for s in read_config(tmp_path / "reports.yaml", data)}


def test_a_grid_makes_one_report_per_combination_with_readable_names_and_titles(tmp_path):
    made = specs(
        tmp_path,
        """
reports:
  attacks:
    title: Attacks in {province}, {period}
    notebook: attack_counts
    parameters: {freq: month}
    grid: {provinces: [Herat, Sar-e-Pul], period: monthly from 2023-07 to 2023-08}
  exchange:
    notebook: accusation_flows
    grid: {actors: [Iran, United States], period: quarterly from 2023-02 to 2023-04}
""",
    )
    assert list(made) == [
        "attacks_herat_2023-07",
        "attacks_herat_2023-08",
        "attacks_sar-e-pul_2023-07",
        "attacks_sar-e-pul_2023-08",
        "exchange_iran_2023-q1",
        "exchange_iran_2023-q2",
        "exchange_united-states_2023-q1",
        "exchange_united-states_2023-q2",
    ]
    herat = made["attacks_herat_2023-07"]
    assert herat.title == "Attacks in Herat, July 2023" and herat.notebook == "attack_counts"
    assert herat.parameters == {"freq": "month", "provinces": "Herat", "start": "2023-07-01", "end": "2023-07-31"}
    assert herat.grid == {"entry": "attacks", "axes": {"province": "Herat", "period": "July 2023"}}
    us = made["exchange_united-states_2023-q1"]  # a quarter begins on its first month, whichever month `from` names
    assert us.title == "Exchange: United States, January-March 2023"
    assert us.parameters == {"actors": "United States", "start": "2023-01-01", "end": "2023-03-31"}


def test_all_is_every_value_the_dictionary_knows(tmp_path, data_copy):
    grid = "reports:\n  attacks: {notebook: attack_counts, grid: {provinces: all}}\n"
    provinces = list(Dictionary.for_data(FIXTURE_DATA).vocabularies["province"])
    assert [s.parameters["provinces"] for s in specs(tmp_path, grid).values()] == provinces
    edit(data_copy / "dictionary.yaml", '    Zabul: ""\n', '    Zabul: ""\n    Nowhere Province: ""\n')
    assert "attacks_nowhere-province" in specs(tmp_path, grid, data_copy)  # a province added adds its report


@pytest.mark.parametrize(
    "grid, problem",
    [
        ("{province: all}", "unknown grid axis 'province'; did you mean 'provinces'?"),
        ("{period: weekly from 2023-01 to 2023-02}", "with PERIOD one of monthly, quarterly, yearly"),
        ("{period: monthly from 2023-05 to 2023-02}", "ends before it begins"),
        ("{period: monthly from 2023-13 to 2024-02}", "is not 'PERIOD from YYYY-MM to YYYY-MM'"),
        ("{actors: all}", "grid axis 'actors': 'all' is not available here; list the values"),
        ("{provinces: [Kabul], kinds: []}", "grid axis 'kinds' takes 'all' or a list of values"),
        ("{perpetrators: [ISKP]}", "grid axis 'perpetrators' sets perpetrators, which 'parameters' sets too"),
        ("{provinces: [Kabul], period: yearly from 2021-01 to 2021-12}", "title placeholder {provnce}"),
    ],
)
def test_a_grid_that_cannot_be_expanded_fails_alone(tmp_path, grid, problem):
    made = specs(
        tmp_path,
        f"""
reports:
  briefing: {{notebook: briefing}}
  bad:
    title: "{"{provnce}" if "title" in problem else "Bad"}"
    notebook: attack_counts
    parameters: {{perpetrators: ISKP}}
    grid: {grid}
""",
    )
    assert list(made) == ["briefing", "bad"] and made["briefing"].problems == ()
    assert len(made["bad"].problems) == 1 and problem in made["bad"].problems[0]


def test_a_grid_too_large_is_refused_before_any_work(tmp_path):
    (tmp_path / "reports.yaml").write_text(
        "max_reports: 20\nreports:\n"
        "  a: {notebook: attack_counts, grid: {provinces: all, period: yearly from 2021-01 to 2023-12}}\n",
        encoding="utf-8",
    )
    with pytest.raises(BuildError, match=r"grid 'a' would make 102 reports \(34 provinces x 3 period\), more than max"):
        build.build(config=tmp_path / "reports.yaml", out_dir=tmp_path / "out", stream=io.StringIO())
    assert not (tmp_path / "out").exists()


def test_a_bad_value_fails_only_the_reports_it_makes(tmp_path):
    (tmp_path / "notebooks").mkdir()
    shutil.copy(PROJECT_DIR / "notebooks" / "official_killings.ipynb", tmp_path / "notebooks")
    (tmp_path / "reports.yaml").write_text(
        "reports:\n  officials:\n    notebook: official_killings\n"
        "    grid: {provinces: [Balkh, Balkhh], period: yearly from 2023-01 to 2024-12}\n",
        encoding="utf-8",
    )
    outcomes = build.build(config=tmp_path / "reports.yaml", out_dir=tmp_path / "out", stream=io.StringIO())
    status = {o.name: (o.status, o.error) for o in outcomes}
    assert status["officials_balkh_2023"] == ("built", "") and status["officials_balkh_2024"] == ("built", "")
    for year in (2023, 2024):
        assert status[f"officials_balkhh_{year}"] == (
            "failed",
            "parameter 'provinces': unknown province 'Balkhh'; did you mean 'Balkh'?",
        )
    only = build.build(
        config=tmp_path / "reports.yaml", out_dir=tmp_path / "out", only=["officials"], stream=io.StringIO()
    )
    assert len(only) == 4  # a grid's entry name selects all its reports


def test_the_index_groups_a_grids_reports_by_its_first_axis(tmp_path):
    def outcome(name, province, period, notebook="attack_counts"):
        grid = {"entry": "attacks", "axes": {"province": province, "period": period}}
        return build.Outcome(name, f"Attacks in {province}, {period}", notebook, {}, "built", "f", "d", grid=grid)

    page = index_page(
        [
            build.Outcome("kabul", "Kabul", "attack_counts", {}, "built", "f", "d"),
            outcome("attacks_herat_2023-07", "Herat", "July 2023"),
            outcome("attacks_herat_2023-08", "Herat", "August 2023"),
            outcome("attacks_kunar_2023-07", "Kunar", "July 2023"),
        ],
        tmp_path,
    )
    assert re.findall(r"<h2>(.*?)</h2>", page) == ["attack_counts"]
    assert '<h3 id="grid-attacks">attacks: 3 reports, by province</h3>' in page
    assert re.findall(r'<a href="#(grid-attacks-\d)">(\w+)</a>', page) == [
        ("grid-attacks-0", "Herat"),
        ("grid-attacks-1", "Kunar"),
    ]
    folds = dict(re.findall(r'<details id="grid-attacks-\d"><summary>(.*?)</summary>(.*?)</details>', page, re.S))
    assert re.findall(r'href="([^"]+)"', folds["Herat (2 reports)"]) == [
        "attacks_herat_2023-07.html",
        "attacks_herat_2023-08.html",
    ]
    assert re.findall(r'href="([^"]+)"', folds["Kunar (1 report)"]) == ["attacks_kunar_2023-07.html"]
    assert page.index('href="kabul.html"') < page.index("<h3")  # hand-written reports first
    one_axis = index_page(
        [
            build.Outcome(n, n, "attack_counts", {}, "built", "f", "d", grid={"entry": "a", "axes": {"province": n}})
            for n in ("Herat", "Kunar")
        ],
        tmp_path,
    )
    assert "<details" not in one_axis and one_axis.count("<table>") == 1  # one report per value: one table
