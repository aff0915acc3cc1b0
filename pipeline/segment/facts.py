"""What a report says about itself: its title, the period it covers, its region, the one
country or sector its title names.
"""

from __future__ import annotations

import re
from typing import Any

from pipeline.models import (
    Figure,
    HeadlineMatch,
    Period,
    Span,
)
from pipeline.text import countries
from pipeline.text.periods import find_periods
from pipeline.text.subdivisions import find_subdivisions
from pipeline.vocab import fold
from pipeline.vocab.figures import figure_context, population_at, population_in
from pipeline.vocab.language import connective_pattern, connectives, strip_determiner
from pipeline.vocab.organisations import known_organisation
from pipeline.vocab.places import region_of, region_pattern, scope_regions
from pipeline.vocab.sectors import sector_mention_pattern, sector_name_pattern, sector_of

MAX_TITLE_CHARS = 90
DOLLAR_CURRENCIES = ("USD", "CAD", "AUD")
MIN_COUNTRY_VOTES = 2  # mentions of a report's one country, at least
MIN_SECTOR_VOTES = 3  # mentions of a report's one sector, at least
SECTOR_SHARE = 0.75  # of the mentions of any sector, the report's one sector has
COUNTRY_SHARE = 0.6  # of the mentions of any country, the report's one country has
DEMONYM_STEM = 5  # letters a nationality shares with its country's name ("venez")
ORIGIN_REACH = 12  # characters before a country in which "from" makes it an origin
# "from Venezuela", "de Venezuela", "venezolanos de Venezuela": where people come from
_ORIGIN = re.compile(r"(?i)\b(?:from|de|desde|da|do|des|of)\s+(?:la\s+|el\s+|the\s+)?$")
_LOCATIVE = re.compile(rf"(?i)\b(?:{connective_pattern('in')})\s+(?:la\s+|el\s+|the\s+|o\s+)?$")


def heading_title(units: list[Span]) -> str:
    """The report's first headings (in capitals, before any other unit), or ""."""
    headings = []
    for unit in units:
        if unit.kind != "heading" or sector_of(unit.text):
            break
        headings.append(" ".join(unit.text.split()))
    return " ".join(headings)[:MAX_TITLE_CHARS].strip()


def title_of(units: list[Span]) -> str:
    """The words that name the report: its first headings in capitals, else the leading
    capitalised words of its first unit ("ILO's Response to the Venezuelan Displacement
    Crisis"), up to the first word of running text."""
    headings = heading_title(units)
    if headings:
        return headings
    if not units:
        return ""
    kept: list[str] = []
    for word in units[0].text.split():
        bare = word.strip("’'\",:;()")
        if not bare or bare[0].isdigit():
            break
        if bare[0].islower() and fold(bare) not in _title_small_words():
            break
        kept.append(word)
        if len(" ".join(kept)) > MAX_TITLE_CHARS:
            kept.pop()
            break
    if kept and len(kept) < len(units[0].text.split()):
        kept.pop()  # the capitalised word that opens the running text
    while kept and fold(kept[-1]) in _title_small_words():
        kept.pop()
    return " ".join(kept)


def _title_small_words() -> frozenset[str]:
    return (
        connectives("determiners")
        | connectives("of")
        | connectives("and")
        | connectives("in")
        | connectives("for")
    )


def report_period(scan_text: str, header_text: str) -> Period | None:
    """The period the report covers: the first one in its opening, else the first at all."""
    periods = find_periods(header_text) or find_periods(scan_text)
    return periods[0] if periods else None


def report_region(header_text: str) -> str:
    """The region the report covers: the first region named in its opening."""
    for match in region_pattern().finditer(header_text):
        region = region_of(match.group(0))
        if region in scope_regions():
            return region
    return ""


def title_country(title: str, lead: str = "") -> dict[str, str]:
    """The country a report is about when its title names exactly one ("WFP HAITI
    Situation Report #1"), or when the title or the report's first words (``lead``) name
    one national body; its figures with no other place belong there."""
    mentions = countries.find_countries(title)
    if len({m.iso3 for m in mentions}) == 1:
        first = mentions[0]
        return {"country": strip_determiner(title[first.start : first.end]), "iso3": first.iso3}
    if mentions:
        return {"country": "", "iso3": ""}
    # "FEMA National Watch Center ...": a national body's report is about its country
    bodies = {
        k.country
        for w in re.findall(r"[\w&-]+", f"{title} {lead}")
        if (k := known_organisation(w)) and k.country
    }
    if len(bodies) == 1:
        iso3 = bodies.pop()
        return {"country": countries.name_of(iso3), "iso3": iso3}
    return {"country": "", "iso3": ""}


