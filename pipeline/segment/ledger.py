"""The ledger: every numeric token of the text, with the non-figures settled.

Every figure segment read and every other run of digits (``text/numerals.py``) becomes a
``NumericToken``. Segment settles those that are not figures, each with its class and
the reason: a footnote mark; a number inside a web address, a phone number or a quoted
title; a date, a time, a year or a period; a number glued into a code ("COVID-19",
"A/80/86"); an ordinal or a number that names ("Phase 3", "#4"); a length of time ("ten
days"); a measurement of the ground or the hazard ("15 km", "Category 5"); the length of
a document ("118 pages"); a page number; an age. Quantities of aid are not measurements:
"1,784 MT of food" stays a figure. Everything else stays open, for extract to settle.
"""

from __future__ import annotations

import bisect
import re

from pipeline.models import Figure, Ledger, NonFigure, NonFigureSpan, NumericToken, Span
from pipeline.text.numerals import numeric_tokens
from pipeline.text.periods import date_spans, find_periods
from pipeline.vocab import fold
from pipeline.vocab.figures import bound_for, figure_context
from pipeline.vocab.non_figures import non_figure_words

Settled = tuple[NonFigure, str]  # the class, and why

_WORD = re.compile(r"[^\W\d_][\w’'/°-]*")
_WORD_BEFORE = re.compile(r"([^\W\d_][\w’'/°-]*)\.?\s*$")
_NUMERIC_DATE = re.compile(
    r"(?<![\d/.])\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}(?![\d/])|(?<![\d/])\d{1,2}/\d{1,2}(?![\d/])"
)
_TIME = re.compile(
    r"(?<!\d)\d{1,2}:\d{2}(?!\d)|(?<!\d)\d{1,2}\s?(?:am|pm|a\.m\.|p\.m\.)(?!\w)", re.I
)
_NAMING_MARK = re.compile(r"(?:#|\bn[o°º]\.?|\bnum\.?)\s*$", re.IGNORECASE)
_LIST_NUMBER = re.compile(r"[.)]\s+[^\W\d_]")  # "1. Regularization", "2) Access"
_ITEM_START = re.compile(r"(?:^|[.:;!?])\s*$")
MAX_OPEN_SPANS = 8  # spans that may still hold an offset, looked back over
MAX_ADDRESS_REACH = 80  # from a number of an address to the phone or e-mail after it
_SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-Z]")


class _Spans:
    """Classed spans of the text, to find the one that holds a number."""

    def __init__(self, spans: list[tuple[int, int, NonFigure, str]]) -> None:
        self.spans = sorted(spans)
        self.starts = [s[0] for s in self.spans]

    def holding(self, start: int, end: int) -> Settled | None:
        index = bisect.bisect_right(self.starts, start)
        for span_start, span_end, kind, why in reversed(
            self.spans[max(0, index - MAX_OPEN_SPANS) : index]
        ):
            if span_start <= start and end <= span_end:
                return kind, why
        return None


def ledger_of(
    text: str,
    scan_text: str,
    figures: list[Figure],
    markers: list[Span],
    non_figures: list[NonFigureSpan],
    notes: list[int],
    paragraphs: list[tuple[int, int]] | None = None,
) -> Ledger:
    """Every numeric token of ``text``, the non-figures settled. The classes are read in
    ``scan_text`` (marks and addresses blanked, every whitespace a space): what the words
    say, not how the lines were broken. ``notes``: where the footnotes' numbers start;
    ``paragraphs``: (start, end) of the numbers of numbered paragraphs (a PDF's layout)."""
    by_start = {f.start: f for f in figures}
    marker_starts = {m.start for m in markers}
    note_starts = set(notes)
    paragraph_ends = dict(paragraphs or [])
    spans = _Spans(
        _time_spans(scan_text) + [(s.start, s.end, s.kind, s.reason) for s in non_figures]
    )
    known = [(f.start, f.end) for f in figures] + [(m.start, m.end) for m in markers]
    contacts = sorted(s.start for s in non_figures if s.kind == "phone_number" or "@" in s.text)
    tokens = []
    for start, end in numeric_tokens(text, known):
        figure = by_start.get(start)
        settled: Settled | None
        if start in paragraph_ends and end <= paragraph_ends[start]:
            settled = ("rank", "the number of a numbered paragraph")
        elif start in marker_starts and figure is None:
            settled = ("footnote_marker", "a footnote mark")
        elif start in note_starts:
            settled = ("footnote_marker", "the number of a footnote")
        else:
            settled = (
                spans.holding(start, end)
                or (_figure_class(scan_text, start, end, figure) if figure else None)
                or (_digits_class(text, start, end) if figure is None else None)
                or (_address_class(scan_text, end, contacts) if _bare(figure) else None)
            )
        tokens.append(
            NumericToken(
                start=start,
                end=end,
                text=text[start:end],
                fate="non_figure" if settled else "open",
                non_figure=settled[0] if settled else None,
                detail=settled[1] if settled else "",
            )
        )
    return Ledger(tokens=tuple(tokens))


