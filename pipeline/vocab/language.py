"""Words of the languages reports are written in: connectives (``connectives.yaml``), the
common short words that tell the language (``languages.yaml``) and the calendar's month
names, range words and ordinals (``calendar.yaml``).
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.vocab import fold
from pipeline.vocab.files import load_yaml


@cache
def connectives(role: str) -> frozenset[str]:
    """The small words of ``role`` in ``connectives.yaml`` ("and", "of", "in", ...), folded."""
    return frozenset(fold(w) for w in load_yaml("connectives.yaml")[role])


def connective_pattern(role: str) -> str:
    """A regex alternation of the words of ``role``."""
    words = sorted(load_yaml("connectives.yaml")[role], key=len, reverse=True)
    return "|".join(re.escape(w) for w in words)


def strip_determiner(text: str) -> str:
    """``text`` without a leading article ("the Azuay Province" -> "Azuay Province")."""
    words = text.split(maxsplit=1)
    if len(words) == 2 and fold(words[0]) in connectives("determiners"):
        return words[1]
    return text


@cache
def months() -> dict[str, int]:
    return {
        fold(name): int(number)
        for number, names in load_yaml("calendar.yaml")["months"].items()
        for name in names
    }


@cache
def language_words() -> dict[str, frozenset[str]]:
    return {lang: frozenset(words) for lang, words in load_yaml("languages.yaml").items()}


@cache
def calendar_words(key: str) -> tuple[str, ...]:
    """A word list of ``calendar.yaml``: ``range_joins`` ("to", "-", "al"),
    ``quarter_words`` ("quarter", "trimestre")."""
    return tuple(str(w) for w in load_yaml("calendar.yaml")[key])


@cache
def quarter_ordinals() -> dict[str, int]:
    """Folded ordinal ("2nd", "segundo") -> the number of the quarter it names."""
    return {fold(str(k)): int(v) for k, v in load_yaml("calendar.yaml")["ordinals"].items()}
