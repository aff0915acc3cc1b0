"""The output contract as machine-readable descriptions, generated from the models.

- ``json_schemas()``: one JSON Schema per table (``schemas/<table>.schema.json``), from
  each record model (pydantic's own schema generation).
- ``datapackage()``: the Frictionless Data Package descriptor written beside the CSVs
  (``datapackage.json``): a Table Schema per CSV with types, required fields, enum
  values, ISO 3166 / ISO 4217 patterns and primary keys.
- ``hxl_tags()``: the HXL hashtag of each column (``data/hxl.yaml``), for ``--hxl``.
- ``escape_cell()`` / ``unescape_cell()``: safe cells. A text cell that a spreadsheet
  would run as a formula is written with a leading apostrophe, and read back without it.

Nothing here is written by hand twice: a column's type, bounds, pattern and allowed
values are read off the pydantic field that defines it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import types
from decimal import Decimal
from typing import Any, Literal, Union, get_args, get_origin

from pydantic.fields import FieldInfo

from pipeline import __version__
from pipeline.models import BBOX, BBOX_VALUE, ISO3, ISO3_CODE, ISO4217, ISO4217_CODE, RECORD_TABLES
from pipeline.vocab.hxl import hxl_table

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
HXL_ROW = 2  # the hashtag row sits under the header row
# an anchored model pattern that allows an empty cell -> the value's own pattern
_TABLE_PATTERNS = {ISO3: ISO3_CODE, ISO4217: ISO4217_CODE, BBOX: BBOX_VALUE}
_TYPES: dict[type, tuple[str, str]] = {
    int: ("integer", "default"),
    Decimal: ("number", "default"),
    dt.date: ("date", "default"),
    str: ("string", "default"),
}


def table_file(table: str) -> str:
    return f"{table}.csv"


# --- safe cells (CSV formula injection, OWASP) -------------------------------------------------

# a cell beginning with one of these is run as a formula by Excel, LibreOffice or Sheets
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"  # what OWASP recommends putting before such a cell


def escape_cell(text: str) -> str:
    """A text cell as written to CSV: with a leading apostrophe when it begins with a
    formula character, or when it already looks escaped (an apostrophe, then a formula
    character or another apostrophe), so that reading back is exact. Any other cell, one
    that begins with an apostrophe and a letter ("'Countries' in ...") included, is
    written as it is."""
    return ESCAPE + text if text.startswith(FORMULA_STARTS) or _looks_escaped(text) else text


def unescape_cell(text: str) -> str:
    """A text cell as it was before ``escape_cell``."""
    return text[len(ESCAPE) :] if _looks_escaped(text) else text


def _looks_escaped(text: str) -> bool:
    return text.startswith(ESCAPE) and text[len(ESCAPE) :].startswith((*FORMULA_STARTS, ESCAPE))


def text_columns(table: str) -> frozenset[str]:
    """The columns of ``table`` whose cells are text (the ones ``escape_cell`` applies to):
    numbers, integers and dates are written as they are, a negative number included."""
    return frozenset(f["name"] for f in table_schema(table)["fields"] if f["type"] == "string")


def safe_document_id(stem: str) -> str:
    """The document_id of a file whose name without its extension is ``stem``: the stem,
    with an underscore before it when a spreadsheet would run it as a formula."""
    return f"_{stem}" if stem.startswith(FORMULA_STARTS) else stem


# --- JSON Schema -----------------------------------------------------------------------------


def json_schemas() -> dict[str, str]:
    """File name -> JSON text of each table's JSON Schema, for ``schemas/``."""
    files = {}
    for table, model in RECORD_TABLES.items():
        schema = model.model_json_schema(mode="validation")
        schema = {
            "$schema": JSON_SCHEMA_DIALECT,
            "$id": f"{table}.schema.json",
            **schema,
            "description": f"One row of {table_file(table)}. "
            + " ".join((model.__doc__ or "").split()),
            "x-columns": list(model.COLUMNS),
            "x-primary-key": list(model.KEY),
        }
        files[f"{table}.schema.json"] = _json(schema)
    return files


