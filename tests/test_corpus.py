"""The real humanitarian PDFs of ../shared/corpus: every one is read without an error,
no word is lost or duplicated by the reading-order reconstruction, and the facts a
reader verified on the rendered pages (``tests/fixtures/corpus/*.yaml``) are found.

The corpus sits beside the checkout; under CI it must be there (the tests fail, not
skip, when ``CI`` is set and it is missing).
"""

from __future__ import annotations

import os
import re
from collections import Counter
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
import yaml
from pdfplumber.utils.text import LIGATURES

from pipeline.flow import Outcome, run_document
from pipeline.ingest import file_to_document
from pipeline.vocab import fold
from pipeline.vocab.sectors import sector_of

from .conftest import FIXTURES, ROOT
from .ledger_check import unaccounted

CORPUS = ROOT.parent / "shared" / "corpus"
FACTS = FIXTURES / "corpus"


def _corpus() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(CORPUS.glob("*.pdf"))


def _need_corpus() -> None:
    if CORPUS.is_dir():
        return
    if os.environ.get("CI"):
        pytest.fail(f"the corpus {CORPUS} is missing under CI")
    pytest.skip(f"the corpus {CORPUS} is not beside this checkout")


PDFS = [p.name for p in _corpus()] or ["(corpus missing)"]


@cache
def outcome(name: str) -> Outcome:
    return run_document(CORPUS / name)


@pytest.mark.parametrize("name", PDFS)
def test_every_corpus_pdf_is_read(name: str) -> None:
    _need_corpus()
    result = outcome(name)
    assert result.ok, result.error


@pytest.mark.parametrize("name", PDFS)
def test_every_number_is_accounted_for(name: str) -> None:
    """Each digit and number word ends as a record, a repeat, an issue or a named
    non-figure (tests/ledger_check.py reads the text independently)."""
    _need_corpus()
    result = outcome(name).result
    assert result is not None and result.ledger.tokens
    assert unaccounted(result.text, result.ledger) == []


@pytest.mark.parametrize("name", PDFS)
def test_no_character_is_lost_or_duplicated(name: str) -> None:
    """Every printed character pdfminer (through pdfplumber, an independent parser) finds
    on a page is in our text or set aside as page furniture, once. Characters, not words:
    the two parsers may part words differently where a PDF has no space glyphs. A glyph
    pdfminer cannot map to a character ("(cid:127)") may be one PDFium can ("•")."""
    _need_corpus()
    document = file_to_document(CORPUS / name)
    kept: dict[int, Counter[str]] = {}
    words = [*zip(document.boxes.page, document.boxes.word, strict=True)]
    words += [(word.page, word.word) for word in document.set_aside]
    assert words, "no word was read"
    for page, word in words:
        kept.setdefault(page, Counter()).update(c for c in word if not c.isspace())
    with pdfplumber.open(CORPUS / name) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            texts = [c["text"] for c in page.chars]
            page.close()
            unmapped = sum(t.startswith("(cid:") for t in texts)
            plain = Counter(
                c
                for t in texts
                if not t.startswith("(cid:")
                for c in LIGATURES.get(t, t)  # as extract_words expands them
                if not c.isspace()
            )
            ours = kept.get(number, Counter())
            lost, extra = plain - ours, ours - plain
            assert not lost and extra.total() <= unmapped, (
                f"page {number}: lost {dict(lost)}, duplicated {dict(extra)}"
            )


