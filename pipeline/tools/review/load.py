"""From an output folder and a report file to the ``Review`` of one document.

The records reviewed are the rows of the output tables (what will be published), not a
fresh extraction. The source file is the path given, or the file ``run-report.json``
names for the document, looked up in the source folders. What the page shows them on is
the rendered PDF pages, or, for text input, the normalised text the offsets point into,
computed again by the pipeline's own ingest and normalise stages.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.batch import RUN_REPORT
from pipeline.batch.lock import reading
from pipeline.batch.manifest import MANIFEST, Manifest
from pipeline.errors import InputError, PipelineError
from pipeline.flow import stage_outputs
from pipeline.ingest import PDF_SUFFIXES, SUPPORTED_SUFFIXES, file_sha256, pdf_to_document
from pipeline.ingest import document_id as document_id_of
from pipeline.ingest.pdfium import page_count
from pipeline.tools.outputs import Row, read_tables
from pipeline.tools.review.model import (
    KIND_OF_TABLE,
    Box,
    DocumentSummary,
    Kind,
    Review,
    ReviewBlock,
    ReviewIssue,
    ReviewPart,
    ReviewRecord,
)
from pipeline.tools.review.render import render_pages

PAGES_PER_FILE = 50  # a longer PDF's review is split into files of this many pages
_KIND_ORDER = {kind: index for index, kind in enumerate(KIND_OF_TABLE.values())}


@dataclass(frozen=True)
class Output:
    """An output folder read once: its rows by document, and run-report.json's lines."""

    folder: Path
    tables: dict[str, dict[str, list[Row]]]  # document_id -> table -> rows
    report: dict[str, dict[str, Any]]

    def rows(self, document_id: str) -> dict[str, list[Row]]:
        return self.tables.get(document_id, {})

    def document_ids(self) -> list[str]:
        """Every document with rows or a line in run-report.json, by id."""
        return sorted(set(self.tables) | set(self.report))


def read_output(folder: Path) -> Output:
    """The tables of ``folder`` (an ``InputError`` if it holds none) and its run report."""
    tables: dict[str, dict[str, list[Row]]] = {}
    report: dict[str, dict[str, Any]] = {}
    path = folder / RUN_REPORT
    with reading(folder):  # the tables and the report of one run, never of two
        found = read_tables(folder)
        data = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    for table, rows in found.items():
        for row in rows:
            tables.setdefault(row["document_id"], {}).setdefault(table, []).append(row)
    report = {d["document_id"]: d for d in data.get("documents", [])}
    return Output(folder, tables, report)


# --- finding the source ----------------------------------------------------------------


def find_source(output: Output, document: str, sources: Sequence[Path]) -> tuple[str, Path]:
    """(document_id, source file) for ``document``: a report file, or a document id whose
    file (the name run-report.json gives, or any supported file with the id as its stem)
    is found under one of ``sources``."""
    path = Path(document)
    if path.is_file():
        return document_id_of(path), path
    recorded = output.report.get(document, {}).get("source", "")
    names = [recorded] if recorded else [f"{document}{suffix}" for suffix in SUPPORTED_SUFFIXES]
    for folder in sources:
        for name in names:
            found = sorted(folder.rglob(name)) if folder.is_dir() else []
            if found:
                return document, found[0]
    if document not in output.document_ids():
        raise InputError(
            document,
            f"is neither a report file nor a document id in {output.folder}/",
            "give the report's path, or the --data folder it was extracted into",
        )
    raise InputError(
        document,
        f"its source file ({recorded or 'the report'}) is not under "
        f"{', '.join(str(s) for s in sources) or 'any source folder'}",
        "give the report's path, or the folder holding it with --sources",
    )


# --- records ---------------------------------------------------------------------------


def _country_figure(row: Row) -> dict[str, str]:
    iso3 = f" ({row['iso3']})" if row["iso3"] else ""
    return {
        "place": row["country"] + iso3,
        "label": row["metric"],
        "value_text": row["value_text"],
        "value": f"{row['value']} {row['unit']}",
        "qualifier": row["qualifier"],
    }


def _sector_indicator(row: Row) -> dict[str, str]:
    return {
        "place": row["sector"] or "(report-wide)",
        "label": row["indicator"],
        "value_text": row["value_text"],
        "value": f"{row['value']} {row['unit']}",
    }


def _partner(row: Row) -> dict[str, str]:
    acronym = f" ({row['acronym']})" if row["acronym"] not in ("", row["canonical_name"]) else ""
    mentions = "1 mention" if row["mentions"] == "1" else f"{row['mentions']} mentions"
    return {
        "place": row["country_iso3"],
        "label": f"{row['org_type']}, {mentions}",
        "value_text": row["name"],
        "value": row["canonical_name"] + acronym,
    }


