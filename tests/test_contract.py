"""The output contract: columns as ../shared/docs/records.md lists them, in that order."""

from __future__ import annotations

import csv
import os
import re
from pathlib import Path

import pytest

from pipeline.contract import hxl_tags, table_schema
from pipeline.models import RECORD_TABLES

from .conftest import ROOT

CONTRACT = ROOT.parent / "shared" / "docs" / "records.md"


def _contract_columns() -> dict[str, list[str]]:
    if not CONTRACT.exists():
        if os.environ.get("CI"):
            pytest.fail(f"the record contract {CONTRACT} is missing under CI")
        pytest.skip(f"the record contract {CONTRACT} is not beside this checkout")
    text = CONTRACT.read_text(encoding="utf-8")
    columns = {}
    for name in RECORD_TABLES:
        section = re.search(rf"## {name}\.csv\n(.*?)(?:\n## |\Z)", text, re.DOTALL)
        if section is None:  # issues.csv is described in a sentence of its section
            section = re.search(rf"## {name}\.csv(.*?)(?:\n## |\Z)", text, re.DOTALL)
        assert section is not None, f"{name}.csv is not in the contract"
        listed = re.search(r"`(document_id,[^`]*)`", section.group(1))
        assert listed is not None
        columns[name] = [c.strip() for c in listed.group(1).replace("\n", " ").split(",")]
    return columns


# Columns this version adds to the contract (after its own, never between them).
ADDED = {
    "partners": ["bbox"],
    "pledges": ["bbox"],
    "country_figures": ["sector", "status"],
    "sector_indicators": ["status"],
}


@pytest.mark.parametrize("table", list(RECORD_TABLES))
def test_columns_follow_the_contract(table: str) -> None:
    assert list(RECORD_TABLES[table].COLUMNS) == _contract_columns()[table] + ADDED.get(table, [])


@pytest.mark.parametrize("table", list(RECORD_TABLES))
def test_every_column_is_a_model_field(table: str) -> None:
    model = RECORD_TABLES[table]
    assert set(model.COLUMNS) == set(model.model_fields)


def test_extracted_headers_follow_the_contract() -> None:
    for table, model in RECORD_TABLES.items():
        header = (ROOT / "extracted" / f"{table}.csv").read_text(encoding="utf-8").splitlines()[0]
        assert header.split(",") == list(model.COLUMNS)


def test_readme_documents_every_column() -> None:
    readme = Path(ROOT / "README.md").read_text(encoding="utf-8")
    for model in RECORD_TABLES.values():
        for column in model.COLUMNS:
            assert f"`{column}`" in readme, f"README.md does not document {column}"


@pytest.mark.parametrize("table", ["country_figures", "sector_indicators"])
def test_status_is_an_optional_column_of_three_values(table: str) -> None:
    """Issue 13: an empty status is a missing value (no word settles it), not a fourth."""
    field = next(f for f in table_schema(table)["fields"] if f["name"] == "status")
    assert field["constraints"] == {"enum": ["done", "planned", "needed"]}
    assert hxl_tags(table)["status"] == "#status"
    model = RECORD_TABLES[table]
    assert model.model_fields["status"].default == ""
    assert model.COLUMNS[-1] == "status"


def test_extracted_statuses_are_contract_values() -> None:
    for table in ("country_figures", "sector_indicators"):
        with (ROOT / "extracted" / f"{table}.csv").open(encoding="utf-8") as handle:
            statuses = {row["status"] for row in csv.DictReader(handle)}
        assert statuses <= {"", "done", "planned", "needed"}
