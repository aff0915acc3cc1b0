"""Country names to ISO 3166-1 alpha-3 codes, through hdx-python-country (offline), with
pycountry's translations for the languages the OCHA list does not carry (Portuguese).

hdx-python-country carries the OCHA country list with English, French and Spanish
names; it is used with ``use_live=False`` so nothing is downloaded. Exact matches (after
folding case and accents, "&" and a leading article) are trusted. The library's fuzzy
matcher is not: it maps "Santo Domingo" to São Tomé and Príncipe. A fuzzy candidate is
accepted only when the name is close to one of that country's own names, and the caller
is told which method matched so it can report the rest.
"""

from __future__ import annotations

import difflib
import gettext
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Literal

import pycountry
from hdx.location.country import Country

from pipeline.vocab import fold
from pipeline.vocab.language import connectives, strip_determiner
from pipeline.vocab.places import country_aliases

FUZZY_MIN_RATIO = 0.85

Method = Literal["exact", "fuzzy"]


@dataclass(frozen=True)
class CountryMatch:
    iso3: str
    name: str  # the country's preferred English name
    method: Method


@dataclass(frozen=True)
class Rejected:
    """A fuzzy candidate the check refused, kept so the caller can say why."""

    candidate_iso3: str
    candidate_name: str
    ratio: float


@cache
def _data() -> dict:
    return Country.countriesdata(use_live=False)


@cache
def _names() -> dict[str, str]:
    """Folded name -> iso3, for every name the country list knows."""
    index: dict[str, str] = {}
    for name, iso3 in _data()["countrynames2iso3"].items():
        index[_key(name)] = iso3
    for iso3, aliases in country_aliases().items():
        for alias in aliases:
            index[_key(alias)] = iso3
    for iso3, info in _data()["countries"].items():
        for column in (
            "Preferred Term",
            "English Short",
            "ISO Alt Term",
            "M49 English",
            "M49 Spanish",
            "Spanish Short",
            "M49 French",
            "French Short",
        ):
            if info.get(column):
                index.setdefault(_key(info[column]), iso3)
    for key, iso3 in _translated_names():
        index.setdefault(key, iso3)
    return index


TRANSLATIONS = ("pt", "pt_BR", "es", "fr")  # pycountry's locales the OCHA list lacks (pt)


def _translated_names() -> list[tuple[str, str]]:
    """(folded name, iso3) from pycountry's translations of ISO 3166-1: the Portuguese
    names above all ("Uruguai", "Colômbia", "Equador"), and a name's short form before
    its comma ("Venezuela, República Bolivariana da")."""
    found = []
    for language in TRANSLATIONS:
        try:
            translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, [language])
        except OSError:
            continue
        for country in pycountry.countries:
            for attribute in ("name", "common_name", "official_name"):
                english = getattr(country, attribute, None)
                if not english:
                    continue
                name = translation.gettext(english)
                found.append((_key(name), country.alpha_3))
                if "," in name:
                    found.append((_key(name.split(",")[0]), country.alpha_3))
    return found


@cache
def _names_by_iso3() -> dict[str, tuple[str, ...]]:
    grouped: dict[str, list[str]] = {}
    for key, iso3 in _names().items():
        grouped.setdefault(iso3, []).append(key)
    return {iso3: tuple(keys) for iso3, keys in grouped.items()}


def _key(name: str) -> str:
    key = fold(name).replace("&", " and ")
    key = re.sub(r"[^\w' ]+", " ", key)
    return " ".join(key.split())


def name_of(iso3: str) -> str:
    info = _data()["countries"].get(iso3)
    return info["Preferred Term"] if info else iso3


def lookup(name: str) -> CountryMatch | None:
    """The country ``name`` names exactly (case, accents, "&" and an article aside)."""
    iso3 = _names().get(_key(name)) or _names().get(_key(strip_determiner(name)))
    return CountryMatch(iso3, name_of(iso3), "exact") if iso3 else None


