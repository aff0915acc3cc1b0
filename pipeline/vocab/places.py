"""Regions (``regions.yaml``), the country names the OCHA list lacks
(``country_aliases.yaml``) and the heading words that make a section regional
(``headings.yaml``).
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.vocab import fold, named_index, spaced
from pipeline.vocab.files import load_yaml
from pipeline.vocab.language import strip_determiner


@cache
def regions() -> dict[str, str]:
    """Folded region name or alias -> canonical region name."""
    return named_index(load_yaml("regions.yaml"))


@cache
def region_pattern() -> re.Pattern[str]:
    """Any region name or alias, as whole words (case-sensitive for all-capital aliases)."""
    forms = [f for e in load_yaml("regions.yaml") for f in [e["name"], *e.get("aliases", [])]]
    words = [f for f in forms if not f.isupper()]
    capitals = [f for f in forms if f.isupper()]
    body = "|".join(spaced(f) for f in sorted(words, key=len, reverse=True))
    caps = "|".join(spaced(f) for f in sorted(capitals, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:(?i:{body})|{caps})(?!\w)")


def region_of(text: str) -> str:
    key = fold(text)
    found = regions().get(key) or regions().get(fold(strip_determiner(text)))
    return found or ""


@cache
def scope_regions() -> frozenset[str]:
    """Regions a report can be about (not "World", not the bare word "Regional")."""
    return frozenset(e["name"] for e in load_yaml("regions.yaml") if e.get("scope", True))


@cache
def unnamed_region() -> str:
    """The name given to a figure of a regional section when the report names no region."""
    return next(e["name"] for e in load_yaml("regions.yaml") if e.get("unnamed"))


@cache
def world_region() -> str:
    """The name of the region that is the whole world."""
    return next(e["name"] for e in load_yaml("regions.yaml") if e.get("world"))


@cache
def country_aliases() -> dict[str, list[str]]:
    """ISO3 -> names of the country that the OCHA country list lacks."""
    data: dict[str, list[str]] = load_yaml("country_aliases.yaml")
    return data


@cache
def regional_heading_words() -> frozenset[str]:
    """Lower-case words that make a heading's section regional ("REGIONAL HIGHLIGHTS")."""
    return frozenset(w.lower() for w in load_yaml("headings.yaml")["regional"])
