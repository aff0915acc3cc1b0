"""What a line of report text looks like: a lone figure, a short label, prose, a heading
in capitals.

These readers look at one line at a time and know no stage: ``segment`` uses them to cut
the document into sections, and the panel and table readers to tell labels from values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.models import Figure, Span
from pipeline.text.numbers import find_figures

MAX_LABEL_WORDS = 10


MAX_LABEL_CHARS = 60


MIN_PROSE_WORDS = 9


_TRAILING_WORDS = re.compile(r"(?:\s+[a-záéíóúñç][\w-]*){0,3}")


def line_spans(text: str) -> list[Span]:
    """Every line of ``text`` (empty ones too), with its offsets."""
    spans, start = [], 0
    for line in text.split("\n"):
        spans.append(Span(start=start, end=start + len(line), text=line))
        start += len(line) + 1
    return spans


def mask(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the given spans blanked out by spaces (offsets unchanged)."""
    chars = list(text)
    for start, end in spans:
        for i in range(start, min(end, len(chars))):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


@dataclass(frozen=True)
class ValueLine:
    figure: Figure
    rest: str  # words after the figure ("rent" in "25% rent")


def value_line(text: str, language: str = "en") -> ValueLine | None:
    """The figure when ``text`` is a lone figure, maybe with a few lower-case words."""
    stripped = text.strip()
    if not stripped or not stripped[0].isdigit():
        return None
    figures = find_figures(stripped, language)
    if not figures or figures[0].start != 0 or figures[0].attached or figures[0].ordinal:
        return None
    rest = stripped[figures[0].end :]
    if not _TRAILING_WORDS.fullmatch(rest):
        return None
    return ValueLine(figures[0], rest.strip())


def is_prose(text: str) -> bool:
    words = text.split()
    if len(words) >= MIN_PROSE_WORDS:
        return True
    return len(words) >= 5 and text.rstrip().endswith((".", ";"))


def is_label(text: str) -> bool:
    stripped = text.strip()
    return (
        bool(stripped)
        and len(stripped) <= MAX_LABEL_CHARS
        and len(stripped.split()) <= MAX_LABEL_WORDS
        and not is_prose(stripped)
    )


def is_caps_heading(text: str) -> bool:
    """A line in capitals, like "REGIONAL HIGHLIGHTS" (a glued footnote digit allowed)."""
    letters = [c for c in text if c.isalpha()]
    words = re.findall(r"[^\W\d_]{3,}", text)
    return (
        len(letters) >= 6
        and all(c.isupper() for c in letters)
        and 1 <= len(words) <= 10
        and not any(f.is_money or f.percent for f in find_figures(text))
    )
