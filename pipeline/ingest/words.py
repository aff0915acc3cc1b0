"""Glyphs to words, the way pdfplumber's ``extract_words`` groups them (its defaults).

Upright glyphs are clustered into lines by their top (3 pt tolerance) and read left to
right; rotated glyphs into columns by their left edge and read top to bottom. A word
ends at a space, at a gap wider than 3 pt, or where the next glyph steps back. Keeping
pdfplumber's rules keeps the words, and so the records, what they were when pdfplumber
read the whole page.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby
from typing import TYPE_CHECKING

from pipeline.ingest.page_layout import Word, with_superscript
from pipeline.vocab.typography import ligature_glyphs

if TYPE_CHECKING:
    from pipeline.ingest.pdfium import Glyph

TOLERANCE = 3.0  # points, across and along a line (pdfplumber's x/y_tolerance)


def page_words(glyphs: list[Glyph]) -> list[Word]:
    """The words of a page's glyphs, line by line from the top."""
    words: list[Word] = []
    for upright in (True, False):
        run = [g for g in glyphs if g.upright is upright]
        for line in _lines(run, upright) if run else ():
            words.extend(_word(chars) for chars in _split(line, upright))
    return words


def _lines(glyphs: list[Glyph], upright: bool) -> Iterator[list[Glyph]]:
    """Clusters of glyphs whose tops (rotated: left edges) chain within the tolerance."""

    def across(g: Glyph) -> float:
        return g.top if upright else g.x0

    values = sorted({across(g) for g in glyphs})
    cluster: dict[float, int] = {}
    number, last = 0, None
    for value in values:
        if last is not None and value > last + TOLERANCE:
            number += 1
        cluster[value] = number
        last = value
    ordered = sorted(glyphs, key=lambda g: cluster[across(g)])
    for _, line in groupby(ordered, key=lambda g: cluster[across(g)]):
        yield sorted(line, key=(lambda g: g.x0) if upright else (lambda g: g.top))


def _split(line: list[Glyph], upright: bool) -> Iterator[list[Glyph]]:
    word: list[Glyph] = []
    for glyph in line:
        if glyph.text == " ":
            if word:
                yield word
            word = []
        elif word and _begins_word(word[-1], glyph, upright):
            yield word
            word = [glyph]
        else:
            word.append(glyph)
    if word:
        yield word


def _begins_word(prev: Glyph, curr: Glyph, upright: bool) -> bool:
    if upright:
        start, end, here, prev_across, curr_across = prev.x0, prev.x1, curr.x0, prev.top, curr.top
    else:
        start, end, here = prev.top, prev.bottom, curr.top
        prev_across, curr_across = prev.x0, curr.x0
    return here < start or here > end + TOLERANCE or abs(curr_across - prev_across) > TOLERANCE


def _word(chars: list[Glyph]) -> Word:
    ligatures = ligature_glyphs()
    text = "".join(ligatures.get(c.text, c.text) for c in chars)
    sizes = [c.size for c in chars]
    x1 = max(c.x1 for c in chars)
    word = Word(
        text,
        min(c.x0 for c in chars),
        min(c.top for c in chars),
        x1,
        max(c.bottom for c in chars),
        max(sizes),
        edges=(*(round(c.x0, 2) for c in chars), round(x1, 2)) if len(chars) == len(text) else (),
    )
    return with_superscript(word, sizes, [c.bottom for c in chars])
