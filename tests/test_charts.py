"""Charts: valid Vega-Lite, compiled to Vega 5 for offline display, and bounded by their marks."""

import html
import json
import re
import shutil
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET

import altair as alt
import pandas as pd
import pytest
import vl_convert as vlc
from tiny import make_dataset

from analysis import DataError, charts, load, narrative, rendering, views
from analysis.boundaries import CROSSWALK_FILE, read_boundaries
from analysis.paths import BOUNDARIES_DIR
from conftest import FIXTURE_DATA, edit

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    incidents = [
        dict(
            incident_id=f"I{n}",
            date_start=f"{2018 + n % 7}-0{1 + n % 9}-01",
            date_end=f"{2018 + n % 7}-0{1 + n % 9}-01",
            perpetrator=("iskp", "taliban", "islamic_state")[n % 3],
            province=("Kabul", "Balkh")[n % 2],
            killed_low=str(n % 4),
            killed_best=str(n % 4),
        )
        for n in range(300)
    ]
    return make_dataset(tmp_path_factory.mktemp("charts"), incidents=incidents)


def all_charts(ds):
    attacks = views.attack_counts(ds, freq="year")
    killings, _ = views.officials_killed_in_window(ds)
    flows = views.statement_flows(ds)
    volume = views.statement_volume(ds, freq="year")
    return {
        "attacks": (charts.attack_counts_chart(attacks), len(attacks.counts) + attacks.spanning["group"].nunique()),
        "reported": (charts.reported_vs_coded_chart(attacks.reported), len(attacks.reported)),
        "killings": (charts.official_killings_chart(killings), len(killings)),
        "flows": (charts.accusation_flows_chart(flows), len(flows.edges)),
        "threads": (charts.threads_chart(flows.threads), len(flows.threads)),
        "matrix": (charts.accusation_matrix(flows), len(flows.edges[["speaker", "target"]].drop_duplicates())),
        "volume": (charts.statement_volume_chart(volume, pairs=100), len(volume)),
    }


def views_of(spec: dict):
    """The spec and every view inside it (layers, concatenations), where encodings live."""
    yield spec
    for key in ("layer", "hconcat", "vconcat", "concat"):
        for child in spec.get(key, []):
            yield from views_of(child)


@pytest.mark.parametrize("name", ["attacks", "reported", "killings", "flows", "threads", "matrix", "volume"])
def test_charts_are_valid_and_carry_one_row_per_mark(ds, tiny, name):
    for dataset in (ds, tiny):
        chart, marks = all_charts(dataset)[name]
        assert isinstance(chart, alt.TopLevelMixin)
        spec = chart.to_dict(validate=True)  # raises on any Vega-Lite schema violation
        rows = [len(values) for values in spec.get("datasets", {}).values()]
        assert rows and max(rows) == marks
        assert all(
            enc.get("type") or "field" not in enc
            for view in views_of(spec)
            for channel, enc in view.get("encoding", {}).items()
            if isinstance(enc, dict) and not channel.endswith("2")
        )  # x2/y2 take their type from x/y


def drawn(chart) -> ET.Element:
    """The chart as Vega draws it offline (vl-convert's SVG): what a reader of the report sees."""
    return ET.fromstring(vlc.vegalite_to_svg(chart.to_dict(validate=True), vl_version=rendering.VEGA_LITE_VERSION))


def texts(element: ET.Element, role: str) -> list[str]:
    """The text drawn by marks of a role (axis-label, legend-label, title-subtitle) inside element."""
    return [
        text.text
        for group in element.iter(f"{SVG}g")
        if f"role-{role}" in group.get("class", "").split()
        for text in group.iter(f"{SVG}text")
    ]


def x_axis_labels(svg: ET.Element) -> list[str]:
    [axis] = [g for g in svg.iter(f"{SVG}g") if g.get("aria-label", "").startswith("X-axis")]
    return texts(axis, "axis-label")


def test_the_dating_legend_is_gone_and_the_subtitle_says_what_the_paler_bar_is(ds, tiny):
    """The opacity legend drew black and grey squares beside bars in the perpetrators' colours."""
    chart = charts.attack_counts_chart(views.attack_counts(ds, freq="year"))
    legends = rendering.to_vega(chart)["legends"]
    assert legends and all("fill" in legend or "stroke" in legend for legend in legends), legends  # colour legends only
    assert (
        "The last bar, drawn paler, holds incidents whose date range is too wide for one period."
        in chart.title.subtitle
    )
    no_spans = charts.attack_counts_chart(views.attack_counts(tiny, freq="year"))
    assert not any("paler" in line for line in no_spans.title.subtitle)  # no such bar, no such sentence


