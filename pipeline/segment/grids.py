"""The header that names each bare number of a PDF table, found by the cells' geometry.

A PDF table reaches the text one row a line, its cells split by tabs. A cell that holds
a number and nothing else does not say what it counts: its column's header does. The
header is the text-only rows printed over the body rows (two levels or more: a spanning
"Households Reached" over "Female" and "Male"), and each number takes the header cells
whose x-span overlaps its own, top to bottom ("Households Reached Female"). When no
header is printed above, the text-only rows printed directly under the body rows are its
header. A line set in parentheses or in smaller type directly under a row of numbers
names that row's numbers alone, as key-figure grids print them ("1,250 / (wells
repaired)").

A table that goes on over a page break repeats no header: the first table of a page
whose body rows have the cells of the last table of the page before, at the same x
positions, is its continuation, and its numbers keep that table's header.

Pure geometry on the words' boxes (``WordBoxes``); no PDF library. A text without boxes
(a report read from text) has no grid.
"""

from __future__ import annotations

import bisect
import itertools
import re
import statistics
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from pipeline.models import Figure, WordBoxes

MAX_HEADER_WORDS = 8  # words of one header cell, at most
SMALL_TYPE = 0.85  # a label under a number set at most this share of its height
COLUMN_SLACK = 2.0  # points a continued column may stand off the first part's
_BRACKETED = re.compile(r"^[(\[].*[)\]]$", re.DOTALL)
_SENTENCE_END = re.compile(r"[.;!?]$")
_EDGE_MARKS = "()[]:*"


@dataclass(frozen=True)
class Header:
    """What names a table cell's number: the header words, and where they are printed
    (the first to the last header cell; on an earlier page for a continued table)."""

    words: tuple[str, ...]
    start: int
    end: int


@dataclass(frozen=True)
class _Cell:
    text: str
    start: int
    end: int
    page: int
    x0: float
    x1: float
    top: float
    height: float  # the median height of its words: the size of its type
    number: bool  # the cell is one figure and nothing else (a year is not a number here)

    def overlap(self, other: _Cell) -> float:
        return min(self.x1, other.x1) - max(self.x0, other.x0)


Row = list[_Cell]


@dataclass
class _Grid:
    page: int
    rows: list[Row]
    headers: dict[int, list[Row]]  # index of a body row -> the rows naming its numbers
    last_on_page: bool = False


def column_headers(text: str, boxes: WordBoxes, figures: Sequence[Figure]) -> dict[int, Header]:
    """start offset of each bare number in a table cell -> the header naming it."""
    if not len(boxes):
        return {}
    bare = {f.start: f.end for f in figures if not f.is_year}
    found: dict[int, Header] = {}
    previous: _Grid | None = None
    for grid in _grids(text, boxes, bare):
        carried = previous.headers.get(max(previous.headers, default=-1)) if previous else None
        continued = previous is not None and carried is not None and _continues(previous, grid)
        grid.headers = _naming_rows(grid.rows, carried if continued else None)
        for index, naming in grid.headers.items():
            for cell in grid.rows[index]:
                header = _header_of(cell, naming) if cell.number else None
                if header is not None:
                    found[cell.start] = header
        previous = grid
    return found


# --- rows and cells --------------------------------------------------------------------


def _grids(text: str, boxes: WordBoxes, bare: dict[int, int]) -> Iterator[_Grid]:
    """The tables of the text, in order: blocks of two rows of cells or more, one of
    them a row of numbers, or key figures with their labels, a line each."""
    grids: list[_Grid] = []
    for rows in _blocks(text, boxes, bare):
        if not any(_is_body(r) for r in rows):
            continue
        if sum(len(r) > 1 for r in rows) < 2 and not _numbers_alone(rows):
            continue
        if grids and grids[-1].page != rows[0][0].page:
            grids[-1].last_on_page = True
        grids.append(_Grid(rows[0][0].page, rows, {}))
    if grids:
        grids[-1].last_on_page = True
    yield from grids


