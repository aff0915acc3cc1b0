"""Headings: the words that make a heading's section regional ("REGIONAL HIGHLIGHTS")."""

from __future__ import annotations

import re

from pipeline.vocab.places import regional_heading_words


def is_regional_heading(text: str) -> bool:
    return any(w.lower() in regional_heading_words() for w in re.findall(r"[^\W\d_]+", text))
