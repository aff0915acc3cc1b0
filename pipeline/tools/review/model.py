"""The typed review of one document: its published records and issues, where each lies
(page and box, or offsets in the normalised text), and what the page shows them on
(rendered PDF pages, or the text)."""

from __future__ import annotations

from typing import Literal, cast

from pydantic import Field

from pipeline.models import RECORD_MODELS, BlockRole, MediaType, Model, Severity

Kind = Literal["country_figure", "sector_indicator", "partner", "pledge"]

# the record tables in the order a reviewer reads the kinds, with the kind each holds
KIND_OF_TABLE: dict[str, Kind] = {m.TABLE: cast(Kind, m.KIND) for m in RECORD_MODELS}
KIND_NAMES: dict[Kind, str] = {cast(Kind, m.KIND): m.LABEL for m in RECORD_MODELS}


class Box(Model):
    """A value's box on its page: PDF points, origin top left (pdfplumber's frame)."""

    x0: float
    top: float
    x1: float
    bottom: float


class ReviewBlock(Model):
    """A block of a PDF page and its layout role, drawn on request (``ingest/roles.py``)."""

    page: int = Field(ge=1)
    role: BlockRole
    box: Box


class ReviewRecord(Model):
    """One row of a record table, as the reviewer checks it against the page."""

    number: int = Field(ge=1)  # its place in the review: by page, then offset
    kind: Kind
    place: str  # the country or sector it belongs to
    label: str  # what is counted ("refugees_and_migrants", an indicator, a money kind)
    value_text: str  # as printed
    value: str  # as parsed
    qualifier: str = ""
    page: int | None = None
    char_start: int
    char_end: int
    source_text: str
    box: Box | None = None


class ReviewIssue(Model):
    severity: Severity
    code: str
    message: str
    page: int | None = None
    char_start: int | None = None
    char_end: int | None = None
    source_text: str = ""


class PageImage(Model):
    """A rendered PDF page, and where the rendered area lies in the boxes' frame."""

    number: int = Field(ge=1)
    left: float  # the crop box's left and top edges, in points of the boxes' frame
    top: float
    width: float  # the crop box's size in points
    height: float
    png: bytes


class ReviewPart(Model):
    """One file of a review split by pages: the pages it shows and its file name."""

    first: int = Field(ge=1)
    last: int = Field(ge=1)
    file: str


class Review(Model):
    document_id: str = Field(min_length=1)
    source_name: str
    media_type: MediaType
    records: tuple[ReviewRecord, ...]
    issues: tuple[ReviewIssue, ...] = ()
    pages: tuple[PageImage, ...] = ()  # PDF input
    blocks: tuple[ReviewBlock, ...] = ()  # PDF input: the pages' blocks and their roles
    text: str = ""  # text input: the normalised text the offsets point into
    warnings: tuple[str, ...] = ()  # why the page may not match what was extracted
    # a long PDF's review is split by pages: every file of it, and which one this is
    parts: tuple[ReviewPart, ...] = ()
    part: int = 0  # index into parts
    page_count: int = 0  # pages of the whole PDF (0: not split)


class DocumentSummary(Model):
    """One line of the batch index: a document of the output folder and its review."""

    document_id: str = Field(min_length=1)
    source_name: str = ""
    status: str = ""  # ok, partial or failed (run-report.json), empty if not recorded
    error: str = ""  # why it failed, or why it has no review
    records: dict[str, int] = Field(default_factory=dict)  # by kind
    issues: dict[str, int] = Field(default_factory=dict)  # by severity
    review: str = ""  # the review's file name, relative to the index
