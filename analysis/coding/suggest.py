"""Suggested rows for one registered article, in the review-file format (python -m analysis suggest SOURCE_ID).

Each candidate rests on one verbatim sentence (`quote`) and says in `why` which rules made it; a candidate
matching a row already coded names it in `duplicate_of`. The analyst reviews; nothing here writes a table.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd

from ..dataset import Dataset
from ..errors import DataError, Problem
from ..paths import PROVINCE_COUNTRY
from ..relative_dates import Resolved, find_dates
from .clauses import unreal, when_said
from .counts import casualties, combine
from .duplicates import figure_duplicates, incident_duplicates, statement_duplicates
from .figures import figures_in
from .incidents import Incidents
from .lexicon import Lexicon
from .mentions import Mentions, Place
from .parse import engine, pipeline
from .review_file import require_source, review_columns
from .sentences import not_english, sentences
from .speakers import Memory, Speaker, Speakers, quote_open_after
from .statements import speaker_of, statements_in

CLAIM_ROLE = "the group's statement claiming responsibility, as the article reports it"


def suggest(ds: Dataset, source_id: str, use_parse: bool = True) -> pd.DataFrame:
    """Candidate rows for the article `source_id` (a row of sources.csv), one per line of the review file.

    With use_parse (and the model installed) the sentences are parsed (analysis/coding/parse.py); otherwise, or
    without it, the rules alone read them. An article that is not English prose raises a DataError."""
    require_source(ds.sources, source_id)
    source = ds.sources.set_index("source_id").loc[source_id]
    published = (source["published_start"].date(), source["published_end"].date())
    text = (Path(ds.path).parent / source["path"]).read_text(encoding="utf-8")
    problems = ds.dictionary.actor_problems(set(ds.actors["actor_id"]))
    if problems:  # the lexicon would suggest actors the data does not have
        raise DataError(problems)
    lexicon = Lexicon.of(ds.dictionary)
    mentions = Mentions(ds.actor_index, lexicon, ds.dictionary.vocabularies["province"], published[1])
    groups = set(ds.actors.loc[ds.actors["kind"] == "armed_group", "actor_id"])
    memory, speakers = Memory(), Speakers(mentions)
    incidents = Incidents(mentions, memory)
    statements, figures = [], []
    claims, last_incident = [], {}  # claims of responsibility; sentence -> the incident last reported by then
    found_sentences = sentences(text, lexicon, source["title"])
    problem = not_english(text, found_sentences, lexicon)
    if problem:
        raise DataError([Problem(str(source["path"]), None, None, problem + ": no candidates suggested")])
    dateline = mentions.read_dateline(found_sentences[0].text)  # its date and place are the report's, not the news'
    found_sentences[0] = replace(found_sentences[0], text=found_sentences[0].text[dateline:])
    nlp = pipeline() if use_parse else None
    docs = nlp.pipe(s.text for s in found_sentences) if nlp else (None for _ in found_sentences)
    for sentence, doc in zip(found_sentences, docs):
        dates = find_dates(sentence.text, *published, lexicon.dates)
        memory.sentence = sentence.number
        speakers.remember(sentence.text, memory, mentions.abroad(sentence.text), doc)
        responsibility = incidents.responsibility(sentence.text, None, attributed=False)
        found = figures_in(
            sentence, dates, speaker_of(sentence.text, memory, speakers, mentions), memory, mentions, groups
        )
        if (
            found or responsibility is None or responsibility[0] is None
        ):  # a claim of responsibility for an incident decides its perpetrator; it is not a statement
            statements += statements_in(
                sentence,
                dates,
                memory,
                speakers,
                mentions,
                groups,
                skip_claims=bool(found or casualties(sentence.text, lexicon)),
                doc=doc,
            )
        if found:
            figures += found
        else:
            parsed = (when_said(doc, lexicon), unreal(doc, lexicon)) if doc is not None else ([], set())
            incidents.read(sentence, dates, *parsed)
        last_incident[sentence.number] = len(incidents.found) - 1
        # '... Daesh claimed its fighters had killed 10. Hamkar rejected the claim': the group's, in the next sentence
        memory.fresh_claim = responsibility[0] if responsibility and responsibility[0] else None
        memory.in_quote = quote_open_after(sentence.text, memory.in_quote)
        memory.quotation = f"{memory.quotation} {sentence.text}".strip() if memory.in_quote else ""
        if responsibility and responsibility[0] and incidents.found:
            # the claimant as the incident's place tells it: an attack abroad is the Islamic State's, not ISKP's
            responsibility = incidents.responsibility(sentence.text, incidents.found[-1].place, False) or responsibility
            claims.append((sentence, responsibility))
            # 'The statement accused the Taliban of ...': the claim's words are the group's (an office named later,
            # 'the spokesperson', is still the last one who held it)
            memory.spoken.append(Speaker(None, CLAIM_ROLE, responsibility[0], f"the claimant ({responsibility[0]})"))
            memory.last_group = responsibility[0]  # 'rejected the group's figure': the claimant
    sub_events = ds.dictionary.vocabularies["sub_event_type"]
    claim_rows = _claim_rows(claims, published, last_incident, mentions.actors.related)
    statement_rows = _statement_rows(
        _not_the_claim(statements, claim_rows, last_incident, mentions), published, last_incident, lexicon
    )
    rows = (
        _responses(statement_rows, ds.statements, lexicon)
        + claim_rows
        + _incident_rows(incidents.found, published, sub_events, lexicon.raw["no_claim"])
        + _figure_rows(figures, published)
    )
    table = pd.DataFrame(rows, columns=[*review_columns(ds.dictionary), "_order", "_key"]).astype(object)
    for name, finder in (
        ("statements", statement_duplicates),
        ("incidents", incident_duplicates),
        ("reported_figures", figure_duplicates),
    ):
        mine = table["table"] == name
        if mine.any():
            table.loc[mine, "duplicate_of"] = finder(ds, table[mine])
    table = table.sort_values("_order", kind="stable").reset_index(drop=True)
    table["candidate"] = [f"c{number:02d}" for number in range(1, len(table) + 1)]
    candidate_of = dict(zip(table["_key"], table["candidate"]))
    for column in ("incident", "about_incidents", "responds_to"):  # a row suggested here: its candidate id
        table[column] = table[column].map(lambda key: candidate_of.get(key, key) if pd.notna(key) else None)
    table["source_id"] = source_id
    table["engine"] = engine(use_parse)
    return (
        table.drop(columns=["_order", "_key"])
        .astype(object)
        .where(table.drop(columns=["_order", "_key"]).notna(), None)
    )


def _dates(date_: Resolved | None, published: tuple[date, date], prefix: str = "date") -> dict:
    if date_ is None:
        return {
            f"{prefix}_start": None,
            f"{prefix}_end": published[1].isoformat(),
            f"{prefix}_precision": "open",
            f"{prefix}_note": "no date in the sentence: at the latest the publication day",
        }
    return {
        f"{prefix}_start": date_.date_start.isoformat() if date_.date_start else None,
        f"{prefix}_end": date_.date_end.isoformat(),
        f"{prefix}_precision": date_.precision,
        f"{prefix}_note": date_.note,
    }


def _about_attack(s, last_incident: dict, lexicon) -> dict:
    """about_incidents and attribution of a statement whose sentence blames someone for, or denies, the attack last
    reported before it (lexicon about_attack); {} for any other statement."""
    incident = last_incident.get(s.sentence, -1)
    stance = next((name for name, words in lexicon.about_attack.items() if words.search(s.quote)), None)
    fits = {"blames": s.kind in ("accusation", "claim") and s.target, "denies_responsibility": s.kind == "denial"}
    if incident < 0 or stance is None or not fits.get(stance):
        return {}
    return {"about_incidents": f"incident {incident}", "attribution": stance}


def _not_the_claim(statements, claim_rows: list[dict], last_incident: dict, mentions: Mentions) -> list:
    """The statements without the claimant's own words about the attack it claimed ('ISKP, which has claimed ..., said
    its fighter had killed ...'): one claim of responsibility is one statement (conventions.attributions); those
    sentences are its further evidence, named in its `why`."""
    kept = []
    for s in statements:
        incident = f"incident {last_incident.get(s.sentence, -1)}"
        row = next(
            (
                r
                for r in claim_rows
                if r["about_incidents"] == incident and mentions.actors.related(r["speaker_actor"], s.speaker.actor)
            ),
            None,
        )
        if row is not None and s.kind == "claim":
            row["why"] += f"; also sentence {s.sentence} (the claimant's own account)"
            continue
        kept.append(s)
    return kept


def _claim_rows(claims, published, last_incident: dict, related) -> list[dict]:
    """A group's claim of responsibility as its statement about the incident last reported (conventions.attributions):
    one row per claimant and incident, whichever sentences repeat it.

    Dated open, to the publication at the latest: a date in the sentence is the attack's, not the claim's."""
    rows = {}
    for sentence, (actor, why) in claims:
        key = (actor, last_incident[sentence.number])
        same = next((k for k in rows if k[1] == key[1] and related(k[0], actor)), None)  # ISKP and the Islamic State
        if same is not None:
            rows[same]["why"] += f"; also sentence {sentence.number}: {why}"
            continue
        rows[key] = {
            "table": "statements",
            "quote": sentence.text,
            "speaker_role": CLAIM_ROLE,
            "speaker_actor": actor,
            "kind": "claim",
            "summary": f"{actor} claims responsibility for the attack.",
            "about_incidents": f"incident {last_incident[sentence.number]}",
            "attribution": "claims_responsibility",
            **_dates(None, published),
            "why": f"sentence {sentence.number}: {why}; a claim of responsibility: the claimant's statement about "
            "the incident last reported",
            "_order": (sentence.number, 0),
        }
    return list(rows.values())


def _statement_rows(statements, published, last_incident: dict, lexicon) -> list[dict]:
    rows, seen = [], {}
    for s in statements:
        key = (s.speaker.actor, s.speaker.name, s.kind, s.target)
        if key in seen:  # the same proposition again: one row (conventions.provenance)
            seen[key]["why"] += f"; also sentence {s.sentence}"
            continue
        who = s.speaker.name or s.speaker.role
        row = {
            "table": "statements",
            "quote": s.quote,
            "speaker": s.speaker.name,
            "speaker_role": s.speaker.role,
            "speaker_actor": s.speaker.actor,
            "kind": s.kind,
            "target_actor": s.target,
            "summary": s.summary or f"{who}: {s.kind} ('{s.verb}').",
            **_dates(s.date, published),
            "why": f"sentence {s.sentence}: " + "; ".join(s.why),
            "_order": (s.sentence, 0),
        }
        about = _about_attack(s, last_incident, lexicon)
        if about:
            row.update(about, why=row["why"] + f"; {about['attribution'].replace('_', ' ')}: the attack last reported")
        row["_key"] = f"statement {len(rows)}"
        rows.append(row)
        seen[key] = row
    return rows


def _responses(rows: list[dict], coded: pd.DataFrame, lexicon) -> list[dict]:
    """responds_to of a rejection or denial (lexicon answers): the statement it answers, by the actor it is aimed at
    and of a kind it answers; in this article the nearest before it (else the first after it), else the latest of
    those already coded that starts no later than it ends."""
    answers = lexicon.raw["answers"]
    for row in rows:
        kinds = answers.get(row["kind"], [])
        if not kinds or not row.get("target_actor"):
            continue
        mine = [r for r in rows if r["speaker_actor"] == row["target_actor"] and r["kind"] in kinds]
        before = [r for r in mine if r["_order"] < row["_order"]]
        answered = before[-1] if before else mine[0] if mine else None
        if answered is not None:
            row["responds_to"] = answered["_key"]
            row["why"] += (
                f"; answers {answered['speaker_actor']}'s {answered['kind']} in sentence {answered['_order'][0]}"
            )
            continue
        earlier = coded[(coded["speaker_actor"] == row["target_actor"]) & coded["kind"].isin(kinds)]
        if row["date_end"]:
            earlier = earlier[~(earlier["date_start"] > pd.Timestamp(row["date_end"]))]
        if not earlier.empty:
            found = earlier.sort_values("date_end", kind="stable").iloc[-1]
            row["responds_to"] = found["statement_id"]
            row["why"] += (
                f"; answers {found['statement_id']} ({found['speaker_actor']}'s {found['kind']}, already coded)"
            )
    return rows


def _by_province(incidents) -> list:
    """An incident whose officials were killed in different provinces ('the Balkh governor and Badakhshan's acting
    governor were killed in Daesh bombings') is one attack per province, each with its own officials and, as no toll
    tells them apart, its officials as its toll."""
    split = []
    for incident in incidents:
        provinces = list(dict.fromkeys(o.province for o in incident.officials if o.province))
        if len(provinces) < 2 or len(provinces) < len({o.province for o in incident.officials}):
            split.append(incident)
            continue
        for province in provinces:
            split.append(
                replace(
                    incident,
                    place=Place(province, PROVINCE_COUNTRY, province),
                    counts=[],
                    officials=[o for o in incident.officials if o.province == province],
                    why=[*incident.why, f"officials killed in {len(provinces)} provinces: one attack in each"],
                )
            )
    return split


def _incident_rows(incidents, published, sub_events: dict, no_claim: str) -> list[dict]:
    rows = []
    for position, incident in enumerate(_by_province(incidents)):
        place = incident.place
        killed = combine([c for c in incident.counts if c.what == "killed"])
        if killed == (None, None, None) and incident.officials:
            killed = (
                len(incident.officials),
                len(incident.officials),
                None,
            )  # only the named victims: conventions.counts
        injured = combine([c for c in incident.counts if c.what == "injured"])
        perpetrator = incident.perpetrator or no_claim
        sub_event = incident.event if incident.event in sub_events else None
        location = place.text if place is not None and place.text != place.province else None
        where = location or (place.province or place.country) if place else "an unnamed place"
        row = {
            "table": "incidents",
            "quote": incident.quote,
            **_dates(incident.date, published),
            "country": place.country if place else "Afghanistan",
            "province": place.province if place else None,
            "location": location,
            "perpetrator": perpetrator,
            "event_type": sub_events.get(sub_event, incident.event),
            "sub_event_type": sub_event,
            "target_category": "government_officials" if incident.officials else None,
            **dict(zip(["killed_low", "killed_best", "killed_high"], killed)),
            **dict(zip(["injured_low", "injured_best", "injured_high"], injured)),
            "summary": _incident_summary(incident, where, place, killed, injured),
            "why": f"sentences {', '.join(map(str, incident.sentences))}: "
            + "; ".join(incident.why)
            + ("" if incident.perpetrator else "; no claim of responsibility in the text -> " + no_claim),
            "_order": (incident.sentence, 1),
        }
        row["_key"] = key = f"incident {position}"  # what officials, claims and blame name it by
        rows.append(row)
        for official in incident.officials:
            rows.append(
                {
                    "table": "officials_killed",
                    "quote": official.quote,
                    "incident": key,
                    "name": official.name,
                    "position": official.position,
                    "province": official.province,
                    "why": f"sentence {official.sentence}: " + "; ".join(official.why),
                    "_order": (official.sentence, 2),
                }
            )
    return rows


def _incident_summary(incident, where: str, place, killed: tuple, injured: tuple) -> str:
    """'Suicide bomb in Spin Boldak, Kandahar, kills 21 to 30 and injures 50; perpetrator: iskp.'"""
    text = f"{incident.event or 'Incident'} in {where}"
    if place is not None and place.province and place.province != where:
        text += f", {place.province},"
    tolls = [
        f"{verb} {low}" + (f" to {high}" if high and high != low else "")
        for verb, (low, _, high) in (("kills", killed), ("injures", injured))
        if low is not None
    ]
    text += " " + " and ".join(tolls) if tolls else ""
    return text.rstrip(",") + (f"; perpetrator: {incident.perpetrator}" if incident.perpetrator else "") + "."


def _figure_rows(figures, published) -> list[dict]:
    rows = []
    for f in figures:
        period = {
            "period_start": f.period.date_start.isoformat() if f.period and f.period.date_start else None,
            "period_end": (
                f.period.date_end if f.period and f.period.kind == "first_months" else published[1]
            ).isoformat(),
        }
        rows.append(
            {
                "table": "reported_figures",
                "quote": f.quote,
                "reporter_actor": f.reporter,
                "subject_actor": f.subject,
                "target_actor": f.target,
                "metric": f.metric,
                "value_low": f.low,
                "value": f.low if f.exact != "vague" else None,
                "value_high": f.high if f.exact == "range" else f.low if f.exact == "exact" else None,
                **period,
                "why": f"sentence {f.sentence}: " + "; ".join(f.why),
                "_order": (f.sentence, 3),
            }
        )
    return rows
