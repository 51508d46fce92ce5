"""Incidents and the officials killed in them: event wording opens an incident, and later sentences add to it.

A sentence with event wording (coding.events) opens a new incident when its date or place differs from the
incidents already open; otherwise it, and any sentence giving a toll or a claim of responsibility, adds to the
latest incident. Several tolls of one incident are combined by counts.combine (conventions.counts).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..ranges import overlap
from ..relative_dates import Resolved
from .counts import Count, casualties
from .mentions import Mentions, Place
from .speakers import Memory

CALENDAR = {
    "explicit",
    "in_month",
    "early_year",
    "last_month",
}  # date kinds that place an event in the calendar, not in the news week


@dataclass
class Official:
    sentence: int
    quote: str
    name: str | None
    position: str
    province: str | None
    why: list[str]
    national: bool = False  # an office serving no province (coding.national_titles)


@dataclass
class Incident:
    sentence: int
    quote: str
    date: Resolved | None
    place: Place | None
    event: str | None  # a sub_event_type or an event_type of the dictionary
    rank: int  # the event wording's place in coding.events: lower is more specific
    counts: list[Count] = field(default_factory=list)
    perpetrator: str | None = None
    unclaimed: bool = False
    officials: list[Official] = field(default_factory=list)
    sentences: list[int] = field(default_factory=list)
    why: list[str] = field(default_factory=list)

    def fits(self, date: Resolved | None, place: Place | None) -> bool:
        """The same event as far as a new mention's date and place can tell."""
        if (
            date is not None
            and self.date is not None
            and not overlap(date.date_start, date.date_end, self.date.date_start, self.date.date_end)
        ):
            return False
        return (
            place is None
            or self.place is None
            or (place.country, place.province) == (self.place.country, self.place.province)
        )


