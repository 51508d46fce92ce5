"""Sentences generated from the views' numbers, so a notebook's interpretation never goes stale.

Text from the data (names, summaries) is HTML-escaped: it is shown as Markdown in notebooks and reports.
"""

from __future__ import annotations

import html
import re

import pandas as pd
from IPython.display import Markdown

from .rendering import anchor
from .views import STANCE_COLUMNS, AttackCounts, Flows


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {plural or word + 's'}"


def _date(value) -> str:
    return "an unknown date" if pd.isna(value) else pd.Timestamp(value).strftime("%-d %B %Y")


class Linked(str):
    """A sentence whose counts link to the rows behind them: `links` maps a phrase of it to an in-page anchor."""

    links: dict[str, str]

    def __new__(cls, text: str, links: dict[str, str]):
        sentence = super().__new__(cls, text)
        sentence.links = links
        return sentence


def as_markdown(text: str) -> Markdown:
    """Markdown for display, with any markup in the data shown as text; a Linked sentence's phrases become links."""
    escaped = html.escape(text, quote=False).replace("[", "\\[").replace("]", "\\]")
    for phrase, target in getattr(text, "links", {}).items():
        phrase = html.escape(phrase, quote=False).replace("[", "\\[").replace("]", "\\]")
        escaped = re.sub(
            rf"(?<!\w){re.escape(phrase)}(?!\w)", lambda _, link=f"[{phrase}](#{target})": link, escaped, count=1
        )
    return Markdown(escaped)


def attributions_text(table: pd.DataFrame) -> str:
    """How many incidents someone claimed, how many are contested and how many unclaimed (views.attributions)."""
    if table.empty:
        return "No incidents fall in this window, so none is attributed."
    n = len(table)
    claimed, contested, unclaimed = (
        int((~table["unclaimed"]).sum()),
        int(table["contested"].sum()),
        int(table["unclaimed"].sum()),
    )
    said = int((table[STANCE_COLUMNS] != "").any(axis=1).sum())
    text = (
        f"Of {_plural(n, 'incident')}, {claimed} {'was' if claimed == 1 else 'were'} claimed, {contested} "
        f"{'is' if contested == 1 else 'are'} contested (two or more actors named responsible) and {unclaimed} "
        f"{'has' if unclaimed == 1 else 'have'} no claim in the coded sources (which is not to say nobody claimed "
        f"{'it' if unclaimed == 1 else 'them'}: the coding notes say what outside reports add); "
        + (
            f"statements about {_plural(said, 'incident')} say who was behind them."
            if said
            else "no statement on record says who was behind any of them."
        )
        + " The perpetrator shown elsewhere is the coder's judgement; accusations of support for a group, not tied "
        "to an attack, are under who says what about whom."
    )
    return Linked(text, {f"{_plural(n, 'incident')}": "attributions"})


def attack_counts_text(result: AttackCounts) -> str:
    counts, spanning = result.counts, result.spanning
    if counts.empty and spanning.empty:
        return "No incidents fall in this window."
    parts, links = [], {}
    if not counts.empty:
        per_period = counts.groupby("period", sort=False)["incidents"].sum()
        busiest = per_period.idxmax()
        killed, best = int(counts["killed_low"].sum()), counts["killed_best"].sum(min_count=1)  # "at least": the lows
        best_note = f"; their best estimates add up to {int(best)}" if pd.notna(best) and int(best) != killed else ""
        imported, several = int(counts["imported"].sum()), int(counts["in_several"].sum())
        from_imports = f", {imported} of them from imported datasets only" if imported else ""
        from_imports += f", {several} seen in more than one dataset and counted once" if several else ""
        links[_plural(int(counts["incidents"].sum()), "incident")] = "counts"
        parts.append(
            f"{_plural(int(counts['incidents'].sum()), 'incident')} ({', '.join(result.datasets)}{from_imports}) "
            f"can be placed in a single {result.freq} "
            + (
                f"({counts['period'].min()} to {counts['period'].max()}); the busiest {result.freq} is {busiest} "
                f"with {per_period[busiest]}."
                if len(per_period) > 1
                else f"(all in {busiest})."
            )
            + f" At least {killed} people were killed in them{best_note} "
            f"({_plural(int(counts['killed_unknown'].sum()), 'incident')} with no reported death toll)."
        )
    if not spanning.empty:
        spanning_count = _plural(
            len(spanning), "more incident" if parts else "incident"
        )  # "more" only after the placed ones
        links[spanning_count] = "unplaced"  # the id of the table listing them (reader_tables.spanning_table)
        parts.append(
            f"{spanning_count} cannot be placed in one {result.freq}: their dates are too vague or reach outside the "
            "window."
        )
    for figure in result.reported.itertuples(index=False):
        value = figure.reported if pd.notna(figure.reported) else f"at least {figure.reported_low}"
        links[f"{value} attacks ({figure.figure_id})"] = anchor(
            "ev", figure.figure_id
        )  # the id keeps equal figures' links apart
        parts.append(
            f"{figure.reporter} reports {value} attacks ({figure.figure_id}) by {figure.subject} from "
            f"{_date(figure.period_start)} "
            f"to {_date(figure.period_end)}, against {figure.coded_inside} counted here for that period."
        )
    return Linked(" ".join(parts), links)


