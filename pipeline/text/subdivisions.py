"""Places inside a country (ISO 3166-2 subdivisions, through pycountry, offline): a
figure "in La Guajira" or a report about "Roraima" and "Paraná" is about Colombia or
Brazil.

Only names that tell their country for sure are kept: a name two countries' subdivisions
share ("Amazonas", "Bolívar"), a name that is also a country's ("Panamá", "Georgia"),
and a name that is also a common word in the languages the reports are written in
("Para", "Este", "Central", "Mayo") are left out. A mention must be capitalised as a
name is ("La Guajira", "LA GUAJIRA"), never "para" or "mayo".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pycountry
from wordfreq import zipf_frequency

from pipeline.text import countries
from pipeline.vocab import fold

COMMON_WORD_ZIPF = 5.0  # a word this frequent (or more) in a report language is no name
MIN_NAME_CHARS = 4
LANGUAGES = ("en", "es", "pt", "fr")


@dataclass(frozen=True)
class Subdivision:
    start: int
    end: int
    iso3: str
    name: str


@cache
def _names() -> dict[str, str]:
    """Folded subdivision name -> the ISO3 of its country, for names only one country's
    subdivisions carry and no country carries."""
    by_name: dict[str, set[str]] = {}
    for subdivision in pycountry.subdivisions:
        by_name.setdefault(fold(subdivision.name), set()).add(subdivision.country_code)
    kept: dict[str, str] = {}
    for key, codes in by_name.items():
        if len(codes) != 1 or len(key) < MIN_NAME_CHARS or countries.lookup(key) is not None:
            continue
        country = pycountry.countries.get(alpha_2=codes.pop())
        if country is not None:
            kept[key] = country.alpha_3
    return kept


@cache
def _common_word(key: str) -> bool:
    """Whether a one-word name is also a common word ("para", "este"): looked up only for
    the names a text holds, so the word lists load only when needed."""
    return " " not in key and any(
        zipf_frequency(key, lang) >= COMMON_WORD_ZIPF for lang in LANGUAGES
    )


@cache
def _pattern() -> re.Pattern[str]:
    names = sorted(_names(), key=len, reverse=True)
    body = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])")


def find_subdivisions(text: str) -> list[Subdivision]:
    """Every subdivision named in ``text`` as a name (capitalised, and not the end of a
    longer name: "América Latina", "Gema Cortes", "Trinidad and Tobago"), with its
    country."""
    folded = countries.fold_same_length(text)
    taken = [(m.start, m.end) for m in countries.find_countries(text)]
    found = []
    for match in _pattern().finditer(folded):
        printed = text[match.start() : match.end()]
        key = " ".join(match.group(0).split())
        if (
            not _capitalised(printed)
            or _common_word(key)
            or _after_a_name(text, match.start())
            or any(s < match.end() and match.start() < e for s, e in taken)
        ):
            continue
        found.append(Subdivision(match.start(), match.end(), _names()[key], printed))
    return found


def _after_a_name(text: str, start: int) -> bool:
    """Whether a capitalised word runs straight into ``start`` ("Gema Cortes")."""
    before = text[max(0, start - 40) : start]
    match = re.search(r"([^\W\d_][\w’'-]*)[ \u00a0]$", before)
    return match is not None and match.group(1)[:1].isupper()


def _capitalised(printed: str) -> bool:
    """ "La Guajira", "Rio Grande do Sul", "LA GUAJIRA": its long words start upper case."""
    words = [w for w in printed.split() if len(w) > 3]
    return bool(words) and all(w[:1].isupper() for w in words)
