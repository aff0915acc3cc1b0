"""Response sectors and clusters (``sectors.yaml``): names, aliases and topic words."""

from __future__ import annotations

import re
from functools import cache

from pipeline.vocab import fold, named_index, spaced
from pipeline.vocab.files import load_yaml


@cache
def sectors() -> dict[str, str]:
    """Folded sector name or alias -> canonical sector name."""
    return named_index(load_yaml("sectors.yaml"))


# What a sector's name may be followed by ("the Integration Sector", "WASH Cluster").
SECTOR_KINDS = (
    r"Sector|Sub-?sector|Sub-?cluster|Cluster|AoR|Area of Responsibility|Working Group"
    r"|Thematic Fund"
)


_SECTOR_SUFFIX = re.compile(rf"\s*(?:\([^)]{{1,12}}\)|\b(?:{SECTOR_KINDS.lower()}))\s*$")


def sector_of(text: str) -> str:
    """The canonical sector ``text`` names, or "" ("Shelter and Non-Food Items (NFI)",
    "Integration Sector" and "WASH Cluster" name theirs)."""
    key = fold(text)
    while key and key not in sectors():
        shorter = _SECTOR_SUFFIX.sub("", key)
        if shorter == key:
            break
        key = shorter
    return sectors().get(key, "")


@cache
def _sector_topics() -> tuple[tuple[str, str], ...]:
    pairs = [(fold(k), e["name"]) for e in load_yaml("sectors.yaml") for k in e.get("keywords", [])]
    return tuple(sorted(pairs, key=lambda p: len(p[0]), reverse=True))


def sector_topic_of(heading: str) -> str:
    """The sector a short heading is about by its topic words ("ACCESS TO WATER": WASH)."""
    key = f" {re.sub(r'[^a-z0-9-]+', ' ', fold(heading))} "
    return next((name for word, name in _sector_topics() if f" {word} " in key), "")


def sector_heading_of(text: str) -> str:
    """The sector a heading line names: a sector, or the first of two joined by "and"
    ("Gender-Based Violence and Sexual and Reproductive Health")."""
    found = sector_of(text)
    if found or len(text.split()) > 10:
        return found
    key = fold(text)
    for form in sorted(sectors(), key=len, reverse=True):
        if (
            key.startswith(form + " and ")
            or key.startswith(form + " / ")
            or key.startswith(form + "/")
        ):
            return sectors()[form]
    return ""


@cache
def sector_name_pattern() -> re.Pattern[str]:
    """Any sector's name or alias, as whole words, ignoring case."""
    forms = [f for e in load_yaml("sectors.yaml") for f in [e["name"], *e.get("aliases", [])]]
    body = "|".join(spaced(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)


@cache
def sector_mention_pattern() -> re.Pattern[str]:
    """A sector named in running text as "<name> Sector" ("the Integration Sector")."""
    forms = [f for e in load_yaml("sectors.yaml") for f in [e["name"], *e.get("aliases", [])]]
    body = "|".join(spaced(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{body})\s+(?:{SECTOR_KINDS})(?!\w)", re.IGNORECASE)
