"""Tidy, validated tables of what officials say and what happens around ISKP, traceable to their sources."""

from .dataset import DATA_DIR, Dataset, UnknownActorError, load
from .validation import DataError, Problem

__all__ = ["DATA_DIR", "DataError", "Dataset", "Problem", "UnknownActorError", "load"]
