"""Headline figure lines: a place and its number, in the forms reports print them.

- "Colombia - 1.7 M", "Ecuador - 429.700", "Trinidad & Tobago - 24,000" (name, dash, figure)
- "2,31 M COLOMBIA", "98,7 K DOMINICAN REPUBLIC" (figure, then the name in capitals)
- "Venezuelan migrants and refugees in LAC - 4.6 million" (population in a region)

A headline may also close a line of narrative when a text export glued the next column's
heading onto it ("... in other parts of the country. Aruba - 17,000"). The place must be a
country or a region the vocabularies know; a line of several country names followed by a
number (map labels) is not a headline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.text import countries
from pipeline.text.countries import CountryMatch, Rejected
from pipeline.text.numbers import find_figures
from pipeline.vocab import fold
from pipeline.vocab.language import connective_pattern
from pipeline.vocab.places import region_of

# Digits and up to two words; numbers.find_figures then checks it is one figure.
_FIGURE = r"\d[\d.,\u00a0\u202f]*(?:\s?[^\W\d]{1,12}(?:\s[^\W\d]{1,12})?)?"
_NAME = r"[^\W\d][^\n]{0,70}?"
_DASH = r"\s+[-–—]\s+|\s*:\s+"
_NAME_FIRST = re.compile(rf"(?P<name>{_NAME})(?:{_DASH})(?P<figure>{_FIGURE})\s*$")
_CAPITALS_NAME = re.compile(r"\s+(?P<name>[A-ZÀ-Ý][A-ZÀ-Ý .&'’-]+?)\s*$")
_SENTENCE_END = re.compile(r"[.!?;]\s+")


@dataclass(frozen=True)
class Headline:
    start: int  # span of the whole headline within the line given
    end: int
    name_start: int
    name_end: int
    figure_start: int
    figure_end: int
    place: str  # country name as printed, or canonical region name
    iso3: str  # "" for a region
    population: str  # "Venezuelan migrants and refugees" in a population headline, else ""
    fuzzy: bool = False


@dataclass(frozen=True)
class Unresolved:
    """A line shaped like a headline whose place is not a known country or region."""

    name_start: int
    name_end: int
    name: str
    rejected: Rejected | None


def match_headline(line: str) -> Headline | Unresolved | None:
    """The headline ``line`` holds (whole, or at its end after a sentence), if any."""
    figures = find_figures(line)
    if figures and figures[0].start == 0 and not figures[0].attached:
        capitals = _CAPITALS_NAME.fullmatch(line, figures[0].end)
        if capitals:
            headline = _place_headline(
                capitals, 0, capitals.end(), figures[0].text, (0, figures[0].end)
            )
            return headline if isinstance(headline, Headline) else None
    found = _NAME_FIRST.fullmatch(line)
    if found is None:
        return None
    starts = [0] + [m.end() for m in _SENTENCE_END.finditer(line, 0, found.start("figure"))]
    result: Headline | Unresolved | None = None
    for start in starts:
        sub = _NAME_FIRST.fullmatch(line, start)
        if sub is None:
            continue
        result = _place_headline(sub, start, sub.end(), sub.group("figure"), sub.span("figure"))
        if isinstance(result, Headline):
            return result
    return result if starts == [0] else None


def _place_headline(
    match: re.Match[str], start: int, end: int, figure: str, figure_span: tuple[int, int]
) -> Headline | Unresolved | None:
    figures = find_figures(figure)
    if len(figures) != 1 or figures[0].text != figure.strip() or figures[0].attached:
        return None
    name = match.group("name").strip()
    name_start = match.start("name") + (
        len(match.group("name")) - len(match.group("name").lstrip())
    )
    name_end = name_start + len(name)

    def headline(place: str, iso3: str, population: str = "", fuzzy: bool = False) -> Headline:
        return Headline(
            start,
            end,
            name_start,
            name_end,
            figure_span[0],
            figure_span[1],
            place,
            iso3,
            population,
            fuzzy,
        )

    region = region_of(name)
    if region:
        return headline(region, "")
    population = _in_place().match(name)
    if population:
        place = population.group("place")
        region = region_of(place)
        country = countries.lookup(place)
        if region or country:
            return headline(
                region or place, country.iso3 if country else "", population.group("population")
            )
    if _several_countries(name):
        return None
    resolved = countries.resolve(name)
    if isinstance(resolved, CountryMatch):
        return headline(name, resolved.iso3, fuzzy=resolved.method == "fuzzy")
    if len(name.split()) > 4 or not name[:1].isupper():
        return None
    return Unresolved(name_start, name_end, name, resolved)


@cache
def _in_place() -> re.Pattern[str]:
    """ "Venezuelan migrants and refugees in LAC": a population, then where."""
    return re.compile(
        rf"^(?P<population>.+?)\s+(?:{connective_pattern('in')})\s+(?P<place>[^\W\d][\w .&'’-]*)$",
        re.IGNORECASE,
    )


def _several_countries(name: str) -> bool:
    """True for a run of country names ("COLOMBIA ECUADOR PERU"): map labels."""
    mentions = countries.find_countries(name)
    covered = sum(m.end - m.start for m in mentions)
    return (
        len(mentions) > 1
        and covered >= len(fold(name).replace(",", "").replace(" and ", " ")) * 0.6
    )
