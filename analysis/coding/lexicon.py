"""The coding assistant's lexicons (lexicon.yaml here, read by analysis.dictionary) compiled into patterns."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..dictionary import Dictionary


def words(forms, flags=re.IGNORECASE) -> re.Pattern:
    """One pattern for a list of forms (regular expressions), longest first, on word boundaries."""
    return re.compile(r"(?<![\w-])(?:" + "|".join(sorted(forms, key=len, reverse=True)) + r")(?![\w-])", flags)


def _passive(raw: dict) -> re.Pattern:
    """'was accused by X of ...': an auxiliary, a reporting verb's -ed form, and the agent up to the next clause."""
    participles = [
        f for kind, forms in raw["verbs"].items() if kind != "claim" for f in forms if re.fullmatch(r"[a-z]+ed", f)
    ]
    return re.compile(
        r"\b(?:" + "|".join(raw["passive"]) + r") (?P<verb>" + "|".join(participles) + r") by (?P<agent>[^,.;]{3,80}?)"
        r"(?=\s+(?:of|for|over|after|in|on|to)\b|[,.;]|$)",
        re.IGNORECASE,
    )


@dataclass
class Lexicon:
    raw: dict
    dates: dict
    verbs: dict[str, re.Pattern]
    any_verb: re.Pattern
    events: list[tuple[str, re.Pattern]]
    toll_events: list[tuple[str, re.Pattern]]
    companions: re.Pattern
    furniture: re.Pattern
    allegations: re.Pattern
    claimed: list[re.Pattern]
    attributed: list[re.Pattern]
    unclaimed: re.Pattern
    number: re.Pattern
    killed: re.Pattern
    killing: re.Pattern
    injured: re.Pattern
    officials: re.Pattern
    national: re.Pattern
    killed_after: re.Pattern
    killed_before: re.Pattern
    initiator: re.Pattern
    attributing: set
    outlet_count: re.Pattern
    figures: dict[str, re.Pattern]
    figure_link: re.Pattern  # 'attributed to the group rose to ': words after a figure's words, then its number
    figure_comparison: re.Pattern
    passive: re.Pattern
    clause_break: re.Pattern
    denial_clause: re.Pattern
    warning_clause: re.Pattern
    blame_clauses: dict[str, re.Pattern]
    rejection_clause: re.Pattern
    appeal_clause: re.Pattern
    event_intent: re.Pattern
    event_reference: re.Pattern
    about_attack: dict[str, re.Pattern]
    separate: re.Pattern

    @classmethod
    def of(cls, dictionary: Dictionary) -> Lexicon:
        raw = dictionary.coding
        verbs = {kind: words(forms) for kind, forms in raw["verbs"].items()}
        numbers = (
            [re.escape(n) for n in raw["numbers"]]
            + [re.escape(n) for n in raw["vague"]]
            + [r"\d{1,3}(?:,\d{3})+", r"\d+"]
        )
        qualifiers = [re.escape(q) for q in (*raw["open_above"], *raw["at_least"])]
        number = re.compile(
            r"(?<![\w-])(?:(?P<qualifier>"
            + "|".join(qualifiers)
            + r") )?(?P<number>"
            + "|".join(sorted(numbers, key=len, reverse=True))
            + r")(?![\w-])",
            re.IGNORECASE,
        )
        return cls(
            companions=re.compile(
                r"\band (?:(?P<one>his|her) |"
                + number.pattern
                + r" (?:of (?:his|her|their) )?)(?:"
                + "|".join(raw["companions"])
                + r")\b",
                re.IGNORECASE,
            ),
            raw=raw,
            dates=raw["relative_dates"],
            verbs=verbs,
            any_verb=words([f for forms in raw["verbs"].values() for f in forms]),
            events=[(name, words(forms)) for name, forms in raw["events"].items()],
            toll_events=[(name, words(forms)) for name, forms in raw["toll_events"].items()],
            furniture=re.compile(r"^\s*(?:" + "|".join(raw["furniture"]) + ")"),
            allegations=re.compile(
                r"^\s*(?:(?:the |its |their |his |her )?(?:[\w-]+ ){0,2}?(?:"
                + "|".join(raw["allegations"])
                + r")\b|(?:"
                + "|".join(raw["allegation_pronouns"])
                + r")(?=\s*(?:[.,;:]|as\b|and\b|$)))",
                re.IGNORECASE,
            ),
            claimed=[re.compile(p) for p in raw["responsibility"]["claimed"]],
            attributed=[re.compile(p) for p in raw["responsibility"]["attributed"]],
            unclaimed=words(raw["responsibility"]["unclaimed"]),
            number=number,
            killed=words(raw["killed_words"]),
            killing=re.compile(r"\b(?:" + "|".join(raw["killing_verbs"]) + r")\s+", re.IGNORECASE),
            injured=words(raw["injured_words"]),
            officials=re.compile(
                r"(?:(?P<owner>[A-Z][\w-]+)['’]s )?(?:(?i:the) )?(?:Taliban-appointed )?"
                r"(?:(?P<named>[A-Z][\w-]+) )?(?P<title>(?i:"
                + "|".join(raw["officials"])
                + r"))(?: of (?:the )?(?:neighbouring )?(?P<of>[A-Z][\w-]+(?: (?:and )?[A-Z][\w-]+)*(?: province)?))?"
            ),
            national=words([re.escape(t) for t in raw["national_titles"]]),
            killed_after=re.compile(
                r"^[^.;]{0,120}?\b(?:" + "|".join(map(re.escape, raw["official_killed"]["after"])) + r")\b",
                re.IGNORECASE,
            ),
            killed_before=re.compile(
                r"\b(?:" + "|".join(map(re.escape, raw["official_killed"]["before"])) + r")\b[^.;]{0,60}$",
                re.IGNORECASE,
            ),
            initiator=words([re.escape(v) for v in raw["initiator_verbs"]]),
            attributing={v.casefold() for v in raw["attributing"]},
            outlet_count=words([re.escape(p) for p in raw["outlet_count"]]),
            figures={metric: words([re.escape(f) for f in forms]) for metric, forms in raw["figures"].items()},
            figure_link=re.compile(
                r"(?:\s+[\w-]+){0,4}?\s+(?:" + "|".join(map(re.escape, raw["figure_links"])) + r")\s+", re.IGNORECASE
            ),
            figure_comparison=re.compile(
                r",?\s+(?:" + "|".join(map(re.escape, raw["figure_comparisons"])) + r")\s+", re.IGNORECASE
            ),
            passive=_passive(raw),
            clause_break=words(raw["clause_breaks"]),
            denial_clause=words(raw["denial_clauses"]),
            warning_clause=words(raw["warning_clauses"]),
            rejection_clause=words(raw["rejection_clauses"]),
            blame_clauses={side: words(forms) for side, forms in raw["blame_clauses"].items()},
            appeal_clause=re.compile(
                r"(?P<subject>(?:\b[\w'’-]+\s+){1,4}?)(?:" + "|".join(raw["appeal_modals"]) + r")\s+(?:rather\s+)?\w+",
                re.IGNORECASE,
            ),
            event_intent=re.compile(r"\b(?:" + "|".join(raw["event_intent"]) + r")\s+$", re.IGNORECASE),
            event_reference=re.compile(
                r"\b(?:" + "|".join(raw["event_reference"]) + r")\s+(?:[\w'-]+\s+){0,2}$", re.IGNORECASE
            ),
            separate=re.compile(r"\W*(?:" + "|".join(raw["separate_events"]) + r")\b", re.IGNORECASE),
            about_attack={
                stance: re.compile("|".join(forms), re.IGNORECASE) for stance, forms in raw["about_attack"].items()
            },
        )

    def value(self, match: re.Match) -> tuple[int, str]:
        """(the least number the words allow, how exact): '21' -> exact, 'over 30' -> (31, bound), 'dozens' -> (24,
        vague)."""
        word, qualifier = match["number"].casefold(), (match["qualifier"] or "").casefold()
        vague = {k.casefold(): v for k, v in self.raw["vague"].items()}
        if word in vague:
            return vague[word], "vague"
        named = {k.casefold(): v for k, v in self.raw["numbers"].items()}
        number = named[word] if word in named else int(word.replace(",", ""))
        if qualifier in {q.casefold() for q in self.raw["open_above"]}:
            return number + 1, "bound"
        return number, "bound" if qualifier else "exact"