class Incidents:
    def __init__(self, mentions: Mentions, memory: Memory):
        self.mentions, self.memory, self.lexicon = mentions, memory, mentions.lexicon
        self.found: list[Incident] = []
        self.branches = set(self.lexicon.raw["branch_in_afghanistan"].values())  # ISKP: named, it is ISKP anywhere

    def read(
        self, sentence, dates: list[Resolved], said: list[tuple[int, int]] = (), unreal: set[int] = frozenset()
    ) -> Incident | None:
        """Add what one sentence says; return the incident it is about (None if it is about none). `said`: where the
        parse dates a reporting verb ('claimed the killing on 1 November'), dates of the saying, not of the event;
        `unreal`: where it reads a noun of a merely possible event ('an attack could not be ruled out')."""
        text = sentence.text
        dates = [d for d in dates if not any(_within(text, d.phrase, start, end) for start, end in said)]
        date = next((d for d in dates if not d.is_period), None)
        places = self.mentions.places_in(text)
        counts = casualties(text, self.lexicon)
        event = self._event(text, unreal) or (self._toll_event(text) if counts else None)
        after = [p for p in places if event and p.start >= event[2].start()]
        place = (
            after[0] if after else places[0] if places else None
        )  # 'accused ... of drone strikes in Spera': the event's own place first
        reference = event is not None and self._refers_back(text, event[2], dates, place, counts)
        if reference:
            event = None  # 'was killed in the blast': adds to the incident read, opens none
        incident = None
        if event:
            rank, name, match = event
            separate = self.lexicon.separate.match(text)  # 'Separately, ...': another event, wherever and whenever
            incident = None if separate else next((i for i in reversed(self.found) if i.fits(date, place)), None)
            if incident is None:
                incident = self._open(sentence, date, place, name, rank, match[0])
            if rank < incident.rank:
                incident.event, incident.rank = name, rank
                incident.why.append(f"'{match[0]}' -> {name}")
        elif (
            self.found
            and not self.lexicon.separate.match(text)
            and (
                (counts and self.found[-1].fits(date, place))
                or ((reference or self.responsibility(text, self.found[-1].place)) and self.found[-1].fits(None, place))
            )
        ):
            # a toll, a claim or a reference with no new event: about the latest incident, if its place (a toll: and
            # date)
            # allow; a claim's or a reference's date is when it was said, often after the attack
            incident = self.found[-1]
        if incident is None:
            return None
        if event or reference:
            self._complete(incident, date, place)
        claim = self.responsibility(text, incident.place)
        if sentence.number not in incident.sentences:
            incident.sentences.append(sentence.number)
        incident.counts += counts
        incident.why += [f"toll '{c.text}' ({c.what} {'=' if c.exact == 'exact' else '>='} {c.low})" for c in counts]
        if claim:
            actor, why = claim
            if actor and incident.perpetrator is None:
                incident.perpetrator, incident.unclaimed = actor, False
                incident.why.append(why)
            elif actor is None and incident.perpetrator is None:
                incident.unclaimed = True
                incident.why.append(why)
        if incident.perpetrator is None and event and event[1] == "Armed clash":
            self._initiator(text, incident)
        self._officials(sentence, incident)
        self._with_companions(text, sentence.number, incident, counts)
        return incident

    def _with_companions(self, text: str, number: int, incident: Incident, counts: list[Count]) -> None:
        """'The district chief, Mawlawi X, and two of his bodyguards were killed': the toll is the officials named in
        the sentence and the number with them (lexicon companions), not that number alone."""
        match = self.lexicon.companions.search(text)
        named = [o for o in incident.officials if o.sentence == number]
        if match is None or not named:
            return
        if not (self.lexicon.killed.search(text[match.end() :]) or self.lexicon.killing.search(text[: match.start()])):
            return  # killed neither after them ('... were killed') nor before ('killing the chief ... and his driver')
        low, exact = (1, "exact") if match["one"] else self.lexicon.value(match)
        incident.counts = [c for c in incident.counts if not (c in counts and c.what == "killed")]
        incident.counts.append(Count("killed", low + len(named), exact, f"{match[0]} and {len(named)} named"))
        incident.why.append(f"toll '{match[0]}' and the {len(named)} official(s) named: killed = {low + len(named)}")

    def _complete(self, incident: Incident, date: Resolved | None, place: Place | None) -> None:
        """A date or place a later sentence gives an incident opened without one ('A suicide bomber struck a compound
        south of the capital ... The attack happened on Monday in Pul-e-Alam'), and its officials' province with it."""
        if incident.date is None and date is not None:
            incident.date = date
            incident.why.append(date.note)
        if incident.place is None and place is not None:
            incident.place = place
            incident.why.append(f"place '{place.text}' -> {place.province or place.country} (a later sentence)")
            for official in incident.officials:
                if official.province is None and not official.national:
                    official.province = place.province

    def _toll_event(self, text: str) -> tuple[int, str, re.Match] | None:
        """Wording that is an event only with a toll in its sentence ('killed eight militants during an operation')."""
        names = [name for name, _ in self.lexicon.events]
        for name, pattern in self.lexicon.toll_events:
            match = pattern.search(text)
            if match:
                return (names.index(name) if name in names else len(names)), name, match
        return None

    def _event(self, text: str, unreal: set[int] = frozenset()) -> tuple[int, str, re.Match] | None:
        """(rank, event, match) of the most specific event wording that is not an intention ('plotting to bomb') or
        a possibility (`unreal`: starts of words the parse reads as merely possible)."""
        for rank, (name, pattern) in enumerate(self.lexicon.events):
            for match in pattern.finditer(text):
                possible = any(match.start() <= at < match.end() for at in unreal)
                if not possible and not self.lexicon.event_intent.search(text[: match.start()]):
                    return rank, name, match
        return None

    def _refers_back(self, text: str, match: re.Match, dates: list[Resolved], place: Place | None, counts) -> bool:
        """'condemned the bombing', 'The raid came two days after': a definite reference to an incident already read,
        unless the sentence gives it a toll, or a place and a calendar date of its own (coding.event_reference)."""
        if not self.found or counts or not self.lexicon.event_reference.search(text[: match.start()]):
            return False
        return not (place is not None and any(d.kind in CALENDAR for d in dates))

    def _open(self, sentence, date, place, name, rank, wording) -> Incident:
        why = [f"'{wording}' -> {name}"]
        if place is None and self.found:
            place = self.found[-1].place
            why.append("place: as the incident before (the text names none)")
        elif place is not None:
            why.append(f"place '{place.text}' -> {place.province or place.country}")
        why.append(date.note if date else "no date in the text")
        incident = Incident(sentence.number, sentence.text, date, place, name, rank, why=why)
        self.found.append(incident)
        return incident

    def responsibility(self, text: str, place: Place | None, attributed: bool = True) -> tuple[str | None, str] | None:
        """(perpetrator, why) from 'ISKP claimed responsibility', 'claimed by ISKP' and, when `attributed`, from the
        text saying who did it ('killed by Daesh', 'Daesh suicide bombers'); (None, why) when no group claimed it. 'The
        Islamic State' claiming an attack abroad stays islamic_state; in Afghanistan it is ISKP (conventions.actors).
        """
        if self.lexicon.unclaimed.search(text):
            return None, f"'{self.lexicon.unclaimed.search(text)[0]}': unclaimed"
        abroad = place is not None and place.province is None
        for pattern in self.lexicon.claimed + (self.lexicon.attributed if attributed else []):
            match = pattern.search(text)
            if not match:
                continue
            named = self.mentions.actors_in(match["actor"])
            if named:
                # 'the Islamic State's Khorasan branch, known as IS-K, claimed' abroad: the branch it names is ISKP
                aside = re.match(r",[^,.]{1,60},", text[match.end("actor") :])
                branch = (
                    next((m.actor for m in self.mentions.actors_in(aside[0]) if m.actor in self.branches), None)
                    if aside
                    else None
                )
                actor = branch or self.mentions.in_afghanistan(named[-1].actor, abroad)
                return actor, f"'{match[0]}' -> perpetrator {actor}"
            if self.mentions.anaphora["claimant"].search(match["actor"]) and self.memory.last_group:
                return self.memory.last_group, f"'{match[0]}': the group -> {self.memory.last_group}"
        return None

    def _initiator(self, text: str, incident: Incident) -> None:
        """'Taliban security forces killed six ...': in a raid or clash the initiator is the perpetrator."""
        verb = self.lexicon.initiator.search(text)
        if verb and re.search(r"\b(?:was|were|been|being)\s+$", text[: verb.start()]):
            # 'six militants were killed ... in an operation by the forces of the Islamic Emirate': the agent
            agent = re.search(r"\bby\b", text[verb.end() :])
            named = self.mentions.actors_in(text[verb.end() + agent.end() :]) if agent else []
            if named:
                incident.perpetrator = named[0].actor
                incident.why.append(f"initiator: '{named[0].text}' after 'by' -> perpetrator {named[0].actor}")
            return
        named = self.mentions.actors_in(text[: verb.start()]) if verb else []
        if named:
            incident.perpetrator = named[0].actor
            incident.why.append(f"initiator '{named[0].text}' -> perpetrator {named[0].actor}")
        elif verb and (title := self.mentions.title_actor(text[: verb.start()])) is not None:
            incident.perpetrator = title[0]  # 'security forces killed eight', 'the ministry said its forces killed'
            incident.why.append(f"initiator: title '{title[1]}' -> perpetrator {title[0]}")

    def _officials(self, sentence, incident: Incident) -> None:
        text = sentence.text
        for match in self.lexicon.officials.finditer(text):
            killed = self.lexicon.killed_after.match(text[match.end() :])
            if killed and self.lexicon.any_verb.search(killed[0]):
                killed = None  # 'the police chief ... said five people had been killed': the speaker, not a victim
            if not (killed or self.lexicon.killed_before.search(text[: match.start()])):
                continue
            places = self.mentions.places_in(" ".join(p for p in (match["owner"], match["named"], match["of"]) if p))
            national = self.lexicon.national.fullmatch(match["title"])
            province = (
                places[0].province
                if places
                else None
                if national
                else (incident.place.province if incident.place else None)
            )
            # 'the district chief, Mawlawi X,' or 'Mawlawi X, the district chief' ('..., a judge of')
            name = re.match(r"\s*,\s*((?:[A-Z][a-z]+ ){1,3}[A-Z][a-z]+)\s*,", text[match.end() :]) or re.search(
                r"\b((?:[A-Z][a-z]+ ){1,3}[A-Z][a-z]+),\s+(?:an? |the )?$", text[: match.start()]
            )
            position = re.sub(r"^(?:the )", "", match[0], flags=re.IGNORECASE)
            if any(
                match["title"].casefold() in o.position.casefold() and o.province == province
                for o in incident.officials
            ):
                continue  # the same official named again ('including the deputy governor')
            earlier = [o for i in self.found for o in i.officials if match["title"].casefold() in o.position.casefold()]
            if earlier and name is None and match[0].casefold().startswith("the "):
                continue  # 'to investigate the killing of the judge': the official already read, in any incident
            incident.officials.append(
                Official(
                    sentence.number,
                    text,
                    name[1] if name else None,
                    position,
                    province,
                    [
                        f"title '{match['title']}' killed",
                        f"province {province}"
                        if province
                        else "a national office: no province"
                        if national
                        else "province not stated",
                    ],
                    bool(national),
                )
            )


def _within(text: str, phrase: str, start: int, end: int) -> bool:
    """The date phrase overlaps the span of text from start to end."""
    at = text.find(phrase)
    return at >= 0 and at < end and start < at + len(phrase)
