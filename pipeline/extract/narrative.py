"""Activity and population figures in narrative text.

In a country's highlight section every figure that counts something becomes a country
figure for that country ("IOM distributed over 6,700 hygiene kits" in Peru gives
hygiene_kits_distributed, 6700, at_least); in a regional section it belongs to the
region the report covers. Elsewhere a figure is kept only when its sentence names where
it applies ("Some 4.6 million ... refugees and migrants in Latin America and the
Caribbean"). Years, dates, ordinals, durations, rankings, back-references and codes are
not figures. A figure whose counted thing is not printed, or that spans several
countries, becomes an issue. The naming rules are in docs/metrics.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .. import countries
from ..models import CountryFigure, Section
from ..vocab import (
    connective_pattern,
    connectives,
    figure_context,
    figure_setting,
    fold,
    population_at,
    qualifier_before,
    region_of,
    region_pattern,
    strip_determiner,
    unit_of,
    unnamed_region,
)
from .context import Context
from .phrases import (
    Phrase,
    Token,
    Verb,
    counted_phrase,
    elided_phrase,
    is_countable,
    list_anchor,
    list_separators,
    phrase_before,
    qualifier_words,
    tokenize,
    verb_after,
    verb_before,
    verb_with_object,
    word_before,
)

LOCATED_SECTIONS = ("country", "regional")
READ_SECTIONS = ("country", "regional", "prose", "header")
MAX_VERB_SPAN = 40  # characters: a nearer verb is part of the snippet


@dataclass(frozen=True)
class Place:
    country: str
    iso3: str


def extract(context: Context) -> list[CountryFigure]:
    records: list[CountryFigure] = []
    for section in context.sections(*READ_SECTIONS):
        records += _section_figures(context, section)
    return records


def _section_figures(context: Context, section: Section) -> list[CountryFigure]:
    body_start = (
        section.title_end if section.kind == "country" and section.title_end else section.start
    )
    tokens = tokenize(context, body_start, section.end)
    eligible = {
        i
        for i, t in enumerate(tokens)
        if t.figure and is_countable(t.figure) and not context.is_claimed(t.figure)
    }
    anchors: dict[int, Verb | None] = {}
    records = []
    for index in sorted(eligible):
        record = _figure(context, section, tokens, index, eligible, anchors)
        if record is not None:
            records.append(record)
    return records


def _figure(
    context: Context,
    section: Section,
    tokens: list[Token],
    index: int,
    eligible: set[int],
    anchors: dict[int, Verb | None],
) -> CountryFigure | None:
    token = tokens[index]
    figure = token.figure
    assert figure is not None
    words = figure_context()
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    if following is not None and following.key in words["time_units"]:
        return None
    sentence_start, _ = context.sentence_span(token.start, section.start, section.end)
    qualifier, qualifier_at = qualifier_before(context.scan_text[sentence_start : token.start])
    qualifier_start = sentence_start + qualifier_at if qualifier != "exact" else token.start
    before, before_index = word_before(tokens, index, qualifier_start)
    if before is not None and (
        before.key in words["ranking_words"] or before.key in words["back_reference_words"]
    ):
        return None

    in_brackets = (
        index > 0
        and tokens[index - 1].text == "("
        and following is not None
        and following.text == ")"
    )
    phrase = phrase_before(tokens, index) if in_brackets else _phrase_after(context, tokens, index)
    place = _place(context, section, phrase)
    if isinstance(place, _Several):
        unnamed = "" if phrase.words else ", and what it counts is not printed"
        context.issue(
            "figure-spans-countries",
            "warning",
            qualifier_start,
            place.end,
            f"one figure for several countries ({', '.join(place.iso3s)}){unnamed}; it is "
            "not split between them",
        )
        return None
    if place is None:
        return None
    if not phrase.words:
        if section.kind in LOCATED_SECTIONS:
            context.issue(
                "figure-without-noun",
                "warning",
                token.start,
                phrase.end,
                f"{figure.text!r} is printed without what it counts; read the source",
            )
        return None
    verb = (
        None
        if in_brackets
        else _verb(tokens, index, before, before_index, eligible, anchors, context.doc.language)
    )
    metric, unit = _metric(context, phrase, verb, figure.percent)
    if (
        metric == (context.population.metric if context.population else None)
        and verb is None
        and section.kind in LOCATED_SECTIONS
    ):
        context.issue(
            "figure-activity-unknown",
            "warning",
            token.start,
            phrase.end,
            f"{figure.text} {' '.join(phrase.words)}: the text does not say what was "
            "done with them, and the bare count would read as a headline figure",
        )
        return None
    value = context.value_of(figure, "percent" if figure.percent else "count")
    context.claim(figure)
    if value is None:
        return None
    start, end = _snippet(token, qualifier_start, phrase, verb, in_brackets)
    return context.record(
        CountryFigure,
        start,
        end,
        country=place.country,
        iso3=place.iso3,
        metric=metric,
        value=value,
        value_text=figure.text,
        unit=unit,
        qualifier=qualifier,
        **context.report_period(),
    )


def _phrase_after(context: Context, tokens: list[Token], index: int) -> Phrase:
    figure = tokens[index].figure
    language = context.doc.language
    start = index
    if (
        figure is not None
        and figure.percent
        and index + 1 < len(tokens)
        and tokens[index + 1].key in connectives("of")
    ):
        start = index + 1
    phrase = counted_phrase(tokens, start, language)
    return elided_phrase(tokens, start, phrase, language)


def _verb(
    tokens: list[Token],
    index: int,
    before: Token | None,
    before_index: int,
    eligible: set[int],
    anchors: dict[int, Verb | None],
    language: str,
) -> Verb | None:
    anchor = list_anchor(tokens, index, eligible)
    if anchor != index:
        return anchors.get(anchor)
    words = figure_context()
    verb: Verb | None = None
    if before is not None and before.key in words["locative_words"]:
        verb = None
    elif before is not None and before.key in words["beneficiary_words"]:
        verb = Verb(figure_setting("beneficiary_participle"), "", before.start, before.end)
    else:
        if before is not None and before.key in connectives("to"):
            verb = verb_with_object(tokens, before_index)
        if verb is None:
            stops = {i for i in eligible if i < index}
            verb = verb_before(tokens, index, stops)
        if verb is None:
            verb = verb_after(tokens, _list_end(tokens, index, language))
    anchors[index] = verb
    return verb


def _list_end(tokens: list[Token], index: int, language: str) -> int:
    """Index after the counted phrase of the last item of the list starting at ``index``."""
    position = index
    while True:
        phrase_end = counted_phrase(tokens, position, language).stopped_at
        follow = phrase_end
        while follow < len(tokens) and tokens[follow].key in list_separators():
            follow += 1
        while follow < len(tokens) and tokens[follow].key in qualifier_words():
            follow += 1
        if follow < len(tokens) and tokens[follow].kind == "figure" and follow > phrase_end:
            position = follow
            continue
        return phrase_end


def _metric(context: Context, phrase: Phrase, verb: Verb | None, percent: bool) -> tuple[str, str]:
    """The metric name and unit: what is counted, then what was done with it."""
    counted = " ".join(phrase.words)
    base, unit = snake(counted), unit_of(counted)
    whole = population_at(counted)
    if whole is not None and whole[1].end() == len(counted):
        base, unit = whole[0].metric, whole[0].unit
    sentence_end = context.sentence_span(phrase.start)[1]
    longer = population_at(context.scan_text[phrase.start : sentence_end].replace("\n", " "))
    if longer is not None and longer[1].end() > phrase.end - phrase.start:
        # "persons estimated to be in critical need": the phrase names the population
        base, unit = longer[0].metric, longer[0].unit
        verb = None
    parts = [base]
    if verb is not None:
        parts += [verb.participle] + ([verb.obj] if verb.obj else [])
    return "_".join(parts), "percent" if percent else unit


def snake(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", fold(text)).strip("_")


@dataclass(frozen=True)
class _Several:
    """A figure stated for a list of countries ("in Colombia, Ecuador and Peru")."""

    iso3s: tuple[str, ...]
    end: int


def _place(context: Context, section: Section, phrase: Phrase) -> Place | _Several | None:
    """Where the figure applies: a place its sentence names, else its section's place."""
    named = _named_place(context, phrase)
    if named is not None:
        return named
    if section.kind == "country":
        return Place(section.country, section.iso3)
    if section.kind == "regional":
        return Place(context.doc.region or unnamed_region(), "")
    return None


