"""Reporting clauses read from the parse: the verb, who it says speaks, what it is about, and whose claim it rejects.

The dependency parse (analysis/coding/parse.py) gives what the phrasing rules guess at: the subject of a reporting
verb wherever it stands ('"...," Mujahid, who heads the ministry, said'), a subject shared by coordinated or
participial verbs ('rejected ..., urging Iran to ...'), and the verb's objects and attachments ('accused Pakistan of',
'a claim made by Iran's foreign minister'). Which verbs report, and which attachments name a target, is the
lexicon's `parse` section.
"""

from __future__ import annotations

from dataclasses import dataclass

SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
LEFT_OUT = {"relcl", "acl", "advcl", "ccomp", "punct", "cc"}  # a mention's own clauses are not part of its name
RELATIVE = {"who", "which", "that"}
NOT_VERBS = {"compound", "amod", "nmod", "npadvmod"}  # 'Sayed Jawad Hosseini': a name the tagger took for 'say'


@dataclass(frozen=True)
class Clause:
    start: int  # the verb's characters in the sentence
    end: int
    kind: str  # vocabularies.statement_kind
    verb: str  # as printed, with its auxiliaries ('has claimed')
    lemma: str
    subject: str | None  # the words naming the speaker, apposition included; None when the parse finds none
    person: str | None  # a person's name in those words (the parse's PERSON entity)
    objects: tuple[str, ...]  # what the verb is about, nearest first: object, attachments, the reported subject
    claimant: str | None  # a rejection or denial of a claim: the words naming who made it ('Iran's foreign minister')
    content: str  # the words after the verb, its dependents ('Iran's claim that ...', 'Kabul to act')
    reported: str  # the reported clause itself, before or after the verb ('"There is no Daesh here," he said')
    elaborates: bool  # 'rejected the claims, stating that ...': a participle saying more of the verb it hangs on
    reporter: int | None  # the start of the reporting verb whose reported clause holds this one ('said that X urged')
    pledged: str | None = None  # the reported clause promises an action ('said police "will pursue" them'): its words
    pledger: str | None = None  # who will act, when the clause names them ('police'); None in the passive


def clauses(doc, lexicon) -> list[Clause]:
    """The reporting clauses of one parsed sentence, in reading order."""
    rules = lexicon.raw["parse"]
    kinds, preps = rules["verb_lemmas"], set(rules["target_preps"])
    allegations = {a.casefold() for a in lexicon.raw["allegations"]}
    found = []
    for verb in doc:
        kind = (
            kinds.get(verb.lemma_.casefold())
            or _pledge(verb, rules["pledges"])
            or _asks(verb, rules["appeal_complements"])
            or _holds_responsible(verb, rules["held_responsible"])
        )
        if kind is None or not verb.tag_.startswith("VB") or verb.dep_ in NOT_VERBS:
            continue
        if _attributive(verb) or _passive_without_agent(verb) or _asked_of(verb, kinds):
            continue
        subject = _subject(verb, kinds)
        direct, attached, reported, claimant = [], [], [], None  # the target: object first, then attachments
        if verb.lemma_.casefold() in rules["pledges"]["pursued"]:  # 'the bombers will not escape': the bombers
            direct, subject = [subject] if subject else [], None  # are the target, the reporter the speaker
        person = _person(doc, subject)
        for child in verb.children:
            if child.dep_ in {"dobj", "dative", "attr"}:
                direct.append(_span(child))
                if child.lemma_.casefold() in allegations and kind in {"rejection", "denial"}:
                    claimant = _claimant(child)
            elif child.dep_ == "prep" and child.lower_ in preps:
                attached += [_span(g) for g in child.children if g.dep_ == "pobj"]
            elif child.dep_ in {"ccomp", "xcomp"}:
                reported += [_span(g) for g in child.children if g.dep_ in SUBJECTS | {"dobj"}]
        if claimant is None and kind in {"rejection", "denial"}:
            claimant = _answered(verb, kinds, allegations)
        objects = direct + attached + reported
        auxiliaries = [c for c in verb.children if c.dep_ in {"aux", "auxpass", "neg"} and c.i < verb.i]
        first = auxiliaries[0] if auxiliaries else verb
        after = [t for t in verb.subtree if t.i > verb.i]
        found.append(
            Clause(
                verb.idx,
                verb.idx + len(verb.text),
                kind,
                doc.text[first.idx : verb.idx + len(verb.text)],
                verb.lemma_.casefold(),
                subject,
                person,
                tuple(o for o in objects if o),
                claimant,
                doc.text[after[0].idx : after[-1].idx + len(after[-1].text)] if after else "",
                _reported(verb),
                verb.dep_ == "advcl" and verb.tag_ == "VBG" and verb.head.lemma_.casefold() in kinds,
                _reporter(verb, kinds),
                *_pledged(verb, rules["pledge_clauses"]),
            )
        )
    return sorted(found + _sourced(doc, rules["source_phrases"]), key=lambda c: c.start)


