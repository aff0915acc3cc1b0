"""Country figures: headline figures and the figures of narrative text.

A country section's heading gives that country's headline figure ("Colombia - 1.7 M"); a line
such as "Venezuelan migrants and refugees in LAC - 4.6 million" gives a regional or world
figure. What a headline counts is the population the report is about, which segment found
(``SegmentedDocument.population``).

In narrative text every figure that counts something becomes a country figure for the
place it applies to (``places.py``), named by what it counts and what was done with it
(``readings.py``; the naming rules are in docs/metrics.md): "IOM distributed over 6,700
hygiene kits" in Peru gives hygiene_kits_distributed, 6700, at_least. What a sector did,
told in a sector's section, is a figure of the country (or the region) it was done in
that carries the sector; key-figure panels and indicator tables give the sector
indicators (``sector_indicators.py``). Years, dates, ordinals, durations,
rankings, back-references and codes are not figures. A figure whose counted thing is not
printed, or that spans several countries, becomes an issue.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from pipeline.extract.context import Context
from pipeline.extract.phrases import (
    Phrase,
    Token,
    Verb,
    is_countable,
    tokenize,
)
from pipeline.extract.places import Place, Several, figure_place, regional_place
from pipeline.extract.readings import Reading, metric_of, read_figure
from pipeline.extract.statuses import figure_status, population_status
from pipeline.extract.topics import borrowed_phrase
from pipeline.models import CountryFigure, Figure, HeadlineMatch, Section
from pipeline.text.periods import date_spans, find_periods
from pipeline.vocab import fold
from pipeline.vocab.figures import population_in
from pipeline.vocab.language import connectives

LOCATED_SECTIONS = ("country", "regional", "sector")


READ_SECTIONS = ("country", "regional", "prose", "header", "sector", "panel")


MAX_VERB_SPAN = 40  # characters: a nearer verb is part of the snippet


# --- headline figures ----------------------------------------------------------------


NO_HEADLINE_SECTIONS = ("table", "panel", "repeat", "footnotes")


def headline_figures(context: Context) -> list[CountryFigure]:
    """Headline figures: a country section's heading, a population or regional headline
    (the headline lines segment found, outside tables, panels, footnotes and repeats)."""
    records: list[CountryFigure] = []
    for headline in context.doc.headlines:
        section = context.section_at(headline.start)
        if section is None or section.kind in NO_HEADLINE_SECTIONS:
            continue
        is_heading = section.kind == "country" and headline.start == section.title_start
        if not (is_heading or headline.population or not headline.iso3):
            continue
        record = _headline_record(context, headline)
        if record is not None:
            records.append(record)
    return records


def _headline_record(context: Context, headline: HeadlineMatch) -> CountryFigure | None:
    figure = _figure_at(context, headline.figure_start, headline.figure_end)
    if figure is None or context.is_claimed(figure):
        return None
    population = population_in(headline.population) if headline.population else context.population
    if population is None:
        context.issue("headline-metric-unknown", headline.start, headline.end)
        return None
    value = context.value_of(figure, "count")
    context.claim(figure)
    if value is None:
        return None
    return context.record(
        CountryFigure,
        headline.start,
        headline.end,
        value_span=(figure.start, figure.end),
        country=headline.place,
        iso3=headline.iso3,
        metric=population.metric,
        value=value,
        value_text=figure.text,
        unit=population.unit,
        qualifier="exact",
        status=population_status(population),
        **context.report_period(),
    )


def _figure_at(context: Context, start: int, end: int) -> Figure | None:
    figures = context.figures_in(start, end)
    return figures[0] if len(figures) == 1 else None


# --- narrative figures ---------------------------------------------------------------


def narrative_figures(context: Context) -> list[CountryFigure]:
    records: list[CountryFigure] = []
    for section in context.sections(*READ_SECTIONS):
        records += _section_figures(context, section)
    return records


def _section_figures(context: Context, section: Section) -> list[CountryFigure]:
    body_start = (
        section.title_end if section.kind == "country" and section.title_end else section.start
    )
    tokens = tokenize(context, body_start, section.end)
    in_dates = _date_spans(context, body_start, section.end)
    eligible = {
        i
        for i, t in enumerate(tokens)
        if t.figure
        and is_countable(t.figure)
        and not context.is_non_figure(t.figure)
        and not context.is_claimed(t.figure)
        and not any(s <= t.start < e for s, e in in_dates)
    }
    anchors: dict[int, Verb | None] = {}
    records = []
    for index in sorted(eligible):
        reading = read_figure(context, section, tokens, index, eligible, anchors)
        record = _figure(context, section, reading) if reading is not None else None
        if record is not None:
            records.append(record)
    return records


def _date_spans(context: Context, start: int, end: int) -> list[tuple[int, int]]:
    """Dates and periods in [start, end): their numbers are not figures."""
    text = context.scan_text[start:end]
    spans = [(start + s, start + e) for s, e in date_spans(text)]
    spans += [(start + p.char_start, start + p.char_end) for p in find_periods(text)]
    return spans


def _figure(context: Context, section: Section, reading: Reading) -> CountryFigure | None:
    """A sector indicator for what a sector did, a country figure for a place; None when
    the figure has neither, or an issue says why not."""
    token, verb = reading.token, reading.verb
    figure = token.figure
    assert figure is not None
    place = figure_place(context, section, reading)
    own_words = bool(reading.phrase.words)  # what it counts is printed with it
    if not own_words:
        tied = isinstance(place, Several) or (place is not None and place.named)
        borrowed = borrowed_phrase(context, reading, tied)  # what its passage counts
        if borrowed is not None:
            reading = replace(reading, phrase=borrowed)
    phrase = reading.phrase
    metric, unit, population = (
        metric_of(context, phrase, verb, figure.percent) if phrase.words else ("", "", False)
    )
    if isinstance(place, Several):
        if not (population and phrase.words):
            unnamed = "" if phrase.words else ", and what it counts is not printed"
            context.issue(
                "figure-spans-countries",
                reading.qualifier_start,
                place.end,
                countries=", ".join(place.iso3s),
                unnamed=unnamed,
            )
            return None
        place = regional_place(context)  # people in several countries: a regional figure
    if not phrase.words:
        if _located(context, section) or place is not None:
            context.issue("figure-without-noun", token.start, phrase.end, figure=figure.text)
        return None
    sector = section.sector if section.kind == "sector" else context.doc.sector
    place = _place_of(context, section, sector, place, verb, population)
    if place is None:
        if not population:
            _unsettled(context, "figure-place-unknown", reading)
            return None
        place = regional_place(context)  # people, in a report about no one country
    if (
        context.has_headlines
        and verb is None
        and _located(context, section)
        and metric == (context.population.metric if context.population else None)
    ):
        _unsettled(context, "figure-activity-unknown", reading)
        return None
    value = _value(context, reading)
    if value is None:
        return None
    start, end = _snippet(token, reading.qualifier_start, phrase, verb, reading.in_brackets)
    shared = context.figures_in(token.end, end)
    verb_after = verb is not None and verb.start >= token.end
    if shared and not reading.in_brackets and not verb_after:
        end = _own_end(context, token.end, shared[0].start)
    situation = population or (verb is not None and verb.situation)
    common = {
        "value": value,
        "value_text": figure.text,
        "unit": unit,
        "status": figure_status(
            context, reading, metric, situation=situation, borrowed=not own_words
        ),
        **context.report_period(),
    }
    return context.record(
        CountryFigure,
        start,
        end,
        value_span=(token.start, token.end),
        country=place.country,
        iso3=place.iso3,
        metric=metric,
        qualifier=reading.qualifier,
        sector=sector,
        **common,
    )


def _value(context: Context, reading: Reading) -> Decimal | None:
    """The figure's value, claimed; None when it cannot be read, or is zero: a table's
    "0", "0 deployed" is the absence of what is counted (the issue figure-zero)."""
    figure = reading.token.figure
    assert figure is not None
    value = context.value_of(figure, "percent" if figure.percent else "count")
    context.claim(figure)
    if value == 0:
        _unsettled(context, "figure-zero", reading)
        return None
    return value


def _own_end(context: Context, end: int, next_start: int) -> int:
    """ "trained 18 Haitian and 20 Dominican nurses": the noun is the next figure's too,
    so the snippet ends with the figure's own words, before the joint and the next
    figure, and the two records (whose snippets both start at the verb) stay two."""
    words = [w.strip(",;") for w in context.scan_text[end:next_start].split()]
    joints = connectives("and")
    while words and (not words[-1] or fold(words[-1]) in joints):
        words.pop()
    if not words:
        return end
    return context.scan_text.rindex(words[-1], end, next_start) + len(words[-1])


def _unsettled(context: Context, code: str, reading: Reading) -> None:
    """The issue ``code`` for a figure whose place or activity its words do not settle."""
    token = reading.token
    assert token.figure is not None
    context.issue(
        code,
        token.start,
        max(token.end, reading.phrase.end),  # a table's header may be printed before it
        figure=token.figure.text,
        counted=" ".join(reading.phrase.words),
    )


def _place_of(
    context: Context,
    section: Section,
    sector: str,
    place: Place | None,
    verb: Verb | None,
    population: bool,
) -> Place | None:
    """The place of a figure, when it is a sector's told in running text (what a sector
    did, in no place it names): the one country of the section or the report, the one
    country its paragraph has just named, else the region or world the report covers.
    Sector indicators are the key-figure panels' and indicator tables' only
    (``sector_indicators.py``, ``sector_rows.py``)."""
    activity = verb is not None and not verb.situation
    if not sector or (place and place.named) or not (activity or not population):
        return place
    if place is not None and place.iso3:
        return place  # "In Ruritania, ... . Teams reached 800 children": its figure
    return _country_of(context, section) or regional_place(context)


def _country_of(context: Context, section: Section) -> Place | None:
    """The one country the section's figures are about: its own, or the report's."""
    if section.kind == "country":
        return Place(section.country, section.iso3)
    return Place(context.doc.country, context.doc.iso3) if context.doc.iso3 else None


def _located(context: Context, section: Section) -> bool:
    """Whether the section's figures have a place without naming one."""
    return section.kind in LOCATED_SECTIONS or bool(context.doc.iso3)


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
