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
from pipeline.vocab import fold
from pipeline.vocab.figures import population_in
from pipeline.vocab.language import connectives, strip_determiner
from pipeline.vocab.organisations import known_organisation
from pipeline.vocab.places import region_of, region_pattern, scope_regions
from pipeline.vocab.sectors import sector_mention_pattern, sector_of

MAX_TITLE_CHARS = 90
DOLLAR_CURRENCIES = ("USD", "CAD", "AUD")


def title_of(units: list[Span]) -> str:
    """The words that name the report: its first headings in capitals, else the leading
    capitalised words of its first unit ("ILO's Response to the Venezuelan Displacement
    Crisis"), up to the first word of running text."""
    headings = []
    for unit in units:
        if unit.kind != "heading" or sector_of(unit.text):
            break
        headings.append(" ".join(unit.text.split()))
    if headings:
        return " ".join(headings)[:MAX_TITLE_CHARS].strip()
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


def title_country(title: str) -> dict[str, str]:
    """The country a report is about when its title names exactly one ("WFP HAITI
    Situation Report #1"); its figures with no other place belong there."""
    mentions = countries.find_countries(title)
    if len({m.iso3 for m in mentions}) == 1:
        first = mentions[0]
        return {"country": strip_determiner(title[first.start : first.end]), "iso3": first.iso3}
    if mentions:
        return {"country": "", "iso3": ""}
    # "FEMA National Watch Center ...": a national body's report is about its country
    bodies = {
        k.country
        for w in re.findall(r"[\w&-]+", title)
        if (k := known_organisation(w)) and k.country
    }
    if len(bodies) == 1:
        iso3 = bodies.pop()
        return {"country": countries.name_of(iso3), "iso3": iso3}
    return {"country": "", "iso3": ""}


def title_sector(title: str) -> str:
    """The sector a report is about when its title says so ("GBV Subcluster Haiti",
    "Global Child Protection Thematic Fund")."""
    match = sector_mention_pattern().search(title)
    return sector_of(match.group(0)) if match else ""


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
