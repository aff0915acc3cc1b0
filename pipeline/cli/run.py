"""pipeline run: extract a batch of reports, with progress and a summary."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import click

from pipeline.batch import RUN_REPORT, BatchReport, Event, Options, default_workers
from pipeline.batch import run as run_batch
from pipeline.cli import main
from pipeline.flow import Settings
from pipeline.ingest import SUPPORTED_SUFFIXES
from pipeline.models import RECORD_TABLES, DocumentResult

RECORD_KINDS = tuple((name, model.PLURAL) for name, model in RECORD_TABLES.items())

RUN_HELP = f"""Extract records from the reports at PATHS (files or folders; default: raw/).

Reads PDF and text reports ({", ".join(SUPPORTED_SUFFIXES)}), mixed in one batch if need
be, in --workers processes. Writes country_figures.csv, sector_indicators.csv,
partners.csv, pledges.csv and issues.csv to --out, with the rows of every document that
could be read, datapackage.json describing them, and run-report.json saying how each
document ended (ok, partial: with warnings, or failed, with an error code).

Runs are incremental: a document whose file, pipeline version and settings are unchanged
since the last run into the same --out is not extracted again (--force does). Documents
no longer among PATHS leave the tables. A killed run leaves complete files and resumes.
Exits with status 1 if any document failed.
"""


@main.command(help=RUN_HELP)
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--out",
    "out_dir",
    default=Path("extracted"),
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder the tables, datapackage.json and run-report.json are written to.",
)
@click.option(
    "--workers",
    default=default_workers(),
    show_default="the number of cores",
    type=click.IntRange(min=1),
    help="Worker processes extracting documents side by side.",
)
@click.option("--force", is_flag=True, help="Extract every document again.")
@click.option("--abort-on-error", is_flag=True, help="Stop at the first document that fails.")
@click.option("--quiet", "-q", is_flag=True, help="Print only failures and the summary.")
@click.option(
    "--timeout",
    default=600.0,
    show_default=True,
    type=click.FloatRange(min=0),
    help="Seconds one document may take before it is stopped (0: no limit).",
)
@click.option(
    "--max-pages",
    default=2000,
    show_default=True,
    type=click.IntRange(min=1),
    help="Refuse PDFs with more pages than this.",
)
@click.option(
    "--ocr", is_flag=True, help="Run ocrmypdf (if installed) on PDFs without a text layer."
)
@click.option(
    "--hxl",
    is_flag=True,
    help="Add a row of HXL hashtags (#country+code, #indicator+value+num, ...) under "
    "each CSV header, as HDX tools expect.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["csv", "parquet"]),
    default="csv",
    show_default=True,
    help="parquet: also write each table as Parquet (typed columns) beside its CSV.",
)
@click.option(
    "--spacy-model",
    default=None,
    metavar="NAME",
    help="An installed statistical spaCy model (e.g. en_core_web_sm) whose "
    "organisation names are proposed to the partner rules. Not needed.",
)
@click.option(
    "--executor",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="dask: run the documents on a Dask distributed cluster (see --scheduler).",
)
@click.option(
    "--scheduler",
    default=None,
    metavar="ADDRESS",
    help="The Dask scheduler's address (tcp://host:8786) for --executor dask.",
)
def run(
    paths: tuple[Path, ...],
    out_dir: Path,
    workers: int,
    force: bool,
    abort_on_error: bool,
    quiet: bool,
    timeout: float,
    max_pages: int,
    ocr: bool,
    hxl: bool,
    output_format: str,
    spacy_model: str | None,
    executor: str,
    scheduler: str | None,
) -> None:
    if not paths:
        paths = (Path("raw"),)
    if executor == "dask" and not scheduler:
        raise click.UsageError("--executor dask needs --scheduler ADDRESS")
    settings = Settings(spacy_model=spacy_model, max_pages=max_pages, ocr=ocr)
    options = Options(
        workers=workers,
        force=force,
        abort_on_error=abort_on_error,
        timeout=timeout or None,
        hxl=hxl,
        parquet=output_format == "parquet",
        executor="dask" if executor == "dask" else "local",
        scheduler=scheduler,
    )
    display = _Progress(quiet)
    try:
        report = run_batch(list(paths), out_dir, settings, options, on_event=display.show)
    finally:
        display.close()
    if not report.results:
        raise click.ClickException(f"no report files found in {', '.join(map(str, paths))}")
    click.echo(_summary(report, out_dir))
    if report.failed or report.aborted:
        names = ", ".join(r.source_name for r in report.failed)
        click.echo(f"{len(report.failed)} failed: {names}", err=True)
        sys.exit(1)


def _line(event: Event) -> tuple[str, bool]:
    """The line for a finished document, and whether it goes to standard error."""
    result = event.result
    if result.status == "failed":
        again = " (unchanged since the last run)" if event.action == "failed-before" else ""
        return f"FAILED {result.source_name} [{result.error_code}]: {result.error}{again}", True
    if event.action == "skipped":
        return f"skip    {result.document_id}: unchanged since the last run", False
    line = f"{result.status:<7} {result.document_id}: {_counts(result)}"
    unplaced = sum(n for key, n in result.ledger.items() if key.startswith("issue:"))
    if unplaced:
        line += f"\n        {unplaced} {_plural(unplaced, 'figure')} not placed: see issues.csv"
    return line, False


def _plural(count: int, word: str) -> str:
    return word if count == 1 else f"{word}s"


def _counts(result: DocumentResult) -> str:
    counts = ", ".join(f"{result.counts.get(name, 0)} {label}" for name, label in RECORD_KINDS)
    warnings = result.severities.get("warning", 0)
    detail = f" ({warnings} warnings)" if warnings else ""
    return f"{counts}{detail}; {result.repair_count} text repairs"


class _Progress:
    """A progress bar on a terminal (documents, pages, rate, ETA); plain lines when the
    output is a file or a pipe; only failures with --quiet."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.bar: Any = None
        self.pages = 0
        self.started = time.perf_counter()
        self.tty = sys.stderr.isatty() and not quiet

    def show(self, event: Event) -> None:
        line, to_stderr = _line(event)
        if self.tty:
            self._bar(event)
            if to_stderr:
                self.bar.write(line, file=sys.stderr)
            return
        if to_stderr or not self.quiet:
            click.echo(line, err=to_stderr)

    def _bar(self, event: Event) -> None:
        if self.bar is None:
            from tqdm import tqdm

            self.bar = tqdm(total=event.total, unit="doc", file=sys.stderr, dynamic_ncols=True)
        self.pages += event.result.pages
        rate = self.pages / max(time.perf_counter() - self.started, 1e-6)
        self.bar.set_postfix_str(f"{self.pages} pages, {rate:.1f} pages/s", refresh=False)
        self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _summary(report: BatchReport, out_dir: Path) -> str:
    results = report.results
    by_status = {s: sum(1 for r in results if r.status == s) for s in ("ok", "partial", "failed")}
    extracted = sum(1 for a in report.actions.values() if a == "extracted")
    skipped = len(report.actions) - extracted
    parts = [
        f"{len(results)} documents: {by_status['ok']} ok, {by_status['partial']} partial "
        f"(with warnings), {by_status['failed']} failed",
        f"{extracted} extracted, {skipped} skipped (unchanged)"
        + (f", {len(report.dropped)} dropped (no longer in the inputs)" if report.dropped else ""),
    ]
    if report.aborted:
        parts.append("stopped at the first failure (--abort-on-error); tables not rewritten")
    else:
        parts.append(f"tables written to {out_dir}/")
    parts.append(f"report in {out_dir}/{RUN_REPORT} ({report.seconds:.1f} s)")
    return "; ".join(parts)