def _blocks(text: str, boxes: WordBoxes, bare: dict[int, int]) -> Iterator[list[Row]]:
    """The rows of cells of each block of lines (blocks part at a blank line and at a
    page's end)."""
    position = 0
    for block in re.split(r"(\n\s*\n)", text):
        rows = []
        offset = position
        for line in block.split("\n"):
            row = _cells(line, offset, boxes, bare)
            if row:
                rows.append(row)
            offset += len(line) + 1
        for _, same_page in itertools.groupby(rows, key=lambda r: r[0].page):
            yield list(same_page)  # a page ends a block: it ends in one line break
        position += len(block)


def _cells(line: str, offset: int, boxes: WordBoxes, bare: dict[int, int]) -> Row:
    row = []
    start = offset
    for part in line.split("\t"):
        stripped = part.strip()
        if stripped:
            cell_start = start + part.index(stripped)
            cell = _cell(stripped, cell_start, boxes, bare)
            if cell is not None:
                row.append(cell)
        start += len(part) + 1
    return row


def _cell(text: str, start: int, boxes: WordBoxes, bare: dict[int, int]) -> _Cell | None:
    """The cell's box from its words' boxes; None for text with no box."""
    end = start + len(text)
    low = bisect.bisect_left(boxes.end, start + 1)
    indexes = []
    for index in range(low, len(boxes)):
        if boxes.start[index] >= end:
            break
        indexes.append(index)
    if not indexes:
        return None
    return _Cell(
        text=text,
        start=start,
        end=end,
        page=boxes.page[indexes[0]],
        x0=min(boxes.x0[i] for i in indexes),
        x1=max(boxes.x1[i] for i in indexes),
        top=min(boxes.top[i] for i in indexes),
        height=statistics.median(boxes.bottom[i] - boxes.top[i] for i in indexes),
        number=bare.get(start) == end,
    )


def _numbers_alone(rows: list[Row]) -> bool:
    """Whether a block of single cells is a key figure and its label: each row of
    numbers holds nothing else, and a header line stands next to one of them."""
    if not all(all(c.number for c in r) for r in rows if _is_body(r)):
        return False
    return any(
        _is_body(a) != _is_body(b) and (_is_header(a) or _is_header(b))
        for a, b in itertools.pairwise(rows)
    )


def _is_body(row: Row) -> bool:
    return any(c.number for c in row)


def _is_header(row: Row) -> bool:
    return not _is_body(row) and all(
        len(c.text.split()) <= MAX_HEADER_WORDS
        and not _SENTENCE_END.search(c.text)
        and any(ch.isalpha() for ch in c.text)  # "63% 9%" is a chart's values, not a name
        for c in row
    )


# --- which rows name which ---------------------------------------------------------------


def _naming_rows(rows: list[Row], carried: list[Row] | None) -> dict[int, list[Row]]:
    """index of each body row -> the header rows naming its numbers (none found: absent).
    ``carried`` is the header of the table this one continues, from the page before."""
    labels = {i: i + 1 for i in range(len(rows) - 1) if _labels_row(rows[i], rows[i + 1])}
    naming: dict[int, list[Row]] = {i: [rows[j]] for i, j in labels.items()}
    taken = set(labels.values())
    for number, (first, last) in enumerate(_body_runs(rows, taken)):
        header = _header_band(rows, first - 1, -1, taken)
        if not header and number == 0 and carried:
            header = carried
        if not header:  # no header over the numbers: the one printed under them
            below = _header_band(rows, last + 1, 1, taken)
            header = below if below and len(below[0]) > 1 else []
        for index in range(first, last + 1):
            if _is_body(rows[index]) and index not in naming and header:
                naming[index] = header
    return naming


def _labels_row(row: Row, below: Row) -> bool:
    """Whether ``below`` is a label line of ``row``'s numbers: in brackets, or in smaller
    type, right under them."""
    if not _is_body(row) or not _is_header(below):
        return False
    numbers = [c for c in row if c.number]
    if not all(any(c.overlap(n) > 0 for n in numbers) for c in below):
        return False
    if all(_BRACKETED.match(c.text) for c in below):
        return True
    return all(c.height <= SMALL_TYPE * min(n.height for n in numbers) for c in below)


