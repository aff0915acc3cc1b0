"""The words that make a number something other than a figure (``non_figures.yaml``):
units of a measurement, the length of a document, a page, an age."""

from __future__ import annotations

from functools import cache

from pipeline.vocab import fold
from pipeline.vocab.files import load_yaml


@cache
def non_figure_words(key: str) -> frozenset[str]:
    """A word list of ``non_figures.yaml``, folded: ``measurement_units``,
    ``measurement_words``, ``document_length_words``, ``page_words``,
    ``age_words_before``, ``age_words_after``, ``age_limits_before``."""
    return frozenset(fold(str(w)) for w in load_yaml("non_figures.yaml")[key])