def _sourced(doc, phrases: list[str]) -> list[Clause]:
    """'According to the interior ministry, ISKP fighters were behind the attack': the phrase's object speaks the
    sentence's main clause, a claim (its content may make it another kind) whose target is that clause's subject or
    object."""
    found = []
    for phrase in phrases:
        words = phrase.casefold().split()
        for token in doc:
            if [t.lower_ for t in doc[token.i : token.i + len(words)]] != words:
                continue
            last = doc[token.i + len(words) - 1]
            source = next((c for c in last.children if c.dep_ == "pobj"), None)
            root = token.sent.root
            if source is None or root.i in {t.i for t in token.subtree} or root.pos_ not in {"VERB", "AUX"}:
                continue
            aside = {t.i for t in token.subtree} | {t.i for t in last.subtree}
            kept = [t for t in root.subtree if t.i not in aside and not t.is_punct]
            said = doc.text[kept[0].idx : kept[-1].idx + len(kept[-1].text)] if kept else ""
            objects = [_span(c) for c in root.children if c.dep_ in SUBJECTS | {"dobj"} and c.i not in aside]
            subject = _span(source)
            end = last.idx + len(last.text)
            found.append(
                Clause(
                    token.idx,
                    end,
                    "claim",
                    doc.text[token.idx : end],
                    "say",
                    subject,
                    _person(doc, subject),
                    tuple(o for o in objects if o),
                    None,
                    said,
                    said,
                    False,
                    None,
                )
            )
    return found


def _pledged(verb, rules: dict) -> tuple[str | None, str | None]:
    """(the promised action, who will act) when the verb's reported clause puts an action of the lexicon's
    pledge_clauses in the future ('said security forces would hunt down', 'that the network "will be dismantled"',
    'will be brought to justice'); (None, None) otherwise."""
    for clause in (c for c in verb.children if c.dep_ == "ccomp"):
        found = _promise(clause.subtree, rules)
        if found[0]:
            return found
    return None, None


def promised(doc, lexicon) -> tuple[str | None, str | None]:
    """(the promised action, who will act) anywhere in a sentence of quoted words ('"Those responsible will soon be
    arrested."'): as _pledged for a reported clause."""
    return _promise(doc, lexicon.raw["parse"]["pledge_clauses"])


