"""Baseline for bench_build.py: every figure the reports in reports.yaml show, computed in one plain process.

Same views, same charts compiled to the same Vega specs, same sentences, same reader tables and evidence;
no kernels, no notebooks, no page.
"""

import sys
from pathlib import Path

import altair as alt

import analysis
from analysis import charts, narrative, reader_tables, rendering, views
from analysis.build.config import read_config


def figures(ds, notebook: str, p: dict) -> list:
    window = {"start": p.get("start", ""), "end": p.get("end", "")}
    if notebook == "attack_counts":
        result = views.attack_counts(
            ds,
            freq=p.get("freq", "year"),
            by=p.get("by", "perpetrator"),
            provinces=p.get("provinces"),
            perpetrators=p.get("perpetrators"),
            datasets=p.get("datasets", "coded"),
            **window,
        )
        by_province = views.province_totals(
            ds,
            datasets=p.get("datasets", "coded"),
            perpetrators=p.get("perpetrators"),
            provinces=p.get("provinces"),
            **window,
        )
        return [
            narrative.attack_counts_text(result),
            charts.attack_counts_chart(result),
            charts.reported_vs_coded_chart(result.reported),
            charts.province_map(by_province),
            reader_tables.off_the_map_table(ds, by_province),
            reader_tables.counts_table(ds, result),
            reader_tables.spanning_table(ds, result),
            reader_tables.attack_evidence(ds, result),
            reader_tables.sources_list(ds, result.datasets),
        ]
    if notebook == "official_killings":
        killings, partly = views.officials_killed_in_window(
            ds, provinces=p.get("provinces"), perpetrators=p.get("perpetrators"), **window
        )
        return [
            narrative.official_killings_text(killings, partly),
            charts.official_killings_chart(killings),
            reader_tables.killings_table(ds, killings, partly),
            reader_tables.killings_evidence(ds, killings, partly),
            reader_tables.sources_list(ds),
        ]
    if notebook == "accusation_flows":
        flows = views.statement_flows(ds, actors=p.get("actors"), kinds=p.get("kinds"), **window)
        return [
            narrative.flows_text(flows),
            charts.accusation_flows_chart(flows),
            charts.accusation_matrix(flows),
            charts.threads_chart(flows.threads),
            reader_tables.flows_table(ds, flows),
            reader_tables.flows_evidence(ds, flows),
            reader_tables.sources_list(ds),
        ]
    if notebook == "briefing":
        datasets = p.get("datasets", "coded")
        attacks = views.attack_counts(ds, freq="year", datasets=datasets, **window)
        killings, partly = views.officials_killed_in_window(ds, **window)
        flows = views.statement_flows(ds, **window)
        by_province = views.province_totals(ds, datasets=datasets, **window)
        return [
            narrative.attack_counts_text(attacks),
            narrative.linking_text(views.linking_counts(ds, datasets)),
            charts.attack_counts_chart(attacks),
            reader_tables.counts_table(ds, attacks),
            reader_tables.spanning_table(ds, attacks),
            charts.province_map(by_province),
            reader_tables.off_the_map_table(ds, by_province),
            narrative.official_killings_text(killings, partly),
            charts.official_killings_chart(killings),
            reader_tables.killings_table(ds, killings, partly),
            narrative.flows_text(flows),
            charts.accusation_flows_chart(flows),
            charts.accusation_matrix(flows),
            reader_tables.flows_table(ds, flows),
            narrative.corroboration_text(views.corroboration(ds)),
            reader_tables.single_source_table(ds),
            reader_tables.briefing_evidence(ds, attacks, killings, partly, flows),
            reader_tables.sources_list(ds, attacks.datasets),
        ]
    raise ValueError(f"no baseline for notebook {notebook!r}")


def main(config: str, data_dir: str = "") -> None:
    ds = analysis.load(data_dir or None)
    reports = read_config(Path(config), data_dir or None)  # a grid's reports each (dates stay text)
    specs = 0
    for report in reports:
        for item in figures(ds, report.notebook, report.parameters):
            if isinstance(item, alt.TopLevelMixin):
                rendering.to_vega(item)
                specs += 1
    print(f"{len(reports)} reports, {specs} charts computed")


if __name__ == "__main__":
    main(*sys.argv[1:])
