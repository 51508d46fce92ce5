"""Read and check the data dictionary: data/dictionary.yaml describes the tables, columns, vocabularies and coding
conventions; the steps' own metadata lives beside each step (base.DICTIONARY_PARTS: the linker's weights, the
coding assistant's lexicons, the reports' column headers).

Validation, typing and documentation all come from these files, so they cannot drift apart. Every part is read and
checked here, together, so each is checked against the others (a lexicon's provinces against the vocabulary).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from numbers import Real
from pathlib import Path

import yaml

from .errors import DataError, Problem, did_you_mean
from .paths import DICTIONARY_PARTS, PROJECT_DIR, dictionary_file, split_list

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: ten times faster
COLUMN_TYPES = {"id", "text", "date", "count", "category", "ref", "list"}
SCHEMA_KEYS = ("conventions", "vocabularies", "tables", "imported_tables")
LINKING_NUMBERS = (  # every weight and threshold the linker reads (analysis.linking.score)
    ("link_at",),
    ("margin",),
    ("review_at",),
    ("date_gap_per_day",),
    *(("killed", k) for k in ("equal", "close", "compatible", "unknown", "contradict")),
    *(("perpetrator", k) for k in ("same", "branch", "party", "unknown", "different")),
    *(("event_type", k) for k in ("same_sub_event", "same_event", "different", "unknown")),
    ("place", "similar"),
    ("place", "similarity"),
    ("words", "weight"),
    *(("target", k) for k in ("same", "different", "unknown")),
    *(("statements", k) for k in ("same_statement", "link_at", "margin", "review_at")),
)
LINKING_KEYS = {
    *(path[0] for path in LINKING_NUMBERS),
    *("slack_days", "dates", "target_words", "target_categories", "officials_killed_target"),
    *("target_occasions", "party_targets"),
}
# Lexicon entries that name the schema's values: key -> (its keys or its values, the vocabularies they come from)
LEXICON_VOCABULARIES = {
    "cities": ("values", ("province",)),
    "events": ("keys", ("sub_event_type", "event_type")),
    "verbs": ("keys", ("statement_kind",)),
    "figures": ("keys", ("metric",)),
}
# Lexicon entries that name actors (actors.csv, so checked where the lexicon meets the data): key -> keys or values
LEXICON_ACTORS = {"titles": ("keys",), "capitals": ("values",), "branch_in_afghanistan": ("keys", "values")}
LEXICON_ACTOR = "no_claim"  # one actor id
# Vocabularies that map one vocabulary's values to another's: name -> (its keys' vocabulary, its values' vocabulary)
VOCABULARY_MAPS = {"sub_event_type": (None, "event_type"), "attribution_kind": ("attribution", "statement_kind")}


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    type: str
    required: bool = True
    vocabulary: str | None = None
    references: tuple[str, str] | None = None  # (table, column)
    description: str = ""
    shared: bool = False  # each filled value must be on at least two rows (a group such as a wire story)


@dataclass(frozen=True)
class TableSpec:
    name: str
    file: str
    description: str
    columns: tuple[ColumnSpec, ...]
    ordered: tuple[tuple[str, ...], ...] = ()  # column groups whose filled values must not decrease
    evidenced_as: str | None = None  # the evidence record_type that must cite each row
    optional: bool = False  # a missing file is an empty table (link_decisions.csv before the first decision)

    @property
    def key(self) -> str | None:
        """The table's id column, if it has one."""
        return next((c.name for c in self.columns if c.type == "id"), None)

    def column(self, name: str) -> ColumnSpec:
        return next(c for c in self.columns if c.name == name)


