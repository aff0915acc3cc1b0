"""pipeline run: extract a batch of reports, with progress and a summary."""

from __future__ import annotations

import signal
import sys
import time
from pathlib import Path
from typing import Any

import click

from pipeline.batch import RUN_REPORT, BatchReport, Event, Options, default_workers
from pipeline.batch import run as run_batch
from pipeline.batch.inputs import DEFAULT_MAX_BYTES, MB
from pipeline.cli import main
from pipeline.errors import RunError
from pipeline.flow import Settings
from pipeline.ingest import SUPPORTED_SUFFIXES
from pipeline.ingest.limits import MAX_DOCUMENT_CONTENT, MIB
from pipeline.models import RECORD_TABLES, DocumentResult

RUN_HELP = f"""Extract records from the reports at PATHS (files or folders; default: raw/).

Reads PDF and text reports ({", ".join(SUPPORTED_SUFFIXES)}), mixed in one batch if need
be, in --workers processes. Writes country_figures.csv, sector_indicators.csv,
partners.csv, pledges.csv and issues.csv to --out, with the rows of every document that
could be read, datapackage.json describing them, and run-report.json saying how each
document ended (ok, partial: with warnings, or failed, with an error code).

Runs are incremental: a document whose file, pipeline version and settings are unchanged
since the last run into the same --out is not extracted again (--force does). Documents
no longer among PATHS leave the tables when PATHS are the same as before (or with
--prune); otherwise they are kept. A killed run leaves complete files and resumes. One
run at a time writes to an --out. Files of a folder that are no reports (README.md,
SOURCES.tsv) are skipped with a note. Exits with status 1 if any document failed, 2 if
the run could not start or write (nothing in --out is changed then).
"""


_UNITS = {"": 1, "k": 1000, "m": MB, "g": 1000 * MB}


class ByteSize(click.ParamType):
    """A number of bytes: 5000000, 5MB, 200M, 1GB (powers of 1000)."""

    name = "size"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        text = str(value).strip().lower().removesuffix("b")
        number, unit = text.rstrip("kmg"), text[len(text.rstrip("kmg")) :]
        try:
            size = int(float(number) * _UNITS[unit])
        except (ValueError, KeyError):
            self.fail(f"{value!r} is not a size (e.g. 50000000 or 50MB)", param, ctx)
        if size < 1:
            self.fail(f"{value!r} is not a positive size", param, ctx)
        return size


@main.command(help=RUN_HELP)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
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
@click.option(
    "--prune",
    is_flag=True,
    help="Drop the documents of earlier runs that are not among PATHS (without it, they "
    "are dropped only when PATHS are the same as before).",
)
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
    "--max-bytes",
    default=None,
    type=ByteSize(),
    show_default=f"{DEFAULT_MAX_BYTES['pdf'] // MB} MB for a PDF, "
    f"{DEFAULT_MAX_BYTES['text'] // MB} MB for a text",
    help="Refuse larger files (resource-limit), e.g. 50MB.",
)
@click.option(
    "--max-content",
    default=None,
    type=ByteSize(),
    show_default=f"{MAX_DOCUMENT_CONTENT // MIB} MiB",
    help="Refuse PDFs whose pages decode to more content than this, all pages together "
    "(resource-limit: a decompression bomb), e.g. 2GB. A page may decode to 64 MiB.",
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
    prune: bool,
    abort_on_error: bool,
    quiet: bool,
    timeout: float,
    max_pages: int,
    max_bytes: int | None,
    max_content: int | None,
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
    settings = Settings(
        spacy_model=spacy_model, max_pages=max_pages, ocr=ocr, max_content=max_content
    )
    options = Options(
        workers=workers,
        force=force,
        abort_on_error=abort_on_error,
        timeout=timeout or None,
        hxl=hxl,
        parquet=output_format == "parquet",
        executor="dask" if executor == "dask" else "local",
        scheduler=scheduler,
        max_bytes=max_bytes,
        prune=prune,
    )
    display = _Progress(quiet)
    signal.signal(signal.SIGTERM, _terminated)
    try:
        report = run_batch(list(paths), out_dir, settings, options, on_event=display.show)
    except RunError as exc:
        display.close()  # the one line comes after the bar, not under it
        click.echo(f"error [{exc.code}]: {exc}", err=True)
        sys.exit(2)
    finally:
        display.close()
    if not quiet:
        for path in report.ignored:
            click.echo(f"note    {path.name}: not a report (.pdf, .txt); skipped")
    click.echo(_summary(report, out_dir))
    if report.failed or report.aborted:
        names = ", ".join(r.source_name for r in report.failed)
        click.echo(f"{len(report.failed)} failed: {names}", err=True)
        sys.exit(1)


def _terminated(*_: object) -> None:
    """SIGTERM (kill PID, a CI timeout): stop as Ctrl-C does, so the workers are ended
    with the run instead of being left running; what is committed stays committed."""
    raise SystemExit(143)


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
        line += f"\n        {_count(unplaced, 'figure')} not placed: see issues.csv"
    return line, False


def _count(count: int, word: str, plural: str = "") -> str:
    """``1 document``, ``2 documents``."""
    return f"{count} {word if count == 1 else plural or f'{word}s'}"


def _counts(result: DocumentResult) -> str:
    counts = ", ".join(
        _count(result.counts.get(name, 0), model.LABEL, model.PLURAL)
        for name, model in RECORD_TABLES.items()
    )
    warnings = result.severities.get("warning", 0)
    detail = f" ({_count(warnings, 'warning')})" if warnings else ""
    return f"{counts}{detail}; {_count(result.repair_count, 'text repair')}"


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
        self.bar.set_postfix_str(f"{_count(self.pages, 'page')}, {rate:.1f} pages/s", refresh=False)
        self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def _summary(report: BatchReport, out_dir: Path) -> str:
    results = report.results
    by_status = {s: sum(1 for r in results if r.status == s) for s in ("ok", "partial", "failed")}
    extracted = sum(1 for a in report.actions.values() if a == "extracted")
    skipped = len(report.actions) - extracted
    done = f"{extracted} extracted, {skipped} skipped (unchanged)"
    if report.dropped:
        done += f", {len(report.dropped)} dropped (no longer in the inputs)"
    if report.kept:
        done += (
            f", {_count(len(report.kept), 'earlier document')} kept (not among these inputs; "
            "--prune drops them)"
        )
    if report.ignored:
        done += f", {_count(len(report.ignored), 'file')} skipped (not reports)"
    parts = [
        f"{_count(len(results), 'document')}: {by_status['ok']} ok, {by_status['partial']} "
        f"partial (with warnings), {by_status['failed']} failed",
        done,
    ]
    if report.aborted:
        parts.append("stopped at the first failure (--abort-on-error); tables not rewritten")
    else:
        parts.append(f"tables written to {out_dir}/")
    parts.append(f"report in {out_dir}/{RUN_REPORT} ({report.seconds:.1f} s)")
    return "; ".join(parts)
