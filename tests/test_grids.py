"""Tables and key-figure grids in PDFs, read by their geometry (``segment/grids.py``):
each bare number is named by its column's header, printed over it (one level or two) or
under it; a bracketed or smaller label line under a row of numbers names those numbers;
a key-figure grid pairs each big number with its own label; a table continued on the
next page keeps its header. Each case is a PDF laid out that way with reportlab; the
words and numbers are invented.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

import pytest
from reportlab.pdfgen import canvas

from pipeline.flow import run_document
from pipeline.models import RecordSet

Draw = Callable[[canvas.Canvas], None]
HEIGHT = 792.0
CENTRES = (142.0, 300.0, 457.0)  # of the three columns of a ruled table
TITLE = "Malawi Flood Response Situation Report"


def _pdf(path: Path, *pages: Draw) -> Path:
    page = canvas.Canvas(str(path), invariant=1)
    for draw in pages:
        page.setFont("Helvetica-Bold", 18)
        page.drawString(54, HEIGHT - 60, TITLE)
        page.setFont("Helvetica", 9)
        draw(page)
        page.showPage()
    page.save()
    return path


def _text(page: canvas.Canvas, x: float, top: float, text: str, size: float = 9) -> None:
    """``text`` centred on ``x`` with its top ``top`` points from the page's top."""
    page.setFont("Helvetica", size)
    page.drawCentredString(x, HEIGHT - top - size, text)


def _records(path: Path) -> RecordSet:
    result = run_document(path).result
    assert result is not None
    return result.records


def _metrics(records: RecordSet) -> dict[str, set[int]]:
    found: dict[str, set[int]] = {}
    for record in records.country_figures:
        found.setdefault(record.metric, set()).add(int(record.value))
    return found


def _ruled(
    page: canvas.Canvas,
    top: float,
    rows: list[tuple[str, ...]],
    centres: tuple[float, ...] = CENTRES,
) -> None:
    """A ruled table from ``top`` down, one row of cells a line, columns at ``centres``."""
    left, right, height = 60.0, 540.0, 16.0
    for index in range(len(rows) + 1):
        page.line(left, HEIGHT - top - height * index, right, HEIGHT - top - height * index)
    edges = [(a + b) / 2 for a, b in itertools.pairwise(centres)]
    for x in (left, *edges, right):
        page.line(x, HEIGHT - top, x, HEIGHT - top - height * len(rows))
    for index, row in enumerate(rows):
        for x, cell in zip(centres, row, strict=True):
            _text(page, x, top + height * index + 4, cell)


# --- a ruled table with a two-level header ----------------------------------------------

COLUMNS = (120.0, 260.0, 340.0, 420.0)  # centres: district, then three numbers


def _ruled_two_level(page: canvas.Canvas) -> None:
    left, right, top = 60.0, 460.0, 120.0
    rows = [top, top + 16, top + 32, top + 50, top + 68]
    for y in rows:
        page.line(left, HEIGHT - y, right, HEIGHT - y)
    for x in (left, 180.0, 300.0, 380.0, right):
        page.line(x, HEIGHT - top, x, HEIGHT - rows[-1])
    _text(page, COLUMNS[0], top + 4, "District")
    _text(page, 280.0, top + 4, "Latrines Built")  # spans the first two number columns
    _text(page, COLUMNS[3], top + 4, "Hygiene Kits")
    _text(page, COLUMNS[1], top + 20, "Planned")
    _text(page, COLUMNS[2], top + 20, "Completed")
    for row, (district, values) in enumerate(
        [("Nsanje", ("410", "265", "1,930")), ("Chikwawa", ("380", "217", "2,460"))]
    ):
        y = top + 37 + 18 * row
        _text(page, COLUMNS[0], y, district)
        for x, value in zip(COLUMNS[1:], values, strict=True):
            _text(page, x, y, value)


def test_a_spanning_header_names_each_column_under_it(tmp_path: Path) -> None:
    metrics = _metrics(_records(_pdf(tmp_path / "two-level.pdf", _ruled_two_level)))
    assert metrics.get("latrines_built_planned") == {410, 380}
    assert metrics.get("latrines_built_completed") == {265, 217}
    assert metrics.get("hygiene_kits") == {1930, 2460}


# --- a header printed under the numbers; a label line under a row of numbers -------------


def _header_under(page: canvas.Canvas) -> None:
    _ruled(page, 120.0, [("1,240", "315", "87"), ("Tarpaulins", "Water Filters", "Cooking Sets")])


def test_a_header_printed_under_the_numbers_names_them(tmp_path: Path) -> None:
    metrics = _metrics(_records(_pdf(tmp_path / "under.pdf", _header_under)))
    assert metrics.get("tarpaulins") == {1240}
    assert metrics.get("water_filters") == {315}
    assert metrics.get("cooking_sets") == {87}


