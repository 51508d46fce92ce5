"""Check tables against the data dictionary: the coded CSVs as text, and the importers' parquet tables.

Every problem is collected, not just the first, and each names the file, the line (or row) and the
column, so a hand editor can go straight to it. Checks run on the raw text; only valid data is typed
afterwards (analysis.dataset), so typing can never fail half-way.
"""

from .coded import check
from .csv_text import line_of, read_table, read_tables
from .decisions import check_decisions
from .imported import check_imported
from .relative import relative_date_warnings

__all__ = [
    "check",
    "check_decisions",
    "check_imported",
    "line_of",
    "read_table",
    "read_tables",
    "relative_date_warnings",
]
