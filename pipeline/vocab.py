"""Load the vocabularies in ``pipeline/data/``.

Every list of words the extractors rely on (sector names, agency aliases, scale words,
qualifiers, units, ...) is a data file; this module reads them once and hands them out.
Adding a sector, an alias or a scale word is a change to a data file, not to code.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from .errors import VocabularyError

DATA = "data"

NOT_FUNDING = "not-funding"  # the kind of "funding gap of USD 5M": none


def fold(text: str) -> str:
    """Lower-case, strip accents and collapse whitespace: the key vocabularies match on."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.replace("’", "'").lower().split())


def _read(name: str) -> str:
    try:
        return (
            resources.files(__package__).joinpath(DATA).joinpath(name).read_text(encoding="utf-8")
        )
    except FileNotFoundError as exc:  # pragma: no cover - an installation defect
        raise VocabularyError(f"vocabulary file {name} is missing from the package") from exc


@cache
def load_yaml(name: str) -> Any:
    try:
        data = yaml.safe_load(_read(name))
    except yaml.YAMLError as exc:
        raise VocabularyError(f"vocabulary file {name} is not valid YAML: {exc}") from exc
    _check_words(name, data)
    return data


def _check_words(name: str, data: Any) -> None:
    """YAML reads a bare on/off/yes/no as true/false: in a word list that is a lost word."""
    if isinstance(data, dict):
        for value in data.values():
            _check_words(name, value)
    elif isinstance(data, list):
        for item in data:
            if isinstance(item, bool):
                raise VocabularyError(
                    f"vocabulary file {name} has a word YAML read as {item}: quote it ('on', 'no')"
                )
            _check_words(name, item)


