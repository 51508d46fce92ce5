"""Write a synthetic POLECAT-format weekly file of any size, shaped like the region's traffic (benchmarks and tests).

Run: .venv/bin/python benchmarks/synthetic_polecat.py ROWS FILE [--seed N]
Every row is fictional: its Source is "FICTIONAL SYNTHETIC WIRE". The shape follows the published layout
(the 40 columns of formats.yaml, tab-separated): mostly meetings and material actions, about a third verbal
conflict (ACCUSE, REJECT, REQUEST, THREATEN) and some AGREE; actors of the region by name and ISO code, a
share of the world outside it (for --countries), a few names the mapping does not know, 2018-2025 dates;
a repeated header row and excess trailing tabs, two of the files' known faults, appear now and then.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.imports.formats import CODEBOOKS

ACTORS = [  # name, country code, share
    ("Taliban", "AFG", 0.22),
    ("Iran", "IRN", 0.14),
    ("Pakistan", "PAK", 0.14),
    ("United States", "USA", 0.12),
    ("United Nations", "", 0.06),
    ("Islamic State Khorasan Province", "AFG", 0.05),
    ("Afghanistan", "AFG", 0.07),  # a country as a name: its government on the date
    ("Anonymous Provincial Official", "AFG", 0.04),  # not in the mapping: listed as unmapped
    ("France", "FRA", 0.08),  # outside the region
    ("Brazil", "BRA", 0.08),
]
TYPES = {  # PLOVER event type -> (share, modes)
    "CONSULT": (0.30, ["visit", "phone", ""]),
    "COOPERATE": (0.10, [""]),
    "ASSAULT": (0.12, ["explosives", "firearms", ""]),
    "ACCUSE": (0.16, ["disapprove", "allege", "investigate"]),
    "REJECT": (0.08, ["assist", "change", ""]),
    "REQUEST": (0.10, ["assist", "meet", ""]),
    "THREATEN": (0.04, ["violence", ""]),
    "AGREE": (0.10, [""]),
}


def generate(rows: int, seed: int = 1) -> list[str]:
    """The file's lines, header first."""
    rng = np.random.default_rng(seed)
    columns = CODEBOOKS["polecat"]["columns"]
    share = np.array([a[2] for a in ACTORS])
    actor = rng.choice(len(ACTORS), rows, p=share / share.sum())
    recipient = (actor + rng.integers(1, len(ACTORS), rows)) % len(ACTORS)
    types = list(TYPES)
    kind = rng.choice(len(types), rows, p=[TYPES[t][0] for t in types])
    days = (pd.Timestamp("2018-01-01") + pd.to_timedelta(rng.integers(0, 8 * 365, rows), unit="D")).strftime("%Y-%m-%d")
    mode_pick = rng.integers(0, 3, rows)
    position = {c: i for i, c in enumerate(columns)}
    header = "\t".join(columns)
    lines = [header]
    blank = [""] * len(columns)
    for i in range(rows):
        cells = list(blank)
        event_type = types[kind[i]]
        modes = TYPES[event_type][1]
        cells[position["Event ID"]] = f"SYN{i:08d}"
        cells[position["Event Date"]] = days[i]
        cells[position["Event Type"]] = event_type.lower()
        cells[position["Event Mode"]] = modes[mode_pick[i] % len(modes)]
        cells[position["Actor Name"]], cells[position["Actor Country"]] = ACTORS[actor[i]][:2]
        cells[position["Recipient Name"]], cells[position["Recipient Country"]] = ACTORS[recipient[i]][:2]
        cells[position["Source"]] = "FICTIONAL SYNTHETIC WIRE"
        cells[position["Language"]], cells[position["Version"]] = "en", "1.0"
        line = "\t".join(cells)
        if i % 50_000 == 49_999:
            lines.append(header)  # a repeated header row
        lines.append(line + ("\t\t" if i % 997 == 0 else ""))  # excess empty tab columns
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", type=int)
    parser.add_argument("file", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    args.file.write_text("\n".join(generate(args.rows, args.seed)) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
