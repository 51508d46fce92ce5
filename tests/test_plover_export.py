"""export plover: the coded data in PLOVER's terms, read back by import polecat into the same flows."""

import json

from analysis import load, views
from analysis.cli import main
from analysis.imports import import_statements
from analysis.imports.formats import CODEBOOKS

EXPORTED_KINDS = list(CODEBOOKS["plover_export"]["statement_types"])


def test_the_export_reads_back_into_the_same_flows(data_copy, tmp_path, capsys):
    out = tmp_path / "export" / "iskp"
    assert main(["export", "plover", str(out), "--data", str(data_copy)]) == 0
    printed = capsys.readouterr().out
    ds = load(data_copy)
    left_out = ds.statements[~ds.statements["kind"].isin(EXPORTED_KINDS)]["kind"].value_counts()
    assert all(f"{n} {kind}" in printed for kind, n in left_out.items() if n)
    import_statements("polecat", [out.with_suffix(".tsv")], data_copy, "back")
    again = load(data_copy)
    columns = ["speaker", "target", "kind", "statements"]
    coded = views.statement_flows(again, kinds=EXPORTED_KINDS).edges[columns]
    back = views.statement_flows(again, kinds=EXPORTED_KINDS, datasets="back").edges[columns]
    assert len(coded) > 0
    key = ["speaker", "target", "kind"]
    assert back.sort_values(key).values.tolist() == coded.sort_values(key).values.tolist()


def test_each_record_carries_its_plover_type_actors_dates_and_verbatim_quotes(data_copy, tmp_path):
    out = tmp_path / "iskp"
    main(["export", "plover", str(out), "--data", str(data_copy)])
    records = [json.loads(line) for line in out.with_suffix(".jsonl").read_text(encoding="utf-8").splitlines()]
    ds = load(data_copy)
    statements = ds.statements.set_index("statement_id")
    for record in records:
        if record["record_type"] == "statement":
            row = statements.loc[record["id"]]
            assert record["event_type"] == CODEBOOKS["plover_export"]["statement_types"][row["kind"]]
            assert record["actor"]["actor_id"] == row["speaker_actor"]
            assert record["date_end"] == f"{row['date_end']:%Y-%m-%d}"
        else:
            assert record["event_type"] == "ASSAULT"
        quotes = ds.evidence[ds.evidence["record_id"] == record["id"]]["quote"].tolist()
        assert [q["quote"] for q in record["quotes"]] == quotes and quotes
    assert {r["record_type"] for r in records} == {"statement", "incident"}
    assert not [r for r in records if r.get("kind") and r["kind"] not in EXPORTED_KINDS]
