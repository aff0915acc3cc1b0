"""The vocabularies of ``pipeline/data/``, one module per subject.

Every list of words the extractors rely on (sector names, agency aliases, scale words,
qualifiers, units, ...) is a data file, and each data file is read by exactly one module
here (through ``vocab/files.py``), which hands its words out: ``sectors``, ``places``,
``organisations``, ``numbers``, ``figures``, ``money``, ``language``, ``typography``,
``hxl``. Adding a sector, an alias or a scale word is a change to a data file, not to
code. This module holds what they share: the folding every lookup matches on.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any


def fold(text: str) -> str:
    """Lower-case, strip accents and collapse whitespace: the key vocabularies match on."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.replace("’", "'").lower().split())


def phrase_pattern(phrases: list[str], *, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """A regex matching any of ``phrases`` as whole words, longest first."""
    ordered = sorted({p for p in phrases if p}, key=len, reverse=True)
    body = "|".join(spaced(p) for p in ordered)
    return re.compile(rf"(?<![\w$€£]){'(?:' + body + ')'}(?!\w)", flags)


def named_index(entries: list[dict[str, Any]]) -> dict[str, str]:
    index: dict[str, str] = {}
    for entry in entries:
        for form in [entry["name"], *entry.get("aliases", [])]:
            index[fold(form)] = entry["name"]
    return index


def spaced(phrase: str) -> str:
    """``phrase`` as a regex in which each space matches any run of whitespace."""
    return re.escape(phrase).replace(r"\ ", r"\s+")