@dataclass(frozen=True)
class Dictionary:
    tables: dict[str, TableSpec]  # the coded CSV tables
    vocabularies: dict[str, dict[str, str]]
    conventions: dict[str, str]
    imported: dict[str, TableSpec]  # tables the importers write (imports/*.parquet)
    linking: dict  # the record linker's weights and thresholds (analysis/linking/weights.yaml)
    labels: dict  # column headers for readers (analysis/labels.yaml)
    coding: dict = None  # the coding assistant's lexicons (analysis/coding/lexicon.yaml)
    files: dict[str, Path] = field(default_factory=dict)  # part -> the file it was read from

    @classmethod
    def read(cls, path: Path) -> Dictionary:
        """The dictionary whose schema is `path`; each other part from the same folder if there, else the project's."""
        folder = Path(path).parent
        return cls.from_files(
            {part: dictionary_file(folder, part) for part in DICTIONARY_PARTS} | {"schema": Path(path)}
        )

    @classmethod
    def for_data(cls, data_dir: Path) -> Dictionary:
        """The dictionary a data folder is checked against: each part its own file of that name, else the project's."""
        return cls.from_files({part: dictionary_file(data_dir, part) for part in DICTIONARY_PARTS})

    @classmethod
    def from_files(cls, files: dict[str, Path]) -> Dictionary:
        """Read every part and check each, and each against the others: one DataError names every problem."""
        check = _Check(files)
        raw = {part: check.load(part) for part in DICTIONARY_PARTS}
        check.raise_any()  # a part that cannot be read cannot be checked
        schema = raw["schema"]
        check.keys("schema", (), schema, SCHEMA_KEYS, required=("vocabularies", "tables"))
        vocabularies = {
            str(name): {str(k): str(v) for k, v in values.items()}
            for name, values in check.entries("schema", ("vocabularies",), schema.get("vocabularies")).items()
            if check.mapping("schema", ("vocabularies", name), values)
        }
        tables, imported = (
            {
                name: _table(check, (section, name), table, vocabularies)
                for name, table in check.entries("schema", (section,), schema.get(section)).items()
                if check.mapping("schema", (section, name), table)
            }
            for section in ("tables", "imported_tables")
        )
        dictionary = cls(
            tables,
            vocabularies,
            dict(schema.get("conventions") or {}),
            imported,
            raw["linking"],
            {str(k): str(v) for k, v in raw["labels"].items()},
            raw["coding"],
            dict(files),
        )
        dictionary._check_references(check)
        _check_vocabulary_maps(check, vocabularies)
        _check_linking(check, raw["linking"], vocabularies)
        _check_lexicon(check, raw["coding"], vocabularies)
        for key, label in raw["labels"].items():
            if not isinstance(label, str) or not label.strip():
                check("labels", (key,), f"a column header is words, not {label!r}")
        check.raise_any()
        return dictionary

    def mapped(self, name: str) -> dict[str, list[str]]:
        """A vocabulary that maps to another's values (VOCABULARY_MAPS), each key to its list of values."""
        return {key: split_list(values) for key, values in self.vocabularies[name].items()}

    def table_for_record_type(self, record_type: str) -> TableSpec:
        return next(t for t in self.tables.values() if t.evidenced_as == record_type)

    def actor_problems(self, actor_ids: set[str], part: str = "coding") -> list[Problem]:
        """The actor ids of the lexicon (part "coding") or the linker's party_targets (part "linking") that the
        data's actors lack, checked where the two meet: the coding assistant, load()."""
        check = _Check(self.files)
        named = []
        if part == "coding":
            named.append(((LEXICON_ACTOR,), self.coding.get(LEXICON_ACTOR)))
            for key, sides in LEXICON_ACTORS.items():
                for name, value in (self.coding.get(key) or {}).items():
                    named += [((key, name), name)] if "keys" in sides else []
                    named += [((key, name), value)] if "values" in sides else []
        else:
            named += [(("party_targets", party), party) for party in self.linking.get("party_targets") or {}]
        for keys, actor in named:
            if actor not in actor_ids:
                check(part, keys, f"{actor!r} is not an actor_id of actors.csv{did_you_mean(actor, actor_ids)}")
        return check.found()

    def _check_references(self, check: _Check) -> None:
        for section, specs in (("tables", self.tables), ("imported_tables", self.imported)):
            for table in specs.values():
                names = [c.name for c in table.columns]
                for group in table.ordered:
                    for name in set(group) - set(names):
                        check(
                            "schema",
                            (section, table.name, "ordered"),
                            f"unknown column {name!r}{did_you_mean(name, names)}",
                        )
                for column in table.columns:
                    if not column.references:
                        continue
                    ref_table, ref_column = column.references
                    where = (section, table.name, "columns", column.name, "references")
                    if ref_table not in self.tables:
                        check("schema", where, f"unknown table {ref_table!r}{did_you_mean(ref_table, self.tables)}")
                    elif ref_column not in (known := [c.name for c in self.tables[ref_table].columns]):
                        check(
                            "schema",
                            where,
                            f"{ref_table} has no column {ref_column!r}{did_you_mean(ref_column, known)}",
                        )


