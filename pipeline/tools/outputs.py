"""Reading an output folder back: the tables a run wrote, as rows of strings.

Used by ``diff``, ``compare``, ``evaluate`` and ``review`` (``query`` reads the files with
DuckDB by the same rules). A table's HXL hashtag row (``--hxl``) is recognised and
skipped, and a text cell's safe-cell apostrophe is taken off, so the rows are the ones
the run exported. A folder that is not an output folder gives an ``InputError`` that
says so.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.batch.lock import reading
from pipeline.contract import table_file, text_columns, unescape_cell
from pipeline.errors import InputError
from pipeline.models import RECORD_TABLES

Row = dict[str, str]


@dataclass(frozen=True)
class TableFile:
    table: str
    path: Path
    hxl: bool  # the second line holds HXL hashtags


def table_files(folder: Path) -> list[TableFile]:
    """The record tables in ``folder``; an error if it holds none of them."""
    if not folder.is_dir():
        raise InputError(str(folder), "not a folder", "give the folder `pipeline run --out` wrote")
    found = []
    for table in RECORD_TABLES:
        path = folder / table_file(table)
        if path.exists():
            found.append(TableFile(table, path, _has_hxl_row(path)))
    if not found:
        raise InputError(
            str(folder),
            "holds none of the tables pipeline run writes",
            "give the folder `pipeline run --out` wrote",
        )
    return found


def _has_hxl_row(path: Path) -> bool:
    with path.open(encoding="utf-8", newline="") as stream:
        reader = csv.reader(stream)
        next(reader, None)
        second = next(reader, None)
    return second is not None and any(second) and all(c.startswith("#") for c in second if c)


def read_rows(table: TableFile) -> Iterator[Row]:
    """The table's rows as they were before export: a text cell's safe-cell apostrophe
    (``contract.escape_cell``) is taken off."""
    text = text_columns(table.table)
    with table.path.open(encoding="utf-8", newline="") as stream:
        reader = csv.DictReader(stream)
        for number, row in enumerate(reader):
            if number == 0 and table.hxl:
                continue
            yield {c: unescape_cell(v) if c in text and v else v for c, v in row.items()}


def read_folder(folder: Path) -> dict[str, list[Row]]:
    """Table name -> its rows, for every record table in ``folder``: all of one set,
    even while a run replaces them (``batch.lock.reading``)."""
    with reading(folder):
        return read_tables(folder)


def read_tables(folder: Path) -> dict[str, list[Row]]:
    """``read_folder`` for a caller that already holds the folder's read lock (to read
    more of the same set under it, such as ``run-report.json``)."""
    return {table.table: list(read_rows(table)) for table in table_files(folder)}
