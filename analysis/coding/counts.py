"""Killed and injured figures in a sentence, and several reports of one toll combined by conventions.counts."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import Lexicon

RANGE_BEFORE = 6  # words before a range its casualty word may stand in ("killed at between three and five")
WINDOW = 10  # a number and its casualty word at most this many words apart ("three people, including ..., were killed")


@dataclass(frozen=True)
class Count:
    what: str  # killed | injured
    low: int
    exact: str  # exact | bound ('at least', 'over') | vague ('dozens'): the last two give only a lower bound
    text: str


def casualties(sentence: str, lexicon: Lexicon) -> list[Count]:
    """'killing more than a dozen worshippers', '14 people had been killed', 'over 30 wounded', '20 bodies'."""
    found, used = [], set()
    for verb in lexicon.killing.finditer(sentence):
        number = lexicon.number.match(sentence, verb.end())
        if number and not _is_unit(sentence, number, lexicon.dates["months"]):
            what = "injured" if lexicon.injured.fullmatch(verb[0].strip()) else "killed"
            found.append(Count(what, *lexicon.value(number), sentence[verb.start() : number.end()]))
            used.add(number.start())
    for number in lexicon.number.finditer(sentence):
        if number.start() in used or _is_unit(sentence, number, lexicon.dates["months"]):
            continue
        top = _range_end(sentence, number, lexicon)
        end = top.end() if top else number.end()
        what, word = _casualty_word(sentence[end:], lexicon)
        if what is None and top:  # 'the number killed at between three and five': the word before the range
            what, word = _casualty_word(
                " ".join(re.findall(r"[\w'-]+", sentence[: number.start()])[-RANGE_BEFORE:]), lexicon
            )
        if what is None:
            continue
        found.append(Count(what, *lexicon.value(number), number[0] + " ... " + word))
        if top:  # both ends: conventions.counts makes them low and high
            found.append(Count(what, *lexicon.value(top), sentence[number.start() : top.end()]))
            used.add(top.start())
    return found


def _range_end(sentence: str, number: re.Match, lexicon: Lexicon) -> re.Match | None:
    """The second number of 'between 3 and 5', 'from 3 to 5', '3 to 5' opening at `number`; None when none does."""
    link = re.match(r"\s+(and|to)\s+", sentence[number.end() :])
    opened = re.search(r"\b(?:between|from)\s+$", sentence[: number.start()])
    if link is None or not (opened or link[1] == "to"):
        return None
    return lexicon.number.match(sentence, number.end() + link.end())


def _casualty_word(text: str, lexicon: Lexicon) -> tuple[str | None, str]:
    """('killed' or 'injured', the word) of the first casualty word among text's first WINDOW words, before any other
    number or clause break."""
    for token in re.findall(r"[\w'-]+|[;:]", text)[:WINDOW]:
        if token in ";:" or lexicon.number.fullmatch(token):
            break
        if lexicon.killed.fullmatch(token):
            return "killed", token
        if lexicon.injured.fullmatch(token):
            return "injured", token
    return None, ""


def _is_unit(sentence: str, number: re.Match, months: list[str]) -> bool:
    """'12-year-old', '2-kilometre', a year, a day next to its month ('Dec 18', a wire dateline; 'on 31 October'): not
    a toll."""
    before = re.search(r"([A-Za-z]+)\.? $", sentence[: number.start()])
    after = re.match(r" ([A-Za-z]+)", sentence[number.end() :])
    return (
        sentence[number.end() : number.end() + 1] == "-"
        or bool(re.fullmatch(r"(?:19|20)\d\d", number["number"]))
        or any(_is_month(word[1], months) for word in (before, after) if word and number["number"].isdigit())
    )


def _is_month(word: str, months: list[str]) -> bool:
    """'Oct', 'October': a month's name or its abbreviation (three letters at least)."""
    return len(word) >= 3 and any(month.lower().startswith(word.lower()) for month in months)


def combine(counts: list[Count]) -> tuple[int | None, int | None, int | None]:
    """low/best/high from every report of one toll: the lowest exact figure is low and best, the highest is high;
    a lower bound above every exact figure ('dozens' against '12') leaves high empty."""
    if not counts:
        return None, None, None
    exact = [c.low for c in counts if c.exact == "exact"]
    bounds = [c.low for c in counts if c.exact != "exact"]
    if not exact:
        return max(bounds), max(bounds), None
    high = max(exact) if not bounds or max(bounds) <= max(exact) else None
    return min(exact), min(exact), high
