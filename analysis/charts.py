"""Altair chart builders. Each takes a view's small, pre-aggregated table and returns an alt.Chart.

Charts never see raw incidents: the data they embed is bounded by the number of marks, so a million
events make the same size of chart as ten (the province map adds its shapes, 28 KB, once). Field types
are always explicit.
"""

from __future__ import annotations

import json

import altair as alt
import pandas as pd

from .boundaries import Boundaries, read_boundaries
from .paths import CODED
from .ranges import toll_text
from .rendering import style
from .views import THREAD_COLUMNS, AttackCounts, Flows, ProvinceTotals

STYLE = style()
KIND_COLOURS: dict[str, str] = STYLE["kind_colours"]
STANCE_COLOURS: dict[str, str] = STYLE["stance_colours"]
WIDTH = STYLE["width"]
TIME_AXIS = STYLE["time_axis"]
MAP = STYLE["map"]
MATRIX = STYLE["matrix"]
SPANS_LABEL = "spans several periods"
SEVERAL_KINDS = "several kinds"


def _count_axis(largest) -> alt.Axis:
    """Whole-number ticks for a count axis. Vega's tickMinStep alone still labels 0, 1, 1, 2, 2 on a domain of 0-2
    (ticks at halves, rounded by the format), so the tick count is capped by the largest count as well."""
    largest = 0 if pd.isna(largest) else int(largest)
    return alt.Axis(tickMinStep=1, format="d", tickCount=max(1, min(largest, STYLE["count_ticks"])))


def _captioned(chart, name: str, **values):
    """The finished chart: its caption (style.yaml captions) in usermeta, which the report page prints under it,
    and the look every chart shares (style.yaml config), carried by the chart itself rather than set as Altair's
    global theme, so importing this module changes nothing for other charts."""
    return chart.properties(usermeta={"caption": STYLE["captions"][name].format(**values)}).configure(**STYLE["config"])


def _dates_to_text(table: pd.DataFrame) -> pd.DataFrame:
    """ISO date strings, so specs do not depend on the kernel's time zone."""
    table = table.copy()
    for column in table.columns:
        if pd.api.types.is_datetime64_any_dtype(table[column]):
            table[column] = table[column].dt.strftime("%Y-%m-%d")
    return table


def _date_bars(table: pd.DataFrame) -> tuple[pd.DataFrame, alt.X]:
    """Bars over inclusive date ranges: each reaches the end of its last possible day (bar_end = date_end + 1 day),
    and a time line of a few days gets a tick a day, where Vega would label half days."""
    table = table.assign(bar_end=pd.to_datetime(table["date_end"]) + pd.Timedelta(days=1))
    days = (table["bar_end"].max() - pd.to_datetime(table["date_start"]).min()).days if len(table) else 0
    ticks = {"interval": "day", "step": 1} if days <= 2 * TIME_AXIS["tick_count"] else TIME_AXIS["tick_count"]
    return table, alt.X("date_start:T", title="date", axis=alt.Axis(format=TIME_AXIS["format"], tickCount=ticks))


