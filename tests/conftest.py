"""Shared test set-up: the source documents and their per-stage outputs, computed once."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest

from pipeline.flow import stage_outputs

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SOURCE_DOCUMENTS = sorted(p for p in RAW.iterdir() if p.is_file() and not p.name.startswith("."))


@cache
def outputs(document_id: str) -> dict[str, Any]:
    """Every stage's output for the source document ``document_id``."""
    path = next(p for p in SOURCE_DOCUMENTS if p.stem == document_id)
    return dict(stage_outputs(path))


def document_ids() -> list[str]:
    return [p.stem for p in SOURCE_DOCUMENTS]


@pytest.fixture(params=document_ids())
def document_id(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def fixture_pdfs() -> list[Path]:
    """The source documents laid out as PDFs (``tests/pdf_fixtures.py``)."""
    return [FIXTURES / d / f"{d}.pdf" for d in document_ids()]


@pytest.fixture(scope="session")
def pdf_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture PDFs extracted into one output folder, as a reviewer would first do."""
    from pipeline.batch import Options, run

    out = tmp_path_factory.mktemp("pdf-output")
    run(fixture_pdfs(), out, options=Options(workers=1))
    return out
