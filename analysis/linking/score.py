"""Candidate pairs between two datasets' records, and their scores.

Blocking keeps only pairs that share a place and whose date ranges, widened by each side's slack,
overlap; every feature is then compared for all pairs at once (numpy), and the words only for pairs
whose other features leave them within reach of review. Weights come from weights.yaml beside this file.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from ..actors import ActorIndex
from ..paths import is_missing, split_list
from ..ranges import overlapping
from .records import Records

BUCKET_DAYS = 7  # dates are blocked by week: pairs meet in every week both widened ranges touch
NO_DAY = np.iinfo("int64").min
SCORE_COLUMNS = ["left", "right", "score", "dates", "killed", "perpetrator", "event_type", "place", "words", "target"]


class Scorer:
    """The dictionary's weights, and the comparisons that use them."""

    def __init__(self, rules: dict, actors: ActorIndex):
        self.rules, self.actors = rules, actors
        self.patterns = [_pattern(forms) for forms in rules["target_words"].values()]
        self.categories = list(rules["target_categories"])
        self.category_patterns = [_pattern(forms) for forms in rules["target_categories"].values()]
        occasion = rules["target_occasions"]
        self.occasion = (
            _pattern(occasion["words"]),
            self.categories.index(occasion["category"]),
            [self.categories.index(c) for c in occasion["instead_of"]],
        )
        self.party_targets: dict[tuple, np.ndarray] = {}  # (party, day) -> categories, worked out once each
        # Pairs below this can neither be linked, nor be reviewed, nor hold a link back as a runner-up.
        self.floor = min(rules["review_at"], rules["link_at"] - rules["margin"])
        self.blocking: dict[str, tuple] = {}  # per dataset: widened ranges and blocking keys
        self.countries: dict[str, int] = {}  # the blocking number of each country, shared by every dataset

    def pairs(self, a: Records, b: Records) -> pd.DataFrame:
        """Every candidate pair of a and b (positions `left`, `right`) with each feature's weight and the total."""
        left, right = self._block(a, b)
        if not len(left):
            return pd.DataFrame({c: pd.Series(dtype=float) for c in SCORE_COLUMNS})
        ta, tb = a.table.iloc[left].reset_index(drop=True), b.table.iloc[right].reset_index(drop=True)
        pairs = pd.DataFrame(
            {
                "left": left,
                "right": right,
                "dates": self._dates(ta, tb),
                "killed": self._killed(ta, tb),
                "perpetrator": self._perpetrators(ta, tb),
                "event_type": self._types(ta, tb),
                "place": self._places(ta, tb),
            }
        )
        pairs["score"] = pairs[["dates", "killed", "perpetrator", "event_type", "place"]].sum(axis=1)
        best = self.rules["words"]["weight"] + max(self.rules["target"].values())  # what the texts can still add
        pairs = pairs[pairs["score"] + best >= self.floor].reset_index(drop=True)
        left, right = pairs["left"].to_numpy(), pairs["right"].to_numpy()
        (words_a, targets_a), (words_b, targets_b) = self._read(a, left), self._read(b, right)
        pairs["words"] = self._words(words_a, words_b)
        pairs["target"] = self._targets(targets_a, targets_b)
        pairs["score"] += pairs["words"] + pairs["target"]
        return pairs.loc[pairs["score"] >= self.floor, SCORE_COLUMNS].reset_index(drop=True)

    def _block(self, a: Records, b: Records) -> tuple[np.ndarray, np.ndarray]:
        (start_a, end_a, keys_a), (start_b, end_b, keys_b) = self._blocking(a), self._blocking(b)
        met = keys_a.merge(keys_b, on="key", suffixes=("_left", "_right"))
        met = met[["record_left", "record_right"]].drop_duplicates()
        left, right = met["record_left"].to_numpy(), met["record_right"].to_numpy()
        met = overlapping(start_a[left], end_a[left], start_b[right], end_b[right])
        order = np.lexsort((right[met], left[met]))
        return left[met][order], right[met][order]

    def _blocking(self, records: Records) -> tuple[np.ndarray, np.ndarray, pd.DataFrame]:
        """Widened ranges and place-and-week keys of a dataset's records, made once per dataset (a million events pay
        once)."""
        if records.dataset not in self.blocking:
            table = records.table
            precision = table["date_precision"]
            slack = np.array([self.rules["slack_days"].get(c, 0) for c in precision.cat.categories] + [0])[
                precision.cat.codes.to_numpy()
            ]
            start, end = day_numbers(table["date_start"]), day_numbers(table["date_end"])
            unplaced = (start == NO_DAY) | (
                end == NO_DAY
            )  # an open start cannot be blocked: such records are not linked
            start, end = np.where(unplaced, 1, start - slack), np.where(unplaced, 0, end + slack)
            record, key = week_buckets(self._blocking_places(table), start, end)
            self.blocking[records.dataset] = (start, end, pd.DataFrame({"key": key, "record": record}))
        return self.blocking[records.dataset]

    def _blocking_places(self, table: pd.DataFrame) -> np.ndarray:
        """The blocking place as a number: the province, else the country (events abroad, incidents placed only by
        country)."""
        place = table["province"].cat.codes.to_numpy().astype("int64")
        abroad = place < 0
        if abroad.any():
            countries = table["country"].astype(object).to_numpy()[abroad]
            place[abroad] = [1000 + self.countries.setdefault(country, len(self.countries)) for country in countries]
        return place

    def _dates(self, ta, tb) -> np.ndarray:
        start_a, end_a, start_b, end_b = (day_numbers(t[c]) for t in (ta, tb) for c in ("date_start", "date_end"))
        wider = np.maximum(end_a - start_a, end_b - start_b) + 1
        levels = self.rules["dates"]
        limits = [level["within"] if level["within"] is not None else np.inf for level in levels]
        weights = np.array([level["weight"] for level in levels])
        gap = np.maximum(0, np.maximum(start_a, start_b) - np.minimum(end_a, end_b))
        return weights[np.searchsorted(limits, wider)] + gap * self.rules["date_gap_per_day"]

    def _killed(self, ta, tb) -> np.ndarray:
        weights = self.rules["killed"]
        (low_a, best_a, high_a), (low_b, best_b, high_b) = (
            [t[c].to_numpy(dtype=float, na_value=np.nan) for c in ("killed_low", "killed_best", "killed_high")]
            for t in (ta, tb)
        )
        low_a, low_b = np.where(np.isnan(low_a), best_a, low_a), np.where(np.isnan(low_b), best_b, low_b)
        high_a, high_b = np.where(np.isnan(high_a), np.inf, high_a), np.where(np.isnan(high_b), np.inf, high_b)
        unknown = np.isnan(low_a) | np.isnan(low_b)
        overlap = (low_a <= high_b) & (low_b <= high_a)
        close = overlap & (low_b <= best_a) & (best_a <= high_b) & (low_a <= best_b) & (best_b <= high_a)
        return np.select(
            [unknown, best_a == best_b, close, overlap],
            [weights["unknown"], weights["equal"], weights["close"], weights["compatible"]],
            weights["contradict"],
        )

    def _perpetrators(self, ta, tb) -> np.ndarray:
        columns = [ta["perpetrator"], tb["perpetrator"], ta["actors"], tb["actors"]]
        keys = pd.DataFrame(
            {i: column.astype(object).where(column.notna(), None).to_numpy() for i, column in enumerate(columns)}
        )
        codes, combinations = pd.factorize(pd.MultiIndex.from_frame(keys))
        weights = np.array([self.rules["perpetrator"][self._relation(*combination)] for combination in combinations])
        return weights[codes]

    def _relation(self, perpetrator_a, perpetrator_b, parties_a, parties_b) -> str:
        perpetrator_a, perpetrator_b = (None if is_missing(p) else p for p in (perpetrator_a, perpetrator_b))
        if perpetrator_a and perpetrator_b:
            if perpetrator_a == perpetrator_b:
                return "same"
            return "branch" if self.actors.related(perpetrator_a, perpetrator_b) else "different"
        known, parties = (perpetrator_a, parties_b) if perpetrator_a else (perpetrator_b, parties_a)
        if (
            known
            and not is_missing(parties)
            and any(self.actors.related(known, party) for party in split_list(parties))
        ):
            return "party"
        return "unknown"

    def _types(self, ta, tb) -> np.ndarray:
        weights = self.rules["event_type"]
        event_a, event_b = (t["event_type"].astype(object).to_numpy() for t in (ta, tb))
        sub_a, sub_b = (t["sub_event_type"].astype(object).to_numpy() for t in (ta, tb))
        known = pd.notna(event_a) & pd.notna(event_b)
        same_sub = pd.notna(sub_a) & pd.notna(sub_b) & (sub_a == sub_b)
        return np.select(
            [same_sub, known & (event_a == event_b), known],
            [weights["same_sub_event"], weights["same_event"], weights["different"]],
            weights["unknown"],
        )

    def _places(self, ta, tb) -> np.ndarray:
        place = self.rules["place"]
        a, b = ta["location"].astype(object), tb["location"].astype(object)
        both = (a.notna() & b.notna()).to_numpy()
        similar = np.zeros(len(a), dtype=bool)
        if both.any():
            ratio = process.cpdist(a[both].tolist(), b[both].tolist(), scorer=fuzz.token_set_ratio, processor=_plain)
            similar[both] = ratio >= place["similarity"]
        return np.where(similar, place["similar"], 0.0)

    def _words(self, found_a: np.ndarray, found_b: np.ndarray) -> np.ndarray:
        """weight x (2 x shared / either - 1) over the target-word groups both texts name; 0 when one names none."""
        shared, either = (found_a & found_b).sum(axis=1), (found_a | found_b).sum(axis=1)
        named = found_a.any(axis=1) & found_b.any(axis=1)
        return np.where(named, self.rules["words"]["weight"] * (2 * shared / np.maximum(either, 1) - 1), 0.0)

    def _targets(self, found_a: np.ndarray, found_b: np.ndarray) -> np.ndarray:
        """same when the two records share a target category, different when both name some and share none."""
        weights = self.rules["target"]
        named = found_a.any(axis=1) & found_b.any(axis=1)
        return np.select(
            [(found_a & found_b).any(axis=1), named], [weights["same"], weights["different"]], weights["unknown"]
        )

    def _read(self, records: Records, positions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each position, which target-word groups its text names ('mosque' and 'worshippers' are both
        `worship`) and which target categories it names: what the record says it hit, else its parties and words."""
        unique, back = np.unique(positions, return_inverse=True)
        texts = records.texts(unique).astype("string[pyarrow]").str.lower()  # each text read once, searched in Arrow
        words = _found(texts, self.patterns)
        named = _found(texts, self.category_patterns)
        occasion, instead, replaced = self.occasion
        gathering = _found(texts, [occasion])[:, 0]
        named[np.ix_(gathering, replaced)] = False  # the mourners were hit, not the official they mourned
        named[gathering, instead] = True
        table = records.table.iloc[unique]
        given = self._given(table["targets"])
        targets = np.where(given.any(axis=1)[:, None], given, named | self._parties(table))
        return words[back], targets[back]

    def _given(self, targets: pd.Series) -> np.ndarray:
        found = np.zeros((len(targets), len(self.categories)), dtype=bool)
        for i, value in enumerate(targets.to_numpy(dtype=object)):
            for category in split_list(value) if not is_missing(value) else []:
                found[i, self.categories.index(category)] = True
        return found

    def _parties(self, table: pd.DataFrame) -> np.ndarray:
        """What an event's parties other than its known perpetrator were on its first day (party_targets)."""
        found = np.zeros((len(table), len(self.categories)), dtype=bool)
        columns = (table[c].astype(object).to_numpy() for c in ("perpetrator", "actors", "date_start"))
        for i, (perpetrator, parties, day) in enumerate(zip(*columns)):
            if is_missing(perpetrator) or is_missing(parties) or is_missing(day):
                continue  # with no perpetrator known, any party may be the attacker
            for party in split_list(parties):
                if not self.actors.related(party, perpetrator):
                    found[i] |= self._party_target(party, pd.Timestamp(day))
        return found

    def _party_target(self, party: str, day: pd.Timestamp) -> np.ndarray:
        key = (party, day)
        if key not in self.party_targets:
            categories = next(
                (
                    period["categories"]
                    for period in self.rules["party_targets"].get(party, [])
                    if day >= pd.Timestamp(period.get("from") or day)
                    and day <= pd.Timestamp(period.get("until") or day)
                ),
                [],
            )
            self.party_targets[key] = np.isin(self.categories, categories)
        return self.party_targets[key]


def day_numbers(values: pd.Series) -> np.ndarray:
    return values.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]").astype("int64")


def week_buckets(place: np.ndarray, start: np.ndarray, end: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each record once per week its range touches, keyed by place and week (records with no range drop out)."""
    first, last = start // BUCKET_DAYS, end // BUCKET_DAYS
    count = np.maximum(last - first + 1, 0)
    record = np.repeat(np.arange(len(place)), count)
    week = np.repeat(first, count) + (np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count))
    return record, place[record].astype("int64") * 1_000_000 + (week + 500_000)


def _plain(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def _pattern(forms: list[str]) -> str:
    return r"\b(?:" + "|".join(map(re.escape, forms)) + r")\b"


def _found(texts: pd.Series, patterns: list[str]) -> np.ndarray:
    """A row per text, a column per pattern: whether the text names it."""
    found = [texts.str.contains(pattern, regex=True).fillna(False).to_numpy(dtype=bool) for pattern in patterns]
    return np.column_stack(found) if found else np.zeros((len(texts), 0), dtype=bool)
