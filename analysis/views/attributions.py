"""Who is said to be behind each incident: claims of responsibility, blame and denials, by whose account.

dictionary.yaml's conventions.attributions: statements about incidents (about_incidents) carry an
attribution; the coded perpetrator stays the coder's judgement beside them. An incident is contested when
actors that are not one another's branches are named responsible, unclaimed when no claim is on record.
Imported events have no statements: what their notes say ("X claimed responsibility", formats.yaml
claims_in_notes) is read from the notes and marked so.
"""

from __future__ import annotations

import re
import warnings

import pandas as pd

from ..dataset import Dataset
from ..imports.formats import CODEBOOKS
from ..imports.names import Names
from ..paths import CODED, split_list
from .attacks import chosen_incidents
from .combined import with_summaries
from .filters import Window

ATTRIBUTION_COLUMNS = [
    *("incident_id", "dataset", "date_start", "date_end", "province", "perpetrator", "perpetrator_label"),
    *("claimed_by", "blamed_on", "denied_by", "statement_ids", "named", "contested", "unclaimed", "from_notes"),
]
NOTE_PATTERNS = [re.compile(pattern) for pattern in CODEBOOKS["claims_in_notes"]]
STANCES = {  # attribution -> the column of attributions() that lists it
    "claims_responsibility": "claimed_by",
    "blames": "blamed_on",
    "denies_responsibility": "denied_by",
}
STANCE_COLUMNS = list(STANCES.values())


def attribution_statements(ds: Dataset) -> pd.DataFrame:
    """One row per (statement, incident it attributes): incident_id, statement_id, attribution, speaker and target."""
    s = ds.statements
    s = s[s["attribution"].notna() & s["about_incidents"].notna()]
    rows = [
        (incident, row.statement_id, str(row.attribution), row.speaker_actor, row.target_actor)
        for row in s.itertuples(index=False)
        for incident in split_list(row.about_incidents)
    ]
    return pd.DataFrame(rows, columns=["incident_id", "statement_id", "attribution", "speaker", "target"])


def attributions(ds: Dataset, start=None, end=None, provinces=None, perpetrators=None, datasets=None) -> pd.DataFrame:
    """One row per incident wholly inside the window: the coded perpetrator beside who claimed it, who blamed whom
    and who denied it, each with its statement ids ("Taliban: ST33"); `named` the actors named responsible;
    `contested` and `unclaimed` flags; `from_notes` for an imported event whose notes name its claimant."""
    incidents, said = _attributed(ds, start, end, provinces, perpetrators, datasets)
    names = ds.actor_names()
    table = pd.DataFrame(
        {
            "incident_id": incidents["incident_id"].to_numpy(),
            "dataset": incidents["dataset"].to_numpy(),
            "date_start": incidents["date_start"].to_numpy(),
            "date_end": incidents["date_end"].to_numpy(),
            "province": incidents["province"].to_numpy(),
            "perpetrator": incidents["perpetrator"].to_numpy(),
            "perpetrator_label": incidents["perpetrator"]
            .map(names)
            .fillna(incidents["perpetrator_label"])
            .to_numpy(dtype=object),
            **{column: "" for column in (*STANCES.values(), "statement_ids", "named")},
            "contested": False,
            "unclaimed": True,
            "from_notes": False,
        }
    )
    # Most incidents (all but a few among a million imported events) have nothing said about them: only those
    # with statements are worked out one by one.
    said_about = {incident: _said(ds, names, mine) for incident, mine in said.groupby("incident_id", sort=False)}
    if said_about:
        rows = table["incident_id"].map(said_about).dropna()
        for column in (*STANCES.values(), "statement_ids", "named", "contested", "unclaimed", "from_notes"):
            table.loc[rows.index, column] = [cells[column] for cells in rows]
    return table[ATTRIBUTION_COLUMNS]


def _said(ds: Dataset, names: dict, mine: pd.DataFrame) -> dict:
    """The cells of attributions() for one incident, from the statements about it."""
    cells = {}
    for stance, column in STANCES.items():
        chosen = mine[mine["stance"] == stance]
        cells[column] = "; ".join(
            (
                f"{names.get(s.responsible, s.responsible)}, by {names.get(s.speaker, s.speaker)}"
                if stance == "blames"
                else names.get(s.speaker, s.speaker)
            )
            + f": {s.statement_id}"
            for s in chosen.itertuples(index=False)
        )
    named = _distinct(ds, list(mine.loc[mine["stance"] != "denies_responsibility", "responsible"]))
    return {
        **cells,
        "statement_ids": ", ".join(sorted(set(mine["statement_id"]) - {FROM_NOTES})),
        "named": "; ".join(names.get(actor, actor) for actor in named),
        "contested": len(named) >= 2,
        "unclaimed": not (mine["stance"] == "claims_responsibility").any(),
        "from_notes": bool((mine["statement_id"] == FROM_NOTES).any()),
    }


