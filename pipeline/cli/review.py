"""pipeline review: a self-contained HTML page for checking a document's records against
its pages, or, with --batch, one per document of an output folder and an index."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from pipeline.batch.files import write_files
from pipeline.cli import failure, main
from pipeline.cli.tools import data_option
from pipeline.errors import PipelineError

if TYPE_CHECKING:
    from pipeline.tools.review import Output

REVIEW_HELP = """Write a review page for DOCUMENT: one HTML file that opens from disk in any
browser (images embedded, nothing fetched).

Each PDF page is shown with a box over every record's value, coloured by kind; beside it
the page's records (kind, country or sector, label, value as printed and as parsed,
qualifier) and issues. Click a row to show its box, or a box to find its row; j/k step
through the records. For a text report, the text is shown with each record's snippet
marked.

DOCUMENT is a report file (.pdf, .txt), or a document id in --data whose file
(run-report.json names it) is looked up under --sources. The records are the rows of
the tables in --data: what will be published.

With --batch DIR instead of DOCUMENT, every document of the output folder DIR gets its
page, and index.html lists them with their counts of records and issues, those with the
most errors and warnings first.
"""


@main.command(help=REVIEW_HELP)
@click.argument("document", required=False)
@click.option(
    "--batch",
    "batch_dir",
    default=None,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Review every document of this output folder (instead of DOCUMENT and --data).",
)
@data_option("Output folder holding the document's records.")
@click.option(
    "--sources",
    multiple=True,
    default=(Path("raw"),),
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder searched (with its subfolders) for a document's report file; repeatable.",
)
@click.option(
    "--pages-per-file",
    default=50,  # tools.review.PAGES_PER_FILE (a test checks they agree)
    show_default=True,
    type=click.IntRange(min=0),
    help="Split a longer PDF's review into files of this many pages, linked to each other "
    "(0: one file whatever the length).",
)
@click.option(
    "--out",
    default=None,
    type=click.Path(path_type=Path),
    help="The HTML file [default: DATA/review/DOCUMENT_ID.html]; with --batch, the folder "
    "[default: DIR/review/].",
)
def review(
    document: str | None,
    batch_dir: Path | None,
    data_dir: Path,
    sources: tuple[Path, ...],
    pages_per_file: int,
    out: Path | None,
) -> None:
    if (document is None) == (batch_dir is None):
        raise click.UsageError("give either DOCUMENT or --batch DIR")
    try:
        if batch_dir is not None:
            _review_batch(batch_dir, list(sources), out or batch_dir / "review", pages_per_file)
        else:
            assert document is not None
            _review_one(document, data_dir, list(sources), out, pages_per_file)
    except PipelineError as exc:
        raise failure(exc) from exc


def _review_one(
    document: str, data_dir: Path, sources: list[Path], out: Path | None, per_file: int
) -> None:
    from pipeline.tools.review import find_source, read_output

    output = read_output(data_dir)
    document_id, source = find_source(output, document, sources)
    out = out or data_dir / "review" / f"{document_id}.html"
    line, written = _write_review(output, document_id, source, out, per_file)
    click.echo(f"{line} -> {written}")


def _review_batch(batch_dir: Path, sources: list[Path], out_dir: Path, per_file: int) -> None:
    from pipeline.tools.review import batch_sources, index_html, read_output

    output = read_output(batch_dir)
    summaries = []
    for line, source in batch_sources(output, sources):
        if source is None:
            click.echo(f"no review {line.document_id}: {line.error}", err=True)
            summaries.append(line)
            continue
        name = f"{line.document_id}.html"
        try:
            text, _ = _write_review(
                output, line.document_id, source, out_dir / name, per_file, "index.html"
            )
        except PipelineError as exc:
            click.echo(f"no review {line.document_id}: [{exc.code}] {exc}", err=True)
            summaries.append(line.model_copy(update={"error": str(exc)}))
            continue
        click.echo(text)
        summaries.append(line.model_copy(update={"review": name}))
    index = write_files(out_dir, {"index.html": index_html(summaries, str(batch_dir))})
    reviewed = sum(1 for s in summaries if s.review)
    click.echo(f"{reviewed} of {len(summaries)} documents reviewed; index in {index['index.html']}")


def _write_review(
    output: Output, document_id: str, source: Path, out: Path, per_file: int, index: str = ""
) -> tuple[str, Path]:
    """Write the document's review to ``out`` (a long PDF's in files of ``per_file``
    pages, ``out`` the first, each written when drawn, with a line on standard error):
    the summary line, and the first file."""
    from pipeline.tools.review import review_html, review_parts

    records = boxed = pages = issues = files = 0
    first: Path | None = None
    for review in review_parts(output, document_id, source, out.name, per_file):
        _warn(review.warnings, document_id if index else "")
        name = review.parts[review.part].file if review.parts else out.name
        written = write_files(out.parent, {name: review_html(review, index=index)})[name]
        first = first or written
        if review.parts:
            part = review.parts[review.part]
            click.echo(
                f"review  {document_id}: pages {part.first}-{part.last} of "
                f"{review.page_count} -> {written}",
                err=True,
            )
        records += len(review.records)
        boxed += sum(1 for r in review.records if r.box is not None)
        pages += len(review.pages)
        issues += len(review.issues)
        files += 1
    assert first is not None  # review_parts yields at least one part
    where = f"{boxed} boxed on {_count(pages, 'page')}" if pages else "marked in the text"
    split = f" in {files} files" if files > 1 else ""
    line = f"review  {document_id}: {records} records ({where}), {issues} issues{split}"
    return line, first


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' if number != 1 else ''}"


def _warn(warnings: tuple[str, ...], document_id: str = "") -> None:
    prefix = f"{document_id}: " if document_id else ""
    for warning in warnings:
        click.echo(f"warning: {prefix}{warning}", err=True)
