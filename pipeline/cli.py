"""The command line: the only module that prints or exits."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import click

from . import __version__
from .flow import Outcome, run_batch, write_tables
from .ingest import SUPPORTED_SUFFIXES

RECORD_KINDS = (
    ("country_figures", "country figures"),
    ("sector_indicators", "sector indicators"),
    ("partners", "partners"),
    ("pledges", "pledges"),
    ("issues", "issues"),
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="pipeline")
def main() -> None:
    """Extract country figures, sector indicators, partners and pledges from
    humanitarian reports into CSV tables (see README.md for the columns)."""


RUN_HELP = f"""Extract records from the reports at PATHS (files or folders; default: raw/).

Reads text reports ({", ".join(SUPPORTED_SUFFIXES)}). Writes country_figures.csv,
sector_indicators.csv, partners.csv, pledges.csv and issues.csv to --out, with the rows
of every document that could be read. Prints one line per document and exits with
status 1 if any document could not be read.
"""


@main.command(help=RUN_HELP)
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--out",
    "out_dir",
    default=Path("extracted"),
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder the five CSV tables are written to.",
)
@click.option(
    "--spacy-model",
    default=None,
    metavar="NAME",
    help="An installed statistical spaCy model (e.g. en_core_web_sm) whose "
    "organisation names are proposed to the partner rules. Not needed.",
)
def run(paths: tuple[Path, ...], out_dir: Path, spacy_model: str | None) -> None:
    if not paths:
        paths = (Path("raw"),)
    outcomes = run_batch(paths, spacy_model, on_done=_report)
    if not outcomes:
        raise click.ClickException(f"no report files found in {', '.join(map(str, paths))}")
    written = write_tables(out_dir, outcomes)
    failed = [o for o in outcomes if not o.ok]
    click.echo(
        f"{len(outcomes) - len(failed)} of {len(outcomes)} documents extracted; "
        f"tables written to {out_dir}/ ({', '.join(sorted(p.name for p in written.values()))})"
    )
    if failed:
        click.echo(f"{len(failed)} failed: {', '.join(o.path.name for o in failed)}", err=True)
        sys.exit(1)


def _report(outcome: Outcome) -> None:
    if outcome.result is None:
        click.echo(f"FAILED {outcome.path.name} [{outcome.error_code}]: {outcome.error}", err=True)
        return
    records = outcome.result.records
    counts = ", ".join(f"{len(getattr(records, name))} {label}" for name, label in RECORD_KINDS)
    severities = Counter(issue.severity for issue in records.issues)
    detail = f" ({severities['warning']} warnings)" if severities["warning"] else ""
    repairs = outcome.result.repair_count
    click.echo(f"ok     {outcome.document_id}: {counts}{detail}; {repairs} text repairs")
