"""Check the held-out coding benchmark: quotes, dates, vocabularies, actors, counts.

Run: python verify.py [--dictionary /work/main/data/dictionary.yaml] [--actors /work/main/data/actors.csv]
Exit status 1 if any problem is found.
"""

import argparse
import calendar
import csv
import datetime as dt
import pathlib
import re
import sys
from collections import Counter, defaultdict

import yaml

HERE = pathlib.Path(__file__).resolve().parent
ap = argparse.ArgumentParser()
ap.add_argument("--dictionary", default="/work/main/data/dictionary.yaml")
ap.add_argument("--actors", default="/work/main/data/actors.csv")
args = ap.parse_args()

voc = yaml.safe_load(open(args.dictionary, encoding="utf-8"))["vocabularies"]
actors = {r["actor_id"] for r in csv.DictReader(open(args.actors, encoding="utf-8"))}
new_actors = list(csv.DictReader(open(HERE / "new_actors.csv", encoding="utf-8")))
problems = []
for a in new_actors:
    if a["actor_id"] in actors:
        problems.append(f"new_actors.csv: {a['actor_id']} already in actors.csv")
    if not re.fullmatch(r"[a-z][a-z0-9_]*", a["actor_id"]):
        problems.append(f"new_actors.csv: bad id {a['actor_id']}")
    if a["kind"] not in voc["actor_kind"]:
        problems.append(f"new_actors.csv: bad kind {a['kind']}")
actors |= {a["actor_id"] for a in new_actors}


def fold(s):
    return re.sub(r"\s+", " ", s).strip()


sources = {}
for r in csv.DictReader(open(HERE / "sources.csv", encoding="utf-8")):
    text = (HERE / r["file"]).read_text(encoding="utf-8")
    pub = dt.date.fromisoformat(r["published"])
    lines = text.splitlines()
    words = len(text.split())
    if not (300 <= words <= 700):
        problems.append(f"{r['file']}: {words} words")
    if lines[0] != r["headline"]:
        problems.append(f"sources.csv {r['source_id']}: headline differs from line 1")
    if not lines[1].startswith("By "):
        problems.append(f"{r['file']}: line 2 is not a by-line")
    sources[r["source_id"]] = dict(text=fold(text), pub=pub, words=words, file=r["file"])


def date(v, where, empty_ok=False):
    if v == "":
        if not empty_ok:
            problems.append(f"{where}: empty date")
        return None
    try:
        return dt.date.fromisoformat(v)
    except ValueError:
        problems.append(f"{where}: bad date {v!r}")
        return None


def check_range(row, s, e, prec, where, pub, allow_after_pub=False):
    ds = date(row[s], where + " " + s, empty_ok=(prec == "open"))
    de = date(row[e], where + " " + e)
    if prec is not None and prec not in voc["date_precision"]:
        problems.append(f"{where}: date_precision {prec!r} not in vocabulary")
    if ds and de and ds > de:
        problems.append(f"{where}: {s} > {e}")
    if de and de > pub and not allow_after_pub:
        problems.append(f"{where}: {e} after publication {pub}")
    if prec == "day" and ds != de:
        problems.append(f"{where}: precision day but start != end")
    if prec == "week" and ds and de and not (1 <= (de - ds).days <= 6):
        problems.append(f"{where}: precision week but range is not 2..7 days")
    if (
        prec == "month"
        and ds
        and de
        and not (
            ds.day == 1
            and de.year == ds.year
            and de.month == ds.month
            and de.day == calendar.monthrange(de.year, de.month)[1]
        )
    ):
        problems.append(f"{where}: precision month but not a calendar month")
    if prec == "year" and ds and de and not (ds.month == 1 and ds.day == 1 and de.year == ds.year):
        problems.append(f"{where}: precision year but not (part of) one calendar year")
    if prec == "open" and ds is not None:
        problems.append(f"{where}: precision open but date_start filled")
    if prec == "range" and ds and de and (de - ds).days < 7:
        problems.append(f"{where}: precision range for a range of 7 days or fewer (use week)")


def check_quotes(row, where):
    src = sources.get(row["source_id"])
    if src is None:
        problems.append(f"{where}: unknown source_id {row['source_id']}")
        return
    qs = [row["quote"]] + [q for q in row.get("more_quotes", "").split(" || ") if q.strip()]
    if not row["quote"].strip():
        problems.append(f"{where}: empty quote")
    for q in qs:
        if fold(q) not in src["text"]:
            problems.append(f"{where}: quote not in {src['file']}: {q[:70]!r}")


def ordered(row, cols, where):
    vals = []
    for c in cols:
        v = row[c]
        if v == "":
            continue
        if not v.isdigit():
            problems.append(f"{where}: {c}={v!r} is not a whole number >= 0")
            continue
        vals.append((c, int(v)))
    for (c1, v1), (c2, v2) in zip(vals, vals[1:]):
        if v1 > v2:
            problems.append(f"{where}: {c1} {v1} > {c2} {v2}")


def rows(name):
    return list(csv.DictReader(open(HERE / name, encoding="utf-8")))


