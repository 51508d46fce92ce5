"""The sentences beside the charts, on tiny datasets whose right wording a reader can check by hand."""

from tiny import make_dataset

from analysis import narrative, views


def statement(statement_id, speaker, kind, target, day, responds_to=""):
    return {
        "statement_id": statement_id,
        "speaker_actor": speaker,
        "kind": kind,
        "target_actor": target,
        "responds_to": responds_to,
        "date_start": day,
        "date_end": day,
    }


def test_replies_to_a_statement_outside_the_window_are_told_in_words_not_as_an_empty_list(tmp_path):
    """A window holding a reply and the reply to it, but not the claim they answer, read '0 statements drew replies:
    .'"""
    ds = make_dataset(
        tmp_path,
        statements=[
            statement("S1", "iran", "claim", "taliban", "2023-06-01"),
            statement("S2", "taliban", "rejection", "iran", "2023-07-21", responds_to="S1"),
            statement("S3", "iran", "accusation", "taliban", "2023-07-22", responds_to="S2"),
        ],
    )
    july = str(narrative.flows_text(views.statement_flows(ds, start="2023-07-01", end="2023-07-31")))
    assert july == (
        "2 directed statements between 2 pairs of actors; the busiest pair is Iran → Taliban (1). By kind: "
        "accusation 1, rejection 1. 1 statement drew replies: Taliban's rejection (S2, itself answering S1, which "
        "this selection leaves out) drew 1 reply."
    )
    everything = str(narrative.flows_text(views.statement_flows(ds)))
    assert everything.endswith("1 statement drew replies: Iran's claim (S1) drew 2 replies.")
