"""Writing output files so that a reader, or a run killed midway, never sees half a file.

Each file is written to a temporary file in the same folder, flushed to disk, and renamed
over the old one (an atomic step on POSIX and Windows). A set of tables is published
together: every temporary file is written first, then all are renamed under the tables
lock (``lock.publishing``), so a reader sees the whole previous set or the whole new one;
if one cannot be written (a full disk), none replaces its old file. The renames are
listed in a journal first, so a run killed between two of them is finished by the
next run (``remove_leftovers``). Temporary files a killed run left behind are removed.

``output_errors`` turns what the OS or SQLite says about the output folder into the one
``OutputError`` a user can act on (``disk-full``, ``output-unwritable``, ...).
"""

from __future__ import annotations

import errno
import json
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.batch.lock import JOURNAL, publishing
from pipeline.errors import DiskFull, OutputError, OutputNotADirectory, OutputUnwritable

_TEMPORARY = ".tmp"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_MODE = 0o666 & ~_umask()  # what open() would give a new file (mkstemp gives 0600)


def write_files(folder: Path, files: dict[str, str | bytes]) -> dict[str, Path]:
    """Write each name -> content into ``folder`` atomically; the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, content in files.items():
        temporary = _write_temporary(folder, name, content)
        try:
            os.replace(temporary, folder / name)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        written[name] = folder / name
    return written


def publish(folder: Path, files: dict[str, str | bytes]) -> dict[str, Path]:
    """Write ``files`` into ``folder`` as one set (see the module docstring)."""
    temporaries: dict[str, str] = {}
    try:
        for name, content in files.items():
            temporaries[name] = _write_temporary(folder, name, content).name
    except BaseException:
        for temporary in temporaries.values():
            (folder / temporary).unlink(missing_ok=True)
        raise
    with publishing(folder):
        write_files(folder, {JOURNAL: json.dumps(temporaries, indent=1)})
        _rename(folder, temporaries)  # if this stops midway, the next run finishes it
        (folder / JOURNAL).unlink()
    _sync_folder(folder)
    return {name: folder / name for name in files}


def _rename(folder: Path, temporaries: dict[str, str]) -> None:
    for name, temporary in temporaries.items():
        if (folder / temporary).exists():
            os.replace(folder / temporary, folder / name)


def _write_temporary(folder: Path, name: str, content: str | bytes) -> Path:
    data = content.encode("utf-8") if isinstance(content, str) else content
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=_TEMPORARY)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, _MODE)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Path(temporary)


def _sync_folder(folder: Path) -> None:
    """Make the renames durable (a crash of the machine keeps the new names)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def prepare_folder(folder: Path) -> None:
    """Create ``folder`` if need be and check that files can be written in it, before
    any work is done."""
    folder.mkdir(parents=True, exist_ok=True)
    handle, probe = tempfile.mkstemp(dir=folder, prefix=".probe.", suffix=_TEMPORARY)
    os.close(handle)
    os.unlink(probe)


@contextmanager
def output_errors(folder: Path) -> Iterator[None]:
    """Raise the ``OutputError`` of an OS or SQLite failure to write in ``folder``."""
    try:
        yield
    except OSError as exc:
        raise output_error(folder, exc.errno, exc.strerror or str(exc)) from exc
    except sqlite3.Error as exc:
        raise output_error(folder, _sqlite_errno(exc), f"the manifest: {exc}") from exc


_DISK_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
_UNWRITABLE = (errno.EROFS, errno.EACCES, errno.EPERM)


def output_error(folder: Path, number: int | None, reason: str) -> OutputError:
    where = str(folder)
    if number in _DISK_FULL:
        return DiskFull(
            where,
            f"the disk is full ({reason})",
            "free some space (or give another --out) and run again; the previous tables "
            "are as they were",
        )
    if number in (errno.ENOTDIR, errno.EEXIST):
        return OutputNotADirectory(
            where, f"it is not a folder ({reason})", "give a folder for --out, not a file"
        )
    return OutputUnwritable(
        where,
        f"files cannot be written here ({reason})",
        "give a folder you can write to (--out DIR), or change its permissions",
    )


def _sqlite_errno(exc: sqlite3.Error) -> int | None:
    text = str(exc).lower()
    if "full" in text:
        return errno.ENOSPC
    if "readonly" in text or "unable to open" in text:
        return errno.EACCES
    return None


def remove_leftovers(folder: Path) -> list[Path]:
    """Finish the renames of a set a killed run was publishing, then remove the
    temporary files of a run killed while writing; the files removed."""
    if not folder.is_dir():
        return []
    journal = folder / JOURNAL
    if journal.is_file():
        with publishing(folder):
            _rename(folder, json.loads(journal.read_text(encoding="utf-8")))
            journal.unlink()
    leftovers = [p for p in folder.glob(f".*{_TEMPORARY}") if p.is_file()]
    for path in leftovers:
        path.unlink(missing_ok=True)
    return leftovers
