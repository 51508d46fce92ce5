"""Which seed articles share sentences: the measurement behind the `story` column of sources.csv.

Splits every registered seed into sentences and, for each pair of sources, lists the sentence pairs whose
rapidfuzz similarity reaches THRESHOLD. Run from the project root:

    .venv/bin/python docs/wire_stories.py [THRESHOLD]

It reads the seeds only; the decision it supports is written down in docs/wire_stories.md.
"""

import csv
import itertools
import re
import sys
from pathlib import Path

from rapidfuzz import fuzz

ROOT = Path(__file__).resolve().parent.parent
THRESHOLD = float(sys.argv[1]) if len(sys.argv) > 1 else 60.0  # below 60 the pairs are topic, not text
MIN_CHARACTERS = 40  # shorter lines are headings, bylines and page furniture
FOLD = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def sentences(text: str) -> list[str]:
    text = text.translate(FOLD)
    pieces = re.split(r"(?<=[.!?\"])\s+(?=[A-Z\"])|\n+", text)
    return [" ".join(piece.split()) for piece in pieces if len(piece.strip()) >= MIN_CHARACTERS]


def main() -> None:
    with open(ROOT / "data" / "sources.csv", encoding="utf-8", newline="") as f:
        seeds = {
            row["source_id"]: sentences((ROOT / row["path"]).read_text(encoding="utf-8")) for row in csv.DictReader(f)
        }
    print(
        f"threshold {THRESHOLD:g} (rapidfuzz token_set_ratio and ratio; a pair is listed when the lower reaches it; "
        "each sentence once)"
    )
    for (a, left), (b, right) in itertools.combinations(seeds.items(), 2):
        candidates = sorted(
            (((fuzz.ratio(x, y), fuzz.token_set_ratio(x, y)), x, y) for x in left for y in right),
            key=lambda pair: min(pair[0]),
            reverse=True,
        )
        pairs, used = [], set()
        for scores, x, y in candidates:  # one to one: each sentence pairs with its best partner only
            if min(scores) >= THRESHOLD and ("a", x) not in used and ("b", y) not in used:
                pairs.append((scores, x, y))
                used |= {("a", x), ("b", y)}
        print(f"\n## {a} / {b}: {len(pairs)} sentence pairs ({len(left)} and {len(right)} sentences)")
        for (ratio, token_set), x, y in pairs:
            print(f"- ratio {ratio:.0f}, token_set {token_set:.0f}\n  {a}: {x}\n  {b}: {y}")


if __name__ == "__main__":
    main()
