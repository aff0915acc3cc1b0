"""Run stages on text written in a test, as if it were a report file."""

from __future__ import annotations

from pipeline.extract import sections_to_records
from pipeline.ingest import bytes_to_document
from pipeline.models import (
    ExtractedDocument,
    NormalisedDocument,
    SegmentedDocument,
    ValidatedDocument,
)
from pipeline.normalise import document_to_text
from pipeline.segment import text_to_sections
from pipeline.validate import records_to_checked


def normalised(text: str, document_id: str = "test") -> NormalisedDocument:
    return document_to_text(bytes_to_document(document_id, f"{document_id}.txt", text.encode()))


def segmented(text: str) -> SegmentedDocument:
    return text_to_sections(normalised(text))


def extracted(text: str) -> ExtractedDocument:
    return sections_to_records(segmented(text))


def validated(text: str) -> ValidatedDocument:
    return records_to_checked(extracted(text))
