"""One parser for every figure a report prints.

``find_figures`` scans a text for figures ("15,781", "1.7 M", "429.700", "98,7 K",
"US$1.200 millones", "USD 957M", "25%", "ten thousand") and returns each with its span,
the printed form and every value it can be read as. A figure like "429.700" has two
readings (429700 with "." as thousands separator, 429.7 with "." as decimal point);
``resolve`` picks one using the document's number convention, inferred by
``infer_convention`` from its unambiguous figures, and what the figure counts. When
neither settles it, ``resolve`` returns no value and the caller records an issue: an
ambiguous figure is never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Literal

from pipeline.models import Convention, Figure, Reading
from pipeline.vocab import fold
from pipeline.vocab.numbers import number_forms

Use = Literal["count", "money", "percent", "any"]

GROUP_SEPARATORS = ",.\u00a0\u202f "
SPACE_SEPARATORS = "\u00a0\u202f "


@dataclass(frozen=True)
class Resolved:
    value: Decimal | None
    reading: Reading | None
    overridden: Convention | None = None  # the document's convention, when set aside


# --- vocabulary-built patterns ---------------------------------------------------------


@dataclass(frozen=True)
class _Patterns:
    figure: re.Pattern[str]
    scales: dict[str, tuple[Decimal, Convention | None]]
    currencies: dict[str, str]


def _alternation(forms: list[str]) -> str:
    return "|".join(
        re.escape(f).replace(r"\ ", r"\s?") for f in sorted(forms, key=len, reverse=True)
    )


@cache
def _patterns() -> _Patterns:
    data = number_forms()
    scales: dict[str, tuple[Decimal, Convention | None]] = {}
    for entry in data["scales"]:
        for form in entry["forms"]:
            scales[form] = (Decimal(entry["factor"]), entry.get("language"))
    currencies = {form: code for code, forms in data["currencies"].items() for form in forms}
    currencies.update({form: "dollar" for form in data["dollar"]})
    symbols = [f for f in currencies if not f[-1].isalpha()]
    codes = [f for f in currencies if f[-1].isalpha()]
    digits = (
        # apostrophes group: 1’234’567, 2’300.000 (millions marked apart), 1'234.50
        r"\d{1,3}(?:[’']\d{3})+(?:[,.]\d{3})*(?:[.,]\d{1,2})?(?![\d,.’']\d)"
        r"|\d{1,2}(?:,\d{2})+,\d{3}(?![\d,.]\d)"  # grouped in lakhs: 12,34,567
        # grouped: 1,234,567 / 1.234,5 (never the first four digits of 1,0000)
        r"|\d{1,3}(?:[,.\u00a0\u202f]\d{3})+(?:[.,]\d+)?(?!\d)"
        # grouped by spaces: 15 155 / 1 250 000 / 1 234 567,89 / 12 345,678
        r"|\d{1,3}(?: \d{3})+(?:,\d+|\.\d{1,2})?(?!\d|[.,]\d)"
        r"|\d+(?:[.,]\d+)?"  # plain: 1234 / 1.7 / 98,7
    )
    figure = re.compile(
        rf"(?:(?P<cur_pre>{_alternation(symbols)})[ \u00a0]?"
        rf"|(?<![\w$])(?P<code_pre>{_alternation(codes)})[ \u00a0\n]?)?"  # may wrap a line
        # a minus sign "−5" (U+2212; a hyphen before digits is a bullet or a joint:
        # "-12,700 people", "COVID-19", "2019-2020")
        rf"(?:(?<![\w.,/\-–−])(?P<sign>−)|(?<![\w.,/–−])(?<![\w.,/–−]-))"
        rf"(?P<num>{digits})"
        rf"(?P<exp>(?:\^|\*\*)[−-]?\d+|(?<=10)[⁰¹²³⁴⁵⁶⁷⁸⁹]+)?"  # 10^6, 10⁶: an exponent
        rf"(?:[ \u00a0\n]?(?P<scale>{_alternation(list(scales))})(?![\w&]))?"
        rf"(?:[ \u00a0]?(?P<pct>{_alternation(data['percent'])})(?![a-z]))?"
        rf"(?:[ \u00a0]?(?:de[ \u00a0])?(?P<cur_post>{_alternation(codes)})(?!\w))?"
    )
    return _Patterns(figure, scales, currencies)


@dataclass(frozen=True)
class _WordNumbers:
    pattern: re.Pattern[str]
    values: dict[str, int]
    multipliers: dict[str, int]
    leading: frozenset[str]
    halves: dict[str, Decimal]
    joins: frozenset[str]
    alone: dict[str, int]


def _forms(words: dict[str, int] | list[str]) -> list[str]:
    return sorted({w.lower() for w in words} | {fold(w) for w in words})


@cache
def _word_numbers(language: str) -> _WordNumbers | None:
    table = number_forms()["word_numbers"].get(language)
    if table is None:
        return None
    units = {fold(w): v for w, v in table["units"].items()}
    leading = {fold(w): v for w, v in table["leading_only"].items()}
    multipliers = {fold(w): v for w, v in table["multipliers"].items()}
    halves = {fold(w): Decimal(str(v)) for w, v in (table.get("halves") or {}).items()}
    joins = table.get("joins") or []
    alone = {fold(w): v for w, v in (table.get("alone") or {}).items()}
    # the words as printed and without their accents ("três", "tres"): both are read
    unit_alt = _alternation(_forms(table["units"]))
    mult_alt = _alternation(_forms(table["multipliers"]))
    lead_alt = _alternation(_forms(table["leading_only"]))
    seconds = _forms(table["units"]) + [w for w in _forms(table["leading_only"]) if len(w) > 2]
    second_alt = _alternation(seconds)  # "sixty-one"
    word = rf"(?:{unit_alt})(?:-(?:{second_alt}))?"
    alternatives = [rf"(?:{lead_alt})\s+(?:{mult_alt})", rf"{word}(?:\s+(?:{mult_alt}))*"]
    if halves:
        half_alt = _alternation(_forms(list(table["halves"])))
        join_alt = _alternation(_forms(joins))
        half = rf"(?:(?:{lead_alt})\s+)?(?:{half_alt})"  # "a half", "medio"
        alternatives = [
            rf"(?:{half_alt})\s+(?:(?:{lead_alt})\s+)?(?:{mult_alt})",  # "half a million"
            # "one and a half million"
            rf"(?:{lead_alt}|{word})\s+(?:{join_alt})\s+{half}\s+(?:{mult_alt})",
            rf"(?:(?:{lead_alt})\s+(?:{mult_alt})|{word}(?:\s+(?:{mult_alt}))+)"
            rf"\s+(?:{join_alt})\s+{half}(?![\w-])",  # "un millón y medio"
            *alternatives,
        ]
    if alone:  # "mil casos", not the scale of "500 mil"
        alone_alt = _alternation(_forms(list(alone)))
        alternatives.append(rf"(?<!\d)(?<!\d\s)(?:{alone_alt})(?:\s+(?:{mult_alt}))*")
    pattern = re.compile(
        rf"(?<![\w-])(?:{'|'.join(alternatives)})(?![\w-])",
        re.IGNORECASE,
    )
    return _WordNumbers(
        pattern,
        {**units, **leading},
        multipliers,
        frozenset(leading),
        halves,
        frozenset(fold(w) for w in joins),
        alone,
    )


# --- reading digits ----------------------------------------------------------------------


def readings_of(number: str) -> tuple[Reading, ...]:
    """Every value the printed digits can mean, with the convention giving each."""
    digits = number
    if "’" in digits or "'" in digits:  # 2’300.000: every mark groups, but a last 1 or 2
        parts = _LAST_DECIMALS.fullmatch(digits)
        assert parts is not None  # the pattern matches every string
        whole, fraction = parts.group(1), parts.group(2)
        value = Decimal(re.sub(r"[’',.]", "", whole) + (f".{fraction}" if fraction else ""))
        return (Reading(value=value, convention=None, decimals=len(fraction or "")),)
    for space in SPACE_SEPARATORS:
        digits = digits.replace(space, "")
    marks = [c for c in digits if c in ",."]
    if not marks:
        return (Reading(value=Decimal(digits), convention=None, decimals=0),)
    if len(set(marks)) == 2:
        decimal_mark = marks[-1]
        return (_split_reading(digits, decimal_mark),)
    mark = marks[0]
    if len(marks) > 1:  # 1,234,567 or 1.234.567: the mark can only group thousands
        return (_grouped_reading(digits, mark),)
    whole, fraction = digits.split(mark)
    if len(fraction) != 3 or whole in ("", "0") or len(whole) > 3:
        return (_decimal_reading(digits, mark),)
    # one mark before exactly three digits: thousands separator or decimal mark
    return (_grouped_reading(digits, mark), _decimal_reading(digits, mark))


_LAST_DECIMALS = re.compile(r"(.*?)(?:[.,](\d{1,2}))?")


def _convention_for_decimal(mark: str) -> Convention:
    return "dot_decimal" if mark == "." else "comma_decimal"


def _grouped_reading(digits: str, mark: str) -> Reading:
    other: Convention = "dot_decimal" if mark == "," else "comma_decimal"
    return Reading(value=Decimal(digits.replace(mark, "")), convention=other, decimals=0)


def _decimal_reading(digits: str, mark: str) -> Reading:
    whole, fraction = digits.split(mark)
    return Reading(
        value=Decimal(f"{whole or '0'}.{fraction}"),
        convention=_convention_for_decimal(mark),
        decimals=len(fraction),
    )


def _split_reading(digits: str, decimal_mark: str) -> Reading:
    group_mark = "," if decimal_mark == "." else "."
    whole, fraction = digits.rsplit(decimal_mark, 1)
    value = Decimal(f"{whole.replace(group_mark, '')}.{fraction}")
    return Reading(
        value=value, convention=_convention_for_decimal(decimal_mark), decimals=len(fraction)
    )


# --- scanning -----------------------------------------------------------------------------


def find_figures(text: str, language: str = "en") -> list[Figure]:
    """Every figure printed in ``text``, in order of position."""
    figures = [_figure_from_match(m, text) for m in _patterns().figure.finditer(text)]
    figures += _word_figures(text, language)
    figures.sort(key=lambda f: (f.start, -f.end))
    result: list[Figure] = []
    for figure in figures:
        if result and figure.start < result[-1].end:
            continue
        result.append(figure)
    return result


def _figure_from_match(match: re.Match[str], text: str) -> Figure:
    patterns = _patterns()
    number = match.group("num")
    scale_text = match.group("scale") or ""
    factor, language = patterns.scales.get(scale_text, (Decimal(1), None))
    currency_text = (
        match.group("cur_pre") or match.group("code_pre") or match.group("cur_post") or ""
    )
    start = match.start("num") if not currency_text or match.group("cur_post") else match.start()
    if match.group("sign") and start == match.start("num"):
        start = match.start("sign")
    end = match.end()
    if currency_text and not scale_text and not match.group("pct"):
        money_scale = _money_scale_pattern().match(text, end)
        if money_scale is not None:  # "USD 86.6 m": million dollars
            scale_text = money_scale.group(1)
            factor, language = _money_scales()[scale_text], None
            end = money_scale.end()
    after = text[end : end + 3]
    ordinal = bool(re.match(r"(st|nd|rd|th|º|ª|°)\b", after)) and not scale_text
    before = text[max(start - 4, 0) : start]
    attached = (
        (bool(re.match(r"[\w]", after[:1])) and not ordinal)
        or bool(re.match(r"-\w|/\d|:\d", after[:2]))  # a code, a date (10/30), a time (8:30)
        or (before[-1:] in ("-", "–") and len(before) > 1 and before[-2].isalnum())
        or (before[-1:] in (":", "/") and len(before) > 1 and before[-2].isdigit())
        or bool(_NUMBERING.search(before))  # "#4", "No. 5", "N° 3": a number that names
    )
    return Figure(
        start=start,
        end=end,
        text=text[start:end],
        number_text=number,
        readings=readings_of(number),
        scale=factor,
        scale_text=scale_text,
        currency=patterns.currencies.get(currency_text.replace("  ", " "), "")
        if currency_text
        else "",
        currency_text=currency_text,
        percent=bool(match.group("pct")),
        local_convention=language,
        ordinal=ordinal,
        attached=attached,
        negative=bool(match.group("sign")),
        exponent=match.group("exp") or "",
    )


@cache
def _money_scales() -> dict[str, Decimal]:
    return {
        form: Decimal(entry["factor"])
        for entry in number_forms().get("money_scales", [])
        for form in entry["forms"]
    }


@cache
def _money_scale_pattern() -> re.Pattern[str]:
    return re.compile(rf"[ \u00a0]?({_alternation(list(_money_scales()))})(?![\w&])")


_NUMBERING = re.compile(r"(?:#|\bN[o°º0]\.?|\bn[o°º]\.)\s*$")


def _word_figures(text: str, language: str) -> list[Figure]:
    table = _word_numbers(language)
    if table is None:
        return []
    figures = []
    for match in table.pattern.finditer(text):
        value = words_to_number(match.group(0), table)
        if value is None:
            continue
        figures.append(
            Figure(
                start=match.start(),
                end=match.end(),
                text=match.group(0),
                number_text=match.group(0),
                readings=(
                    Reading(
                        value=value.quantize(Decimal(1)) if value == value.to_integral() else value,
                        convention=None,
                        decimals=0,
                    ),
                ),
                words=True,
            )
        )
    return figures


@dataclass
class _WordSum:
    """The running sum of a number in words, one word at a time."""

    total: Decimal = Decimal(0)
    current: Decimal = Decimal(0)
    halved: bool = False  # "half a million": the multiplier that follows is halved
    joined: bool = False  # after "and"/"y": "one and a half", "un millón y medio"
    last_factor: int = 0

    def half(self, half: Decimal) -> bool:
        if not self.joined and not self.current and not self.total:
            self.halved = True
        elif self.current:
            self.current += half  # "one and a half million"
        elif self.last_factor:
            self.total += half * self.last_factor  # "a million and a half"
        else:
            return False
        return True

    def multiply(self, factor: int) -> None:
        if not self.current and self.total and factor > self.last_factor:
            self.total, self.last_factor = self.total * factor, factor  # "mil millones"
            return
        self.current = max(self.current, Decimal(1)) * factor
        if self.halved:
            self.current, self.halved = self.current * Decimal("0.5"), False
        if factor >= 1000:
            self.total, self.current, self.last_factor = (
                self.total + self.current,
                Decimal(0),
                factor,
            )


def words_to_number(words: str, table: _WordNumbers) -> Decimal | None:
    """ "ten thousand" -> 10000; "twenty-five" -> 25; "eight million" -> 8000000; "half a
    million" -> 500 thousand; "un millón y medio" -> 1500000; "mil" -> 1000."""
    state = _WordSum()
    for word in re.split(r"[\s-]+", fold(words)):
        if word in table.joins:
            state.joined = True
        elif word in table.halves:
            if not state.half(table.halves[word]):
                return None
        elif state.joined and word in table.leading:
            continue  # the article of "and a half"
        elif word in table.values:
            state.current += table.values[word]
        elif word in table.multipliers or word in table.alone:
            state.multiply(table.multipliers.get(word) or table.alone[word])
        else:
            return None
    value = state.total + state.current
    return value.normalize() if value and value == value.to_integral() else (value or None)


