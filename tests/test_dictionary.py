"""The data dictionary's parts (base.DICTIONARY_PARTS): each read from the data folder's own file, else the project's,
and all checked by one loader whose problems name the file, the line and the key path."""

import shutil

import pytest

from analysis.build.fingerprints import PACKAGE_DIR, PACKAGE_FILES, data_version
from analysis.coding.suggest import suggest
from analysis.dataset import load
from analysis.dictionary import Dictionary
from analysis.errors import DataError
from analysis.paths import DATA_DIR, DICTIONARY_PARTS
from analysis.storage import data_hash
from conftest import edit, own_part


def problems(data_dir) -> list[str]:
    with pytest.raises(DataError) as caught:
        Dictionary.for_data(data_dir)
    return [str(p) for p in caught.value.problems]


def test_a_data_folders_own_part_wins_else_the_projects(data_copy):
    assert Dictionary.for_data(data_copy).files == {
        "schema": data_copy / "dictionary.yaml",
        **{part: home for part, home in DICTIONARY_PARTS.items() if part != "schema"},
    }
    own_part(data_copy, "coding")
    (data_copy / "dictionary.yaml").unlink()
    files = Dictionary.for_data(data_copy).files
    assert files["coding"] == data_copy / "lexicon.yaml" and files["schema"] == DATA_DIR / "dictionary.yaml"


def line_of(path, text: str) -> int:
    """The 1-based line of the first line of `path` starting with `text` (the lexicon grows; its keys stay)."""
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.startswith(text))


def test_a_broken_part_names_its_file_line_and_key(data_copy):
    weights, lexicon, labels = (own_part(data_copy, part) for part in ("linking", "coding", "labels"))
    edit(weights, "link_at: 6.0 ", "link_at: six ")
    edit(weights, "\n  week: 2\n", "\n  weak: 2\n")
    edit(lexicon, "Jalalabad: Nangarhar", "Jalalabad: Nangahar")
    edit(lexicon, "\n  rejection: [", "\n  rejections: [")
    edit(lexicon, "\nabbreviations: [", "\nabbreviation: [")
    edit(labels, "\nkilled: Killed\n", "\nkilled: [Killed]\n")
    found = problems(data_copy)
    city, verb, key = (line_of(lexicon, start) for start in ("  Jalalabad: ", "  rejections: [", "abbreviation: ["))
    assert sorted(found) == sorted(
        [
            f"{weights}:5: link_at: must be a number, not 'six'",
            f"{weights}:10: slack_days.weak: not a date_precision; did you mean 'week'?",
            f"{lexicon}:{city}: cities.Jalalabad: 'Nangahar' is not in vocabulary province"
            "; did you mean 'Nangarhar', 'Kandahar'?",
            f"{lexicon}:{verb}: verbs.rejections: 'rejections' is not in vocabulary statement_kind"
            "; did you mean 'rejection'?",
            f"{lexicon}:{key}: abbreviation: unknown key; did you mean 'abbreviations'?",
            f"{lexicon}: abbreviations: missing",
            f"{labels}:9: killed: a column header is words, not ['Killed']",
        ]
    )


def test_the_schema_names_its_file_and_key_and_says_where_a_moved_section_went(data_copy):
    schema = data_copy / "dictionary.yaml"
    edit(
        schema,
        'province: {type: category, vocabulary: province, required: false, description: "the province the',
        'province: {type: category, vocabulary: provinces, required: false, description: "the province the',
    )
    schema.write_text(schema.read_text(encoding="utf-8") + "labels:\n  killed: Killed\n", encoding="utf-8")
    line = 1 + schema.read_text(encoding="utf-8").split("vocabulary: provinces")[0].count("\n")
    found = problems(data_copy)
    assert (
        f"{schema}:{line}: tables.officials_killed.columns.province.vocabulary: unknown vocabulary 'provinces'"
        "; did you mean 'province'?" in found
    )
    assert any(
        p.startswith(f"{schema}:")
        and "labels: unknown key; labels lives in labels.yaml now (the project's: analysis/labels.yaml)" in p
        for p in found
    )
    assert len(found) == 2


