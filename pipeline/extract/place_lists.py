"""Places printed with their values and no sentence around them: map labels and columns.

Two layouts, read in any text whose line breaks are lost as well as in one that keeps
them:

- *columns*: three or more country names in a row, then as many values in a row
  ("Chile Peru Ecuador 120,400 98,310 45,020"), or the values first; the n-th value is
  the n-th country's. Counts that differ are not paired.
- *map labels*: values each printed against a country's name in capitals ("21 K
  COSTA RICA 9 K PANAMA ..."). Which side of a value its name is printed on is
  voted over the whole document: a map prints all its labels the same way, and the
  background names of a map (other countries, printed smaller, often with letters
  lost: "EAOR", "OLIVIA") sit on the other side. A value's name is the country printed
  on the voted side, past at most a few such broken words; when the vote does not settle
  the side, no label is read.

What the values count is the population named just before the list ("Venezuelan
refugees and migrants in South America"), else the one the report's headlines count; a
list with neither is not read.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from pipeline.extract.context import Context
from pipeline.extract.phrases import is_countable
from pipeline.extract.places import Place, PlaceMention, place_mentions
from pipeline.extract.statuses import population_status
from pipeline.models import CountryFigure, Figure
from pipeline.vocab.figures import Population, population_in

MIN_COLUMN = 3  # names in a row, at least, for a column list
MIN_VOTES = 2  # values with a country on one side only, at least, to vote a side
VOTE_MARGIN = 2  # times as many labels on the voted side as on the other
MAX_BROKEN_WORDS = 2  # background labels between a value and its name
POPULATION_REACH = 300  # characters before a list in which its population is named
_GAP = re.compile(r"[\s,;*]*")
_BROKEN = re.compile(rf"[\s*]*(?:[A-ZÀ-Ý][A-ZÀ-Ý'’.-]*[\s*]+){{0,{MAX_BROKEN_WORDS}}}")


@dataclass(frozen=True)
class _Pair:
    place: Place
    figure: Figure
    start: int  # the span of the name and the value, for the record's snippet
    end: int
    list_start: int  # where the list starts: what it counts is named before it


def extract(context: Context) -> list[CountryFigure]:
    """Country figures of the document's column lists and map labels."""
    pairs = _columns(context)
    taken = {p.figure.start for p in pairs}
    pairs += [p for p in _map_labels(context, taken) if p.figure.start not in taken]
    records = []
    for pair in sorted(pairs, key=lambda p: p.figure.start):
        record = _record(context, pair)
        if record is not None:
            records.append(record)
    return records


def _free(context: Context, figure: Figure) -> bool:
    return (
        is_countable(figure)
        and not figure.percent
        and not context.is_claimed(figure)
        and not context.is_non_figure(figure)
    )


# --- columns -------------------------------------------------------------------------------


def _columns(context: Context) -> list[_Pair]:
    text = context.scan_text
    mentions = [m for m in place_mentions(context) if m.place.iso3]
    pairs: list[_Pair] = []
    index = 0
    while index < len(mentions):
        run = [mentions[index]]
        while index + len(run) < len(mentions):
            following = mentions[index + len(run)]
            if not _GAP.fullmatch(text, run[-1].end, following.start):
                break
            run.append(following)
        index += len(run)
        if len(run) < MIN_COLUMN:
            continue
        after = _figure_run(context, run[-1].end, len(run), forward=True)
        before = _figure_run(context, run[0].start, len(run), forward=False)
        values = after or before
        if values:
            first = min(run[0].start, values[0].start)
            pairs += [
                _Pair(m.place, f, min(m.start, f.start), max(m.end, f.end), first)
                for m, f in zip(run, values, strict=True)
            ]
    return pairs


def _figure_run(context: Context, position: int, size: int, forward: bool) -> list[Figure]:
    """Exactly ``size`` free figures in a row from ``position`` (after it, or before it),
    nothing but spaces between them; [] otherwise."""
    text = context.scan_text
    figures = context.figures
    found: list[Figure] = []
    if forward:
        following = context.figures_in(position, len(text))[: size + 1]
        cursor = position
        for figure in following:
            if not _GAP.fullmatch(text, cursor, figure.start) or not _free(context, figure):
                break
            found.append(figure)
            cursor = figure.end
    else:
        preceding = [f for f in figures if f.end <= position][-(size + 1) :]
        cursor = position
        for figure in reversed(preceding):
            if not _GAP.fullmatch(text, figure.end, cursor) or not _free(context, figure):
                break
            found.insert(0, figure)
            cursor = figure.start
    return found if len(found) == size else []


