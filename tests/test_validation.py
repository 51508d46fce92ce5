"""A corpus of broken inputs: each breaks the committed data in one way and asserts the exact problem."""

import pytest

from analysis import DataError, Problem, load
from conftest import edit

BALKHI_QUOTE = "The Islamic Emirate of Afghanistan has meticulously fought against Daesh both during and after"


def missing_column(d):
    path = d / "officials_killed.csv"
    path.write_text("".join(line.rsplit(",", 1)[0] + "\n" for line in path.open(encoding="utf-8")), encoding="utf-8")


def row_longer_than_header(d):
    edit(d / "incidents.csv", ",killed_low,", ",")  # header only: every row then has one cell too many


def one_row_too_short(d):
    edit(d / "statements.csv", "taliban,pledge,,ST01,", "taliban,pledge,ST01,")


def renamed_column(d):
    edit(d / "incidents.csv", ",killed_low,", ",killed_lo,")


def wrong_type(d):
    edit(
        d / "incidents.csv",
        "government_officials,1,1,,,,,Suicide bombing at",
        "government_officials,one,1,,,,,Suicide bombing at",
    )


def bad_date(d):
    edit(d / "statements.csv", "2023-06-01,2023-06-30,month", "2023-06-31,2023-06-30,month")


def unknown_actor(d):
    edit(
        d / "statements.csv",
        "ST28,Mito Miller,US State Department spokesperson,us_state_department,",
        "ST28,Mito Miller,US State Department spokesperson,us_state_dept,",
    )


def unknown_vocabulary(d):
    edit(d / "statements.csv", "taliban,pledge,", "taliban,promise,")


def quote_not_in_source(d):
    edit(d / "evidence.csv", BALKHI_QUOTE, BALKHI_QUOTE.replace("meticulously", "carefully"))


def duplicate_id(d):
    edit(d / "reported_figures.csv", "RF04,", "RF03,")


def dangling_reference(d):
    edit(d / "officials_killed.csv", "IN02,", "IN99,")


def dangling_response(d):
    edit(d / "statements.csv", "rejection,usa,ST12,", "rejection,usa,ST99,")


def dangling_evidence(d):
    edit(d / "evidence.csv", "figure,RF03,", "figure,RF33,")


def date_end_before_start(d):
    edit(d / "incidents.csv", "IN03,2021-08-01,2023-07-31", "IN03,2023-08-01,2023-07-31")


def low_above_best(d):
    edit(d / "incidents.csv", ",21,21,21,31,31,", ",22,21,21,31,31,")


def empty_file(d):
    (d / "actors.csv").write_text("")


def non_utf8_file(d):
    path = d / "sources.csv"
    path.write_bytes(path.read_bytes().replace("Taliban who ‘fought".encode(), "Taliban who ‘fought".encode("cp1252")))


def missing_file(d):
    (d / "officials_killed.csv").unlink()


def no_evidence(d):
    path = d / "evidence.csv"
    path.write_text("".join(line for line in path.open(encoding="utf-8") if ",RF04," not in line), encoding="utf-8")


def official_without_evidence(d):
    """The officials' own evidence: the incident's quotes do not count for the official killed in it."""
    path = d / "evidence.csv"
    path.write_text(
        "".join(line for line in path.open(encoding="utf-8") if not line.startswith("official,OK01,")), encoding="utf-8"
    )


def evidence_for_unknown_official(d):
    edit(d / "evidence.csv", "official,OK01,", "official,OK09,")


def seed_edited(d):
    seed = d.parent / "seeds" / "003_cbf3f62b173dc375.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\nedited\n", encoding="utf-8")


def precision_contradicts_range(d):
    edit(d / "statements.csv", "2023-06-01,2023-06-30,month", "2023-06-01,2023-06-30,day")


def sub_event_of_other_type(d):
    edit(
        d / "incidents.csv",
        "Balkh,Governor's office,iskp,Explosions/Remote violence,Suicide bomb",
        "Balkh,Governor's office,iskp,Battles,Suicide bomb",
    )


