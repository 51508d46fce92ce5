"""Province shapes for maps: geoBoundaries' TopoJSON, joined to the dictionary's provinces by the crosswalk.

The join is checked whole on every read (28 KB, a millisecond): a shape or a province left unmatched
is a DataError naming the file and row, because a map would otherwise draw it grey, as if nothing
had happened there.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from .errors import DataError, Problem, did_you_mean
from .paths import BOUNDARIES_DIR, PROJECT_DIR

TOPOLOGY_FILE = "geoBoundaries-AFG-ADM1_simplified.topojson"
METADATA_FILE = "geoBoundaries-AFG-ADM1-metaData.json"
CROSSWALK_FILE = "province_crosswalk.csv"
CROSSWALK_COLUMNS = ["boundary_name", "province"]
SHAPE_NAME = "shapeName"  # geoBoundaries' property naming each shape
ATTRIBUTION = (
    "Boundaries: geoBoundaries gbOpen (wmgeolab), {boundaryLicense}; source {boundarySource-1}, {boundaryYear}"
)


@dataclass(frozen=True)
class Boundaries:
    # TopoJSON holding only the provinces' object; each shape's properties are {"province": its vocabulary name}
    topology: dict
    feature: str  # that object's key (geoBoundaries' boundaryID)
    attribution: (
        str  # what a map must say about where its shapes come from, with their licence as the metadata states it
    )


def read_boundaries(provinces, folder: Path = BOUNDARIES_DIR) -> Boundaries:
    """The shapes of `provinces` (the dictionary's vocabulary), each named by its province, after checking the
    crosswalk.

    Every crosswalk row must join a shape to a vocabulary province, once each way; otherwise DataError."""
    folder = Path(folder)
    metadata = json.loads((folder / METADATA_FILE).read_text(encoding="utf-8"))
    topology = json.loads((folder / TOPOLOGY_FILE).read_text(encoding="utf-8"))
    feature = metadata["boundaryID"]
    if feature not in topology["objects"]:
        raise DataError(
            [
                Problem(
                    _label(folder / TOPOLOGY_FILE),
                    None,
                    None,
                    f"no object {feature!r} (the boundaryID of {METADATA_FILE}); "
                    f"it holds {', '.join(topology['objects'])}",
                )
            ]
        )
    shapes = topology["objects"][feature]["geometries"]
    province_of, problems = _crosswalk(
        folder / CROSSWALK_FILE, [shape["properties"][SHAPE_NAME] for shape in shapes], list(provinces)
    )
    if problems:
        raise DataError(problems)
    named = [{**shape, "properties": {"province": province_of[shape["properties"][SHAPE_NAME]]}} for shape in shapes]
    return Boundaries(
        topology={**topology, "objects": {feature: {**topology["objects"][feature], "geometries": named}}},
        feature=feature,
        attribution=ATTRIBUTION.format_map(metadata),
    )


def _crosswalk(path: Path, shape_names: list[str], provinces: list[str]) -> tuple[dict[str, str], list[Problem]]:
    """boundary_name -> province, and every row, shape or province that does not join exactly once."""
    label = _label(path)
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    if not rows or rows[0] != CROSSWALK_COLUMNS:
        return {}, [Problem(label, 1, None, f"the header must be {','.join(CROSSWALK_COLUMNS)}")]
    province_of, line_of_name, line_of_province, problems = {}, {}, {}, []
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != len(CROSSWALK_COLUMNS):
            problems.append(Problem(label, line, None, f"{len(row)} cells, expected {len(CROSSWALK_COLUMNS)}"))
            continue
        name, province = row
        if name not in shape_names:
            problems.append(
                Problem(
                    label,
                    line,
                    "boundary_name",
                    f"{name!r} is the {SHAPE_NAME} of no shape in {TOPOLOGY_FILE}{did_you_mean(name, shape_names)}",
                )
            )
        elif name in line_of_name:
            problems.append(
                Problem(label, line, "boundary_name", f"{name!r} is mapped already on line {line_of_name[name]}")
            )
        if province not in provinces:
            problems.append(
                Problem(
                    label,
                    line,
                    "province",
                    f"{province!r} is not a province of the data dictionary{did_you_mean(province, provinces)}",
                )
            )
        elif province in line_of_province:
            problems.append(
                Problem(
                    label, line, "province", f"{province!r} has a shape already on line {line_of_province[province]}"
                )
            )
        line_of_name.setdefault(name, line)
        line_of_province.setdefault(province, line)
        province_of.setdefault(name, province)
    problems += [
        Problem(
            label,
            None,
            "boundary_name",
            f"the shape {name!r} of {TOPOLOGY_FILE} has no row: add one naming its province",
        )
        for name in shape_names
        if name not in line_of_name
    ]
    problems += [
        Problem(
            label,
            None,
            "province",
            f"the dictionary's province {province!r} has no shape: add a row naming the {SHAPE_NAME} that draws it",
        )
        for province in provinces
        if province not in line_of_province
    ]
    return province_of, problems


def _label(path: Path) -> str:
    """The path as problems name it: from the project folder when inside it."""
    try:
        return str(path.resolve().relative_to(PROJECT_DIR))
    except ValueError:
        return str(path)
