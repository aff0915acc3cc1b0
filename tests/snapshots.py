"""Deterministic, reviewable summaries of each stage's output for the golden files.

Each summary keeps what a reviewer needs to check the stage against the source
document (spans with the text they cover, records with their snippets) and leaves out
what would only make diffs noisy.
"""

from __future__ import annotations

from typing import Any

from pipeline.export import DATAPACKAGE, documents_to_tables
from pipeline.models import (
    ExtractedDocument,
    NormalisedDocument,
    RawDocument,
    RecordSet,
    Section,
    SegmentedDocument,
    ValidatedDocument,
)

PREVIEW = 60


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= PREVIEW else text[:PREVIEW] + "..."


def ingest(document: RawDocument) -> dict[str, Any]:
    return {
        "document_id": document.document_id,
        "source_name": document.source_name,
        "media_type": document.media_type,
        "sha256": document.sha256,
        "characters": len(document.text),
        "pages": [p.model_dump() for p in document.pages],
    }


def normalise(document: NormalisedDocument) -> dict[str, Any]:
    return {
        "language": document.language,
        "characters": len(document.text),
        "repairs": [r.model_dump() for r in document.repairs],
        "offset_map": [list(pair) for pair in document.offset_map],
        "issues": [i.model_dump() for i in document.issues],
    }


def _section(document: SegmentedDocument, section: Section) -> dict[str, Any]:
    summary: dict[str, Any] = {
        "kind": section.kind,
        "span": [section.start, section.end],
        "starts": _clip(document.text[section.start : section.end]),
    }
    for field in ("title", "sector", "country", "iso3"):
        if getattr(section, field):
            summary[field] = getattr(section, field)
    if section.table is not None:
        summary["table"] = {
            "columns": list(section.table.columns),
            "amount_kind": section.table.amount_kind,
            "rows": [[f"{c.column}: {c.text}" for c in row.cells] for row in section.table.rows],
            "unplaced": [f"{c.column}: {c.text}" for c in section.table.unplaced],
        }
    return summary


def segment(document: SegmentedDocument) -> dict[str, Any]:
    return {
        "language": document.language,
        "convention": document.convention,
        "title": document.title,
        "period": document.period.model_dump(mode="json") if document.period else None,
        "region": document.region,
        "footnote_markers": [m.model_dump() for m in document.footnote_markers],
        "sections": [_section(document, s) for s in document.sections],
        "issues": [i.model_dump(exclude={"document_id"}) for i in document.issues],
    }


def records(record_set: RecordSet) -> dict[str, Any]:
    def dump(items: tuple[Any, ...]) -> list[dict[str, Any]]:
        return [i.model_dump(mode="json", exclude={"document_id"}) for i in items]

    return {
        "country_figures": dump(record_set.country_figures),
        "sector_indicators": dump(record_set.sector_indicators),
        "partners": dump(record_set.partners),
        "pledges": dump(record_set.pledges),
        "issues": dump(record_set.issues),
    }


def extract(document: ExtractedDocument) -> dict[str, Any]:
    return records(document.records)


def validate(document: ValidatedDocument) -> dict[str, Any]:
    return records(document.records)


def export(document: ValidatedDocument) -> dict[str, Any]:
    files = documents_to_tables([document])
    return {name: content for name, content in files.items() if name != DATAPACKAGE}


STAGES = {
    "ingest": ingest,
    "normalise": normalise,
    "segment": segment,
    "extract": extract,
    "validate": validate,
}
