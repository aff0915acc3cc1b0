"""Record checks: a record that fails one leaves the tables and becomes an issue."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from pipeline.models import CountryFigure, ExtractedDocument, Pledge, RecordSet
from pipeline.validate import records_to_checked

from .helpers import segmented

TEXT = "Overview\n\nIOM reached 120% of its target and 40 people in Peru.\n"


def _figure(**changes: object) -> CountryFigure:
    fields: dict[str, object] = dict(
        document_id="test",
        char_start=20,
        char_end=24,
        source_text=TEXT[20:24],
        country="Peru",
        iso3="PER",
        metric="people_reached",
        value=Decimal(40),
        value_text="40",
        unit="people",
        qualifier="exact",
    )
    fields.update(changes)
    return CountryFigure(**fields)  # type: ignore[arg-type]


def _check(*figures: CountryFigure, pledges: tuple[Pledge, ...] = ()) -> RecordSet:
    extracted = ExtractedDocument(
        document=segmented(TEXT), records=RecordSet(country_figures=figures, pledges=pledges)
    )
    return records_to_checked(extracted).records


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"unit": "percent", "value": Decimal(120), "value_text": "120%"}, "percent-out-of-range"),
        (
            {"period_start": dt.date(2022, 1, 1), "period_end": dt.date(2021, 1, 1)},
            "period-invalid",
        ),
        (
            {"period_start": dt.date(1801, 1, 1), "period_end": dt.date(1801, 12, 31)},
            "period-invalid",
        ),
        ({"iso3": "XYZ"}, "country-code-unknown"),
        ({"source_text": "not the text at these offsets"}, "provenance-mismatch"),
    ],
)
def test_a_failing_record_becomes_an_issue(changes: dict[str, object], code: str) -> None:
    records = _check(_figure(**changes))
    assert records.country_figures == ()
    assert [i.code for i in records.issues] == [code]
    assert records.issues[0].stage == "validate"


def test_a_good_record_passes() -> None:
    records = _check(_figure())
    assert len(records.country_figures) == 1 and records.issues == ()


def test_an_unknown_currency_code() -> None:
    pledge = Pledge(
        document_id="test",
        char_start=20,
        char_end=24,
        source_text=TEXT[20:24],
        kind="grant",
        amount=Decimal(10),
        amount_text="10",
        currency="XXQ",
    )
    records = _check(pledges=(pledge,))
    assert records.pledges == () and [i.code for i in records.issues] == ["currency-unknown"]


def test_models_refuse_malformed_values() -> None:
    with pytest.raises(ValueError):
        _figure(iso3="Peru")
    with pytest.raises(ValueError):
        _figure(qualifier="roughly")
    with pytest.raises(ValueError):
        _figure(char_start=30, char_end=20)
