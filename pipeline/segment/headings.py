"""Heading lines: a sector's name (maybe over two lines), a heading that makes its section
regional.
"""

from __future__ import annotations

import re

from pipeline.models import Span
from pipeline.text.lines import MAX_LABEL_CHARS
from pipeline.vocab.places import regional_heading_words
from pipeline.vocab.sectors import sector_heading_of, sector_of


def is_regional_heading(text: str) -> bool:
    return any(w.lower() in regional_heading_words() for w in re.findall(r"[^\W\d_]+", text))


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
