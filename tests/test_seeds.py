"""The seeds are kept exactly as received and every one of them is coded."""

import hashlib
from pathlib import Path

import pytest

from conftest import PROJECT_DIR

SHARED_SEEDS = PROJECT_DIR.parent / "shared" / "seeds"


def test_every_seed_is_a_source(ds):
    on_disk = {f"seeds/{p.name}" for p in (PROJECT_DIR / "seeds").glob("*.txt")}
    assert on_disk == set(ds.sources["path"])


def test_every_source_is_cited(ds):
    assert set(ds.sources["source_id"]) == set(ds.evidence["source_id"])


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason=f"no shared seeds folder at {SHARED_SEEDS} to compare with")
def test_seeds_match_the_shared_originals():
    ours = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (PROJECT_DIR / "seeds").glob("*.txt")}
    theirs = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in Path(SHARED_SEEDS).glob("*.txt")}
    assert ours == theirs


def test_boilerplate_is_never_quoted(ds):
    furniture = ["Related Posts", "Lego", "WhatsApp", "Karabakh", "earthquake recovery", "MOST READ", "NGOs warn"]
    for quote in ds.evidence["quote"]:
        assert not any(word in quote for word in furniture), quote