def _bracketed_labels(page: canvas.Canvas) -> None:
    _text(page, 150.0, 100, "Area")
    _text(page, 300.0, 100, "Total")
    for row, (area, value, label) in enumerate(
        [("North", "52", "(boreholes drilled)"), ("South", "9", "(clinics rebuilt)")]
    ):
        _text(page, 150.0, 116 + 30 * row, area)
        _text(page, 300.0, 116 + 30 * row, value)
        _text(page, 300.0, 128 + 30 * row, label, size=7)


def test_a_bracketed_label_under_a_number_names_that_number_alone(tmp_path: Path) -> None:
    metrics = _metrics(_records(_pdf(tmp_path / "bracketed.pdf", _bracketed_labels)))
    assert metrics.get("boreholes_drilled") == {52}
    assert metrics.get("clinics_rebuilt") == {9}
    assert "total" not in metrics


# --- a key-figure grid: big numbers, each with its small label under it ------------------

GRID = [
    [("18,400", "people reached"), ("2,150", "shelter kits"), ("96", "mobile clinics")],
    [("7,300", "children vaccinated"), ("640", "latrines repaired"), ("12", "schools reopened")],
]


def _key_figure_grid(page: canvas.Canvas) -> None:
    for row, panels in enumerate(GRID):
        for column, (value, label) in enumerate(panels):
            x, top = 130.0 + 170 * column, 110.0 + 60 * row
            _text(page, x, top, value, size=20)
            _text(page, x, top + 26, label, size=8)


@pytest.mark.parametrize(
    ("metric", "value"), [(label.replace(" ", "_"), v) for row in GRID for v, label in row]
)
def test_each_value_of_a_key_figure_grid_keeps_its_own_label(
    tmp_path: Path, metric: str, value: str
) -> None:
    metrics = _metrics(_records(_pdf(tmp_path / "grid.pdf", _key_figure_grid)))
    assert metrics.get(metric) == {int(value.replace(",", ""))}


# --- a table continued on the next page ---------------------------------------------------


HEADER = ("Camp", "Tents Pitched", "Water Points")


def _first_part(page: canvas.Canvas) -> None:
    _ruled(page, 660.0, [HEADER, ("Kalu", "310", "14"), ("Mbera", "275", "11")])


def _second_part(page: canvas.Canvas) -> None:
    _ruled(page, 100.0, [("Dzaleka", "198", "8"), ("Luwani", "143", "5")])


def _other_table(page: canvas.Canvas) -> None:  # the same cells, in columns of its own
    _ruled(page, 100.0, [("Dzaleka", "198", "8"), ("Luwani", "143", "5")], (90.0, 380.0, 510.0))


def test_a_table_continued_on_the_next_page_keeps_its_header(tmp_path: Path) -> None:
    metrics = _metrics(_records(_pdf(tmp_path / "continued.pdf", _first_part, _second_part)))
    assert metrics.get("tents_pitched") == {310, 275, 198, 143}
    assert metrics.get("water_points") == {14, 11, 8, 5}


def test_rows_in_other_columns_do_not_continue_the_table(tmp_path: Path) -> None:
    metrics = _metrics(_records(_pdf(tmp_path / "other.pdf", _first_part, _other_table)))
    assert metrics.get("tents_pitched") == {310, 275}
    assert metrics.get("water_points") == {14, 11}


# --- zeros ---------------------------------------------------------------------------------


def _zero_cell(page: canvas.Canvas) -> None:
    _ruled(page, 120.0, [("District", "Boats Deployed", "Boats Repaired"), ("Zomba", "4", "0")])


def test_a_zero_cell_is_an_issue_not_a_figure(tmp_path: Path) -> None:
    records = _records(_pdf(tmp_path / "zero.pdf", _zero_cell))
    assert _metrics(records) == {"boats_deployed": {4}}
    assert [i.source_text for i in records.issues if i.code == "figure-zero"] == ["0"]


def _cells_of_letters(page: canvas.Canvas) -> None:
    _ruled(page, 120.0, [("Region", "Pro", "le"), ("Coast", "31", "44")])


def test_a_tab_between_two_cells_is_no_lost_ligature(tmp_path: Path) -> None:
    """ "Pro<TAB>le" in a text export is "Profile" without its ligature; in a PDF the tab
    parts two cells, whose words have boxes of their own."""
    result = run_document(_pdf(tmp_path / "letters.pdf", _cells_of_letters)).result
    assert result is not None
    assert "Pro\tle" in result.text
    assert result.repair_count == 0
