"""The catalogue of issue codes: every data problem a stage can report, in one place.

Each code has its stage, its severity and the template of its message (``str.format``
fields, what is wrong and what to check or do). Stages build their ``Issue`` records with
``make_issue``, never by hand, so a code's severity and wording are the same wherever it
is raised; the README lists these codes, and a test checks the two lists agree. Errors
that make a whole file unusable are not issues but ``InputError`` codes (``errors.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pipeline.models import Issue, Severity


@dataclass(frozen=True)
class IssueCode:
    code: str
    stage: str
    severity: Severity
    message: str  # a str.format template


_LEFT_OUT = "{kind} left out: "
_ADD_UP = "{parts} add up to {total} {currency} against the stated {stated} ({amount})"
_WITHIN_ROUNDING = "; the difference is within the rounding of the printed figures"

CATALOGUE: dict[str, IssueCode] = {
    entry.code: entry
    for entry in (
        IssueCode(
            "encoding-detected",
            "ingest",
            "warning",
            "the text is not UTF-8; it was read as {encoding}, the legacy encoding that fits "
            "it best: check its accented letters, or convert the file to UTF-8 (iconv -f "
            "{encoding} -t UTF-8)",
        ),
        IssueCode(
            "document-id-changed",
            "ingest",
            "warning",
            "the file name {name!r} begins with {first!r}, which a spreadsheet runs as a "
            "formula, so its document_id is {safe_id!r}; rename the file to keep its "
            "own name as the id",
        ),
        IssueCode(
            "ligature-unrepaired",
            "normalise",
            "warning",
            "{word!r} has a damaged character that no ligature makes into a known word; "
            "check it in the source",
        ),
        IssueCode(
            "sector-unknown",
            "segment",
            "warning",
            "the heading {heading!r} stands among the report's sector headings but is not a "
            "known sector; its figures carry it as printed: add it to pipeline/data/sectors.yaml "
            "(or its aliases) if it is a sector",
        ),
        IssueCode(
            "country-unresolved",
            "segment",
            "warning",
            "{name!r} heads a figure but is not a known country or region{detail}; add it to "
            "pipeline/data/country_aliases.yaml or regions.yaml if it is one",
        ),
        IssueCode(
            "country-fuzzy-match",
            "segment",
            "info",
            "{place!r} was matched to {iso3} by a checked fuzzy match",
        ),
        IssueCode(
            "number-ambiguous",
            "extract",
            "warning",
            "{figure!r} can be read as {readings} and the document does not settle which; "
            "check it against the source",
        ),
        IssueCode(
            "figure-negative",
            "extract",
            "warning",
            "{figure!r} is printed with a minus sign: a count or an amount is not negative, "
            "so no record was made; read the source (a change, a difference?)",
        ),
        IssueCode(
            "figure-exponent",
            "extract",
            "warning",
            "{figure!r} is printed as a power; no record was made: read the source",
        ),
        IssueCode(
            "figure-range",
            "extract",
            "warning",
            "{figure!r} is a range, not one figure; no record was made for either end: "
            "read the source",
        ),
        IssueCode(
            "scale-ambiguous",
            "extract",
            "warning",
            "{figure!r} can be read as {readings}: both are plausible and the text does not "
            "settle which; read the source",
        ),
        IssueCode(
            "number-convention-override",
            "extract",
            "info",
            "read {figure!r} as {value}: the document's convention ({convention}) would give "
            "a fraction of a {use}",
        ),
        IssueCode(
            "headline-metric-unknown",
            "extract",
            "warning",
            "a headline figure whose population the report does not name; add the report's "
            "population to pipeline/data/populations.yaml",
        ),
        IssueCode(
            "indicator-value-missing",
            "extract",
            "warning",
            "{label!r} in the {sector} panel has no value in the text; the number printed "
            "near it belongs to another label",
        ),
        IssueCode(
            "indicator-value-ambiguous",
            "extract",
            "warning",
            "{figure} sits between {first!r} and {second!r} in the {sector} panel and fits "
            "both; read the source to place it",
        ),
        IssueCode(
            "indicator-value-implausible",
            "extract",
            "warning",
            "{figure} cannot be {label!r} in the {sector} panel; left out",
        ),
        IssueCode(
            "panel-value-unlabelled",
            "extract",
            "warning",
            "{figure} in the {sector} panel has no label",
        ),
        IssueCode(
            "figure-without-noun",
            "extract",
            "warning",
            "{figure!r} is printed without what it counts; read the source",
        ),
        IssueCode(
            "figure-zero",
            "extract",
            "warning",
            "{figure!r} counts nothing ({counted}): a zero is not recorded as a figure; "
            "read the source if the absence matters",
        ),
        IssueCode(
            "figure-spans-countries",
            "extract",
            "warning",
            "one figure for several countries ({countries}){unnamed}; it is not split between them",
        ),
        IssueCode(
            "figure-place-unknown",
            "extract",
            "warning",
            "{figure} {counted}: no country or region is named for it, and the report is "
            "about no one country; read the source",
        ),
        IssueCode(
            "figure-activity-unknown",
            "extract",
            "warning",
            "{figure} {counted}: the text does not say what was done with them, and the bare "
            "count would read as a headline figure",
        ),
        IssueCode(
            "money-currency-unknown",
            "extract",
            "warning",
            "{figure} is called {cue!r} but no currency is printed for it, nor in a header "
            "above it; read the source",
        ),
        IssueCode(
            "money-kind-unknown",
            "extract",
            "warning",
            "{figure} is not called a pledge, grant, loan, requirement or funds received (or "
            "is called a gap, cost or value, or is cash handed to people); if the report "
            "uses another word for one of them, add it to data/money_kinds.yaml",
        ),
        IssueCode(
            "currency-assumed",
            "extract",
            "info",
            'amounts printed with a bare "$" were read as USD: the report names no dollar currency',
        ),
        IssueCode(
            "table-cell-missing",
            "extract",
            "warning",
            "the row {row} of {table!r} has no amount in its place",
        ),
        IssueCode(
            "table-value-unplaced",
            "extract",
            "warning",
            "{cell} follows the rows of {table!r} without a row of its own; rows without an "
            "amount: {rows}. Not assigned: check the source",
        ),
        IssueCode(
            "figure-unread",
            "extract",
            "warning",
            "{figure!r} is a number no reader could place: no label, place or money word "
            "says what it counts, and it is not a date, a code, a rank, a length of time or "
            "a measurement either; read the source",
        ),
        IssueCode(
            "record-invalid",
            "extract",
            "warning",
            "a {model} read here fails validation ({problems})",
        ),
        IssueCode(
            "provenance-mismatch",
            "validate",
            "warning",
            _LEFT_OUT + "the record's snippet is not the text at its offsets",
        ),
        IssueCode(
            "country-code-unknown",
            "validate",
            "warning",
            _LEFT_OUT + "{iso3} is not an ISO 3166-1 alpha-3 country code",
        ),
        IssueCode(
            "currency-unknown",
            "validate",
            "warning",
            _LEFT_OUT + "{currency} is not an ISO 4217 currency code",
        ),
        IssueCode(
            "percent-out-of-range",
            "validate",
            "warning",
            _LEFT_OUT + "{value}% is outside 0-100",
        ),
        IssueCode("period-invalid", "validate", "warning", _LEFT_OUT + "{problem}"),
        IssueCode("figure-implausible", "validate", "warning", _LEFT_OUT + "{problem}"),
        IssueCode("parts-total-mismatch", "validate", "warning", _ADD_UP),
        IssueCode("parts-total-rounding", "validate", "info", _ADD_UP + _WITHIN_ROUNDING),
        IssueCode("table-total-mismatch", "validate", "warning", _ADD_UP),
        IssueCode("table-total-rounding", "validate", "info", _ADD_UP + _WITHIN_ROUNDING),
        IssueCode(
            "table-row-repeated",
            "validate",
            "info",
            "a second row for {place} / {sector} ({amount}; the first has {first}): two "
            "appeals, or a mislabelled row; both are kept",
        ),
        IssueCode(
            "figure-repeated",
            "validate",
            "info",
            "the same figure as at offset {offset} ({snippet!r}); kept once",
        ),
        IssueCode(
            "record-duplicate",
            "validate",
            "warning",
            _LEFT_OUT + "its {key} are those of a record kept (the table's key); read the source",
        ),
    )
}


def make_issue(
    code: str,
    document_id: str,
    *,
    page: int | None = None,
    start: int | None = None,
    end: int | None = None,
    source_text: str = "",
    **fields: Any,
) -> Issue:
    """The ``Issue`` of ``code`` for ``document_id``, its message filled from ``fields``."""
    entry = CATALOGUE[code]
    return Issue(
        document_id=document_id,
        stage=entry.stage,
        code=code,
        severity=entry.severity,
        message=entry.message.format(**fields),
        page=page,
        char_start=start,
        char_end=end,
        source_text=source_text,
    )
