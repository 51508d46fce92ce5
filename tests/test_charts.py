"""Charts: valid Vega-Lite, compiled to Vega 5 for offline display, and bounded by their marks."""

import html
import json
import shutil
import subprocess
import sys
import textwrap

import altair as alt
import pytest

from analysis import DataError, charts, narrative, rendering, views
from analysis.base import BOUNDARIES_DIR
from analysis.boundaries import CROSSWALK_FILE, read_boundaries
from conftest import FIXTURE_DATA, edit
from tiny import make_dataset


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    incidents = [dict(incident_id=f"I{n}", date_start=f"{2018 + n % 7}-0{1 + n % 9}-01", date_end=f"{2018 + n % 7}-0{1 + n % 9}-01",
                      perpetrator=("iskp", "taliban", "islamic_state")[n % 3], province=("Kabul", "Balkh")[n % 2],
                      killed_low=str(n % 4), killed_best=str(n % 4)) for n in range(300)]
    return make_dataset(tmp_path_factory.mktemp("charts"), incidents=incidents)


def all_charts(ds):
    attacks = views.attack_counts(ds, freq="year")
    killings, _ = views.official_killings(ds)
    flows = views.accusation_flows(ds)
    return {
        "attacks": (charts.attack_counts_chart(attacks), len(attacks.counts) + attacks.unplaced["group"].nunique()),
        "reported": (charts.reported_vs_coded_chart(attacks.reported), len(attacks.reported)),
        "killings": (charts.official_killings_chart(killings), len(killings)),
        "flows": (charts.accusation_flows_chart(flows), len(flows.edges)),
        "threads": (charts.threads_chart(flows.threads), len(flows.threads)),
    }


@pytest.mark.parametrize("name", ["attacks", "reported", "killings", "flows", "threads"])
def test_charts_are_valid_and_carry_one_row_per_mark(ds, tiny, name):
    for dataset in (ds, tiny):
        chart, marks = all_charts(dataset)[name]
        assert isinstance(chart, alt.TopLevelMixin)
        spec = chart.to_dict(validate=True)  # raises on any Vega-Lite schema violation
        rows = [len(values) for values in spec.get("datasets", {}).values()]
        assert rows and max(rows) == marks
        assert all(enc.get("type") or "field" not in enc for layer in spec.get("layer", [spec])
                   for channel, enc in layer.get("encoding", {}).items()
                   if isinstance(enc, dict) and not channel.endswith("2"))  # x2/y2 take their type from x/y


def test_300_incidents_make_a_chart_of_21_bars(tiny):
    chart, marks = all_charts(tiny)["attacks"]
    assert marks == 7 * 3  # seven years x three perpetrators, whatever the number of incidents


def test_importing_charts_is_enough_for_jupyterlab_to_get_a_vega5_spec():
    """In a fresh interpreter, as in a kernel: nothing but `from analysis import charts` switches the renderer."""
    script = textwrap.dedent(f"""
        import json
        import altair as alt
        from analysis import charts, views
        from analysis.dataset import load
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
    assert shown["mimetypes"] == sorted([rendering.VEGA_MIMETYPE, "text/plain"])  # no HTML that would fetch Vega from a CDN
    assert shown["schema"].endswith("/vega/v5.json")
    assert shown["text"] == "<chart: Incidents per year, by perpetrator>"


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
    assert text.startswith("6 incidents (coded) can be placed in a single year (2023 to 2024); the busiest year is 2024 with 4.")
    assert "United Nations reports 224 attacks by Islamic State Khorasan Province" in text


def test_narrative_markdown_shows_markup_as_text():
    shown = narrative.as_markdown('<script>alert(1)</script> & <img src=x onerror="alert(2)">').data
    assert "<script>" not in shown and "<img" not in shown
    assert html.unescape(shown) == '<script>alert(1)</script> & <img src=x onerror="alert(2)">'


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


@pytest.mark.parametrize("old, new, expected", [
    ("Ghanzi,Ghazni", "Ghanzi,Ghazny", [(10, "province", "'Ghazny' is not a province of the data dictionary; did you mean 'Ghazni'?"),
                                        (None, "province", "the dictionary's province 'Ghazni' has no shape: add a row naming the shapeName that draws it")]),
    ("Ghanzi,Ghazni", "Ghazni,Ghazni", [(10, "boundary_name", "'Ghazni' is the shapeName of no shape in geoBoundaries-AFG-ADM1_simplified.topojson; did you mean 'Ghanzi'?"),
                                        (None, "boundary_name", "the shape 'Ghanzi' of geoBoundaries-AFG-ADM1_simplified.topojson has no row: add one naming its province")]),
    ("Kabul,Kabul\n", "Kabul,Kabul\nKabul,Kabul\n", [(16, "boundary_name", "'Kabul' is mapped already on line 15"),
                                                    (16, "province", "'Kabul' has a shape already on line 15")]),
])
def test_an_unmatched_boundary_name_is_an_error_naming_file_and_line(ds, boundaries_copy, old, new, expected):
    edit(boundaries_copy / CROSSWALK_FILE, old, new)
    with pytest.raises(DataError) as raised:
        read_boundaries(ds.dictionary.vocabularies["province"], boundaries_copy)
    assert [(p.file, p.line, p.column, p.message) for p in raised.value.problems] == [
        (str(boundaries_copy / CROSSWALK_FILE), *problem) for problem in sorted(expected, key=lambda p: (p[0] or 0, p[1], p[2]))]
