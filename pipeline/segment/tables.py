"""Tables in extracted text: a header row of known column names, then the cells.

Text exported from a PDF often puts every cell of a table on its own line:
"Country", "Sector", "Requirements", "Chile", "Integration", "$63,000", ... A cell's
column is known from what it holds (a country or region, a sector, an amount), so rows
are rebuilt by type rather than by counting lines: a new row starts at each cell of the
first column. A row missing a cell keeps the gap, and a cell arriving when its row
already has that column is kept aside as unplaced. Neither is filled by guessing; the
extractor reports both. Rows printed on one line with tabs between cells are read the
same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.models import Cell, Span, Table, TableRow
from pipeline.text import countries
from pipeline.text.numbers import find_figures
from pipeline.vocab import fold
from pipeline.vocab.money import table_columns
from pipeline.vocab.places import region_of
from pipeline.vocab.sectors import sector_of

MAX_TITLE_CHARS = 80


@dataclass(frozen=True)
class FoundTable:
    first_line: int  # index of the title line, or of the first header line
    last_line: int
    table: Table


def find_tables(lines: list[Span], language: str) -> list[FoundTable]:
    found: list[FoundTable] = []
    index = 0
    while index < len(lines):
        header = _header_at(lines, index)
        if header is None:
            index += 1
            continue
        columns, amount_kind, after_header = header
        rows, unplaced, last = _read_cells(lines, after_header, columns, language)
        if not rows:
            index += 1
            continue
        first = _title_line(lines, index)
        title = lines[first].text.strip() if first < index else ""
        table = Table(
            title=title,
            columns=tuple(columns),
            amount_kind=amount_kind,
            rows=tuple(rows),
            unplaced=tuple(unplaced),
        )
        found.append(FoundTable(first, last, table))
        index = last + 1
    return found


def _header_at(lines: list[Span], index: int) -> tuple[list[str], str, int] | None:
    """(columns, amount kind, index after the header) if a header row starts here."""
    cells = _cells_of(lines, index)
    if len(cells) > 1:  # the whole header on one line, cells split by tabs
        known = [table_columns().get(fold(c.text)) for c in cells]
        if not all(known):
            return None
        headers = [k for k in known if k is not None]
        position = index + 1
    else:
        headers, position = _stacked_header(lines, index)
    columns = [column for column, _ in headers]
    amount_kind = next((kind for _, kind in headers if kind), "")
    if len(columns) < 2 or "amount" not in columns or columns[0] == "amount":
        return None
    return columns, amount_kind, position


def _stacked_header(lines: list[Span], index: int) -> tuple[list[tuple[str, str]], int]:
    """Header cells one per line (blank lines between allowed)."""
    headers: list[tuple[str, str]] = []
    position = index
    while position < len(lines):
        text = lines[position].text.strip()
        if not text:
            position += 1
            continue
        known = table_columns().get(fold(text))
        if known is None or known[0] in [column for column, _ in headers]:
            break
        headers.append(known)
        position += 1
    return headers, position


def _cells_of(lines: list[Span], index: int) -> list[Cell]:
    line = lines[index]
    cells, start = [], line.start
    for part in line.text.split("\t"):
        stripped = part.strip()
        if stripped:
            offset = start + part.index(stripped)
            cells.append(Cell(column="", text=stripped, start=offset, end=offset + len(stripped)))
        start += len(part) + 1
    return cells


def _title_line(lines: list[Span], header_index: int) -> int:
    """The line naming the table, just above its header, if there is one."""
    position = header_index - 1
    while position >= 0 and not lines[position].text.strip():
        position -= 1
    if position < 0:
        return header_index
    text = lines[position].text.strip()
    if len(text) <= MAX_TITLE_CHARS and not text.endswith((".", ":", ";", ",")):
        return position
    return header_index


def _read_cells(
    lines: list[Span], index: int, columns: list[str], language: str
) -> tuple[list[TableRow], list[Cell], int]:
    rows: list[list[Cell]] = []
    unplaced: list[Cell] = []
    last = index - 1
    position = index
    while position < len(lines):
        if not lines[position].text.strip():
            position += 1
            continue
        cells = [_typed(c, columns, language) for c in _cells_of(lines, position)]
        if not cells or any(c is None for c in cells):
            break
        for cell in cells:
            assert cell is not None
            _place(cell, rows, unplaced, columns)
        last = position
        position += 1
    return [TableRow(cells=tuple(r)) for r in rows], unplaced, last


def _place(cell: Cell, rows: list[list[Cell]], unplaced: list[Cell], columns: list[str]) -> None:
    if cell.column == columns[0]:
        rows.append([cell])
        return
    if not rows or any(c.column == cell.column for c in rows[-1]):
        unplaced.append(cell)
        return
    rows[-1].append(cell)


def _typed(cell: Cell, columns: list[str], language: str) -> Cell | None:
    """``cell`` with its column, judged from its content; None if it fits none."""
    text = cell.text
    kind = ""
    if "country" in columns and (region_of(text) or countries.lookup(text)):
        kind = "country"
    elif "sector" in columns and sector_of(text):
        kind = "sector"
    elif "amount" in columns and _is_amount(text, language):
        kind = "amount"
    if not kind:
        return None
    return cell.model_copy(update={"column": kind})


def _is_amount(text: str, language: str) -> bool:
    figures = find_figures(text, language)
    return len(figures) == 1 and figures[0].text == text and not figures[0].attached
