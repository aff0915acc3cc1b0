"""Stage 6: the four record tables and the issues as CSV, the only place pandas is used.

Columns and their order are the contract's (``docs/records.md``, copied into each
model's ``COLUMNS``). Numbers are plain ("1700000", not "1.7 M" or "1,700,000"), dates
ISO 8601, missing values empty. Rows are sorted by document, then position in the
document, then every column, so the same input always gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import pandas as pd

from .models import RECORD_TABLES, ValidatedDocument
from .numbers import plain

TABLE_FILES = {name: f"{name}.csv" for name in RECORD_TABLES}


def documents_to_tables(documents: Iterable[ValidatedDocument]) -> dict[str, str]:
    """File name -> CSV text, for every table, with every document's rows."""
    documents = list(documents)
    tables = {}
    for name, model in RECORD_TABLES.items():  # every model there has COLUMNS
        rows = [
            _row(record, model.COLUMNS) for d in documents for record in getattr(d.records, name)
        ]
        tables[TABLE_FILES[name]] = _csv(rows, model.COLUMNS)
    return tables


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


def _csv(rows: list[dict[str, str]], columns: tuple[str, ...]) -> str:
    ordered = sorted(rows, key=_sort_key)
    frame = pd.DataFrame(ordered, columns=list(columns), dtype="string")
    return frame.to_csv(index=False, lineterminator="\n")
