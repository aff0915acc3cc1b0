"""SQL over an output folder, read in place by DuckDB (the only module that uses it).

Each table of the folder is a view of the same name over its CSV file: no copy is made
and the CSV is read when a query needs it. Columns have the types of the Table Schema
(numbers, integers, dates, text), so ``value > 1000000`` and date arithmetic work; a
hashtag row (``--hxl``) is skipped.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from pipeline.contract import table_schema
from pipeline.errors import PipelineError
from pipeline.tools.outputs import table_files

_SQL_TYPES = {"string": "VARCHAR", "integer": "BIGINT", "number": "DOUBLE", "date": "DATE"}


class QueryError(PipelineError):
    code = "query-error"


@dataclass(frozen=True)
class Result:
    columns: list[str]
    rows: list[tuple[Any, ...]]


def run_query(folder: Path, sql: str) -> Result:
    """The result of ``sql`` over the tables in ``folder``."""
    connection = duckdb.connect()
    try:
        for table in table_files(folder):
            fields = table_schema(table.table)["fields"]
            columns = ", ".join(f"'{f['name']}': '{_SQL_TYPES[f['type']]}'" for f in fields)
            path = str(table.path).replace("'", "''")
            connection.execute(
                f"CREATE VIEW {table.table} AS SELECT * FROM read_csv('{path}', "
                f"header=false, skip={2 if table.hxl else 1}, columns={{{columns}}}, "
                "quote='\"', escape='\"', nullstr='', delim=',')"
            )
        try:
            cursor = connection.execute(sql)
        except duckdb.Error as exc:
            raise QueryError(f"the query failed: {' '.join(str(exc).split())}") from exc
        if cursor.description is None:
            return Result([], [])
        return Result([d[0] for d in cursor.description], cursor.fetchall())
    finally:
        connection.close()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def to_csv(result: Result) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(result.columns)
    writer.writerows([[_cell(v) for v in row] for row in result.rows])
    return buffer.getvalue()


def to_table(result: Result, max_width: int = 60) -> str:
    """The result as aligned text columns, long cells cut to ``max_width``."""
    cells = [[_cell(v) for v in row] for row in result.rows]
    cells = [
        [c if len(c) <= max_width else c[: max_width - 3] + "..." for c in row] for row in cells
    ]
    widths = [
        max([len(name)] + [len(row[i]) for row in cells]) for i, name in enumerate(result.columns)
    ]
    lines = ["  ".join(n.ljust(w) for n, w in zip(result.columns, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells
    ]
    lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(lines)
