"""Coding assistant quality: recall and precision of suggest() against the held-out gold of benchmarks/coding/.

Run: .venv/bin/python benchmarks/bench_coding.py [--dev] [--seeds] [--show]
  --dev    the development articles held01-held05 only;
  --seeds  instead, the five real seed articles (src000-src004) against the project's own coding in data/: a row is
           gold for a seed when evidence.csv cites that seed for it. Real wire copy is messier than the benchmark's,
           and the seed coding records some facts no rule could find (dates from outside evidence, corrections), so
           these figures are a check on real text, not a target.

A scratch folder gets a copy of data/ and the seed texts, the benchmark's articles registered as sources (each
with its one publication day and headline) and benchmarks/coding/new_actors.csv's actors (a careful coder adds
them too). suggest() runs on every article; its candidates are matched one-to-one (greedily, in gold order)
against the gold rows of the same article:
  statements        same speaker_actor, kind and target_actor (both empty counts as the same target);
  incidents         same province (outside Afghanistan: same country), date ranges that overlap, killed ranges that
                    overlap (low..high, an empty high unbounded; both unstated agree, one unstated does not), and the
                    same perpetrator (unidentified_armed_group, the assistant's "no claim", equals the gold's empty);
  reported_figures  same subject_actor, metric and value_low;
  officials_killed  same province and positions alike (rapidfuzz token-set ratio >= 70 after lower-casing).
recall = matched / gold rows; precision = matched / candidates (a candidate marked duplicate_of still counts).
The split, by what the rules saw:
  development  held01-held05, read while the rules were written;
  held-out     held06-held08, not opened until the rules were first frozen (blind there: recall 0.71, precision 0.83,
               at commit 9c7626d); some of their misses were fixed afterwards, so they are no longer blind;
  fresh        held09-held12, written by a second coder after the rules were frozen again (commit 54c8c4c's
               rules) and scored once on them: the blind figure (recall 0.32, precision 0.48). The rules were then
               generalised (commit 6064ed4: verb coverage, sentence shapes, references, dates), studying these articles
               and the seeds, so they are no longer blind either;
  third set    held13-held16, written by a third coder (real outlets' registers: wire, Afghan, Pakistani, monitor
               brief) while that work went on, and scored once on its result (commit bccfc71): the blind figure
               for the current rules.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

import pandas as pd
from rapidfuzz import fuzz

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
import analysis  # noqa: E402
from analysis.coding.register import add_source  # noqa: E402
from analysis.coding.suggest import suggest  # noqa: E402

CORPUS = PROJECT / "benchmarks" / "coding"
DEVELOPMENT = ["held01", "held02", "held03", "held04", "held05"]
HELD_OUT = ["held06", "held07", "held08"]
FRESH = ["held09", "held10", "held11", "held12"]
TABLES = ["statements", "incidents", "reported_figures", "officials_killed"]
SEEDS = ["src000", "src001", "src002", "src003", "src004"]
EVIDENCE_OF = {
    "statements": ("statement", "statement_id"),
    "incidents": ("incident", "incident_id"),
    "reported_figures": ("figure", "figure_id"),
    "officials_killed": ("official", "official_id"),
}
NO_CLAIM = "unidentified_armed_group"


def scratch_folder(root: Path, source_ids: list[str]) -> tuple[Path, dict[str, str]]:
    """data/ and seeds/ copied under root, benchmarks/coding/new_actors.csv's actors added, and the benchmark's
    articles registered with add-source as an analyst would (each with its one publication day). Returns the data
    folder and each benchmark id's registered source id."""
    shutil.copytree(PROJECT / "data", root / "data")
    shutil.copytree(PROJECT / "seeds", root / "seeds")
    actors = pd.read_csv(root / "data" / "actors.csv", dtype=str)
    pd.concat([actors, pd.read_csv(CORPUS / "new_actors.csv", dtype=str)]).to_csv(
        root / "data" / "actors.csv", index=False
    )
    corpus = pd.read_csv(CORPUS / "sources.csv", dtype=str)
    registered = {}
    for source in corpus[corpus["source_id"].isin(source_ids)].itertuples():
        row = add_source(
            CORPUS / source.file, source.outlet, "", source.published, source.basis, data_dir=root / "data"
        )
        registered[source.source_id] = row["source_id"]
    return root / "data", registered


def _blank(value) -> str:
    return "" if pd.isna(value) or value is None or value == NO_CLAIM else str(value)


def _overlap(a_start, a_end, b_start, b_end) -> bool:
    a_start, b_start = a_start or "0000", b_start or "0000"
    return a_start <= (b_end or "9999") and b_start <= (a_end or "9999")


def _killed_agree(a, b) -> bool:
    if _blank(a["killed_low"]) == "" or _blank(b["killed_low"]) == "":
        return _blank(a["killed_low"]) == _blank(b["killed_low"])
    high = lambda row: float(row["killed_high"]) if _blank(row["killed_high"]) else float("inf")  # noqa: E731
    return float(a["killed_low"]) <= high(b) and float(b["killed_low"]) <= high(a)


