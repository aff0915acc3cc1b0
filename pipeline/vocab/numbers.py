"""How numbers are printed: scale words, currencies, percent words and numbers in words
(``numbers.yaml``), qualifiers (``qualifiers.yaml``) and the unit of a counted word
(``units.yaml``).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from pipeline.vocab import fold, spaced
from pipeline.vocab.files import load_yaml


@cache
def units() -> dict[str, str]:
    """Folded counted word -> unit."""
    return {fold(word): unit for unit, words in load_yaml("units.yaml").items() for word in words}


def unit_of(counted: str) -> str:
    """The unit of a counted phrase, from its last word ("hygiene kits" -> "items")."""
    words = fold(counted).replace("/", " ").split()
    for word in reversed(words):
        if word in units():
            return units()[word]
    return "count"


@cache
def qualifiers() -> tuple[tuple[re.Pattern[str], str], ...]:
    """(pattern matching the end of the text before a figure, qualifier), longest first."""
    table = load_yaml("qualifiers.yaml")
    pairs = [(phrase, name) for name, phrases in table.items() for phrase in phrases]
    pairs.sort(key=lambda p: len(p[0]), reverse=True)
    return tuple((re.compile(rf"(?<!\w){spaced(p)}\s*$", re.IGNORECASE), n) for p, n in pairs)


def qualifier_before(text: str) -> tuple[str, int]:
    """Qualifier at the end of ``text`` and where it starts; ("exact", len) if none."""
    for pattern, name in qualifiers():
        match = pattern.search(text)
        if match:
            return name, match.start()
    return "exact", len(text)


@cache
def number_forms() -> dict[str, Any]:
    """``numbers.yaml``: scales (forms, factor, language), currencies (code -> forms), the
    forms of a bare dollar, percent words, and numbers in words per language."""
    data: dict[str, Any] = load_yaml("numbers.yaml")
    return data


@cache
def qualifier_words() -> frozenset[str]:
    """Every word of every qualifier phrase ("more", "than", "approximately", ...)."""
    phrases = [p for group in load_yaml("qualifiers.yaml").values() for p in group]
    return frozenset(w for p in phrases for w in fold(p).split())