def linking_text(counts: dict) -> str:
    """What linking merged among the chosen datasets, by which rule, and what awaits review."""
    if len(counts["datasets"]) < 2:
        return f"One dataset is counted here ({counts['datasets'][0]}): nothing is merged."
    text = (
        f"Across {', '.join(counts['datasets'])}, {_plural(counts['merged'], 'event')} "
        f"{'was' if counts['merged'] == 1 else 'were'} "
        f"found in more than one dataset ({counts['records']} records) and {'is' if counts['merged'] == 1 else 'are'} "
        "counted once: "
        f"{_plural(counts['by_score'], 'pair')} linked by score, {counts['confirmed']} confirmed and "
        f"{counts['rejected']} "
        f"rejected by an analyst."
    )
    if counts["review"]:
        text += (
            f" {_plural(counts['review'], 'pair')} of possible duplicates "
            f"{'awaits' if counts['review'] == 1 else 'await'} "
            f"review and {'is' if counts['review'] == 1 else 'are'} counted separately (python -m analysis links "
            "--review)."
        )
    return text


def official_killings_text(killings: pd.DataFrame, partly: pd.DataFrame) -> str:
    if killings.empty:
        text = "No killing of an official is coded in this window."
    else:
        who = "; ".join(
            f"{row.position} ({row.official}), {row.province}, between {_date(row.date_start)} and "
            f"{_date(row.date_end)}, by {row.perpetrator}"
            for row in killings.itertuples(index=False)
        )
        text = f"{_plural(len(killings), 'official')} killed: {who}."
    if not partly.empty:
        text += f" {_plural(len(partly), 'more killing')} may fall in the window; the sources' dates do not settle it."
    return Linked(
        text, {_plural(len(killings), "official"): "killings", _plural(len(partly), "more killing"): "killings"}
    )


def machine_coded_text(flows: Flows, counts: dict[str, int] | None = None) -> str:
    """How many of the flows' statements are machine-coded (unverified) and how many coded from articles;
    counts (views.statement_counts): how many records the chosen datasets hold and how many statements they are."""
    edges = flows.edges
    machine, coded = int(edges["machine_coded"].sum()), int(edges["coded"].sum())
    if not machine:
        text = f"All {_plural(coded, 'directed statement')} here are coded from articles, each with its quote."
    else:
        text = (
            f"{_plural(coded + machine, 'directed statement')}: {coded} coded from articles (each with its quote) "
            f"and {machine} machine-coded (unverified: a program's reading of a news story, no quote); a "
            "machine-coded statement matching a coded one is counted once, as the coded one."
        )
    if counts and counts["records"] != counts["statements"]:
        text += (
            f" In all, the chosen datasets' {counts['records']:,} statement records are {counts['statements']:,} "
            "statements."
        )
    return text


def flows_text(flows: Flows) -> str:
    edges = flows.edges
    if edges.empty:
        return "No directed statements fall in this window."
    totals = edges.groupby(["speaker", "target"])["statements"].sum().sort_values(ascending=False)
    (speaker, target), n = totals.index[0], int(totals.iloc[0])
    kinds = edges.groupby("kind")["statements"].sum().sort_values(ascending=False)
    links = {_plural(int(edges["statements"].sum()), "directed statement"): "pairs"}
    text = (
        f"{_plural(int(edges['statements'].sum()), 'directed statement')} between {_plural(totals.size, 'pair')} of "
        "actors; "
        f"the busiest pair is {speaker} → {target} ({n}). By kind: "
        + ", ".join(f"{kind} {count}" for kind, count in kinds.items())
        + "."
    )
    if not flows.threads.empty:  # each thread by its first statement in the window, which may answer one before it
        firsts = flows.threads.sort_values("depth", kind="stable").drop_duplicates("thread")
        text += (
            f" {_plural(len(firsts), 'statement')} drew replies: "
            + "; ".join(
                f"{row.speaker}'s {row.kind} ({row.statement_id}"
                + (f", itself answering {row.thread}, which this selection leaves out" if row.depth else "")
                + f") drew {_plural(int((flows.threads['thread'] == row.thread).sum()) - 1, 'reply', 'replies')}"
                for row in firsts.itertuples(index=False)
            )
            + "."
        )
    if not flows.partly.empty:
        more = _plural(len(flows.partly), "more statement")
        text += f" {more} may fall in the window; their dates are too vague to tell."
    return Linked(text, links)


def corroboration_text(table: pd.DataFrame) -> str:
    """How many rows rest on one independent report, saying how many of those look corroborated: one wire story in
    several articles."""
    single = table[table["single_source"]]
    by_type = single.groupby("record_type").size()
    copies = int((single["n_sources"] > 1).sum())
    return Linked(
        f"{len(single)} of {len(table)} coded rows rest on one independent report ("
        + ", ".join(f"{count} {kind}{'s' if count != 1 else ''}" for kind, count in by_type.items())
        + ")"
        + (f", {copies} of them on several articles of one wire story" if copies else "")
        + "; treat them as unconfirmed.",
        {f"{len(single)} of {len(table)} coded rows": "single-source"},
    )
