"""Batch runs: many reports, in parallel, incrementally, and safe to kill.

    plan     -> which files are new or changed (SHA-256, pipeline version, settings),
                which are unchanged (skipped: their stored rows are reused), which
                documents left the inputs (dropped)
    extract  -> ``process_file`` on each new or changed file: in this process, in worker
                processes (``workers``), or on a Dask cluster; each result is committed
                to the manifest as soon as it arrives
    write    -> the tables from every current document's rows, each file atomically,
                then ``run-report.json``

One document's failure never stops the others (unless ``abort_on_error``). The output
bytes do not depend on the worker count or on the order documents finish in.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pipeline import __version__, export
from pipeline.batch.files import remove_leftovers, write_files
from pipeline.batch.manifest import Manifest, settings_key
from pipeline.errors import (
    UNREADABLE_FILE,
    WORKER_CRASHED,
    DocumentTimeout,
    DuplicateDocument,
    InputError,
)
from pipeline.flow import Settings, run_document, warm_up
from pipeline.ingest import document_id, file_sha256
from pipeline.models import DocumentResult

RUN_REPORT = "run-report.json"
# failures worth trying again on the next run even if the file did not change
TRANSIENT_ERRORS = frozenset({DocumentTimeout.code, WORKER_CRASHED})
Action = Literal["extracted", "skipped", "failed-before"]


@dataclass(frozen=True)
class Options:
    """How to run a batch (what to extract is in ``Settings``)."""

    workers: int = 1
    force: bool = False  # extract every document again
    abort_on_error: bool = False  # stop at the first failed document
    timeout: float | None = None  # seconds one document may take
    hxl: bool = False
    parquet: bool = False
    executor: Literal["local", "dask"] = "local"
    scheduler: str | None = None  # Dask scheduler address


@dataclass(frozen=True)
class Event:
    """Something a progress display shows: a document finished or was skipped."""

    action: Action
    result: DocumentResult
    done: int  # documents finished so far (skipped ones included)
    total: int


@dataclass
class BatchReport:
    results: list[DocumentResult]  # every current document, by document_id
    actions: dict[str, Action]  # by source file name
    dropped: list[str]
    written: dict[str, Path] = field(default_factory=dict)
    aborted: bool = False
    seconds: float = 0.0

    @property
    def failed(self) -> list[DocumentResult]:
        return [r for r in self.results if r.status == "failed"]


# --- one document ------------------------------------------------------------------------------


def process_file(path: str, settings: Settings, timeout: float | None = None) -> DocumentResult:
    """Extract one report into its rows: the function every executor runs. It never
    raises for a bad document; the result says how the document ended."""
    started = time.perf_counter()
    file = Path(path)
    try:
        sha = file_sha256(file)
    except OSError as exc:
        return _failed(file, "", UNREADABLE_FILE, f"{file.name}: {exc.strerror}; check the file")
    with _deadline(timeout, file):
        try:
            outcome = run_document(file, settings)
        except DocumentTimeout as exc:
            return _failed(file, sha, exc.code, str(exc), time.perf_counter() - started)
    if outcome.result is None:
        return _failed(file, sha, outcome.error_code, outcome.error, time.perf_counter() - started)
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


def _failed(file: Path, sha: str, code: str, error: str, seconds: float = 0.0) -> DocumentResult:
    return DocumentResult(
        document_id=document_id(file),
        source_name=file.name,
        sha256=sha,
        status="failed",
        error_code=code,
        error=error,
        seconds=round(seconds, 3),
    )


class _deadline:
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
    warm_up(settings)


def _run_local(files: list[Path], settings: Settings, options: Options) -> Iterator[DocumentResult]:
    if options.workers <= 1 or len(files) <= 1:
        for file in files:
            yield process_file(str(file), settings, options.timeout)
        return
    pool = ProcessPoolExecutor(
        max_workers=min(options.workers, len(files)),
        initializer=_worker_start,
        initargs=(settings,),
    )
    pending: dict[Future[DocumentResult], Path] = {}
    try:
        queue = list(files)
        while queue or pending:  # keep a few documents ahead of the workers, not all
            while queue and len(pending) < 2 * options.workers:
                file = queue.pop(0)
                pending[pool.submit(process_file, str(file), settings, options.timeout)] = file
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                file = pending.pop(future)
                try:
                    yield future.result()
                except BrokenProcessPool:
                    pool.shutdown(wait=False, cancel_futures=True)
                    yield _failed(
                        file,
                        file_sha256(file),
                        WORKER_CRASHED,
                        f"{file.name}: the worker process died while reading it (out of "
                        "memory?); run it alone to see why",
                    )
                    for other in list(pending.values()) + queue:
                        yield process_file(str(other), settings, options.timeout)
                    return
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _run_dask(files: list[Path], settings: Settings, options: Options) -> Iterator[DocumentResult]:
    from distributed import Client, as_completed  # optional: pip install "dask[distributed]"

    with Client(options.scheduler) as client:
        futures = [
            client.submit(process_file, str(f), settings, None, pure=False, key=f"doc-{i}")
            for i, f in enumerate(files)
        ]
        for future in as_completed(futures):
            yield future.result()


# --- the batch -----------------------------------------------------------------------------------


def run(
    paths: list[Path],
    out_dir: Path,
    settings: Settings | None = None,
    options: Options | None = None,
    on_event: Callable[[Event], None] | None = None,
) -> BatchReport:
    """Extract the reports at ``paths`` into ``out_dir``; see the module docstring."""
    started = time.perf_counter()
    settings = settings or Settings()
    options = options or Options()
    key = settings_key({"version": __version__, "code": code_fingerprint(), **asdict(settings)})
    remove_leftovers(out_dir)
    with Manifest(out_dir) as manifest:
        plan, skipped, duplicates = _plan(paths, manifest, key, options.force)
        if not (plan or skipped or duplicates):  # a wrong path, most likely: touch nothing
            return BatchReport([], {}, [])
        current = {r.document_id for r in skipped} | {document_id(p) for p in plan}
        dropped = sorted(manifest.document_ids() - current)
        manifest.drop(set(dropped))
        total = len(plan) + len(skipped) + len(duplicates)
        actions: dict[str, Action] = {}
        results: dict[str, DocumentResult] = {}
        done = 0
        for result in skipped:
            done += 1
            action: Action = "failed-before" if result.status == "failed" else "skipped"
            actions[result.source_name], results[result.document_id] = action, result
            if on_event:
                on_event(Event(action, result, done, total))
        aborted = False
        executor = _run_dask if options.executor == "dask" else _run_local
        for result in [*duplicates, *executor(plan, settings, options)]:
            done += 1
            if result.error_code != "duplicate-document-id":
                manifest.put(result, key)
                results[result.document_id] = result
            actions[result.source_name] = "extracted"
            if on_event:
                on_event(Event("extracted", result, done, total))
            if options.abort_on_error and result.status == "failed":
                aborted = True
                break
        ordered = sorted(results.values(), key=lambda r: r.document_id)
        ordered += [d for d in duplicates if d not in ordered]
        report = BatchReport(ordered, actions, dropped, aborted=aborted)
        if not aborted:
            kept = [r.rows for r in manifest.results() if r.document_id in current]
            files = export.rows_to_files(kept, hxl=options.hxl, parquet=options.parquet)
            report.written = write_files(out_dir, files)
        report.seconds = time.perf_counter() - started
        write_files(out_dir, {RUN_REPORT: _run_report(report, settings, options)})
    return report


def _plan(
    paths: list[Path], manifest: Manifest, key: str, force: bool
) -> tuple[list[Path], list[DocumentResult], list[DocumentResult]]:
    """(files to extract, stored results of unchanged files, duplicate-id failures)."""
    plan: list[Path] = []
    skipped: list[DocumentResult] = []
    duplicates: list[DocumentResult] = []
    seen: dict[str, Path] = {}
    for path in collect_inputs(paths):
        duplicate = duplicate_error(path, seen)
        if duplicate is not None:
            duplicates.append(_failed(path, "", duplicate.code, str(duplicate)))
            continue
        seen[document_id(path)] = path
        stored = None if force else manifest.get(document_id(path))
        if stored is not None:
            sha, stored_key, result = stored
            reusable = result.status != "failed" or result.error_code not in TRANSIENT_ERRORS
            if stored_key == key and reusable and _same_file(path, sha):
                skipped.append(result)
                continue
        plan.append(path)
    return plan, skipped, duplicates


def collect_inputs(paths: Iterable[Path]) -> list[Path]:
    """The report files named, with the files of each folder named (sorted, no hidden)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
        else:
            found.append(path)
    return found


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