class _Check:
    """The problems found in the parts, each named by its file, line and key path (a.b.c)."""

    def __init__(self, files: dict[str, Path]):
        self.files, self.problems, self.nodes = files, [], {}

    def __call__(self, part: str, keys: tuple, message: str) -> None:
        self.problems.append((part, tuple(keys), message))

    def load(self, part: str) -> dict:
        path = self.files[part]
        try:
            raw = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
        except OSError as error:
            self(part, (), f"cannot be read: {error.strerror or error}")
            return {}
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            self.problems.append(
                (part, mark.line + 1 if mark else None, f"not YAML: {getattr(error, 'problem', error)}")
            )
            return {}
        return raw if self.mapping(part, (), raw) else {}

    def mapping(self, part: str, keys: tuple, value) -> bool:
        if not isinstance(value, dict):
            self(part, keys, f"must be a mapping of names to entries, not {type(value).__name__}")
        return isinstance(value, dict)

    def entries(self, part: str, keys: tuple, value) -> dict:
        """A mapping's entries; an empty or absent one has none, anything else is a problem."""
        return {} if value is None or not self.mapping(part, keys, value) else value

    def keys(self, part: str, where: tuple, raw: dict, known, required=()) -> None:
        for key in raw:
            if key not in known:
                self(part, (*where, key), f"unknown key{did_you_mean(str(key), known) or _moved(key)}")
        for key in required:
            if key not in raw:
                self(part, (*where, key), "missing")

    def found(self) -> list[Problem]:
        return [self._problem(*found) for found in self.problems]

    def raise_any(self) -> None:
        if self.problems:
            raise DataError(self.found())

    def _problem(self, part: str, keys, message: str) -> Problem:
        path = Path(self.files[part]).resolve()
        shown = str(path.relative_to(PROJECT_DIR)) if path.is_relative_to(PROJECT_DIR) else str(path)
        if isinstance(keys, int) or keys is None:  # a line already known (YAML syntax)
            return Problem(shown, keys, None, message)
        return Problem(
            shown, self._line(part, keys), None, f"{'.'.join(map(str, keys))}: {message}" if keys else message
        )

    def _line(self, part: str, keys: tuple) -> int | None:
        """The line of the deepest of `keys` the file holds (read again only when there is a problem to place)."""
        if part not in self.nodes:
            self.nodes[part] = yaml.compose(self.files[part].read_text(encoding="utf-8"), Loader=SAFE_LOADER)
        node, line = self.nodes[part], None
        for key in keys:
            if isinstance(node, yaml.MappingNode):
                pair = next(((k, v) for k, v in node.value if k.value == str(key)), None)
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
                pair = (node.value[key], node.value[key])
            else:
                pair = None
            if pair is None:
                break
            line, node = pair[0].start_mark.line + 1, pair[1]
        return line


def _moved(key) -> str:
    """A part of the dictionary that used to be a section of dictionary.yaml now lives in its own file."""
    home = DICTIONARY_PARTS.get(str(key))
    return f"; {key} lives in {home.name} now (the project's: {home.relative_to(PROJECT_DIR)})" if home else ""


def _check_linking(check: _Check, raw: dict, vocabularies: dict) -> None:
    check.keys("linking", (), raw, LINKING_KEYS, required=sorted(LINKING_KEYS))
    for keys in LINKING_NUMBERS:
        value = raw.get(keys[0])
        value = value.get(keys[1], "missing") if len(keys) == 2 and isinstance(value, dict) else value
        if keys[0] in raw and not _number(value):
            check("linking", keys, f"must be a number, not {value!r}")
    precisions = vocabularies.get("date_precision", {})
    for precision, days in check.entries("linking", ("slack_days",), raw.get("slack_days")).items():
        if precision not in precisions:
            check("linking", ("slack_days", precision), f"not a date_precision{did_you_mean(precision, precisions)}")
        elif not _number(days):
            check("linking", ("slack_days", precision), f"must be a number of days, not {days!r}")
    for position, rule in enumerate(raw.get("dates") or []):
        if not (isinstance(rule, dict) and _number(rule.get("weight")) and "within" in rule):
            check("linking", ("dates", position), f"must be {{within: days or null, weight: number}}, not {rule!r}")
    for key in ("target_words", "target_categories"):
        for name, forms in check.entries("linking", (key,), raw.get(key)).items():
            if not _words(forms):
                check("linking", (key, name), f"must be a list of words, not {forms!r}")
    _check_targets(check, raw, vocabularies.get("target_category", {}))


def _check_targets(check: _Check, raw: dict, categories: dict) -> None:
    """Every name of what was attacked is a target_category; every period of party_targets has ISO dates."""

    def category(keys: tuple, value) -> None:
        if value not in categories:
            check("linking", keys, f"{value!r} is not a target_category{did_you_mean(str(value), categories)}")

    for name in check.entries("linking", ("target_categories",), raw.get("target_categories")):
        category(("target_categories", name), name)
    category(("officials_killed_target",), raw.get("officials_killed_target"))
    occasions = check.entries("linking", ("target_occasions",), raw.get("target_occasions"))
    check.keys(
        "linking",
        ("target_occasions",),
        occasions,
        ("words", "category", "instead_of"),
        ("words", "category", "instead_of"),
    )
    if "words" in occasions and not _words(occasions["words"]):
        check("linking", ("target_occasions", "words"), f"must be a list of words, not {occasions['words']!r}")
    if "category" in occasions:
        category(("target_occasions", "category"), occasions["category"])
    for position, value in enumerate(occasions.get("instead_of") or []):
        category(("target_occasions", "instead_of", position), value)
    for party, periods in check.entries("linking", ("party_targets",), raw.get("party_targets")).items():
        for position, period in enumerate(periods if isinstance(periods, list) else [periods]):
            where = ("party_targets", party, position)
            if not (isinstance(period, dict) and isinstance(period.get("categories"), list)):
                check("linking", where, f"must be {{from: day, until: day, categories: [...]}}, not {period!r}")
                continue
            check.keys("linking", where, period, ("from", "until", "categories"), ("categories",))
            for day in ("from", "until"):
                if day in period and not _iso_day(period[day]):
                    check("linking", (*where, day), f"must be a day as YYYY-MM-DD (quoted), not {period[day]!r}")
            for value in period["categories"]:
                category((*where, "categories"), value)


