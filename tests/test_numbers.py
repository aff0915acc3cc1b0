"""The number parser: every printed form of a figure the reports use."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.models import Convention
from pipeline.text.numbers import Use, find_figures, infer_convention, plain, resolve


def value(text: str, convention: Convention = "unknown", use: Use = "any") -> Decimal | None:
    figures = find_figures(text)
    assert len(figures) == 1, f"{text!r} gave {[f.text for f in figures]}"
    return resolve(figures[0], convention, use).value


@pytest.mark.parametrize(
    ("text", "convention", "use", "expected"),
    [
        ("1.7 M", "dot_decimal", "count", 1700000),
        ("1.0 M", "dot_decimal", "count", 1000000),
        ("2,31 M", "comma_decimal", "count", 2310000),
        ("98,7 K", "unknown", "count", 98700),
        ("15,781", "dot_decimal", "count", 15781),
        ("2,155,039", "unknown", "count", 2155039),
        ("1.097.010", "unknown", "count", 1097010),
        ("5.6 million", "dot_decimal", "count", 5600000),
        ("3.3 million", "unknown", "count", 3300000),
        ("2.3 billion", "unknown", "money", 2300000000),
        ("USD 957M", "unknown", "money", 957000000),
        ("USD 1.4B", "unknown", "money", 1400000000),
        ("US$23 million", "unknown", "money", 23000000),
        ("US$1.200 millones", "dot_decimal", "money", 1200000000),
        ("1.200 millones de dólares", "unknown", "money", 1200000000),
        ("€ 5,5 millones", "unknown", "money", 5500000),
        ("CHF 10 million", "unknown", "money", 10000000),
        ("EUR 2.5 bn", "unknown", "money", 2500000000),
        ("USD 40 mn", "unknown", "money", 40000000),
        ("R$ 3 milhões", "unknown", "money", 3000000),
        ("10 mil", "unknown", "count", 10000),
        ("$63,000", "dot_decimal", "money", 63000),
        ("25%", "unknown", "percent", 25),
        ("8 percent", "unknown", "percent", 8),
        ("12,5 %", "unknown", "percent", Decimal("12.5")),
        ("ten thousand", "unknown", "count", 10000),
        ("eight million", "unknown", "count", 8000000),
        ("twenty-five", "unknown", "count", 25),
        ("thirteen", "unknown", "count", 13),
    ],
)
def test_printed_forms(text: str, convention: Convention, use: Use, expected: object) -> None:
    assert value(text, convention, use) == Decimal(str(expected))


def test_currency_and_scale_are_kept() -> None:
    figure = find_figures("pledged USD 2.3 billion")[0]
    assert (figure.text, figure.currency, figure.scale_text) == (
        "USD 2.3 billion",
        "USD",
        "billion",
    )
    assert find_figures("$500")[0].currency == "dollar"  # which dollar: decided per document
    assert find_figures("€ 5,5 millones")[0].currency == "EUR"


def test_two_figures_side_by_side() -> None:
    figures = find_figures("R: 12,345,678 N: 45,678,901")
    assert [resolve(f, "unknown").value for f in figures] == [12345678, 45678901]


def test_ambiguous_figure_keeps_both_readings() -> None:
    figure = find_figures("429.700")[0]
    assert figure.ambiguous
    assert sorted(r.value for r in figure.readings) == [Decimal("429.700"), Decimal(429700)]


def test_ambiguous_figure_is_not_guessed_without_a_convention() -> None:
    figure = find_figures("1.500 million")[0]
    assert resolve(figure, "unknown", "money").value is None


def test_a_count_cannot_be_a_fraction() -> None:
    """ "Ecuador - 429.700" in a document writing 1,736,487: a decimal point would give
    429.7 people, so "." groups thousands here, and the override is noted."""
    resolved = resolve(find_figures("429.700")[0], "dot_decimal", "count")
    assert resolved.value == 429700
    assert resolved.overridden == "dot_decimal"


def test_document_convention_settles_an_ambiguous_count() -> None:
    assert value("4,000", "dot_decimal", "count") == 4000
    assert value("4.000", "comma_decimal", "count") == 4000
    assert value("4,000", "comma_decimal", "any") == Decimal("4.000")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15,781 and 2,155,039 and 1.7 M", "dot_decimal"),
        ("1.097.010 y 2,31 M y 98,7 K", "comma_decimal"),
        ("4,000 and 1,725", "unknown"),  # every figure could be read either way
        ("in 2021 and 2022", "unknown"),
    ],
)
def test_convention_is_inferred_from_unambiguous_figures(text: str, expected: str) -> None:
    assert infer_convention(find_figures(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "COVID-19",
        "R4V",
        "Apartado 14-124",
        "Program ¨800-Venezuela¨",
        "two-month campaign",
        "the 16th meeting",
    ],
)
def test_numbers_inside_codes_and_ordinals_are_not_counted(text: str) -> None:
    """Not read as figures at all, or read and marked as glued to a code or an ordinal."""
    counted = [f.text for f in find_figures(text) if not (f.attached or f.ordinal)]
    assert counted == []


def test_words_need_a_multiplier_after_one() -> None:
    assert find_figures("one of the key agencies") == []
    assert value("one million people") == 1000000


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("over half a million refugees", "en", 500000),
        ("one and a half million people", "en", 1500000),
        ("a million and a half people", "en", 1500000),
        ("medio millón de personas", "es", 500000),
        ("un millón y medio de personas", "es", 1500000),
        ("meio milhão de pessoas", "pt", 500000),
        ("um milhão e meio de pessoas", "pt", 1500000),
        ("más de mil casos", "es", 1000),  # "mil" alone is a thousand
        ("mil millones de dólares", "es", 1000000000),
        ("dos mil personas", "es", 2000),
        ("acoge ya 1’500.000 venezolanos", "es", 1500000),  # an apostrophe marks the millions
    ],
)
def test_halves_thousands_and_marked_millions(text: str, language: str, expected: int) -> None:
    figures = find_figures(text, language=language)
    assert len(figures) == 1, [f.text for f in figures]
    assert resolve(figures[0], "unknown", "any").value == expected


def test_the_scale_of_digits_is_not_a_number_in_words() -> None:
    assert [f.text for f in find_figures("casi 500 mil en Ecuador", language="es")] == ["500 mil"]


def test_spanish_words_only_in_spanish() -> None:
    assert find_figures("once they arrived") == []
    assert [f.text for f in find_figures("once personas", language="es")] == ["once"]


def test_plain_form() -> None:
    assert plain(Decimal("1700000.0")) == "1700000"
    assert plain(Decimal("12.50")) == "12.5"


# --- property: print a number in a convention, read it back -----------------------------


def _group(digits: str, mark: str) -> str:
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return mark.join([digits, *groups])


def printed(number: Decimal, convention: Convention, grouped: bool) -> str:
    decimal_mark, group_mark = (".", ",") if convention == "dot_decimal" else (",", ".")
    whole, _, fraction = f"{number:f}".partition(".")
    whole = _group(whole, group_mark) if grouped else whole
    return whole + (decimal_mark + fraction if fraction else "")


amounts = st.one_of(
    st.integers(min_value=0, max_value=10**12).map(Decimal),
    st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False),
    st.decimals(min_value=0, max_value=10**6, places=1, allow_nan=False, allow_infinity=False),
)
conventions = st.sampled_from(["dot_decimal", "comma_decimal"])


@given(number=amounts, convention=conventions, grouped=st.booleans())
def test_round_trip_in_either_convention(
    number: Decimal, convention: Convention, grouped: bool
) -> None:
    assert value(printed(number, convention, grouped), convention) == number


@given(
    number=amounts,
    convention=conventions,
    grouped=st.booleans(),
    currency=st.sampled_from(["USD ", "US$", "$", "€", "EUR ", "CHF "]),
)
def test_round_trip_with_currency(
    number: Decimal, convention: Convention, grouped: bool, currency: str
) -> None:
    figures = find_figures(currency + printed(number, convention, grouped))
    assert len(figures) == 1 and figures[0].is_money
    assert resolve(figures[0], convention, "any").value == number


@given(
    number=st.decimals(min_value=1, max_value=999, places=1, allow_nan=False, allow_infinity=False),
    convention=conventions,
    scale=st.sampled_from(
        [
            ("K", 10**3),
            ("M", 10**6),
            (" million", 10**6),
            (" billion", 10**9),
            ("bn", 10**9),
            (" thousand", 10**3),
        ]
    ),
)
def test_round_trip_with_scale(
    number: Decimal, convention: Convention, scale: tuple[str, int]
) -> None:
    text = printed(number, convention, grouped=False) + scale[0]
    assert value(text, convention) == number * scale[1]


@given(
    number=st.integers(min_value=0, max_value=100),
    convention=conventions,
    places=st.integers(min_value=0, max_value=1),
)
def test_round_trip_percent(number: int, convention: Convention, places: int) -> None:
    amount = Decimal(number) / (10**places) if number < 100 else Decimal(number)
    figures = find_figures(printed(amount, convention, grouped=False) + "%")
    assert figures[0].percent
    assert resolve(figures[0], convention, "percent").value == amount


UNITS = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
TEENS = [
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def in_words(number: int) -> str:
    if number < 10:
        return UNITS[number]
    if number < 20:
        return TEENS[number - 10]
    tens, units = divmod(number, 10)
    return TENS[tens] + (f"-{UNITS[units]}" if units else "")


@given(
    number=st.integers(min_value=2, max_value=99),
    multiplier=st.sampled_from(
        [("", 1), (" hundred", 100), (" thousand", 1000), (" million", 10**6)]
    ),
)
def test_round_trip_in_words(number: int, multiplier: tuple[str, int]) -> None:
    assert value(in_words(number) + multiplier[0]) == number * multiplier[1]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 234 567,89", Decimal("1234567.89")),  # spaces group, a comma marks decimals
        ("2 500 000.", 2500000),  # grouped by spaces at the end of a sentence
        ("1’234’567", 1234567),  # apostrophes group
        ("1'500.000", 1500000),  # the apostrophe marks millions, the dot thousands
        ("1'234.50", Decimal("1234.50")),  # Swiss: apostrophes group, a dot marks decimals
        ("4\u202f300\u202f000", 4300000),  # narrow no-break spaces
    ],
)
def test_every_group_separator_reads_the_whole_number(text: str, expected: object) -> None:
    assert value(text) == expected


def test_a_minus_sign_and_a_power_are_kept_on_the_figure() -> None:
    (minus,) = find_figures("a change of −5 people")
    assert minus.negative and minus.text == "−5"
    (power,) = find_figures("about 10^6 people")
    assert power.exponent == "^6" and power.text == "10^6"
    (bullet,) = find_figures("\n-12,700 people reached")  # a hyphen bullet, not a sign
    assert not bullet.negative and bullet.text == "12,700"
