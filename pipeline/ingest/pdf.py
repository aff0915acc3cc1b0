"""PDF pages to text in reading order, with a box for every word.

``pdfium.py`` reads each page's glyphs and ruling segments (PDFium, fast); ``words.py``
groups the glyphs into words and ``rulings.py`` finds the ruled tables, both by
pdfplumber's rules; ``reading_order`` turns words and tables into blocks. Running
headers, footers and page numbers (the same words at the same height on several pages,
or a lone number in the margin) are set aside, not read as text.
"""

from __future__ import annotations

import re
import statistics
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import NoTextLayer, TooManyPages
from pipeline.ingest.limits import check_content
from pipeline.ingest.page_layout import (
    Block,
    Word,
    body_size,
    group_lines,
    line_text,
    page_blocks,
    word_text,
)
from pipeline.ingest.pdfium import PageContent, open_pdf
from pipeline.ingest.roles import assign_roles, block_box, paragraph_number
from pipeline.ingest.rulings import ruled_tables
from pipeline.ingest.words import page_words
from pipeline.models import LayoutBlock, Page, SetAside, WordBox, WordBoxes

MARGIN_SHARE = 0.08  # the top and bottom 8% of a page hold running headers and footers
TITLE_SHARE = 1.0  # a title may stand anywhere on the first page (covers put it low)
TITLE_SIZE = 1.3  # and set at least this much larger than the page's body text
MIN_TEXT_CHARS = 20  # a page with fewer characters has no usable text layer
_PAGE_NUMBER = re.compile(
    r"^(?:page\s*\|?\s*)?\d{1,4}(?:\s*(?:\||/|of)\s*\d{1,4})?(?:\s*\|\s*page)?$", re.IGNORECASE
)


@dataclass
class _PageWords:
    number: int
    width: float
    height: float
    words: list[Word]
    tables: list[tuple[tuple[float, float, float, float], list[list[list[Word]]]]]


@dataclass(frozen=True)
class PdfText:
    text: str
    pages: tuple[Page, ...]
    boxes: WordBoxes
    set_aside: tuple[SetAside, ...]
    title: str
    blocks: tuple[LayoutBlock, ...] = ()


def read_pdf(
    path: Path, max_pages: int | None = None, ocr: bool = False, max_content: int | None = None
) -> PdfText:
    """The text of the PDF at ``path`` in reading order, with a box for every word."""
    pages = list(_pages(path, max_pages, max_content))
    if _text_chars(pages) < MIN_TEXT_CHARS and ocr:
        from pipeline.ingest.ocr import ocr_pdf

        with tempfile.TemporaryDirectory(prefix="pipeline-ocr-") as folder:
            pages = list(_pages(ocr_pdf(path, Path(folder)), max_pages, max_content))
    if _text_chars(pages) < MIN_TEXT_CHARS:
        raise NoTextLayer(
            path.name,
            "the PDF has no text layer (scanned pages?): it needs OCR",
            "run it again with --ocr (needs ocrmypdf), or run OCR first: ocrmypdf in.pdf out.pdf",
        )
    furniture = _furniture(pages)
    return _assemble(pages, furniture, _title(pages[0], furniture.get(1, {})))


def _text_chars(pages: list[_PageWords]) -> int:
    return sum(len(w.text) for p in pages for w in p.words)


def _pages(
    path: Path, max_pages: int | None = None, max_content: int | None = None
) -> Iterator[_PageWords]:
    with open_pdf(path) as pdf:
        if max_pages is not None and len(pdf) > max_pages:
            raise TooManyPages(
                path.name,
                f"the PDF has {len(pdf)} pages, over the limit of {max_pages}",
                "split it, or raise the limit with --max-pages",
            )
        # before PDFium decodes a page: a decompression bomb stops here
        check_content(path, document_limit=max_content)
        for page in pdf.pages():
            yield _read_page(page)


def _read_page(page: PageContent) -> _PageWords:
    words = page_words(page.glyphs)
    tables = []
    claimed: set[int] = set()  # a word belongs to one table cell at most
    for box, table_rows in ruled_tables(page.segments):
        rows = []
        for row in table_rows:
            cells = []
            for cell in row:
                inside = [w for w in words if cell and id(w) not in claimed and _in_cell(w, cell)]
                claimed.update(id(w) for w in inside)
                cells.append(inside)
            rows.append(cells)
        if (
            len(rows) >= 2
            and max(len(r) for r in rows) >= 2
            and any(any(c) for r in rows for c in r)
        ):
            tables.append((box, rows))
        else:
            claimed.difference_update(id(w) for r in rows for c in r for w in c)
    return _PageWords(page.number, page.width, page.height, words, tables)


