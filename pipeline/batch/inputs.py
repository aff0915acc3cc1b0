"""What a run's PATHS hold, decided from the file system alone (no byte of a file is read).

    collect  -> the files to read: each file named, and in each folder named the report
                files and the files that look like a report in a format the pipeline
                cannot read (a Word file: it fails and says what to do); the other files
                of a folder (README.md, SOURCES.tsv, ...) are skipped with a note
    refusal  -> a file that must not be opened: not a regular file (a FIFO would block
                the reader forever, a device never ends), or over the size limit

A PATH that does not exist, a folder that cannot be listed, and inputs holding no report
stop the run before the output folder is touched.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import (
    DuplicateDocument,
    InputError,
    InputNotFound,
    InputUnreadable,
    NoReports,
    ResourceLimit,
    UnsupportedInput,
)
from pipeline.ingest import PDF_SUFFIXES, SUPPORTED_SUFFIXES, document_id

MB = 1_000_000
DEFAULT_MAX_BYTES = {"pdf": 200 * MB, "text": 20 * MB}  # per file, unless --max-bytes
# files of a folder taken as inputs although they cannot be read: a report in another
# document format fails with what to do (export it as PDF), rather than being skipped
DOCUMENT_SUFFIXES = (
    ".doc", ".docx", ".odt", ".rtf", ".xls", ".xlsx", ".ods", ".ppt", ".pptx", ".odp",
    ".epub", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".gif", ".bmp", ".webp",
)  # fmt: skip


@dataclass(frozen=True)
class Inputs:
    files: list[Path]  # to read, in the order given (each folder's files sorted)
    ignored: list[Path]  # files of a folder that are no reports: skipped, with a note
    roots: list[str]  # the PATHS given, resolved and sorted: what the outputs come from


def collect(paths: list[Path]) -> Inputs:
    """The files at ``paths``; ``InputNotFound``, ``InputUnreadable`` or ``NoReports``
    when there is nothing to run on."""
    files: list[Path] = []
    ignored: list[Path] = []
    for path in paths:
        if not path.is_dir():
            if not os.path.lexists(path):
                raise InputNotFound(
                    str(path), "no such file or folder", "give the folder of reports to read"
                )
            files.append(path)
            continue
        for entry in _listing(path):
            if entry.suffix.lower() in SUPPORTED_SUFFIXES + DOCUMENT_SUFFIXES:
                files.append(entry)
            else:
                ignored.append(entry)
    if not files:
        found = f" (only {', '.join(p.name for p in ignored[:3])})" if ignored else ""
        raise NoReports(
            ", ".join(map(str, paths)),
            f"no report file (.pdf, .txt) here{found}",
            "give the folder or files of the reports; nothing was changed",
        )
    roots = sorted({str(path.resolve()) for path in paths})
    return Inputs(files, ignored, roots)


def _listing(folder: Path) -> list[Path]:
    """The folder's entries that are not folders or hidden, sorted (FIFOs included: they
    are refused by name, never opened)."""
    try:
        entries = sorted(folder.iterdir())
    except OSError as exc:
        raise InputUnreadable(
            str(folder), f"the folder cannot be listed ({exc.strerror})", "check its permissions"
        ) from exc
    return [p for p in entries if not p.name.startswith(".") and not p.is_dir()]


def byte_limit(path: Path, max_bytes: int | None) -> int:
    """The largest file the run reads at ``path``: ``max_bytes``, or the default for its
    kind."""
    if max_bytes is not None:
        return max_bytes
    return DEFAULT_MAX_BYTES["pdf" if path.suffix.lower() in PDF_SUFFIXES else "text"]


def refusal(path: Path, max_bytes: int | None) -> InputError | None:
    """Why ``path`` must not be opened, from its metadata alone; None if it may be read
    (or cannot be examined: reading it then says why)."""
    try:
        info = path.stat()
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return UnsupportedInput(
            path.name,
            f"not a regular file but {_kind(info.st_mode)}, so it is not read",
            "give the report file itself",
        )
    limit = byte_limit(path, max_bytes)
    if info.st_size > limit:
        return ResourceLimit(
            path.name,
            f"the file has {info.st_size:,} bytes, more than the limit of {limit:,}",
            "check it is the report meant, or raise --max-bytes",
        )
    return None


def _kind(mode: int) -> str:
    kinds = [
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISDIR, "a folder"),
    ]
    return next((name for test, name in kinds if test(mode)), "a special file")


def duplicate_error(path: Path, seen: dict[str, Path]) -> InputError | None:
    """The error for a file whose document_id an earlier file of the batch took."""
    if document_id(path) not in seen:
        return None
    return DuplicateDocument(
        path.name,
        f"its document_id {document_id(path)!r} is taken by {seen[document_id(path)]} "
        f"(this file: {path})",
        "rename one of the two files",
    )
