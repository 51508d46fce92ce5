"""Independent check of the proposed CSVs against a data dictionary (stand-alone: needs only PyYAML).

    python3 check_proposed.py [DATA_DIR] [DICTIONARY] [PROJECT_DIR]

Defaults: the CSVs beside this script, dictionary.proposed.yaml beside it, /work/main as the project folder
(sources.path is resolved against it; nothing there is written). Checks: headers, required cells, unique ids,
vocabularies, references, dates and counts, ordered groups, the date_precision rules (day: start = end; week:
at most 7 days; month: first to last day of one month; year: 1 January to a day of the same year; open: empty
start; range: a start), evidence coverage (evidenced_as), every quote an exact substring of its source after
folding whitespace and typographic quotes/dashes, the seeds' SHA-256, and consistency checks: a row's end date is
no later than the latest publication day of every source quoted for it, and a reply starts no earlier than the
statement it answers. Exit status 1 on any problem.
"""
import csv
import datetime as dt
import hashlib
import re
import sys
import unicodedata
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
DATA = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE
DICT = Path(sys.argv[2]) if len(sys.argv) > 2 else HERE / "dictionary.proposed.yaml"
PROJECT = Path(sys.argv[3]) if len(sys.argv) > 3 else Path("/work/main")

TYPOGRAPHY = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "‟": '"',
                            "–": "-", "—": "-", "‑": "-", "\u00a0": " "})


def fold(text):
    text = unicodedata.normalize("NFC", text).translate(TYPOGRAPHY)
    return re.sub(r"\s+", " ", text).strip()


def date(value):
    return dt.date.fromisoformat(value) if value else None


problems = []


def problem(file, line, column, message):
    problems.append(f"{file}:{line}: {column}: {message}")


spec = yaml.safe_load(DICT.read_text(encoding="utf-8"))
vocab = spec["vocabularies"]
tables = {}
for name, table in spec["tables"].items():
    path = DATA / table["file"]
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        header = reader.fieldnames
        rows = list(reader)
    tables[name] = rows
    expected = list(table["columns"])
    if set(header) != set(expected):
        problem(table["file"], 1, "header", f"columns {header} differ from the dictionary's {expected}")

# cell-level checks
for name, table in spec["tables"].items():
    file, rows = table["file"], tables[name]
    for column, cs in table["columns"].items():
        seen = {}
        for i, row in enumerate(rows, start=2):
            value = row.get(column, "") or ""
            if value == "":
                if cs.get("required", True):
                    problem(file, i, column, "empty, but required")
                continue
            kind = cs["type"]
            if kind == "id":
                if value in seen:
                    problem(file, i, column, f"{value!r}: duplicate id (also line {seen[value]})")
                seen[value] = i
            elif kind == "category" and value not in vocab[cs["vocabulary"]]:
                problem(file, i, column, f"{value!r} is not in vocabulary {cs['vocabulary']}")
            elif kind == "ref":
                ref_table, ref_column = cs["references"].split(".")
                if value not in {r[ref_column] for r in tables[ref_table]}:
                    problem(file, i, column, f"{value!r}: no such {ref_column} in {ref_table}")
            elif kind == "date":
                try:
                    date(value)
                except ValueError:
                    problem(file, i, column, f"{value!r} is not a date YYYY-MM-DD")
            elif kind == "count" and not re.fullmatch(r"\d+", value):
                problem(file, i, column, f"{value!r} is not a whole number >= 0")
    for group in table.get("ordered", []):
        for i, row in enumerate(rows, start=2):
            filled = [(c, row[c]) for c in group if row.get(c)]
            for (c1, v1), (c2, v2) in zip(filled, filled[1:]):
                a, b = (date(v1), date(v2)) if table["columns"][c1]["type"] == "date" else (int(v1), int(v2))
                if b < a:
                    problem(file, i, c2, f"{v2} is less than {c1} {v1}")
    if "date_precision" in table["columns"]:
        for i, row in enumerate(rows, start=2):
            s, e, p = date(row.get("date_start", "")), date(row["date_end"]), row["date_precision"]
            ok = {
                "open": s is None,
                "day": s is not None and s == e,
                "week": s is not None and (e - s).days <= 6,
                "month": s is not None and s.day == 1 and s.month == e.month and s.year == e.year
                         and (e + dt.timedelta(days=1)).day == 1,
                "year": s is not None and (s.month, s.day) == (1, 1) and e.year == s.year,
                "range": s is not None,
            }[p]
            if not ok:
                problem(file, i, "date_precision", f"{p!r} does not describe {row.get('date_start')}..{row['date_end']}")

# evidence: records exist, quotes verbatim, sources unchanged
sources = {r["source_id"]: r for r in tables["sources"]}
texts = {}
for i, r in enumerate(tables["sources"], start=2):
    raw = (PROJECT / r["path"]).read_bytes()
    if hashlib.sha256(raw).hexdigest() != r["sha256"]:
        problem("sources.csv", i, "sha256", f"{r['path']} differs from its recorded SHA-256")
    texts[r["source_id"]] = fold(raw.decode("utf-8"))
by_type = {t["evidenced_as"]: (n, t) for n, t in spec["tables"].items() if t.get("evidenced_as")}
keys = {rt: next(c for c, cs in t["columns"].items() if cs["type"] == "id") for rt, (n, t) in by_type.items()}
ids = {rt: {row[keys[rt]] for row in tables[n]} for rt, (n, t) in by_type.items()}
cited = {}
for i, r in enumerate(tables["evidence"], start=2):
    rt, rid = r["record_type"], r["record_id"]
    if rt in ids and rid not in ids[rt]:
        problem("evidence.csv", i, "record_id", f"unknown {keys[rt]} {rid!r}")
    cited.setdefault((rt, rid), set()).add(r["source_id"])
    if fold(r["quote"]) not in texts.get(r["source_id"], ""):
        problem("evidence.csv", i, "quote", f"not verbatim in {r['source_id']}: {r['quote'][:70]!r}")
for rt, (n, t) in by_type.items():
    for i, row in enumerate(tables[n], start=2):
        if (rt, row[keys[rt]]) not in cited:
            problem(t["file"], i, keys[rt], f"{row[keys[rt]]!r} has no evidence row (record_type {rt})")

# consistency: nothing ends after a quoted source's latest publication day; replies start no earlier
end_column = {"statement": "date_end", "incident": "date_end", "figure": "period_end"}
for rt, column in end_column.items():
    n, t = by_type[rt]
    for i, row in enumerate(tables[n], start=2):
        for sid in sorted(cited.get((rt, row[keys[rt]]), ())):
            if date(row[column]) > date(sources[sid]["published_end"]):
                problem(t["file"], i, column, f"{row[column]} is after {sid}'s latest publication day {sources[sid]['published_end']}")
statements = {r["statement_id"]: r for r in tables["statements"]}
for i, row in enumerate(tables["statements"], start=2):
    target = statements.get(row["responds_to"])
    if target and target["date_start"] and (not row["date_start"] or date(row["date_start"]) < date(target["date_start"])):
        problem("statements.csv", i, "date_start", f"{row['statement_id']} answers {target['statement_id']} but starts before it")

counts = ", ".join(f"{n} {len(rows)}" for n, rows in tables.items())
if problems:
    print("\n".join(problems))
    print(f"{len(problems)} problem(s) [{counts}]")
    sys.exit(1)
print(f"OK: no problems [{counts}; {len(tables['evidence'])} quotes verbatim]")
