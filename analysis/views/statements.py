"""What officials say: accusations, who directs which kind of statement at whom, and reply threads."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..dataset import Dataset
from .filters import NOT_STATED, Window, as_list, join_ids, labels


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


def statement_flows(ds: Dataset, start=None, end=None, actors=None, kinds=None) -> Flows:
    """Who directs which kind of statement at whom; actors match as speaker or target (with branches).

    Threads are kept whole when any of their statements involves the actors: a reply with no target
    (a pledge answering a claim) still belongs to the exchange.
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
        .sort_values(["statements", "speaker", "target"], ascending=[False, True, True], ignore_index=True)
    )
    partly = statements[placement == "partly"][
        ["statement_id", "speaker_actor", "target_actor", "kind", "date_start", "date_end", "summary"]
    ]
    return Flows(edges, timeline.reset_index(drop=True), partly.reset_index(drop=True))


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
