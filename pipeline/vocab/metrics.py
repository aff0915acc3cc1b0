"""The English words of a metric (``metric_words.yaml``): a country figure's metric is
English snake_case whatever the report's language (docs/metrics.md)."""

from __future__ import annotations

import re
from functools import cache

from pipeline.vocab import fold
from pipeline.vocab.files import load_yaml


@cache
def _table() -> dict[str, object]:
    data: dict[str, object] = load_yaml("metric_words.yaml")
    return data


@cache
def _words() -> dict[str, str]:
    words = _table()["words"]
    assert isinstance(words, dict)
    return {fold(k): str(v) for k, v in words.items()}


@cache
def _drop() -> frozenset[str]:
    return frozenset(fold(w) for w in _table()["drop"])  # type: ignore[attr-defined]


@cache
def _head_first() -> frozenset[str]:
    return frozenset(fold(w) for w in _table()["head_first"])  # type: ignore[attr-defined]


def english_words(words: tuple[str, ...], language: str) -> str:
    """What a figure counts, as English snake_case: "casos de sarampión confirmados" ->
    confirmed_measles_cases, "kits de higiene" -> hygiene_kits; English words as they are."""
    keys = [fold(w) for w in words]
    if language == "en":
        return snake(" ".join(keys))
    keys = [k for k in keys if k not in _drop()]
    if len(keys) > 1 and keys[0] in _head_first():
        keys = [*keys[1:], keys[0]]  # the head noun last, as English puts it
    english = [_words().get(k, k) for k in keys]
    participles = [w for w in english[:-1] if w.endswith("ed")]
    others = [w for w in english[:-1] if not w.endswith("ed")]
    return snake(" ".join([*participles, *others, *english[-1:]]))


def snake(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", fold(text)).strip("_")
