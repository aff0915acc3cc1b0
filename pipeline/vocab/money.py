"""Money: the words that make an amount a pledge, grant, loan, requirement or funds
received, or no funding at all (``money_kinds.yaml``), table column headers
(``table_columns.yaml``) and the last words of event names (``events.yaml``).
"""

from __future__ import annotations

from functools import cache

from pipeline.vocab import fold
from pipeline.vocab.files import load_yaml

NOT_FUNDING = "not-funding"  # the kind of "funding gap of USD 5M": none
# the keys of money_kinds.yaml that list cue words
KIND_KEYS = ("pledge", "grant", "loan", "requirement", "received", "not_funding")


@cache
def money_kinds() -> dict[str, str]:
    """Folded cue word -> money kind, or ``NOT_FUNDING`` for a word that makes an amount
    something other than funding (a gap, a cost, a value). Stems (written "request*")
    are in ``money_stems``."""
    table = load_yaml("money_kinds.yaml")
    return {
        fold(w): NOT_FUNDING if kind == "not_funding" else kind
        for kind, words in table.items()
        if kind in KIND_KEYS
        for w in words
        if not w.endswith("*")
    }


@cache
def money_stems() -> tuple[tuple[str, str], ...]:
    """(folded stem, money kind), longest first: "request*" covers "requests",
    "requested", "requesting"."""
    table = load_yaml("money_kinds.yaml")
    stems = [
        (fold(w[:-1]), NOT_FUNDING if kind == "not_funding" else kind)
        for kind, words in table.items()
        if kind in KIND_KEYS
        for w in words
        if w.endswith("*")
    ]
    return tuple(sorted(stems, key=lambda s: len(s[0]), reverse=True))


def money_kind_of(word: str) -> str:
    """The money kind a word says, by the word itself or by its stem; "" if none."""
    key = fold(word)
    found = money_kinds().get(key)
    if found:
        return found
    return next((kind for stem, kind in money_stems() if key.startswith(stem)), "")


@cache
def rate_words() -> frozenset[str]:
    """Words after an amount that make it a rate ("per household")."""
    return frozenset(fold(w) for w in load_yaml("money_kinds.yaml")["rate_words"])


@cache
def cash_receivers() -> frozenset[str]:
    """Words for people who receive cash ("each household will receive USD 120")."""
    return frozenset(fold(w) for w in load_yaml("money_kinds.yaml")["cash_receivers"])


@cache
def table_columns() -> dict[str, tuple[str, str]]:
    """Folded column header -> (column, money kind or "")."""
    table = load_yaml("table_columns.yaml")
    index = {fold(h): ("country", "") for h in table["country"]}
    index.update({fold(h): ("sector", "") for h in table["sector"]})
    for kind, headers in table["amount"].items():
        index.update({fold(h): ("amount", kind or "") for h in headers})
    return index


@cache
def donor_columns() -> frozenset[str]:
    """Folded headers of a donor list's donor column ("Donor", "Donante")."""
    return frozenset(fold(h) for h in load_yaml("table_columns.yaml")["donor"])


@cache
def total_rows() -> frozenset[str]:
    """Folded names of rows that sum the others ("Grand Total")."""
    return frozenset(fold(h) for h in load_yaml("table_columns.yaml")["total_rows"])


@cache
def event_heads() -> tuple[str, ...]:
    return tuple(sorted(load_yaml("events.yaml")["heads"], key=len, reverse=True))


@cache
def event_particles() -> tuple[str, ...]:
    """Small words inside an event's name ("in", "with", "para")."""
    return tuple(load_yaml("events.yaml")["particles"])