counts = defaultdict(Counter)
tables = {}
for name in ["statements.csv", "incidents.csv", "officials_killed.csv", "reported_figures.csv"]:
    tables[name] = rows(name)
    seen = set()
    for i, r in enumerate(tables[name], start=2):
        where = f"{name}:{i}"
        check_quotes(r, where)
        counts[r["source_id"]][name] += 1
        pub = sources.get(r["source_id"], {}).get("pub", dt.date.max)
        if name == "statements.csv":
            # more_quotes tells apart two claims reported in one sentence ("claimed both attacks")
            key = (
                r["source_id"],
                r["speaker_actor"],
                r["kind"],
                r["target_actor"],
                r["speaker"],
                r["quote"],
                r["more_quotes"],
            )
            if r["speaker_actor"] not in actors:
                problems.append(f"{where}: speaker_actor {r['speaker_actor']!r} unknown")
            if r["target_actor"] and r["target_actor"] not in actors:
                problems.append(f"{where}: target_actor {r['target_actor']!r} unknown")
            if r["kind"] not in voc["statement_kind"]:
                problems.append(f"{where}: kind {r['kind']!r} not in vocabulary")
            check_range(r, "date_start", "date_end", r["date_precision"], where, pub)
        elif name == "incidents.csv":
            key = (r["source_id"], r["date_start"], r["location"], r["country"])
            if r["province"] and r["province"] not in voc["province"]:
                problems.append(f"{where}: province {r['province']!r} not in vocabulary")
            if r["province"] and r["country"] != "Afghanistan":
                problems.append(f"{where}: province given outside Afghanistan")
            if r["perpetrator"] and r["perpetrator"] not in actors:
                problems.append(f"{where}: perpetrator {r['perpetrator']!r} unknown")
            if r["event_type"] and r["event_type"] not in voc["event_type"]:
                problems.append(f"{where}: event_type {r['event_type']!r} not in vocabulary")
            if r["sub_event_type"]:
                if r["sub_event_type"] not in voc["sub_event_type"]:
                    problems.append(f"{where}: sub_event_type {r['sub_event_type']!r} not in vocabulary")
                elif voc["sub_event_type"][r["sub_event_type"]] != r["event_type"]:
                    problems.append(f"{where}: sub_event_type does not belong to event_type")
            # 'this month' covers the whole calendar month of publication (dictionary rule)
            check_range(
                r,
                "date_start",
                "date_end",
                r["date_precision"],
                where,
                pub,
                allow_after_pub=(r["date_precision"] == "month"),
            )
            ordered(r, ["killed_low", "killed_best", "killed_high"], where)
            ordered(r, ["injured_low", "injured_best", "injured_high"], where)
            for c in ["killed", "injured"]:
                if r[c + "_low"] == "" and (r[c + "_best"] or r[c + "_high"]):
                    problems.append(f"{where}: {c}_best/high without {c}_low")
        elif name == "officials_killed.csv":
            key = (r["source_id"], r["name"], r["position"])
            if r["province"] and r["province"] not in voc["province"]:
                problems.append(f"{where}: province {r['province']!r} not in vocabulary")
            if not r["position"]:
                problems.append(f"{where}: empty position")
        else:
            key = (
                r["source_id"],
                r["reporter_actor"],
                r["subject_actor"],
                r["metric"],
                r["period_start"],
                r["period_end"],
                r["quote"],  # two figures of one period (claimed vs attributed attacks) are told apart by their quote
            )
            for c in ["reporter_actor", "subject_actor"]:
                if r[c] not in actors:
                    problems.append(f"{where}: {c} {r[c]!r} unknown")
            if r["metric"] not in voc["metric"]:
                problems.append(f"{where}: metric {r['metric']!r} not in vocabulary")
            if r["value_low"] == "":
                problems.append(f"{where}: value_low empty")
            ordered(r, ["value_low", "value", "value_high"], where)
            ds = date(r["period_start"], where + " period_start", empty_ok=True)
            de = date(r["period_end"], where + " period_end")
            if ds and de and ds > de:
                problems.append(f"{where}: period_start > period_end")
            if de and de > pub:
                problems.append(f"{where}: period_end after publication")
        if key in seen:
            problems.append(f"{where}: duplicate row {key}")
        seen.add(key)

# every official killed must match an incident of the same source whose quote or more_quotes mentions the official
for i, r in enumerate(tables["officials_killed.csv"], start=2):
    inc = [x for x in tables["incidents.csv"] if x["source_id"] == r["source_id"]]
    if not any(
        fold(r["quote"]) in fold(x["quote"] + " " + x["more_quotes"])
        or fold(x["quote"]) in fold(r["quote"])
        or fold(r["quote"])[:60] in fold(x["quote"] + " || " + x["more_quotes"])
        for x in inc
    ):
        problems.append(f"officials_killed.csv:{i}: no incident of {r['source_id']} quotes the same passage")

hdr = ["statements.csv", "incidents.csv", "officials_killed.csv", "reported_figures.csv"]
print(f"{'source':8} {'words':>5} " + " ".join(f"{h.split('.')[0][:10]:>10}" for h in hdr))
tot = Counter()
for sid in sorted(sources):
    print(f"{sid:8} {sources[sid]['words']:>5} " + " ".join(f"{counts[sid][h]:>10}" for h in hdr))
    tot.update(counts[sid])
print(f"{'total':8} {sum(s['words'] for s in sources.values()):>5} " + " ".join(f"{tot[h]:>10}" for h in hdr))
print("statement kinds:", dict(Counter(r["kind"] for r in tables["statements.csv"])))
print("date precisions (statements):", dict(Counter(r["date_precision"] for r in tables["statements.csv"])))
print("date precisions (incidents):", dict(Counter(r["date_precision"] for r in tables["incidents.csv"])))
if problems:
    print(f"\n{len(problems)} problem(s):")
    print("\n".join(problems))
    sys.exit(1)
print("\nOK: every quote found verbatim (whitespace folded), dates valid and ordered, vocabularies and actors known.")