def alias_of_two_actors(d):
    edit(d / "actors.csv", "Tehran; Islamic", "Tehran; Daesh; Islamic")


def misspelt_story(d):
    edit(
        d / "sources.csv", ',iran-warns-isis-moved,"Its Iran section', ',iran-warns-isis-move,"Its Iran section'
    )  # src004


def trailing_space(d):
    edit(d / "incidents.csv", ",Kandahar,", ",Kandahar ,")


CASES = [
    (missing_column, [Problem("officials_killed.csv", 1, "official_id", "missing column")]),
    (
        row_longer_than_header,
        [
            Problem(
                "incidents.csv",
                1,
                None,
                "the header has 19 columns but every row has 20: a column name is missing or one too many",
            )
        ],
    ),
    (one_row_too_short, [Problem("statements.csv", 8, None, "15 cells, but the header has 16")]),
    (
        renamed_column,
        [
            Problem("incidents.csv", 1, "killed_lo", "unexpected column (not in data/dictionary.yaml)"),
            Problem("incidents.csv", 1, "killed_low", "missing column"),
        ],
    ),
    (wrong_type, [Problem("incidents.csv", 2, "killed_low", "'one': not a whole number >= 0")]),
    (bad_date, [Problem("statements.csv", 14, "date_start", "'2023-06-31': not a date of the form YYYY-MM-DD")]),
    (
        unknown_actor,
        [
            Problem(
                "statements.csv",
                29,
                "speaker_actor",
                "'us_state_dept': unknown actor_id: no such row in actors.csv; did you mean 'us_state_department'?",
            )
        ],
    ),
    (
        unknown_vocabulary,
        [
            Problem(
                "statements.csv",
                8,
                "kind",
                "'promise': not in vocabulary statement_kind "
                "(claim, accusation, denial, rejection, appeal, pledge, warning)",
            )
        ],
    ),
    (
        quote_not_in_source,
        [
            Problem(
                "evidence.csv",
                17,
                "quote",
                "not found in src002: matches up to "
                "'\"The Islamic Emirate of Afghanistan has ', then the source differs",
            )
        ],
    ),
    (
        duplicate_id,
        [
            Problem("reported_figures.csv", 4, "figure_id", "'RF03': duplicate id"),
            Problem("reported_figures.csv", 5, "figure_id", "'RF03': duplicate id"),
            Problem("evidence.csv", 84, "record_id", "unknown figure_id 'RF04': no such row in reported_figures.csv"),
            Problem("evidence.csv", 85, "record_id", "unknown figure_id 'RF04': no such row in reported_figures.csv"),
        ],
    ),
    (
        dangling_reference,
        [
            Problem(
                "officials_killed.csv", 3, "incident_id", "'IN99': unknown incident_id: no such row in incidents.csv"
            )
        ],
    ),
    (
        dangling_response,
        [Problem("statements.csv", 12, "responds_to", "'ST99': unknown statement_id: no such row in statements.csv")],
    ),
    (
        dangling_evidence,
        [
            Problem("evidence.csv", 83, "record_id", "unknown figure_id 'RF33': no such row in reported_figures.csv"),
            Problem(
                "reported_figures.csv",
                4,
                "figure_id",
                "'RF03': has no evidence row in evidence.csv (record_type figure)",
            ),
        ],
    ),
    (date_end_before_start, [Problem("incidents.csv", 4, "date_end", "2023-07-31 is less than date_start 2023-08-01")]),
    (
        low_above_best,
        [
            Problem("incidents.csv", 4, "killed_best", "21 is less than killed_low 22"),
            Problem("incidents.csv", 4, "killed_high", "21 is less than killed_low 22"),
        ],
    ),
    (empty_file, [Problem("actors.csv", None, None, "file is empty: expected a header row and data rows")]),
    (non_utf8_file, [Problem("sources.csv", 4, None, "not UTF-8 (byte 0x91); save the file as UTF-8")]),
    (missing_file, [Problem("officials_killed.csv", None, None, "file not found")]),
    (
        no_evidence,
        [
            Problem(
                "reported_figures.csv",
                5,
                "figure_id",
                "'RF04': has no evidence row in evidence.csv (record_type figure)",
            )
        ],
    ),
    (
        official_without_evidence,
        [
            Problem(
                "officials_killed.csv",
                2,
                "official_id",
                "'OK01': has no evidence row in evidence.csv (record_type official)",
            )
        ],
    ),
    (
        evidence_for_unknown_official,
        [
            Problem("evidence.csv", 86, "record_id", "unknown official_id 'OK09': no such row in officials_killed.csv"),
            Problem(
                "officials_killed.csv",
                2,
                "official_id",
                "'OK01': has no evidence row in evidence.csv (record_type official)",
            ),
        ],
    ),
    (
        seed_edited,
        [
            Problem(
                "sources.csv",
                5,
                "sha256",
                "seeds/003_cbf3f62b173dc375.txt has changed since it was coded (SHA-256 differs)",
            )
        ],
    ),
    (
        precision_contradicts_range,
        [Problem("statements.csv", 14, "date_precision", "date_precision 'day' needs date_start = date_end")],
    ),
    (
        sub_event_of_other_type,
        [
            Problem(
                "incidents.csv",
                2,
                "sub_event_type",
                "'Suicide bomb' belongs to event_type 'Explosions/Remote violence'",
            )
        ],
    ),
    (alias_of_two_actors, [Problem("actors.csv", 4, "aliases", "'Daesh' already names actor 'iran'")]),
    (
        misspelt_story,
        [
            Problem(
                "sources.csv",
                2,
                "story",
                "'iran-warns-isis-moved' is on no other row: a story names what two or more "
                "rows share (leave it empty for a row of its own); did you mean 'iran-warns-isis-move'?",
            ),
            Problem(
                "sources.csv",
                6,
                "story",
                "'iran-warns-isis-move' is on no other row: a story names what two or more "
                "rows share (leave it empty for a row of its own); did you mean 'iran-warns-isis-moved'?",
            ),
        ],
    ),
    (
        trailing_space,
        [
            Problem("incidents.csv", 7, "province", "'Kandahar ': has leading or trailing spaces"),
            Problem(
                "incidents.csv",
                7,
                "province",
                "'Kandahar ': not in vocabulary province (see data/dictionary.yaml); did you mean 'Kandahar'?",
            ),
        ],
    ),
]