def _json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


# --- Table Schema and the Data Package -------------------------------------------------------


def table_schema(table: str) -> dict[str, Any]:
    """The Frictionless Table Schema of ``table``'s CSV."""
    model = RECORD_TABLES[table]
    tags = hxl_tags(table)
    fields = []
    for column in model.COLUMNS:
        field = _field(column, model.model_fields[column])
        field["x-hxl"] = tags[column]
        fields.append(field)
    schema: dict[str, Any] = {"fields": fields, "missingValues": [""]}
    if model.KEY:
        schema["primaryKey"] = list(model.KEY)
    return schema


def _field(name: str, info: FieldInfo) -> dict[str, Any]:
    annotation, optional = _unwrap_optional(info.annotation)
    constraints: dict[str, Any] = {}
    if get_origin(annotation) is Literal:
        kind, form = "string", "default"
        # an empty cell is a missing value: an enum that allows "" is not required
        constraints["enum"] = [v for v in get_args(annotation) if v != ""]
        optional = optional or "" in get_args(annotation)
    else:
        kind, form = _TYPES[annotation]
    bounds = _bounds(info)
    if "pattern" in bounds:
        pattern = bounds["pattern"]
        constraints["pattern"] = _TABLE_PATTERNS.get(
            pattern, pattern.removeprefix("^").removesuffix("$")
        )
    for bound in ("ge", "gt"):
        if bound in bounds:
            constraints["minimum"] = bounds[bound]
    pattern = bounds.get("pattern")  # the model's own, anchored: may it match ""?
    required = not optional and (
        kind != "string"
        or bounds.get("min_length", 0) >= 1
        or "enum" in constraints
        or (pattern is not None and re.search(pattern, "") is None)
    )
    if required:
        constraints["required"] = True
    field: dict[str, Any] = {"name": name, "type": kind, "format": form}
    if constraints:
        field["constraints"] = dict(sorted(constraints.items()))
    return field


def _unwrap_optional(annotation: Any) -> tuple[Any, bool]:
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return annotation, False


def _bounds(info: FieldInfo) -> dict[str, Any]:
    """The constraints pydantic keeps in a field's metadata: ge, gt, min_length, pattern."""
    found: dict[str, Any] = {}
    for item in info.metadata:
        for name in ("ge", "gt", "min_length", "pattern"):
            value = getattr(item, name, None)
            if value is not None:
                found[name] = (
                    int(value) if isinstance(value, (int, Decimal)) and name != "pattern" else value
                )
    return found


def datapackage(hxl: bool = False) -> str:
    """The Data Package descriptor of the five CSVs, as JSON text. With ``hxl`` the
    dialect says the second row holds HXL hashtags, not data."""
    dialect: dict[str, Any] = {"header": True, "headerRows": [1]}
    if hxl:
        dialect["commentRows"] = [HXL_ROW]
    resources = [
        {
            "name": table,
            "path": table_file(table),
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": dialect,
            "schema": table_schema(table),
        }
        for table in RECORD_TABLES
    ]
    package = {
        "profile": "tabular-data-package",
        "name": "humanitarian-report-records",
        "title": "Records extracted from humanitarian reports",
        "description": "Country figures, sector indicators, partners, pledges and the "
        "issues the pipeline could not settle; columns as in README.md.",
        "version": __version__,
        "resources": resources,
    }
    return _json(package)


# --- HXL ---------------------------------------------------------------------------------------


def hxl_tags(table: str) -> dict[str, str]:
    """Column -> HXL hashtag for ``table``; every column has one."""
    data = hxl_table()
    tags = {**data["shared"], **data[table]}
    model = RECORD_TABLES[table]
    missing = [c for c in model.COLUMNS if c not in tags]
    if missing:
        raise KeyError(f"hxl.yaml gives no hashtag for {table}.{', '.join(missing)}")
    return {column: tags[column] for column in model.COLUMNS}
