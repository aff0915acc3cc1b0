"""Ranges: "3–5 million people", "between 300 and 500 families", "de 2 a 4 millones".

A range is two ends, not one figure: recording either end would publish a number the
report does not state. Each range becomes the issue ``figure-range`` over both ends, and
its figures are claimed so that no later reader takes one end for the figure. A change
("rose from 300 to 500") is not a range and is left to the readers. This reader runs
first and makes no records.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache

from pipeline.extract.context import Context
from pipeline.models import CountryFigure, Figure
from pipeline.text.numbers import find_figures, resolve
from pipeline.vocab import fold
from pipeline.vocab.language import connective_pattern, connectives

_WORD_BEFORE = re.compile(r"([^\W\d_][\w’'-]*)\s*$")


@cache
def _joint() -> re.Pattern[str]:
    """The word or dash between the two ends, and the number that follows it."""
    return re.compile(
        rf"\s*(?:[–—-]|(?:{connective_pattern('range_to')})\s)\s*(?=\d)", re.IGNORECASE
    )


@cache
def _between_joint() -> re.Pattern[str]:
    return re.compile(rf"\s+(?:{connective_pattern('and')})\s+(?=\d)", re.IGNORECASE)


def extract(context: Context) -> list[CountryFigure]:
    for figure in context.figures:
        if context.is_claimed(figure) or context.is_non_figure(figure) or figure.attached:
            continue
        end = _range_end(context, figure)
        if end is None:
            continue
        other = next((f for f in context.figures_in(figure.end, end) if f.end == end), None)
        if other is not None and context.is_non_figure(other):
            continue  # "1 to 3 months": a length of time, a non-figure
        context.issue(
            "figure-range", figure.start, end, figure=context.doc.text[figure.start : end]
        )
        context.claim(figure)
        if other is not None:
            context.claim(other)
    return []


def _range_end(context: Context, figure: Figure) -> int | None:
    """Where the range that ``figure`` opens ends, or None if it opens none."""
    text = context.scan_text
    before = _WORD_BEFORE.search(text, max(0, figure.start - 30), figure.start)
    word = fold(before.group(1)) if before else ""
    if word in connectives("range_from"):  # "from 300 to 500": a change, not a range
        return None
    joint = (_between_joint() if word in connectives("range_between") else _joint()).match(
        text, figure.end
    )
    if joint is None:
        return None
    found = find_figures(text[joint.end() : joint.end() + 60], context.doc.language)
    if not found or found[0].start != 0 or found[0].attached:
        return None
    second = found[0]
    if second.currency and figure.currency and second.currency != figure.currency:
        return None
    low, high = _value(context, figure, second.scale), _value(context, second, second.scale)
    if low is None or high is None or not low < high:
        return None
    return joint.end() + second.end


def _value(context: Context, figure: Figure, scale: Decimal) -> Decimal | None:
    """The figure's value, with the other end's scale when it prints none ("3–5 million")."""
    value = resolve(figure, context.doc.convention).value
    if value is None:
        return None
    return value if figure.scale_text else value * scale
