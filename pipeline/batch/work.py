"""Extracting documents: one in ``process_file``, many in worker processes or on Dask.

An executor is a generator that yields each document's result the moment it is known,
so the batch commits it and reports it then. Closing the generator (the batch stopping
at the first failure, or Ctrl-C) cancels the documents not started and ends the worker
processes at once, documents in hand included.
"""

from __future__ import annotations

import signal
import threading
import time
from collections import Counter
from collections.abc import Generator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from pipeline import export
from pipeline.batch.inputs import refusal
from pipeline.batch.lock import forget_inherited_locks
from pipeline.errors import UNREADABLE_FILE, WORKER_CRASHED, DocumentTimeout
from pipeline.flow import Settings, run_document, warm_up
from pipeline.ingest import document_id, file_sha256
from pipeline.models import DocumentResult


def process_file(
    path: str, settings: Settings, timeout: float | None = None, max_bytes: int | None = None
) -> DocumentResult:
    """Extract one report into its rows: the function every executor runs. It never
    raises for a bad document; the result says how the document ended. The deadline is
    armed before the file is examined, so hashing and reading count against it."""
    started = time.perf_counter()
    file = Path(path)
    sha = ""
    try:
        with deadline(timeout, file):
            refused = refusal(file, max_bytes)  # a FIFO is never opened
            if refused is not None:
                return failed(file, "", refused.code, str(refused))
            sha = file_sha256(file)
            outcome = run_document(file, settings)
    except DocumentTimeout as exc:
        return failed(file, sha, exc.code, str(exc), time.perf_counter() - started)
    except OSError as exc:
        return failed(file, sha, UNREADABLE_FILE, f"{file.name}: {exc.strerror}; check the file")
    if outcome.result is None:
        return failed(file, sha, outcome.error_code, outcome.error, time.perf_counter() - started)
    records = outcome.result.records
    severities = Counter(issue.severity for issue in records.issues)
    return DocumentResult(
        document_id=outcome.document_id,
        source_name=file.name,
        sha256=sha,
        status="partial" if severities["warning"] or severities["error"] else "ok",
        pages=len(outcome.result.pages),
        repair_count=outcome.result.repair_count,
        seconds=round(time.perf_counter() - started, 3),
        counts={name: len(getattr(records, name)) for name in type(records).model_fields},
        severities=dict(sorted(severities.items())),
        ledger=outcome.result.ledger.counts(),
        rows=export.document_rows(outcome.result),
    )


def failed(file: Path, sha: str, code: str, error: str, seconds: float = 0.0) -> DocumentResult:
    return DocumentResult(
        document_id=document_id(file),
        source_name=file.name,
        sha256=sha,
        status="failed",
        error_code=code,
        error=error,
        seconds=round(seconds, 3),
    )


class deadline:
    """Raise ``DocumentTimeout`` in this thread after ``seconds`` (main thread only: a
    Dask worker thread runs without one)."""

    def __init__(self, seconds: float | None, file: Path) -> None:
        self.seconds = seconds
        self.file = file
        self.armed = bool(seconds) and threading.current_thread() is threading.main_thread()

    def _expire(self, *_: Any) -> None:
        raise DocumentTimeout(
            self.file.name,
            f"extraction took more than {self.seconds:g} s and was stopped",
            "check the file (a huge or malformed PDF?), or raise --timeout",
        )

    def __enter__(self) -> None:
        if self.armed:
            self.previous = signal.signal(signal.SIGALRM, self._expire)
            signal.setitimer(signal.ITIMER_REAL, float(self.seconds or 0))

    def __exit__(self, *_: object) -> None:
        if self.armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)


# --- executors -----------------------------------------------------------------------------------


def _worker_start(settings: Settings) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the parent's terminate() ends it
    forget_inherited_locks()
    warm_up(settings)


def run_local(
    files: list[Path],
    settings: Settings,
    workers: int,
    timeout: float | None,
    max_bytes: int | None,
) -> Generator[DocumentResult, None, None]:
    """Each document's result as it finishes: in this process, or in ``workers``."""
    if workers <= 1 or len(files) <= 1:
        for file in files:
            yield process_file(str(file), settings, timeout, max_bytes)
        return
    pool = ProcessPoolExecutor(
        max_workers=min(workers, len(files)), initializer=_worker_start, initargs=(settings,)
    )
    pending: dict[Future[DocumentResult], Path] = {}
    queue = list(files)
    try:
        while queue or pending:  # keep a few documents ahead of the workers, not all
            while queue and len(pending) < 2 * workers:
                file = queue.pop(0)
                future = pool.submit(process_file, str(file), settings, timeout, max_bytes)
                pending[future] = file
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                file = pending.pop(future)
                try:
                    result = future.result()
                except BrokenProcessPool:
                    break
                yield result
            else:
                continue
            # a worker died: this document is the one it held (the others are run here)
            yield failed(
                file,
                "",
                WORKER_CRASHED,
                f"{file.name}: the worker process died while reading it (out of memory?); "
                "run it alone to see why",
            )
            rest, queue = [*pending.values(), *queue], []
            pending.clear()
            for other in rest:
                yield process_file(str(other), settings, timeout, max_bytes)
    finally:
        _stop(pool)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Cancel what has not started and end the workers now, documents in hand included."""
    processes = list((pool._processes or {}).values())  # private, but nothing else kills
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(5)


def run_dask(
    files: list[Path], settings: Settings, scheduler: str | None, max_bytes: int | None
) -> Generator[DocumentResult, None, None]:
    from distributed import Client, as_completed  # optional: pip install "dask[distributed]"

    with Client(scheduler) as client:
        futures = [
            client.submit(
                process_file, str(f), settings, None, max_bytes, pure=False, key=f"doc-{i}"
            )
            for i, f in enumerate(files)
        ]
        try:
            for future in as_completed(futures):
                yield future.result()
        finally:
            client.cancel(futures)