def _promise(tokens, rules: dict) -> tuple[str | None, str | None]:
    for token in tokens:
        if _ready(token, rules["readiness"]):  # 'Moscow was ready to continue', 'forces are determined to wipe out'
            subject = next((c for c in token.head.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            return token.text, _span(subject) if subject is not None else None
        auxiliaries = {c.lower_ for c in token.children if c.dep_ == "aux"}
        if not auxiliaries & set(rules["auxiliaries"]) or any(c.dep_ == "neg" for c in token.children):
            continue
        words = " ".join(t.lower_ for t in token.subtree)
        if token.lemma_.casefold() in rules["actions"] or any(p in words for p in rules["phrases"]):
            subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
            return token.text, _span(subject) if subject is not None else None
    return None, None


def _ready(token, words: list[str]) -> bool:
    """'were "ready to cooperate"', 'is determined to root out': an adjective of readiness complementing a verb, with
    an infinitive of what will be done, not negated."""
    if token.lower_ not in words or token.dep_ not in {"acomp", "oprd"}:
        return False
    infinitive = any(
        c.dep_ == "xcomp" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children) for c in token.children
    )
    return infinitive and not any(c.dep_ == "neg" for c in [*token.children, *token.head.children])


def _reporter(verb, kinds: dict) -> int | None:
    """Where the reporting verb starts that reports this one: the nearest ancestor reached through a reported clause."""
    token = verb
    while token.head.i != token.i:
        if token.dep_ == "ccomp" and token.head.lemma_.casefold() in kinds:
            return token.head.idx
        token = token.head
    return None


def _reported(verb) -> str:
    """The verb's reported clause ('that ISKP fighters moved ...'), without its 'that'; '' when it has none. A 'that'
    clause the parser hung on a noun after the verb ('stated in an interview that ...') is the reported one too."""
    clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    if clause is None:
        clause = next(
            (
                t
                for t in verb.subtree
                if t.i > verb.i and any(m.dep_ == "mark" and m.lower_ == "that" for m in t.children)
            ),
            None,
        )
    if clause is None:
        return ""
    kept = [t for t in clause.subtree if not (t.dep_ == "mark" and t.head.i == clause.i)]
    text = verb.doc.text
    return text[kept[0].idx : kept[-1].idx + len(kept[-1].text)].strip(" ,;:\"“”'") if kept else ""


def nouns(doc) -> set[int]:
    """Where the parse reads a noun: a phrase like 'claims that' there is a noun ('Iran's claims that'), not a verb."""
    return {t.idx for t in doc if t.pos_ in {"NOUN", "PROPN"}}


def participles(doc) -> set[int]:
    """Where the parse reads a participle describing a noun ('people accused of ISKP membership', 'the claims made
    by'): a phrase there is not a verb anyone said. One with an object ('chief, Abdul Qadir Fayez, accused ISKP of')
    is a verb the parser hung on a name."""
    return {t.idx for t in doc if _attributive(t) and not any(c.dep_ == "dobj" for c in t.children)}


def _person(doc, subject: str | None) -> str | None:
    """The last PERSON entity inside the subject's words ('the ministry's spokesman Abdul Qahar Balkhi')."""
    if not subject:
        return None
    people = [e.text for e in doc.ents if e.label_ == "PERSON" and e.text in subject]
    return people[-1] if people else None


def _attributive(verb) -> bool:
    """'the claims made by ...', 'a report released on Monday': a participle describing a noun, not a verb said."""
    return verb.tag_ == "VBN" and verb.dep_ in {"acl", "amod"}


def _pledge(verb, pledges: dict) -> str | None:
    """'would "not allow anyone" to threaten': will/would + not + a verb of permission is a pledge."""
    children = {c.lower_ for c in verb.children if c.dep_ in {"aux", "neg"}}
    negated = bool(children & {"not", "never", "n't"})
    if (
        verb.lemma_.casefold() in pledges["verbs"] + pledges["pursued"]
        and negated
        and children & set(pledges["auxiliaries"])
    ):
        return "pledge"
    return None


def _asks(verb, lemmas: list[str]) -> str | None:
    """'expects the caretaker government to protect': a verb of wanting with an object and an infinitive appeals."""
    if verb.lemma_.casefold() not in lemmas:
        return None
    for clause in (c for c in verb.children if c.dep_ in {"ccomp", "xcomp"}):
        infinitive = any(a.dep_ == "aux" and a.lower_ == "to" for a in clause.children)
        asked = any(c.dep_ == "dobj" for c in verb.children) or any(c.dep_ == "nsubj" for c in clause.children)
        if infinitive and asked:
            return "appeal"
    return None


def _holds_responsible(verb, rules: dict) -> str | None:
    """'held Pakistan responsible', 'holds the Taliban accountable': an accusation of the one held."""
    if verb.lemma_.casefold() in rules["verbs"] and any(c.lower_ in rules["words"] for c in verb.children):
        return "accusation"
    return None


def _asked_of(verb, kinds: dict) -> bool:
    """'urged Kabul to act and to deny them the use of its soil': an infinitive under an appeal is what is asked of
    someone, not a statement of the speaker's."""
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    return infinitive and any(kinds.get(a.lemma_.casefold()) == "appeal" for a in verb.ancestors)


def _passive_without_agent(verb) -> bool:
    """'they had been denied entry': nobody speaks."""
    children = {c.dep_ for c in verb.children}
    return "auxpass" in children and "agent" not in children


def _subject(verb, kinds: dict, depth: int = 0) -> str | None:
    """The speaker's words: the verb's subject with its apposition, a relative 'who' as the noun it stands for, or
    for a coordinated or participial verb ('..., urging Iran') the subject of the reporting verb it hangs on; hung on
    a reported clause's verb ('said ISKP "has no base" and accused ...'), the subject of the verb reporting it."""
    for child in verb.children:
        if child.dep_ in SUBJECTS:
            if child.lower_ in RELATIVE and verb.dep_ == "relcl":
                return _span(verb.head)
            return _span(child)
        if child.dep_ == "agent":  # passive: 'was accused by the governor's office'
            pobj = [g for g in child.children if g.dep_ == "pobj"]
            if pobj:
                return _span(pobj[0])
    if verb.dep_ == "acl" and verb.tag_ == "VBG":  # 'the UN report released last month, saying that ...'
        return _span(verb.head)
    if verb.dep_ in {"conj", "advcl", "xcomp"} and depth < 3 and verb.head is not verb:
        head = verb.head
        if head.lemma_.casefold() not in kinds:
            head = next((a for a in head.ancestors if a.lemma_.casefold() in kinds), head)
        return _subject(head, kinds, depth + 1)
    return None


def _answered(verb, kinds: dict, allegations: set[str]) -> str | None:
    """'Pakistan has accused the Taliban of ..., an accusation the Taliban have rejected': a rejection or denial
    describing an allegation the sentence reports answers whoever made it, the subject of the verb reporting it."""
    if verb.dep_ != "relcl" or verb.head.lemma_.casefold() not in allegations:
        return None
    reporting = next(
        (a for a in verb.head.ancestors if kinds.get(a.lemma_.casefold()) not in {None, "rejection"}), None
    )
    return _subject(reporting, kinds) if reporting is not None else None


def _claimant(allegation) -> str | None:
    """Who made the claim a rejection names: 'Iran's claim', 'claims by/of/from X', 'a claim made by X', 'Iranian
    claims'."""
    for child in allegation.children:
        if child.dep_ == "poss" or (child.dep_ in {"amod", "compound"} and child.pos_ in {"PROPN", "ADJ"}):
            if child.pos_ != "PRON":
                return _span(child)
        if child.dep_ == "prep" and child.lower_ in {"by", "of", "from"}:
            return next((_span(g) for g in child.children if g.dep_ == "pobj"), None)
        if child.dep_ == "acl":
            for agent in child.children:
                if agent.dep_ == "agent":
                    return next((_span(g) for g in agent.children if g.dep_ == "pobj"), None)
    return None


def _span(token) -> str:
    """A mention's words as printed: the token's subtree without its own clauses and trailing punctuation."""
    left_out = {t.i for child in token.children if child.dep_ in LEFT_OUT for t in child.subtree}
    kept = [t for t in token.subtree if t.i not in left_out]
    if not kept:
        return token.text
    text = token.doc.text
    return text[kept[0].idx : kept[-1].idx + len(kept[-1].text)].strip(" ,;:\"“”'")


def when_said(doc, lexicon) -> list[tuple[int, int]]:
    """Where the sentence dates a reporting verb ('The ministry on Thursday said', 'ISKP claimed the killing on 1
    November'): character spans of the verb's own time modifiers, the day it was said, not the day of the event."""
    kinds = lexicon.raw["parse"]["verb_lemmas"]
    spans = []
    for verb in doc:
        if verb.lemma_.casefold() not in kinds or not verb.tag_.startswith("VB"):
            continue
        if any(c.dep_ == "dobj" and any(d.lower_ in {"a", "an"} for d in c.children) for c in verb.children):
            continue  # 'Daesh claimed a blast on 3 January': what it names is new, and the date is the event's
        for child in verb.children:
            dated = child if child.dep_ in {"npadvmod", "tmod"} else None
            if child.dep_ == "prep":  # 'on Thursday', not 'of an attack on Friday' (the attack's own date)
                dated = next((g for g in child.children if g.dep_ == "pobj" and g.ent_type_ in {"DATE", "TIME"}), None)
            subjects = [s.i for s in verb.children if s.dep_ in SUBJECTS]
            # not '..., on Wednesday, officials said': the date before a trailing attribution is the event's; but 'On
            # 17 November, the ministry said that ...', the reported clause after the verb, dates the saying
            reported_after = any(c.dep_ == "ccomp" and c.i > verb.i for c in verb.children)
            if dated is not None and (reported_after or not any(child.i < s < verb.i for s in subjects)):
                words = list(child.subtree)
                spans.append((words[0].idx, words[-1].idx + len(words[-1].text)))
    said_in = {n.casefold() for n in lexicon.raw["parse"]["said_in"]}
    for entity in (e for e in doc.ents if e.label_ in {"DATE", "TIME"}):
        for head in entity.root.ancestors:  # 'in a statement released on Wednesday', 'in a post on X on Monday'
            if head.lemma_.casefold() in said_in:
                spans.append((entity.start_char, entity.end_char))
            if head.pos_ in {"VERB", "AUX"} and head.dep_ not in {"acl", "relcl"} or head.lemma_.casefold() in said_in:
                break
    return spans


def unreal(doc, lexicon) -> set[int]:
    """Where a noun stands whose verb is only possible or expected ('a further attack ... cannot be ruled out', 'ISKP
    could stage a bombing'): the first verb above it carries a modal of the lexicon's event_modals. Event wording there
    reports no event."""
    modals = {m.casefold() for m in lexicon.raw["event_modals"]}
    found = set()
    for token in doc:
        if token.pos_ not in {"NOUN", "PROPN"}:
            continue
        verb = next((a for a in token.ancestors if a.pos_ in {"VERB", "AUX"}), None)
        if verb is not None and any(c.dep_ == "aux" and c.lower_ in modals for c in verb.children):
            found.add(token.idx)
    return found
