"""What a figure counts and what was done: populations (``populations.yaml``), activity
verbs (``activity_verbs.yaml``), the words around a number (``figure_context.yaml``) and
the bounds of panel labels (``indicators.yaml``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.vocab import fold, spaced
from pipeline.vocab.files import load_yaml


@dataclass(frozen=True)
class Population:
    metric: str
    unit: str
    pattern: re.Pattern[str]


@cache
def populations() -> tuple[Population, ...]:
    result = []
    for entry in load_yaml("populations.yaml"):
        alternatives = [spaced(p) for p in sorted(entry.get("phrases", []), key=len, reverse=True)]
        alternatives = list(entry.get("patterns", [])) + alternatives
        pattern = re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})(?!\w)", re.IGNORECASE)
        result.append(Population(entry["metric"], entry["unit"], pattern))
    return tuple(result)


def population_named(metric: str) -> Population | None:
    """The population whose metric is ``metric`` ("refugees_and_migrants")."""
    return next((p for p in populations() if p.metric == metric), None)


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


@dataclass(frozen=True)
class ActivityVerb:
    participle: str
    takes_object: bool
    situation: bool = False  # what happened to people ("displaced"), not what was done for them


@cache
def activity_verbs() -> dict[str, ActivityVerb]:
    """Folded verb form -> the activity it signals."""
    index: dict[str, ActivityVerb] = {}
    for entry in load_yaml("activity_verbs.yaml"):
        verb = ActivityVerb(
            entry["participle"],
            bool(entry.get("object", False)),
            bool(entry.get("situation", False)),
        )
        for form in entry["forms"]:
            index[fold(form)] = verb
    return index


@cache
def past_tense_endings() -> tuple[str, ...]:
    """Endings of a verb in the past, as written: accents kept ("ó" is one, "o" is not)."""
    return tuple(str(e) for e in load_yaml("figure_context.yaml")["past_tense_endings"])


@cache
def figure_context() -> dict[str, frozenset[str]]:
    """Word lists of ``figure_context.yaml``, folded (single values are left out)."""
    return {
        key: frozenset(fold(w) for w in words)
        for key, words in load_yaml("figure_context.yaml").items()
        if isinstance(words, list)
    }


@cache
def inclusion_pattern() -> str:
    """A regex alternation of the words that make a figure part of the one before ("of
    which", "including", "de los cuales"), longest first, spaces matching any whitespace."""
    words = sorted(figure_context()["inclusion_words"], key=len, reverse=True)
    return "|".join(spaced(w) for w in words)


def figure_setting(key: str) -> str:
    """A single value of ``figure_context.yaml``."""
    return str(load_yaml("figure_context.yaml")[key])


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
