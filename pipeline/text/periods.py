"""Periods ("April to June 2021", "2021-2022", "Q2 2021") and dates ("June 17th").

Month names come from ``data/calendar.yaml`` (English, Spanish, Portuguese, French).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from pipeline.models import Period
from pipeline.vocab import fold
from pipeline.vocab.language import calendar_words, months, quarter_ordinals

_YEAR = r"(?:19|20)\d\d"


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    date: dt.date
    text: str


@dataclass(frozen=True)
class _Patterns:
    days_of_month: re.Pattern[str]
    day_range: re.Pattern[str]
    month_range: re.Pattern[str]
    year_range: re.Pattern[str]
    quarter: re.Pattern[str]
    day_month: re.Pattern[str]
    month_day: re.Pattern[str]


@cache
def _patterns() -> _Patterns:
    month = "|".join(sorted((re.escape(m) for m in months()), key=len, reverse=True))
    month = rf"(?:{month})\.?"
    joins = "|".join(
        re.escape(j) for j in sorted(calendar_words("range_joins"), key=len, reverse=True)
    )
    ordinal = "|".join(re.escape(str(o)) for o in quarter_ordinals())
    quarter = "|".join(re.escape(q) for q in calendar_words("quarter_words"))
    flags = re.IGNORECASE
    return _Patterns(
        days_of_month=re.compile(
            rf"(?<![\w.])(?P<d1>[0-3]?\d)\s*[-–]\s*(?P<d2>[0-3]?\d)\s+(?:de\s+)?(?P<m>{month})"
            rf",?\s+(?:de\s+)?(?P<y>{_YEAR})(?!\d)",
            flags,
        ),
        day_range=re.compile(
            rf"(?<![\w.])(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:de\s+)?(?P<m1>{month})"
            rf"(?:,?\s+(?:de\s+)?(?P<y1>{_YEAR}))?\s*(?:{joins})\s*"
            rf"(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:de\s+)?(?P<m2>{month}),?\s+(?:de\s+)?(?P<y2>{_YEAR})(?!\d)",
            flags,
        ),
        month_range=re.compile(
            rf"(?<!\w)(?P<m1>{month})(?:\s+(?:de\s+)?(?P<y1>{_YEAR}))?\s*(?:{joins})\s*"
            rf"(?P<m2>{month})(?:\s+(?:de|of)|,)?\s+(?P<y2>{_YEAR})(?!\d)",
            flags,
        ),
        year_range=re.compile(
            rf"(?<![\w.,/-])(?P<y1>{_YEAR})\s*(?:[-–/]|\s(?:{joins})\s)\s*(?P<y2>{_YEAR}|\d\d)(?![\w-])"
            rf"(?!\s+(?:{month})(?!\w))",  # "2024–31 March" is a day, not a year
            flags,
        ),
        quarter=re.compile(
            rf"(?<!\w)(?:Q(?P<q>[1-4])|(?P<ord>{ordinal})\s+(?:{quarter}))(?:\s+(?:of|de|del))?"
            rf"\s*(?P<y>{_YEAR})(?!\d)",
            flags,
        ),
        day_month=re.compile(
            rf"(?<![\w.])(?P<d>[0-3]?\d)(?:st|nd|rd|th|º)?\s+(?:de\s+|of\s+)?(?P<m>{month})"
            rf"(?:,?\s+(?:de\s+)?(?P<y>{_YEAR}))?(?!\w)",
            flags,
        ),
        month_day=re.compile(
            rf"(?<!\w)(?P<m>{month})\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)(?:,?\s+(?P<y>{_YEAR}))?",
            flags,
        ),
    )


def _month(name: str) -> int:
    return months()[fold(name).rstrip(".")]


@cache
def _abbreviations() -> frozenset[str]:
    """Month names that begin a longer month name ("mar", "ago", "may")."""
    names = list(months())
    return frozenset(n for n in names if any(o != n and o.startswith(n) for o in names))


def _loose_month(name: str) -> bool:
    """A lower-case abbreviation ("ago", "may", "set") is too often an ordinary word."""
    return name.islower() and fold(name).rstrip(".") in _abbreviations()


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def find_periods(text: str) -> list[Period]:
    """Every period ``text`` states, in order of position."""
    patterns = _patterns()
    found: list[Period] = []
    readers = (
        (patterns.days_of_month, _days_of_month),  # "21–25 October 2025"
        (patterns.day_range, _day_range),  # "24 October – 24 November 2025"
        (patterns.month_range, _month_range),  # "April to June 2021"
        (patterns.year_range, _year_range),  # "2021-2022"
        (patterns.quarter, _quarter),  # "Q2 2021", "2nd quarter of 2021"
    )
    for pattern, read in readers:
        for match in pattern.finditer(text):
            ends = read(match)
            if ends is not None:
                found.append(_period(match, *ends))
    found.sort(key=lambda p: p.char_start)
    return _without_overlaps(found)


Ends = tuple[dt.date, dt.date] | None


def _days_of_month(match: re.Match[str]) -> Ends:
    if _loose_month(match.group("m")):
        return None
    year, month = int(match.group("y")), _month(match.group("m"))
    return _safe(year, month, match.group("d1"), year, month, match.group("d2"))


def _years_of(match: re.Match[str]) -> tuple[int, int, int, int]:
    y2 = int(match.group("y2"))
    y1 = int(match.group("y1") or y2)
    m1, m2 = _month(match.group("m1")), _month(match.group("m2"))
    if not match.group("y1") and m1 > m2:  # "November to January 2022"
        y1 -= 1
    return y1, m1, y2, m2


def _day_range(match: re.Match[str]) -> Ends:
    if _loose_month(match.group("m1")) or _loose_month(match.group("m2")):
        return None
    y1, m1, y2, m2 = _years_of(match)
    return _safe(y1, m1, match.group("d1"), y2, m2, match.group("d2"))


def _month_range(match: re.Match[str]) -> Ends:
    if _loose_month(match.group("m1")) or _loose_month(match.group("m2")):
        return None
    y1, m1, y2, m2 = _years_of(match)
    return dt.date(y1, m1, 1), _month_end(y2, m2)


def _year_range(match: re.Match[str]) -> Ends:
    y1, y2_text = int(match.group("y1")), match.group("y2")
    y2 = int(y2_text) if len(y2_text) == 4 else y1 // 100 * 100 + int(y2_text)
    return (dt.date(y1, 1, 1), dt.date(y2, 12, 31)) if y1 <= y2 <= y1 + 10 else None


def _quarter(match: re.Match[str]) -> Ends:
    number = int(match.group("q") or quarter_ordinals()[fold(match.group("ord"))])
    year = int(match.group("y"))
    return dt.date(year, 3 * number - 2, 1), _month_end(year, 3 * number)


def _safe(y1: int, m1: int, d1: str, y2: int, m2: int, d2: str) -> Ends:
    try:
        return dt.date(y1, m1, int(d1)), dt.date(y2, m2, int(d2))
    except ValueError:  # "31 February"
        return None


def _period(match: re.Match[str], start: dt.date, end: dt.date) -> Period:
    return Period(
        start=start, end=end, text=match.group(0), char_start=match.start(), char_end=match.end()
    )


def _without_overlaps(periods: list[Period]) -> list[Period]:
    result: list[Period] = []
    for period in periods:
        if result and period.char_start < result[-1].char_end:
            continue
        result.append(period)
    return result


def find_dates(text: str, default_year: int | None) -> list[DateMention]:
    """Every day-level date in ``text``; a date without a year takes ``default_year``."""
    patterns = _patterns()
    found = []
    for pattern in (patterns.month_day, patterns.day_month):
        for match in pattern.finditer(text):
            year = int(match.group("y")) if match.group("y") else default_year
            if year is None or _loose_month(match.group("m")):
                continue
            try:
                date = dt.date(year, _month(match.group("m")), int(match.group("d")))
            except ValueError:
                continue
            found.append(DateMention(match.start(), match.end(), date, match.group(0)))
    found.sort(key=lambda d: d.start)
    return [d for i, d in enumerate(found) if i == 0 or d.start >= found[i - 1].end]


_ANY_LEAP_YEAR = 2000  # checks a day exists in its month when the year is not printed


def date_spans(text: str) -> list[tuple[int, int]]:
    """Where day-level dates are printed, with or without a year ("3 November", "Mar 30
    – Apr 9", "2 to 4 November"): the numbers there are days, not figures."""
    joins = "|".join(
        re.escape(j) for j in sorted(calendar_words("range_joins"), key=len, reverse=True)
    )
    before = re.compile(rf"(?<![\w.,])[0-3]?\d(?:st|nd|rd|th)?\s*(?:{joins})\s*$", re.IGNORECASE)
    after = re.compile(rf"\s*(?:{joins})\s*[0-3]?\d(?:st|nd|rd|th)?(?![\d.,]?\d)", re.IGNORECASE)
    spans = []
    for date in find_dates(text, _ANY_LEAP_YEAR):
        start, end = date.start, date.end
        lead = before.search(text, max(0, start - 16), start)
        if lead is not None:  # "2 to 4 November": the first day of the range
            start = lead.start()
        if text[start : start + 1].isalpha() and text[end - 1 : end].isdigit():
            tail = after.match(text, end)  # "October 28 and 29": the last day of the range
            if tail is not None:
                end = tail.end()
        spans.append((start, end))
    return spans