@cache
def _in_place() -> re.Pattern[str]:
    return re.compile(rf"\s*(?:{connective_pattern('in')})\s+([^\W\d_][^.;:()]*)", re.IGNORECASE)


def _named_place(context: Context, phrase: Phrase) -> Place | _Several | None:
    """ "... in Latin America and the Caribbean": a country or region right after the
    counted phrase."""
    after = context.scan_text[phrase.end : phrase.end + 120].replace("\n", " ")
    match = _in_place().match(after)
    if match is None:
        return None
    text = match.group(1)
    region = region_pattern_match(text)
    if region:
        return Place(region, "")
    mentions = [m for m in countries.find_countries(text[:80]) if _country_list_prefix(text, m)]
    if len(mentions) > 1:
        return _Several(
            tuple(m.iso3 for m in mentions), phrase.end + match.start(1) + mentions[-1].end
        )
    if mentions:
        name = text[mentions[0].start : mentions[0].end]
        return Place(strip_determiner(name), mentions[0].iso3)
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


def _snippet(
    token: Token, qualifier_start: int, phrase: Phrase, verb: Verb | None, in_brackets: bool
) -> tuple[int, int]:
    start = min(token.start, qualifier_start)
    end = max(token.end, phrase.end)
    if in_brackets:
        return min(start, phrase.start), token.end + 1
    if verb is not None and verb.end <= start and start - verb.start <= MAX_VERB_SPAN:
        start = verb.start
    if verb is not None and verb.start >= end and verb.end - end <= MAX_VERB_SPAN:
        end = verb.end
    return start, end
