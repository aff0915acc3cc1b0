"""The review page and the batch index as self-contained HTML: the only module that uses
jinja2.

Everything a page needs is inside it: page images as base64 PNG data, the stylesheet and
the script inline, no link to anything outside the file. Every value comes from the
output tables and is escaped (autoescape). Boxes are placed in percent of their page, so
they stay on their values at any zoom.
"""

from __future__ import annotations

import base64
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from pipeline.tools.review.model import (
    KIND_NAMES,
    DocumentSummary,
    Kind,
    PageImage,
    Review,
    ReviewBlock,
    ReviewIssue,
    ReviewRecord,
)

# One colour per record kind, each at least 4.5:1 against white (WCAG AA for text): the
# kind's badge is white on it, its boxes are drawn in it. Kinds also differ by the box's
# border style, so colour is never the only sign.
KIND_COLOURS: dict[Kind, str] = {
    "country_figure": "#0b5cad",
    "sector_indicator": "#1a7f37",
    "partner": "#7a3fb8",
    "pledge": "#a84b00",
}
KIND_BORDERS: dict[Kind, str] = {
    "country_figure": "solid",
    "sector_indicator": "dashed",
    "partner": "dotted",
    "pledge": "double",
}
SEVERITY_ORDER = ("error", "warning", "info")