def stance_counts(ds: Dataset, start=None, end=None, provinces=None, perpetrators=None, datasets=None) -> pd.DataFrame:
    """Incidents by attributing actor and stance, for the chart: who claimed, blamed or denied how many incidents.

    Columns: actor (who said it), stance (claims responsibility, blames, denies responsibility), incidents,
    incident_ids. Read from the same statements as attributions().
    """
    _, said = _attributed(ds, start, end, provinces, perpetrators, datasets)
    names = ds.actor_names()
    said = said.assign(
        actor=[names.get(a, a) for a in said["speaker"]], stance=said["stance"].str.replace("_", " ")
    ).drop_duplicates(["actor", "stance", "incident_id"])
    return (
        said.groupby(["actor", "stance"])
        .agg(incidents=("incident_id", "size"), incident_ids=("incident_id", lambda ids: ", ".join(sorted(ids))))
        .reset_index()
        .sort_values(["incidents", "actor"], ascending=[False, True], ignore_index=True)
    )


FROM_NOTES = "read from the dataset's notes"  # the statement id of a claim an imported event's notes record


def _attributed(ds: Dataset, start, end, provinces, perpetrators, datasets) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The chosen incidents wholly inside the window, and one row per (incident, statement about it): stance,
    speaker, responsible (the claimant, or the one blamed), statement_id (FROM_NOTES for an imported event's notes)."""
    incidents, keep = chosen_incidents(ds, provinces, perpetrators, None, datasets)
    if keep is not None:
        incidents = incidents[keep]
    incidents = incidents[Window.of(start, end).placement(incidents["date_start"], incidents["date_end"]) == "inside"]
    coded = set(incidents.loc[incidents["dataset"] == CODED, "incident_id"])
    said = attribution_statements(ds)
    said = said[said["incident_id"].isin(coded)]
    said = said.assign(
        stance=said["attribution"],
        responsible=said["target"].where(said["attribution"] == "blames", said["speaker"]),
    )[["incident_id", "stance", "speaker", "responsible", "statement_id"]]
    notes = [
        (incident, "claims_responsibility", actor, actor, FROM_NOTES)
        for incident, actor in _claims_in_notes(ds, incidents).items()
    ]
    if notes:
        said = pd.concat([said, pd.DataFrame(notes, columns=said.columns)], ignore_index=True)
    return incidents, said.reset_index(drop=True)


def _distinct(ds: Dataset, actors: list[str]) -> list[str]:
    """The actors named responsible, one per family: ISKP and the Islamic State count as one (the first named)."""
    kept = []
    for actor in actors:
        if pd.notna(actor) and not any(ds.actor_index.related(actor, other) for other in kept):
            kept.append(actor)
    return kept


def _claims_in_notes(ds: Dataset, incidents: pd.DataFrame) -> dict[str, str]:
    """incident_id -> the actor an imported event's notes say claimed it (the first pattern that names a known one)."""
    imported = incidents[incidents["dataset"] != CODED]
    if imported.empty:
        return {}
    notes = with_summaries(ds, imported)["summary"].astype("string")
    # one vectorised pass picks the few notes any pattern could match; only those are read one by one
    maybe = pd.Series(False, index=notes.index)
    with warnings.catch_warnings(action="ignore", category=UserWarning):  # "has match groups": only a test here
        for pattern in NOTE_PATTERNS:
            maybe |= notes.str.contains(pattern.pattern, regex=True, na=False)
    names = Names(ds.path, ds.dictionary)
    found = {}
    for incident_id, note in zip(imported.loc[maybe.to_numpy(), "incident_id"], notes[maybe]):
        for pattern in NOTE_PATTERNS:
            match = next((m for m in pattern.finditer(note) if names.actor(m.group("actor"))), None)
            if match:
                found[incident_id] = names.actor(match.group("actor"))
                break
    return found
