"""Baseline for bench_build.py: every figure the reports in reports.yaml show, computed in one plain process.

Same views, same charts compiled to the same Vega specs, same sentences; no kernels, no notebooks, no HTML.
"""

import sys
from pathlib import Path

import altair as alt
import yaml

import analysis
from analysis import charts, narrative, rendering, views


def figures(ds, notebook: str, p: dict) -> list:
    window = {"start": p.get("start", ""), "end": p.get("end", "")}
    if notebook == "attack_counts":
        result = views.attack_counts(ds, freq=p.get("freq", "year"), by=p.get("by", "perpetrator"), provinces=p.get("provinces"),
                                     perpetrators=p.get("perpetrators"), datasets=p.get("datasets", "coded"), **window)
        return [narrative.attack_counts_text(result), charts.attack_counts_chart(result), charts.reported_vs_coded_chart(result.reported),
                views.evidence_table(ds, result.incident_ids, result.datasets)]
    if notebook == "official_killings":
        killings, partly = views.official_killings(ds, provinces=p.get("provinces"), perpetrators=p.get("perpetrators"), **window)
        return [narrative.official_killings_text(killings, partly), charts.official_killings_chart(killings)]
    if notebook == "accusation_flows":
        flows = views.accusation_flows(ds, actors=p.get("actors"), kinds=p.get("kinds"), **window)
        return [narrative.flows_text(flows), charts.accusation_flows_chart(flows), charts.threads_chart(flows.threads),
                views.evidence_table(ds, flows.statement_ids)]
    if notebook == "briefing":
        attacks = views.attack_counts(ds, freq="year", datasets=p.get("datasets", "coded"), **window)
        killings, partly = views.official_killings(ds, **window)
        flows = views.accusation_flows(ds, **window)
        return [narrative.attack_counts_text(attacks), charts.attack_counts_chart(attacks), charts.official_killings_chart(killings),
                charts.accusation_flows_chart(flows), narrative.corroboration_text(views.corroboration(ds))]
    raise ValueError(f"no baseline for notebook {notebook!r}")


def main(config: str, data_dir: str = "") -> None:
    ds = analysis.load(data_dir or None)
    reports = yaml.safe_load(Path(config).read_text())["reports"]
    specs = 0
    for settings in reports.values():
        parameters = {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in (settings.get("parameters") or {}).items()}
        for item in figures(ds, settings["notebook"], parameters):
            if isinstance(item, alt.TopLevelMixin):
                rendering.to_vega(item)
                specs += 1
    print(f"{len(reports)} reports, {specs} charts computed")


if __name__ == "__main__":
    main(*sys.argv[1:])
