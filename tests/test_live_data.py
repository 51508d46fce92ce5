"""The live data/: invariants that hold for any valid data, so an analyst's valid edit never breaks them.

Exact figures are tested on the frozen fixture (tests/fixtures/); here only what must always be true.
"""

import hashlib

import pytest

from analysis import load
from analysis.build import read_config
from analysis.parameters import check
from analysis.paths import NOTEBOOK_DIR, PROJECT_DIR, REPORTS_CONFIG

pytestmark = pytest.mark.live
SHARED_SEEDS = PROJECT_DIR.parent / "shared" / "seeds"  # the team's originals, beside a developer's checkout


@pytest.fixture(scope="module")
def live():
    return load()  # raises DataError, listing every problem, unless data/ validates


def test_the_live_data_validates(live):
    assert live.path == PROJECT_DIR / "data"


def test_every_seed_article_is_a_registered_source(live):
    on_disk = {f"seeds/{p.name}" for p in (PROJECT_DIR / "seeds").glob("*.txt")}
    assert on_disk == set(live.sources["path"])


def test_every_cited_source_is_registered(live):
    """A registered source not cited yet is valid: the guide's coding steps register an article (add-source)
    before any of its rows are accepted."""
    assert set(live.evidence["source_id"]) <= set(live.sources["source_id"])


@pytest.mark.skipif(
    not SHARED_SEEDS.is_dir(),
    reason="the original articles as delivered (the team's shared folder) "
    "are not beside this checkout, so seeds/ cannot be compared with them",
)
def test_the_original_articles_are_kept_unchanged():
    for original in SHARED_SEEDS.glob("*.txt"):
        kept = PROJECT_DIR / "seeds" / original.name
        assert kept.exists(), f"seeds/{original.name} is missing"
        assert hashlib.sha256(kept.read_bytes()).digest() == hashlib.sha256(original.read_bytes()).digest(), (
            original.name
        )


def test_every_report_in_reports_yaml_takes_its_parameters(live):
    for spec in read_config(REPORTS_CONFIG):
        assert check(spec.parameters, spec.notebook_path(NOTEBOOK_DIR), live) == [], spec.name
