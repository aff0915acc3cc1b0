"""What a line of report text looks like: a lone figure, a short label, prose, a heading.

These helpers read one line at a time; ``segment`` uses them to cut the document into
sections, and the panel and table readers to tell labels from values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .models import Span
from .numbers import Figure, find_figures
from .vocab import load_yaml, sector_heading_of, sector_of

MAX_LABEL_WORDS = 10
MAX_LABEL_CHARS = 60
MIN_PROSE_WORDS = 9

_URL = re.compile(
    r"(?:https?://|mailto:|www\.)\S+|\S+@\S+\.\w+|\S+\.(?:info|org|int|com|net)\b/?\S*"
)
_QUOTED = re.compile(r"[“\"¨«][^“”\"¨«»\n]{1,60}(?:\n[^“”\"¨«»\n]{1,60})?[”\"¨»]")
_PHONE = re.compile(
    r"(?:\b(?:tel|tél|phone|telephone|téléphone|mobile|cell|fax|whatsapp)\b\.?:?\s*)[+\d(][\d\s().+/-]{5,}\d"
    r"|\+\d{1,3}[\s.-]?\(?\d{1,4}\)?(?:[\s.-]?\d{2,4}){2,}",
    re.IGNORECASE,
)
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


def non_figure_spans(text: str) -> list[tuple[int, int]]:
    """Addresses, phone numbers and quoted titles, whose digits are not figures."""
    spans = [m.span() for m in _URL.finditer(text)]
    spans += [m.span() for m in _QUOTED.finditer(text)]
    spans += [m.span() for m in _PHONE.finditer(text)]
    return spans


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


@cache
def _regional_words() -> frozenset[str]:
    return frozenset(w.lower() for w in load_yaml("headings.yaml")["regional"])


def is_regional_heading(text: str) -> bool:
    return any(w.lower() in _regional_words() for w in re.findall(r"[^\W\d_]+", text))


def sector_heading(lines: list[Span], index: int) -> tuple[str, int] | None:
    """(sector, number of lines) when a sector name starts at ``lines[index]``.

    A name may be split over two lines ("Humanitarian" / "Transportation").
    """
    first = lines[index].text.strip()
    if not first or len(first) > MAX_LABEL_CHARS:
        return None
    if index + 1 < len(lines):
        second = lines[index + 1].text.strip()
        if second and sector_of(f"{first} {second}"):
            return sector_of(f"{first} {second}"), 2
    sector = sector_heading_of(first)
    return (sector, 1) if sector else None
