"""Every number accounted for: each digit and number word of a document ends in its
ledger as a record, a repeat of one, an issue with a reason or a named non-figure, never
open (checked with an independent reading, ``ledger_check.py``); and the non-figure
classes hold what a reader calls non-figures, and no figure (``fixtures/ledger/
samples.yaml``, read by hand). The corpus PDFs are checked in ``test_corpus.py``.
"""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from pipeline.flow import run_document
from pipeline.models import NumericToken, ValidatedDocument

from .conftest import FIXTURES, RAW, ROOT, document_ids, outputs
from .ledger_check import unaccounted

SHARED = ROOT.parent / "shared"
DEVSET = SHARED / "devset" / "texts"
CORPUS = SHARED / "corpus"
SAMPLES = yaml.safe_load((FIXTURES / "ledger" / "samples.yaml").read_text(encoding="utf-8"))
DEV_TEXTS = sorted(p.name for p in DEVSET.glob("*.txt")) if DEVSET.is_dir() else ["(missing)"]


def _need(path: Path) -> None:
    if path.exists():
        return
    if os.environ.get("CI"):
        pytest.fail(f"{path} is missing under CI")
    pytest.skip(f"{path} is not beside this checkout")


@cache
def _result(name: str) -> ValidatedDocument:
    """A document of the samples: a source report, a dev-set text or a corpus PDF."""
    for folder in (RAW, FIXTURES / Path(name).stem, DEVSET, CORPUS):
        if (folder / name).is_file():
            outcome = run_document(folder / name)
            assert outcome.result is not None, outcome.error
            return outcome.result
    _need(DEVSET / name)
    raise AssertionError(f"no document {name}")


@pytest.mark.parametrize("document_id", document_ids())
def test_every_number_of_a_source_report_is_accounted_for(document_id: str) -> None:
    result = outputs(document_id)["validate"]
    assert len(result.ledger.tokens) > 20
    assert unaccounted(result.text, result.ledger) == []


@pytest.mark.parametrize("document_id", document_ids())
def test_every_number_of_a_source_report_pdf_is_accounted_for(document_id: str) -> None:
    result = _result(f"{document_id}.pdf")
    assert unaccounted(result.text, result.ledger) == []


@pytest.mark.parametrize("name", DEV_TEXTS)
def test_every_number_of_a_dev_set_text_is_accounted_for(name: str) -> None:
    _need(DEVSET / name)
    result = _result(name)
    assert result.ledger.tokens
    assert unaccounted(result.text, result.ledger) == []


def _token(sample: dict[str, Any]) -> NumericToken:
    result = _result(sample["document"])
    folded = " ".join(result.text.split())
    assert folded.count(sample["around"]) == 1, f"{sample['around']!r} is not once in the text"
    # map the folded snippet back to the text: the same words, any whitespace
    pattern = r"\s+".join(re.escape(part) for part in sample["around"].split())
    found = re.search(pattern, result.text)
    assert found is not None
    offset = found.start() + found.group(0).index(sample["token"].split()[0])
    token = next((t for t in result.ledger.tokens if t.start <= offset < t.end), None)
    assert token is not None, f"no ledger token at {sample['token']!r} in {sample['around']!r}"
    return token


@pytest.mark.parametrize(
    "sample", SAMPLES["non_figures"], ids=lambda s: f"{s['class']}-{s['token']}"
)
def test_a_non_figure_is_named_for_what_it_is(sample: dict[str, Any]) -> None:
    token = _token(sample)
    assert (token.fate, token.non_figure) == ("non_figure", sample["class"]), token


@pytest.mark.parametrize("sample", SAMPLES["figures"], ids=lambda s: s["token"])
def test_a_figure_is_not_taken_for_a_non_figure(sample: dict[str, Any]) -> None:
    token = _token(sample)
    assert token.fate != "non_figure", token
    assert token.text == sample["token"]


def test_every_class_has_samples() -> None:
    classes = {s["class"] for s in SAMPLES["non_figures"]}
    assert classes == set(NumericToken.model_fields["non_figure"].annotation.__args__[0].__args__)  # type: ignore[union-attr]
