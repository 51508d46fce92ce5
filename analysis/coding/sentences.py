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


def not_english(text: str, found: list[Sentence], lexicon: Lexicon) -> str | None:
    """Why the article is not English prose the assistant can read (None when it is): no sentences, mostly letters
    outside the Latin alphabet, or too few of English's commonest words (lexicon `english`; in a text too short for a
    share, none at all)."""
    if not found:
        return "no sentences found (only a headline or page furniture?)"
    letters = [c for c in text if c.isalpha()]
    latin = sum(c.isascii() for c in letters) / len(letters) if letters else 0.0
    rule = lexicon.raw["english"]
    if latin < rule["min_latin_letters"]:
        return f"not English: {latin:.0%} of its letters are Latin (at least {rule['min_latin_letters']:.0%} expected)"
    tokens = re.findall(r"[a-z]+", text.casefold())
    common = sum(t in rule["function_words"] for t in tokens) / len(tokens)
    if common < (rule["min_function_words"] if len(tokens) >= rule["words_for_share"] else 1 / len(tokens)):
        return (
            f"not English: {common:.0%} of its words are common English words such as 'the', 'of', 'and' "
            f"(at least {rule['min_function_words']:.0%} expected)"
        )
    return None


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
