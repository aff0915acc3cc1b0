"""One writer per output folder, and readers that never see half of a set of tables.

A run holds an exclusive ``flock`` on ``.pipeline.lock`` in the output folder for as long
as it runs; the file holds the run's pid, which a second run names in its error
(``output-locked``). The OS lets go of the lock when the process ends, however it ends,
so a killed run leaves no stale lock behind.

The tables are replaced as one set under a second lock, ``.pipeline-tables.lock``: the
writer holds it exclusively while it renames the new files into place (a few
milliseconds), and a reader (``diff``, ``compare``, ``review``, ``query``) holds it shared
while it reads, so it reads the previous set or the new one, never a mix. Before its
renames the writer records them in a journal (``.pipeline-publish.json``), removed once
they are done: a run killed between two renames leaves the journal, the next run
finishes the renames, and a reader meanwhile is told to run again rather than shown a
mix of two sets.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.errors import InputError, OutputLocked

RUN_LOCK = ".pipeline.lock"
TABLES_LOCK = ".pipeline-tables.lock"
JOURNAL = ".pipeline-publish.json"  # the renames of a set being published
_held: list[int] = []  # lock descriptors of this process, which a forked worker closes


class OutputLock:
    """The run's exclusive lock on ``folder`` (which must exist)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.fd = -1

    def __enter__(self) -> OutputLock:
        fd = os.open(self.folder / RUN_LOCK, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            os.close(fd)
            raise OutputLocked(
                str(self.folder),
                f"another pipeline run (pid {holder}) is writing to this folder",
                "wait for it to finish, or give another --out",
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        self.fd = fd
        _held.append(fd)
        return self

    def __exit__(self, *_: object) -> None:
        _held.remove(self.fd)
        os.close(self.fd)  # releases the lock; the file stays (removing it would race)


def forget_inherited_locks() -> None:
    """In a forked worker process: close the copies of the parent's lock descriptors, so
    a worker left running after its parent was killed never keeps the folder locked
    (closing a copy does not release the parent's lock)."""
    for fd in _held:
        os.close(fd)
    _held.clear()


@contextmanager
def publishing(folder: Path) -> Iterator[None]:
    """Held while a writer renames a new set of tables into ``folder``."""
    fd = os.open(folder / TABLES_LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


@contextmanager
def reading(folder: Path) -> Iterator[None]:
    """Held while a reader reads the tables of ``folder``: no set is replaced meanwhile.
    A folder no run wrote with this lock (or one that cannot be opened) is read as is."""
    try:
        fd = os.open(folder / TABLES_LOCK, os.O_RDONLY)
    except OSError:
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_SH)
        if (folder / JOURNAL).exists():
            raise InputError(
                str(folder),
                "a run was stopped while it replaced these tables, so they mix two runs",
                "run pipeline run into this folder again to finish them",
            )
        yield
    finally:
        os.close(fd)
