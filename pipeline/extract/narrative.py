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
from ..models import CountryFigure, Section, SectorIndicator
from ..periods import date_spans, find_periods
from ..vocab import (
    activity_verbs,
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

LOCATED_SECTIONS = ("country", "regional", "sector")
READ_SECTIONS = ("country", "regional", "prose", "header", "sector")
MAX_VERB_SPAN = 40  # characters: a nearer verb is part of the snippet
MAX_LABEL_WORDS = 6
DASHES = ("–", "—", "-")


@dataclass(frozen=True)
class Place:
    country: str
    iso3: str
    named: bool = False  # named in the figure's own sentence, not taken from its section


@dataclass(frozen=True)
class _Several:
    """A figure stated for a list of countries ("in Colombia, Ecuador and Peru")."""

    iso3s: tuple[str, ...]
    end: int


@dataclass(frozen=True)
class _Reading:
    """What the words around a figure say about it."""

    token: Token
    qualifier: str
    qualifier_start: int
    sentence_start: int
    phrase: Phrase
    verb: Verb | None
    in_brackets: bool


def extract(context: Context) -> list[CountryFigure | SectorIndicator]:
    records: list[CountryFigure | SectorIndicator] = []
    for section in context.sections(*READ_SECTIONS):
        records += _section_figures(context, section)
    return records


def _section_figures(context: Context, section: Section) -> list[CountryFigure | SectorIndicator]:
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
        and not context.is_claimed(t.figure)
        and not any(s <= t.start < e for s, e in in_dates)
    }
    anchors: dict[int, Verb | None] = {}
    records = []
    for index in sorted(eligible):
        reading = _read(context, section, tokens, index, eligible, anchors)
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


def _read(
    context: Context,
    section: Section,
    tokens: list[Token],
    index: int,
    eligible: set[int],
    anchors: dict[int, Verb | None],
) -> _Reading | None:
    """The qualifier, counted phrase and verb of ``tokens[index]``; None when the number
    is not a figure (a duration, a rank, a back-reference)."""
    token = tokens[index]
    words = figure_context()
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    if following is not None and following.key in words["time_units"]:
        return None
    sentence_start, _ = context.sentence_span(token.start, section.start, section.end)
    qualifier, qualifier_at = qualifier_before(context.scan_text[sentence_start : token.start])
    qualifier_start = sentence_start + qualifier_at if qualifier != "exact" else token.start
    before, before_index = word_before(tokens, index, qualifier_start)
    if before is not None and (
        before.key in words["ranking_words"]
        or before.key in words["back_reference_words"]
        or before.key in words["naming_words"]  # "IPC Phase 3"
    ):
        return None
    in_brackets = (
        index > 0
        and tokens[index - 1].text == "("
        and following is not None
        and following.text == ")"
    )
    if in_brackets:
        phrase, verb = phrase_before(tokens, index), None
    else:
        phrase = _phrase_after(context, tokens, index)
        label = None if phrase.words else _label_before(context, qualifier_start)
        if not phrase.words:
            phrase = (
                label
                or _included_in(context, tokens, index, qualifier_start, sentence_start)
                or phrase
            )
        if label is not None:  # "Houses flooded: 1 046": the label says it all
            verb = None
        else:
            verb = _verb(
                tokens, index, before, before_index, eligible, anchors, context.doc.language
            )
            phrase, verb = _elided_participle(context, tokens, index, eligible, phrase, verb)
    return _Reading(token, qualifier, qualifier_start, sentence_start, phrase, verb, in_brackets)


def _elided_participle(
    context: Context,
    tokens: list[Token],
    index: int,
    eligible: set[int],
    phrase: Phrase,
    verb: Verb | None,
) -> tuple[Phrase, Verb | None]:
    """ "160 houses were damaged and 80 destroyed": a list item whose only word is a
    participle counts what the list's first item counts, and the participle is its verb."""
    if len(phrase.words) != 1 or not phrase.words[0].lower().endswith("ed"):
        return phrase, verb
    own = activity_verbs().get(fold(phrase.words[0]))
    if own is None:
        return phrase, verb
    anchor = list_anchor(tokens, index, eligible)
    borrowed = counted_phrase(tokens, anchor, context.doc.language) if anchor != index else None
    if borrowed is None or not borrowed.words:  # "19 destroyed": destroyed what is not printed
        return Phrase((), phrase.start, phrase.end, phrase.stopped_at), None
    if fold(borrowed.words[-1]) in figure_context()["event_nouns"]:
        return phrase, None  # "1 death and 15 wounded": the participle is what is counted
    new_verb = Verb(own.participle, "", phrase.start, phrase.end, own.status)
    return Phrase(borrowed.words, phrase.start, phrase.end, phrase.stopped_at), new_verb


def _included_in(
    context: Context, tokens: list[Token], index: int, qualifier_start: int, sentence_start: int
) -> Phrase | None:
    """ "1.4 million people ..., including more than 350 000 in Emergency": a figure
    that is part of the one before it counts the same thing."""
    before = fold(context.scan_text[sentence_start:qualifier_start]).rstrip(" ,")
    if not any(before.endswith(w) for w in figure_context()["inclusion_words"]):
        return None
    for earlier in range(index - 1, -1, -1):
        token = tokens[earlier]
        if token.start < sentence_start:
            return None
        if token.kind == "figure":
            phrase = counted_phrase(tokens, earlier, context.doc.language)
            if phrase.words:  # ("IPC Phase 3" counts nothing: look further back)
                return Phrase(phrase.words, tokens[index].end, tokens[index].end, -1)
    return None


