"""Import ACLED and UCDP GED exports as events in our terms: imports/NAME.parquet plus a manifest.

read (the export as published, checked) -> names (actors and provinces mapped, unmapped listed) ->
acled / ucdp (the conversion rules of dictionary.yaml's `imports` convention) -> write (atomically).
No row is dropped and no name is guessed. The codebooks are data: formats.yaml.
"""

from .formats import ACLED_COLUMNS
from .manifest import change_report, read_manifest, unmapped_report
from .write import FORMATS, import_export

__all__ = ["ACLED_COLUMNS", "FORMATS", "change_report", "import_export", "read_manifest", "unmapped_report"]