_ENVIRONMENT = Environment(
    loader=PackageLoader("pipeline.tools.review", "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


@dataclass(frozen=True)
class PlacedBox:
    """A record's box on its page, in percent of the page's width and height."""

    record: ReviewRecord
    left: float
    top: float
    width: float
    height: float


@dataclass(frozen=True)
class PlacedBlock:
    """A layout block's box on its page, in percent of the page, and its role."""

    role: str
    left: float
    top: float
    width: float
    height: float

    @property
    def name(self) -> str:
        return self.role.replace("_", " ")


@dataclass(frozen=True)
class PageView:
    page: PageImage
    boxes: tuple[PlacedBox, ...]
    blocks: tuple[PlacedBlock, ...] = ()

    @property
    def image(self) -> str:
        return "data:image/png;base64," + base64.b64encode(self.page.png).decode("ascii")


@dataclass(frozen=True)
class Piece:
    """A record's mark around a stretch of the text; ``first`` holds the record's id."""

    record: ReviewRecord
    first: bool


@dataclass(frozen=True)
class Segment:
    text: str
    pieces: tuple[Piece, ...]  # outermost mark first


@dataclass(frozen=True)
class Group:
    """The records and issues listed under one heading: a page, or the whole document."""

    title: str
    page: int | None
    records: tuple[ReviewRecord, ...]
    issues: tuple[ReviewIssue, ...]


def place_box(record: ReviewRecord, page: PageImage) -> PlacedBox | None:
    """The record's box in percent of ``page``; None if it has none."""
    if record.box is None:
        return None
    box = record.box
    return PlacedBox(
        record=record,
        left=round((box.x0 - page.left) / page.width * 100, 3),
        top=round((box.top - page.top) / page.height * 100, 3),
        width=round((box.x1 - box.x0) / page.width * 100, 3),
        height=round((box.bottom - box.top) / page.height * 100, 3),
    )


def place_block(block: ReviewBlock, page: PageImage) -> PlacedBlock:
    """A layout block's box in percent of ``page``."""
    box = block.box
    return PlacedBlock(
        role=block.role,
        left=round((box.x0 - page.left) / page.width * 100, 3),
        top=round((box.top - page.top) / page.height * 100, 3),
        width=round((box.x1 - box.x0) / page.width * 100, 3),
        height=round((box.bottom - box.top) / page.height * 100, 3),
    )


def page_views(review: Review) -> tuple[PageView, ...]:
    views = []
    for page in review.pages:
        placed = (place_box(r, page) for r in review.records if r.page == page.number)
        blocks = tuple(place_block(b, page) for b in review.blocks if b.page == page.number)
        views.append(PageView(page, tuple(p for p in placed if p is not None), blocks))
    return tuple(views)


def text_segments(text: str, records: Sequence[ReviewRecord]) -> tuple[Segment, ...]:
    """The text cut at every record's start and end, each stretch with the marks of the
    records covering it (snippets may overlap: a table's total and its rows)."""
    inside = [r for r in records if r.char_end <= len(text)]
    cuts = sorted({0, len(text)} | {r.char_start for r in inside} | {r.char_end for r in inside})
    seen: set[int] = set()
    segments = []
    for start, end in itertools.pairwise(cuts):
        covering = sorted(
            (r for r in inside if r.char_start <= start and end <= r.char_end),
            key=lambda r: (r.char_start, -r.char_end, r.number),
        )
        pieces = tuple(Piece(r, r.number not in seen) for r in covering)
        seen.update(r.number for r in covering)
        segments.append(Segment(text[start:end], pieces))
    return tuple(segments)


def placed_numbers(review: Review) -> set[int]:
    """The records shown on the page or in the text; the others are listed "no box"."""
    if review.pages:
        return {b.record.number for view in page_views(review) for b in view.boxes}
    return {r.number for r in review.records if r.char_end <= len(review.text)}


def groups(review: Review) -> tuple[Group, ...]:
    """Records and issues by page; those on no known page under "Whole document" first."""
    pages = [p.number for p in review.pages] or sorted(
        {r.page for r in review.records if r.page} | {i.page for i in review.issues if i.page}
    )
    known = set(pages)
    result = []
    for page in [None, *pages]:
        records = tuple(r for r in review.records if (r.page if r.page in known else None) == page)
        issues = tuple(i for i in review.issues if (i.page if i.page in known else None) == page)
        if page is None and not records and not issues:
            continue
        title = "Whole document" if page is None else f"Page {page}"
        result.append(Group(title, page, records, issues))
    return tuple(result)


def describe(record: ReviewRecord) -> str:
    """The record in words, for screen readers and the status line."""
    parts = [KIND_NAMES[record.kind], record.place, record.label]
    where = f", page {record.page}" if record.page else ""
    what = ", ".join(p for p in parts if p)
    return f"Record {record.number}{where}: {what}: {record.value_text} (read as {record.value})"


def breakable(text: str) -> Markup:
    """``text`` escaped, with a line-break opportunity after each underscore, so a long
    snake_case metric wraps instead of widening its table."""
    return Markup("_<wbr>").join(escape(part) for part in text.split("_"))


def rgb(colour: str) -> str:
    """A colour "#0b5cad" as "11 92 173", for CSS rgb() with an alpha."""
    return " ".join(str(int(colour[i : i + 2], 16)) for i in (1, 3, 5))


def _globals() -> dict[str, Any]:
    return {
        "rgb": rgb,
        "breakable": breakable,
        "kind_names": KIND_NAMES,
        "kind_colours": KIND_COLOURS,
        "kind_borders": KIND_BORDERS,
        "severities": SEVERITY_ORDER,
        "describe": describe,
    }


def review_html(review: Review, index: str = "") -> str:
    """The review page of one document; ``index`` links back to the batch index."""
    severities = {s: sum(1 for i in review.issues if i.severity == s) for s in SEVERITY_ORDER}
    kinds = {k: sum(1 for r in review.records if r.kind == k) for k in KIND_NAMES}
    return _ENVIRONMENT.get_template("review.html").render(
        review=review,
        pages=page_views(review),
        segments=text_segments(review.text, review.records) if not review.pages else (),
        groups=groups(review),
        placed=placed_numbers(review),
        kinds=kinds,
        severity_counts=severities,
        index=index,
        **_globals(),
    )


def index_order(summaries: Sequence[DocumentSummary]) -> list[DocumentSummary]:
    """Documents with the most errors, then warnings, first; then by document id."""
    return sorted(
        summaries,
        key=lambda s: (-s.issues.get("error", 0), -s.issues.get("warning", 0), s.document_id),
    )


def index_html(summaries: Sequence[DocumentSummary], data: str) -> str:
    """The batch index: each document with its counts, linking its review."""
    return _ENVIRONMENT.get_template("index.html").render(
        documents=index_order(summaries), data=data, **_globals()
    )
