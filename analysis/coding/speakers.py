"""Who speaks: a person named as printed, the actor they speak for, and their office; remembered across sentences
so that 'Sarwari also accused' and 'he said' find the speaker introduced earlier."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lexicon import words
from .mentions import Mentions


@dataclass(frozen=True)
class Speaker:
    name: str | None  # as printed at its fullest mention; None when an institution or document speaks
    role: str
    actor: str
    why: str


@dataclass
class Memory:
    """What the article has said so far: people by surname, the last speaker, the last armed group, the statements."""

    people: dict[str, Speaker] = field(default_factory=dict)
    last_speaker: Speaker | None = None
    last_spoke_in: int = 0  # the sentence where last_speaker last spoke: a quotation running on is theirs
    sentence: int = 0  # the sentence being read
    in_quote: bool = False  # the sentences so far leave a quotation open: the next one starts inside it
    quotation: str = ""  # the sentences of that open quotation so far: what its attribution, when it comes, reports
    spoken: list[Speaker] = field(default_factory=list)  # every speaker so far, in order: whom an anaphor means
    last_group: str | None = None
    fresh_claim: str | None = None  # the group whose claim of responsibility the last sentence reported
    statements: list = field(default_factory=list)  # (speaker actor, kind, target) in reading order
    dated: dict = field(
        default_factory=dict
    )  # person or actor -> (sentence, date) of their last dated remarks ('Sarwari also accused')
    # a body's head noun -> (actor, words) where an actor's name described it ('the UN Security Council's monitoring
    # team'): whom a later 'the monitoring team' or 'the committee' means
    bodies: dict[str, tuple[str, str]] = field(default_factory=dict)


def quote_open_after(text: str, open_before: bool) -> bool:
    """Whether a quotation is still open after `text`, given whether one was open before it (curly marks by their
    shape, straight ones by their count)."""
    for mark in re.findall(r"[\"“”]", text):
        open_before = mark == "“" or (mark == '"' and not open_before)
    return open_before


class Speakers:
    def __init__(self, mentions: Mentions):
        self.mentions = mentions
        raw = mentions.lexicon.raw
        honorific = "|".join(re.escape(h) for h in raw["honorifics"])
        self.name = re.compile(
            r"(?:^|(?<=, )|(?<=^\W))(?P<name>(?:(?:"
            + honorific
            + r") )?[A-Z][a-z]+(?:[- ][A-Z][a-z]+){1,3})(?=\s*(?:,|$|also\s*$))"
        )
        person = r"(?P<name>(?:(?:" + honorific + r") )?[A-Z][a-z]+(?:[- ][A-Z][a-z]+){1,3})"
        self.apposition = [
            re.compile(person + r", (?:a|an|the) (?P<role>[^,.;\"“]{3,80})"),
            re.compile(r"(?:^|\b(?:[Tt]he|[Aa]n?) )(?P<role>[^,.;\"“]{3,80}), " + person + r","),
        ]
        self.honorific = re.compile(r"^(?:(?:" + honorific + r") )+")
        self.role_words = words([re.escape(w) for w in raw["role_words"]])
        self.commentator = words([re.escape(w) for w in raw["commentators"]])
        self.the_office = re.compile(
            r"(?:the|this) (?:[\w-]+ ){0,2}?(?:" + "|".join(re.escape(w) for w in raw["role_words"]) + r")",
            re.IGNORECASE,
        )
        self.lead = raw["named_after_office"]
        self.person_office = words([re.escape(w) for w in self.lead["offices"]])

    def find(self, span: str, memory: Memory, abroad: bool, person: str | None = None) -> Speaker | None:
        """The speaker named in `span` (the words before the verb, or after a closing quote: '..., the spokesperson
        said'); `person` is a name the parse found in it."""
        span = span.strip()
        actors = self.mentions.actors_in(span)
        if not actors and self.mentions.capital.fullmatch(re.sub(r"^(?:officials in|the government in)\s+", "", span)):
            actors = self.mentions.actors_in(span, capitals=True)  # 'Islamabad blamed ...': the capital as its state
        name = self._person(span, actors) or (person if person and not self._is_actor(person, actors, span) else None)
        if self.commentator.search(span) and not self.role_words.search(span):
            # 'Political analyst X, a researcher at a Moscow institute': a voice of no actor; 'he' after it is theirs
            memory.spoken.append(Speaker(name, span, "", "a commentator speaks for no actor"))
            return None
        known = self._known(span, memory)
        actor, why = None, ""
        if actors:
            actor = self.mentions.in_afghanistan(actors[0].actor, abroad)
            why = f"'{actors[0].text}' -> {actor}"
        elif (nationality := self.mentions.nationality(span)) is not None:  # 'the Pakistani foreign ministry'
            actor, why = nationality[0], f"nationality '{nationality[1]}' -> {nationality[0]}"
        elif (title := self.mentions.title_actor(span)) is not None:
            actor, why = title[0], f"title '{title[1]}' -> {title[0]}"
        if (
            name
            and known
            and known.name
            and len(name) < len(known.name)
            and self._surname(name) == self._surname(known.name)
        ):
            return known  # 'Jawed' after 'Karim Jawed': the name at its fullest
        if name:
            role = self._role(span.replace(name, ""), actors) or (known.role if known else "")
            if actor is None and known:
                actor, why = known.actor, f"'{name}' is {known.name} ({known.actor})"
            office = self._office_just_before(span, name, memory) if actor is None and not role else None
            if office is not None:
                role, actor = office.role, office.actor
                why = f"'{name}' named after the {office.role} who spoke just before ({office.actor})"
            if actor is None:
                return None
            speaker = Speaker(name, role, actor, f"speaker '{name}': {why}")
            memory.people[self._surname(name)] = speaker
            return speaker
        if known and actor in (None, known.actor):
            return known
        if actor:
            return Speaker(
                None, self._role(span, actors) or (actors[0].text if actors else span), actor, f"speaker: {why}"
            )
        group = self.mentions.anaphora["armed_group"].fullmatch(span)
        if group and memory.last_group:  # 'the group accused the Taliban': the last armed group named
            return Speaker(
                None, span, memory.last_group, f"'{span}' -> the last armed group named ({memory.last_group})"
            )
        word = self.mentions.anaphora["speaker"].search(span)
        if word is None and (body := self._body(span, memory)) is not None:
            return body
        word = word or self.the_office.fullmatch(span)  # 'the envoy': the last speaker holding that office
        last = self._antecedent(word[0], memory) if word else None
        if last is not None and last.actor:
            return Speaker(
                last.name,
                last.role,
                last.actor,
                f"'{word[0]}' -> the last speaker ({last.name or last.role}, {last.actor})",
            )
        return None

    def _office_just_before(self, span: str, name: str, memory: Memory) -> Speaker | None:
        """'The ministry's spokesman rejected the report ... Speaking in Kabul, Abdul Karim said': a person named bare
        (no office or actor of their own, no description before the name) right after an office held by a person spoke
        unnamed (since, only institutions spoke) is its holder: news leads give the title, the next sentences the name
        (lexicon named_after_office)."""
        if memory.sentence - memory.last_spoke_in > self.lead["within"]:
            return None
        if name != span.strip() and name != self._person(span, self.mentions.actors_in(span)):
            return None
        before = span[: span.find(name)]
        if re.search(r"(?:^|,)\s*(?:a|an|the)\b[^,]*,\s*$", before, re.IGNORECASE):  # 'a bread seller, Abdul Karim'
            return None
        for earlier in reversed(memory.spoken):  # past institutions ('the ministry'), not past a person named
            if earlier.name:
                return None
            if self.person_office.search(earlier.role):
                return earlier
        return None

    def _body(self, span: str, memory: Memory) -> Speaker | None:
        """'The committee said': the body a possessive or compound actor's name described earlier ('Tajikistan's State
        Committee for National Security'), by its head noun."""
        described = re.fullmatch(r"(?:the|this) (?:[\w-]+ ){0,3}?(?P<noun>[\w-]+)", span.strip(), re.IGNORECASE)
        found = memory.bodies.get(described["noun"].casefold()) if described else None
        if found is None:
            return None
        return Speaker(None, span.strip(), found[0], f"'{span.strip()}' -> {found[1]} ({found[0]})")

    def _antecedent(self, word: str, memory: Memory) -> Speaker | None:
        """Whom an anaphor means: 'he'/'she' the last person named; 'the spokesman' the last speaker whose office is a
        spokesman's ('the minister', 'the official' likewise); any other ('it', 'the ministry') the last speaker."""
        if self.mentions.anaphora["person"].fullmatch(word):
            return next((s for s in reversed(memory.spoken) if s.name), memory.last_speaker)
        office = word.split()[-1].casefold()
        if len(word.split()) > 1 and office in {w.casefold() for w in self.mentions.lexicon.raw["role_words"]}:
            return next((s for s in reversed(memory.spoken) if office in s.role.casefold()), memory.last_speaker)
        return memory.last_speaker

    def remember(self, text: str, memory: Memory, abroad: bool, doc=None) -> None:
        """People introduced with their office anywhere ('according to Mohammad Nabi Sultani, a spokesman for the Kabul
        police'), so that a later 'Sultani accused' finds them; with the parse, bodies an actor's name describes ('the
        UN Security Council's monitoring team'), so that a later 'the monitoring team' finds its actor."""
        for chunk in doc.noun_chunks if doc is not None else []:
            owners = [
                m
                for m in self.mentions.actors_in(chunk.text, capitals=True)
                if chunk.start_char + m.end <= chunk.root.idx
            ]
            if owners and chunk.root.pos_ in {"NOUN", "PROPN"} and not self.mentions.actors_in(chunk.root.text):
                actor = self.mentions.in_afghanistan(owners[-1].actor, abroad)
                memory.bodies[chunk.root.lower_] = (actor, chunk.text)
        for pattern in self.apposition:
            for match in pattern.finditer(text):
                name, role = match["name"], match["role"].strip()
                if (
                    self._surname(name) in memory.people
                    or not self.role_words.search(role)
                    or self.mentions.places_in(name)
                ):
                    continue
                actors = self.mentions.actors_in(role)
                title = self.mentions.title_actor(role)
                actor = self.mentions.in_afghanistan(actors[0].actor, abroad) if actors else title[0] if title else None
                if actor and not any(m.start < len(name) for m in self.mentions.actors_in(name)):
                    why = f"'{actors[0].text}' -> {actor}" if actors else f"title '{title[1]}' -> {actor}"
                    memory.people[self._surname(name)] = Speaker(name, role, actor, f"speaker '{name}', {role}: {why}")

    def _person(self, span: str, actors) -> str | None:
        for match in self.name.finditer(span):
            inside = any(m.start < match.end("name") and match.start("name") < m.end for m in actors)
            if not inside and not self.mentions.places_in(match["name"]) and not self.role_words.search(match["name"]):
                return match["name"]
        return None

    def _is_actor(self, name: str, actors, span: str) -> bool:
        """A 'person' that is an actor's name or a place ('Mujahid' is a person; 'Taliban' is not)."""
        at = span.find(name)
        return any(m.start < at + len(name) and at < m.end for m in actors) or bool(self.mentions.places_in(name))

    def _surname(self, name: str) -> str:
        return name.split()[-1].casefold()

    def _known(self, span: str, memory: Memory) -> Speaker | None:
        for token in re.findall(r"[A-Z][a-z]+", span):
            if token.casefold() in memory.people:
                return memory.people[token.casefold()]
        return None

    def _role(self, span: str, actors) -> str:
        """The office as printed: the comma-separated part of the span that names one ('the Taliban's interior ministry
        spokesman')."""
        parts = [p.strip(" ,\"“”'") for p in re.split(r",|\(|\)", span)]
        parts = [p for p in parts if self.role_words.search(p)]
        return (
            re.sub(r"^(?:the|a|an)\s+", "", parts[-1], flags=re.IGNORECASE) if parts else ""
        )  # the last: nearest the verb
