"""The output as downstream tools read it: the JSON Schemas in schemas/ match the models,
extracted/ passes Frictionless validation against its datapackage.json, pandas reads
numbers as numbers and dates as dates, libhxl reads the --hxl hashtags, Parquet holds
the same rows, and DuckDB queries the tables in place."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import hxl
import pandas as pd
import pytest
from click.testing import CliRunner
from frictionless import validate

from pipeline.cli import main
from pipeline.contract import json_schemas
from pipeline.export import DATAPACKAGE
from pipeline.models import RECORD_TABLES
from pipeline.text.numbers import plain

from .conftest import RAW, ROOT

EXTRACTED = ROOT / "extracted"
SCHEMAS = ROOT / "schemas"


@pytest.fixture(scope="module")
def hxl_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("hxl")
    result = CliRunner().invoke(
        main, ["run", str(RAW), "--out", str(out), "--hxl", "--format", "parquet"]
    )
    assert result.exit_code == 0, result.output
    return out


# --- schemas -----------------------------------------------------------------------------------


def test_json_schemas_are_the_models_own() -> None:
    generated = json_schemas()
    committed = {p.name: p.read_text(encoding="utf-8") for p in SCHEMAS.glob("*.schema.json")}
    assert sorted(committed) == sorted(generated), "run `pipeline schemas` to regenerate"
    for name, text in generated.items():
        assert committed[name] == text, f"schemas/{name} is stale: run `pipeline schemas`"


def test_json_schema_lists_the_columns_and_their_rules() -> None:
    pledge = json.loads((SCHEMAS / "pledges.schema.json").read_text(encoding="utf-8"))
    assert pledge["x-columns"] == list(RECORD_TABLES["pledges"].COLUMNS)
    assert pledge["properties"]["kind"]["enum"] == [
        "pledge",
        "grant",
        "loan",
        "requirement",
        "received",
    ]
    assert pledge["properties"]["currency"]["pattern"] == "^[A-Z]{3}$"


# --- Frictionless --------------------------------------------------------------------------------


def _errors(package: Path) -> list[list[object]]:
    report = validate(str(package))
    return report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])


def test_extracted_passes_frictionless_validation() -> None:
    assert _errors(EXTRACTED / DATAPACKAGE) == []


def test_hxl_output_passes_frictionless_validation(hxl_output: Path) -> None:
    assert _errors(hxl_output / DATAPACKAGE) == []


def test_frictionless_catches_what_the_contract_forbids(tmp_path: Path) -> None:
    """The Table Schemas are not decoration: a wrong kind, a bad currency, a missing
    value and a repeated key are each an error."""
    for path in EXTRACTED.iterdir():
        (tmp_path / path.name).write_bytes(path.read_bytes())
    pledges = tmp_path / "pledges.csv"
    rows = list(csv.reader(pledges.open(encoding="utf-8")))
    header = rows[0]
    bad = list(rows[1])
    bad[header.index("kind")] = "gift"
    bad[header.index("currency")] = "dollars"
    bad[header.index("amount")] = ""
    with pledges.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream, lineterminator="\n").writerows([*rows, bad, rows[1]])
    found = {(row[2], row[3]) for row in _errors(tmp_path / DATAPACKAGE)}
    assert ("kind", "constraint-error") in found
    assert ("currency", "constraint-error") in found
    assert ("amount", "constraint-error") in found
    assert (None, "primary-key") in found


# --- pandas, libhxl, Parquet ---------------------------------------------------------------------


def test_pandas_reads_numbers_and_dates() -> None:
    figures = pd.read_csv(EXTRACTED / "country_figures.csv")
    assert pd.api.types.is_numeric_dtype(figures["value"])
    assert pd.api.types.is_integer_dtype(figures["char_start"])
    starts = pd.to_datetime(figures["period_start"], format="%Y-%m-%d")
    assert starts.notna().all()
    pledges = pd.read_csv(EXTRACTED / "pledges.csv")
    assert pd.api.types.is_numeric_dtype(pledges["amount"])
    assert pledges["amount"].sum() > 0


def test_hxl_row_reads_back_with_libhxl(hxl_output: Path) -> None:
    source = hxl.data(str(hxl_output / "country_figures.csv"), hxl.InputOptions(allow_local=True))
    tags = [column.display_tag for column in source.columns]
    assert tags[:5] == [
        "#meta+document",
        "#country+name",
        "#country+code",
        "#indicator+code",
        "#indicator+value+num",
    ]
    rows = list(source)
    expected = pd.read_csv(EXTRACTED / "country_figures.csv", dtype=str, keep_default_na=False)
    assert len(rows) == len(expected)
    colombia = [r for r in rows if r.get("#country+code") == "COL"]
    assert "1700000" in [r.get("#indicator+value+num") for r in colombia]
    pledges = hxl.data(str(hxl_output / "pledges.csv"), hxl.InputOptions(allow_local=True))
    assert {r.get("#currency") for r in pledges} == {"USD"}


def test_hxl_csv_reads_in_pandas_by_skipping_the_hashtag_row(hxl_output: Path) -> None:
    figures = pd.read_csv(hxl_output / "country_figures.csv", skiprows=[1])
    assert pd.api.types.is_numeric_dtype(figures["value"])


def test_parquet_holds_the_same_rows_typed(hxl_output: Path) -> None:
    for table in RECORD_TABLES:
        frame = pd.read_parquet(hxl_output / f"{table}.parquet")
        expected = pd.read_csv(EXTRACTED / f"{table}.csv", dtype=str, keep_default_na=False)
        assert list(frame.columns) == list(expected.columns)
        assert len(frame) == len(expected)
    figures = pd.read_parquet(hxl_output / "country_figures.parquet")
    assert str(figures["page"].dtype) == "Int64"
    printed = pd.read_csv(EXTRACTED / "country_figures.csv", dtype=str)["value"]
    assert [plain(v) for v in figures["value"]] == list(printed)  # exact decimals, no float


def test_numbers_keep_every_digit_in_parquet_and_duckdb(tmp_path: Path) -> None:
    """An amount a float cannot hold (17 significant digits) comes back digit for digit."""
    from pipeline.export import _parquet

    exact = "1234567890123.4567"
    row = {c: "" for c in RECORD_TABLES["pledges"].COLUMNS}
    row.update(
        document_id="d",
        kind="pledge",
        amount=exact,
        amount_text=exact,
        currency="USD",
        char_start="0",
        char_end="4",
        source_text="text",
    )
    frame = pd.read_parquet(io.BytesIO(_parquet([row], "pledges")))
    assert plain(frame["amount"][0]) == exact
    (tmp_path / "pledges.csv").write_text(
        ",".join(row) + "\n" + ",".join(row.values()) + "\n", encoding="utf-8"
    )
    code, output = _query("SELECT amount FROM pledges", "--data", str(tmp_path), "--format", "csv")
    assert code == 0, output
    assert output.splitlines() == ["amount", exact]


# --- DuckDB --------------------------------------------------------------------------------------


def _query(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["query", *args])
    return result.exit_code, result.output


def test_query_finds_a_countrys_headline_across_documents(hxl_output: Path) -> None:
    sql = (
        "SELECT document_id, value FROM country_figures "
        "WHERE iso3 = 'COL' AND metric = 'refugees_and_migrants' ORDER BY document_id"
    )
    for folder in (EXTRACTED, hxl_output):  # with and without the hashtag row
        code, out = _query(sql, "--data", str(folder), "--format", "csv")
        assert code == 0, out
        assert out == "document_id,value\niom-venezuela-regional-response-2021-q2,1700000\n"


def test_query_columns_are_typed(hxl_output: Path) -> None:
    code, out = _query(
        "SELECT kind, sum(amount) AS total, min(period_start) AS first FROM pledges "
        "WHERE amount > 1000000 GROUP BY kind ORDER BY total DESC",
        "--data",
        str(EXTRACTED),
    )
    assert code == 0, out
    lines = out.splitlines()
    assert lines[0].split() == ["kind", "total", "first"]
    assert lines[2].split() == ["pledge", "2300000000", "2021-04-01"]
    assert lines[-1] == "(4 rows)"  # pledge, loan, grant and requirement


def test_query_errors_say_what_is_wrong(tmp_path: Path) -> None:
    code, out = _query("SELECT nothing FROM country_figures", "--data", str(EXTRACTED))
    assert code == 1 and "the query failed" in out and "nothing" in out
    code, out = _query("SELECT 1", "--data", str(tmp_path))
    assert code == 1 and "holds none of the tables pipeline run writes" in out


# issue 14: the query sees the output tables and nothing else, and works on empty tables
_OUTSIDE = {
    "write": "COPY (SELECT 1 AS x) TO '{out}'",
    "read": "SELECT * FROM read_csv_auto('/etc/passwd')",
    "read-text": "SELECT * FROM read_text('/etc/hostname')",
    "list": "SELECT * FROM glob('/etc/*')",
    "attach": "ATTACH '{out}.duckdb' AS other",
    "install": "INSTALL httpfs",
    "load": "LOAD httpfs",
    "unlock": "SET enable_external_access = true",
    "export": "EXPORT DATABASE '{out}.d'",
    "inside-a-select": "SELECT 1; COPY (SELECT 2) TO '{out}'",
}


@pytest.mark.parametrize("what", sorted(_OUTSIDE))
def test_issue_14_query_cannot_reach_outside_the_tables(what: str, tmp_path: Path) -> None:
    out = tmp_path / "written.csv"
    code, text = _query(_OUTSIDE[what].format(out=out), "--data", str(EXTRACTED))
    assert code == 1, text
    assert text.startswith("Error: [query-error] ") and text.count("\n") == 1
    assert "--allow-files" in text
    assert list(tmp_path.iterdir()) == []


def test_issue_14_query_with_allow_files_may_write(tmp_path: Path) -> None:
    out = tmp_path / "written.csv"
    sql = f"COPY (SELECT count(*) AS n FROM partners) TO '{out}'"
    code, text = _query(sql, "--data", str(EXTRACTED), "--allow-files")
    assert code == 0, text
    assert out.read_text(encoding="utf-8").splitlines()[0] == "n"


def test_issue_14_query_works_when_a_table_is_empty(tmp_path: Path) -> None:
    """A header-only CSV made DuckDB's dialect sniffer fail: a traceback."""
    for path in EXTRACTED.glob("*.csv"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    pledges = tmp_path / "pledges.csv"
    pledges.write_text(pledges.read_text(encoding="utf-8").splitlines()[0] + "\n")
    code, text = _query(
        "SELECT (SELECT count(*) FROM pledges) AS pledges, "
        "(SELECT count(*) FROM partners) > 0 AS partners, "
        "(SELECT sum(amount) FROM pledges) AS total",
        "--data",
        str(tmp_path),
        "--format",
        "csv",
    )
    assert code == 0, text
    assert text == "pledges,partners,total\n0,True,\n"
