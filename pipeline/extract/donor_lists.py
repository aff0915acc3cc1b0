"""Donor lists: a header naming a donor column and an amount column, then each donor's
name followed by its amount.

"Top partners by contributions received, 2024 / Sector Donor Amount (US$) / Public Norway
5,120,000 / Italy 640,500 / Private Dutch Committee for UNICEF 1,020,300 / Grand Total
6,780,800": read with its lines or without them, each amount is one statement of the kind
the header or the title above it names ("received"), in the currency the header gives
("(US$)"), with the donor printed before it; a total row gives a statement with no donor.
A list whose kind no word names gives the issue money-kind-unknown for each amount, and
one whose currency is printed nowhere the issue money-currency-unknown: neither is guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.extract.context import Context
from pipeline.extract.pledges import title_kind
from pipeline.models import Figure, Pledge
from pipeline.text import countries
from pipeline.vocab import fold, spaced
from pipeline.vocab.money import donor_columns, table_columns, total_rows
from pipeline.vocab.numbers import number_forms

MIN_ITEMS = 2  # donors with their amounts, at least
MAX_NAME_WORDS = 8
TITLE_REACH = 160  # characters before the header in which the list's title names its kind
_PARTICLES = r"(?:for|of|de|del|da|do|du|des|and|y|e|et|&|–|-|the|la|el)"
_CAPITAL = r"[A-ZÀ-Ý][\w’'.&/-]*"
_NAME = re.compile(
    rf"\s*({_CAPITAL}(?:\s+(?:{_CAPITAL}|{_PARTICLES})){{0,{MAX_NAME_WORDS - 1}}})\s+$"
)


@dataclass(frozen=True)
class _Header:
    start: int
    end: int
    kind: str
    currency: str


def extract(context: Context) -> list[Pledge]:
    records: list[Pledge] = []
    for header in _headers(context):
        records += _read_list(context, header)
    return records


@cache
def _header_pattern() -> re.Pattern[str]:
    donors = sorted(donor_columns(), key=len, reverse=True)
    amounts = sorted(
        (h for h, (c, _) in table_columns().items() if c == "amount"), key=len, reverse=True
    )
    currencies = number_forms()["currencies"]
    printed = sorted(
        {f for forms in currencies.values() for f in forms} | set(currencies), key=len, reverse=True
    )
    return re.compile(
        rf"(?i)(?<!\w)(?:{'|'.join(spaced(d) for d in donors)})\s+"
        rf"(?P<amount>{'|'.join(spaced(a) for a in amounts)})"
        rf"(?:\s*\(\s*(?P<currency>{'|'.join(re.escape(c) for c in printed)})\s*\))?(?!\w)"
    )


def _headers(context: Context) -> list[_Header]:
    text = context.scan_text
    found = []
    for match in _header_pattern().finditer(countries.fold_same_length(text)):
        amount_kind = table_columns().get(fold(match.group("amount")), ("", ""))[1]
        kind = amount_kind or title_kind(text[max(0, match.start() - TITLE_REACH) : match.start()])
        found.append(_Header(match.start(), match.end(), kind, _currency(text, match)))
    return found


def _currency(text: str, match: re.Match[str]) -> str:
    if match.group("currency") is None:
        return ""
    printed = text[match.start("currency") : match.end("currency")]
    currencies = number_forms()["currencies"]
    if printed in currencies:
        return printed
    return next((code for code, forms in currencies.items() if printed in forms), "")


def _read_list(context: Context, header: _Header) -> list[Pledge]:
    """The donors and amounts printed one after another after ``header``."""
    items: list[tuple[str, int, Figure]] = []
    position = header.end
    for figure in context.figures_in(header.end, len(context.scan_text)):
        if figure.percent or context.is_claimed(figure):
            break
        found = _NAME.fullmatch(context.scan_text, position, figure.start)
        if found is None:
            break
        items.append((found.group(1), found.start(1), figure))
        position = figure.end
    if len(items) < MIN_ITEMS:
        return []
    records = []
    for name, start, figure in items:
        record = _record(context, header, name, start, figure)
        if record is not None:
            records.append(record)
    return records


def _donor(name: str) -> str:
    """The donor a row names: the country its name ends with ("Public Norway": Norway),
    else the whole name; "" for a total row."""
    if fold(name) in total_rows():
        return ""
    mentions = countries.find_countries(name)
    if mentions and mentions[-1].end == len(name):
        return name[mentions[-1].start :]
    return name


def _record(
    context: Context, header: _Header, name: str, start: int, figure: Figure
) -> Pledge | None:
    context.claim(figure)
    currency = context.currency_of(figure) if figure.is_money else header.currency
    if not header.kind:
        context.issue("money-kind-unknown", figure.start, figure.end, figure=figure.text)
        return None
    if not currency:
        cue = context.scan_text[header.start : header.end]
        context.issue(
            "money-currency-unknown", figure.start, figure.end, figure=figure.text, cue=cue
        )
        return None
    amount = context.value_of(figure, "money")
    if amount is None:
        return None
    return context.record(
        Pledge,
        start,
        figure.end,
        value_span=(figure.start, figure.end),
        kind=header.kind,
        amount=amount,
        amount_text=figure.text,
        currency=currency,
        donor=_donor(name),
        **context.report_period(),
    )
