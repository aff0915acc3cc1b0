"""Figures that must not become records as printed: ranges, negative numbers, powers,
fractions of a person, impossible sizes, scale words with two plausible readings. Each
ends as an issue saying why, with no record, and its numbers settled in the ledger."""

from __future__ import annotations

import pytest

from .helpers import validated


def _outcome(sentence: str) -> tuple[list[object], list[str]]:
    document = validated(f"Peru\n\n{sentence}\n")
    records = [r.value for r in document.records.country_figures]
    records += [r.value for r in document.records.sector_indicators]
    records += [r.amount for r in document.records.pledges]
    assert all(t.fate != "open" for t in document.ledger.tokens)
    return records, [i.code for i in document.records.issues]


@pytest.mark.parametrize(
    ("sentence", "code"),
    [
        ("An estimated 3–5 million refugees live in Peru.", "figure-range"),
        ("An estimated 3 to 5 million refugees live in Peru.", "figure-range"),
        ("Between 300 and 500 families arrived in Peru.", "figure-range"),
        ("Se estima que entre 2 y 4 millones de refugiados viven en Perú.", "figure-range"),
        ("The count changed by −5 people in Peru.", "figure-negative"),
        ("An estimated 10^6 refugees live in Peru.", "figure-exponent"),
        ("Some 0.5 people arrived in Peru.", "figure-implausible"),
        ("IOM distributed 1 234 567,89 hygiene kits in Peru.", "figure-implausible"),
        ("Some 12 billion refugees live in Peru.", "figure-implausible"),
        ("Donors pledged USD 90071992547409931 for Peru.", "figure-implausible"),
        ("Los donantes prometieron COP 2 billones para Colombia.", "scale-ambiguous"),
    ],
)
def test_the_figure_is_an_issue_not_a_record(sentence: str, code: str) -> None:
    records, codes = _outcome(sentence)
    assert records == []
    assert code in codes


def test_a_change_is_not_a_range() -> None:
    records, codes = _outcome("Arrivals in Peru rose from 300 to 500 refugees.")
    assert "figure-range" not in codes
    assert 500 in records  # the figure the change reached


def test_billones_of_dollars_read_by_what_is_plausible() -> None:
    # 2 x 10^12 US dollars is more than any appeal: the short reading is the only plausible one
    records, codes = _outcome("Los donantes prometieron US$ 2 billones para Perú.")
    assert records == [2000000000]
    assert "scale-ambiguous" not in codes


def test_tonnes_of_supplies_are_tonnes_and_may_have_decimals() -> None:
    document = validated("Logistics\n\n110.5 metric tons of medical supplies were shipped.\n")
    units = [(r.value, r.unit) for r in document.records.sector_indicators]
    units += [(r.value, r.unit) for r in document.records.country_figures]
    assert units and all(unit == "tonnes" for _, unit in units)
