"""A text as a stream of words, figures and punctuation, whitespace left out.

What a reader sees of a report is its words, numbers and marks in order; how the lines
were broken is not part of it. Every structure the pipeline finds (headings, labels and
values, table cells, sentences) is found in this stream, so a text whose line breaks
are lost reads the same as the well-broken one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from pipeline.models import Figure
from pipeline.vocab import fold

# "break": a paragraph break, which the readers of a figure's words stop at
# (``extract/phrases.tokenize``); this module's stream has none
TokenKind = Literal["word", "figure", "punct", "break"]

_WORD = re.compile(r"(?:[^\W\d_]|\d(?=[^\W\d_]))[\w’'&/.-]*[\w]|[^\W\d_]|&")
_PUNCT = re.compile(r"[.,;:!?()“”\"¨«»\[\]•▪●◦■►➢\uf0b7\uf0a7§*|–—%#-]")
_WHITESPACE = re.compile(r"\s")
_SPACE_NOT_TAB = re.compile(r"[^\S\t]")


@dataclass(frozen=True)
class Token:
    kind: TokenKind
    text: str
    start: int
    end: int
    figure: Figure | None = None

    @cached_property
    def key(self) -> str:
        return fold(self.text)

    @property
    def is_capitalised(self) -> bool:
        return self.kind == "word" and self.text[:1].isupper()

    @property
    def is_upper(self) -> bool:
        """A word in capitals ("HIGHLIGHTS", "WASH"; a glued note mark aside: "RESPONSE1")."""
        letters = [c for c in self.text if c.isalpha()]
        return self.kind == "word" and len(letters) >= 2 and all(c.isupper() for c in letters)

    @property
    def is_lower(self) -> bool:
        return self.kind == "word" and self.text[:1].islower()


def mask(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the given spans blanked out by spaces (offsets unchanged)."""
    chars = list(text)
    for start, end in spans:
        for i in range(start, min(end, len(chars))):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def cells_flat(text: str) -> str:
    """``text`` flattened as ``flat`` does, but its tabs kept: a tab parts two cells of a
    table, so two numbers on either side of one ("410<TAB>265") are never one number
    grouped by a space."""
    return _SPACE_NOT_TAB.sub(" ", text)


def flat(text: str) -> str:
    """``text`` with every whitespace character a space: same length, same offsets, and
    nothing a reader could take for a line structure."""
    return _WHITESPACE.sub(" ", text)


def tokenize(
    text: str, figures: Sequence[Figure], start: int = 0, end: int | None = None
) -> list[Token]:
    """The words, figures and punctuation of text[start:end], in order. ``figures`` (in
    text order) take their span whole; a word may not end in a full stop ("U.S" and "."),
    so the stop stays a token of its own."""
    end = len(text) if end is None else end
    tokens: list[Token] = []
    position = start
    for figure in figures:
        if figure.end <= start or figure.start < position:
            continue
        if figure.start >= end:
            break
        tokens += _plain(text, position, figure.start)
        tokens.append(Token("figure", figure.text, figure.start, figure.end, figure))
        position = figure.end
    tokens += _plain(text, position, end)
    return tokens


def _plain(text: str, start: int, end: int) -> list[Token]:
    found = [
        Token("word", m.group(0), m.start(), m.end()) for m in _WORD.finditer(text, start, end)
    ]
    found += [
        Token("punct", m.group(0), m.start(), m.end()) for m in _PUNCT.finditer(text, start, end)
    ]
    found.sort(key=lambda t: t.start)
    result: list[Token] = []
    for token in found:  # a mark inside a word ("U.S", "socio-economic") is the word's
        if result and token.start < result[-1].end:
            continue
        result.append(token)
    return result
