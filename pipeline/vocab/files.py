"""Reading the data files: the one place that opens them (each is read once per process).

YAML reads a bare on/off/yes/no as true/false; in a word list that is a lost word, so the
loader refuses it.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

import yaml

from pipeline.errors import VocabularyError

DATA = "data"


def _read(name: str) -> str:
    try:
        return resources.files("pipeline").joinpath(DATA).joinpath(name).read_text(encoding="utf-8")
    except FileNotFoundError as exc:  # pragma: no cover - an installation defect
        raise VocabularyError(f"vocabulary file {name} is missing from the package") from exc


@cache
def load_yaml(name: str) -> Any:
    try:
        data = yaml.safe_load(_read(name))
    except yaml.YAMLError as exc:
        raise VocabularyError(f"vocabulary file {name} is not valid YAML: {exc}") from exc
    _check_words(name, data)
    return data


def _check_words(name: str, data: Any) -> None:
    """YAML reads a bare on/off/yes/no as true/false: in a word list that is a lost word."""
    if isinstance(data, dict):
        for value in data.values():
            _check_words(name, value)
    elif isinstance(data, list):
        for item in data:
            if isinstance(item, bool):
                raise VocabularyError(
                    f"vocabulary file {name} has a word YAML read as {item}: quote it ('on', 'no')"
                )
            _check_words(name, item)


@cache
def load_jsonl(name: str) -> tuple[dict[str, Any], ...]:
    rows = []
    for number, line in enumerate(_read(name).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise VocabularyError(f"{name} line {number} is not valid JSON: {exc}") from exc
    return tuple(rows)