def _time_spans(text: str) -> list[tuple[int, int, NonFigure, str]]:
    """Dates, periods and times printed in ``text``."""
    spans: list[tuple[int, int, NonFigure, str]] = [
        (p.char_start, p.char_end, "period", f"part of the period {p.text!r}")
        for p in find_periods(text)
    ]
    spans += [(s, e, "date", "part of a date") for s, e in date_spans(text)]
    spans += [
        (m.start(), m.end(), "date", "a date in digits") for m in _NUMERIC_DATE.finditer(text)
    ]
    spans += [(m.start(), m.end(), "time", "a time of day") for m in _TIME.finditer(text)]
    return spans


def _words_after(text: str, end: int) -> list[str]:
    """The two words after a number (a hyphen glued to it read as a space: "3-month")."""
    return [fold(w) for w in _WORD.findall(text[end : end + 40].lstrip("-–"))[:2]]


def _word_before(text: str, start: int) -> str:
    """The word right before a number (only spaces between: "aged 60", "Annex 3")."""
    found = _WORD_BEFORE.search(text, max(0, start - 30), start)
    return fold(found.group(1)) if found else ""


def _figure_class(text: str, start: int, end: int, figure: Figure) -> Settled | None:
    """The non-figure class of a figure, from the number and the words around it; None
    when it may count something (money and percentages always may)."""
    if figure.is_year:
        return "year", "a year"
    if figure.ordinal:
        return "rank", "an ordinal"
    before = _word_before(text, start)
    if figure.is_money or figure.percent:
        return _naming_class(text, start, end, before)
    if text[start - 1 : start] == "*" and text[end : end + 1] == "*":
        return "identifier", "a barcode or a mark between asterisks"
    section = _SECTION_NUMBER.fullmatch(figure.text) and _SECTION_AFTER.match(text, end)
    if section and (_starts_an_item(text, start) or _after_heading(text, start)):
        return "rank", "the number of a section (3.4 Limitations)"
    if _NAME_AFTER.match(text, end) and _word_before(text, start) in ("the", "el", "la", "le"):
        return "identifier", "a number in a name (the 2720 Mechanism)"
    if _APPOSED_AGE.search(text, max(0, start - 60), start) and _apposed_end(text, end, figure):
        return "age", 'an age after a person\'s name ("Jarvis Sanchez, 31, a ...")'
    if _age_limit(text, start, figure):
        return "age", "the age limit of a group (children under five)"
    return (
        _unit_class(before, _words_after(text, end))  # "the past two years" is a length
        or _naming_class(text, start, end, before)
        or _reference_class(text, start, before, figure)
        or (("identifier", "a number glued into a code or a name") if figure.attached else None)
    )


_SECTION_NUMBER = re.compile(r"\d{1,2}(?:\.\d{1,2})+\.?")  # "3.4", "6.2.", "2.1.3"
_SECTION_AFTER = re.compile(r"\.?\s+[A-Z][a-z]")
# a single capitalised singular word after a number, then no more of a noun: a name
_NAME_AFTER = re.compile(r"\s+[A-Z][a-z]+[^s\W](?=\s*[,.;:)]|\s+[a-z]{2,}ed\b)")


def _after_heading(text: str, start: int) -> bool:
    """Whether a capitalised word without a full stop ends right before ``start``, as a
    heading does ("... could be improved 4.7 Access to data")."""
    before = text[max(0, start - 3) : start]
    return not before.strip() or before.rstrip()[-1:].isalpha()


_APPOSED_AGE = re.compile(r"(?<![\w’'-])[A-Z][a-zà-ÿ]+\s+[A-Z][a-zà-ÿ]+,\s*$")
MAX_AGE = 110


MAX_CHILD_AGE = 18


def _age_limit(text: str, start: int, figure: Figure) -> bool:
    """ "children under five", "niños menores de 5": a small whole number right after
    the words that bound a group's age."""
    if not figure.readings or any(r.value > MAX_CHILD_AGE or r.decimals for r in figure.readings):
        return False
    lead = " ".join(fold(text[max(0, start - 40) : start]).split())
    return any(lead.endswith(words) for words in non_figure_words("age_limits_before"))


def _apposed_end(text: str, end: int, figure: Figure) -> bool:
    """A small whole number closed by a comma: the age of a person just named."""
    value = figure.readings[0].value
    return text[end : end + 1] == "," and value == value.to_integral() and 0 < value <= MAX_AGE