def resolve(name: str) -> CountryMatch | Rejected | None:
    """Exact match, else a fuzzy match that passed the check, else what was refused."""
    exact = lookup(name)
    if exact is not None:
        return exact
    if len(_key(name)) < 4:
        return None
    iso3, _ = Country.get_iso3_country_code_fuzzy(name, use_live=False)
    if not iso3:
        return None
    key = _key(name)
    known_names = _names_by_iso3().get(iso3, ("",))
    ratio = max(difflib.SequenceMatcher(None, key, known).ratio() for known in known_names)
    if ratio >= FUZZY_MIN_RATIO and not _derived_word(key, known_names):
        return CountryMatch(iso3, name_of(iso3), "fuzzy")
    return Rejected(iso3, name_of(iso3), round(ratio, 2))


def _derived_word(key: str, known_names: tuple[str, ...]) -> bool:
    """True for a word made from a country's name ("venezuelan" from "venezuela")."""
    return any(
        key != known and key.startswith(known) and " " not in key[len(known) :]
        for known in known_names
    )


def is_country(name: str) -> bool:
    return lookup(name) is not None


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    iso3: str


@cache
def _mention_pattern() -> re.Pattern[str]:
    keys = sorted(_names(), key=len, reverse=True)
    alternatives = []
    for key in keys:
        if len(key) < 4 and key.upper() != key:
            continue
        body = re.escape(key).replace(r"\ ", r"[\s-]+")  # "Timor-Leste", "Guinea Bissau"
        body = body.replace(r"[\s-]+and[\s-]+", r"\s+(?:and|&)\s+")
        alternatives.append(body)
    determiners = "|".join(
        re.escape(w) for w in sorted(connectives("determiners"), key=len, reverse=True)
    )
    return re.compile(rf"(?<![\w-])(?:(?:{determiners})\s+)?(?:{'|'.join(alternatives)})(?![\w-])")


def fold_same_length(text: str) -> str:
    """``fold`` that keeps every character in place, so offsets stay valid."""
    out = []
    for char in text:
        bare = "".join(
            c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
        )
        out.append(bare.lower() if len(bare) == 1 else char.lower())
    return "".join(out).replace("’", "'")


def find_countries(text: str) -> list[Mention]:
    """Every country named in ``text``, with its span."""
    folded = fold_same_length(text)
    mentions = []
    for match in _mention_pattern().finditer(folded):
        found = lookup(match.group(0))
        if found is not None:
            mentions.append(Mention(match.start(), match.end(), found.iso3))
    return mentions


def is_iso3(code: str) -> bool:
    """Whether ``code`` is in the country list."""
    return code in _data()["countries"]


DEMONYM_STEM = 5  # letters a nationality shares with its country's name ("venez")


@cache
def _stems() -> dict[str, str]:
    """Starts of nationality words -> ISO3: the first letters of each country's one-word
    names (when no other country's name starts with them), and its whole short name
    ("peru" of "Peruvians", "haiti" of "haitianos", "chile" of "chilenos")."""
    stems: dict[str, set[str]] = {}
    for key, iso3 in _names().items():
        if " " not in key and len(key) >= DEMONYM_STEM + 1:
            stems.setdefault(key[:DEMONYM_STEM], set()).add(iso3)
    found = {stem: codes.pop() for stem, codes in stems.items() if len(codes) == 1}
    for key, iso3 in _names().items():
        if " " not in key and len(key) >= DEMONYM_STEM - 1 and key.isalpha():
            found.setdefault(key, iso3)
    return found


def nationality_of(word: str, endings: tuple[str, ...]) -> str:
    """The ISO3 of the country ``word`` names the people of ("Venezuelans", "venezolanos",
    "Haitian", "Peruvians"), given the endings nationality words take; "" if it names
    none."""
    key = fold(word)
    if lookup(word) is not None:
        return ""
    bare = key[:-1] if key.endswith("s") else key
    if not bare.endswith(endings):
        return ""
    for size in range(len(key) - 2, DEMONYM_STEM - 2, -1):  # the longest start first
        iso3 = _stems().get(key[:size])
        if iso3:
            return iso3
    return ""
