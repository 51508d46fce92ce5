"""What officials say: accusations, who directs which kind of statement at whom, and reply threads."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..dataset import Dataset
from ..errors import ChoiceError
from ..linking.statements import link_statement_records, repeats_a_sentence
from ..paths import CODED
from .filters import NOT_STATED, Window, as_list, join_ids, labels

# statement_volume's periods: pandas' period and how a reader names one
VOLUME_FREQUENCIES = {
    "week": ("W", "week of %Y-%m-%d"),
    "month": ("M", "%Y-%m"),
    "quarter": ("Q", "%Y Q%q"),
    "year": ("Y", "%Y"),
}


def accusations(ds: Dataset) -> pd.DataFrame:
    """One row per accuser -> accused pair (statements of kind 'accusation' with a target)."""
    s = ds.statements
    rows = s[(s["kind"] == "accusation") & s["target_actor"].notna()]
    return pd.DataFrame(
        {
            "statement_id": rows["statement_id"],
            "accuser_actor": rows["speaker_actor"],
            "accused_actor": rows["target_actor"],
            "speaker": rows["speaker"],
            "speaker_aliases": rows["speaker_aliases"],
            "summary": rows["summary"],
            "date_start": rows["date_start"],
            "date_end": rows["date_end"],
            "date_precision": rows["date_precision"],
            "n_sources": rows["n_sources"],
            "n_independent": rows["n_independent"],
            "source_ids": rows["source_ids"],
        }
    ).reset_index(drop=True)


THREAD_COLUMNS = [  # threads(): each statement with its thread's root and depth
    *("thread", "depth", "statement_id", "speaker", "speaker_aliases", "speaker_actor", "kind", "target"),
    *("responds_to", "date_start", "date_end", "summary", "source_ids"),
]


def statement_links(ds: Dataset):
    """Which coded and machine-coded statements are one statement (analysis.linking.statements), made once."""
    return ds.derived("statement_links", link_statement_records)


def statements_from(ds: Dataset, datasets=None) -> pd.DataFrame:
    """Coded statements and the chosen imports' machine-coded ones in one table, each statement once.

    A machine-coded row linked to a coded statement (or to a row of a dataset named earlier) is left out,
    as is a row repeating a sentence its dataset already coded; `machine_coded` tells the rest apart.
    Columns: dataset, statement_id (the coded id or the import's event id), speaker_actor, target_actor,
    kind, date_start, date_end, machine_coded, plus summary (coded) and the names as the dataset gives them,
    code, publisher, story_id (imported).
    """
    chosen = ds.chosen(as_list(datasets) or [CODED], "statements")
    parts = []
    if CODED in chosen:
        coded = ds.statements
        parts.append(
            coded.assign(dataset=CODED, machine_coded=False, **dict.fromkeys(IMPORTED_ONLY, pd.NA))[
                ["dataset", "statement_id", *STATEMENT_COLUMNS, "summary", *IMPORTED_ONLY]
            ]
        )
    imported_names = [name for name in chosen if name != CODED]
    if imported_names:
        imported = ds.imported_statements
        imported = imported[imported["dataset"].isin(imported_names)]
        members = statement_links(ds).members
        members = members[members["dataset"].isin(chosen)]
        order = {name: i for i, name in enumerate(chosen)}
        ranked = members.assign(rank=members["dataset"].map(order)).sort_values(["cluster", "rank"])
        merged_away = ranked[ranked.duplicated("cluster")]
        gone = repeats_a_sentence(imported).to_numpy(dtype=bool, copy=True)
        for name, ids in merged_away.groupby("dataset")["record_id"]:
            gone |= ((imported["dataset"] == name) & imported["event_id"].isin(list(ids))).to_numpy(dtype=bool)
        imported = imported[~gone]
        parts.append(
            imported.rename(columns={"event_id": "statement_id"}).assign(machine_coded=True, summary=pd.NA)[
                ["dataset", "statement_id", *STATEMENT_COLUMNS, "summary", *IMPORTED_ONLY]
            ]
        )
    combined = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0].reset_index(drop=True)
    return combined.astype({"kind": ds.statements["kind"].dtype})


def statement_counts(ds: Dataset, datasets=None) -> dict[str, int]:
    """How many statement records the chosen datasets hold and how many statements they are, each counted once."""
    chosen = as_list(datasets) or [CODED]
    records = (len(ds.statements) if CODED in chosen else 0) + int(ds.imported_statements["dataset"].isin(chosen).sum())
    return {"records": records, "statements": len(statements_from(ds, chosen))}


STATEMENT_COLUMNS = ["speaker_actor", "target_actor", "kind", "date_start", "date_end", "machine_coded"]
IMPORTED_ONLY = ["speaker_name", "target_name", "code", "publisher", "story_id"]  # empty for coded statements


def statement_volume(ds: Dataset, start=None, end=None, actors=None, kinds=None, datasets=None, freq="month"):
    """Statements per period (its first day, and `label` for readers), speaker -> target pair and kind, coded and
    machine-coded counted apart.

    Aggregated here, so a chart of a million machine-coded statements carries a few hundred rows. A
    statement counts in the period of its first day; only statements wholly inside the window count.
    """
    if freq not in VOLUME_FREQUENCIES:
        raise ChoiceError("frequency", freq, VOLUME_FREQUENCIES)
    rows = statements_in(ds, start, end, actors, kinds, datasets)
    rows = rows[(rows["target_actor"].notna() | rows["target_name"].notna()) & rows["date_start"].notna()]
    names = ds.actor_names()
    alias, spelling = VOLUME_FREQUENCIES[freq]
    periods = rows["date_start"].dt.to_period(alias)
    starts = periods.dt.start_time
    table = pd.DataFrame(
        {
            "period": starts,
            "label": starts.dt.strftime(spelling) if freq == "week" else periods.dt.strftime(spelling),
            "speaker": labels(rows["speaker_actor"], names, rows["speaker_name"], categorical=True),
            "target": labels(rows["target_actor"], names, rows["target_name"], categorical=True),
            "kind": rows["kind"].astype(str),
            "source": rows["machine_coded"].map({True: "machine-coded", False: "coded from articles"}),
        }
    )
    counts = table.groupby(["period", "label", "speaker", "target", "kind", "source"], observed=True).size()
    volume = counts.rename("statements").reset_index().sort_values(["period", "speaker", "target"], ignore_index=True)
    every = (
        pd.period_range(periods.min(), periods.max(), freq=alias) if len(periods) else pd.PeriodIndex([], freq=alias)
    )
    spelled = every.start_time.strftime(spelling) if freq == "week" else every.strftime(spelling)
    return volume.astype({"label": pd.CategoricalDtype(list(dict.fromkeys(spelled)), ordered=True)})  # gaps kept


def statements_in(ds: Dataset, start, end, actors, kinds, datasets) -> pd.DataFrame:
    """statements_from, filtered: kinds, the window (whole range inside), actors as speaker or target (and branches).

    What the flows and the volume count, row by row (the reports list the machine-coded ones from it).
    """
    rows = statements_from(ds, datasets)
    kinds = as_list(kinds)
    if kinds:
        rows = rows[rows["kind"].isin(kinds)]
    rows = rows[Window.of(start, end).placement(rows["date_start"], rows["date_end"]) == "inside"]
    if as_list(actors):
        involved = ds.actors_within(as_list(actors))
        rows = rows[rows["speaker_actor"].isin(involved) | rows["target_actor"].isin(involved)]
    return rows


@dataclass(frozen=True)
class Flows:
    edges: pd.DataFrame  # speaker actor -> target actor, by kind, with counts
    threads: pd.DataFrame  # statements that answer or are answered, as a timeline
    partly: pd.DataFrame  # statements whose dates only overlap the window

    @property
    def statement_ids(self) -> list[str]:
        """Every statement in the flows or the threads, for the evidence table."""
        in_edges = [i for ids in self.edges["statement_ids"] for i in ids.split(", ")]
        return sorted(set(in_edges) | set(self.threads["statement_id"]))


def statement_flows(ds: Dataset, start=None, end=None, actors=None, kinds=None, datasets=None) -> Flows:
    """Who directs which kind of statement at whom; actors match as speaker or target (with branches).

    Threads are kept whole when any of their statements involves the actors: a reply with no target
    (a pledge answering a claim) still belongs to the exchange. datasets: 'coded' (the default) and
    statement imports by name (POLECAT, ICEWS); each edge counts its coded and machine-coded statements
    apart (`coded`, `machine_coded`), each statement once; threads and quotes are the coded statements'.
    """
    statements = ds.statements
    actors, kinds = as_list(actors), as_list(kinds)
    if kinds:
        statements = statements[statements["kind"].isin(kinds)]
    placement = Window.of(start, end).placement(statements["date_start"], statements["date_end"])
    in_window = statements[placement == "inside"]
    timeline = threads(ds, in_window)
    if actors:
        involved = ds.actors_within(actors)

        def involving(table):
            return table[table["speaker_actor"].isin(involved) | table["target_actor"].isin(involved)]

        statements, in_window = involving(statements), involving(in_window)
        placement = placement[statements.index]
        kept_threads = timeline.loc[timeline["statement_id"].isin(in_window["statement_id"]), "thread"]
        timeline = timeline[timeline["thread"].isin(kept_threads)]
    inside = in_window[in_window["target_actor"].notna()]
    names = ds.actor_names()
    edges = (
        inside.assign(
            speaker=labels(inside["speaker_actor"], names),
            target=labels(inside["target_actor"], names),
            kind=inside["kind"].astype(str),
        )
        .groupby(["speaker", "target", "kind"])
        .agg(
            statements=("statement_id", "size"),
            statement_ids=("statement_id", join_ids),
            summaries=("summary", lambda s: " | ".join(s)),
        )
        .reset_index()
        .assign(coded=lambda edges: edges["statements"], machine_coded=0)
    )
    if [name for name in as_list(datasets) if name != CODED]:
        edges = _with_machine_coded(ds, edges, start, end, actors, kinds, datasets)
    edges = edges.sort_values(["statements", "speaker", "target"], ascending=[False, True, True], ignore_index=True)
    partly = statements[placement == "partly"][
        ["statement_id", "speaker_actor", "target_actor", "kind", "date_start", "date_end", "summary"]
    ]
    return Flows(edges, timeline.reset_index(drop=True), partly.reset_index(drop=True))


def _with_machine_coded(ds: Dataset, edges: pd.DataFrame, start, end, actors, kinds, datasets) -> pd.DataFrame:
    """The edges with the chosen imports' machine-coded statements added (each once: statements_from)."""
    rows = statements_in(ds, start, end, actors, kinds, datasets)
    coded_chosen = CODED in as_list(datasets)
    machine = rows[rows["machine_coded"] & (rows["target_actor"].notna() | rows["target_name"].notna())]
    names = ds.actor_names()
    counted = (
        pd.DataFrame(
            {
                "speaker": labels(machine["speaker_actor"], names, machine["speaker_name"]),
                "target": labels(machine["target_actor"], names, machine["target_name"]),
                "kind": machine["kind"].astype(str),
            }
        )
        .value_counts()
        .rename("machine_coded")
        .reset_index()
    )
    merged = (
        (edges if coded_chosen else edges.iloc[0:0])
        .drop(columns="machine_coded")
        .merge(counted, on=["speaker", "target", "kind"], how="outer")
    )
    merged["coded"] = merged["coded"].fillna(0).astype(int)
    merged["machine_coded"] = merged["machine_coded"].fillna(0).astype(int)
    merged["statements"] = merged["coded"] + merged["machine_coded"]
    merged["statement_ids"] = merged["statement_ids"].fillna("")
    merged["summaries"] = merged["summaries"].fillna("")
    return merged


def threads(ds: Dataset, statements: pd.DataFrame | None = None) -> pd.DataFrame:
    """Statements linked by responds_to (claim -> rejection -> ...), each with its thread's root and depth.

    speaker is the name as printed (else the speaker's actor); speaker_aliases its other spellings (";"-separated).

    Only threads with at least two statements among `statements` (default: all) are returned.
    """
    everything = ds.statements.set_index("statement_id")
    chosen = everything if statements is None else everything.loc[list(statements["statement_id"])]
    parent = everything["responds_to"].to_dict()

    def chain(statement_id):
        path = [statement_id]
        while pd.notna(parent.get(path[-1])) and parent[path[-1]] not in path:
            path.append(parent[path[-1]])
        return path

    names = ds.actor_names()
    rows = []
    for statement_id, row in chosen.iterrows():
        path = chain(statement_id)
        rows.append(
            {
                "thread": path[-1],
                "depth": len(path) - 1,
                "statement_id": statement_id,
                "speaker": row["speaker"] if pd.notna(row["speaker"]) else names[row["speaker_actor"]],
                "speaker_aliases": row["speaker_aliases"] if pd.notna(row["speaker_aliases"]) else "",
                "speaker_actor": names[row["speaker_actor"]],
                "kind": str(row["kind"]),
                "target": names.get(row["target_actor"], NOT_STATED) if pd.notna(row["target_actor"]) else NOT_STATED,
                "responds_to": row["responds_to"],
                "date_start": row["date_start"],
                "date_end": row["date_end"],
                "summary": row["summary"],
                "source_ids": join_ids(row["source_ids"]),
            }
        )
    table = pd.DataFrame(rows, columns=THREAD_COLUMNS)
    sizes = table.groupby("thread")["statement_id"].transform("size")
    return table[sizes >= 2].sort_values(["thread", "depth", "statement_id"], ignore_index=True)
