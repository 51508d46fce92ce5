"""The export formats' codebooks (formats.yaml beside this file), read once."""

from __future__ import annotations

from pathlib import Path

import yaml

FORMATS_FILE = Path(__file__).with_name("formats.yaml")
CODEBOOKS: dict = yaml.safe_load(FORMATS_FILE.read_text(encoding="utf-8"))
ACLED, UCDP, FILES = CODEBOOKS["acled"], CODEBOOKS["ucdp"], CODEBOOKS["files"]
ACLED_COLUMNS = tuple(ACLED["columns"])
