"""Reported figures: aggregate counts of attacks, or of people killed and injured, with who counts and since when."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..relative_dates import Resolved
from .mentions import Mentions
from .speakers import Memory, Speaker


@dataclass
class Figure:
    sentence: int
    quote: str
    reporter: str
    subject: str | None
    metric: str
    low: int
    exact: str  # exact | bound | vague (Lexicon.value) | range ('between 200 and 250': low .. high)
    period: Resolved | None
    why: list[str]
    high: int | None = None  # the top of a range
    target: str | None = None  # the actor raids are aimed at


def figures_in(
    sentence, dates: list[Resolved], speaker: Speaker | None, memory: Memory, mentions: Mentions, groups: set[str]
) -> list[Figure]:
    """'312 attacks', 'dozens of attacks', 'killed and injured more than 1,500', 'casualties ... rose to 161', '43
    operations against the group': one figure per metric named with a number, and the same figure for an earlier
    period compared with it ('up from nine in August')."""
    text, lexicon = sentence.text, mentions.lexicon
    found = []
    for metric, pattern in lexicon.figures.items():
        for word in pattern.finditer(text):
            number, after = _number_of(text, word, metric, lexicon)
            if number is None:
                continue
            low, exact = lexicon.value(number)
            window = text[max(0, word.start() - 40) : word.start()]
            bottom = _range_start(window[: number.start()], lexicon) if number is not after else None
            high = None
            if bottom is not None and exact == "exact":  # 'between 200 and 250 attacks', 'from 200 to 250 attacks'
                (low, _), high, exact = lexicon.value(bottom), low, "range"
            reporter, reporter_why = _reporter(text, speaker, lexicon)
            target = None
            if metric == "raids":
                subject, target, subject_why = _raiders(text, word, reporter, mentions, groups)
                if subject is None or target is None:
                    continue  # 'operations' aimed at no group named, or by no one named, count no raids
            else:
                subject, subject_why = _subject(text, reporter, memory, mentions, groups)
            period = next((d for d in dates if d.is_period or d.kind in {"first_months", "this_year"}), None)
            figure = Figure(
                sentence.number,
                text,
                reporter,
                subject,
                metric,
                low,
                exact,
                period,
                [
                    f"'{number[0]} ... {word[0]}' -> {metric} "
                    + (f"{low} to {high}" if high else f"{'=' if exact == 'exact' else '>='} {low}"),
                    reporter_why,
                    subject_why,
                    period.note if period else "no period start in the text",
                ],
                high,
                target,
            )
            found += [figure, *_compared(text, word.end(), figure, dates, lexicon)]
            break
    return found


def _number_of(text: str, word: re.Match, metric: str, lexicon) -> tuple[re.Match | None, re.Match | None]:
    """(the figure's number, the same if it comes after the words): a number up to three words before them ('more than
    150 intelligence-based operations'), else one right after ('killed and injured 1,500') or after a link ('rose to
    161'); None for a unit ('2-kilometre') or one picked out of a set ('one of the first attacks')."""
    before = list(lexicon.number.finditer(text[max(0, word.start() - 40) : word.start()]))
    number = (
        before[-1]
        if before
        and re.fullmatch(
            r"(?:\s+of|\s+[\w-]+){0,3}\s+", text[max(0, word.start() - 40) + before[-1].end() : word.start()]
        )
        else None
    )
    link = lexicon.figure_link.match(text, word.end())
    after = (
        lexicon.number.match(text, link.end())
        if link
        else lexicon.number.match(text, word.end() + 1)
        if metric == "killed_and_injured"
        else None
    )
    number = number or after
    if number is None or text[number.end() : number.end() + 1] == "-" or re.match(r"\s+of the\b", text[number.end() :]):
        return None, None
    return number, after


def _compared(text: str, start: int, figure: Figure, dates: list[Resolved], lexicon) -> list[Figure]:
    """'..., up from nine in August': the figure's metric and subject for the period named after the number."""
    link = lexicon.figure_comparison.search(text, start)
    number = lexicon.number.match(text, link.end()) if link else None
    if number is None or re.fullmatch(r"(?:19|20)\d\d", number["number"]):
        return []
    low, exact = lexicon.value(number)
    period = next((d for d in dates if text.find(d.phrase, number.end()) >= 0), None)
    why = [
        f"'{link[0].strip()} {number[0]}' -> {figure.metric} {low}, compared with the figure before",
        *figure.why[1:3],
    ]
    return [
        replace(
            figure,
            low=low,
            exact=exact,
            high=None,
            period=period,
            why=[*why, period.note if period else "no period in the text"],
        )
    ]


def _range_start(before: str, lexicon) -> re.Match | None:
    """The first number of a range ending where `before` ends: 'between 200 and ', 'from 200 to ', '200 to '."""
    for match in lexicon.number.finditer(before):
        rest = before[match.end() :]
        if re.fullmatch(r"\s+(?:and|to)\s+", rest) and (
            re.search(r"\b(?:between|from)\s+$", before[: match.start()]) or rest.strip() == "to"
        ):
            return match
    return None


def _reporter(text: str, speaker: Speaker | None, lexicon) -> tuple[str, str]:
    if lexicon.outlet_count.search(text):
        return "reporting_outlet", f"'{lexicon.outlet_count.search(text)[0]}' -> reporting_outlet"
    if speaker is not None:
        return speaker.actor, f"reported by {speaker.actor} ({speaker.why})"
    return "reporting_outlet", "no one else gives it -> reporting_outlet"


def _subject(text: str, reporter: str, memory: Memory, mentions: Mentions, groups: set[str]) -> tuple[str | None, str]:
    abroad = mentions.abroad(text)
    for mention in mentions.actors_in(text):
        actor = mentions.in_afghanistan(mention.actor, abroad)
        if actor in groups and actor != reporter:
            return actor, f"subject '{mention.text}' -> {actor}"
    anaphor = mentions.anaphora["armed_group"].search(text) or mentions.anaphora["counted"].search(text)
    if anaphor and memory.last_group:
        return memory.last_group, f"'{anaphor[0]}' -> {memory.last_group}"
    return None, "subject not named"


def _raiders(
    text: str, word: re.Match, reporter: str, mentions: Mentions, groups: set[str]
) -> tuple[str | None, str | None, str]:
    """(who carries the operations out, the armed group they are aimed at, why): the actor named before the words
    ('the security forces of the Islamic Emirate had carried out'), else a nationality ('Pakistani forces'), else an
    office's holder ('security forces'), else the reporter speaking of their own ('the department had conducted'); the
    target the first group named after."""
    abroad = mentions.abroad(text)
    named = [(m, mentions.in_afghanistan(m.actor, abroad)) for m in mentions.actors_in(text)]
    target = next((actor for m, actor in named if m.start >= word.end() and actor in groups), None)
    doer = next(((actor, f"'{m.text}'") for m, actor in named if m.end <= word.start() and actor not in groups), None)
    nationality, title = mentions.nationality(text[: word.start()]), mentions.title_actor(text[: word.start()])
    doer = doer or ((nationality[0], f"'{nationality[1]}'") if nationality else None)
    doer = doer or ((title[0], f"title '{title[1]}'") if title else None)
    if doer is None and reporter != "reporting_outlet":
        doer = reporter, "the reporter's own"
    why = f"carried out by {doer[0]} ({doer[1]})" if doer else "no one named carries them out"
    return (doer[0] if doer else None), target, why + (f", aimed at {target}" if target else ", at no group named")