def _same_file(path: Path, sha: str) -> bool:
    try:
        return file_sha256(path) == sha
    except OSError:
        return False


def _run_report(report: BatchReport, settings: Settings, options: Options) -> str:
    documents = []
    for result in report.results:
        documents.append(
            {
                "document_id": result.document_id,
                "source": result.source_name,
                "action": report.actions.get(result.source_name, "extracted"),
                "status": result.status,
                "error_code": result.error_code,
                "error": result.error,
                "pages": result.pages,
                "seconds": result.seconds,
                "records": {k: v for k, v in result.counts.items() if k != "issues"},
                "issues": result.severities,
                "numbers": result.ledger,
            }
        )
    statuses = Counter(r.status for r in report.results)
    data = {
        "pipeline_version": __version__,
        "settings": asdict(settings),
        "workers": options.workers,
        "executor": options.executor,
        "aborted": report.aborted,
        "seconds": round(report.seconds, 3),
        "totals": {
            "documents": len(report.results),
            "extracted": sum(1 for a in report.actions.values() if a == "extracted"),
            "skipped": sum(1 for a in report.actions.values() if a != "extracted"),
            "ok": statuses["ok"],
            "partial": statuses["partial"],
            "failed": statuses["failed"],
            "dropped": len(report.dropped),
        },
        "dropped": report.dropped,
        "documents": documents,
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


@cache
def code_fingerprint() -> str:
    """SHA-256 of the pipeline's own code and vocabularies: a document extracted by other
    code (a new version, or an edited data file) is extracted again."""
    package = Path(__file__).resolve().parent.parent  # the pipeline package
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".yaml", ".jsonl", ".csv"):
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def default_workers() -> int:
    return os.cpu_count() or 1