def document_country(opening: str, lead: str, scan_text: str, region: str) -> dict[str, str]:
    """The one country a report is about: the one its title names; else, for a report
    that names no region it covers, the country its text names far more than any other,
    not counting a country named as where people come from ("refugees from Venezuela")."""
    titled = title_country(opening, lead)
    if titled["iso3"] or region:
        return titled
    votes: dict[str, int] = {}
    located: set[str] = set()  # countries named as where something is ("en Colombia")
    for mention in countries.find_countries(scan_text):
        if _ORIGIN.search(scan_text, max(0, mention.start - ORIGIN_REACH), mention.start):
            continue
        votes[mention.iso3] = votes.get(mention.iso3, 0) + 1
        if _LOCATIVE.search(scan_text, max(0, mention.start - ORIGIN_REACH), mention.start):
            located.add(mention.iso3)
    inside: set[str] = set()
    for place in find_subdivisions(scan_text):  # "La Guajira", "Roraima": inside a country
        votes[place.iso3] = votes.get(place.iso3, 0) + 1
        inside.add(place.iso3)
    ranked = sorted(votes.items(), key=lambda v: -v[1])
    if not ranked:
        return titled
    best, count = ranked[0]
    others = sum(v for _, v in ranked[1:])
    # named once, as where things happen, and no other country named at all: its report
    enough = count >= MIN_COUNTRY_VOTES or (best in located and not others)
    alone = enough and count >= COUNTRY_SHARE * (count + others)
    # the people counted come from there, and no place inside it is named
    nationals = 0 if best in inside else _nationals(scan_text, best)
    if alone and not (nationals >= MIN_COUNTRY_VOTES and 2 * nationals >= count):
        return {"country": countries.name_of(best), "iso3": best}
    return titled


def _nationals(text: str, iso3: str) -> int:
    """How often ``text`` counts the people of a country ("Venezuelans", "venezolanos",
    "Venezuelan refugees"): a word sharing the first letters of its name with a
    nationality's ending, in the plural or before a population's name."""
    name = fold(countries.name_of(iso3))
    stem = name[:DEMONYM_STEM]
    if len(name) < DEMONYM_STEM or " " in stem:
        return 0
    endings = tuple(figure_context()["demonym_endings"])
    folded = fold(text)
    count = 0
    for match in re.finditer(rf"\b{re.escape(stem)}\w*", folded):
        word = match.group(0)
        plural = word.endswith("s") and word[:-1].endswith(endings)
        if word == name or not (plural or word.endswith(endings)):
            continue
        if plural or population_at(folded[match.end() : match.end() + 40].lstrip()) is not None:
            count += 1
    return count


def title_sector(title: str) -> str:
    """The sector a report is about when its title says so ("GBV Subcluster Haiti",
    "Global Child Protection Thematic Fund")."""
    match = sector_mention_pattern().search(title)
    return sector_of(match.group(0)) if match else ""


def document_sector(opening: str, scan_text: str) -> str:
    """The sector a report is about: the one its title names, else the one sector its
    text names as a sector ("What is the WASH Sector?") when it names no other."""
    titled = title_sector(opening)
    if titled:
        return titled
    named = {sector_of(m.group(0)) for m in sector_mention_pattern().finditer(scan_text)}
    named.discard("")
    if len(named) != 1:
        return ""
    sector = named.pop()
    votes: dict[str, int] = {}
    for match in sector_name_pattern().finditer(scan_text):
        if match.group(0)[:1].isupper():  # "WASH services", not "protection risks"
            found = sector_of(match.group(0))
            votes[found] = votes.get(found, 0) + 1
    count = votes.get(sector, 0)
    alone = count >= MIN_SECTOR_VOTES and count >= SECTOR_SHARE * sum(votes.values())
    return sector if alone else ""


def report_population(title: str, headlines: list[HeadlineMatch]) -> str:
    """The metric of the population the report is about: named in its title, else in its
    first population headline ("Venezuelan migrants and refugees in LAC - 4.6 million")."""
    found = population_in(title)
    for headline in headlines:
        if found is not None:
            break
        if headline.population:
            found = population_in(headline.population)
    return found.metric if found is not None else ""


def dollar_of(figures: list[Figure]) -> dict[str, Any]:
    """The currency a bare "$" stands for: the one dollar currency the report names (USD,
    CAD, AUD), else USD, marked as assumed when a bare "$" is printed."""
    codes = {f.currency for f in figures if f.currency and f.currency != "dollar"}
    dollars = sorted(c for c in codes if c in DOLLAR_CURRENCIES)
    if len(dollars) == 1:
        return {"dollar": dollars[0], "dollar_assumed": False}
    return {"dollar": "USD", "dollar_assumed": any(f.currency == "dollar" for f in figures)}
