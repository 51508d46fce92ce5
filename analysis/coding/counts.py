"""Killed and injured figures in a sentence, and several reports of one toll combined by conventions.counts."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import Lexicon

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
        after = sentence[number.end() :]
        tokens = re.findall(r"[\w'-]+|[;:]", after)[:WINDOW]
        for token in tokens:
            if token in ";:" or lexicon.number.fullmatch(token):
                break
            what = (
                "killed" if lexicon.killed.fullmatch(token) else "injured" if lexicon.injured.fullmatch(token) else None
            )
            if what:
                found.append(Count(what, *lexicon.value(number), number[0] + " ... " + token))
                break
    return found


def _is_unit(sentence: str, number: re.Match, months: list[str]) -> bool:
    """'12-year-old', '2-kilometre', a year, a day after its month ('Dec 18', a wire dateline): not a toll."""
    before = re.search(r"([A-Za-z]+)\.? $", sentence[: number.start()])
    after_month = bool(before) and any(
        month.lower().startswith(before[1].lower()) for month in months if len(before[1]) >= 3
    )
    return (
        sentence[number.end() : number.end() + 1] == "-"
        or bool(re.fullmatch(r"(?:19|20)\d\d", number["number"]))
        or after_month
    )


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
