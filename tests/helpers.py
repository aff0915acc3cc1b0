"""Run the stages on text written in a test, as if it were a report file.

The stages and their order come from ``pipeline.flow.STAGES``, the one list: ``run_to``
runs a text through them up to the stage named.
"""

from __future__ import annotations

from typing import Any

from pipeline.flow import STAGES
from pipeline.ingest import bytes_to_document
from pipeline.models import (
    ExtractedDocument,
    NormalisedDocument,
    SegmentedDocument,
    ValidatedDocument,
)


def run_to(stage: str, text: str, document_id: str = "test") -> Any:
    """``text`` read as the report ``document_id``.txt, through the stages up to ``stage``."""
    names = [s.name for s in STAGES]
    assert stage in names, f"no stage {stage!r} in {names}"
    value: Any = bytes_to_document(document_id, f"{document_id}.txt", text.encode())
    for step in STAGES[1 : names.index(stage) + 1]:  # ingest read the bytes above
        value = step.run(value)
    return value


def normalised(text: str, document_id: str = "test") -> NormalisedDocument:
    result: NormalisedDocument = run_to("normalise", text, document_id)
    return result


def segmented(text: str) -> SegmentedDocument:
    result: SegmentedDocument = run_to("segment", text)
    return result


def extracted(text: str) -> ExtractedDocument:
    result: ExtractedDocument = run_to("extract", text)
    return result


def validated(text: str) -> ValidatedDocument:
    result: ValidatedDocument = run_to("validate", text)
    return result