# --- map labels ------------------------------------------------------------------------------


def _map_labels(context: Context, taken: set[int]) -> list[_Pair]:
    text = context.scan_text
    capitals = [m for m in place_mentions(context) if m.place.iso3 and _in_capitals(text, m)]
    if not capitals:
        return []
    starts = [m.start for m in capitals]
    candidates = [f for f in context.figures if _free(context, f) and f.start not in taken]
    # every value votes, the headlines already read too ("3 K ECUADOR"); free ones are paired
    voters = [f for f in context.figures if is_countable(f) and not f.percent]
    after = {f.start for f in voters if _next_to(text, f, capitals, starts, forward=True)}
    before = {f.start for f in voters if _next_to(text, f, capitals, starts, forward=False)}
    after_only, before_only = len(after - before), len(before - after)  # the votes that tell
    if after_only >= MIN_VOTES and after_only >= VOTE_MARGIN * before_only:
        forward = True
    elif before_only >= MIN_VOTES and before_only >= VOTE_MARGIN * after_only:
        forward = False
    else:
        return []
    pairs: list[_Pair] = []
    for figure in candidates:
        mention = _label(text, figure, capitals, starts, forward)
        if mention is None:
            continue
        start, end = (figure.start, mention.end) if forward else (mention.start, figure.end)
        first = pairs[0].list_start if pairs else start
        pairs.append(_Pair(mention.place, figure, start, end, first))
    return pairs


def _in_capitals(text: str, mention: PlaceMention) -> bool:
    letters = [c for c in text[mention.start : mention.end] if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _next_to(
    text: str, figure: Figure, capitals: list[PlaceMention], starts: list[int], forward: bool
) -> bool:
    """Whether a country in capitals is printed right after (or right before) the value."""
    index = bisect.bisect_left(starts, figure.end if forward else figure.start)
    if forward:
        return index < len(capitals) and _GAP.fullmatch(text, figure.end, starts[index]) is not None
    return index > 0 and _GAP.fullmatch(text, capitals[index - 1].end, figure.start) is not None


def _label(
    text: str, figure: Figure, capitals: list[PlaceMention], starts: list[int], forward: bool
) -> PlaceMention | None:
    """The country in capitals printed on the voted side of ``figure``, past a few broken
    background labels at most (forward), or right before it."""
    if not forward:
        index = bisect.bisect_left(starts, figure.start)
        if index and _GAP.fullmatch(text, capitals[index - 1].end, figure.start):
            return capitals[index - 1]
        return None
    index = bisect.bisect_left(starts, figure.end)
    if index < len(capitals) and _BROKEN.fullmatch(text, figure.end, starts[index]):
        return capitals[index]
    return None


# --- records ---------------------------------------------------------------------------------


def _record(context: Context, pair: _Pair) -> CountryFigure | None:
    population = _population_before(context, pair.list_start)
    if population is None:
        return None
    value = context.value_of(pair.figure, "count")
    context.claim(pair.figure)
    if value is None:
        return None
    return context.record(
        CountryFigure,
        pair.start,
        pair.end,
        value_span=(pair.figure.start, pair.figure.end),
        country=pair.place.country,
        iso3=pair.place.iso3,
        metric=population.metric,
        value=value,
        value_text=pair.figure.text,
        unit=population.unit,
        qualifier="exact",
        status=population_status(population),
        **context.report_period(),
    )


def _population_before(context: Context, start: int) -> Population | None:
    """The population a list counts: named just before it, else the report's."""
    text = context.scan_text[max(0, start - POPULATION_REACH) : start]
    named = _last_population(text)
    return named or context.population


def _last_population(text: str) -> Population | None:
    found = None
    position = 0
    while True:
        population = population_in(text[position:])
        if population is None:
            return found
        match = population.pattern.search(text, position)
        if match is None:
            return found
        found = population
        position = match.end()
