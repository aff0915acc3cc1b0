"""pipeline diff, compare, evaluate, query and schemas: tools over the outputs of runs."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import click

from pipeline.cli import ToolError, failure, main, tool_failure
from pipeline.errors import PipelineError
from pipeline.flow import run_document

F = TypeVar("F", bound=Callable[..., Any])


def data_option(help_text: str) -> Callable[[F], F]:
    """--data: the output folder a command reads (default extracted/)."""
    return click.option(
        "--data",
        "data_dir",
        default=Path("extracted"),
        show_default=True,
        type=click.Path(file_okay=False, path_type=Path),
        help=help_text,
    )


@main.command()
@click.argument("old", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("new", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--fail-on-change",
    is_flag=True,
    help="Exit with status 1 when a record or document was added, removed or changed "
    "(without it: 0). Status 2 is an error.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
def diff(old: Path, new: Path, fail_on_change: bool, output_format: str) -> None:
    """Compare two output folders (OLD, NEW) record by record.

    Records are matched by document and identity (a figure's country and metric, an
    indicator's sector and label, a partner's organisation, an amount's kind, place and
    currency, an issue's code), not by row number. Prints documents added and removed,
    and per table the records added (+), removed (-) and changed (~, old -> new, with the
    snippet). Records whose only change is where they were read count as moved, not
    changed."""
    from pipeline.tools.diff import compare_folders, to_json, to_text

    try:
        result = compare_folders(old, new)
    except PipelineError as exc:
        click.echo(f"error [{exc.code}]: {exc}", err=True)
        sys.exit(2)
    if output_format == "json":
        click.echo(json.dumps(to_json(result), indent=2, ensure_ascii=False))
    else:
        click.echo(to_text(result))
    if fail_on_change and result.differs:
        sys.exit(1)


@main.command()
@click.argument("old_document")
@click.argument("new_document")
@data_option("Output folder holding documents named by id.")
@click.option(
    "--threshold",
    default=25.0,
    show_default=True,
    type=click.FloatRange(min=0),
    help="Flag a change of at least this many percent of the earlier value.",
)
@click.option(
    "--changes-only",
    is_flag=True,
    help="Leave out figures whose value did not change.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
)
def compare(
    old_document: str,
    new_document: str,
    data_dir: Path,
    threshold: float,
    changes_only: bool,
    output_format: str,
) -> None:
    """Line up the same figures in two editions of a report series.

    OLD_DOCUMENT and NEW_DOCUMENT are document ids in --data, or report files (.pdf,
    .txt), which are extracted first. Country figures line up by country and metric,
    sector indicators by sector and label, amounts by kind, country, sector and
    currency. Prints each figure's old and new value and the change; a change of at
    least --threshold percent is flagged "swing". A figure given several values in one
    edition is listed as ambiguous, not compared. Exits 2 on an error (a folder it
    cannot read, a document it cannot find)."""
    from pipeline.tools.compare import HEADER, compare_documents, rows, to_json

    old_id, old_tables = _document_tables(old_document, data_dir)
    new_id, new_tables = _document_tables(new_document, data_dir)
    result = compare_documents(
        old_id, old_tables, new_id, new_tables, Decimal(str(threshold)) / 100
    )
    if output_format == "json":
        click.echo(json.dumps(to_json(result, changes_only), indent=2, ensure_ascii=False))
        return
    lines = [row for row in rows(result) if not changes_only or row[4] not in ("0",)]
    if output_format == "csv":
        from pipeline.tools.query import Result, to_csv

        click.echo(to_csv(Result(list(HEADER), list(lines))), nl=False)
        return
    from pipeline.tools.query import Result, to_table

    click.echo(f"{old_id} -> {new_id}")
    click.echo(to_table(Result(list(HEADER), list(lines))))
    swings = sum(1 for row in lines if row[-1] == "swing")
    click.echo(f"{swings} swing(s) of {threshold:g}% or more")
    for document, label in result.ambiguous:
        click.echo(f"ambiguous: {document}: {label} has several values; not compared")


def _document_tables(name: str, data_dir: Path) -> tuple[str, dict[str, list[dict[str, str]]]]:
    path = Path(name)
    if path.is_file():
        outcome = run_document(path)
        if outcome.result is None:
            raise ToolError(f"[{outcome.error_code}] {path.name}: {outcome.error}")
        from pipeline.export import document_rows

        return outcome.document_id, document_rows(outcome.result)
    from pipeline.tools.outputs import read_folder

    try:
        tables = read_folder(data_dir)
    except PipelineError as exc:
        raise tool_failure(exc) from exc
    if not any(row["document_id"] == name for rows in tables.values() for row in rows):
        raise ToolError(
            f"{name} is neither a report file nor a document id in {data_dir}/; "
            "give a file path, or run it first (pipeline run)"
        )
    return name, tables


@main.command()
@click.argument("expected", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("out", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
@click.option("--summary", is_flag=True, help="Print the scores only, not each record missed.")
@click.option(
    "--min-f1",
    type=click.FloatRange(0, 1),
    default=None,
    metavar="X",
    help="Exit with status 1 when the macro F1 is below X (for CI).",
)
def evaluate(
    expected: Path, out: Path, output_format: str, summary: bool, min_f1: float | None
) -> None:
    """Score the output folder OUT against hand-checked expected records.

    EXPECTED is a file in the dev set's gold.json format (../shared/devset/README.md):
    per document, the records a careful reader takes, and the ones tolerated. Prints
    precision, recall and F1 per record kind and their macro mean, then every expected
    record missing and every extra row with its snippet. Only the documents EXPECTED
    names are scored. Exits 1 when the macro F1 is below --min-f1, 2 on an error."""
    from ..tools.evaluate import evaluate as score
    from ..tools.evaluate import to_json, to_text

    try:
        result = score(expected, out)
    except PipelineError as exc:
        raise tool_failure(exc) from exc
    if output_format == "json":
        click.echo(json.dumps(to_json(result), indent=2, ensure_ascii=False))
    else:
        click.echo(to_text(result, details=not summary))
    if min_f1 is not None and result.macro_f1 < min_f1:
        click.echo(f"macro F1 {result.macro_f1:.3f} is below {min_f1}", err=True)
        sys.exit(1)


@main.command()
@click.argument("sql")
@data_option("Output folder whose tables the query reads.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "csv"]),
    default="table",
    show_default=True,
)
@click.option(
    "--allow-files",
    is_flag=True,
    help="Let the query read and write files, and load DuckDB extensions (DuckDB's "
    "defaults); without it a query sees the output tables and nothing else.",
)
def query(sql: str, data_dir: Path, output_format: str, allow_files: bool) -> None:
    """Run SQL over the extracted tables (DuckDB, in memory, read-only).

    The tables are named country_figures, sector_indicators, partners, pledges and
    issues, typed as in datapackage.json. A query only reads them: it cannot write a
    file (COPY ... TO), read another one or load an extension, unless --allow-files is
    given. For example:

    \b
      pipeline query "SELECT document_id, value FROM country_figures
                      WHERE iso3 = 'COL' AND metric = 'refugees_and_migrants'"
    """
    from pipeline.batch.lock import reading
    from pipeline.tools.query import run_query, to_csv, to_table

    try:
        with reading(data_dir):  # no run replaces the tables while DuckDB reads them
            result = run_query(data_dir, sql, allow_files=allow_files)
    except PipelineError as exc:
        raise failure(exc) from exc
    click.echo(
        to_csv(result) if output_format == "csv" else to_table(result), nl=output_format != "csv"
    )


@main.command()
@click.option(
    "--out",
    "out_dir",
    default=Path("schemas"),
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
)
def schemas(out_dir: Path) -> None:
    """Write the JSON Schema of each table, generated from the record models."""
    from pipeline.contract import json_schemas

    out_dir.mkdir(parents=True, exist_ok=True)
    for name, text in json_schemas().items():
        (out_dir / name).write_text(text, encoding="utf-8")
    click.echo(f"{len(json_schemas())} schemas written to {out_dir}/")