def _words(forms) -> bool:
    return isinstance(forms, list) and bool(forms) and all(isinstance(f, str) for f in forms)


def _iso_day(value) -> bool:
    try:
        return isinstance(value, str) and date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False


def _check_vocabulary_maps(check: _Check, vocabularies: dict) -> None:
    """A map's keys are values of one vocabulary and its values ("a; b" for two) of another; a map whose keys'
    vocabulary is there must be there too (validation reads it)."""
    for name, (keys_from, values_from) in VOCABULARY_MAPS.items():
        if keys_from in vocabularies and name not in vocabularies:
            check("schema", ("vocabularies", name), f"missing: it maps each {keys_from} to its {values_from}")
        for key, values in vocabularies.get(name, {}).items():
            named = [(value, values_from) for value in split_list(values)]
            if keys_from:
                named.append((key, keys_from))
            for value, source in named:
                if value not in vocabularies.get(source, {}):
                    hint = did_you_mean(value, vocabularies.get(source, {}))
                    check("schema", ("vocabularies", name, key), f"{value!r} is not in vocabulary {source}{hint}")


def _check_lexicon(check: _Check, raw: dict, vocabularies: dict) -> None:
    project = DICTIONARY_PARTS["coding"]
    if check.files["coding"] != project:  # a data folder's own lexicon has every entry the project's has
        known = list(yaml.load(project.read_text(encoding="utf-8"), Loader=SAFE_LOADER))
        check.keys("coding", (), raw, known, required=known)
    for key, (side, names) in LEXICON_VOCABULARIES.items():
        allowed = {value for name in names for value in vocabularies.get(name, {})}
        for entry, value in check.entries("coding", (key,), raw.get(key)).items():
            value = entry if side == "keys" else value
            if value not in allowed:
                check(
                    "coding",
                    (key, entry),
                    f"{value!r} is not in vocabulary {' or '.join(names)}{did_you_mean(str(value), allowed)}",
                )


def _number(value) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool)


def _table(check: _Check, where: tuple, table: dict, vocabularies: dict) -> TableSpec:
    known = ("file", "description", "columns", "ordered", "evidenced_as", "optional")
    check.keys("schema", where, table, known, required=("file", "columns"))
    columns = tuple(
        _column(check, (*where, "columns", column), spec, vocabularies)
        for column, spec in check.entries("schema", (*where, "columns"), table.get("columns")).items()
        if check.mapping("schema", (*where, "columns", column), spec)
    )
    ordered = tuple(tuple(group) for group in table.get("ordered", ()))
    return TableSpec(
        where[-1],
        table.get("file", ""),
        table.get("description", ""),
        columns,
        ordered,
        table.get("evidenced_as"),
        bool(table.get("optional", False)),
    )


def _column(check: _Check, where: tuple, spec: dict, vocabularies: dict) -> ColumnSpec:
    kind, vocabulary, references = spec.get("type"), spec.get("vocabulary"), spec.get("references")
    if kind not in COLUMN_TYPES:
        check(
            "schema",
            (*where, "type"),
            f"must be one of {sorted(COLUMN_TYPES)}, not {kind!r}{did_you_mean(str(kind), COLUMN_TYPES)}",
        )
    if (kind == "category") != (vocabulary is not None):
        check("schema", where, "a category column names its vocabulary, and only a category column does")
    if vocabulary is not None and vocabulary not in vocabularies:
        check(
            "schema",
            (*where, "vocabulary"),
            f"unknown vocabulary {vocabulary!r}{did_you_mean(vocabulary, vocabularies)}",
        )
    if (kind == "ref" and references is None) or (references is not None and kind not in ("ref", "list")):
        check(
            "schema",
            where,
            "a ref column names what it references (table.column), and only a ref or list column does",
        )
    if references is not None and "." not in str(references):
        check("schema", (*where, "references"), f"must be table.column, not {references!r}")
    return ColumnSpec(
        name=where[-1],
        type=kind,
        required=bool(spec.get("required", True)),
        vocabulary=vocabulary,
        references=tuple(str(references).split(".", 1)) if references and "." in str(references) else None,
        description=str(spec.get("description", "")),
        shared=bool(spec.get("shared", False)),
    )
