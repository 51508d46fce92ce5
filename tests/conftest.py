"""Unit tests run on the frozen fixture data (tests/fixtures/), never on the live data/.

Every test but those marked `live` sees ANALYSIS_DATA_DIR pointed at the fixture, so even code that
loads "the default data" (a build, a notebook run) reads the fixture. Tests marked `live` check the
live data/ with invariants that hold for any valid data; nbval's notebook cells are live by nature
(the root conftest.py marks them).
"""

import shutil
from pathlib import Path

import pytest

from analysis.dataset import load
from analysis.paths import DATA_DIR_VARIABLE, DICTIONARY_PARTS, PROJECT_DIR

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXTURE_DATA = FIXTURES / "data"


@pytest.fixture(autouse=True)
def fixture_data_by_default(request, monkeypatch):
    if request.node.get_closest_marker("live") is None:
        monkeypatch.setenv(DATA_DIR_VARIABLE, str(FIXTURE_DATA))


@pytest.fixture(scope="session")
def ds():
    """The fixture data, loaded once."""
    return load(FIXTURE_DATA)


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A scratch copy of the fixture data with its seeds beside it, to break on purpose."""
    shutil.copytree(FIXTURE_DATA, tmp_path / "data")
    shutil.copytree(FIXTURES / "seeds", tmp_path / "seeds")
    return tmp_path / "data"


def edit(path: Path, old: str, new: str) -> None:
    """Replace text that occurs exactly once, so a test cannot silently break the wrong thing."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def own_part(data_dir: Path, part: str) -> Path:
    """Give a data folder its own copy of a part of the dictionary (base.DICTIONARY_PARTS), to edit."""
    return Path(shutil.copy(DICTIONARY_PARTS[part], data_dir))


TWO_REPORTS = """
reports:
  officials:
    title: Officials killed
    notebook: official_killings
  exchange:
    title: The Iran <exchange> (May-July 2023)
    notebook: accusation_flows
    parameters: {actors: Iran, start: 2023-05-01, end: 2023-07-31}
"""  # a title with markup, which pages and the index must escape


def report_project(root: Path, config: str = TWO_REPORTS) -> Path:
    """A report list and copies of two notebooks, which a test may break (tests of the builder and of --pdf)."""
    (root / "notebooks").mkdir()
    for name in ("official_killings", "accusation_flows"):
        shutil.copy(PROJECT_DIR / "notebooks" / f"{name}.ipynb", root / "notebooks")
    (root / "reports.yaml").write_text(config, encoding="utf-8")
    return root
