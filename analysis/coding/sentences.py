"""An article as sentences: each a verbatim stretch of one paragraph, page furniture and the headline left out."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import Lexicon

END = re.compile(r"[.!?][\"”’')]*\s+(?=[\"“‘(]?[A-Z0-9])")


@dataclass(frozen=True)
class Sentence:
    number: int  # 1-based, in reading order
    text: str  # verbatim


def sentences(text: str, lexicon: Lexicon, headline: str | None = None) -> list[Sentence]:
    """Split each paragraph at a full stop (or ! ?) followed by a capital, except after an abbreviation ('Dr',
    'U.S')."""
    abbreviations = {a.casefold() for a in lexicon.raw["abbreviations"]}
    found = []
    for line in text.splitlines():
        line = line.strip()
        if not line or lexicon.furniture.match(line) or (headline and line == headline.strip()):
            continue
        start = 0
        for end in END.finditer(line):
            last_word = re.split(r"[\s(\"“]", line[start : end.start()])[-1].casefold()
            if last_word in abbreviations or (len(last_word) == 1 and last_word.isalpha()):
                continue
            found.append(line[start : end.end()].strip())
            start = end.end()
        found.append(line[start:].strip())
    return [Sentence(number, text) for number, text in enumerate((s for s in found if s), start=1)]
