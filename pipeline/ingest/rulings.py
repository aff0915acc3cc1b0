"""Ruled tables from a page's path segments: pdfplumber's table finder, without pdfminer.

pdfplumber finds a table where horizontal and vertical rulings cross to close cells (its
"lines" strategy). Here the same algorithm runs on the segments PDFium read from the
page's paths, so a page pays for table finding only when it has rulings, and never for
pdfminer's parse of the whole page.
"""

from __future__ import annotations

from typing import Any

from pdfplumber.table import (
    Table,
    TableSettings,
    cells_to_tables,
    edges_to_intersections,
    intersections_to_cells,
    merge_edges,
)
from pdfplumber.utils import filter_edges

from pipeline.ingest.pdfium import Segment

Box = tuple[float, float, float, float]
Cell = Box | None
MIN_CELL = 0.5  # points: a narrower or flatter "cell" is two rulings drawn as one
_SETTINGS = TableSettings()  # pdfplumber's defaults: snap and join 3 pt, rulings >= 3 pt


def ruled_tables(segments: list[Segment]) -> list[tuple[Box, list[list[Cell]]]]:
    """(frame, rows of cells) for each table the rulings close, top to bottom; a missing
    cell (spanned by its neighbour) is None, as in pdfplumber."""
    edges = [_edge(s) for s in segments]
    edges = filter_edges(edges, min_length=_SETTINGS.edge_min_length_prefilter)
    if sum(e["orientation"] == "h" for e in edges) < 2:
        return []
    if sum(e["orientation"] == "v" for e in edges) < 2:
        return []
    edges = merge_edges(
        edges,
        snap_x_tolerance=_SETTINGS.snap_x_tolerance,
        snap_y_tolerance=_SETTINGS.snap_y_tolerance,
        join_x_tolerance=_SETTINGS.join_x_tolerance,
        join_y_tolerance=_SETTINGS.join_y_tolerance,
    )
    edges = filter_edges(edges, min_length=_SETTINGS.edge_min_length)
    intersections = edges_to_intersections(
        edges, _SETTINGS.intersection_x_tolerance, _SETTINGS.intersection_y_tolerance
    )
    # PDFium's single-precision points can leave two rulings a hair apart where pdfminer
    # reads one place: the sliver between them is not a cell
    cells = [
        c
        for c in intersections_to_cells(intersections)
        if c[2] - c[0] >= MIN_CELL and c[3] - c[1] >= MIN_CELL
    ]
    groups = cells_to_tables(cells)
    # a Table needs its page only to extract text, which is done here from our own words
    tables = [Table(None, cells) for cells in groups]  # type: ignore[arg-type]
    return [(table.bbox, [list(row.cells) for row in table.rows]) for table in tables]


def _edge(segment: Segment) -> dict[str, Any]:
    width, height = segment.x1 - segment.x0, segment.bottom - segment.top
    return {
        "object_type": "path_edge",
        "x0": segment.x0,
        "x1": segment.x1,
        "top": segment.top,
        "doctop": segment.top,
        "bottom": segment.bottom,
        "width": width,
        "height": height,
        "orientation": "h" if height == 0 else "v",
    }
