"""The words that say whether a figure's activity was done, is planned or is needed
(``statuses.yaml``), per language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.vocab import fold, phrase_pattern
from pipeline.vocab.files import load_yaml

DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True)
class StatusWords:
    intent: re.Pattern[str]  # "plans to", "will": what follows is planned
    target: re.Pattern[str]  # "targeted", "a target of"
    need: re.Pattern[str]  # "in need", "require"
    done: frozenset[str]  # folded words of work done besides past verb forms ("completed")
    past_endings: tuple[str, ...]
    future_endings: tuple[str, ...]
    participle_endings: tuple[str, ...]

    def is_past(self, word: str) -> bool:
        return _ends(word, self.past_endings)

    def is_future(self, word: str) -> bool:
        return _ends(word, self.future_endings)

    def is_participle(self, word: str) -> bool:
        return _ends(word, self.participle_endings)


MIN_STEM = 1  # letters a word keeps before one of its endings, at least ("será")


def _ends(word: str, endings: tuple[str, ...]) -> bool:
    lower = word.lower()
    return any(lower.endswith(e) and len(lower) - len(e) >= MIN_STEM for e in endings)


@cache
def status_words(language: str) -> StatusWords:
    """The status words of ``language`` (English for a language with none)."""
    table = load_yaml("statuses.yaml")
    entry = table.get(language) or table[DEFAULT_LANGUAGE]
    return StatusWords(
        intent=_pattern(entry["intent"]),
        target=_pattern(entry["target"]),
        need=_pattern(entry["need"], entry.get("need_patterns", [])),
        done=frozenset(fold(w) for w in entry["done"]),
        past_endings=tuple(entry["past_endings"]),
        future_endings=tuple(entry["future_endings"]),
        participle_endings=tuple(entry["participle_endings"]),
    )


def _pattern(phrases: list[str], patterns: list[str] | None = None) -> re.Pattern[str]:
    """The phrases (and regular expressions) as one pattern over folded text (accents
    and case ignored)."""
    words = phrase_pattern([fold(p) for p in phrases])
    if not patterns:
        return words
    return re.compile(rf"{words.pattern}|(?<!\w)(?:{'|'.join(patterns)})(?!\w)", re.IGNORECASE)
