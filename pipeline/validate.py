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

from pipeline.issues import make_issue
from pipeline.models import (
    RECORD_MODELS,
    CountryFigure,
    ExtractedDocument,
    Fate,
    Issue,
    Ledger,
    Pledge,
    Record,
    RecordSet,
    SectorIndicator,
    SegmentedDocument,
    ValidatedDocument,
    record_key,
)
from pipeline.text import countries
from pipeline.text.numbers import find_figures, plain, resolve
from pipeline.vocab import fold
from pipeline.vocab.language import connectives
from pipeline.vocab.numbers import plausible

EARLIEST_YEAR = 1990
LATEST_YEAR = 2100


def records_to_checked(extracted: ExtractedDocument) -> ValidatedDocument:
    """Check ``extracted``'s records; stage 5 of the pipeline."""
    document = extracted.document
    records = extracted.records
    issues = list(records.issues)
    checked: dict[str, list[Any]] = {}
    for model in RECORD_MODELS:
        kept = []
        for record in getattr(records, model.TABLE):
            problem = _record_problem(document, record)
            if problem is None:
                kept.append(record)
            else:
                code, fields = problem
                issues.append(_record_issue(document, record, code, kind=model.LABEL, **fields))
        checked[model.TABLE] = kept
    for figures in (CountryFigure, SectorIndicator):
        checked[figures.TABLE], repeats = _without_repeats(document, checked[figures.TABLE])
        issues += repeats
    checked["pledges"], repeats = _money_repeats(document, checked["pledges"])
    issues += repeats
    for name in checked:  # each table's key identifies one row
        checked[name], duplicates = _unique_keys(document, checked[name])
        issues += duplicates
    issues += _parts_against_totals(document, checked["pledges"])
    issues += _tables_against_stated(document, checked["pledges"])
    ledger = _ledger_after(extracted, checked, issues)
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
        ledger=ledger,
    )


def _ledger_after(
    extracted: ExtractedDocument, checked: dict[str, list[Any]], issues: list[Issue]
) -> Ledger:
    """The ledger once validate is done: a number whose record was left out now ends as
    that issue, or as a repeat of the record kept."""
    kept = {record_key(r) for records in checked.values() for r in records}
    why = {(i.char_start, i.char_end): i.code for i in issues if i.stage == "validate"}
    removed: dict[str, tuple[Fate, str]] = {}
    for model in RECORD_MODELS:
        for record in getattr(extracted.records, model.TABLE):
            key = record_key(record)
            if key in kept:
                continue
            code = why.get((record.char_start, record.char_end), "record-invalid")
            removed[key] = ("repeat" if code == "figure-repeated" else "issue", code)
    changes = {
        t.start: removed[t.detail]
        for t in extracted.ledger.tokens
        if t.fate == "record" and t.detail in removed
    }
    return extracted.ledger.settled(changes)


# --- one record at a time -------------------------------------------------------------------


Problem = tuple[str, dict[str, Any]]  # an issue code and the fields of its message


def _record_problem(document: SegmentedDocument, record: Record) -> Problem | None:
    """(code, message fields) of the first check ``record`` fails, or None."""
    for check in _CHECKS:
        problem = check(document, record)
        if problem is not None:
            return problem
    return None


def _provenance(document: SegmentedDocument, record: Record) -> Problem | None:
    if document.text[record.char_start : record.char_end] != record.source_text:
        return "provenance-mismatch", {}
    return None


def _country_code(document: SegmentedDocument, record: Record) -> Problem | None:
    code = getattr(record, "iso3", None) or getattr(record, "country_iso3", None)
    if code and not countries.is_iso3(code):
        return "country-code-unknown", {"iso3": code}
    return None


def _currency(document: SegmentedDocument, record: Record) -> Problem | None:
    if isinstance(record, Pledge) and pycountry.currencies.get(alpha_3=record.currency) is None:
        return "currency-unknown", {"currency": record.currency}
    return None


def _percent(document: SegmentedDocument, record: Record) -> Problem | None:
    if (
        isinstance(record, CountryFigure | SectorIndicator)
        and record.unit == "percent"
        and not Decimal(0) <= record.value <= Decimal(100)
    ):
        return "percent-out-of-range", {"value": plain(record.value)}
    return None


def _period(document: SegmentedDocument, record: Record) -> Problem | None:
    start = getattr(record, "period_start", None)
    end = getattr(record, "period_end", None)
    dates = [d for d in (start, end, getattr(record, "date", None)) if isinstance(d, dt.date)]
    if start and end and start > end:
        return "period-invalid", {"problem": f"the period ends ({end}) before it starts ({start})"}
    if any(not EARLIEST_YEAR <= d.year <= LATEST_YEAR for d in dates):
        return "period-invalid", {"problem": f"a date outside {EARLIEST_YEAR}-{LATEST_YEAR}"}
    return None