@cache
def load_jsonl(name: str) -> tuple[dict[str, Any], ...]:
    rows = []
    for number, line in enumerate(_read(name).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise VocabularyError(f"{name} line {number} is not valid JSON: {exc}") from exc
    return tuple(rows)


def phrase_pattern(phrases: list[str], *, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """A regex matching any of ``phrases`` as whole words, longest first."""
    ordered = sorted({p for p in phrases if p}, key=len, reverse=True)
    body = "|".join(_spaced(p) for p in ordered)
    return re.compile(rf"(?<![\w$€£]){'(?:' + body + ')'}(?!\w)", flags)


@dataclass(frozen=True)
class NamedEntry:
    name: str
    aliases: tuple[str, ...]


@cache
def sectors() -> dict[str, str]:
    """Folded sector name or alias -> canonical sector name."""
    return _named_index(load_yaml("sectors.yaml"))


@cache
def regions() -> dict[str, str]:
    """Folded region name or alias -> canonical region name."""
    return _named_index(load_yaml("regions.yaml"))


def _named_index(entries: list[dict[str, Any]]) -> dict[str, str]:
    index: dict[str, str] = {}
    for entry in entries:
        for form in [entry["name"], *entry.get("aliases", [])]:
            index[fold(form)] = entry["name"]
    return index


@cache
def connectives(role: str) -> frozenset[str]:
    """The small words of ``role`` in ``connectives.yaml`` ("and", "of", "in", ...), folded."""
    return frozenset(fold(w) for w in load_yaml("connectives.yaml")[role])


def connective_pattern(role: str) -> str:
    """A regex alternation of the words of ``role``."""
    words = sorted(load_yaml("connectives.yaml")[role], key=len, reverse=True)
    return "|".join(re.escape(w) for w in words)


def strip_determiner(text: str) -> str:
    """``text`` without a leading article ("the Azuay Province" -> "Azuay Province")."""
    words = text.split(maxsplit=1)
    if len(words) == 2 and fold(words[0]) in connectives("determiners"):
        return words[1]
    return text


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
def region_pattern() -> re.Pattern[str]:
    """Any region name or alias, as whole words (case-sensitive for all-capital aliases)."""
    forms = [f for e in load_yaml("regions.yaml") for f in [e["name"], *e.get("aliases", [])]]
    words = [f for f in forms if not f.isupper()]
    capitals = [f for f in forms if f.isupper()]
    body = "|".join(_spaced(f) for f in sorted(words, key=len, reverse=True))
    caps = "|".join(_spaced(f) for f in sorted(capitals, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:(?i:{body})|{caps})(?!\w)")


@cache
def sector_mention_pattern() -> re.Pattern[str]:
    """A sector named in running text as "<name> Sector" ("the Integration Sector")."""
    forms = [f for e in load_yaml("sectors.yaml") for f in [e["name"], *e.get("aliases", [])]]
    body = "|".join(_spaced(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{body})\s+(?:{SECTOR_KINDS})(?!\w)", re.IGNORECASE)


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


@dataclass(frozen=True)
class Population:
    metric: str
    unit: str
    pattern: re.Pattern[str]


@cache
def populations() -> tuple[Population, ...]:
    result = []
    for entry in load_yaml("populations.yaml"):
        alternatives = [_spaced(p) for p in sorted(entry.get("phrases", []), key=len, reverse=True)]
        alternatives = list(entry.get("patterns", [])) + alternatives
        pattern = re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})(?!\w)", re.IGNORECASE)
        result.append(Population(entry["metric"], entry["unit"], pattern))
    return tuple(result)


def population_at(text: str) -> tuple[Population, re.Match[str]] | None:
    """The population phrase that ``text`` starts with, the longest if several do."""
    best: tuple[Population, re.Match[str]] | None = None
    for population in populations():
        match = population.pattern.match(text)
        if match and (best is None or match.end() > best[1].end()):
            best = (population, match)
    return best


def population_in(text: str) -> Population | None:
    """The first population named anywhere in ``text`` (earliest, then longest)."""
    found: list[tuple[int, int, Population]] = []
    for population in populations():
        match = population.pattern.search(text)
        if match:
            found.append((match.start(), -match.end(), population))
    return min(found, key=lambda f: (f[0], f[1]))[2] if found else None


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


@dataclass(frozen=True)
class ActivityVerb:
    participle: str
    takes_object: bool
    status: bool = False  # what happened to people ("displaced"), not what was done for them


@cache
def activity_verbs() -> dict[str, ActivityVerb]:
    """Folded verb form -> the activity it signals."""
    index: dict[str, ActivityVerb] = {}
    for entry in load_yaml("activity_verbs.yaml"):
        verb = ActivityVerb(
            entry["participle"], bool(entry.get("object", False)), bool(entry.get("status", False))
        )
        for form in entry["forms"]:
            index[fold(form)] = verb
    return index


@cache
def qualifiers() -> tuple[tuple[re.Pattern[str], str], ...]:
    """(pattern matching the end of the text before a figure, qualifier), longest first."""
    table = load_yaml("qualifiers.yaml")
    pairs = [(phrase, name) for name, phrases in table.items() for phrase in phrases]
    pairs.sort(key=lambda p: len(p[0]), reverse=True)
    return tuple((re.compile(rf"(?<!\w){_spaced(p)}\s*$", re.IGNORECASE), n) for p, n in pairs)


def _spaced(phrase: str) -> str:
    """``phrase`` as a regex in which each space matches any run of whitespace."""
    return re.escape(phrase).replace(r"\ ", r"\s+")


def qualifier_before(text: str) -> tuple[str, int]:
    """Qualifier at the end of ``text`` and where it starts; ("exact", len) if none."""
    for pattern, name in qualifiers():
        match = pattern.search(text)
        if match:
            return name, match.start()
    return "exact", len(text)


@cache
def figure_context() -> dict[str, frozenset[str]]:
    """Word lists of ``figure_context.yaml``, folded (single values are left out)."""
    return {
        key: frozenset(fold(w) for w in words)
        for key, words in load_yaml("figure_context.yaml").items()
        if isinstance(words, list)
    }


def figure_setting(key: str) -> str:
    """A single value of ``figure_context.yaml``."""
    return str(load_yaml("figure_context.yaml")[key])


@cache
def money_kinds() -> dict[str, str]:
    """Folded cue word -> money kind, or ``NOT_FUNDING`` for a word that makes an amount
    something other than funding (a gap, a cost, a value)."""
    table = load_yaml("money_kinds.yaml")
    return {
        fold(w): NOT_FUNDING if kind == "not_funding" else kind
        for kind, words in table.items()
        if kind != "rate_words"
        for w in words
    }


@cache
def rate_words() -> frozenset[str]:
    """Words after an amount that make it a rate ("per household")."""
    return frozenset(fold(w) for w in load_yaml("money_kinds.yaml")["rate_words"])


@cache
def table_columns() -> dict[str, tuple[str, str]]:
    """Folded column header -> (column, money kind or "")."""
    table = load_yaml("table_columns.yaml")
    index = {fold(h): ("country", "") for h in table["country"]}
    index.update({fold(h): ("sector", "") for h in table["sector"]})
    for kind, headers in table["amount"].items():
        index.update({fold(h): ("amount", kind) for h in headers})
    return index


@cache
def months() -> dict[str, int]:
    return {
        fold(name): int(number)
        for number, names in load_yaml("calendar.yaml")["months"].items()
        for name in names
    }


@cache
def language_words() -> dict[str, frozenset[str]]:
    return {lang: frozenset(words) for lang, words in load_yaml("languages.yaml").items()}


@dataclass(frozen=True)
class Bound:
    labels: frozenset[str]
    unit: str
    low: int
    high: int


@cache
def indicator_bounds() -> tuple[Bound, ...]:
    return tuple(
        Bound(frozenset(fold(label) for label in b["labels"]), b["unit"], b["min"], b["max"])
        for b in load_yaml("indicators.yaml")["bounds"]
    )


def bound_for(label: str) -> Bound | None:
    key = fold(label)
    return next((b for b in indicator_bounds() if key in b.labels), None)


@cache
def report_total_patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(
        re.compile(p, re.IGNORECASE) for p in load_yaml("indicators.yaml")["report_totals"]
    )


def is_report_total(label: str) -> bool:
    return any(p.search(fold(label)) for p in report_total_patterns())


@dataclass(frozen=True)
class KnownOrganisation:
    canonical: str
    org_type: str
    country: str = ""  # ISO3 of a national body (a government's aid agency), else ""


@cache
def organisation_index() -> dict[str, KnownOrganisation]:
    """Gazetteer lookup: an acronym (exact case) or a folded name -> the organisation."""
    index: dict[str, KnownOrganisation] = {}
    for entry in load_jsonl("organisations.jsonl"):
        known = KnownOrganisation(entry["canonical"], entry["org_type"], entry.get("country", ""))
        for acronym in [*entry.get("acronyms", []), *entry.get("misspellings", [])]:
            index[acronym] = known
        for name in entry.get("names", []):
            index[fold(name)] = known
    return index


def known_organisation(text: str) -> KnownOrganisation | None:
    return organisation_index().get(text) or organisation_index().get(fold(text))


@cache
def event_heads() -> tuple[str, ...]:
    return tuple(sorted(load_yaml("events.yaml")["heads"], key=len, reverse=True))