def same(table: str, gold, candidate) -> bool:
    if table == "statements":
        return all(_blank(gold[c]) == _blank(candidate[c]) for c in ("speaker_actor", "kind", "target_actor"))
    if table == "incidents":
        place = _blank(gold["province"]) == _blank(candidate["province"]) and (
            _blank(gold["province"]) != "" or _blank(gold["country"]) == _blank(candidate["country"])
        )
        return (
            place
            and _overlap(
                _blank(gold["date_start"]),
                _blank(gold["date_end"]),
                _blank(candidate["date_start"]),
                _blank(candidate["date_end"]),
            )
            and _killed_agree(gold, candidate)
            and _blank(gold["perpetrator"]) == _blank(candidate["perpetrator"])
        )
    if table == "reported_figures":
        return (
            all(_blank(gold[c]) == _blank(candidate[c]) for c in ("subject_actor", "metric"))
            and _blank(gold["value_low"])
            and _blank(candidate["value_low"])
            and int(float(gold["value_low"])) == int(float(candidate["value_low"]))
        )
    return (
        _blank(gold["province"]) == _blank(candidate["province"])
        and fuzz.token_set_ratio(_blank(gold["position"]).lower(), _blank(candidate["position"]).lower()) >= 70
    )


def score(gold: pd.DataFrame, suggested: pd.DataFrame, table: str) -> tuple[int, int, int]:
    """(gold rows, candidates, matched) for one table, one-to-one within each article."""
    matched = 0
    for source_id, rows in gold.groupby("source_id"):
        pool = dict(list(suggested[(suggested["source_id"] == source_id) & (suggested["table"] == table)].iterrows()))
        for _, row in rows.iterrows():
            hit = next((index for index, candidate in pool.items() if same(table, row, candidate)), None)
            if hit is not None:
                del pool[hit]
                matched += 1
    return len(gold), int((suggested["table"] == table).sum()), matched


def report(label: str, gold: dict[str, pd.DataFrame], suggested: pd.DataFrame, source_ids: list[str]) -> None:
    print(f"\n{label} ({', '.join(source_ids)})")
    print(f"  {'table':<18}{'gold':>6}{'suggested':>11}{'matched':>9}{'recall':>8}{'precision':>11}")
    totals = [0, 0, 0]
    for table in TABLES:
        n_gold, n_suggested, matched = score(
            gold[table][gold[table]["source_id"].isin(source_ids)],
            suggested[suggested["source_id"].isin(source_ids)],
            table,
        )
        totals = [t + v for t, v in zip(totals, (n_gold, n_suggested, matched))]
        print(
            f"  {table:<18}{n_gold:>6}{n_suggested:>11}{matched:>9}"
            f"{_share(matched, n_gold):>8}{_share(matched, n_suggested):>11}"
        )
    print(
        f"  {'all rows':<18}{totals[0]:>6}{totals[1]:>11}{totals[2]:>9}"
        f"{_share(totals[2], totals[0]):>8}{_share(totals[2], totals[1]):>11}"
    )


def seed_gold(ds) -> dict[str, pd.DataFrame]:
    """data/'s rows, one per (row, seed) that evidence.csv cites for it, with that seed as source_id."""
    gold = {}
    for table, (record_type, id_column) in EVIDENCE_OF.items():
        cited = ds.evidence.loc[ds.evidence["record_type"] == record_type, ["record_id", "source_id"]].drop_duplicates()
        rows = getattr(ds, table).astype(object)
        gold[table] = (
            rows.merge(cited, left_on=id_column, right_on="record_id")
            .astype(str)
            .replace({"nan": "", "NaT": "", "None": ""})
        )
    return gold


def show(suggested: pd.DataFrame) -> None:
    columns = [
        "source_id",
        "candidate",
        "table",
        "speaker_actor",
        "kind",
        "target_actor",
        "date_start",
        "date_end",
        "province",
        "country",
        "perpetrator",
        "killed_low",
        "killed_best",
        "killed_high",
        "injured_low",
        "injured_high",
        "position",
        "subject_actor",
        "metric",
        "value_low",
    ]
    with pd.option_context("display.width", 250, "display.max_rows", 500, "display.max_columns", 30):
        print(suggested[columns].fillna("").to_string())


def seeds(args) -> None:
    ds = analysis.load(PROJECT / "data")
    suggested = pd.concat(
        [suggest(ds, source_id).assign(source_id=source_id) for source_id in SEEDS], ignore_index=True
    )
    if args.show:
        show(suggested)
    report("Seeds (real articles, against data/)", seed_gold(ds), suggested, SEEDS)


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.2f}" if whole else "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", action="store_true", help="the development articles only (held01-held05)")
    parser.add_argument("--show", action="store_true", help="print every candidate")
    parser.add_argument("--seeds", action="store_true", help="the five seed articles against data/'s coding")
    args = parser.parse_args()
    if args.seeds:
        return seeds(args)
    source_ids = DEVELOPMENT if args.dev else sorted(pd.read_csv(CORPUS / "sources.csv", dtype=str)["source_id"])
    gold = {table: pd.read_csv(CORPUS / f"{table}.csv", dtype=str) for table in TABLES}
    with tempfile.TemporaryDirectory() as folder:
        data_dir, registered = scratch_folder(Path(folder), source_ids)
        ds = analysis.load(data_dir)
        suggested = pd.concat(
            [suggest(ds, registered[source_id]).assign(source_id=source_id) for source_id in source_ids],
            ignore_index=True,
        )
    if args.show:
        show(suggested)
    third = [s for s in source_ids if s not in DEVELOPMENT + HELD_OUT + FRESH]
    for label, chosen in (
        ("Development", DEVELOPMENT),
        ("Held-out (blind once, since tuned on)", HELD_OUT),
        ("Fresh (blind once, since generalised on)", FRESH),
        ("Third set (blind)", third),
    ):
        if set(chosen) & set(source_ids):
            report(label, gold, suggested, [s for s in source_ids if s in chosen])
    if not args.dev:
        report("Overall", gold, suggested, source_ids)


if __name__ == "__main__":
    main()