def test_a_vocabulary_map_names_only_values_of_its_two_vocabularies(data_copy):
    """attribution_kind maps attributions to statement kinds, sub_event_type sub-events to event types."""
    schema = data_copy / "dictionary.yaml"
    edit(schema, "    blames: accusation; claim\n", "    blames: accusation; clam\n    blame: claim\n")
    edit(schema, "  Suicide bomb: Explosions/Remote violence\n", "  Suicide bomb: Explosions\n")
    line = 1 + schema.read_text(encoding="utf-8").split("    blames: accusation; clam")[0].count("\n")
    bomb = 1 + schema.read_text(encoding="utf-8").split("  Suicide bomb: Explosions")[0].count("\n")
    assert sorted(problems(data_copy)) == sorted(
        [
            f"{schema}:{line}: vocabularies.attribution_kind.blames: 'clam' is not in vocabulary statement_kind"
            "; did you mean 'claim'?",
            f"{schema}:{line + 1}: vocabularies.attribution_kind.blame: 'blame' is not in vocabulary attribution"
            "; did you mean 'blames'?",
            f"{schema}:{bomb}: vocabularies.sub_event_type.Suicide bomb: 'Explosions' is not in vocabulary event_type"
            "; did you mean 'Explosions/Remote violence'?",
        ]
    )


def test_a_schema_without_the_map_validation_reads_says_so(data_copy):
    schema = data_copy / "dictionary.yaml"
    edit(schema, "  attribution_kind:\n    claims_responsibility: claim\n    blames: accusation; claim\n", "")
    edit(schema, "    denies_responsibility: denial\n  date_precision:", "  date_precision:")
    [problem] = problems(data_copy)
    assert problem.startswith(f"{schema}:") and problem.endswith(
        "vocabularies.attribution_kind: missing: it maps each attribution to its statement_kind"
    )


def test_a_part_that_is_not_yaml_names_its_line(data_copy):
    edit(own_part(data_copy, "labels"), "\nkilled: Killed\n", "\nkilled: [Killed\n")
    [problem] = problems(data_copy)
    assert problem.startswith(f"{data_copy / 'labels.yaml'}:") and "not YAML" in problem


def test_the_lexicon_names_only_actors_of_the_data(data_copy):
    edit(own_part(data_copy, "coding"), "Kabul: taliban,", "Kabul: talibn,")
    ds = load(data_copy)  # the lexicon is not the data: loading passes
    with pytest.raises(DataError) as caught:
        suggest(ds, ds.sources["source_id"].iloc[0])
    line = line_of(data_copy / "lexicon.yaml", "capitals: ")
    assert [str(p) for p in caught.value.problems] == [
        f"{data_copy / 'lexicon.yaml'}:{line}: capitals.Kabul: 'talibn' is not an actor_id of actors.csv"
        "; did you mean 'taliban'?"
    ]


def test_every_part_is_in_a_fingerprint(tmp_path):
    """A part changes the reports' fingerprints: a data folder's own in its data version, the package's in its version,
    and the project's dictionary.yaml, when a folder borrows it, in that folder's data version."""
    for part, home in DICTIONARY_PARTS.items():
        assert home.is_relative_to(DATA_DIR) or (home.is_relative_to(PACKAGE_DIR) and home.suffix in PACKAGE_FILES), (
            part
        )
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "incidents.csv").write_text("x\n", encoding="utf-8")
    assert data_version(folder) != data_hash(folder)[:12]  # it borrows data/dictionary.yaml, which is in its version
    shutil.copy(DATA_DIR / "dictionary.yaml", folder)
    assert data_version(folder) == data_hash(folder)[:12]  # its own copy is in its files