def _pledge(row: Row) -> dict[str, str]:
    parties = " → ".join(p for p in (row["donor"], row["recipient"]) if p)
    return {
        "place": ", ".join(p for p in (row["iso3"], row["sector"]) if p),
        "label": ", ".join(p for p in (row["kind"], parties, row["event"]) if p),
        "value_text": row["amount_text"],
        "value": f"{row['amount']} {row['currency']}",
    }


_FIELDS: dict[Kind, Callable[[Row], dict[str, str]]] = {
    "country_figure": _country_figure,
    "sector_indicator": _sector_indicator,
    "partner": _partner,
    "pledge": _pledge,
}


def _box(text: str) -> Box | None:
    if not text:
        return None
    x0, top, x1, bottom = (float(v) for v in text.split(","))
    return Box(x0=x0, top=top, x1=x1, bottom=bottom)


def _int(text: str) -> int | None:
    return int(text) if text else None


def rows_to_records(rows: dict[str, list[Row]]) -> tuple[ReviewRecord, ...]:
    """The document's record rows in reading order (page, then offset), numbered."""
    found: list[tuple[tuple[int, int, int, int], dict[str, Any]]] = []
    for table, kind in KIND_OF_TABLE.items():
        for row in rows.get(table, []):
            page, start, end = _int(row["page"]), int(row["char_start"]), int(row["char_end"])
            fields = {
                "kind": kind,
                **_FIELDS[kind](row),
                "page": page,
                "char_start": start,
                "char_end": end,
                "source_text": row["source_text"],
                "box": _box(row.get("bbox", "")),
            }
            found.append(((page or 0, start, end, _KIND_ORDER[kind]), fields))
    found.sort(key=lambda item: item[0])
    return tuple(ReviewRecord(number=n, **fields) for n, (_, fields) in enumerate(found, start=1))


def rows_to_issues(rows: dict[str, list[Row]]) -> tuple[ReviewIssue, ...]:
    issues = [
        ReviewIssue(
            severity=row["severity"],
            code=row["code"],
            message=row["message"],
            page=_int(row["page"]),
            char_start=_int(row["char_start"]),
            char_end=_int(row["char_end"]),
            source_text=row["source_text"],
        )
        for row in rows.get("issues", [])
    ]
    return tuple(sorted(issues, key=lambda i: (i.page or 0, i.char_start or 0, i.code)))


# --- one document ----------------------------------------------------------------------


def load_review(output: Output, document_id: str, source: Path) -> Review:
    """The review of ``document_id``'s rows in ``output``, shown on ``source``."""
    review = _unrendered(output, document_id, source)
    if review.media_type != "application/pdf":
        return review
    return review.model_copy(update={"pages": tuple(render_pages(source))})


def review_parts(
    output: Output,
    document_id: str,
    source: Path,
    name: str,
    per_file: int = PAGES_PER_FILE,
) -> Iterator[Review]:
    """The review of ``document_id`` as files of ``per_file`` pages each (one file for a
    text, a short PDF, or ``per_file`` 0), each drawn only when it is reached, so memory
    holds one file's pages at a time. The first file is ``name``; the others are named
    after it with their pages (``ID.pages-51-100.html``). Each part lists the records
    and issues of its pages; the first also those of no page."""
    review = _unrendered(output, document_id, source)
    count = page_count(source) if review.media_type == "application/pdf" else 0
    if not count or not per_file or count <= per_file:
        yield review.model_copy(update={"pages": tuple(render_pages(source))}) if count else review
        return
    parts = split(count, per_file, name)
    for index, part in enumerate(parts):
        numbers = range(part.first, part.last + 1)
        yield review.model_copy(
            update={
                "records": tuple(r for r in review.records if _shown(r.page, numbers, count)),
                "issues": tuple(i for i in review.issues if _shown(i.page, numbers, count)),
                "blocks": tuple(b for b in review.blocks if b.page in numbers),
                "pages": tuple(render_pages(source, numbers=numbers)),
                "warnings": review.warnings if index == 0 else (),
                "parts": parts,
                "part": index,
                "page_count": count,
            }
        )


def split(count: int, per_file: int, name: str) -> tuple[ReviewPart, ...]:
    """The files of a review of ``count`` pages, ``per_file`` pages each."""
    stem = name.removesuffix(".html")
    parts = []
    for first in range(1, count + 1, per_file):
        last = min(first + per_file - 1, count)
        file = name if first == 1 else f"{stem}.pages-{first}-{last}.html"
        parts.append(ReviewPart(first=first, last=last, file=file))
    return tuple(parts)


def _shown(page: int | None, numbers: range, count: int) -> bool:
    """Whether a record or issue of ``page`` is listed in the part of page ``numbers``:
    those of no page (or of a page the PDF does not have) go to the first part."""
    if page is None or not 1 <= page <= count:
        return numbers.start == 1
    return page in numbers


