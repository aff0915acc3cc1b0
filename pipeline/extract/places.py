"""Where a figure applies: a country or region its sentence names (after what it counts,
or opening the sentence), else its section's place, else the one country the report is
about. A figure stated for several countries is not given to any one of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.extract.context import Context
from pipeline.extract.phrases import (
    Phrase,
)
from pipeline.extract.readings import Reading
from pipeline.models import Section
from pipeline.text import countries
from pipeline.vocab.language import connective_pattern, strip_determiner
from pipeline.vocab.places import region_of, region_pattern, unnamed_region


@dataclass(frozen=True)
class Place:
    country: str
    iso3: str
    named: bool = False  # named in the figure's own sentence, not taken from its section


@dataclass(frozen=True)
class Several:
    """A figure stated for a list of countries ("in Colombia, Ecuador and Peru")."""

    iso3s: tuple[str, ...]
    end: int


def figure_place(context: Context, section: Section, reading: Reading) -> Place | Several | None:
    """Where the figure applies: a place its sentence names, else its section's place."""
    named = _named_place(context, reading.phrase) or _opening_place(context, reading)
    if named is not None:
        return named
    if section.kind == "country":
        return Place(section.country, section.iso3)
    if section.kind == "regional":
        return Place(context.doc.region or unnamed_region(), "")
    if context.doc.iso3:  # a report about one country: its figures are that country's
        return Place(context.doc.country, context.doc.iso3)
    return None


@cache
def _opening() -> re.Pattern[str]:
    """ "In Brazil, UNICEF supported ...", "Tajikistan is ...": a sentence that opens
    with its place."""
    return re.compile(rf"\s*(?:(?:{connective_pattern('in')})\s+)?", re.IGNORECASE)


def _opening_place(context: Context, reading: Reading) -> Place | None:
    position = reading.sentence_start
    while position < reading.token.start and not context.scan_text[position].isalnum():
        position += 1  # a bullet or a dash before the sentence
    opening = _opening().match(context.scan_text, position)
    start = opening.end() if opening else position
    head = context.scan_text[start : min(start + 80, reading.token.start)]
    mentions = countries.find_countries(head)
    if not mentions or mentions[0].start != 0:
        return None
    rest = head[mentions[0].end :].lstrip()
    after_comma = rest[1:].lstrip() if rest.startswith(",") else ""
    if (
        len(mentions) > 1
        and mentions[1].start - mentions[0].end <= 6
        and mentions[1].iso3 != mentions[0].iso3
    ):
        return None  # "Colombia, Ecuador and Peru ...": several countries
    if not (rest[:1] in (",", ":", "-", "–", "—") or rest[:1].islower() or after_comma):
        return None
    name = strip_determiner(head[mentions[0].start : mentions[0].end])
    return Place(name, mentions[0].iso3, named=True)


@cache
def _in_place() -> re.Pattern[str]:
    return re.compile(rf"\s*(?:{connective_pattern('in')})\s+([^\W\d_][^.;:()]*)", re.IGNORECASE)


def _named_place(context: Context, phrase: Phrase) -> Place | Several | None:
    """ "... in Latin America and the Caribbean": a country or region right after the
    counted phrase."""
    after = context.scan_text[phrase.end : phrase.end + 120].replace("\n", " ")
    match = _in_place().match(after)
    if match is None:
        return None
    text = match.group(1)
    region = region_pattern_match(text)
    if region:
        return Place(region, "", named=True)
    mentions = [m for m in countries.find_countries(text[:80]) if _country_list_prefix(text, m)]
    if len(mentions) > 1:
        return Several(
            tuple(m.iso3 for m in mentions), phrase.end + match.start(1) + mentions[-1].end
        )
    if mentions:
        name = text[mentions[0].start : mentions[0].end]
        return Place(strip_determiner(name), mentions[0].iso3, named=True)
    return None


def region_pattern_match(text: str) -> str:
    match = region_pattern().match(text)
    return region_of(match.group(0)) if match else ""


def _country_list_prefix(text: str, mention: countries.Mention) -> bool:
    """True when only other country names and separators come before ``mention``."""
    head = text[: mention.start]
    separators = rf",|&|\b(?:{connective_pattern('and')})\b"
    return all(
        not part.strip() or re.fullmatch(separators, part.strip()) or countries.lookup(part.strip())
        for part in re.split(f"({separators})", head)
    )