@pytest.mark.parametrize("breakage, expected", CASES, ids=[c[0].__name__ for c in CASES])
def test_broken_input_gives_the_precise_problem(data_copy, breakage, expected):
    breakage(data_copy)
    with pytest.raises(DataError) as caught:
        load(data_copy)
    assert caught.value.problems == sorted(expected, key=lambda p: (p.file, p.line or 0, p.column or "", p.message))


def test_all_problems_are_reported_at_once(data_copy):
    for breakage in (wrong_type, bad_date, quote_not_in_source, dangling_reference):
        breakage(data_copy)
    with pytest.raises(DataError) as caught:
        load(data_copy)
    assert {p.file for p in caught.value.problems} == {
        "incidents.csv",
        "statements.csv",
        "evidence.csv",
        "officials_killed.csv",
    }
    assert len(caught.value.problems) == 4


def test_a_row_of_the_wrong_width_hides_no_other_problem(data_copy):
    one_row_too_short(data_copy)  # line 8 of statements.csv
    bad_date(data_copy)  # line 14 of the same file
    wrong_type(data_copy)  # another file
    with pytest.raises(DataError) as caught:
        load(data_copy)
    assert [(p.file, p.line) for p in caught.value.problems] == [
        ("incidents.csv", 2),
        ("statements.csv", 8),
        ("statements.csv", 14),
    ]


def test_error_message_names_file_line_and_column(data_copy):
    quote_not_in_source(data_copy)
    with pytest.raises(DataError, match=r"evidence\.csv:17: column 'quote': not found in src002"):
        load(data_copy)