def attack_counts_chart(result: AttackCounts) -> alt.Chart:
    """Incidents per period, stacked by group; incidents too vaguely dated for one period get their own bar."""
    placed = result.counts.assign(placement="in one period")
    unplaced = result.spanning.assign(
        coded_id=result.spanning["incident_id"].where(result.spanning["dataset"] == CODED, "")
    )
    spans = (
        unplaced.groupby("group")
        .agg(incidents=("incident_id", "size"), incident_ids=("coded_id", lambda ids: ", ".join(i for i in ids if i)))
        .reset_index()
        .assign(period=SPANS_LABEL, placement=SPANS_LABEL)
    )
    table = _dates_to_text(pd.concat([placed, spans], ignore_index=True))
    order = list(placed.sort_values("period_start")["period"].drop_duplicates()) + ([SPANS_LABEL] if len(spans) else [])
    tooltip = [
        alt.Tooltip("period:N", title="period"),
        alt.Tooltip("group:N", title=result.by.replace("_", " ")),
        alt.Tooltip("incidents:Q", title="incidents"),
        alt.Tooltip("seen_in:N", title="seen in"),
        alt.Tooltip("in_several:Q", title="seen in several datasets, counted once"),
        alt.Tooltip("imported:Q", title="from imported datasets only"),
        alt.Tooltip("incident_ids:N", title="coded from articles"),
    ]
    if "killed_best" in table:
        tooltip += [
            alt.Tooltip(f"{c}:Q", title=c.replace("_", " "))
            for c in ("killed_low", "killed_best", "killed_high", "injured_low", "injured_best", "injured_high")
        ]
    chart = (
        alt.Chart(
            table,
            title=alt.Title(
                f"Incidents per {result.freq}, by {result.by.replace('_', ' ')}",
                subtitle=[f"Datasets: {', '.join(result.datasets)}; an event in several is counted once."]
                + (
                    ["The last bar, drawn paler, holds incidents whose date range is too wide for one period."]
                    if len(spans)
                    else []
                ),
            ),
        )
        .mark_bar()
        .encode(
            x=alt.X("period:N", sort=order, title=result.freq, axis=alt.Axis(labelAngle=0)),
            y=alt.Y(
                "incidents:Q", title="incidents", axis=_count_axis(table.groupby("period")["incidents"].sum().max())
            ),
            color=alt.Color("group:N", title=result.by.replace("_", " ")),
            opacity=alt.Opacity(
                "placement:N", scale=alt.Scale(domain=["in one period", SPANS_LABEL], range=[1.0, 0.45]), legend=None
            ),  # a legend would draw black and grey squares; the axis and subtitle say it
            tooltip=tooltip,
        )
        .properties(width=WIDTH)
    )
    return _captioned(chart, "attack_counts", freq=result.freq, datasets=", ".join(result.datasets))


