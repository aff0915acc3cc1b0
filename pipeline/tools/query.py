"""SQL over an output folder with DuckDB (the only module that uses it).

Each table of the folder is loaded into an in-memory table of the same name, with the
types of the Table Schema (numbers, integers, dates, text), so ``value > 1000000`` and
date arithmetic work; a hashtag row (``--hxl``) is skipped, a text cell's safe-cell
apostrophe is taken off, and a table with no rows is an empty table. Then the
connection is shut off from everything else: DuckDB may not touch a file or the network
(``enable_external_access``), load or install an extension, or change those settings
again (``lock_configuration``), and only statements that read (``SELECT``, ``EXPLAIN``,
``DESCRIBE``, ...) are run. So a query sees the output tables and nothing else: ``COPY
... TO``, ``read_csv('/etc/passwd')``, ``ATTACH``, ``INSTALL`` fail with a
``QueryError``. ``allow_files`` gives DuckDB's defaults back.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from pipeline.contract import ESCAPE, FORMULA_STARTS, table_schema
from pipeline.errors import QueryError
from pipeline.text.numbers import plain
from pipeline.tools.outputs import TableFile, table_files

# numbers are exact decimals (38 digits, 10 after the point), never a float
_SQL_TYPES = {"string": "VARCHAR", "integer": "BIGINT", "number": "DECIMAL(38, 10)", "date": "DATE"}
# no extension is fetched or loaded behind the query's back
_CLOSED = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
}
_READS = frozenset({duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN})
ALLOW_FILES = "--allow-files"  # the flag that lifts the restrictions (cli/tools.py)


@dataclass(frozen=True)
class Result:
    columns: list[str]
    rows: list[tuple[Any, ...]]


def run_query(folder: Path, sql: str, allow_files: bool = False) -> Result:
    """The result of ``sql`` over the tables in ``folder``; unless ``allow_files``, the
    query can read those tables and nothing else, and write nothing."""
    connection = duckdb.connect(":memory:", config={} if allow_files else dict(_CLOSED))
    try:
        for table in table_files(folder):
            _load(connection, table)
        if not allow_files:
            connection.execute("SET enable_external_access = false")
            connection.execute("SET lock_configuration = true")
        try:
            if not allow_files:
                _reads_only(connection, sql)
            cursor = connection.execute(sql)
        except duckdb.PermissionException as exc:
            raise QueryError(
                f"the query failed: {' '.join(str(exc).split())}; a query reads only the "
                f"output tables, unless {ALLOW_FILES} is given"
            ) from exc
        except duckdb.Error as exc:
            raise QueryError(f"the query failed: {' '.join(str(exc).split())}") from exc
        if cursor.description is None:
            return Result([], [])
        return Result([d[0] for d in cursor.description], cursor.fetchall())
    finally:
        connection.close()


def _load(connection: duckdb.DuckDBPyConnection, table: TableFile) -> None:
    """The CSV file as an in-memory table with the Table Schema's column types, each text
    cell without its safe-cell apostrophe (``contract.escape_cell``). The CSV's dialect
    is given, not sniffed, so a file with a header and no rows loads empty."""
    fields = table_schema(table.table)["fields"]
    columns = ", ".join(f"'{f['name']}': '{_SQL_TYPES[f['type']]}'" for f in fields)
    values = ", ".join(_value(f["name"], f["type"]) for f in fields)
    path = str(table.path).replace("'", "''")
    connection.execute(
        f"CREATE TABLE {table.table} AS SELECT {values} FROM read_csv('{path}', "
        f"header=false, skip={2 if table.hxl else 1}, columns={{{columns}}}, "
        "auto_detect=false, quote='\"', escape='\"', nullstr='', delim=',')"
    )


def _value(column: str, kind: str) -> str:
    """The SQL of a column's value: a text cell without its safe-cell apostrophe, by the
    rule of ``contract.unescape_cell`` (an apostrophe, then a formula character or an
    apostrophe)."""
    if kind != "string":
        return column
    starts = ", ".join(_sql_text(c) for c in (*FORMULA_STARTS, ESCAPE))
    return (
        f"CASE WHEN starts_with({column}, {_sql_text(ESCAPE)}) "
        f"AND substr({column}, {len(ESCAPE) + 1}, 1) IN ({starts}) "
        f"THEN substr({column}, {len(ESCAPE) + 1}) ELSE {column} END AS {column}"
    )


def _sql_text(text: str) -> str:
    """``text`` as an SQL string literal (control characters by chr())."""
    if text.isprintable():
        return "'" + text.replace("'", "''") + "'"
    return f"chr({ord(text)})"


def _reads_only(connection: duckdb.DuckDBPyConnection, sql: str) -> None:
    for statement in connection.extract_statements(sql):
        if statement.type not in _READS:
            kind = statement.type.name.replace("_", " ")
            raise QueryError(
                f"pipeline query only reads the output tables, and this is a {kind} "
                f"statement; give {ALLOW_FILES} to let a query write, read other files "
                "or load extensions"
            )


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, Decimal):
        return plain(value)
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
