"""Actors and places named in a stretch of text: actors.csv names and aliases, the province vocabulary and the
coding lexicon's cities and places abroad."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..actors import ActorIndex
from ..paths import PROVINCE_COUNTRY
from . import gazetteer
from .lexicon import Lexicon, words


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    actor: str
    text: str


@dataclass(frozen=True)
class Place:
    text: str
    country: str
    province: str | None
    start: int = 0  # where the text names it


class Mentions:
    def __init__(self, actors: ActorIndex, lexicon: Lexicon, provinces, published: date | None = None):
        self.actors, self.lexicon, self.published = actors, lexicon, published
        names = list(actors.spelled.values())
        # acronyms and short names ("IS", "US") only as written; longer names in any case
        exact = [re.escape(n) for n in names if len(n) <= 3 or n.isupper()]
        loose = [re.escape(n) for n in names if not (len(n) <= 3 or n.isupper())]
        self.exact, self.loose = words(exact, 0), words(loose)
        self.capitals = {name.casefold(): actor for name, actor in lexicon.raw["capitals"].items()}
        self.capital = words([re.escape(c) for c in lexicon.raw["capitals"]], 0)
        self.in_place = re.compile(
            r"\b(?:" + "|".join(lexicon.raw["capital_as_place"]) + r")\W+(?:[\w'-]+(?:\s+and|\s+or|,)\s+)?$",
            re.IGNORECASE,
        )
        described = {actor: forms for actor, forms in lexicon.raw["described"].items() if actor in actors.parent}
        self.described = [(actor, words(forms)) for actor, forms in described.items()]
        # 'the Afghan authorities': whoever held the government on the publication day (office_holders)
        governing = {self.holder(actor): forms for actor, forms in lexicon.raw["governing"].items()}
        self.described += [(actor, words(forms)) for actor, forms in governing.items() if actor]
        generated = gazetteer.places()  # GeoNames' places; the hand-kept lists below take precedence
        places = {place: (PROVINCE_COUNTRY, province) for place, province in generated["afghanistan"].items()}
        places |= {place: (country, None) for place, country in generated["abroad"].items()}
        places |= {p: (PROVINCE_COUNTRY, p) for p in provinces}
        places |= {city: (PROVINCE_COUNTRY, province) for city, province in lexicon.raw["cities"].items()}
        places |= {place: (country, None) for place, country in lexicon.raw["abroad"].items()}
        self.places = {name.casefold(): where for name, where in places.items()}
        self.place = words([re.escape(p) for p in places], 0)
        self.titles = [
            (actor, words([re.escape(t) for t in titles])) for actor, titles in lexicon.raw["titles"].items()
        ]
        self.anaphora = {kind: words([re.escape(f) for f in forms]) for kind, forms in lexicon.raw["anaphora"].items()}
        self.home: str | None = None  # the state of the article's dateline, when abroad (read_dateline)
        self.home_title = words([re.escape(t) for t in lexicon.raw["home_titles"]["titles"]])
        self.afghan = words([re.escape(t) for t in lexicon.raw["home_titles"]["afghan"]])
        self.demonyms = {d.casefold(): name for d, name in lexicon.raw["demonyms"].items()}
        self.demonym = words([re.escape(d) for d in lexicon.raw["demonyms"]], 0)

    def actors_in(self, text: str, capitals: bool = False) -> list[Mention]:
        """Actors named in text, in order, longest name first where two overlap; capitals only when asked (a target)."""
        found: list[Mention] = []
        patterns = [self.loose, self.exact] + ([self.capital] if capitals else [])
        for pattern in patterns:
            for match in pattern.finditer(text):
                if any(match.start() < m.end and m.start < match.end() for m in found):
                    continue
                where = self.places.get(match[0].casefold())
                city = pattern is self.capital or (where is not None and where[0].casefold() != match[0].casefold())
                if city and self.in_place.search(text[: match.start()]):
                    continue  # 'an attack in the Afghan capital, Kabul', 'analysts in Kabul and Dushanbe': the city
                actor = self.capitals[match[0].casefold()] if pattern is self.capital else self.actors.find(match[0])
                if actor:
                    found.append(Mention(match.start(), match.end(), actor, match[0]))
        for actor, pattern in self.described:  # 'certain circles in the region': an unnamed actor
            found += [
                Mention(m.start(), m.end(), actor, m[0])
                for m in pattern.finditer(text)
                if not any(m.start() < f.end and f.start < m.end() for f in found)
            ]
        return sorted(found, key=lambda m: m.start)

    def read_dateline(self, first_sentence: str) -> int:
        """Where the dateline ('ISLAMABAD: ', 'TEHRAN, Sept. 9 (ANA) - ', 'KABUL, Afghanistan (LP) - ') ends in the
        first sentence (0 without one). The state it names, when abroad and an actor of actors.csv, is kept as `home`:
        the article is written from there."""
        match = re.match(
            r"\W*(?P<place>[A-Z][A-Z'-]+(?: [A-Z][A-Z'-]+)*)\b[^-–—:\n]{0,40}?(?:\s[-–—]+\s*|:\s+)", first_sentence
        )
        where = self.places.get(match["place"].casefold()) if match else None
        self.home = self.actors.find(where[0]) if where and where[1] is None else None
        return match.end() if match else 0

    def title_actor(self, text: str) -> tuple[str, str] | None:
        """(actor, title) for an office that speaks for an actor ('police chief' -> taliban): the actor holding it on
        the publication day (lexicon office_holders: before the takeover a governor was the Republic's); None when
        that actor is not in actors.csv. In an article datelined abroad a state office named without a country ('the
        Foreign Office', 'the interior minister') is the home state's (lexicon home_titles), unless the words say it
        is Afghan."""
        if self.home and not self.afghan.search(text) and (match := self.home_title.search(text)):
            return self.home, match[0]
        for actor, pattern in self.titles:
            match = pattern.search(text)
            if match:
                holder = self.holder(actor)
                return (holder, match[0]) if holder else None
        return None

    def holder(self, actor: str) -> str | None:
        """Who held the offices listed under `actor` in lexicon titles on the publication day."""
        for earlier in self.lexicon.raw["office_holders"].get(actor, []):
            if self.published is not None and self.published <= date.fromisoformat(str(earlier["until"])):
                held = earlier["actor"]
                return held if held in self.actors.parent else None
        return actor

    def nationality(self, text: str) -> tuple[str, str] | None:
        """(actor, word) for a nationality naming a state that is an actor ('Pakistani' -> pakistan)."""
        for match in self.demonym.finditer(text):
            actor = self.actors.find(self.demonyms[match[0].casefold()])
            if actor:
                return actor, match[0]
        return None

    def places_in(self, text: str) -> list[Place]:
        return [Place(m[0], *self.places[m[0].casefold()], m.start()) for m in self.place.finditer(text)]

    def abroad(self, text: str) -> bool:
        """The text is about somewhere outside Afghanistan: it names a place abroad and no Afghan place."""
        countries = {place.country for place in self.places_in(text)}
        return bool(countries) and PROVINCE_COUNTRY not in countries

    def in_afghanistan(self, actor: str | None, abroad: bool) -> str | None:
        """The branch the text means: 'Daesh' in Afghanistan is ISKP (conventions.actors)."""
        branch = self.lexicon.raw["branch_in_afghanistan"].get(actor)
        return branch if branch and not abroad else actor
