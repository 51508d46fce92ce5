"""Statements: a reporting verb gives the kind (coding.verbs), the words before it the speaker, the words after it the
target."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..relative_dates import Resolved
from .clauses import clauses, nouns, participles, promised
from .mentions import Mention, Mentions
from .speakers import Memory, Speaker, Speakers, quote_open_after

SUMMARY_LENGTH = 200  # characters: a summary is a line, the quote holds the rest
AUTHOR = "rejects the claim of"  # a target found as the author of the claim a rejection or denial names


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
    summary: str = ""  # one line in the table's style: the claim itself, or 'Rejects ...', 'Urges ...'


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


def statements_in(
    sentence,
    dates: list[Resolved],
    memory: Memory,
    speakers: Speakers,
    mentions: Mentions,
    groups: set[str],
    skip_claims: bool,
    doc=None,
) -> list[Statement]:
    """The statements of one sentence; skip_claims when it is an account of casualties or a figure, not a claim.

    Each verb is spoken by the sentence's speaker, unless a contrast ('..., although Taliban officials have blamed')
    opens a clause with a subject of its own; a passive ('Pakistan was accused by the governor's office') has its
    agent as speaker and its subject as target. With the sentence's parsed clauses (clauses.py) a verb's own subject
    speaks and its objects name the target; the rules decide wherever the parse finds neither."""
    text, lexicon = sentence.text, mentions.lexicon
    abroad = mentions.abroad(text)
    passive = lexicon.passive.search(text)
    verbs = [
        v for v in verbs_in(text, lexicon) if not (passive and passive.start("verb") <= v[0] < passive.end("verb"))
    ]
    attached = {}
    spoke = {}  # verb start -> its speaker, for the verbs it reports
    if doc is not None:
        verbs, attached = _with_parse(verbs, clauses(doc, lexicon), nouns(doc) | participles(doc), passive)
    date = next((d for d in dates if not d.is_period), None)
    found: list[Statement] = []
    if passive:
        found += _passive(sentence, passive, date, memory, speakers, mentions, abroad)
    if verbs:
        speaker, content_before, attribution = _speaker(text, verbs, memory, speakers, abroad)
        for position, (start, end, kind, verb) in enumerate(verbs):
            previous = verbs[position - 1][1] if position else 0
            clause = lexicon.clause_break.search(text, previous, start) if position else None
            if clause:
                speaker, content_before = speakers.find(text[clause.end() : start], memory, abroad), None
            parse = attached.get(start)
            if parse is not None and parse.subject and mentions.anaphora["first_person"].fullmatch(parse.subject):
                speaker = _voice(text, verbs, attached, memory, speakers, abroad) or speaker  # '"We urge ...," X said'
            elif parse is not None and parse.subject and (position or not attribution or parse.subject in attribution):
                # (a subject outside the attribution that ends the reported words is the parser's slip: the
                # attribution speaks)
                speaker = speakers.find(parse.subject, memory, abroad, parse.person) or speaker
                # 'a State Department spokesperson said the United States urged': the spokesperson, one side's voice
                reporter = spoke.get(parse.reporter)
                if reporter is not None and speaker and mentions.actors.related(reporter.actor, speaker.actor):
                    speaker = reporter
            if speaker is None and quote_open_after(text[:start], memory.in_quote):
                # a verb inside the quotation whose subject is no speaker ('"The Republic will not allow ...," he
                # said'): the quotation's speaker says it
                speaker = _voice(text, verbs, attached, memory, speakers, abroad)
            if speaker is None:
                continue
            spoke[start] = speaker
            said = date or _earlier_date(sentence.number, speaker, memory)
            memory.last_speaker, memory.last_spoke_in = speaker, sentence.number
            memory.spoken.append(speaker)
            if said is not None:
                memory.dated[speaker.name or speaker.actor] = (sentence.number, said)
            following = verbs[position + 1][0] if position + 1 < len(verbs) else len(text)
            content = content_before if content_before is not None and position == 0 else text[end:following]
            reported_before = content_before is not None and position == 0
            for read in _reading(
                content, kind, verb, speaker, memory, mentions, groups, abroad, parse, reported_before
            ):
                if read[0] == "claim" and (skip_claims or (parse is not None and parse.elaborates)):
                    continue  # a toll or a figure, or more of the verb it hangs on; a denial or pledge still counts
                for each in [speaker, *_joint_speakers(parse, speaker, mentions, abroad)]:
                    found.append(
                        Statement(
                            sentence.number,
                            text,
                            each,
                            *read[:3],
                            said,
                            [w for w in (each.why, *read[3:]) if w],
                            summary(kind if kind == "claim" else read[0], verb, content, parse),
                        )
                    )
    if not verbs and not passive:
        found += _quotation_continued(sentence, date, memory, mentions, groups, abroad, doc)
    # a generic 'said' claim about the same target as an accusation or warning in the sentence says nothing more
    specific = {(s.speaker.actor, s.target) for s in found if s.kind != "claim"}
    found = [s for s in found if s.kind != "claim" or (s.speaker.actor, s.target) not in specific]
    # one speaker's two verbs of one kind in a sentence ('will not allow ... and that those responsible would be
    # found') are one statement: the one that names a target
    aimed = {(s.speaker.actor, s.kind) for s in found if s.target}
    found = [s for s in found if s.target or (s.speaker.actor, s.kind) not in aimed]
    memory.statements += [(s.speaker.actor, s.kind, s.target) for s in found]
    named = [mentions.in_afghanistan(m.actor, abroad) for m in mentions.actors_in(text) if m.actor in groups]
    memory.last_group = named[-1] if named else memory.last_group
    return found


def _quotation_continued(sentence, date, memory: Memory, mentions: Mentions, groups, abroad, doc) -> list[Statement]:
    """A sentence of quoted words with no reporting verb, right after the last speaker spoke ('..., Shahin said. "Our
    forces will hunt them down."'): the last speaker's, read as a reported clause is (a promise is a pledge)."""
    text, speaker = sentence.text.strip(), memory.last_speaker
    inside = memory.in_quote or text[:1] in '"“'
    if doc is None or speaker is None or memory.last_spoke_in != sentence.number - 1 or not inside:
        return []
    if quote_open_after(text, memory.in_quote):
        return []  # the quotation runs on: its attribution may follow ('... people. Four were killed," he said')
    action, actor = promised(doc, mentions.lexicon)
    kind, verb = ("pledge", action) if action else ("claim", "(quotation continued)")
    if action and any(not mentions.actors.related(m.actor, speaker.actor) for m in mentions.actors_in(actor or "")):
        kind, verb = "claim", "(quotation continued)"  # another actor is to act: not the speaker's promise
    readings = _reading(text, kind, verb, speaker, memory, mentions, groups, abroad)
    if readings:
        memory.last_spoke_in = sentence.number
    why = f"a quotation running on from sentence {sentence.number - 1}: {speaker.name or speaker.role}'s words"
    return [
        Statement(
            sentence.number,
            sentence.text,
            speaker,
            *read[:3],
            date,
            [why, *(w for w in read[3:] if w)],
            summary(read[0], verb, text),
        )
        for read in readings
    ]


def _voice(text: str, verbs, attached: dict, memory: Memory, speakers: Speakers, abroad: bool) -> Speaker | None:
    """Who says 'we' in a quotation: the subject of the sentence's attributing verb ('"We urge Kabul ...," the
    spokesperson said'), or, in a sentence that opens inside a quotation and names no one, the last speaker."""
    first_person = speakers.mentions.anaphora["first_person"]
    for start, _, _, verb in verbs:
        parse = attached.get(start)
        if (
            parse is not None
            and parse.subject
            and verb.casefold() in speakers.mentions.lexicon.attributing
            and not first_person.fullmatch(parse.subject)
        ):
            return speakers.find(parse.subject, memory, abroad, parse.person)
    return memory.last_speaker if text.lstrip()[:1] in '"“' else None


def _reading(
    content: str,
    kind: str,
    verb: str,
    speaker: Speaker,
    memory: Memory,
    mentions: Mentions,
    groups: set[str],
    abroad: bool,
    parse=None,
    before: bool = False,
) -> list[tuple[str, str, str | None, str, str]]:
    """(kind, verb, target, why of the kind, why of the target) of one reporting verb and the words it reports: none
    when it concerns no actor, one per actor blamed. What is reported can change the kind: 'said it was not involved'
    denies; 'said the attack was "the work of" X' accuses X; rejecting claims about an armed group that no actor made
    denies that group's presence (vocabularies.statement_kind). `before`: the content is the words reported before
    their attribution ('"...," X said'), part of what is said."""
    lexicon = mentions.lexicon
    # whether 'Daesh' is the branch in Afghanistan is read from what is said, not from where it was said ('speaking in
    # Moscow, said that 5,000 Daesh fighters were in the north'): conventions.actors
    abroad = mentions.abroad(content) if content.strip() else abroad
    # the whole reported clause, past any verb inside it ('said the group, which has claimed ..., had "no presence"')
    said = f"{parse.content} {parse.reported}" if parse is not None and (parse.content or parse.reported) else content
    if before:  # the words reported before their attribution ('"There are no camps. ...," X said') are what is said
        said = f"{content} {said}"
    blamed = _blamed(said, speaker, memory, mentions, abroad) if kind == "claim" else []
    if blamed:
        return [
            ("accusation", f"{verb} ... {words}", actor, f"'{words}' -> accusation", why)
            for actor, words, why in blamed
        ]
    if kind == "claim" and lexicon.rejection_clause.search(said):  # 'said the claims by Iran were baseless'
        kind, verb = "rejection", f"{verb} ... {lexicon.rejection_clause.search(said)[0]}"
    elif kind == "claim" and lexicon.denial_clause.search(said):
        kind, verb = "denial", f"{verb} ... {lexicon.denial_clause.search(said)[0]}"
    elif kind == "claim" and lexicon.warning_clause.search(said):  # 'said it was "concerned that ..."'
        kind, verb = "warning", f"{verb} ... {lexicon.warning_clause.search(said)[0]}"
    elif kind == "claim" and lexicon.appeal_clause.search(content):  # '"Iranian officials should focus ...," he said'
        kind, verb = "appeal", f"{verb} ... {lexicon.appeal_clause.search(content)[0]}"
        subject = lexicon.appeal_clause.search(content)["subject"]
        named = [
            m for m in mentions.actors_in(subject, capitals=True) if not mentions.actors.related(m.actor, speaker.actor)
        ]
        if named:  # the appeal is to whoever 'should'
            target = mentions.in_afghanistan(named[0].actor, abroad)
            return [(kind, verb, target, f"'{verb}' -> appeal", f"'{subject.strip()}' should -> target {target}")]
        content = content[lexicon.appeal_clause.search(content).start() :]  # not an actor the quotation named before
    if kind == "claim" and parse is not None and parse.pledged:
        actors = mentions.actors_in(parse.pledger or "")
        if all(mentions.actors.related(mentions.in_afghanistan(m.actor, abroad), speaker.actor) for m in actors):
            kind, verb = "pledge", f"{verb} ... {parse.pledged}"
    target, why = _parsed_target(parse, speaker, memory, mentions, abroad) if parse is not None else (None, "")
    if target is None:
        target, why = _target(content, kind, speaker, memory, mentions, abroad)
    ready = (
        parse is not None and kind == "pledge" and parse.pledged in lexicon.raw["parse"]["pledge_clauses"]["readiness"]
    )
    if ready and target not in groups:  # 'ready to cooperate with Kabul': a partner, not whom the pledge is against
        target, why = None, f"'{parse.pledged}' to act with others: no target"
    if why.startswith(AUTHOR):  # whose claim it rejects is known, a group's too: a rejection aimed at the claimant
        return [(kind, verb, target, f"verb '{verb}' -> {kind}", why)]
    if kind == "rejection" and target in groups:
        kind, why = "denial", why + "; claims about an armed group that no actor made: a denial, not a rejection"
    if target is None and kind != "pledge":
        return []
    return [(kind, verb, target, f"verb '{verb}' -> {kind}", why)]


def _blamed(
    said: str, speaker: Speaker, memory: Memory, mentions: Mentions, abroad: bool
) -> list[tuple[str, str, str]]:
    """(actor, words, why) of each actor a reported clause blames (lexicon blame_clauses), not the speaker's side: the
    actor named after 'the work of', 'paid by'; the one named before 'are giving ... shelter', 'had carried out the
    bombing' ('the cell': the last armed group named)."""
    found = []
    for side, pattern in mentions.lexicon.blame_clauses.items():
        for match in pattern.finditer(said):
            if side == "by":
                named = mentions.actors_in(said[match.end() : match.end() + 80], capitals=True)[:1]
            else:
                named = mentions.actors_in(said[max(0, match.start() - 80) : match.start()], capitals=True)[-1:]
                group = mentions.anaphora["armed_group"].search(said[max(0, match.start() - 30) : match.start()])
                if not named and group and memory.last_group:
                    named = [Mention(0, 0, memory.last_group, group[0])]
            for mention in named:
                actor = mentions.in_afghanistan(mention.actor, abroad)
                if not mentions.actors.related(actor, speaker.actor) and all(actor != f[0] for f in found):
                    found.append((actor, match[0], f"'{match[0]}' '{mention.text}' -> target {actor}"))
    return found


def _joint_speakers(parse, speaker: Speaker, mentions: Mentions, abroad: bool) -> list[Speaker]:
    """The other actors of a subject joined by 'and' ('reports from the United Nations and the United States have
    highlighted'): each says it too."""
    if parse is None or not parse.subject or " and " not in parse.subject:
        return []
    others = []
    for mention in mentions.actors_in(parse.subject):
        actor = mentions.in_afghanistan(mention.actor, abroad)
        if actor != speaker.actor and all(actor != o.actor for o in others):
            others.append(Speaker(None, mention.text, actor, f"speaker: '{mention.text}' -> {actor}, joined by 'and'"))
    return others


def summary(kind: str, verb: str, content: str, parse=None) -> str:
    """The statement in one line, as the tables word it: a claim by what it says ('ISKP fighters moved to
    Afghanistan.'), any other kind by its verb in the present and what follows ('Rejects Iran's claim that ...')."""
    if kind == "claim":
        words = parse.reported if parse is not None and parse.reported else re.sub(r"^\W*that\s+", "", content)
    else:
        words = parse.content if parse is not None and parse.content else content
    words = words.strip(" ,;:\"“”'").rstrip(".")
    if kind != "claim" or not words:
        modal = re.search(r"\b(?:not|never|n't|will|would|shall|can|could|may|might|must)\b", verb, re.IGNORECASE)
        single = parse is not None and not modal and (len(verb.split()) == 1 or verb == parse.verb)
        words = f"{_present(parse.lemma) if single else verb} {words}".strip()
    if len(words) > SUMMARY_LENGTH:
        words = words[:SUMMARY_LENGTH].rsplit(" ", 1)[0] + " ..."
    return words[:1].upper() + words[1:] + ("" if words.endswith("...") else ".")


def _present(lemma: str) -> str:
    """'reject' -> 'rejects', 'deny' -> 'denies', 'dismiss' -> 'dismisses'."""
    if re.search(r"(?:s|sh|ch|x|z)$", lemma):
        return lemma + "es"
    if re.search(r"[^aeiou]y$", lemma):
        return lemma[:-1] + "ies"
    return lemma + "s"


def _with_parse(verbs, parsed, noun_starts: set[int], passive) -> tuple[list, dict]:
    """The reporting verbs of the rules and the parse together, and the parsed clause of each (by its start): a
    verb the parse finds and no phrase matched ('has claimed', 'requested') is added; a phrase keeps its kind; a
    phrase the parse reads as a noun ('Iran's claims that') is dropped."""
    attached, covered = {}, []
    verbs = [v for v in verbs if v[0] not in noun_starts]
    for start, end, *_ in verbs:
        clause = next((c for c in parsed if start <= c.start < end), None)
        if clause is not None:
            attached[start] = clause
        covered.append((start, end))
    if passive:
        covered.append((passive.start(), passive.end()))
    extra = [c for c in parsed if not any(s <= c.start < e for s, e in covered)]
    attached |= {c.start: c for c in extra}
    merged = sorted([*verbs, *((c.start, c.end, c.kind, c.verb) for c in extra)])
    return merged, attached


def _parsed_target(parse, speaker: Speaker, memory: Memory, mentions: Mentions, abroad: bool) -> tuple[str | None, str]:
    """The target the parse names: for a rejection of a claim its claimant ('rejected Iran's claim' -> Iran), else
    the first actor, not the speaker's side, in the verb's object or attachments ('accused Pakistan of')."""
    if parse.claimant:
        for mention in mentions.actors_in(parse.claimant, capitals=True) or _nationals(parse.claimant, mentions):
            actor = mentions.in_afghanistan(mention.actor, abroad)
            if not mentions.actors.related(actor, speaker.actor):
                return actor, f"{AUTHOR} '{parse.claimant}' -> {actor}"
        group = memory.last_group
        if group and mentions.anaphora["armed_group"].search(parse.claimant):  # 'rejected the group's figure'
            if not mentions.actors.related(group, speaker.actor):
                return group, f"{AUTHOR} '{parse.claimant}' -> the last armed group named ({group})"
    for words in parse.objects:
        for mention in mentions.actors_in(words, capitals=True):
            actor = mentions.in_afghanistan(mention.actor, abroad)
            if not mentions.actors.related(actor, speaker.actor):
                return actor, f"parse: '{words}' -> target {actor}"
    return None, ""


def _nationals(words: str, mentions: Mentions) -> list:
    """'the Iranian minister's claim': the nationality as a mention of its state."""
    found = mentions.nationality(words)
    return [Mention(0, 0, found[0], found[1])] if found else []


def _passive(
    sentence, match, date, memory: Memory, speakers: Speakers, mentions: Mentions, abroad: bool
) -> list[Statement]:
    """'Pakistan was accused by the Khost governor's office of ...': the agent speaks, the subject is the target."""
    kind = next(k for k, pattern in mentions.lexicon.verbs.items() if pattern.fullmatch(match["verb"]))
    speaker = speakers.find(match["agent"], memory, abroad)
    subjects = mentions.actors_in(sentence.text[: match.start()], capitals=True)
    if speaker is None or not subjects:
        return []
    target = mentions.in_afghanistan(subjects[-1].actor, abroad)
    return [
        Statement(
            sentence.number,
            sentence.text,
            speaker,
            kind,
            match["verb"],
            target,
            date,
            [
                speaker.why,
                f"passive '{match[0].strip()}' -> {kind}",
                f"subject '{subjects[-1].text}' -> target {target}",
            ],
        )
    ]


def speaker_of(text: str, memory: Memory, speakers: Speakers, mentions: Mentions) -> Speaker | None:
    """Who speaks in a sentence with a reporting verb (None without one, or when no actor speaks)."""
    verbs = verbs_in(text, mentions.lexicon)
    return _speaker(text, verbs, memory, speakers, mentions.abroad(text))[0] if verbs else None


def _earlier_date(number: int, speaker: Speaker, memory: Memory) -> Resolved | None:
    """An undated sentence by a person dated before ('Sarwari also accused'), or by the same actor in the sentence
    before."""
    earlier = memory.dated.get(speaker.name or speaker.actor)
    if earlier is None or (speaker.name is None and earlier[0] != number - 1):
        return None
    return earlier[1]._replace(note=f"dated as the speaker's remarks in sentence {earlier[0]}: " + earlier[1].note)


def _speaker(
    text: str, verbs, memory: Memory, speakers: Speakers, abroad: bool
) -> tuple[Speaker | None, str | None, str | None]:
    """The speaker, and for a sentence opening with a quotation ('"...," Balkhi, a spokesperson for the ministry, said';
    '"...," he insisted') or for '..., the spokesperson said' the words before the attribution, and the attribution's
    words. A quotation opened in earlier sentences ('"There are no camps. They have no base," X said') is reported
    whole; an attribution may name the office, then the person ('..., Russia's envoy, Ivan Petrov, told reporters')."""
    start, _, kind, verb = verbs[0]
    before = text[:start]
    quoted = re.search(r"[\"”]\s*(?P<who>[^\"“”]{1,120})$", before)
    if quoted and (before.lstrip()[:1] in '"“' or memory.in_quote) and len(quoted["who"].split()) <= 15:
        speaker = speakers.find(quoted["who"].strip(" ,"), memory, abroad)
        if speaker is not None:
            return speaker, f"{memory.quotation} {before[: quoted.start()]}".strip(), quoted["who"]
    trailing = re.search(r",\s*(?P<who>[^,\"”]{1,80})$", before)
    if trailing and not trailing["who"].strip():  # '..., the envoy, Ivan Petrov, told'
        trailing = re.search(r",\s*(?P<who>[^,\"”]{1,80},\s*[^,\"”]{1,40}),\s*$", before)
    if (
        verb.casefold() in speakers.mentions.lexicon.attributing
        and trailing
        and len(trailing["who"].split()) <= 12
        and len(before[: trailing.start()].split()) >= 4
    ):
        speaker = speakers.find(trailing["who"], memory, abroad)
        if speaker is not None:
            return speaker, before[: trailing.start()], trailing["who"]
    return speakers.find(before, memory, abroad), None, None


def _target(
    content: str, kind: str, speaker: Speaker, memory: Memory, mentions: Mentions, abroad: bool
) -> tuple[str | None, str]:
    """The actor the statement is about: for a rejection of an allegation ('rejected the claims, stating that ...') its
    author, named in it or the last other speaker; else the first other actor named, 'the group', or for a denial
    the last accuser of the speaker's side."""
    allegation = mentions.lexicon.allegations.match(content) if kind in {"rejection", "denial"} else None
    if allegation:
        authors = [
            m
            for m in mentions.actors_in(allegation[0], capitals=True)
            if not mentions.actors.related(m.actor, speaker.actor)
        ]
        if authors:
            return authors[0].actor, f"{AUTHOR} '{allegation[0].strip()}' -> its author {authors[0].actor}"
        earlier = [actor for actor, _, _ in memory.statements if not mentions.actors.related(actor, speaker.actor)]
        claim_word = re.search(r"\b(?:" + "|".join(mentions.lexicon.raw["claim_words"]) + r")\b", allegation[0], re.I)
        if claim_word and memory.fresh_claim and not mentions.actors.related(memory.fresh_claim, speaker.actor):
            earlier.append(memory.fresh_claim)  # 'rejected the claim': the claim of responsibility reported just before
        if earlier:
            return earlier[-1], f"{AUTHOR} '{allegation[0].strip()}' -> the last other speaker ({earlier[-1]})"
    for mention in mentions.actors_in(content, capitals=True):
        actor = mentions.in_afghanistan(mention.actor, abroad)
        if not mentions.actors.related(actor, speaker.actor):
            return actor, f"target '{mention.text}' -> {actor}"
    if kind == "accusation":  # 'had been trained in camps in Balochistan': the state whose ground it names
        for place in mentions.places_in(content):
            state = mentions.actors.find(place.country) if place.province is None else None
            if state and not mentions.actors.related(state, speaker.actor):
                return state, f"place '{place.text}' -> its state {state}"
    group = mentions.anaphora["armed_group"].search(content)
    if group and memory.last_group and not mentions.actors.related(memory.last_group, speaker.actor):
        return memory.last_group, f"'{group[0]}' -> the last armed group named ({memory.last_group})"
    if kind == "denial":
        accusers = [
            actor
            for actor, said, target in memory.statements
            if said == "accusation"
            and target
            and mentions.actors.related(target, speaker.actor)
            and not mentions.actors.related(actor, speaker.actor)
        ]
        if accusers:
            return accusers[
                -1
            ], f"no one named: a denial answers the last accusation against {speaker.actor} ({accusers[-1]})"
    return None, ""
