"""What the words around a figure say about it: its qualifier, what it counts, what was
done with it, and the metric that names it (docs/metrics.md).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import cast

from pipeline.extract.context import Context
from pipeline.extract.phrases import (
    Phrase,
    Token,
    Verb,
    counted_phrase,
    elided_phrase,
    is_nationals,
    list_anchor,
    list_separators,
    phrase_before,
    qualifier_words,
    verb_after,
    verb_before,
    verb_with_object,
    word_before,
)
from pipeline.models import Figure, Section
from pipeline.segment.grids import Header, column_headers
from pipeline.vocab import fold
from pipeline.vocab.figures import activity_verbs, figure_context, figure_setting, population_at
from pipeline.vocab.language import connectives, months
from pipeline.vocab.metrics import english_words
from pipeline.vocab.numbers import number_forms, qualifier_before, unit_of

MAX_LABEL_WORDS = 6
MAX_PANEL_LABEL_WORDS = 12


DASHES = ("–", "—", "-")


@dataclass(frozen=True)
class Reading:
    """What the words around a figure say about it."""

    token: Token
    qualifier: str
    qualifier_start: int
    sentence_start: int
    phrase: Phrase
    verb: Verb | None
    in_brackets: bool
    labelled: bool = False  # what it counts is a label printed before it ("Deaths: 26")


def read_figure(
    context: Context,
    section: Section,
    tokens: list[Token],
    index: int,
    eligible: set[int],
    anchors: dict[int, Verb | None],
) -> Reading | None:
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
    panel_label = _column_header(context, token.start) or _panel_label(context, token.start)
    labelled = False
    if panel_label is not None:  # a key figure or a table cell: its label says it all
        phrase, verb, labelled = panel_label, None, True
    elif in_brackets:
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
            verb, labelled = None, True
        else:
            verb = _verb(
                tokens, index, before, before_index, eligible, anchors, context.doc.language
            )
            phrase, verb = _elided_participle(context, tokens, index, eligible, phrase, verb)
    return Reading(
        token, qualifier, qualifier_start, sentence_start, phrase, verb, in_brackets, labelled
    )


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
    new_verb = Verb(own.participle, "", phrase.start, phrase.end, own.situation)
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
        previous = tokens[earlier - 1] if earlier > 0 else None
        if previous is not None and previous.key in figure_context()["locative_words"]:
            continue  # "en 16 países": where, not what is counted
        if token.kind == "figure":
            phrase = counted_phrase(tokens, earlier, context.doc.language)
            if phrase.words:  # ("IPC Phase 3" counts nothing: look further back)
                return Phrase(phrase.words, tokens[index].end, tokens[index].end, -1)
    return None


def _column_header(context: Context, offset: int) -> Phrase | None:
    """The header naming a table cell that holds the number at ``offset`` and nothing
    else (``segment/grids.py``)."""
    if "column_headers" not in context.cache:
        doc = context.doc
        context.cache["column_headers"] = column_headers(doc.text, doc.boxes, doc.figures)
    headers = cast(dict[int, Header], context.cache["column_headers"])
    header = headers.get(offset)
    if header is None:
        return None
    return Phrase(header.words, header.start, header.end, -1)


def _panel_label(context: Context, offset: int) -> Phrase | None:
    """The label segment cut before the value unit holding ``offset`` (a key-figure
    panel's "People Targeted" before "45,200"), its words after any date printed at
    its start ("3 Mar 2021 Target population")."""
    index = bisect.bisect_right(context.unit_starts, offset) - 1
    if index < 1 or context.units[index][2] != "value" or context.units[index - 1][2] != "label":
        return None
    start, end, _ = context.units[index - 1]
    start = leading_dates_end(context, start, end)
    label = context.scan_text[start:end].strip(" *+:")
    words = label.split()
    if not words or len(words) > MAX_PANEL_LABEL_WORDS:
        return None
    first = start + context.scan_text[start:end].index(words[0])
    return Phrase(tuple(words), first, first + len(label), -1)


def leading_dates_end(context: Context, start: int, end: int) -> int:
    """Where a label starts once the dates and years printed before its first word are
    left out ("10 Dec 2020 Target population": "Target population")."""
    text = context.scan_text
    position, label_start = start, start
    while position < end:
        while position < end and not text[position].isalnum():
            position += 1
        figures = context.figures_in(position, end)
        at = figures[0] if figures and figures[0].start == position else None
        if at is not None and (context.is_non_figure(at) or at.is_year):
            position = label_start = at.end
            continue
        word = re.match(r"[^\W\d_]+", text[position:end])
        month = word is not None and at is None and _is_month(word.group(0))
        if word and month and _date_follows(context, position, end):
            position = label_start = position + len(word.group(0))
            continue
        break
    return label_start if label_start < end else start


def _is_month(word: str) -> bool:
    return fold(word).rstrip(".") in months()


def _date_follows(context: Context, position: int, end: int) -> bool:
    figures = context.figures_in(position, end)
    return bool(figures) and (context.is_non_figure(figures[0]) or figures[0].is_year)


def _label_before(context: Context, position: int) -> Phrase | None:
    """ "Deaths: 26", "Declaration Requests in Process – 14": a key figure's label printed
    before it, from the start of its line to a colon or dash."""
    text = context.scan_text
    cut = position
    while cut > 0 and text[cut - 1] in " *+":
        cut -= 1
    if cut == 0 or (text[cut - 1] != ":" and text[cut - 1] not in DASHES):
        return None
    line_start = context.unit_start(cut - 1)
    label = text[line_start : cut - 1].replace("*", " ").strip()
    words = label.split()
    if not words or len(words) > MAX_LABEL_WORDS or not words[0][:1].isupper():
        return None
    if any(c.isdigit() for c in label):
        return None
    start = line_start + text[line_start:cut].index(words[0])
    return Phrase(tuple(words), start, start + len(label), -1)


def _phrase_after(context: Context, tokens: list[Token], index: int) -> Phrase:
    figure = tokens[index].figure
    language = context.doc.language
    start = index
    if (
        figure is not None
        and (figure.percent or _scaled(figure))
        and index + 1 < len(tokens)
        and tokens[index + 1].key in connectives("of")
    ):
        start = index + 1  # "25% of households", "1,7 millones de venezolanos"
    phrase = counted_phrase(tokens, start, language)
    return elided_phrase(tokens, start, phrase, language)


def _scaled(figure: Figure) -> bool:
    """A figure that ends in a scale word ("1,7 millones", "cinco milhões", "a million"),
    after which "of"/"de" opens what it counts."""
    if figure.scale_text:
        return True
    last = fold(figure.text.split()[-1]) if figure.words else ""
    return last in {fold(w) for e in number_forms()["scales"] for w in e["forms"]}


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


def metric_of(
    context: Context, phrase: Phrase, verb: Verb | None, percent: bool
) -> tuple[str, str, bool]:
    """The metric name, unit, and whether what is counted is a population (people
    affected, in need, displaced: a country's figure even in a sector's section)."""
    counted = " ".join(phrase.words)
    language = context.doc.language
    base, unit = english_words(phrase.words, language), unit_of(counted)
    population = False
    whole = population_at(counted)
    if whole is not None and whole[1].end() == len(counted):
        base, unit, population = whole[0].metric, whole[0].unit, True
    elif phrase.words and is_nationals(phrase.words[0]):
        # "1,7 millones de venezolanos": the people of a country; whose, not what
        base, unit, population = figure_setting("nationals_metric"), "people", True
    elif whole is None and _names_people(counted):
        unit, population = "people", True  # "crisis-affected individuals"
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
        parts += [verb.participle] + ([english_words((verb.obj,), language)] if verb.obj else [])
    return "_".join(parts), "percent" if percent else unit, population


def _names_people(counted: str) -> bool:
    """Whether what is counted ends in a population's name ("crisis-affected
    individuals", "Venezuelan refugees")."""
    words = counted.split()
    return any(
        (found := population_at(" ".join(words[i:]))) is not None
        and found[1].end() == len(" ".join(words[i:]))
        for i in range(1, len(words))
    )
