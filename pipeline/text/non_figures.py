"""Stretches of text whose digits are not figures: web and e-mail addresses, phone
numbers, quoted titles.
"""

from __future__ import annotations

import re

_URL = re.compile(
    r"(?:https?://|mailto:|www\.)\S+|\S+@\S+\.\w+|\S+\.(?:info|org|int|com|net)\b/?\S*"
)


_QUOTED = re.compile(r"[“\"¨«][^“”\"¨«»\n]{1,60}(?:\n[^“”\"¨«»\n]{1,60})?[”\"¨»]")


_PHONE = re.compile(
    r"(?:\b(?:tel|tél|phone|telephone|téléphone|mobile|cell|fax|whatsapp)\b\.?:?\s*)[+\d(][\d\s().+/-]{5,}\d"
    r"|\+\d{1,3}[\s.-]?\(?\d{1,4}\)?(?:[\s.-]?\d{2,4}){2,}",
    re.IGNORECASE,
)


def non_figure_spans(text: str) -> list[tuple[int, int]]:
    """Addresses, phone numbers and quoted titles, whose digits are not figures."""
    spans = [m.span() for m in _URL.finditer(text)]
    spans += [m.span() for m in _QUOTED.finditer(text)]
    spans += [m.span() for m in _PHONE.finditer(text)]
    return spans
