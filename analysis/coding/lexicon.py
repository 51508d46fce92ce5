"""The dictionary's `coding` lexicons compiled once into the patterns the extractors share."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..dictionary import Dictionary


def words(forms, flags=re.IGNORECASE) -> re.Pattern:
    """One pattern for a list of forms (regular expressions), longest first, on word boundaries."""
    return re.compile(r"(?<![\w-])(?:" + "|".join(sorted(forms, key=len, reverse=True)) + r")(?![\w-])", flags)


@dataclass
class Lexicon:
    raw: dict
    dates: dict
    verbs: dict[str, re.Pattern]
    any_verb: re.Pattern
    events: list[tuple[str, re.Pattern]]
    furniture: re.Pattern
    allegations: re.Pattern
    claimed: list[re.Pattern]
    unclaimed: re.Pattern
    number: re.Pattern
    killed: re.Pattern
    killing: re.Pattern
    injured: re.Pattern
    officials: re.Pattern
    national: re.Pattern
    outlet_count: re.Pattern
    figures: dict[str, re.Pattern]

    @classmethod
    def of(cls, dictionary: Dictionary) -> "Lexicon":
        raw = dictionary.coding
        verbs = {kind: words(forms) for kind, forms in raw["verbs"].items()}
        numbers = [re.escape(n) for n in raw["numbers"]] + [re.escape(n) for n in raw["vague"]] + [r"\d{1,3}(?:,\d{3})+", r"\d+"]
        qualifiers = [re.escape(q) for q in (*raw["open_above"], *raw["at_least"])]
        number = re.compile(r"(?<![\w-])(?:(?P<qualifier>" + "|".join(qualifiers) + r") )?(?P<number>" + "|".join(sorted(numbers, key=len, reverse=True))
                            + r")(?![\w-])", re.IGNORECASE)
        return cls(raw=raw, dates=raw["relative_dates"], verbs=verbs, any_verb=words([f for forms in raw["verbs"].values() for f in forms]),
                   events=[(name, words(forms)) for name, forms in raw["events"].items()],
                   furniture=re.compile(r"^\s*(?:" + "|".join(raw["furniture"]) + ")"),
                   allegations=re.compile(r"^\s*(?:the |its |their |his |her )?(?:[\w-]+ ){0,2}?(?:" + "|".join(raw["allegations"]) + r")\b", re.IGNORECASE),
                   claimed=[re.compile(p) for p in raw["responsibility"]["claimed"]],
                   unclaimed=words(raw["responsibility"]["unclaimed"]), number=number,
                   killed=words(raw["killed_words"]), killing=re.compile(r"\b(?:" + "|".join(raw["killing_verbs"]) + r")\s+", re.IGNORECASE),
                   injured=words(raw["injured_words"]),
                   officials=re.compile(r"(?:(?P<owner>[A-Z][\w-]+)'s )?(?:(?i:the) )?(?:Taliban-appointed )?(?P<title>(?i:" + "|".join(raw["officials"])
                                        + r"))(?: of (?:the )?(?:neighbouring )?(?P<of>[A-Z][\w-]+(?: (?:and )?[A-Z][\w-]+)*(?: province)?))?"),
                   national=words([re.escape(t) for t in raw["national_titles"]]),
                   outlet_count=words([re.escape(p) for p in raw["outlet_count"]]),
                   figures={metric: words([re.escape(f) for f in forms]) for metric, forms in raw["figures"].items()})

    def value(self, match: re.Match) -> tuple[int, str]:
        """(the least number the words allow, how exact): '21' -> exact, 'over 30' -> (31, bound), 'dozens' -> (24, vague)."""
        word, qualifier = match["number"].casefold(), (match["qualifier"] or "").casefold()
        vague = {k.casefold(): v for k, v in self.raw["vague"].items()}
        if word in vague:
            return vague[word], "vague"
        named = {k.casefold(): v for k, v in self.raw["numbers"].items()}
        number = named[word] if word in named else int(word.replace(",", ""))
        if qualifier in {q.casefold() for q in self.raw["open_above"]}:
            return number + 1, "bound"
        return number, "bound" if qualifier else "exact"
