"""Deterministic, reviewable summaries of what each stage did, for the golden files.

One summary per stage of ``pipeline.flow.STAGES``, each showing only what that stage
added, so no record is pinned twice: ingest the pages it read, normalise its repairs
(its text is ``normalised.txt``), segment the structure and the facts and figures it
hands forward, extract the records and the issues it raised, validate the records it
left out and the issues it added. What export writes is ``extracted/`` itself. Spans are
shown with the text they cover, records with their snippets; what would only make diffs
noisy is left out.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pipeline.models import (
    RECORD_MODELS,
    ExtractedDocument,
    Issue,
    NormalisedDocument,
    RawDocument,
    Section,
    SegmentedDocument,
    ValidatedDocument,
)

PREVIEW = 60
Outputs = dict[str, Any]  # stage name -> that stage's output, for one document


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= PREVIEW else text[:PREVIEW] + "..."


def _dump(items: tuple[Any, ...] | list[Any]) -> list[dict[str, Any]]:
    return [i.model_dump(mode="json", exclude={"document_id"}) for i in items]


def _issues_of(stage: str, issues: tuple[Issue, ...]) -> list[dict[str, Any]]:
    return _dump([i for i in issues if i.stage == stage])


def ingest(outputs: Outputs) -> dict[str, Any]:
    document: RawDocument = outputs["ingest"]
    return {
        "document_id": document.document_id,
        "source_name": document.source_name,
        "media_type": document.media_type,
        "sha256": document.sha256,
        "characters": len(document.text),
        "pages": [p.model_dump() for p in document.pages],
        "issues": _dump(document.issues),
    }


def normalise(outputs: Outputs) -> dict[str, Any]:
    document: NormalisedDocument = outputs["normalise"]
    return {
        "language": document.language,
        "characters": len(document.text),
        "repairs": [r.model_dump() for r in document.repairs],
        "offset_map": [list(pair) for pair in document.offset_map],
        "issues": _issues_of("normalise", document.issues),
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


def segment(outputs: Outputs) -> dict[str, Any]:
    document: SegmentedDocument = outputs["segment"]
    return {
        "language": document.language,
        "convention": document.convention,
        "title": document.title,
        "period": document.period.model_dump(mode="json") if document.period else None,
        "region": document.region,
        "country": document.country,
        "iso3": document.iso3,
        "sector": document.sector,
        "population": document.population,
        "dollar": document.dollar,
        "dollar_assumed": document.dollar_assumed,
        "footnote_markers": [m.model_dump() for m in document.footnote_markers],
        "non_figures": [m.model_dump() for m in document.non_figures],
        "figures": [f"{f.start}-{f.end} {f.text}" for f in document.figures],
        "headlines": [h.model_dump() for h in document.headlines],
        "numbers": {
            "open": sum(1 for t in document.ledger.tokens if t.fate == "open"),
            "not_figures": [
                f"{t.start}-{t.end} {t.text}: {t.non_figure} ({t.detail})"
                for t in document.ledger.tokens
                if t.fate == "non_figure"
            ],
        },
        "sections": [_section(document, s) for s in document.sections],
        "issues": _issues_of("segment", document.issues),
    }


def extract(outputs: Outputs) -> dict[str, Any]:
    document: ExtractedDocument = outputs["extract"]
    records = document.records
    opened = {t.start for t in document.document.ledger.tokens if t.fate == "open"}
    return {
        **{m.TABLE: _dump(getattr(records, m.TABLE)) for m in RECORD_MODELS},
        "issues": _issues_of("extract", records.issues),
        "numbers": [
            f"{t.start}-{t.end} {t.text}: {t.fate} {t.detail}"
            for t in document.ledger.tokens
            if t.start in opened
        ],
    }


def validate(outputs: Outputs) -> dict[str, Any]:
    before: ExtractedDocument = outputs["extract"]
    after: ValidatedDocument = outputs["validate"]
    left_out = {
        m.TABLE: _dump(
            [
                r
                for r in getattr(before.records, m.TABLE)
                if r not in getattr(after.records, m.TABLE)
            ]
        )
        for m in RECORD_MODELS
    }
    kept = {m.TABLE: len(getattr(after.records, m.TABLE)) for m in RECORD_MODELS}
    before_fates = {t.start: t.fate for t in before.ledger.tokens}
    return {
        "kept": kept,
        "left_out": left_out,
        "issues": _issues_of("validate", after.records.issues),
        "numbers": [
            f"{t.start}-{t.end} {t.text}: {t.fate} {t.detail}"
            for t in after.ledger.tokens
            if t.fate != before_fates.get(t.start)
        ],
    }


SUMMARIES: dict[str, Callable[[Outputs], dict[str, Any]]] = {
    "ingest": ingest,
    "normalise": normalise,
    "segment": segment,
    "extract": extract,
    "validate": validate,
}
