"""Write a synthetic ACLED-format export of any size, shaped like Afghanistan's (for benchmarks and tests).

Run: .venv/bin/python benchmarks/synthetic_acled.py ROWS FILE [--seed N]
Every row is fictional and says so in `notes`. The shape follows a real export: the current 31
columns, Afghanistan's 34 provinces (Kabul and Nangarhar busiest), ISKP, Taliban-era forces and
unidentified actors (with a few names the mapping does not know), 2017-2025 dates in both of ACLED's
spellings, time_precision mostly 1 with some 2 and 3, heavy-tailed fatalities (mostly 0-2, rarely
hundreds), "; "-separated sources and associated actors, notes of realistic length.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from analysis.imports import ACLED_COLUMNS

PROJECT = Path(__file__).resolve().parent.parent
ACTORS = {  # actor1 -> (share, inter1)
    "Islamic State (Afghanistan)": (0.30, "Rebel group"),
    "Military Forces of Afghanistan (2021-)": (0.25, "State forces"),
    "Unidentified Armed Group (Afghanistan)": (0.20, "Political militia"),
    "Taliban": (0.15, "Rebel group"),
    "National Resistance Front": (0.05, "Rebel group"),  # deliberately not in the mapping: reported as unmapped
    "Military Forces of Pakistan (2018-)": (0.05, "State forces"),
}
SOURCES = ["Pajhwok Afghan News", "Tolo News", "Khaama Press", "Ariana News", "Amu TV", "Hasht-e Subh"]
NOTE = (
    "FICTIONAL SYNTHETIC ROW for benchmarks; not a real event. On {date}, an attack attributed to {actor} in {place} "
    "district of {province} province left {fatalities} people dead, according to local sources; details remain unclear."
)


def generate(rows: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    dictionary = yaml.safe_load((PROJECT / "data" / "dictionary.yaml").read_text(encoding="utf-8"))
    provinces = list(dictionary["vocabularies"]["province"])
    weights = np.ones(len(provinces))
    weights[provinces.index("Kabul")], weights[provinces.index("Nangarhar")] = 8, 6
    sub_events = dictionary["vocabularies"]["sub_event_type"]
    violent = [
        s for s, t in sub_events.items() if t in ("Battles", "Explosions/Remote violence", "Violence against civilians")
    ]
    names = list(ACTORS)
    actor = rng.choice(len(names), rows, p=[share for share, _ in ACTORS.values()])
    days = pd.Timestamp("2017-01-01") + pd.to_timedelta(
        rng.integers(0, (pd.Timestamp("2025-12-31") - pd.Timestamp("2017-01-01")).days + 1, rows), unit="D"
    )
    precision = rng.choice(["1", "2", "3"], rows, p=[0.8, 0.15, 0.05])
    fatalities = np.minimum(rng.zipf(2.2, rows) - 1, 500)
    sub_event = rng.choice(violent, rows)
    province = rng.choice(provinces, rows, p=weights / weights.sum())
    n_sources = rng.integers(1, 4, rows)
    source_lists = {k: "; ".join(SOURCES[:k]) for k in (1, 2, 3)}
    iso_dates = rng.random(rows) < 0.5
    date_text = np.where(iso_dates, days.strftime("%Y-%m-%d"), days.strftime("%d %B %Y"))
    actor_names = np.array(names)[actor]
    frame = pd.DataFrame(
        {
            "event_id_cnty": [f"AFG{i:07d}" for i in range(1, rows + 1)],
            "event_date": date_text,
            "year": days.year,
            "time_precision": precision,
            "disorder_type": "Political violence",
            "event_type": pd.Series(sub_event).map(sub_events).to_numpy(),
            "sub_event_type": sub_event,
            "actor1": actor_names,
            "assoc_actor_1": np.where(
                rng.random(rows) < 0.05, "Tehrik-i-Taliban Pakistan (TTP); Islamic State (Afghanistan)", ""
            ),
            "inter1": pd.Series(actor_names).map({n: inter for n, (_, inter) in ACTORS.items()}).to_numpy(),
            "actor2": "Civilians (Afghanistan)",
            "assoc_actor_2": "",
            "inter2": "Civilians",
            "interaction": "Rebel group-Civilians",
            "civilian_targeting": "Civilian targeting",
            "iso": 4,
            "region": "Caucasus and Central Asia",
            "country": "Afghanistan",
            "admin1": province,
            "admin2": province,
            "admin3": "",
            "location": province,
            "latitude": np.round(rng.uniform(29.5, 38.5, rows), 4),
            "longitude": np.round(rng.uniform(60.5, 74.9, rows), 4),
            "geo_precision": rng.integers(1, 4, rows),
            "source": pd.Series(n_sources).map(source_lists).to_numpy(),
            "source_scale": "National",
            "fatalities": fatalities,
            "tags": "",
            "timestamp": 1735689600,
        }
    )
    frame["notes"] = [
        NOTE.format(date=d, actor=a, place=p, province=p, fatalities=f)
        for d, a, p, f in zip(date_text, actor_names, province, fatalities)
    ]
    return frame[list(ACLED_COLUMNS)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", type=int)
    parser.add_argument("file", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.rows, args.seed).to_csv(args.file, index=False)


if __name__ == "__main__":
    main()
