"""Tidy, validated tables of what officials say and what happens around ISKP, traceable to their sources.

Names are imported on first use (PEP 562), so `python -m analysis build` can find every report up to
date without paying for pandas.
"""

import sys
from importlib import import_module

# jsonschema, under altair, imports rfc3987_syntax when it is installed (JupyterLab's jupyter-events brings it), and
# that module compiles a Lark grammar on import: 2 s in every kernel, build worker and test process. Altair validates
# chart specs without format checks, so nothing here uses it; marked absent, jsonschema skips its IRI formats.
sys.modules.setdefault("rfc3987_syntax", None)

_EXPORTS = {
    "DATA_DIR": "base",
    "Dataset": "dataset",
    "load": "dataset",
    "DataError": "errors",
    "ParameterError": "errors",
    "Problem": "errors",
    "UnknownActorError": "errors",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name):
    if name in _EXPORTS:
        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
