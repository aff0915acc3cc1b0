"""Stage 5: check every record, and records against each other.

Each record already passed its pydantic model. Here a record is also checked against
its source (its snippet is the text at its offsets), against the world (a real ISO 3166
country, a real ISO 4217 currency, a percentage within 0-100, a period that ends after
it starts), and against the records it belongs with: the parts of a total against the
total ("USD 957M in grants and USD 1.4B in loans" against "USD 2.3 billion"), and a
requirements table against the overall requirement stated for the same organisation.

A record that fails a check is removed and reported in ``issues`` with the reason. A
cross-check that fails is reported and the records stay: the report itself disagrees,
and a reviewer decides. Sums are compared allowing for the rounding of printed figures
("2.3 billion" means anything from 2.25 to 2.35 billion).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pycountry

from pipeline.models import (
    CountryFigure,
    ExtractedDocument,
    Issue,
    Partner,
    Pledge,
    Record,
    RecordSet,
    SectorIndicator,
    SegmentedDocument,
    Severity,
    ValidatedDocument,
)
from pipeline.text import countries
from pipeline.text.numbers import find_figures, plain, resolve

EARLIEST_YEAR = 1990
LATEST_YEAR = 2100


def records_to_checked(extracted: ExtractedDocument) -> ValidatedDocument:
    """Check ``extracted``'s records; stage 5 of the pipeline."""
    document = extracted.document
    records = extracted.records
    issues = list(records.issues)
    checked: dict[str, list[Any]] = {}
    for name in ("country_figures", "sector_indicators", "partners", "pledges"):
        kept = []
        for record in getattr(records, name):
            problem = _record_problem(document, record)
            if problem is None:
                kept.append(record)
            else:
                issues.append(_issue(document, record, *problem))
        checked[name] = kept
    for name in ("country_figures", "sector_indicators"):
        checked[name], repeats = _without_repeats(document, checked[name])
        issues += repeats
    for name in checked:  # each table's key identifies one row
        checked[name], duplicates = _unique_keys(document, checked[name])
        issues += duplicates
    issues += _parts_against_totals(document, checked["pledges"])
    issues += _tables_against_stated(document, checked["pledges"])
    return ValidatedDocument(
        document_id=document.document_id,
        media_type=document.media_type,
        text=document.text,
        pages=document.pages,
        repair_count=document.repair_count,
        records=RecordSet(
            country_figures=tuple(checked["country_figures"]),
            sector_indicators=tuple(checked["sector_indicators"]),
            partners=tuple(checked["partners"]),
            pledges=tuple(checked["pledges"]),
            issues=tuple(issues),
        ),
    )


# --- one record at a time -------------------------------------------------------------------


def _record_problem(document: SegmentedDocument, record: Record) -> tuple[str, str] | None:
    """(code, message) of the first check ``record`` fails, or None."""
    for check in _CHECKS:
        problem = check(document, record)
        if problem is not None:
            return problem
    return None


def _provenance(document: SegmentedDocument, record: Record) -> tuple[str, str] | None:
    if document.text[record.char_start : record.char_end] != record.source_text:
        return "provenance-mismatch", "the record's snippet is not the text at its offsets"
    return None


def _country_code(document: SegmentedDocument, record: Record) -> tuple[str, str] | None:
    code = getattr(record, "iso3", None) or getattr(record, "country_iso3", None)
    if code and not countries.is_iso3(code):
        return "country-code-unknown", f"{code} is not an ISO 3166-1 alpha-3 country code"
    return None


def _currency(document: SegmentedDocument, record: Record) -> tuple[str, str] | None:
    if isinstance(record, Pledge) and pycountry.currencies.get(alpha_3=record.currency) is None:
        return "currency-unknown", f"{record.currency} is not an ISO 4217 currency code"
    return None


def _percent(document: SegmentedDocument, record: Record) -> tuple[str, str] | None:
    if (
        isinstance(record, CountryFigure | SectorIndicator)
        and record.unit == "percent"
        and not Decimal(0) <= record.value <= Decimal(100)
    ):
        return "percent-out-of-range", f"{plain(record.value)}% is outside 0-100"
    return None


def _period(document: SegmentedDocument, record: Record) -> tuple[str, str] | None:
    start = getattr(record, "period_start", None)
    end = getattr(record, "period_end", None)
    dates = [d for d in (start, end, getattr(record, "date", None)) if isinstance(d, dt.date)]
    if start and end and start > end:
        return "period-invalid", f"the period ends ({end}) before it starts ({start})"
    if any(not EARLIEST_YEAR <= d.year <= LATEST_YEAR for d in dates):
        return "period-invalid", f"a date outside {EARLIEST_YEAR}-{LATEST_YEAR}"
    return None


_CHECKS: list[Callable[[SegmentedDocument, Record], tuple[str, str] | None]] = [
    _provenance,
    _country_code,
    _currency,
    _percent,
    _period,
]


def _issue(
    document: SegmentedDocument,
    record: Record,
    code: str,
    message: str,
    severity: Severity = "warning",
) -> Issue:
    kind = {
        CountryFigure: "country figure",
        SectorIndicator: "sector indicator",
        Partner: "partner",
        Pledge: "pledge",
    }.get(type(record), "record")
    return _record_issue(document, record, code, f"{kind} left out: {message}", severity)


def _record_issue(
    document: SegmentedDocument, record: Record, code: str, message: str, severity: Severity
) -> Issue:
    """An issue about ``record``, pointing where it was read."""
    return Issue(
        document_id=document.document_id,
        stage="validate",
        code=code,
        severity=severity,
        message=message,
        page=record.page,
        char_start=record.char_start,
        char_end=record.char_end,
        source_text=record.source_text,
    )


