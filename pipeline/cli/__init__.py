"""The command line: the only package that prints or exits.

``pipeline run`` (``cli/run.py``) extracts reports; ``diff``, ``compare``, ``query`` and
``schemas`` (``cli/tools.py``) work on the outputs; ``review`` (``cli/review.py``) writes
pages for checking the records against the reports.
"""

from __future__ import annotations

import click

from pipeline import __version__
from pipeline.errors import PipelineError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="pipeline")
def main() -> None:
    """Extract country figures, sector indicators, partners and pledges from
    humanitarian reports into CSV tables (see README.md for the columns)."""


def failure(exc: PipelineError) -> click.ClickException:
    """The one line a command prints for an error the pipeline raised on purpose: its
    stable code in brackets, what is wrong and what to do."""
    return click.ClickException(f"[{exc.code}] {exc}")


class ToolError(click.ClickException):
    """An error of a command whose status 1 means something else ("changed", "below
    --min-f1"): it exits with status 2."""

    exit_code = 2


def tool_failure(exc: PipelineError) -> ToolError:
    return ToolError(f"[{exc.code}] {exc}")


from pipeline.cli import review, run, tools  # noqa: E402, F401  (the commands register themselves on main)
