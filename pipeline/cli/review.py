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
    from pipeline.tools.review import Review

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
    out: Path | None,
) -> None:
    if (document is None) == (batch_dir is None):
        raise click.UsageError("give either DOCUMENT or --batch DIR")
    try:
        if batch_dir is not None:
            _review_batch(batch_dir, list(sources), out or batch_dir / "review")
        else:
            assert document is not None
            _review_one(document, data_dir, list(sources), out)
    except PipelineError as exc:
        raise failure(exc) from exc


def _review_one(document: str, data_dir: Path, sources: list[Path], out: Path | None) -> None:
    from pipeline.tools.review import find_source, load_review, read_output, review_html

    output = read_output(data_dir)
    document_id, source = find_source(output, document, sources)
    page = load_review(output, document_id, source)
    _warn(page.warnings)
    out = out or data_dir / "review" / f"{document_id}.html"
    written = write_files(out.parent, {out.name: review_html(page)})[out.name]
    click.echo(f"{_line(page)} -> {written}")


def _review_batch(batch_dir: Path, sources: list[Path], out_dir: Path) -> None:
    from pipeline.tools.review import batch_reviews, index_html, read_output, review_html

    output = read_output(batch_dir)
    summaries = []
    for line, page in batch_reviews(output, sources):
        if page is None:
            click.echo(f"no review {line.document_id}: {line.error}", err=True)
            summaries.append(line)
            continue
        _warn(page.warnings, page.document_id)
        name = f"{line.document_id}.html"
        write_files(out_dir, {name: review_html(page, index="index.html")})
        click.echo(_line(page))
        summaries.append(line.model_copy(update={"review": name}))
    index = write_files(out_dir, {"index.html": index_html(summaries, str(batch_dir))})
    reviewed = sum(1 for s in summaries if s.review)
    click.echo(f"{reviewed} of {len(summaries)} documents reviewed; index in {index['index.html']}")


def _line(page: Review) -> str:
    boxed = sum(1 for r in page.records if r.box is not None)
    pages = f"{len(page.pages)} page{'s' if len(page.pages) != 1 else ''}"
    where = f"{boxed} boxed on {pages}" if page.pages else "marked in the text"
    return (
        f"review  {page.document_id}: {len(page.records)} records ({where}), "
        f"{len(page.issues)} issues"
    )


def _warn(warnings: tuple[str, ...], document_id: str = "") -> None:
    prefix = f"{document_id}: " if document_id else ""
    for warning in warnings:
        click.echo(f"warning: {prefix}{warning}", err=True)