def test_long_actor_names_are_drawn_whole(ds):
    flows = views.statement_flows(ds)
    pairs = texts(drawn(charts.accusation_flows_chart(flows)), "axis-label")
    assert "Former Afghan security officials → Islamic State Khorasan Province" in pairs
    assert "Taliban → Three unnamed neighbouring countries of Afghanistan" in pairs
    matrix = texts(drawn(charts.accusation_matrix(flows)), "axis-label")
    legend = texts(drawn(charts.attack_counts_chart(views.attack_counts(ds, datasets=ds.datasets))), "legend-label")
    assert "Tehrik-i-Taliban Pakistan (TTP) (not mapped)" in legend
    assert not [label for label in pairs + matrix + legend if "…" in label]


def test_reported_figures_and_coded_counts_each_get_their_own_scale(ds):
    """On one axis the UN's 224 attacks squashed the 3 to 5 coded incidents against zero."""
    chart = charts.reported_vs_coded_chart(views.attack_counts(ds).reported)
    scales = [
        {field["field"] for field in scale["domain"]["fields"]}
        for scale in rendering.to_vega(chart)["scales"]
        if isinstance(scale.get("domain"), dict) and "fields" in scale["domain"]
    ]
    coded = [fields for fields in scales if "coded_inside" in fields]
    assert coded and all(field.startswith("coded_") for fields in coded for field in fields), scales
    assert any("reported_low" in fields for fields in scales)
    assert "not comparable one to one" in " ".join(chart.title.subtitle)
    svg = drawn(chart)
    assert {"224", "at least 24", "at least 3", "3", "2 (up to 3)"} <= set(texts(svg, "mark"))


@pytest.mark.parametrize(
    "window, labels",
    [
        (("2023-05-01", "2023-07-01"), ["28 May 2023", "4 Jun 2023", "11 Jun 2023", "18 Jun 2023", "25 Jun 2023"]),
        ((None, None), ["Oct 2021", "2022", "Apr 2022", "Jul 2022", "Oct 2022", "2023", "Apr 2023", "Jul 2023"]),
    ],
)
def test_thread_dates_read_as_dates(ds, window, labels):
    """Vega's default labelled a few weeks' ticks 'Tue 23', 'Sat 27'."""
    flows = views.statement_flows(ds, *window)
    assert x_axis_labels(drawn(charts.threads_chart(flows.threads))) == labels


def test_a_thread_of_a_few_days_ticks_each_day_and_bars_reach_the_end_of_their_last_day(tmp_path):
    """Vega labelled a two-day thread '20 Jul 2023 12:00'; a bar dated 20-21 July stopped at the start of the 21st."""
    ds = make_dataset(
        tmp_path,
        statements=[
            {
                "statement_id": "S1",
                "speaker_actor": "iran",
                "kind": "claim",
                "target_actor": "islamic_state",
                "date_start": "2023-07-20",
                "date_end": "2023-07-21",
            },
            {
                "statement_id": "S2",
                "speaker_actor": "taliban",
                "kind": "rejection",
                "target_actor": "iran",
                "responds_to": "S1",
                "date_start": "2023-07-22",
                "date_end": "2023-07-22",
            },
        ],
    )
    chart = charts.threads_chart(views.statement_flows(ds).threads)
    assert x_axis_labels(drawn(chart)) == ["20 Jul 2023", "21 Jul 2023", "22 Jul 2023", "23 Jul 2023"]
    bars = chart.to_dict()["datasets"]
    rows = next(iter(bars.values()))
    assert {row["statement_id"]: (row["date_end"], row["bar_end"]) for row in rows} == {
        "S1": ("2023-07-21", "2023-07-22"),
        "S2": ("2023-07-22", "2023-07-23"),
    }


def test_300_incidents_make_a_chart_of_21_bars(tiny):
    chart, marks = all_charts(tiny)["attacks"]
    assert marks == 7 * 3  # seven years x three perpetrators, whatever the number of incidents