# --- records against each other ------------------------------------------------------------

_IDENTITY = (
    "country",
    "iso3",
    "metric",
    "sector",
    "indicator",
    "value",
    "unit",
    "qualifier",
    "period_start",
    "period_end",
)


def _without_repeats(
    document: SegmentedDocument, records: list[Any]
) -> tuple[list[Any], list[Issue]]:
    """A figure printed twice (in the highlights, then in the text) is one record; the
    second printing is noted, not dropped silently."""
    kept: dict[tuple[Any, ...], Any] = {}
    issues = []
    for record in records:
        key = tuple(getattr(record, f, None) for f in _IDENTITY)
        if key not in kept:
            kept[key] = record
            continue
        first = kept[key]
        issues.append(
            _record_issue(
                document,
                record,
                "figure-repeated",
                f"the same figure as at offset {first.char_start} ({first.source_text!r}); "
                "kept once",
                "info",
            )
        )
    return list(kept.values()), issues


def _unique_keys(document: SegmentedDocument, records: list[Any]) -> tuple[list[Any], list[Issue]]:
    """Records whose key columns (``KEY``, the table's primary key) repeat an earlier
    record's: the first is kept and each other is reported."""
    seen: dict[tuple[Any, ...], Any] = {}
    kept, issues = [], []
    for record in records:
        key = tuple(getattr(record, column) for column in record.KEY)
        if key not in seen:
            seen[key] = record
            kept.append(record)
            continue
        issues.append(
            _issue(
                document,
                record,
                "record-duplicate",
                f"its {', '.join(record.KEY)} are those of a record kept (the table's "
                "key); read the source",
            )
        )
    return kept, issues


def _range(document: SegmentedDocument, pledge: Pledge) -> tuple[Decimal, Decimal]:
    """The amounts ``pledge``'s printed figure may have been rounded from."""
    figures = find_figures(pledge.amount_text, document.language)
    if len(figures) != 1:
        return pledge.amount, pledge.amount
    figure = figures[0]
    reading = resolve(figure, document.convention, "money").reading or figure.readings[0]
    half = figure.precision(reading)
    return pledge.amount - half, pledge.amount + half


def _sum_range(document: SegmentedDocument, parts: list[Pledge]) -> tuple[Decimal, Decimal]:
    ranges = [_range(document, p) for p in parts]
    return sum((r[0] for r in ranges), Decimal(0)), sum((r[1] for r in ranges), Decimal(0))


def _compare(
    document: SegmentedDocument, total: Pledge, parts: list[Pledge], what: str, code: str
) -> list[Issue]:
    printed = sum((p.amount for p in parts), Decimal(0))
    if printed == total.amount:
        return []
    low, high = _range(document, total)
    parts_low, parts_high = _sum_range(document, parts)
    consistent = parts_low <= high and low <= parts_high
    message = (
        f"{what} add up to {plain(printed)} {total.currency} against the stated "
        f"{total.amount_text} ({plain(total.amount)})"
    )
    if consistent:
        message += "; the difference is within the rounding of the printed figures"
    return [
        _record_issue(
            document,
            total,
            f"{code}-rounding" if consistent else f"{code}-mismatch",
            message,
            "info" if consistent else "warning",
        )
    ]


def _parts_against_totals(document: SegmentedDocument, pledges: list[Pledge]) -> list[Issue]:
    """A total whose snippet holds its breakdown, against the sum of the breakdown."""
    issues = []
    for total in pledges:
        parts = [
            p
            for p in pledges
            if p is not total
            and total.char_start <= p.char_start
            and p.char_end <= total.char_end
            and p.currency == total.currency
        ]
        if parts:
            kinds = " + ".join(sorted({p.kind + "s" for p in parts}))
            issues += _compare(document, total, parts, kinds, "parts-total")
    return issues


def _repeated_rows(document: SegmentedDocument, rows: list[Pledge]) -> list[Issue]:
    """Two rows for the same country and sector: two appeals, or a mislabelled row."""
    seen: dict[tuple[str, str], Pledge] = {}
    issues = []
    for row in rows:
        key = (row.iso3, row.sector)
        if key in seen:
            first = seen[key]
            issues.append(
                _record_issue(
                    document,
                    row,
                    "table-row-repeated",
                    f"a second row for {row.iso3 or 'the region'} / {row.sector} "
                    f"({row.amount_text}; the first has {first.amount_text}): two "
                    "appeals, or a mislabelled row; both are kept",
                    "info",
                )
            )
        else:
            seen[key] = row
    return issues


def _tables_against_stated(document: SegmentedDocument, pledges: list[Pledge]) -> list[Issue]:
    """Rows of a requirements table against the overall requirement stated for the same
    organisation, currency and period."""
    groups: dict[tuple[Any, ...], list[Pledge]] = defaultdict(list)
    for pledge in pledges:
        if pledge.kind == "requirement" and pledge.recipient:
            groups[
                (pledge.recipient, pledge.currency, pledge.period_start, pledge.period_end)
            ].append(pledge)
    issues = []
    for group in groups.values():
        stated = [p for p in group if not p.iso3 and not p.sector]
        rows = [p for p in group if p.iso3 or p.sector]
        if len(stated) == 1 and len(rows) > 1:
            issues += _compare(
                document, stated[0], rows, f"the {len(rows)} amounts of the table", "table-total"
            )
            issues += _repeated_rows(document, rows)
    return issues