def _unrendered(output: Output, document_id: str, source: Path) -> Review:
    """The review without its page images."""
    rows = output.rows(document_id)
    if not any(rows.values()) and document_id not in output.report:
        raise InputError(
            document_id,
            f"has no rows in {output.folder}/",
            f"extract it first (pipeline run {source} --out {output.folder})",
        )
    if source.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise InputError(
            source.name,
            f"unsupported file type {source.suffix or '(none)'}",
            f"give the report ({' or '.join(SUPPORTED_SUFFIXES)}) the tables were extracted from",
        )
    records = rows_to_records(rows)
    is_pdf = source.suffix.lower() in PDF_SUFFIXES
    text = "" if is_pdf else normalised_text(source)
    warnings = [
        *_source_warnings(output, document_id, source),
        *_place_warnings(records, text, is_pdf),
    ]
    return Review(
        document_id=document_id,
        source_name=source.name,
        media_type="application/pdf" if is_pdf else "text/plain",
        records=records,
        issues=rows_to_issues(rows),
        text=text,
        warnings=tuple(warnings),
        blocks=layout_blocks(source) if is_pdf else (),
    )


def layout_blocks(path: Path) -> tuple[ReviewBlock, ...]:
    """The blocks of the PDF at ``path`` and their roles, as the ingest stage finds them
    (read again: the tables keep no layout)."""
    return tuple(
        ReviewBlock(
            page=block.page,
            role=block.role,
            box=Box(x0=block.x0, top=block.top, x1=block.x1, bottom=block.bottom),
        )
        for block in pdf_to_document(path).blocks
    )


def normalised_text(path: Path) -> str:
    """The text a text report's offsets point into: its ingest and normalise stages, run
    again (the stages are a generator: nothing after normalise runs)."""
    for name, value in stage_outputs(path):
        if name == "normalise":
            return str(value.text)
    raise AssertionError("the pipeline has no normalise stage")  # pragma: no cover


def _source_warnings(output: Output, document_id: str, source: Path) -> list[str]:
    """Signs that ``source`` is not the file the rows were extracted from."""
    warnings = []
    recorded = output.report.get(document_id, {}).get("source", "")
    if recorded and recorded != source.name:
        warnings.append(
            f"{output.folder}/ holds {document_id} as extracted from {recorded}, "
            f"not {source.name}: the records may not sit where the page shows them"
        )
    stored = _stored_sha256(output.folder, document_id)
    if stored and stored != file_sha256(source):
        warnings.append(
            f"{source} has changed since it was extracted into {output.folder}/ "
            "(its SHA-256 differs): run pipeline run again before reviewing"
        )
    return warnings


def _stored_sha256(folder: Path, document_id: str) -> str:
    """The SHA-256 the manifest holds for the document; "" if none is recorded or the
    manifest cannot be read (the check is a courtesy, not a condition)."""
    if not (folder / MANIFEST).is_file():
        return ""
    try:
        with Manifest(folder) as manifest:
            stored = manifest.get(document_id)
    except sqlite3.Error:
        return ""
    return stored[0] if stored else ""


def _place_warnings(records: Sequence[ReviewRecord], text: str, is_pdf: bool) -> list[str]:
    """Signs that the records were not read from this version of the report."""
    if not records:
        return []
    boxed = sum(1 for r in records if r.box is not None)
    if is_pdf and not boxed:
        return ["no record has a box: were the records extracted from a text version?"]
    if not is_pdf and boxed:
        return [f"{boxed} records have a box: were the records extracted from a PDF version?"]
    if not is_pdf:
        off = sum(1 for r in records if text[r.char_start : r.char_end] != r.source_text)
        if off:
            return [f"{off} records' snippets are not at their offsets in the text"]
    return []


# --- the batch index --------------------------------------------------------------------


def summary(output: Output, document_id: str) -> DocumentSummary:
    """A document's counts of records (by kind) and issues (by severity) in the tables,
    with its status from run-report.json."""
    rows = output.rows(document_id)
    entry = output.report.get(document_id, {})
    return DocumentSummary(
        document_id=document_id,
        source_name=entry.get("source", ""),
        status=entry.get("status", ""),
        error=entry.get("error", ""),
        records={kind: len(rows.get(table, [])) for table, kind in KIND_OF_TABLE.items()},
        issues=dict(Counter(row["severity"] for row in rows.get("issues", []))),
    )


def batch_sources(
    output: Output, sources: Sequence[Path]
) -> Iterator[tuple[DocumentSummary, Path | None]]:
    """Each document of ``output`` with its summary and the report file to review it on,
    in document order. A document that failed to extract, or whose source is not found,
    comes without a file and with the reason in its summary."""
    for document_id in output.document_ids():
        line = summary(output, document_id)
        if line.status == "failed":
            yield line, None
            continue
        try:
            _, source = find_source(output, document_id, sources)
            yield line, source
        except PipelineError as exc:
            yield line.model_copy(update={"error": str(exc)}), None
