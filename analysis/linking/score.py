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
SCORE_COLUMNS = ["left", "right", "score", "dates", "killed", "perpetrator", "event_type", "place", "words"]


class Scorer:
    """The dictionary's weights, and the comparisons that use them."""

    def __init__(self, rules: dict, actors: ActorIndex):
        self.rules, self.actors = rules, actors
        self.patterns = [
            r"\b(?:" + "|".join(map(re.escape, forms)) + r")\b" for forms in rules["target_words"].values()
        ]
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
        pairs = pairs[pairs["score"] + self.rules["words"]["weight"] >= self.floor].reset_index(drop=True)
        pairs["words"] = self._words(a, pairs["left"].to_numpy(), b, pairs["right"].to_numpy())
        pairs["score"] += pairs["words"]
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

    def _words(self, a: Records, left: np.ndarray, b: Records, right: np.ndarray) -> np.ndarray:
        """weight x (2 x shared / either - 1) over the target-word groups both texts name; 0 when one names none."""
        found_a, found_b = self._target_words(a, left), self._target_words(b, right)
        shared, either = (found_a & found_b).sum(axis=1), (found_a | found_b).sum(axis=1)
        named = found_a.any(axis=1) & found_b.any(axis=1)
        return np.where(named, self.rules["words"]["weight"] * (2 * shared / np.maximum(either, 1) - 1), 0.0)

    def _target_words(self, records: Records, positions: np.ndarray) -> np.ndarray:
        """Which target-word groups each record's text names ('mosque' and 'worshippers' are both `worship`): a row per
        position."""
        unique, back = np.unique(positions, return_inverse=True)
        texts = records.texts(unique).astype("string[pyarrow]").str.lower()  # each text read once, searched in Arrow
        found = [
            texts.str.contains(pattern, regex=True).fillna(False).to_numpy(dtype=bool) for pattern in self.patterns
        ]
        return np.column_stack(found)[back] if found else np.zeros((len(positions), 0), dtype=bool)


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