def _facts() -> list[tuple[str, int, dict[str, Any]]]:
    found = []
    for path in sorted(FACTS.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for index, fact in enumerate(data["facts"]):
            found.append((data["file"], index, fact))
    return found


FACT_CASES = _facts()


def _same_number(a: Any, b: Any) -> bool:
    return Decimal(str(a)) == Decimal(str(b))


def _figure_found(fact: dict[str, Any], records: Any) -> bool:
    page = fact["page"]
    if fact.get("sector"):  # a panel's indicator, or a country figure of the sector's text
        sector = sector_of(fact["sector"]) or fact["sector"]
        return any(
            r.page == page and _same_number(r.value, fact["value"]) and r.sector == sector
            for r in (*records.sector_indicators, *records.country_figures)
        )
    for record in records.country_figures:
        if record.page != page or not _same_number(record.value, fact["value"]):
            continue
        place = fact.get("place")
        if (
            not place
            or place in (record.iso3, record.country)
            or fold(place) == fold(record.country)
        ):
            return True
    return False


def _money_found(fact: dict[str, Any], records: Any) -> bool:
    return any(
        r.page == fact["page"]
        and _same_number(r.amount, fact["amount"])
        and r.currency == fact["currency"]
        for r in records.pledges
    )


def _partner_found(fact: dict[str, Any], records: Any) -> bool:
    """The name as printed, or a name, acronym or canonical name that is a whole word of
    it ("SIDA-Sweden" is Sida)."""
    wanted = fold(fact["name"])
    for record in records.partners:
        for known in (fold(record.name), fold(record.canonical_name), fold(record.acronym)):
            if known and (
                known == wanted or re.search(rf"(?<!\w){re.escape(known)}(?!\w)", wanted)
            ):
                return True
    return False


def _flagged(fact: dict[str, Any], records: Any) -> bool:
    """An amount or figure that must not become a record but an issue: "valued at
    US$950,000", "a funding gap of USD 139.4 million"."""
    wanted = "".join(fact["text"].split())
    return any(
        i.page == fact["page"]
        and i.code == fact["code"]
        and wanted in "".join(i.source_text.split())
        for i in records.issues
    )


def _not_a_figure(fact: dict[str, Any], records: Any) -> bool:
    """A number that is part of something else ("As of 3 November": a date) gives no
    figure on its page."""
    wanted = "".join(fact["text"].split())
    return not any(
        r.page == fact["page"]
        and _same_number(r.value, fact["value"])
        and wanted in "".join(r.source_text.split())
        for r in (*records.country_figures, *records.sector_indicators)
    )


FINDERS = {
    "figure": _figure_found,
    "money": _money_found,
    "partner": _partner_found,
    "flagged": _flagged,
    "not_a_figure": _not_a_figure,
}


def _case(name: str, index: int, fact: dict[str, Any]) -> Any:
    """A fact the pipeline is known to miss is an expected failure, strictly: once it is
    found the test fails until the fact's ``known_failure`` note is removed."""
    marks = (
        [pytest.mark.xfail(reason=fact["known_failure"], strict=True)]
        if "known_failure" in fact
        else []
    )
    return pytest.param(name, index, fact, marks=marks, id=f"{name}-{index}-{fact['kind']}")


@pytest.mark.parametrize(("name", "index", "fact"), [_case(*case) for case in FACT_CASES])
def test_verified_fact_is_found(name: str, index: int, fact: dict[str, Any]) -> None:
    _need_corpus()
    result = outcome(name)
    assert result.result is not None, result.error
    assert FINDERS[fact["kind"]](fact, result.result.records), f"not found: {fact}"


FLASH_UPDATE = "ocha-haiti-melissa-flash-update5-2025-11.pdf"

# Issue 13: the OCHA flash update's page 1 and 2 (read from the rendered pages) state
# plans, work done, needs and situation counts side by side: (page, value, status).
FLASH_UPDATE_STATUSES = [
    (1, 190000, "planned"),  # "WFP plans to assist 190,000 people"
    (1, 1784, "planned"),  # "... with 1,784 metric tons of food"
    (1, 3000, "done"),  # "partners have distributed more than 3,000 tarpaulins"
    (1, 43, ""),  # "43 deaths": a situation count, no activity
    (1, 11900, ""),  # "More than 11,900 houses flooded"
    (2, 12700, "done"),  # "WFP had assisted 12,700 people"
    (2, 1250000, ""),  # "around 1.25 million people were affected"
    (2, 360000, "needed"),  # "of whom 360,000 require urgent food assistance"
    (2, 4000, "planned"),  # "The agency also plans to distribute 4,000 dignity kits"
    (2, 600, "planned"),  # "... and 600 'mama kits'"
    (2, 200, "done"),  # "FVCB distributed 200 hygiene kits"
]


@pytest.mark.parametrize(("page", "value", "status"), FLASH_UPDATE_STATUSES)
def test_issue_13_flash_update_plans_are_planned_not_done(
    page: int, value: int, status: str
) -> None:
    _need_corpus()
    result = outcome(FLASH_UPDATE).result
    assert result is not None
    found = [
        r.status
        for r in (*result.records.country_figures, *result.records.sector_indicators)
        if r.page == page and _same_number(r.value, value)
    ]
    assert found, f"no figure {value} on page {page}"
    assert status in found, f"{value} on page {page}: {found}, expected {status!r}"
