"""Statements: a reporting verb gives the kind (coding.verbs), the words before it the speaker, the words after it the target."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..relative_dates import Resolved
from .mentions import Mentions
from .speakers import Memory, Speaker, Speakers

SAYING = {"said", "says", "saying", "added", "told", "stated"}  # verbs that also attribute a quote after it ('..., he said')


@dataclass
class Statement:
    sentence: int
    quote: str
    speaker: Speaker
    kind: str
    verb: str
    target: str | None
    date: Resolved | None
    why: list[str]


def verbs_in(sentence: str, lexicon) -> list[tuple[int, int, str, str]]:
    """(start, end, kind, verb) of each reporting verb, in order; the longer reading wins where two overlap."""
    found = []
    for kind, pattern in lexicon.verbs.items():
        found += [(m.start(), m.end(), kind, m[0]) for m in pattern.finditer(sentence)]
    found.sort(key=lambda v: (v[0], -(v[1] - v[0])))
    kept = []
    for verb in found:
        if not kept or verb[0] >= kept[-1][1]:
            kept.append(verb)
    return kept


def statements_in(sentence, dates: list[Resolved], memory: Memory, speakers: Speakers, mentions: Mentions, groups: set[str],
                  skip_claims: bool) -> list[Statement]:
    """The statements of one sentence; skip_claims when it is an account of casualties or a figure, not a claim."""
    text, lexicon = sentence.text, mentions.lexicon
    verbs = verbs_in(text, lexicon)
    abroad = mentions.abroad(text)
    found: list[Statement] = []
    if verbs:
        speaker, content_before = _speaker(text, verbs, memory, speakers, abroad)
        date = next((d for d in dates if not d.is_period), None)
        if speaker is not None:
            if date is None:
                date = _earlier_date(sentence.number, speaker, memory)
            for position, (start, end, kind, verb) in enumerate(verbs):
                following = verbs[position + 1][0] if position + 1 < len(verbs) else len(text)
                content = text[end:following]
                if verb.casefold() in SAYING and content_before is not None and position == 0:
                    content = content_before
                if kind == "claim" and skip_claims:
                    continue
                target, why = _target(content, kind, speaker, memory, mentions, abroad)
                if target is None and kind != "pledge":
                    continue
                found.append(Statement(sentence.number, text, speaker, kind, verb, target, date,
                                       [speaker.why, f"verb '{verb}' -> {kind}", why] if why else [speaker.why, f"verb '{verb}' -> {kind}"]))
            memory.last_speaker = speaker
            if date is not None:
                memory.dated[speaker.name or speaker.actor] = (sentence.number, date)
    # a generic 'said' claim about the same target as an accusation or warning in the sentence says nothing more
    specific = {(s.speaker.actor, s.target) for s in found if s.kind != "claim"}
    found = [s for s in found if s.kind != "claim" or (s.speaker.actor, s.target) not in specific]
    memory.statements += [(s.speaker.actor, s.kind, s.target) for s in found]
    named = [mentions.in_afghanistan(m.actor, abroad) for m in mentions.actors_in(text) if m.actor in groups]
    memory.last_group = named[-1] if named else memory.last_group
    return found


def speaker_of(text: str, memory: Memory, speakers: Speakers, mentions: Mentions) -> Speaker | None:
    """Who speaks in a sentence with a reporting verb (None without one, or when no actor speaks)."""
    verbs = verbs_in(text, mentions.lexicon)
    return _speaker(text, verbs, memory, speakers, mentions.abroad(text))[0] if verbs else None


def _earlier_date(number: int, speaker: Speaker, memory: Memory) -> Resolved | None:
    """An undated sentence by a person dated before ('Sarwari also accused'), or by the same actor in the sentence before."""
    earlier = memory.dated.get(speaker.name or speaker.actor)
    if earlier is None or (speaker.name is None and earlier[0] != number - 1):
        return None
    return earlier[1]._replace(note=f"dated as the speaker's remarks in sentence {earlier[0]}: " + earlier[1].note)


def _speaker(text: str, verbs, memory: Memory, speakers: Speakers, abroad: bool) -> tuple[Speaker | None, str | None]:
    """The speaker, and for '"...," the spokesperson said' the quoted words before the attribution."""
    start, _, kind, verb = verbs[0]
    before = text[:start]
    trailing = re.search(r"[,\"”]\s*\"?\s*(?P<who>[^,\"”]{1,80})$", before)
    if verb.casefold() in SAYING and trailing and len(trailing["who"].split()) <= 8 and len(before[:trailing.start()].split()) >= 4:
        speaker = speakers.find(trailing["who"], memory, abroad)
        if speaker is not None:
            return speaker, before[:trailing.start()]
    return speakers.find(before, memory, abroad), None


def _target(content: str, kind: str, speaker: Speaker, memory: Memory, mentions: Mentions, abroad: bool) -> tuple[str | None, str]:
    for mention in mentions.actors_in(content, capitals=True):
        actor = mentions.in_afghanistan(mention.actor, abroad)
        if not mentions.actors.related(actor, speaker.actor):
            return actor, f"target '{mention.text}' -> {actor}"
    group = mentions.anaphora["armed_group"].search(content)
    if group and memory.last_group and not mentions.actors.related(memory.last_group, speaker.actor):
        return memory.last_group, f"'{group[0]}' -> the last armed group named ({memory.last_group})"
    if kind in {"rejection", "denial"} and mentions.lexicon.allegations.match(content):
        earlier = [actor for actor, _, _ in memory.statements if not mentions.actors.related(actor, speaker.actor)]
        if earlier:
            return earlier[-1], f"'{mentions.lexicon.allegations.match(content)[0].strip()}' -> the last other speaker ({earlier[-1]})"
    return None, ""
