"""Exceptions for input the pipeline cannot use at all.

Data problems inside a usable document are not exceptions: they become ``Issue`` records
(see ``models.Issue``). An ``InputError`` means the file itself is unusable; its message
says what the user can do about it, and ``code`` is a stable identifier for scripts.
"""

from __future__ import annotations


class PipelineError(Exception):
    """Base class of every error the pipeline raises on purpose."""

    code = "pipeline-error"


class _Refusal(PipelineError):
    """An error told in one line: what it is about, what is wrong, what to do."""

    def __init__(self, subject: str, problem: str, action: str) -> None:
        self.subject = subject
        self.problem = problem
        self.action = action
        super().__init__(f"{subject}: {problem}; {action}")


class InputError(_Refusal):
    """The input file cannot be read as a report."""

    code = "input-error"

    @property
    def path(self) -> str:
        return self.subject


class UnsupportedInput(InputError):
    code = "unsupported-input"


class EmptyInput(InputError):
    code = "empty-input"


class EncodingError(InputError):
    code = "encoding-error"


class EncryptedInput(InputError):
    code = "encrypted-input"


class CorruptInput(InputError):
    code = "corrupt-input"


class DuplicateDocument(InputError):
    code = "duplicate-document-id"


class DocumentTimeout(InputError):
    code = "timeout"


class TooManyPages(InputError):
    code = "too-many-pages"


class ResourceLimit(InputError):
    """A file, or what it holds, is bigger than the run allows (``--max-bytes``, ...)."""

    code = "resource-limit"


class NoTextLayer(InputError):
    """A PDF whose pages are images only: there is no text to read without OCR."""

    code = "no-text-layer"


class QueryError(PipelineError):
    """``pipeline query`` could not run the SQL it was given (a syntax error, an unknown
    column, or a statement that would write or reach outside the output tables)."""

    code = "query-error"


class VocabularyError(PipelineError):
    """A vocabulary data file is malformed: a defect of the installation, not of input."""

    code = "vocabulary-error"


class RunError(_Refusal):
    """A whole run cannot start or cannot write its outputs: nothing in ``--out``
    changes. ``str`` is the one line the CLI prints: what is wrong and what to do."""

    code = "run-error"


class InputNotFound(RunError):
    code = "input-not-found"


class InputUnreadable(RunError):
    code = "input-unreadable"


class NoReports(RunError):
    """The inputs hold no report file (a wrong folder, most likely)."""

    code = "no-reports"


class OutputError(RunError):
    """The output folder cannot be written (the previous outputs are left as they were)."""

    code = "output-error"


class OutputLocked(OutputError):
    code = "output-locked"


class OutputUnwritable(OutputError):
    code = "output-unwritable"


class DiskFull(OutputError):
    code = "disk-full"


class OutputNotADirectory(OutputError):
    code = "output-not-a-directory"


# Failures of a document the batch itself reports (no exception carries them).
UNREADABLE_FILE = "unreadable-file"  # the file could not be opened or read
WORKER_CRASHED = "worker-crashed"  # the worker process died while reading it
INTERNAL_ERROR = "internal-error"  # a defect of the pipeline


def document_error_codes() -> frozenset[str]:
    """Every code a failed document can end with (``run-report.json``, the CLI's lines)."""
    found: set[str] = set()
    pending: list[type[InputError]] = [InputError]
    while pending:
        cls = pending.pop()
        pending += cls.__subclasses__()
        if cls is not InputError:
            found.add(cls.code)
    return frozenset(found | {UNREADABLE_FILE, WORKER_CRASHED, INTERNAL_ERROR})


def run_error_codes() -> frozenset[str]:
    """Every code a whole run can stop with (``pipeline run`` exits with status 2)."""
    return frozenset(_leaf_codes(RunError))


def _leaf_codes(base: type[PipelineError]) -> set[str]:
    found: set[str] = set()
    for cls in base.__subclasses__():
        children = _leaf_codes(cls)
        found |= children or {cls.code}
    return found
