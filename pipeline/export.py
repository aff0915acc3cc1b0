"""Stage 6: the four record tables and the issues as CSV (and Parquet), with the Data
Package descriptor that describes them; the only place pandas is used.

Columns and their order are the contract's (``docs/records.md``, copied into each
model's ``COLUMNS``). Numbers are plain ("1700000", not "1.7 M" or "1,700,000"), dates
ISO 8601, missing values empty. Rows are sorted by document, then position in the
document, then every column, so the same input always gives the same bytes. With
``hxl`` the row under the header holds each column's HXL hashtag. A text cell that a
spreadsheet would run as a formula gets a leading apostrophe in the CSV, not in Parquet.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import pandas as pd
import pyarrow as pa

from pipeline.contract import (
    datapackage,
    escape_cell,
    hxl_tags,
    table_file,
    table_schema,
    text_columns,
)
from pipeline.models import RECORD_TABLES, ValidatedDocument
from pipeline.text.numbers import plain

DATAPACKAGE = "datapackage.json"
OUTPUT_FILES = (*(table_file(name) for name in RECORD_TABLES), DATAPACKAGE)


def documents_to_tables(
    documents: Iterable[ValidatedDocument], hxl: bool = False, parquet: bool = False
) -> dict[str, str | bytes]:
    """File name -> content, for every table (CSV text, and Parquet bytes with
    ``parquet``), with every document's rows, and the Data Package descriptor."""
    return rows_to_files([document_rows(d) for d in documents], hxl=hxl, parquet=parquet)


def rows_to_files(
    documents: Iterable[dict[str, list[dict[str, str]]]], hxl: bool = False, parquet: bool = False
) -> dict[str, str | bytes]:
    """The output files from each document's rows (``document_rows``), in any order: the
    rows of every table are sorted, so the bytes do not depend on it."""
    documents = list(documents)
    files: dict[str, str | bytes] = {}
    for name, model in RECORD_TABLES.items():  # every model there has COLUMNS
        rows = sorted((row for d in documents for row in d.get(name, [])), key=_sort_key)
        files[table_file(name)] = _csv(
            _safe(rows, text_columns(name)), model.COLUMNS, hxl_tags(name) if hxl else None
        )
        if parquet:
            files[f"{name}.parquet"] = _parquet(rows, name)
    files[DATAPACKAGE] = datapackage(hxl)
    return files


def document_rows(document: ValidatedDocument) -> dict[str, list[dict[str, str]]]:
    """Table name -> the document's rows as they would be written (cells as text)."""
    return {
        name: sorted(
            (_row(record, model.COLUMNS) for record in getattr(document.records, name)),
            key=_sort_key,
        )
        for name, model in RECORD_TABLES.items()
    }


def _row(record: Any, columns: tuple[str, ...]) -> dict[str, str]:
    return {column: _cell(getattr(record, column)) for column in columns}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _sort_key(row: dict[str, str]) -> tuple[str, int, tuple[str, ...]]:
    start = row.get("char_start", "")
    return row["document_id"], int(start) if start else -1, tuple(row.values())


def _safe(rows: list[dict[str, str]], text: frozenset[str]) -> list[dict[str, str]]:
    """The rows as the CSV holds them: each text cell a spreadsheet would run as a formula
    with a leading apostrophe (``contract.escape_cell``); numbers and dates as they are.
    Parquet and the manifest keep the rows as they were."""
    return [{c: escape_cell(v) if c in text else v for c, v in row.items()} for row in rows]


def _csv(rows: list[dict[str, str]], columns: tuple[str, ...], tags: dict[str, str] | None) -> str:
    lines = [dict(zip(columns, columns, strict=True)), *([tags] if tags else []), *rows]
    return "".join(",".join(_field(line.get(c, "")) for c in columns) + "\n" for line in lines)


def _field(cell: str) -> str:
    """A CSV field as pandas (csv's minimal quoting) writes it: quoted when it holds a
    comma, a quote or a line break; also a lone carriage return, which csv leaves bare
    with "\n" line ends, so the row would split where a reader meets it."""
    if any(c in cell for c in ',"\r\n'):
        return '"' + cell.replace('"', '""') + '"'
    return cell


# numbers as exact decimals: 38 digits, 10 after the point (no float loses a digit)
DECIMAL_PRECISION, DECIMAL_SCALE = 38, 10


def _parquet(rows: list[dict[str, str]], table: str) -> bytes:
    """The table with typed columns: integers, exact decimals, dates, strings."""
    fields = table_schema(table)["fields"]
    frame = pd.DataFrame(rows, columns=[f["name"] for f in fields])
    for field in fields:
        column = frame[field["name"]].replace("", None)
        if field["type"] == "date":
            frame[field["name"]] = pd.to_datetime(column).dt.date.astype("object")
        elif field["type"] == "integer":
            frame[field["name"]] = pd.to_numeric(column).astype("Int64")
        elif field["type"] == "number":
            frame[field["name"]] = column.map(lambda v: None if v is None else Decimal(v))
        else:
            frame[field["name"]] = column.astype("string")
    decimal = pa.decimal128(DECIMAL_PRECISION, DECIMAL_SCALE)
    schema = pa.Schema.from_pandas(frame, preserve_index=False)
    for field in fields:
        if field["type"] == "number":
            schema = schema.set(
                schema.get_field_index(field["name"]), pa.field(field["name"], decimal)
            )
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False, engine="pyarrow", schema=schema)
    return buffer.getvalue()
