"""Check the attribution review's quotes: each must be an exact substring of its seed article.

Checked: every row of proposed_evidence.csv, every line of REVIEW.md written as
`> [srcNNN] quote` (the quotes the review's findings rest on), and every 'single-quoted' fragment of
proposed_incident_notes.csv before "Outside (not applied)", against the nearest srcNNN named before it.
Seeds are found through data/sources.csv (path, sha256). New statements are also checked for ids, an
evidence row, existing about_incidents and a date_end not before the incident's date_start.
Run from anywhere: python3 docs/attribution_review/check_quotes.py
"""

import csv
import hashlib
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
REVIEW_QUOTE = re.compile(r"^> \[(src\d+)\] (.+)$")
NOTE_FRAGMENT = re.compile(r"(?<![A-Za-z])'([^']+?)'(?![A-Za-z])")
SOURCE_LABEL = re.compile(r"src\d{3}")


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def load_seeds():
    seeds = {}
    for row in read_csv(ROOT / "data" / "sources.csv"):
        raw = (ROOT / row["path"]).read_bytes()
        if hashlib.sha256(raw).hexdigest() != row["sha256"]:
            sys.exit(f"{row['path']}: SHA-256 differs from data/sources.csv")
        seeds[row["source_id"]] = raw.decode("utf-8")
    return seeds


def quotes_to_check():
    for i, row in enumerate(read_csv(HERE / "proposed_evidence.csv"), start=2):
        yield f"proposed_evidence.csv row {i}", row["source_id"], row["quote"]
    for n, line in enumerate((HERE / "REVIEW.md").read_text(encoding="utf-8").splitlines(), start=1):
        m = REVIEW_QUOTE.match(line)
        if m:
            yield f"REVIEW.md line {n}", m.group(1), m.group(2)
    for i, row in enumerate(read_csv(HERE / "proposed_incident_notes.csv"), start=2):
        text = row["add_to_coding_note"].split("Outside (not applied)")[0]
        for m in NOTE_FRAGMENT.finditer(text):
            labels = SOURCE_LABEL.findall(text[: m.start()])
            yield f"proposed_incident_notes.csv row {i}", labels[-1] if labels else "none", m.group(1)


def check_statements(problems):
    existing = read_csv(ROOT / "data" / "statements.csv")
    incidents = {r["incident_id"]: r for r in read_csv(ROOT / "data" / "incidents.csv")}
    evidenced = {r["record_id"] for r in read_csv(HERE / "proposed_evidence.csv") if r["record_type"] == "statement"}
    last = max(int(r["statement_id"][2:]) for r in existing)
    rows = read_csv(HERE / "proposed_statements.csv")
    for i, row in enumerate(rows, start=2):
        where = f"proposed_statements.csv row {i}"
        if int(row["statement_id"][2:]) <= last:
            problems.append(f"{where}: {row['statement_id']} does not continue after ST{last:02d}")
        if row["statement_id"] not in evidenced:
            problems.append(f"{where}: {row['statement_id']} has no evidence row")
        for inc in filter(None, (s.strip() for s in row["about_incidents"].split(";"))):
            if inc not in incidents:
                problems.append(f"{where}: unknown incident {inc}")
            elif row["date_end"] < incidents[inc]["date_start"]:
                problems.append(f"{where}: ends {row['date_end']} before {inc} begins {incidents[inc]['date_start']}")
    edits = read_csv(HERE / "proposed_edits.csv")
    known = {r["statement_id"] for r in existing}
    for i, row in enumerate(edits, start=2):
        if row["statement_id"] not in known:
            problems.append(f"proposed_edits.csv row {i}: unknown statement {row['statement_id']}")
    return len(rows), len(edits)


def main():
    seeds = load_seeds()
    problems, n = [], 0
    for where, source_id, quote in quotes_to_check():
        n += 1
        if source_id not in seeds:
            problems.append(f"{where}: unknown source {source_id}")
        elif quote not in seeds[source_id]:
            problems.append(f"{where}: not verbatim in {source_id}: {quote[:70]}...")
    n_new, n_edits = check_statements(problems)
    for p in problems:
        print("PROBLEM", p)
    print(f"{n} quotes checked, {n_new} new statements, {n_edits} edits, {len(problems)} problems")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
