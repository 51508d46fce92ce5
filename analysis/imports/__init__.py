"""Import ACLED and UCDP GED exports as events, and POLECAT and ICEWS files as statements, in our terms:
imports/NAME.parquet plus a manifest.

exports (an export as published, checked) or tabbed (statement files, filtered while read) -> names
(actors and provinces mapped, unmapped listed) -> acled / ucdp / machine_coded (the conversion rules of
dictionary.yaml's `imports` and `machine_coded` conventions) -> write (atomically). No event row is
dropped and no name or kind is guessed. The codebooks are data: formats.yaml.
"""

from .formats import ACLED_COLUMNS
from .manifest import change_report, read_manifest, read_report, unmapped_report
from .write import FORMATS, STATEMENT_FORMATS, import_export, import_statements

__all__ = [
    "ACLED_COLUMNS",
    "FORMATS",
    "STATEMENT_FORMATS",
    "change_report",
    "import_export",
    "import_statements",
    "read_manifest",
    "read_report",
    "unmapped_report",
]
