"""Every numeric token of a text: the figures ``numbers.find_figures`` reads (digits with
their separators, sign, scale and currency, or a number in words), the spans already
known to hold a number (footnote marks), and every other run of digits, which none of
them covers ("COVID-19", the digits of an address or a phone number): nothing numeric is
left out of the ledger.
"""

from __future__ import annotations

import itertools
import re

# a run of digits with what joins digits inside one number: group and decimal marks,
# the colon of a time, the slash of a date or a code
DIGIT_RUN = re.compile(r"\d+(?:[.,:/’\u00a0\u202f]\d+)*")
_DIGITS = re.compile(r"\d+")


def numeric_tokens(text: str, known: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(start, end) of every numeric token of ``text`` in text order: the ``known`` spans
    (figures, footnote marks), then each run of digits, or the part of it, none of them
    covers."""
    covered = sorted(known)
    tokens = list(covered)
    index = 0
    for match in DIGIT_RUN.finditer(text):
        while index < len(covered) and covered[index][1] <= match.start():
            index += 1
        inside = []
        for span in itertools.islice(covered, index, None):
            if span[0] >= match.end():
                break
            inside.append(span)
        if not inside:  # a run no known span touches is one token ("8:30", "A/80/86")
            tokens.append(match.span())
            continue
        position = match.start()
        for start, end in inside:
            tokens += _digits(text, position, min(start, match.end()))
            position = max(position, end)
        tokens += _digits(text, position, match.end())
    return sorted(set(tokens))


def _digits(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The digit runs of text[start:end] (what is left of a run once covered parts go)."""
    if start >= end:
        return []
    return [(start + m.start(), start + m.end()) for m in _DIGITS.finditer(text[start:end])]
