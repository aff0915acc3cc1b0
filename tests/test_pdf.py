"""PDF input: the two source reports laid out as PDFs (``tests/pdf_fixtures.py``) give
the same records as their text, every record's bbox lies over the glyphs of its value,
and PDFs that cannot be read fail alone with a message that says what to do."""

from __future__ import annotations

import csv
import shutil
from collections import Counter
from functools import cache
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.flow import Outcome, run_document
from pipeline.models import RecordSet

from . import pdf_fixtures
from .conftest import FIXTURES, RAW, document_ids


def pdf_of(document_id: str) -> Path:
    return FIXTURES / document_id / f"{document_id}.pdf"


@cache
def outcome(path: Path) -> Outcome:
    return run_document(path)


def _records(path: Path) -> RecordSet:
    result = outcome(path)
    assert result.ok and result.result is not None, result.error
    return result.result.records


def _keys(records: RecordSet) -> Counter[tuple[str, ...]]:
    """What a record says, without where it was read: kind, place or sector, value."""
    keys: Counter[tuple[str, ...]] = Counter()
    for f in records.country_figures:
        keys["country figure", f.iso3 or f.country, f.metric, str(f.value), f.qualifier] += 1
    for i in records.sector_indicators:
        keys["sector indicator", i.sector, i.indicator, str(i.value)] += 1
    for p in records.pledges:
        keys["pledge", p.kind, p.iso3, p.sector, str(p.amount), p.currency] += 1
    for partner in records.partners:
        keys["partner", partner.canonical_name, partner.org_type] += 1
    for issue in records.issues:
        keys["issue", issue.code] += 1
    return keys


# --- the fixture PDFs are what the builder makes -------------------------------------------


@pytest.mark.parametrize("document_id", document_ids())
def test_committed_pdf_is_what_the_builder_makes(document_id: str, tmp_path: Path) -> None:
    built = pdf_fixtures.build(document_id, tmp_path / f"{document_id}.pdf")
    assert built.read_bytes() == pdf_of(document_id).read_bytes(), (
        "the layout or the builder changed: rebuild with python -m tests.pdf_fixtures"
    )


# --- PDF and text agree --------------------------------------------------------------------


@pytest.mark.parametrize("document_id", document_ids())
def test_pdf_gives_the_records_the_text_gives(document_id: str) -> None:
    from_text = _keys(_records(RAW / f"{document_id}.txt"))
    from_pdf = _keys(_records(pdf_of(document_id)))
    assert sum(from_text.values()) > 20  # the comparison is over real records
    assert sorted(from_text - from_pdf) == [], "read from the text only"
    assert sorted(from_pdf - from_text) == [], "read from the PDF only"


@pytest.mark.parametrize("document_id", document_ids())
def test_every_pdf_record_has_a_page_and_a_bbox(document_id: str) -> None:
    records = _records(pdf_of(document_id))
    assert len(records.country_figures) + len(records.pledges) >= 10
    for record in (
        *records.country_figures,
        *records.sector_indicators,
        *records.partners,
        *records.pledges,
    ):
        assert record.page is not None and record.bbox, record
    assert all(issue.page is not None for issue in records.issues if issue.char_start is not None)


def _printed(record: object) -> str:
    for field in ("value_text", "amount_text", "name"):
        if hasattr(record, field):
            return str(getattr(record, field))
    raise AssertionError(record)


def _fold(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("document_id", document_ids())
def test_bbox_lies_over_the_glyphs_of_the_value(document_id: str) -> None:
    """Crop the page to each record's bbox: the glyphs inside spell the value, and on a
    single line nothing else."""
    path = pdf_of(document_id)
    records = _records(path)
    checked = 0
    with pdfplumber.open(path) as pdf:
        for record in (
            *records.country_figures,
            *records.sector_indicators,
            *records.partners,
            *records.pledges,
        ):
            x0, top, x1, bottom = (float(v) for v in record.bbox.split(","))
            assert record.page is not None
            page = pdf.pages[record.page - 1]
            inside = page.within_bbox((x0 - 0.5, top - 0.5, x1 + 0.5, bottom + 0.5))
            seen = inside.extract_text()
            printed = _printed(record)
            single_line = bottom - top < 1.6 * max(c["size"] for c in inside.chars)
            if single_line:
                assert _fold(seen) == _fold(printed), (record.source_text, seen)
            else:
                assert _fold(printed) in _fold(seen), (record.source_text, seen)
            checked += 1
    assert checked >= 15


# --- the CLI reads PDFs and text in one batch -----------------------------------------------


def test_cli_reads_pdf_and_text_side_by_side(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    text_id, pdf_id = document_ids()
    shutil.copy(RAW / f"{text_id}.txt", inputs)
    shutil.copy(pdf_of(pdf_id), inputs)
    result = CliRunner().invoke(main, ["run", str(inputs), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.stderr
    assert "2 documents: 0 ok, 2 partial (with warnings), 0 failed" in result.stdout
    with (tmp_path / "out" / "country_figures.csv").open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    by_document = Counter(row["document_id"] for row in rows)
    assert by_document[text_id] == len(_records(RAW / f"{text_id}.txt").country_figures)
    assert by_document[pdf_id] == len(_records(pdf_of(pdf_id)).country_figures) > 0
    assert all(row["bbox"] for row in rows if row["document_id"] == pdf_id)
    assert not any(row["bbox"] for row in rows if row["document_id"] == text_id)