def _in_cell(word: Word, cell: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = cell
    cx, cy = (word.x0 + word.x1) / 2, word.middle
    return x0 <= cx <= x1 and top <= cy <= bottom


# --- running headers, footers and page numbers ------------------------------------------------


def _margin_lines(page: _PageWords) -> list[tuple[str, list[Word], str]]:
    """(text, words, "header"/"footer") for the lines in the page's top and bottom margins."""
    lines: dict[tuple[str, float], list[Word]] = {}
    for word in page.words:
        if word.bottom <= page.height * MARGIN_SHARE:
            where = "header"
        elif word.top >= page.height * (1 - MARGIN_SHARE):
            where = "footer"
        else:
            continue
        lines.setdefault((where, round(word.top)), []).append(word)
    return [
        (" ".join(w.text + w.tail_superscript for w in sorted(ws, key=lambda w: w.x0)), ws, where)
        for (where, _), ws in lines.items()
    ]


def _furniture(pages: list[_PageWords]) -> dict[int, dict[int, str]]:
    """page number -> {id(word): reason} for words to set aside."""
    shape: Counter[tuple[str, str]] = Counter()
    for page in pages:
        for text, _, where in {
            (re.sub(r"\d+", "#", t), None, w) for t, _, w in _margin_lines(page)
        }:
            shape[(text, where)] += 1
    result: dict[int, dict[int, str]] = {}
    for page in pages:
        marked: dict[int, str] = {}
        for text, words, where in _margin_lines(page):
            if _PAGE_NUMBER.match(text):
                reason = "page-number"
            elif len(pages) > 1 and shape[(re.sub(r"\d+", "#", text), where)] > 1:
                reason = "running-header" if where == "header" else "running-footer"
            else:
                continue
            marked.update({id(w): reason for w in words})
        result[page.number] = marked
    return result


# --- text ---------------------------------------------------------------------------------------


class _Writer:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.boxes: list[WordBox] = []

    def write(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def word(self, text: str, word: Word, page: int) -> None:
        start = self.length
        self.write(text)
        self.boxes.append(
            WordBox(
                start=start,
                end=self.length,
                page=page,
                x0=round(word.x0, 2),
                top=round(word.top, 2),
                x1=round(word.x1, 2),
                bottom=round(word.bottom, 2),
                word=word.text + word.tail_superscript,
                edges=word.edges if len(word.edges) == len(text) + 1 else (),
            )
        )


def _title(page: _PageWords, set_aside: dict[int, str]) -> str:
    """The largest text in the top part of the first page, when it stands out."""
    words = [
        w
        for w in page.words
        if id(w) not in set_aside
        and w.top < page.height * TITLE_SHARE
        and any(c.isalpha() for c in w.text)
    ]
    if not words:
        return ""
    largest = max(w.size for w in words)
    body = statistics.median(w.size for w in page.words)
    if largest < TITLE_SIZE * body:
        return ""
    big = [w for w in words if w.size >= 0.6 * largest and w.size >= TITLE_SIZE * body]
    lines = group_lines(big)
    return " ".join(word_text(w) for line in lines for w in line.words)


def _assemble(pages: list[_PageWords], furniture: dict[int, dict[int, str]], title: str) -> PdfText:
    writer = _Writer()
    page_spans: list[Page] = []
    set_aside: list[SetAside] = []
    layout: list[LayoutBlock] = []
    for page in pages:
        if page_spans:
            writer.write("\f")
        start = writer.length
        marked = furniture.get(page.number, {})
        set_aside += [
            SetAside(page=page.number, word=w.text + w.tail_superscript, reason=marked[id(w)])
            for w in page.words
            if id(w) in marked
        ]
        body = [w for w in page.words if id(w) not in marked]
        tables = [
            (box, [[[w for w in cell if id(w) not in marked] for cell in row] for row in rows])
            for box, rows in page.tables
        ]
        blocks = page_blocks(body, tables)
        roles = assign_roles(blocks, page.width, page.height, body_size(body))
        for index, (block, role) in enumerate(zip(blocks, roles, strict=True)):
            if index:
                writer.write("\n\n")
            block_start, first_word = writer.length, len(writer.boxes)
            _write_block(writer, block, page.number)
            box = block_box(block)
            if box is None or writer.length == block_start:
                continue
            numbered = role == "numbered_paragraph" and paragraph_number(block) is not None
            layout.append(
                LayoutBlock(
                    role=role,
                    page=page.number,
                    start=block_start,
                    end=writer.length,
                    x0=round(box[0], 2),
                    top=round(box[1], 2),
                    x1=round(box[2], 2),
                    bottom=round(box[3], 2),
                    marker_end=writer.boxes[first_word].end if numbered else None,
                )
            )
        page_spans.append(Page(number=page.number, start=start, end=writer.length))
    return PdfText(
        "".join(writer.parts),
        tuple(page_spans),
        WordBoxes.of(writer.boxes),
        tuple(set_aside),
        title,
        tuple(layout),
    )


def _write_block(writer: _Writer, block: Block, page: int) -> None:
    if block.table is not None:
        for row_index, row in enumerate(block.table):
            if row_index:
                writer.write("\n")
            for cell_index, cell in enumerate(row):
                if cell_index:
                    writer.write("\t")
                for word_index, word in enumerate(sorted(cell, key=lambda w: (round(w.top), w.x0))):
                    if word_index:
                        writer.write(" ")
                    writer.word(word_text(word), word, page)
        return
    for line_index, line in enumerate(block.lines):
        if line_index:
            writer.write("\n")
        for text, word, separator in line_text(line):
            writer.write(separator)
            writer.word(text, word, page)