def _body_runs(rows: list[Row], taken: set[int]) -> Iterator[tuple[int, int]]:
    """(first, last) index of each run of body rows (a row of text inside a run, such
    as a row's second line or a label line, does not end it)."""
    first = None
    last = -1
    for index, row in enumerate(rows):
        if _is_body(row):
            first = index if first is None else first
            last = index
        elif index not in taken and _is_header(row) and first is not None:
            if index + 1 < len(rows) and _is_body(rows[index + 1]) and len(row) == 1:
                continue  # a one-cell line between two rows of numbers: a wrapped cell
            yield first, last
            first = None
    if first is not None:
        yield first, last


def _header_band(rows: list[Row], index: int, step: int, taken: set[int]) -> list[Row]:
    """The header rows next to a run of body rows, from ``index`` going ``step``, top to
    bottom."""
    band = []
    while 0 <= index < len(rows) and index not in taken and _is_header(rows[index]):
        band.append(rows[index])
        index += step
    return band[::-1] if step < 0 else band


def _header_of(cell: _Cell, naming: list[Row]) -> Header | None:
    """The words of the header cells over ``cell``, one a row: the cell overlapping it
    most; in a row of a header farther from the numbers than one that overlaps it, the
    spanning cell whose reach (up to halfway to its neighbours) holds it."""
    direct = [max(row, key=cell.overlap) for row in naming]
    direct_rows = [i for i, over in enumerate(direct) if cell.overlap(over) > 0]
    if not direct_rows:
        return None
    above = naming[0][0].top < cell.top
    chosen = []
    for index, row in enumerate(naming):
        if index in direct_rows:
            chosen.append(direct[index])
        elif (index < max(direct_rows)) if above else (index > min(direct_rows)):
            spanning = _spanning(cell, row)  # a level farther from the numbers spans them
            if spanning is not None:
                chosen.append(spanning)
    words = tuple(w.strip(_EDGE_MARKS) for c in chosen for w in c.text.split())
    words = tuple(w for w in words if w)
    if not words:
        return None
    return Header(words, chosen[0].start, chosen[0].end)


def _spanning(cell: _Cell, row: Row) -> _Cell | None:
    """The cell of ``row`` whose reach, from halfway to the cell on its left to halfway
    to the one on its right, holds the middle of ``cell``."""
    middle = (cell.x0 + cell.x1) / 2
    ordered = sorted(row, key=lambda c: c.x0)
    for index, over in enumerate(ordered):
        left = (ordered[index - 1].x1 + over.x0) / 2 if index else float("-inf")
        right = (over.x1 + ordered[index + 1].x0) / 2 if index + 1 < len(ordered) else float("inf")
        if left <= middle <= right:
            return over
    return None


# --- tables continued over a page break ---------------------------------------------------


def _continues(previous: _Grid, grid: _Grid) -> bool:
    """Whether ``grid`` opens its page with no header over its numbers and the columns of
    ``previous``, the last table of the page before, at the same x positions."""
    if not previous.last_on_page or grid.page != previous.page + 1:
        return False
    first = _first_body(grid.rows)
    if first > 0 and _is_header(grid.rows[first - 1]):
        return False
    columns = _columns(previous)
    body = [r for r in grid.rows if _is_body(r)]
    return len(columns) > 1 and all(_aligned(r, columns) for r in body)


def _first_body(rows: list[Row]) -> int:
    return next(i for i, r in enumerate(rows) if _is_body(r))


def _columns(grid: _Grid) -> list[tuple[float, float]]:
    """The x-span of each column of the grid's full body rows."""
    body = [r for r in grid.rows if _is_body(r)]
    width = max(len(r) for r in body)
    full = [r for r in body if len(r) == width]
    return [(min(r[i].x0 for r in full), max(r[i].x1 for r in full)) for i in range(width)]


def _aligned(row: Row, columns: list[tuple[float, float]]) -> bool:
    """Whether each cell of ``row`` stands in a column of its own, left to right."""
    placed = []
    for cell in row:
        middle = (cell.x0 + cell.x1) / 2
        at = [
            i
            for i, (x0, x1) in enumerate(columns)
            if x0 - COLUMN_SLACK <= middle <= x1 + COLUMN_SLACK
        ]
        if len(at) != 1:
            return False
        placed.append(at[0])
    return placed == sorted(set(placed))
