"""The agency gazetteer (``organisations.jsonl``) and the shapes of organisation names
(``org_shapes.yaml``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from pipeline.vocab import fold
from pipeline.vocab.files import load_jsonl, load_yaml


@dataclass(frozen=True)
class KnownOrganisation:
    canonical: str
    org_type: str
    country: str = ""  # ISO3 of a national body (a government's aid agency), else ""


@cache
def organisation_index() -> dict[str, KnownOrganisation]:
    """Gazetteer lookup: an acronym (exact case) or a folded name -> the organisation."""
    index: dict[str, KnownOrganisation] = {}
    for entry in gazetteer():
        known = KnownOrganisation(entry["canonical"], entry["org_type"], entry.get("country", ""))
        for acronym in [*entry.get("acronyms", []), *entry.get("misspellings", [])]:
            index[acronym] = known
        for name in entry.get("names", []):
            index[fold(name)] = known
    return index


def known_organisation(text: str) -> KnownOrganisation | None:
    return organisation_index().get(text) or organisation_index().get(fold(text))


def gazetteer() -> tuple[dict[str, Any], ...]:
    """The gazetteer's entries: canonical name, org_type, names, acronyms, misspellings,
    country."""
    return load_jsonl("organisations.jsonl")


@cache
def org_shapes() -> dict[str, Any]:
    """``org_shapes.yaml``: the word lists that make a name an organisation's, or not."""
    data: dict[str, Any] = load_yaml("org_shapes.yaml")
    return data
