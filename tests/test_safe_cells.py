"""Issue 14, safe cells (CSV formula injection, OWASP): a text cell that a spreadsheet
would run as a formula (it begins with =, +, -, @, a tab or a carriage return) is written
with a leading apostrophe; every reader of the project (diff, compare, query, evaluate,
review) reads the original back; provenance is checked on the original; Parquet keeps
the original; numbers (a negative value) are never touched.

The rows are the real rows of ``extracted/`` with hostile text put in, written by the
export stage into a folder of their own."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.cli import main
from pipeline.contract import (
    FORMULA_STARTS,
    escape_cell,
    safe_document_id,
    text_columns,
    unescape_cell,
)
from pipeline.export import rows_to_files
from pipeline.models import RECORD_TABLES
from pipeline.tools.diff import compare_folders, to_text
from pipeline.tools.outputs import Row, read_folder
from pipeline.tools.review import load_review, read_output

from .conftest import RAW, ROOT

EXTRACTED = ROOT / "extracted"
DOCUMENT = "iom-venezuela-regional-response-2021-q2"
FORMULA = '=HYPERLINK("http://example.org/x","click")'
# (table, column) -> the hostile value put in the document's first row of that table
HOSTILE = {
    ("pledges", "donor"): FORMULA,
    ("pledges", "recipient"): "'=already quoted",  # looks escaped: must come back whole
    ("pledges", "event"): "''",
    ("partners", "name"): "@IOM",
    ("country_figures", "value_text"): "-5",
    ("country_figures", "unit"): "+people",
    ("sector_indicators", "indicator"): "\tTabbed label",
    ("issues", "message"): "\rcarriage return first",
}
# written as they are: numbers, and text that no spreadsheet runs
UNTOUCHED = {
    ("country_figures", "value"): "-5",
    ("partners", "acronym"): "'IOM'",  # an apostrophe before a letter: written as it is
}


def _hostile_rows() -> dict[str, list[Row]]:
    tables = {t: [r for r in rows if r["document_id"] == DOCUMENT] for t, rows in _extracted()}
    for (table, column), value in {**HOSTILE, **UNTOUCHED}.items():
        tables[table][0] = {**tables[table][0], column: value}
    return tables


def _extracted() -> list[tuple[str, list[Row]]]:
    return list(read_folder(EXTRACTED).items())


def _snippet_from_a_dash(tables: dict[str, list[Row]]) -> Row:
    """A country figure whose snippet starts at the dash of "Colombia - 1.7 M": its
    provenance must still hold when read back."""
    row = next(r for r in tables["country_figures"] if r["source_text"].startswith("Colombia -"))
    start = int(row["char_start"]) + len("Colombia ")
    return {**row, "char_start": str(start), "source_text": row["source_text"][len("Colombia ") :]}


def _write(folder: Path, tables: dict[str, list[Row]], parquet: bool = False) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in rows_to_files([tables], parquet=parquet).items():
        target = folder / name
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, list[Row]], Path]:
    tables = _hostile_rows()
    dash = _snippet_from_a_dash(tables)
    tables["country_figures"] = [
        dash if r["char_start"] == str(int(dash["char_start"]) - len("Colombia ")) else r
        for r in tables["country_figures"]
    ]
    return tables, _write(tmp_path_factory.mktemp("hostile"), tables, parquet=True)


def _raw_cells(folder: Path, table: str) -> list[dict[str, str]]:
    with (folder / f"{table}.csv").open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


@pytest.mark.parametrize(("table", "column"), sorted(HOSTILE))
def test_a_formula_cell_is_written_with_an_apostrophe(
    hostile: tuple[dict[str, list[Row]], Path], table: str, column: str
) -> None:
    _, folder = hostile
    cells = [row[column] for row in _raw_cells(folder, table)]
    assert "'" + HOSTILE[(table, column)] in cells


def test_no_text_cell_a_spreadsheet_would_run(hostile: tuple[dict[str, list[Row]], Path]) -> None:
    _, folder = hostile
    for table in RECORD_TABLES:
        for row in _raw_cells(folder, table):
            assert not any(row[c].startswith(FORMULA_STARTS) for c in text_columns(table)), row


@pytest.mark.parametrize(("table", "column"), sorted(UNTOUCHED))
def test_numbers_and_harmless_text_are_written_as_they_are(
    hostile: tuple[dict[str, list[Row]], Path], table: str, column: str
) -> None:
    _, folder = hostile
    assert UNTOUCHED[(table, column)] in [row[column] for row in _raw_cells(folder, table)]


def test_the_readers_get_every_row_back_exactly(
    hostile: tuple[dict[str, list[Row]], Path],
) -> None:
    """read_folder is what diff, compare, evaluate and review read the tables with."""
    tables, folder = hostile
    assert read_folder(folder) == tables


def test_diff_compares_and_shows_the_original_values(
    hostile: tuple[dict[str, list[Row]], Path], tmp_path: Path
) -> None:
    _, folder = hostile
    assert not compare_folders(folder, folder).differs
    before = {t: [r for r in rows if r["document_id"] == DOCUMENT] for t, rows in _extracted()}
    shown = to_text(compare_folders(_write(tmp_path / "before", before), folder))
    assert "-> @IOM" in shown and "'@IOM" not in shown


def test_query_reads_the_original_values(hostile: tuple[dict[str, list[Row]], Path]) -> None:
    _, folder = hostile
    result = CliRunner().invoke(
        main,
        [
            "query",
            "SELECT donor, recipient, event FROM pledges WHERE donor LIKE '=%' "
            "UNION ALL SELECT name, acronym, NULL FROM partners WHERE name = '@IOM' "
            "UNION ALL SELECT value_text, CAST(CAST(value AS BIGINT) AS VARCHAR), unit "
            "FROM country_figures WHERE value < 0",
            "--data",
            str(folder),
            "--format",
            "csv",
        ],
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.output)))
    assert rows[1:] == [
        [FORMULA, "'=already quoted", "''"],
        ["@IOM", "'IOM'", ""],
        ["-5", "-5", "+people"],
    ]


def test_review_checks_provenance_on_the_original(
    hostile: tuple[dict[str, list[Row]], Path],
) -> None:
    _, folder = hostile
    review = load_review(read_output(folder), DOCUMENT, RAW / f"{DOCUMENT}.txt")
    assert review.warnings == ()  # every snippet at its offsets, "- 1.7 M" included
    assert "- 1.7 M" in [r.source_text for r in review.records]
    assert any(FORMULA in r.label for r in review.records if r.kind == "pledge")


def test_parquet_keeps_the_original_values(hostile: tuple[dict[str, list[Row]], Path]) -> None:
    _, folder = hostile
    pledges = pd.read_parquet(folder / "pledges.parquet")
    assert FORMULA in set(pledges["donor"])
    figures = pd.read_parquet(folder / "country_figures.parquet")
    assert (figures["value"] == -5).any() and "-5" in set(figures["value_text"])


# --- the rule ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+44 20", "'+44 20"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("'=1", "''=1"),  # looks escaped: one more apostrophe
        ("''", "'''"),
        ("'Countries' in the panel", "'Countries' in the panel"),  # as it is
        ("'", "'"),
        ("", ""),
        ("UNHCR", "UNHCR"),
    ],
)
def test_escape_rule(value: str, written: str) -> None:
    assert escape_cell(value) == written
    assert unescape_cell(written) == value


@settings(derandomize=True)
@given(st.text())
def test_escaping_reads_back_exactly_and_never_starts_a_formula(value: str) -> None:
    written = escape_cell(value)
    assert unescape_cell(written) == value
    assert not written.startswith(FORMULA_STARTS)


@pytest.mark.parametrize(
    ("stem", "document_id"),
    [
        ('=HYPERLINK("x","y")', '_=HYPERLINK("x","y")'),
        ("-report", "_-report"),
        ("+1", "_+1"),
        ("@home", "_@home"),
        ("\treport", "_\treport"),
        ("report", "report"),
        ("'quoted", "'quoted"),
    ],
)
def test_a_document_id_never_begins_with_a_formula_character(stem: str, document_id: str) -> None:
    assert safe_document_id(stem) == document_id