def test_importing_the_package_changes_nothing_global():
    """In a fresh interpreter: importing analysis, its charts and its builder leaves Altair's renderer and theme and
    sys.modules as they were; set-up is explicit (rendering.enable_offline_renderer, base.skip_iri_formats)."""
    script = textwrap.dedent("""
        import json, sys
        import altair as alt
        before = {"renderer": alt.renderers.active, "theme": alt.theme.active}
        modules = {name: module for name, module in sys.modules.items() if module is None}
        import analysis, analysis.build, analysis.charts, analysis.reader_tables, analysis.views
        after = {"renderer": alt.renderers.active, "theme": alt.theme.active}
        stubbed = sorted(name for name, module in sys.modules.items() if module is None and name not in modules)
        print(json.dumps({"before": before, "after": after, "stubbed": stubbed}))
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    shown = json.loads(result.stdout)
    assert shown["after"] == shown["before"] == {"renderer": "default", "theme": "default"}
    assert shown["stubbed"] == []


def test_a_notebook_enabling_the_offline_renderer_gives_jupyterlab_a_vega5_spec():
    """In a fresh interpreter, as in a kernel: the notebooks' one set-up call is all JupyterLab needs to draw
    offline."""
    script = textwrap.dedent(f"""
        import json
        import altair as alt
        from analysis import charts, rendering, views
        from analysis.dataset import load
        rendering.enable_offline_renderer()
        chart = charts.attack_counts_chart(views.attack_counts(load({str(FIXTURE_DATA)!r}), freq="year"))
        bundle = chart._repr_mimebundle_()
        bundle = bundle[0] if isinstance(bundle, tuple) else bundle
        print(json.dumps({{"renderer": alt.renderers.active, "mimetypes": sorted(bundle),
                          "schema": bundle.get({rendering.VEGA_MIMETYPE!r}, {{}}).get("$schema", ""),
                          "text": bundle.get("text/plain")}}))
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    shown = json.loads(result.stdout)
    assert shown["renderer"] == "offline"
    assert shown["mimetypes"] == sorted(
        [rendering.VEGA_MIMETYPE, "text/plain"]
    )  # no HTML that would fetch Vega from a CDN
    assert shown["schema"].endswith("/vega/v5.json")
    assert shown["text"] == "<chart: Incidents per year, by perpetrator>"


def test_every_chart_carries_the_shared_look_itself():
    """The look (style.yaml config) travels with each chart, not through Altair's global theme."""
    spec = charts.attack_counts_chart(views.attack_counts(load(FIXTURE_DATA), freq="year")).to_dict()
    assert spec["config"]["legend"]["orient"] == charts.STYLE["config"]["legend"]["orient"] == "bottom"
    assert spec["config"]["view"]["continuousWidth"] == charts.WIDTH


def test_vega_bundle_needs_no_network():
    bundle = rendering.vega_javascript()
    assert "vegaEmbed" in bundle and len(bundle) > 100_000
    assert "cdn.jsdelivr" not in bundle


def test_a_builder_bundles_vega_once_per_vl_convert_version(tmp_path):
    bundle = rendering.vega_javascript(tmp_path)
    [cached] = tmp_path.glob("vega-bundle-vl-convert-*.js")
    assert cached.read_text(encoding="utf-8") == bundle == rendering.vega_javascript()
    cached.write_text("// kept from an earlier build", encoding="utf-8")
    rendering.vega_javascript.cache_clear()  # as in a new process
    assert rendering.vega_javascript(tmp_path) == "// kept from an earlier build"


def test_narrative_is_generated_from_the_numbers(ds):
    text = narrative.attack_counts_text(views.attack_counts(ds, freq="year"))
    assert text.startswith(
        "6 incidents (coded) can be placed in a single year (2023 to 2024); the busiest year is 2024 with 4."
    )
    assert "United Nations reports 224 attacks (RF01) by Islamic State Khorasan Province" in text


def test_narrative_markdown_shows_markup_as_text():
    shown = narrative.as_markdown('<script>alert(1)</script> & <img src=x onerror="alert(2)">').data
    assert "<script>" not in shown and "<img" not in shown
    assert html.unescape(shown) == '<script>alert(1)</script> & <img src=x onerror="alert(2)">'


def test_the_province_map_embeds_its_shapes_once_and_draws_offline(ds):
    result = views.province_totals(ds)
    spec = charts.province_map(result).to_dict(validate=True)
    text = json.dumps(spec)
    assert text.count("Topology") == 1 and '"url"' not in text  # the shapes are inline, once: nothing to fetch
    [shapes] = [spec["datasets"][spec["data"]["name"]]]
    assert spec["data"]["format"] == {"type": "topojson", "feature": "AFG-ADM1-12653393"}
    assert json.loads(shapes)["type"] == "Topology"
    [table] = [rows for rows in spec["datasets"].values() if isinstance(rows, list)]
    assert set(table[0]) == {"province", "incidents", "killed", "incident_ids"}  # what the tooltip shows, no more
    assert len(text) - len(json.dumps(shapes)) < 8_000  # all but the shapes (5.4 KB); their second copy would add 28 KB
    by_province = {row["province"]: row for row in table}
    assert list(by_province) == list(result.totals["province"]) and len(by_province) == 34
    assert (
        by_province["Kabul"]["incidents"],
        by_province["Kabul"]["killed"],
        by_province["Kabul"]["incident_ids"],
    ) == (2, "21, 21, no upper bound", "IN03, IN07")
    assert (by_province["Kandahar"]["killed"], by_province["Herat"]["killed"]) == (
        "0, not known, no upper bound",
        "0, 0, 0",
    )


def test_every_province_is_drawn_once_and_none_counted_is_its_own_pale_colour(ds):
    """The SVG's shapes, read back: each of the 34 provinces, filled by its count (0 included), with its tooltip."""
    result = views.province_totals(ds)
    svg = drawn(charts.province_map(result))
    shapes = [path for path in svg.iter(f"{SVG}path") if path.get("aria-roledescription") == "geoshape"]
    fill_of = {re.search(r"province: ([^;]+);", path.get("aria-label")).group(1): path.get("fill") for path in shapes}
    assert len(shapes) == len(fill_of) == 34 and set(fill_of) == set(result.totals["province"])
    counted = set(result.totals.loc[result.totals["incidents"] > 0, "province"])
    assert counted == {"Badakhshan", "Balkh", "Kabul", "Kandahar"}
    assert {province for province, fill in fill_of.items() if fill == charts.MAP["no_incident"]} == set(
        fill_of
    ) - counted
    assert len({fill_of[p] for p in counted}) == 2 and charts.MAP["no_incident"] not in {
        fill_of[p] for p in counted
    }  # 1 and 2
    kabul = next(path.get("aria-label") for path in shapes if "province: Kabul;" in path.get("aria-label"))
    assert {
        "incidents: 2",
        "killed (low, best, high): 21, 21, no upper bound",
        "coded from articles: IN03, IN07",
    } <= set(kabul.split("; "))
    assert texts(svg, "legend-label")[:3] == ["no incident counted", "1", "2"]  # whole numbers only


def test_a_map_with_nothing_counted_explains_no_colour_scale(ds):
    svg = drawn(charts.province_map(views.province_totals(ds, start="2030-01-01")))
    assert texts(svg, "legend-label") == ["no incident counted"]  # was a gradient labelled 'NaN'


def test_the_map_says_what_it_cannot_show_and_whose_shapes_it_draws(ds):
    subtitle = charts.province_map(views.province_totals(ds)).title.subtitle
    assert (
        subtitle[1]
        == "Not on the map: 3 incidents (outside Afghanistan: 2, province not stated: 1); the table lists them."
    )
    assert subtitle[2] == "Boundaries: geoBoundaries gbOpen (wmgeolab), Public Domain; source Wikimedia, 2007"
    in_window = charts.province_map(
        views.province_totals(ds, start="2023-01-01", end="2023-12-31", perpetrators="ISKP")
    )
    assert (
        in_window.title.subtitle[1]
        == "Not on the map: 1 incident (its date range reaches outside the window: 1); the table lists them."
    )


def test_the_shipped_boundaries_join_every_province_once(ds):
    provinces = list(ds.dictionary.vocabularies["province"])
    boundaries = read_boundaries(provinces)
    shapes = boundaries.topology["objects"][boundaries.feature]["geometries"]
    assert sorted(shape["properties"]["province"] for shape in shapes) == sorted(provinces)
    assert list(boundaries.topology["objects"]) == ["AFG-ADM1-12653393"]


@pytest.fixture
def boundaries_copy(tmp_path):
    """A scratch copy of seeds/boundaries, to break on purpose."""
    return shutil.copytree(BOUNDARIES_DIR, tmp_path / "boundaries")


@pytest.mark.parametrize(
    "old, new, expected",
    [
        (
            "Ghanzi,Ghazni",
            "Ghanzi,Ghazny",
            [
                (10, "province", "'Ghazny' is not a province of the data dictionary; did you mean 'Ghazni'?"),
                (
                    None,
                    "province",
                    "the dictionary's province 'Ghazni' has no shape: add a row naming the shapeName that draws it",
                ),
            ],
        ),
        (
            "Ghanzi,Ghazni",
            "Ghazni,Ghazni",
            [
                (
                    10,
                    "boundary_name",
                    "'Ghazni' is the shapeName of no shape in geoBoundaries-AFG-ADM1_simplified.topojson; did you mean "
                    "'Ghanzi'?",
                ),
                (
                    None,
                    "boundary_name",
                    "the shape 'Ghanzi' of geoBoundaries-AFG-ADM1_simplified.topojson has no row: add one naming its "
                    "province",
                ),
            ],
        ),
        (
            "Kabul,Kabul\n",
            "Kabul,Kabul\nKabul,Kabul\n",
            [
                (16, "boundary_name", "'Kabul' is mapped already on line 15"),
                (16, "province", "'Kabul' has a shape already on line 15"),
            ],
        ),
    ],
)
def test_an_unmatched_boundary_name_is_an_error_naming_file_and_line(ds, boundaries_copy, old, new, expected):
    edit(boundaries_copy / CROSSWALK_FILE, old, new)
    with pytest.raises(DataError) as raised:
        read_boundaries(ds.dictionary.vocabularies["province"], boundaries_copy)
    assert [(p.file, p.line, p.column, p.message) for p in raised.value.problems] == [
        (str(boundaries_copy / CROSSWALK_FILE), *problem)
        for problem in sorted(expected, key=lambda p: (p[0] or 0, p[1], p[2]))
    ]


def test_a_province_without_a_shape_stops_the_map_rather_than_leave_it_grey(ds):
    result = views.province_totals(ds)
    extra = views.ProvinceTotals(
        pd.concat([result.totals, result.totals.tail(1).replace("Zabul", "Kabul City")]), result.off_map
    )
    with pytest.raises(
        DataError,
        match="seeds/boundaries/province_crosswalk.csv: column 'province': "
        "the dictionary's province 'Kabul City' has no shape",
    ):
        charts.province_map(extra)


def test_the_accusation_matrix_counts_statements_per_speaker_and_target(ds):
    chart = charts.accusation_matrix(views.statement_flows(ds))
    [cells] = chart.to_dict(validate=True)["datasets"].values()
    cell = {(row["speaker"], row["target"]): row for row in cells}
    mixed = cell[("Taliban", "United States")]
    assert (mixed["statements"], mixed["kind"], mixed["ink"]) == (6, charts.SEVERAL_KINDS, "black")
    assert mixed["by_kind"] == "accusation 3 (ST10, ST14, ST17); appeal 1 (ST18); denial 1 (ST15); rejection 1 (ST11)"
    assert mixed["statement_ids"] == "ST10, ST11, ST14, ST15, ST17, ST18"
    assert (cell[("United Nations", "Taliban")]["kind"], cell[("United Nations", "Taliban")]["ink"]) == (
        "claim",
        "white",
    )
    assert (
        cell[("US Department of State", "Islamic State Khorasan Province")]["kind"],
        cell[("US Department of State", "Islamic State Khorasan Province")]["ink"],
    ) == ("warning", "black")
    assert sum(row["statements"] for row in cells) == views.statement_flows(ds).edges["statements"].sum()
    layers = chart.to_dict()["layer"]
    assert [layer["mark"]["type"] for layer in layers] == ["rect", "text"]
    assert layers[0]["encoding"]["color"]["scale"]["range"] == [
        *charts.KIND_COLOURS.values(),
        charts.MATRIX["several_kinds"],
    ]
    assert (layers[0]["encoding"]["y"]["sort"][0], layers[0]["encoding"]["x"]["sort"][0]) == (
        "Taliban",
        "Islamic State Khorasan Province",
    )


@pytest.mark.parametrize(
    "largest, expected", [(2, ["0", "1", "2"]), (1, ["0", "1"]), (5, ["0", "1", "2", "3", "4", "5"])]
)
def test_count_axes_label_each_whole_number_once(largest, expected):
    """Small counts: Vega would tick at halves and round them to 0, 1, 1, 2, 2 without the capped tick count."""
    table = pd.DataFrame({"period": ["a", "b"], "n": [largest, 1]})
    chart = (
        alt.Chart(table)
        .mark_bar()
        .encode(x="period:N", y=alt.Y("n:Q", axis=charts._count_axis(largest)))
        .properties(height=300)
    )
    labels = re.findall(r">(-?[0-9.]+)</text>", vlc.vegalite_to_svg(chart.to_dict()))
    assert labels == expected