def _label_before(context: Context, position: int) -> Phrase | None:
    """ "Deaths: 26", "Declaration Requests in Process – 14": a key figure's label printed
    before it, from the start of its line to a colon or dash."""
    text = context.scan_text
    cut = position
    while cut > 0 and text[cut - 1] in " *+":
        cut -= 1
    if cut == 0 or (text[cut - 1] != ":" and text[cut - 1] not in DASHES):
        return None
    line_start = max(text.rfind("\n", 0, cut - 1), text.rfind("\t", 0, cut - 1)) + 1
    label = text[line_start : cut - 1].replace("*", " ").strip()
    words = label.split()
    if not words or len(words) > MAX_LABEL_WORDS or not words[0][:1].isupper():
        return None
    if any(c.isdigit() for c in label):
        return None
    start = line_start + text[line_start:cut].index(words[0])
    return Phrase(tuple(words), start, start + len(label), -1)


def _figure(
    context: Context, section: Section, reading: _Reading
) -> CountryFigure | SectorIndicator | None:
    """A sector indicator for what a sector did, a country figure for a place; None when
    the figure has neither, or an issue says why not."""
    token, phrase, verb = reading.token, reading.phrase, reading.verb
    figure = token.figure
    assert figure is not None
    place = _place(context, section, reading)
    if isinstance(place, _Several):
        unnamed = "" if phrase.words else ", and what it counts is not printed"
        context.issue(
            "figure-spans-countries",
            "warning",
            reading.qualifier_start,
            place.end,
            f"one figure for several countries ({', '.join(place.iso3s)}){unnamed}; it is "
            "not split between them",
        )
        return None
    if not phrase.words:
        if _located(context, section):
            context.issue(
                "figure-without-noun",
                "warning",
                token.start,
                phrase.end,
                f"{figure.text!r} is printed without what it counts; read the source",
            )
        return None
    metric, unit, population = _metric(context, phrase, verb, figure.percent)
    sector = section.sector if section.kind == "sector" else context.doc.sector
    activity = verb is not None and not verb.status
    as_sector = bool(sector) and not (place and place.named) and (activity or not population)
    if place is None and not as_sector:
        return None
    if (
        context.has_headlines
        and verb is None
        and _located(context, section)
        and metric == (context.population.metric if context.population else None)
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
    start, end = _snippet(token, reading.qualifier_start, phrase, verb, reading.in_brackets)
    common = {"value": value, "value_text": figure.text, "unit": unit, **context.report_period()}
    if as_sector:
        return context.record(
            SectorIndicator,
            start,
            end,
            value_span=(token.start, token.end),
            sector=sector,
            indicator=metric.replace("_", " "),
            **common,
        )
    assert place is not None
    return context.record(
        CountryFigure,
        start,
        end,
        value_span=(token.start, token.end),
        country=place.country,
        iso3=place.iso3,
        metric=metric,
        qualifier=reading.qualifier,
        **common,
    )


def _located(context: Context, section: Section) -> bool:
    """Whether the section's figures have a place without naming one."""
    return section.kind in LOCATED_SECTIONS or bool(context.doc.iso3)


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
    if anchor != index:  # a list item: its own verb ("11,557 homes damaged"), else the list's
        own_end = counted_phrase(tokens, index, language).stopped_at
        own = (
            verb_after(tokens, own_end)
            if own_end < len(tokens) and tokens[own_end].key.endswith("ed")
            else None
        )
        return own or anchors.get(anchor)
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
            verb = verb_before(tokens, before_index + 1, stops)  # past "an estimated"
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


def _metric(
    context: Context, phrase: Phrase, verb: Verb | None, percent: bool
) -> tuple[str, str, bool]:
    """The metric name, unit, and whether what is counted is a population (people
    affected, in need, displaced: a country's figure even in a sector's section)."""
    counted = " ".join(phrase.words)
    base, unit = snake(counted), unit_of(counted)
    population = False
    whole = population_at(counted)
    if whole is not None and whole[1].end() == len(counted):
        base, unit, population = whole[0].metric, whole[0].unit, True
    sentence_end = context.sentence_span(phrase.start)[1]
    longer = population_at(context.scan_text[phrase.start : sentence_end].replace("\n", " "))
    if longer is not None and longer[1].end() > phrase.end - phrase.start:
        # "persons estimated to be in critical need": the phrase names the population
        base, unit, population = longer[0].metric, longer[0].unit, True
        verb = None
    parts = [base]
    if verb is not None and fold(phrase.words[-1]) in figure_context()["event_nouns"]:
        verb = None  # "2 deaths": the word says what happened
    if verb is not None:
        parts += [verb.participle] + ([verb.obj] if verb.obj else [])
    return "_".join(parts), "percent" if percent else unit, population


def snake(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", fold(text)).strip("_")


def _place(context: Context, section: Section, reading: _Reading) -> Place | _Several | None:
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


def _opening_place(context: Context, reading: _Reading) -> Place | None:
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
    if not (rest[:1] in (",", ":", "–", "—") or rest[:1].islower() or after_comma):
        return None
    name = strip_determiner(head[mentions[0].start : mentions[0].end])
    return Place(name, mentions[0].iso3, named=True)


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
        return Place(region, "", named=True)
    mentions = [m for m in countries.find_countries(text[:80]) if _country_list_prefix(text, m)]
    if len(mentions) > 1:
        return _Several(
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
