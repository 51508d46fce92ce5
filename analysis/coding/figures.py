"""Reported figures: aggregate counts of attacks, or of people killed and injured, with who counts and since when."""

from __future__ import annotations

import re
from dataclasses import dataclass

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


def figures_in(
    sentence, dates: list[Resolved], speaker: Speaker | None, memory: Memory, mentions: Mentions, groups: set[str]
) -> list[Figure]:
    """'312 attacks', 'dozens of attacks', 'killed and injured more than 1,500': one figure per metric named with a
    number."""
    text, lexicon = sentence.text, mentions.lexicon
    found = []
    for metric, pattern in lexicon.figures.items():
        for word in pattern.finditer(text):
            before = list(lexicon.number.finditer(text[max(0, word.start() - 40) : word.start()]))
            number = (
                before[-1]
                if before
                and re.fullmatch(
                    r"(?:\s+of|\s+[\w-]+){0,3}\s+", text[max(0, word.start() - 40) + before[-1].end() : word.start()]
                )
                else None
            )
            after = lexicon.number.match(text, word.end() + 1) if metric != "attacks" else None
            number = number or after
            if (
                number is None
                or text[number.end() : number.end() + 1] == "-"
                or re.match(r"\s+of the\b", text[number.end() :])
            ):
                continue  # '2-kilometre'; 'one of the first attacks' picks one out, it counts nothing
            low, exact = lexicon.value(number)
            window = text[max(0, word.start() - 40) : word.start()]
            bottom = _range_start(window[: number.start()], lexicon) if number is not after else None
            high = None
            if bottom is not None and exact == "exact":  # 'between 200 and 250 attacks', 'from 200 to 250 attacks'
                (low, _), high, exact = lexicon.value(bottom), low, "range"
            reporter, reporter_why = _reporter(text, speaker, lexicon)
            subject, subject_why = _subject(text, reporter, memory, mentions, groups)
            period = next((d for d in dates if d.is_period or d.kind in {"first_months", "this_year"}), None)
            found.append(
                Figure(
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
                )
            )
            break
    return found


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
    if mentions.anaphora["armed_group"].search(text) and memory.last_group:
        return memory.last_group, f"'the group' -> {memory.last_group}"
    return None, "subject not named"