def _plausible(document: SegmentedDocument, record: Record) -> Problem | None:
    """No fraction of a person or a kit, no more people than live on Earth, no amount of
    money beyond any budget (``numbers.yaml`` ``plausible``)."""
    limits = plausible()
    if isinstance(record, Pledge):
        limit = limits.money_limit(record.currency)
        if record.amount > limit:
            return "figure-implausible", {
                "problem": f"{plain(record.amount)} {record.currency} is above {plain(limit)}, "
                "more than any appeal or pledge"
            }
        return None
    if not isinstance(record, CountryFigure | SectorIndicator):
        return None
    if record.unit in limits.whole_units and record.value != record.value.to_integral_value():
        return "figure-implausible", {
            "problem": f"{plain(record.value)} {record.unit} is not a whole number"
        }
    if record.unit == "people" and record.value > limits.people:
        return "figure-implausible", {
            "problem": f"{plain(record.value)} people is more than live on Earth"
        }
    return None


_CHECKS: list[Callable[[SegmentedDocument, Record], Problem | None]] = [
    _provenance,
    _country_code,
    _currency,
    _percent,
    _period,
    _plausible,
]


def _record_issue(document: SegmentedDocument, record: Record, code: str, **fields: Any) -> Issue:
    """The issue ``code`` about ``record``, pointing where it was read."""
    return make_issue(
        code,
        document.document_id,
        page=record.page,
        start=record.char_start,
        end=record.char_end,
        source_text=record.source_text,
        **fields,
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
        issues.append(_repeat_issue(document, record, kept[key]))
    return list(kept.values()), issues


def _repeat_issue(document: SegmentedDocument, record: Record, first: Record) -> Issue:
    """``record`` is ``first`` printed again: noted, not dropped silently."""
    return _record_issue(
        document, record, "figure-repeated", offset=first.char_start, snippet=first.source_text
    )


# characters between two printings of one money statement, at least: amounts side by side
# ("Madagascar $200,000 / Nepal $200,000") are two statements, not one printed twice
MIN_REPEAT_GAP = 100
_MONEY_IDENTITY = (
    "kind",
    "amount",
    "currency",
    "iso3",
    "sector",
    "recipient",
    "period_start",
    "period_end",
)


def _money_repeats(
    document: SegmentedDocument, pledges: list[Pledge]
) -> tuple[list[Pledge], list[Issue]]:
    """The same money statement printed twice (in the title, then in the body) is one
    record: same kind, amount, currency, place, sector, recipient and period, the same
    donor or a donor named only once, printed apart. The second printing is noted."""
    kept: list[tuple[tuple[Any, ...], Pledge]] = []
    issues = []
    for pledge in pledges:
        key = tuple(getattr(pledge, f) for f in _MONEY_IDENTITY)
        index = next(
            (
                i
                for i, (k, first) in enumerate(kept)
                if k == key
                and (not first.donor or not pledge.donor or fold(first.donor) == fold(pledge.donor))
                and abs(pledge.char_end - first.char_end) >= MIN_REPEAT_GAP
            ),
            None,
        )
        if index is None:
            kept.append((key, pledge))
            continue
        first = kept[index][1]
        if not first.donor and pledge.donor:  # the printing that names the donor is kept
            kept[index] = (key, pledge)
            first, pledge = pledge, first
        issues.append(_repeat_issue(document, pledge, first))
    return [pledge for _, pledge in kept], issues


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
            _record_issue(
                document,
                record,
                "record-duplicate",
                kind=record.LABEL,
                key=", ".join(record.KEY),
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
    return [
        _record_issue(
            document,
            total,
            f"{code}-rounding" if consistent else f"{code}-mismatch",
            parts=what,
            total=plain(printed),
            currency=total.currency,
            stated=total.amount_text,
            amount=plain(total.amount),
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
            and not _changed_into(document.text, p, total)
        ]
        if parts:
            kinds = " + ".join(sorted({p.kind + "s" for p in parts}))
            issues += _compare(document, total, parts, kinds, "parts-total")
    return issues


def _changed_into(text: str, part: Pledge, total: Pledge) -> bool:
    """ "rose from $345 million in 2023 to $770 million": an amount printed before the
    other with "to" between them is what it changed from, not one of its parts."""
    total_at = text.rfind(total.amount_text, total.char_start, total.char_end)
    part_at = text.find(part.amount_text, part.char_start, part.char_end)
    if part_at < 0 or total_at < 0 or part_at >= total_at:
        return False
    between = fold(text[part_at + len(part.amount_text) : total_at]).split()
    to = connectives("range_to") - connectives("determiners")  # "a" may be an article
    return any(word in to for word in between)


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
                    place=row.iso3 or "the region",
                    sector=row.sector,
                    amount=row.amount_text,
                    first=first.amount_text,
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
