"""Headline country, regional and world figures ("Colombia - 1.7 M").

A country section's heading gives that country's headline figure. A line such as
"Venezuelan migrants and refugees in LAC - 4.6 million" gives a regional or world figure.
What a headline counts is not printed beside it: it is the population the report is
about, named in its title or in its population headlines (``data/populations.yaml``).
"""

from __future__ import annotations

from ..headlines import Headline, match_headline
from ..models import CountryFigure
from ..numbers import Figure
from ..vocab import Population, population_in
from .context import Context

NO_HEADLINE_SECTIONS = ("table", "panel", "repeat", "footnotes")


def extract(context: Context) -> list[CountryFigure]:
    population = context.population
    records: list[CountryFigure] = []
    for section in context.sections():
        if section.kind in NO_HEADLINE_SECTIONS:
            continue
        for line in section.lines:
            headline = match_headline(context.scan_text[line.start : line.end])
            if not isinstance(headline, Headline):
                continue
            is_heading = (
                section.kind == "country" and line.start + headline.start == section.title_start
            )
            if not (is_heading or headline.population or not headline.iso3):
                continue
            record = _headline_record(context, line.start, headline, population)
            if record is not None:
                records.append(record)
    return records


def _headline_record(
    context: Context, offset: int, headline: Headline, report_population: Population | None
) -> CountryFigure | None:
    figure = _figure_at(context, offset + headline.figure_start, offset + headline.figure_end)
    if figure is None or context.is_claimed(figure):
        return None
    population = population_in(headline.population) if headline.population else report_population
    start, end = offset + headline.start, offset + headline.end
    if population is None:
        context.issue(
            "headline-metric-unknown",
            "warning",
            start,
            end,
            "a headline figure whose population the report does not name; "
            "add the report's population to pipeline/data/populations.yaml",
        )
        return None
    value = context.value_of(figure, "count")
    context.claim(figure)
    if value is None:
        return None
    return context.record(
        CountryFigure,
        start,
        end,
        value_span=(figure.start, figure.end),
        country=headline.place,
        iso3=headline.iso3,
        metric=population.metric,
        value=value,
        value_text=figure.text,
        unit=population.unit,
        qualifier="exact",
        **context.report_period(),
    )


def _figure_at(context: Context, start: int, end: int) -> Figure | None:
    figures = context.figures_in(start, end)
    return figures[0] if len(figures) == 1 else None
