"""The labelled linking set (tests/fixtures/linking): a data folder that holds it, and its precision and recall.

Shared by tests/test_linking.py and benchmarks/bench_linking.py, so the figures the benchmark prints are
the ones the tests hold to.
"""

import shutil
from pathlib import Path

import pandas as pd

from analysis.imports import import_export

FIXTURES = Path(__file__).resolve().parent / "fixtures"
LABELLED = FIXTURES / "linking"


def labelled_folder(into: Path, labelled: Path = LABELLED) -> Path:
    """The fixture's coded data with the labelled ACLED and UCDP exports imported as 'acled' and 'ucdp' (and no other
    import)."""
    shutil.copytree(FIXTURES / "data", into / "data")
    shutil.copytree(FIXTURES / "seeds", into / "seeds")
    for path in (into / "data" / "imports").iterdir():
        path.unlink()
    (into / "data" / "link_decisions.csv").unlink()  # the fixture's decision names the sample import
    import_export("acled", labelled / "acled.csv", into / "data", "acled")
    import_export("ucdp", labelled / "ged.csv", into / "data", "ucdp")
    return into / "data"


def read_labels(labelled: Path = LABELLED) -> pd.DataFrame:
    labels = pd.read_csv(labelled / "labels.csv")
    kinds = [" ~ ".join(sorted((a.split(":")[0], b.split(":")[0]))) for a, b in zip(labels["left"], labels["right"])]
    return labels.assign(kind=kinds)


def quality(links, labels: pd.DataFrame) -> dict:
    """Precision and recall of 'linked' (both records in one cluster) over the labelled pairs, overall and per pair of
    datasets."""
    cluster = dict(zip(links.members["ref"], links.members["cluster"]))
    figures = {}
    for kind, rows in [("all", labels), *labels.groupby("kind")]:
        linked = [cluster.get(a, a) == cluster.get(b, b) for a, b in zip(rows["left"], rows["right"])]
        true = (rows["label"] == "match").tolist()
        hits = sum(is_linked and t for is_linked, t in zip(linked, true))
        figures[kind] = {
            "pairs": len(rows),
            "matches": sum(true),
            "linked": sum(linked),
            "precision": hits / sum(linked) if any(linked) else float("nan"),
            "recall": hits / sum(true) if any(true) else float("nan"),
            "missed": [
                f"{a} ~ {b}"
                for a, b, is_linked, t in zip(rows["left"], rows["right"], linked, true)
                if t and not is_linked
            ],
            "wrong": [
                f"{a} ~ {b}"
                for a, b, is_linked, t in zip(rows["left"], rows["right"], linked, true)
                if is_linked and not t
            ],
        }
    return figures
