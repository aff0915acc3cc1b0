"""Stretches of text whose digits are not figures: web and e-mail addresses, phone
numbers, quoted titles.
"""

from __future__ import annotations

import re

from pipeline.models import NonFigure

_URL = re.compile(
    r"(?:https?://|mailto:|www\.)\S+|\S+@\S+\.\w+|\S+\.(?:info|org|int|com|net)\b/?\S*"
)


MAX_QUOTED = 120  # characters of a quoted title, at most
_QUOTED = re.compile(rf"[“\"¨«][^“”\"¨«»]{{1,{MAX_QUOTED}}}[”\"¨»]")


TITLE_WORD = 4  # letters from which a title's words are capitalised

_PHONE = re.compile(
    r"(?:\b(?:tel|tél|phone|telephone|téléphone|mobile|cell|fax|whatsapp)\b\.?:?\s*)[+\d(][\d\s().+/-]{5,}\d"
    r"|\+\d{1,3}[\s.-]?\(?\d{1,4}\)?(?:[\s.-]?\d{2,4}){2,}",
    re.IGNORECASE,
)


def non_figure_spans(text: str) -> list[tuple[int, int, NonFigure, str]]:
    """Addresses, phone numbers and quoted titles, whose digits are not figures: (start,
    end, the class of their numbers, why)."""
    spans: list[tuple[int, int, NonFigure, str]] = [
        (*m.span(), "url", "part of a web or e-mail address") for m in _URL.finditer(text)
    ]
    spans += [
        (*m.span(), "identifier", "inside a quoted title")
        for m in _QUOTED.finditer(text)
        if _is_title(m.group(0))
    ]
    spans += [(*m.span(), "phone_number", "part of a phone number") for m in _PHONE.finditer(text)]
    return spans


def _is_title(quoted: str) -> bool:
    """A quoted name ("Compromiso Bonaerense", "800-Venezuela"), not quoted speech: its
    words of four letters or more are capitalised."""
    words = [w for w in re.findall(r"[^\W\d_]+", quoted) if len(w) >= TITLE_WORD]
    return all(w[0].isupper() for w in words)
