"""Footnote markers ("RESPONSE1", "2021²") and the footnote lines they point to."""

from __future__ import annotations

import re

from pipeline.models import (
    Span,
)

FOOTNOTE_LINE = re.compile(r"^(\d{1,2}|[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,2})[.)]?\s*[A-Z]")


_SUPERSCRIPT_MARK = re.compile(r"(?<=\S)[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,2}")


_PLAIN_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


# a note's number glued to a word of four letters or more ("RESPONSE1"); after fewer
# letters it is a code ("Q3", "P5", "KEQ2")
_GLUED_MARKER = re.compile(r"(?<=[^\W\d_]{4})(\d{1,2})(?=[\s:,.;)]|$)")


_YEAR_MARKER = re.compile(r"(?<!\d)((?:19|20)\d\d)(\d{1,2})(?!\d)")


def note_number(text: str) -> int:
    return int(text.translate(_PLAIN_DIGITS))


def footnote_markers(text: str, lines: list[Span]) -> list[Span]:
    """Footnote numbers glued to a word ("RESPONSE1") or a year ("20212")."""
    notes = {note_number(m.group(1)) for line in lines if (m := FOOTNOTE_LINE.match(line.text))}
    markers: list[Span] = []
    for line in lines:
        if FOOTNOTE_LINE.match(line.text):
            continue
        for match in _SUPERSCRIPT_MARK.finditer(line.text):  # set small and raised in the PDF
            start = line.start + match.start()
            markers.append(Span(start=start, end=start + len(match.group(0)), text=match.group(0)))
        for match in _GLUED_MARKER.finditer(line.text):
            if int(match.group(1)) in notes:
                start = line.start + match.start(1)
                markers.append(
                    Span(start=start, end=start + len(match.group(1)), text=match.group(1))
                )
        for match in _YEAR_MARKER.finditer(line.text):
            if int(match.group(2)) in notes:
                start = line.start + match.start(2)
                markers.append(
                    Span(start=start, end=start + len(match.group(2)), text=match.group(2))
                )
    return sorted(markers, key=lambda m: m.start)