def _reference_class(text: str, start: int, before: str, figure: Figure) -> Settled | None:
    """ "these 49 micro businesses", "os três estados do Sul": things already named;
    "one of the five destinations": a place among others."""
    if before in figure_context()["back_reference_words"]:
        return "reference", "refers back to things already counted (these, those)"
    article = before in non_figure_words("definite_articles")
    if figure.words and article and not _has_multiplier(figure):
        return "reference", "a number in words after 'the': things already named"
    lead = fold(text[max(0, start - 16) : start]).rstrip()
    if any(lead.endswith(w) for w in non_figure_words("one_of")):
        return "rank", "one of a number of things (one of the five)"
    return None


def _has_multiplier(figure: Figure) -> bool:
    """ "the three million": a number in words with a scale is a quantity."""
    return any(r.value >= 1000 for r in figure.readings)


def _naming_class(text: str, start: int, end: int, before: str) -> Settled | None:
    """A number that names or orders: "No. 5", "#4", "Phase 3", "the top five", "1. ..."."""
    context = figure_context()
    if _NAMING_MARK.search(text[max(0, start - 8) : start]) or before in context["naming_words"]:
        return "rank", "a number that names (No., #, Phase, Level ...)"
    if before in context["ranking_words"]:
        return "rank", "a rank (the top five, the first three)"
    if (
        _LIST_NUMBER.match(text, end)
        and _starts_an_item(text, start)
        and _item_number(text[start:end])
    ):
        return "rank", "the number of an item of a list"
    return None


def _unit_class(before: str, following: list[str]) -> Settled | None:
    """A number whose words make it a length of time, a measurement, a document's length,
    a page or an age."""
    first = following[0] if following else ""
    if before in non_figure_words("age_words_before") or " ".join(following) in non_figure_words(
        "age_words_after"
    ):
        return "age", "an age"
    time_units = figure_context()["time_units"]
    if first in time_units or first + "s" in time_units:
        return "period", "a length of time"
    if first in non_figure_words("measurement_units") or before in non_figure_words(
        "measurement_words"
    ):
        return "measurement", "a measurement of the hazard or the ground"
    if first in non_figure_words("document_length_words"):
        return "document_length", "the length of a document"
    if before in non_figure_words("page_words"):
        return "page_number", "a page number"
    return None


def _digits_class(text: str, start: int, end: int) -> Settled | None:
    """Digits no figure covers: glued to letters or inside a code ("COVID-19", "R4V")."""
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if before.isalpha() or after.isalpha() or before in "-/_" or after in "-/_":
        return "identifier", "digits inside a code or a name"
    return None


def _item_number(printed: str) -> bool:
    """ "1", "12": what numbers the items of a list ("4.120" is a figure ending a
    sentence)."""
    return printed.isdigit() and len(printed) <= 2


def _starts_an_item(text: str, start: int) -> bool:
    """Whether a number opens an item ("...: 1. Regularization; 2. Vocational"): at the
    start of the text or after the end of a sentence or clause."""
    return start == 0 or bool(_ITEM_START.search(text, max(0, start - 6), start))


def _address_class(text: str, end: int, contacts: list[int]) -> Settled | None:
    """A number in a contact block ("Las Flores 275, San Isidro ... T: +511 615 0300"):
    a phone number or an e-mail address (``contacts``) follows it closely, in the same
    sentence."""
    index = bisect.bisect_left(contacts, end)
    if index == len(contacts) or contacts[index] - end > MAX_ADDRESS_REACH:
        return None
    if _SENTENCE_BREAK.search(text, end, contacts[index]):
        return None
    return "identifier", "part of a postal address"


def _bare(figure: Figure | None) -> bool:
    """A number with no currency, percent sign or scale: what an address may hold."""
    return figure is None or not (figure.is_money or figure.percent or figure.scale_text)


def counted_labels(text: str, figures: list[Figure]) -> list[Figure]:
    """The figures, a label's count freed from a percent sign that opens the next label:
    "Countries 6 % of type of assistance 25%" is 6 countries, then "% of ...", since a
    count of countries is never a percentage (``indicators.yaml``)."""
    result = []
    for figure in figures:
        bound = bound_for(_word_before(text, figure.start)) if figure.percent else None
        spaced = figure.text[len(figure.number_text) : len(figure.number_text) + 1].isspace()
        if bound is not None and bound.unit != "percent" and spaced and not figure.is_money:
            end = figure.start + len(figure.number_text)
            figure = figure.model_copy(
                update={"end": end, "text": figure.number_text, "percent": False}
            )
        result.append(figure)
    return result
