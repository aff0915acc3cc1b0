"""Where a figure applies, read from the words around it, not from where lines break.

In order, the first that speaks:

0. the place in the figure's position in a "respectively" sentence ("Colombia and Peru
   host 1.7 million and 1.2 million respectively");
1. a place right after what the figure counts: "40,000 Nicaraguan asylum-seekers in
   Costa Rica", "1,2 millones viven en Chile", "60.000 ... en países centroamericanos";
2. a place right before it, in its clause: "Panama, with 30,000", "Mexico 12,000", "en
   Chile residen 1,2 millones", "countries in Central America host an estimated 90,000";
3. words that put the people it counts outside their own country ("worldwide", "fuera de
   su país", "the exodus of ...") or in the report's region ("600,000 regionally");
4. the place a sentence opens with ("In Brazil, UNICEF ...", "Mexico has ...");
5. the one place its sentence names before it as where things happen ("cases in Ecuador
   fell ..., after a campaign that reached nearly 2 million children"), when no other
   figure stands between them;
6. its section's place, else the one country the report is about.

A country named as where people come from ("refugees from Nicaragua") is never a
figure's place. A figure stated for several countries is not given to any one of them.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace
from functools import cache
from typing import cast

from pipeline.extract.context import Context
from pipeline.extract.phrases import Phrase, is_nationals
from pipeline.extract.readings import Reading
from pipeline.extract.topics import topics_of
from pipeline.models import Figure, Section
from pipeline.text import countries
from pipeline.text.numbers import find_figures
from pipeline.text.subdivisions import find_subdivisions
from pipeline.vocab import spaced
from pipeline.vocab.figures import figure_context, inclusion_pattern
from pipeline.vocab.language import connective_pattern, strip_determiner
from pipeline.vocab.places import (
    region_of,
    region_pattern,
    scope_regions,
    unnamed_region,
    world_region,
)

MAX_PLACE_GAP = 8  # words between a place and the figure after it, at most
MAX_SCOPE_GAP = 10  # words between a figure and "worldwide", "fuera de su país"
MAX_VERB_GAP = 3  # words between what a figure counts and "in <place>" ("se encuentran en")
ORIGIN_REACH = 30  # characters before "de"/"of" in which a population makes it an origin


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


@dataclass(frozen=True)
class PlaceMention:
    start: int
    end: int
    place: Place


def figure_place(context: Context, section: Section, reading: Reading) -> Place | Several | None:
    """Where the figure applies (see the module's docstring for the order)."""
    found = (
        _respective_place(context, reading)
        or _place_after(context, reading.phrase)
        or _place_before(context, reading)
        or _world_or_region(context, reading)
        or _opening_place(context, reading)
        or _sentence_place(context, reading)
        or _anchor_place(context, reading)
    )
    places = cast(dict[int, Place | Several], context.cache.setdefault("figure_places", {}))
    if found is not None:
        places[reading.token.start] = found
        return found
    if section.kind == "country":
        return Place(section.country, section.iso3)
    if section.kind == "regional":
        return Place(context.doc.region or unnamed_region(), "")
    if context.doc.iso3:  # a report about one country: its figures are that country's
        return Place(context.doc.country, context.doc.iso3)
    return _previous_sentence_place(context, reading)


def _respective_place(context: Context, reading: Reading) -> Place | Several | None:
    """ "Colombia and Peru host 1.7 million and 1.2 million respectively": in a sentence
    that pairs its places and figures in order, the place in the figure's position. When
    the counts differ the pairing is unknown and the figure is the places' together."""
    figure = reading.token.figure
    start, end = context.sentence_span(reading.token.start)
    if figure is None or not _respectively().search(context.scan_text, start, end):
        return None
    figures = [
        f
        for f in context.figures_in(start, end)
        if f.percent == figure.percent
        and f.is_money == figure.is_money
        and not f.attached
        and not f.is_year
        and not context.is_non_figure(f)
    ]
    places: list[Place] = []
    for mention in _mentions_in(context, start, end):
        if mention.place not in places:
            places.append(mention.place)
    if len(places) < 2 or figure not in figures:
        return None
    if len(places) != len(figures):
        return Several(tuple(p.iso3 for p in places), end)
    return places[figures.index(figure)]


@cache
def _respectively() -> re.Pattern[str]:
    return re.compile(rf"\b(?:{connective_pattern('respectively')})\b", re.IGNORECASE)


def regional_place(context: Context) -> Place:
    """The place of a population figure no words place, in a report about no one country:
    the region it covers, or the unnamed region."""
    return Place(context.doc.region or unnamed_region(), "")


# --- the places a document names -------------------------------------------------------------


def _mentions(context: Context) -> list[PlaceMention]:
    """Every country, region and subdivision the text names, in text order, origins left
    out. A subdivision counts only when its country is the report's or is named too."""
    if "place_mentions" in context.cache:
        return cast(list[PlaceMention], context.cache["place_mentions"])
    text = context.scan_text
    found: list[PlaceMention] = []
    named = set()
    for mention in countries.find_countries(text):
        name = strip_determiner(text[mention.start : mention.end])
        named.add(mention.iso3)
        found.append(
            PlaceMention(mention.start, mention.end, Place(name, mention.iso3, named=True))
        )
    for match in region_pattern().finditer(text):
        region = region_of(match.group(0))
        if region not in scope_regions() and not match.group(0).islower():
            continue  # "World Bank", "Regional Platform": a name, not a place
        if region == unnamed_region():
            region = context.doc.region or region  # "the region": the one the report covers
        if region and not any(m.start < match.end() and match.start() < m.end for m in found):
            found.append(PlaceMention(match.start(), match.end(), Place(region, "", named=True)))
    for place in find_subdivisions(text):
        if place.iso3 == context.doc.iso3 or place.iso3 in named:
            country = countries.name_of(place.iso3)
            found.append(
                PlaceMention(place.start, place.end, Place(country, place.iso3, named=True))
            )
    starts = {m.start for m in found}
    found = [
        m
        for m in sorted(found, key=lambda m: m.start)
        if not _is_origin(context, m.start) and not _in_a_name(text, m, starts)
    ]
    context.cache["place_mentions"] = found
    return found


# a title-case word after a country's name that is no country: a longer name goes on
_NAME_GOES_ON = re.compile(r"\s+(?!(?:and|y|e|et)\b)[A-Z][a-zà-ÿ]{2,}\b")


def _in_a_name(text: str, mention: PlaceMention, starts: set[int]) -> bool:
    """ "the Jordan Valley", "Syria Regional Refugee Response": a country's name that a
    title-case word, not another place's name, carries on."""
    goes_on = _NAME_GOES_ON.match(text, mention.end)
    if goes_on is None or text[mention.start : mention.end].isupper():
        return False
    return goes_on.start() + len(goes_on.group(0)) - len(goes_on.group(0).lstrip()) not in starts


def place_mentions(context: Context) -> list[PlaceMention]:
    """Every place the document's text names (countries, regions, subdivisions), in text
    order, the places people come from left out."""
    return _mentions(context)


def _mentions_in(context: Context, start: int, end: int) -> list[PlaceMention]:
    return [m for m in _mentions(context) if start <= m.start and m.end <= end]


@cache
def _from_pattern() -> re.Pattern[str]:
    return re.compile(
        rf"(?i)\b(?:{connective_pattern('from')})\s+(?:(?:the|la|el|los|las|o|a)\s+)?$"
    )


@cache
def _leaving_pattern() -> re.Pattern[str]:
    """ "forçadas a sair da ", "who fled ", "leaving their country for": a verb of leaving
    before a place."""
    words = "|".join(sorted(figure_context()["leaving_words"], key=len, reverse=True))
    of = connective_pattern("of")
    return re.compile(rf"(?i)\b(?:{words})\s+(?:(?:{of}|from)\s+)?(?:(?:the|la|el|a|o)\s+)?$")


@cache
def _of_pattern() -> re.Pattern[str]:
    return re.compile(rf"(?i)\b(?:{connective_pattern('of')})\s+(?:(?:the|la|el|o|a)\s+)?$")


def _is_origin(context: Context, start: int) -> bool:
    """ "from Venezuela", "refugiados y migrantes de Venezuela": where people come from."""
    text = context.scan_text
    before = text[max(0, start - 40) : start]
    if _from_pattern().search(before) or _leaving_pattern().search(before):
        return True
    of = _of_pattern().search(before)
    if of is None:
        return False
    of_start = start - len(before) + of.start()  # a population ends just before "de"
    return any(of_start - ORIGIN_REACH <= t.end <= of_start + 1 for t in topics_of(context))


# --- 1. a place after what is counted ------------------------------------------------------


@cache
def _after_pattern() -> re.Pattern[str]:
    gap = rf"(?:[^\W\d_][\w’'-]*\s+){{0,{MAX_VERB_GAP}}}?"
    return re.compile(rf"\s*{gap}(?:{connective_pattern('at')})\s+", re.IGNORECASE)


def _place_after(context: Context, phrase: Phrase) -> Place | Several | None:
    """ "... in Latin America and the Caribbean", "se encuentran en Colombia", "en naciones
    como Colombia, Perú, Chile y Brasil": a place (or several) right after the counted
    phrase, a few words of verb at most between."""
    text = context.scan_text
    match = _after_pattern().match(text, phrase.end)
    if match is None:
        return None
    if _figure_between(context, phrase.end, match.end()):
        return None
    clause_end = _clause_end(text, match.end())
    mentions = _mentions_in(context, match.end(), clause_end)
    if _countries_counted(text, match.end()) and not (
        mentions and _countries_of(text[match.end() : mentions[0].start])
    ):
        return regional_place(context)  # "across five countries": several, unnamed
    if not mentions:
        return None
    distinct = list(dict.fromkeys(m.place.iso3 or m.place.country for m in mentions))
    first = mentions[0]
    if len(distinct) > 1 and all(m.place.iso3 for m in mentions) and _listed(text, mentions):
        return Several(tuple(m.place.iso3 for m in mentions), mentions[-1].end)
    lead = text[match.end() : first.start]
    if len(lead) <= 4 or lead.strip() in ("the", "la", "el") or _countries_of(lead):
        return first.place  # the place is what "in" opens, not a noun further on
    return None


@cache
def _countries_of_pattern() -> re.Pattern[str]:
    nouns = "|".join(
        spaced(w) for w in sorted(figure_context()["country_words"], key=len, reverse=True)
    )
    return re.compile(
        rf"(?i)^\d+\s+(?:{nouns})\s+(?:{connective_pattern('in')}|{connective_pattern('of')})\s+"
        rf"(?:(?:the|la|el|a)\s+)?$"
    )


@cache
def _countries_counted_pattern() -> re.Pattern[str]:
    nouns = "|".join(
        spaced(w) for w in sorted(figure_context()["country_words"], key=len, reverse=True)
    )
    return re.compile(rf"(?i)(\d+|[^\W\d_]+)\s+(?:{nouns})\b")


def _countries_counted(text: str, start: int) -> bool:
    """ "across five countries", "in 17 countries": several countries, none named."""
    match = _countries_counted_pattern().match(text, start)
    if match is None:
        return False
    number = match.group(1)
    return number.isdigit() or any(
        find_figures(number, language) for language in ("en", "es", "pt", "fr")
    )


def _countries_of(lead: str) -> bool:
    """ "across 17 countries in Latin America": the region the countries are in."""
    return _countries_of_pattern().match(lead) is not None


def _listed(text: str, mentions: list[PlaceMention]) -> bool:
    """Whether the mentions are one list ("Colombia, Perú, Chile y Brasil")."""
    separators = re.compile(rf"\s*(?:,|;|&|\b(?:{connective_pattern('and')})\b|\s)+\s*", re.I)
    return all(
        separators.fullmatch(text[a.end : b.start]) is not None
        for a, b in itertools.pairwise(mentions)
    )


def _clause_end(text: str, start: int) -> int:
    stop = re.compile(r"[.;:!?()]|\s[–—]\s")
    match = stop.search(text, start, start + 160)
    return match.start() if match else min(len(text), start + 160)


def _figure_between(context: Context, start: int, end: int) -> bool:
    return any(_blocks(f) for f in context.figures_in(start, end))


def _blocks(figure: Figure) -> bool:
    """A figure that starts a clause of its own: a count or an amount, not a year or a
    percent."""
    return not (figure.is_year or figure.percent or figure.ordinal or figure.attached)


# --- 2. a place right before ------------------------------------------------------------------

_WORDS = re.compile(r"[^\W_][\w’'-]*")


def _place_before(context: Context, reading: Reading) -> Place | None:
    """The place named last before the figure in its clause, a few words before it, with
    no other figure between: "Panama, with 30,000", "en Chile residen 1,2 millones"."""
    start = reading.qualifier_start
    mentions = _mentions_in(context, reading.sentence_start, start)
    if not mentions:
        return None
    last = mentions[-1]
    between = context.scan_text[last.end : start]
    words = _WORDS.findall(between)
    if ";" in between or len(words) > MAX_PLACE_GAP:
        return None
    if any(not w.islower() for w in words):
        return None  # "VENEZUELA SITUATION UNHCR > ... 69": a heading, not a clause
    if _figure_between(context, last.end, start) or between.lstrip().startswith(("’s", "'s")):
        return None
    if _several_before(context, mentions):
        return None
    return last.place


def _several_before(context: Context, mentions: list[PlaceMention]) -> bool:
    """ "Colombia, Ecuador and Peru reported 2,000 ...": a list of countries, not one."""
    if len(mentions) < 2:
        return False
    a, b = mentions[-2], mentions[-1]
    return (
        a.place.iso3 != b.place.iso3
        and bool(a.place.iso3 and b.place.iso3)
        and _listed(context.scan_text, [a, b])
    )


# --- 3. world and region words ----------------------------------------------------------------


@cache
def _scope_words() -> tuple[re.Pattern[str], re.Pattern[str]]:
    words = figure_context()
    world = "|".join(spaced(w) for w in sorted(words["world_words"], key=len, reverse=True))
    region = "|".join(spaced(w) for w in sorted(words["region_words"], key=len, reverse=True))
    return (
        re.compile(rf"(?<!\w)(?:{world})(?!\w)", re.IGNORECASE),
        re.compile(rf"(?<!\w)(?:{region})(?!\w)", re.IGNORECASE),
    )


def _world_or_region(context: Context, reading: Reading) -> Place | None:
    """ "4.5 million Venezuelans have sought refuge worldwide", "7.74 million globally and
    6.59 million regionally": the scope word nearest the figure in its clause."""
    start, end = figure_clause(context, reading)
    text = context.scan_text
    folded = fold_keep(text[start:end])
    world, region = _scope_words()
    figure_at = reading.token.start - start
    best: tuple[int, Place] | None = None
    for mention in countries.find_countries(text[start:end]):
        if _leaving_pattern().search(
            text, max(0, start + mention.start - 40), start + mention.start
        ):
            return Place(world_region(), "", named=True)  # "forçadas a sair da Venezuela"
    for pattern, place in (
        (world, Place(world_region(), "", named=True)),
        (region, Place(context.doc.region or unnamed_region(), "", named=True)),
    ):
        for match in pattern.finditer(folded):
            after = match.start() >= figure_at
            gap = (
                text[reading.token.end : start + match.start()]
                if after
                else text[start + match.end() : reading.qualifier_start]
            )
            words = _WORDS.findall(gap)
            if len(words) > MAX_SCOPE_GAP or not all(w.islower() or is_nationals(w) for w in words):
                continue  # "... displaced abroad VENEZUELA SITUATION UNHCR ... 69": not its clause
            if best is None or len(words) < best[0]:
                best = (len(words), place)
    return best[1] if best else None


def fold_keep(text: str) -> str:
    return countries.fold_same_length(text)


def figure_clause(context: Context, reading: Reading) -> tuple[int, int]:
    """The figure's clause: its sentence, cut at the figures before and after it and at
    ";"."""
    sentence_start, sentence_end = context.sentence_span(reading.token.start)
    start, end = sentence_start, sentence_end
    for figure in context.figures_in(sentence_start, sentence_end):
        if not _blocks(figure) or figure.start == reading.token.start:
            continue
        if figure.end <= reading.qualifier_start:
            start = max(start, figure.end)
        elif figure.start >= reading.token.end:
            end = min(end, figure.start)
    text = context.scan_text
    semicolon_before = text.rfind(";", start, reading.qualifier_start)
    if semicolon_before >= 0:
        start = semicolon_before + 1
    semicolon_after = text.find(";", reading.token.end, end)
    if semicolon_after >= 0:
        end = semicolon_after
    return start, end


# --- a part of the figure before ---------------------------------------------------------------


@cache
def _part_of() -> re.Pattern[str]:
    """ "3.5 million of the estimated 7 million", "316 casos sospechosos, de los cuales 46":
    the words that make a figure part of (or the whole of) the one before."""
    inclusion = inclusion_pattern()
    return re.compile(
        rf"(?i)(?:^\s*(?:out\s+)?(?:{connective_pattern('of')})\s+(?:(?:the|los|las|la|el|os|as)\s+)?"
        rf"|(?<!\w)(?:{inclusion})[\s,]*)$"
    )


def _anchor_place(context: Context, reading: Reading) -> Place | Several | None:
    """The place of the figure this one is part of, in its sentence."""
    earlier = [
        f for f in context.figures_in(reading.sentence_start, reading.qualifier_start) if _blocks(f)
    ]
    if not earlier:
        return None
    anchor = earlier[-1]
    between = fold_keep(context.scan_text[anchor.end : reading.qualifier_start])
    if len(_WORDS.findall(between)) > MAX_PLACE_GAP or not _part_of().search(between):
        return None
    places = cast(dict[int, Place | Several], context.cache.get("figure_places", {}))
    return places.get(anchor.start)


# --- 4. the place a sentence opens with -------------------------------------------------------


@cache
def _opening() -> re.Pattern[str]:
    """ "In Brazil, UNICEF supported ...", "Tajikistan is ...": a sentence that opens
    with its place."""
    return re.compile(rf"\s*(?:(?:{connective_pattern('opening')})\s+)?", re.IGNORECASE)


def _opening_place(context: Context, reading: Reading) -> Place | None:
    position = reading.sentence_start
    text = context.scan_text
    while position < reading.token.start and not text[position].isalnum():
        position += 1  # a bullet or a dash before the sentence
    opening = _opening().match(text, position)
    start = opening.end() if opening else position
    mentions = _mentions_in(context, start, min(start + 80, reading.token.start))
    if not mentions or mentions[0].start - start > 4:
        return None
    first = mentions[0]
    rest = text[first.end : reading.token.start].lstrip()
    after_comma = rest[1:].lstrip() if rest.startswith(",") else ""
    if len(mentions) > 1 and _several_before(context, mentions[:2]):
        return None  # "Colombia, Ecuador and Peru ...": several countries
    if not (rest[:1] in (",", ":", "-", "–", "—") or rest[:1].islower() or after_comma):
        return None
    return first.place


# --- 5. the one place a sentence names ---------------------------------------------------------


@cache
def _at_pattern() -> re.Pattern[str]:
    return re.compile(rf"(?i)\b(?:{connective_pattern('at')})\s+(?:(?:the|la|el|o|a)\s+)?$")


def _sentence_place(context: Context, reading: Reading) -> Place | None:
    """The last place named before the figure in its sentence as where things happen
    ("in Venezuela"), with no other figure between them."""
    mentions = _mentions_in(context, reading.sentence_start, reading.qualifier_start)
    located = [
        m
        for m in mentions
        if _at_pattern().search(context.scan_text[max(0, m.start - 20) : m.start])
    ]
    if not located:
        return None
    last = located[-1]
    if _figure_between(context, last.end, reading.qualifier_start):
        return None
    others = {m.place.iso3 or m.place.country for m in mentions if m.start > last.start}
    if others - {last.place.iso3 or last.place.country}:
        return None  # another place named after it, nearer the figure
    return last.place


# --- 7. the one place the sentence before names ---------------------------------------------


def _previous_sentence_place(context: Context, reading: Reading) -> Place | None:
    """ "... to expand its programmes inside Ecuador. It aims to reach 20,000 children":
    in a report about no one country, a sentence that names no place continues the one
    before it, when that one names a single country."""
    sentence_start, sentence_end = context.sentence_span(reading.token.start)
    paragraph_start, _ = context.paragraph_span(reading.token.start)
    if sentence_start <= paragraph_start or _mentions_in(context, sentence_start, sentence_end):
        return None
    previous_start, _ = context.sentence_span(max(paragraph_start, sentence_start - 2))
    mentions = _mentions_in(context, previous_start, sentence_start)
    places = {m.place.iso3 or m.place.country for m in mentions}
    if len(places) != 1 or not mentions[0].place.iso3:
        return None
    if _world_or_region_in(context, previous_start, sentence_start):
        return None
    return replace(mentions[-1].place, named=False)  # too far to tie what it counts


def _world_or_region_in(context: Context, start: int, end: int) -> bool:
    folded = fold_keep(context.scan_text[start:end])
    return any(pattern.search(folded) for pattern in _scope_words())