# --- choosing a reading --------------------------------------------------------------------


def infer_convention(figures: list[Figure]) -> Convention:
    """The convention the document's unambiguous figures use, or "unknown"."""
    votes: dict[Convention, int] = {"dot_decimal": 0, "comma_decimal": 0}
    for figure in figures:
        if figure.words or figure.attached or figure.ambiguous:
            continue
        convention = figure.readings[0].convention
        if convention is not None:
            votes[convention] += 1
    dot, comma = votes["dot_decimal"], votes["comma_decimal"]
    if dot > 0 and dot >= 3 * comma:
        return "dot_decimal"
    if comma > 0 and comma >= 3 * dot:
        return "comma_decimal"
    return "unknown"


def resolve(figure: Figure, convention: Convention, use: Use = "any") -> Resolved:
    """The value of ``figure`` in a document printed in ``convention``.

    ``use`` says what the figure is: a count must come out whole, and an amount of money
    printed without a scale has at most two decimals. A reading that breaks this is set
    aside even when the convention prefers it (``overridden`` says so); if no single
    reading is left, the value is None and the caller records the figure as ambiguous.
    """
    if not figure.ambiguous:
        reading = figure.readings[0]
        return Resolved(tidy(reading.value * figure.scale), reading)
    preferred = figure.local_convention or convention
    plausible = [r for r in figure.readings if _plausible(r, figure, use)]
    chosen = next((r for r in plausible if r.convention == preferred), None)
    if chosen is not None:
        return Resolved(tidy(chosen.value * figure.scale), chosen)
    if len(plausible) == 1:
        reading = plausible[0]
        overridden = preferred if preferred != "unknown" else None
        return Resolved(tidy(reading.value * figure.scale), reading, overridden)
    return Resolved(None, None)


def _plausible(reading: Reading, figure: Figure, use: Use) -> bool:
    value = reading.value * figure.scale
    if use == "count":  # "360.000 people" is 360000: a count printed unscaled has no decimals
        return value == value.to_integral_value() and (
            bool(figure.scale_text) or reading.decimals == 0
        )
    if use == "money" and not figure.scale_text:
        return reading.decimals <= 2
    return True


def tidy(value: Decimal) -> Decimal:
    """``value`` without trailing zeros after the decimal mark (1700000.0 -> 1700000)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def plain(value: Decimal) -> str:
    """A number as the contract writes it: no grouping, no exponent, no trailing zeros."""
    if value == value.to_integral_value():
        return str(value.quantize(Decimal(1)))
    return format(value.normalize(), "f")


def with_span(figure: Figure, offset: int) -> Figure:
    """The same figure, its span shifted by ``offset`` (for a figure found in a slice)."""
    return figure.model_copy(update={"start": figure.start + offset, "end": figure.end + offset})