def reported_vs_coded_chart(reported: pd.DataFrame) -> alt.HConcatChart:
    """Figures others report beside the incidents we coded for the same period and subject, each on its own scale.

    The two are not comparable one to one (a source counts every attack it knows of; we count the incidents
    in our datasets), and one axis would squash a handful of coded incidents against a figure of hundreds.
    Left: an exact figure is a square; "at least N" (dozens, several) a right-pointing triangle at N; a range
    a bar from low to high. Right: the diamond counts the incidents inside the period, the line reaches to
    those that may be. Both are labelled with their numbers.
    """
    table = _dates_to_text(
        reported.assign(
            label=reported["figure_id"] + " · " + reported["reporter"],
            reported_top=reported["reported_high"].fillna(reported["reported_low"]),
            reading=reported["reported_high"]
            .isna()
            .map({True: "at least (no upper bound)", False: "reported figure or range"}),
            reported_text=[
                toll_text(low, None, high) for low, high in zip(reported["reported_low"], reported["reported_high"])
            ],
            coded_text=[
                f"{inside}" if inside == possible else f"{inside} (up to {possible})"
                for inside, possible in zip(reported["coded_inside"], reported["coded_possible"])
            ],
        )
    )
    y = alt.Y("label:N", title=None, sort=None)
    tooltip = [
        alt.Tooltip("figure_id:N", title="figure"),
        alt.Tooltip("reporter:N", title="reported by"),
        alt.Tooltip("subject:N", title="about"),
        alt.Tooltip("period_start:N", title="period from"),
        alt.Tooltip("period_end:N", title="period to"),
        alt.Tooltip("reported_low:Q", title="reported (low)"),
        alt.Tooltip("reported:Q", title="reported (best)"),
        alt.Tooltip("reported_high:Q", title="reported (high)"),
        alt.Tooltip("coded_inside:Q", title="coded, inside period"),
        alt.Tooltip("coded_possible:Q", title="coded, possibly in period"),
        alt.Tooltip("source_ids:N", title="sources"),
    ]
    panel = alt.Chart(table).properties(width=WIDTH // 2, height=alt.Step(STYLE["labelled_row_height"]))
    shapes = alt.Scale(
        domain=["reported figure or range", "at least (no upper bound)"], range=["square", "triangle-right"]
    )
    reported_x = alt.X("reported_low:Q", title="reported by the source", axis=_count_axis(table["reported_top"].max()))
    reported_panel = alt.layer(
        panel.mark_rule(strokeWidth=6, color="#9ecae1").encode(y=y, x=reported_x, x2="reported_top:Q", tooltip=tooltip),
        panel.mark_point(size=220, filled=True, color="#3182bd", strokeWidth=4).encode(
            y=y, x=reported_x, shape=alt.Shape("reading:N", title="reported", scale=shapes), tooltip=tooltip
        ),
        panel.mark_text(align="left", dx=10, dy=-10).encode(y=y, x="reported_top:Q", text="reported_text:N"),
    )
    coded_x = alt.X(
        "coded_inside:Q",
        title="coded here (diamond: inside the period)",
        axis=_count_axis(table["coded_possible"].max()),
    )
    same_rows = alt.Y("label:N", sort=None, axis=None)  # the left panel names them
    coded_panel = alt.layer(
        panel.mark_rule(strokeWidth=2, color="#D55E00").encode(
            y=same_rows, x=coded_x, x2="coded_possible:Q", tooltip=tooltip
        ),
        panel.mark_point(shape="diamond", size=140, filled=True, color="#D55E00").encode(
            y=same_rows, x=coded_x, tooltip=tooltip
        ),
        panel.mark_text(align="left", dx=10, dy=-10).encode(y=same_rows, x="coded_possible:Q", text="coded_text:N"),
    )
    return _captioned(
        alt.hconcat(
            reported_panel,
            coded_panel,
            spacing=24,
            title=alt.Title(
                "Reported figures beside coded incidents",
                subtitle=[
                    "Left: what the source reports for its period. Right: the incidents counted here for that period.",
                    "Each on its own scale: a source counts every attack it knows of, so the two are not comparable "
                    "one to one.",
                ],
            ),
        ),
        "reported_vs_coded",
    )


def official_killings_chart(killings: pd.DataFrame) -> alt.Chart:
    """Each official killed, as a bar over the date range the sources allow."""
    table, x = _date_bars(killings.assign(label=killings["position"] + " (" + killings["official"] + ")"))
    table = _dates_to_text(table)
    tooltip = [
        alt.Tooltip(f"{c}:N", title=c.replace("_", " "))
        for c in (
            "official",
            "position",
            "province",
            "date_start",
            "date_end",
            "date_precision",
            "perpetrator",
            "incident_id",
            "source_ids",
        )
    ]
    base = alt.Chart(table, title=alt.Title("Officials killed", subtitle="Each bar spans the dates the sources allow."))
    bars = base.mark_bar(height=16, cornerRadius=3).encode(
        x=x,
        x2="bar_end:T",
        y=alt.Y("label:N", title=None, sort=alt.EncodingSortField("date_start")),
        color=alt.Color("perpetrator:N", title="perpetrator"),
        tooltip=tooltip,
    )
    return _captioned(bars.properties(width=WIDTH), "official_killings")


def accusation_flows_chart(flows: Flows) -> alt.Chart:
    """Speaker -> target pairs, with how many statements of each kind flow along them."""
    table = flows.edges.assign(pair=flows.edges["speaker"] + " → " + flows.edges["target"])
    order = list(table.groupby("pair")["statements"].sum().sort_values(ascending=False).index)
    chart = (
        alt.Chart(
            table, title=alt.Title("Who says what about whom", subtitle="Statements per speaker → target pair, by kind")
        )
        .mark_bar()
        .encode(
            y=alt.Y("pair:N", title=None, sort=order),
            x=alt.X(
                "statements:Q", title="statements", axis=_count_axis(table.groupby("pair")["statements"].sum().max())
            ),
            color=alt.Color(
                "kind:N", title="kind", scale=alt.Scale(domain=list(KIND_COLOURS), range=list(KIND_COLOURS.values()))
            ),
            tooltip=[
                alt.Tooltip("speaker:N", title="speaker"),
                alt.Tooltip("target:N", title="target"),
                alt.Tooltip("kind:N", title="kind"),
                alt.Tooltip("statements:Q", title="statements"),
                alt.Tooltip("coded:Q", title="coded from articles"),
                alt.Tooltip("machine_coded:Q", title="machine-coded (unverified)"),
                alt.Tooltip("statement_ids:N", title="statement ids"),
                alt.Tooltip("summaries:N", title="what was said"),
            ],
        )
        .properties(width=WIDTH)
    )
    return _captioned(chart, "accusation_flows")


def statement_volume_chart(volume: pd.DataFrame, pairs: int | None = None) -> alt.Chart:
    """Statements per period along the busiest speaker -> target pairs, coded and machine-coded apart.

    volume is views.statement_volume (already aggregated: the chart's size does not grow with the rows imported).
    """
    pairs = pairs or STYLE["volume_pairs"]
    table = volume.assign(pair=volume["speaker"].astype(str) + " → " + volume["target"].astype(str))
    busiest = list(table.groupby("pair")["statements"].sum().sort_values(ascending=False, kind="stable").index[:pairs])
    periods = [str(label) for label in volume["label"].cat.categories]  # every period, those with nothing too
    table = table.loc[table["pair"].isin(busiest), ["label", "pair", "kind", "source", "statements"]]  # what is drawn
    table["label"] = table["label"].astype(str)
    chart = (
        alt.Chart(
            table,
            title=alt.Title(
                "Statement traffic over time",
                subtitle=f"Statements per period on the {len(busiest)} busiest speaker → target pairs, by kind",
            ),
        )
        .mark_bar()
        .encode(
            x=alt.X(
                "label:O", title=None, sort=periods, scale=alt.Scale(domain=periods), axis=alt.Axis(labelAngle=-45)
            ),
            y=alt.Y("sum(statements):Q", title="statements", axis=_count_axis(table["statements"].max())),
            color=alt.Color(
                "kind:N", title="kind", scale=alt.Scale(domain=list(KIND_COLOURS), range=list(KIND_COLOURS.values()))
            ),
            opacity=alt.Opacity(
                "source:N",
                title="source",
                scale=alt.Scale(domain=["coded from articles", "machine-coded"], range=[1.0, 0.45]),
            ),
            row=alt.Row("pair:N", title=None, sort=busiest, header=alt.Header(labelAngle=0, labelAlign="left")),
            tooltip=[
                alt.Tooltip("label:O", title="period"),
                alt.Tooltip("pair:N", title="speaker → target"),
                alt.Tooltip("kind:N", title="kind"),
                alt.Tooltip("source:N", title="source"),
                alt.Tooltip("statements:Q", title="statements"),
            ],
        )
        .properties(width=WIDTH, height=60)
    )
    return _captioned(chart, "statement_volume", pairs=len(busiest))


def attributions_chart(stances: pd.DataFrame) -> alt.Chart:
    """Incidents by attributing actor and stance (views.stance_counts): who claimed, blamed or denied how many.

    With nothing on record it says so in words rather than draw an empty axis."""
    if stances.empty:
        note = pd.DataFrame({"text": [STYLE["empty"]["attributions"]]})
        chart = (
            alt.Chart(note, title="Who is said to be behind the attacks")
            .mark_text(align="left", x=0)
            .encode(text="text:N")
        )
        return _captioned(chart.properties(width=WIDTH, height=30), "attributions")
    chart = (
        alt.Chart(
            stances,
            title=alt.Title(
                "Who is said to be behind the attacks",
                subtitle="Incidents each actor claimed, blamed on someone, or denied",
            ),
        )
        .mark_bar()
        .encode(
            y=alt.Y("actor:N", title=None, sort="-x"),
            x=alt.X("incidents:Q", title="incidents", axis=_count_axis(stances["incidents"].max())),
            color=alt.Color(
                "stance:N",
                title="stance",
                scale=alt.Scale(domain=list(STANCE_COLOURS), range=list(STANCE_COLOURS.values())),
            ),
            tooltip=[
                alt.Tooltip("actor:N", title="said by"),
                alt.Tooltip("stance:N", title="stance"),
                alt.Tooltip("incidents:Q", title="incidents"),
                alt.Tooltip("incident_ids:N", title="incident ids"),
            ],
        )
        .properties(width=WIDTH)
    )
    return _captioned(chart, "attributions")


def threads_chart(threads: pd.DataFrame) -> alt.Chart:
    """Claim -> rejection -> counter-claim threads on a time line: one row per statement, bars = date ranges."""
    table, x = _date_bars(
        threads.assign(
            label=threads["depth"]
            .map(lambda depth: "\u2003" * depth + ("↳ " if depth else ""))
            .astype("string")  # typed even when empty
            + threads["statement_id"]
            + " "
            + threads["speaker"]
            + ": "
            + threads["kind"],
            date_start=threads["date_start"].fillna(threads["date_end"]),
        )
    )
    table = _dates_to_text(table)
    tooltip = [
        alt.Tooltip(f"{c}:N", title=c.replace("_", " "))
        for c in THREAD_COLUMNS
        if c not in ("thread", "depth", "speaker_actor")
    ]
    chart = (
        alt.Chart(
            table,
            title=alt.Title(
                "Exchanges: statements and the replies they drew",
                subtitle="Each thread starts with a statement; replies (↳) follow it. Bars span the possible dates.",
            ),
        )
        .mark_bar(height=12, cornerRadius=2)
        .encode(
            x=x,
            x2="bar_end:T",
            y=alt.Y("label:N", title=None, sort=None),
            color=alt.Color(
                "kind:N", title="kind", scale=alt.Scale(domain=list(KIND_COLOURS), range=list(KIND_COLOURS.values()))
            ),
            tooltip=tooltip,
        )
        .properties(width=WIDTH)
    )
    return _captioned(chart, "threads")


def accusation_matrix(flows: Flows) -> alt.LayerChart:
    """Who says what about whom as a matrix: a row per speaker, a column per target, each cell counting their
    statements.

    A cell is coloured by its statements' kind. One colour cannot show a mix, so a cell holding several kinds takes the
    neutral 'several kinds' colour: its number still counts every statement, and its tooltip lists each kind with its
    count and statement ids (accusation_flows_chart stacks the mix as bars)."""
    edges = flows.edges.assign(
        detail=flows.edges["kind"]
        + " "
        + flows.edges["statements"].astype(str)
        + " ("
        + flows.edges["statement_ids"]
        + ")"
    )
    cells = (
        edges.sort_values(["statements", "kind"], ascending=[False, True])
        .groupby(["speaker", "target"], sort=False)
        .agg(
            statements=("statements", "sum"),
            kinds=("kind", list),
            by_kind=("detail", "; ".join),
            statement_ids=("statement_ids", lambda ids: ", ".join(sorted(", ".join(ids).split(", ")))),
        )
        .reset_index()
    )
    cells["kind"] = [kinds[0] if len(kinds) == 1 else SEVERAL_KINDS for kinds in cells.pop("kinds")]
    colours = {**KIND_COLOURS, SEVERAL_KINDS: MATRIX["several_kinds"]}
    cells["ink"] = cells["kind"].map({kind: _readable_on(colour) for kind, colour in colours.items()})
    busiest = {
        side: list(cells.groupby(side)["statements"].sum().sort_values(ascending=False, kind="stable").index)
        for side in ("speaker", "target")
    }
    base = alt.Chart(cells).encode(
        x=alt.X(
            "target:N", title="about (target)", sort=busiest["target"], axis=alt.Axis(orient="top", labelAngle=-40)
        ),
        y=alt.Y("speaker:N", title="said by (speaker)", sort=busiest["speaker"]),
        tooltip=[
            alt.Tooltip("speaker:N", title="speaker"),
            alt.Tooltip("target:N", title="target"),
            alt.Tooltip("statements:Q", title="statements"),
            alt.Tooltip("by_kind:N", title="by kind"),
            alt.Tooltip("statement_ids:N", title="statement ids"),
        ],
    )
    return _captioned(
        alt.layer(
            base.mark_rect(stroke="white", strokeWidth=2).encode(
                color=alt.Color(
                    "kind:N", title="kind", scale=alt.Scale(domain=list(colours), range=list(colours.values()))
                )
            ),
            base.mark_text(fontSize=13, fontWeight="bold").encode(
                text=alt.Text("statements:Q"), fill=alt.Fill("ink:N", scale=None)
            ),
        ).properties(
            width=alt.Step(MATRIX["cell_width"]),
            height=alt.Step(MATRIX["cell_height"]),
            title=alt.Title(
                "Who says what about whom: speakers and targets",
                subtitle=[
                    "Statements per speaker and target; the colour is their kind, grey where a cell holds several "
                    "kinds.",
                    "The tooltip lists each kind's statements.",
                ],
            ),
        ),
        "accusation_matrix",
    )


def _readable_on(colour: str) -> str:
    """Black or white, whichever contrasts more with the colour (WCAG relative luminance)."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "black" if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) else "white"


def province_map(result: ProvinceTotals, boundaries: Boundaries | None = None) -> alt.LayerChart:
    """Incidents per province as a choropleth; the shapes travel inside the spec (once), so it draws with no network.

    A province where nothing was counted has its own pale colour: 0 is a count, not a gap. The subtitle
    says how many incidents the map cannot show and why. boundaries: default the shipped ones, read and
    checked against the provinces the totals list (analysis.boundaries).
    """
    boundaries = boundaries or read_boundaries(result.totals["province"])
    table = result.totals.assign(
        killed=[
            _killed_text(low, best, high)
            for low, best, high in zip(
                result.totals["killed_low"], result.totals["killed_best"], result.totals["killed_high"]
            )
        ]
    )
    fields = ["incidents", "killed", "incident_ids"]
    tooltip = [
        alt.Tooltip("properties.province:N", title="province"),
        alt.Tooltip("incidents:Q", title="incidents"),
        alt.Tooltip("killed:N", title="killed (low, best, high)"),
        alt.Tooltip("incident_ids:N", title="coded from articles"),
    ]
    none = (
        alt.Chart()
        .mark_geoshape(stroke=MAP["stroke"])
        .transform_filter("datum.incidents == 0")
        .encode(
            fill=alt.Fill(
                "no_incident:N",
                title=None,
                scale=alt.Scale(range=[MAP["no_incident"]]),
                legend=alt.Legend(symbolType="square"),
            ),
            tooltip=tooltip,
        )
        .transform_calculate(no_incident="'no incident counted'")
    )
    counted = (
        alt.Chart()
        .mark_geoshape(stroke=MAP["stroke"])
        .transform_filter("datum.incidents > 0")
        .encode(
            color=alt.Color(
                "incidents:Q",
                title="incidents",
                legend=_counts_legend(table["incidents"]),
                scale=alt.Scale(scheme=alt.SchemeParams(name=MAP["scheme"], extent=MAP["scheme_extent"]), zero=False),
            ),
            tooltip=tooltip,
        )
    )
    shapes = alt.InlineData(
        values=json.dumps(boundaries.topology, separators=(",", ":")),  # text: stays one line in a notebook
        format=alt.TopoDataFormat(type="topojson", feature=boundaries.feature),
    )
    return _captioned(
        alt.layer(none, counted, data=shapes)
        .transform_lookup(
            lookup="properties.province",
            from_=alt.LookupData(data=table[["province", *fields]], key="province", fields=fields),
        )
        .project("mercator")
        .properties(
            width=WIDTH,
            height=MAP["height"],
            title=alt.Title(
                "Incidents by province",
                subtitle=[
                    f"Incidents whose whole date range lies in the window; datasets: {', '.join(result.datasets)}; "
                    "an event in several is counted once.",
                    _off_map_text(result.off_map),
                    boundaries.attribution,
                ],
            ),
        ),
        "province_map",
        datasets=", ".join(result.datasets),
        off_map=len(result.off_map),
    )


def _counts_legend(counts: pd.Series) -> alt.Legend | None:
    """A colour legend of whole numbers (no '1, 2, 2, 3, 3'), or none when nothing was counted anywhere."""
    counted = counts[counts > 0]
    if counted.empty:
        return None
    return alt.Legend(format="d", tickCount=max(1, min(MAP["legend_ticks"], int(counted.max() - counted.min()))))


def _killed_text(low, best, high) -> str:
    """Killed as honest bounds: '1, 1, no upper bound' (a low is always known: at least 0)."""
    return f"{low}, {'not known' if pd.isna(best) else best}, {'no upper bound' if pd.isna(high) else high}"


def _off_map_text(off_map: pd.DataFrame) -> str:
    """How many incidents the map cannot show, and why: 'Not on the map: 3 incidents (outside Afghanistan: 2, ...)'."""
    if off_map.empty:
        return "Every incident in the window is on the map."
    reasons = off_map["reason"].value_counts(sort=True)
    counted = ", ".join(f"{reason}: {count}" for reason, count in reasons.items())
    incidents = f"{len(off_map)} incident{'s' if len(off_map) != 1 else ''}"
    return f"Not on the map: {incidents} ({counted}); the table lists them."
