import shutil
from pathlib import Path

import pytest

from analysis import DATA_DIR, load

PROJECT_DIR = DATA_DIR.parent


@pytest.fixture(scope="session")
def ds():
    """The committed data, loaded once."""
    return load()


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A scratch copy of data/ with the seeds beside it, to break on purpose."""
    shutil.copytree(DATA_DIR, tmp_path / "data")
    shutil.copytree(PROJECT_DIR / "seeds", tmp_path / "seeds")
    return tmp_path / "data"


def edit(path: Path, old: str, new: str) -> None:
    """Replace text that occurs exactly once, so a test cannot silently break the wrong thing."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")
