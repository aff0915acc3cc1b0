"""How numbers are printed: scale words, currencies, percent words and numbers in words
(``numbers.yaml``), qualifiers (``qualifiers.yaml``) and the unit of a counted word
(``units.yaml``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from pipeline.vocab import fold, spaced
from pipeline.vocab.files import load_yaml


@cache
def units() -> dict[str, str]:
    """Folded counted word -> unit."""
    return {fold(word): unit for unit, words in load_yaml("units.yaml").items() for word in words}


# units that measure what follows them ("tons of food", "litres of water")
MEASURES = frozenset({"tonnes", "litres", "cubic_metres", "gallons", "hectares"})


def unit_of(counted: str) -> str:
    """The unit of a counted phrase, from its last word ("hygiene kits" -> "items")."""
    words = fold(counted).replace("/", " ").split()
    for word in words[:2]:  # "metric tons of medical supplies": a measure leads
        if units().get(word) in MEASURES:
            return units()[word]
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


@dataclass(frozen=True)
class Plausible:
    """What a figure can plausibly be (``numbers.yaml`` ``plausible``)."""

    whole_units: frozenset[str]
    people: Decimal
    money: Decimal
    money_strong: Decimal
    strong_currencies: frozenset[str]

    def money_limit(self, currency: str) -> Decimal:
        return self.money_strong if currency in self.strong_currencies else self.money


@cache
def plausible() -> Plausible:
    table = number_forms()["plausible"]
    return Plausible(
        whole_units=frozenset(table["whole_units"]),
        people=Decimal(table["people"]),
        money=Decimal(table["money"]),
        money_strong=Decimal(table["money_strong"]),
        strong_currencies=frozenset(table["strong_currencies"]),
    )


@cache
def scale_readings() -> dict[str, tuple[Decimal, ...]]:
    """Scale word -> every factor it may mean ("billones": 10^12 or 10^9)."""
    return {
        form: tuple(Decimal(f) for f in entry["factors"])
        for entry in number_forms().get("scale_readings", [])
        for form in entry["forms"]
    }
