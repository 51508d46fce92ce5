"""Tidy, validated tables of what officials say and what happens around ISKP, traceable to their sources.

Names are imported on first use (PEP 562), so `python -m analysis build` can find every report up to
date without paying for pandas.
"""

from importlib import import_module

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
