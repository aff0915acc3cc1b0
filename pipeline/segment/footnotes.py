"""Footnotes: the marks in the text ("RESPONSE1", "2021²") and the notes they point to.

A note is a number (or superscript) followed by its text, "1. Results of regional RMRP
projects", printed after other words. A number glued to a word ("RESPONSE1") or to a
year ("20212") is a footnote mark when a note with that number is printed too; marks
and notes are found together, from the words alone, whatever the line breaks.
Superscript digits (set small and raised in the PDF) are marks anyway.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.models import Span

_SUPERSCRIPT_MARK = re.compile(r"(?<=\S)[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,2}")
_PLAIN_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
# a note's number glued to a word of four letters or more ("RESPONSE1"); after fewer
# letters it is a code ("Q3", "P5", "KEQ2")
_GLUED_MARKER = re.compile(r"(?<=[^\W\d_]{4})(\d{1,2})(?=[\s:,.;)]|$)")
_YEAR_MARKER = re.compile(r"(?<!\d)((?:19|20)\d\d)(\d{1,2})(?!\d)")
# a note: its number, after a space, then its text ("1. Results", "2 In addition")
_NOTE = re.compile(r"(?:(?<=\s)|^)(\d{1,2}|[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,2})[.)]?\s+(?=[A-ZÁÉÍÓÚÑ])")


@dataclass(frozen=True)
class Footnotes:
    markers: list[Span]  # marks in the text
    notes: list[int]  # offsets where a note's number starts


def note_number(text: str) -> int:
    return int(text.translate(_PLAIN_DIGITS))


def find_footnotes(text: str, not_notes: frozenset[int] | set[int] = frozenset()) -> Footnotes:
    """The footnote marks and the notes of ``text``: a glued number is a mark, and a
    number before words a note, only when both are printed with the same number.
    ``not_notes``: where numbers start that the layout says are no note (a numbered
    paragraph's number)."""
    glued = [(m.start(1), m.group(1)) for m in _GLUED_MARKER.finditer(text)]
    glued += [(m.start(2), m.group(2)) for m in _YEAR_MARKER.finditer(text)]
    raised = [(m.start(), m.group(0)) for m in _SUPERSCRIPT_MARK.finditer(text)]
    candidates = [
        (m.start(1), m.group(1)) for m in _NOTE.finditer(text) if m.start(1) not in not_notes
    ]
    numbers = {note_number(t) for _, t in glued + raised}
    notes = [start for start, t in candidates if note_number(t) in numbers]
    noted = {note_number(t) for start, t in candidates if start in notes}
    markers = [Span(start=s, end=s + len(t), text=t) for s, t in raised]
    markers += [Span(start=s, end=s + len(t), text=t) for s, t in glued if note_number(t) in noted]
    note_starts = set(notes)
    markers = [m for m in markers if m.start not in note_starts]
    return Footnotes(sorted(markers, key=lambda m: m.start), notes)
