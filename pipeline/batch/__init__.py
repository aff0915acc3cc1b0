"""Batch runs: many reports, in parallel, incrementally, and safe to kill.

    inputs   -> the files at PATHS (``inputs.py``); none at all stops the run before
                the output folder is touched
    lock     -> one run per output folder (``lock.py``), which must be writable
    plan     -> which files are new or changed (SHA-256, pipeline version, settings),
                which are unchanged (skipped: their stored rows are reused), which are
                refused unopened (not a regular file, too big, a duplicate id)
    extract  -> ``process_file`` on each new or changed file: in this process, in worker
                processes (``workers``), or on a Dask cluster; each result is committed
                to the manifest and reported the moment it arrives
    write    -> the tables from every current document's rows and ``run-report.json``,
                as one set (``files.publish``); then the manifest drops the documents
                that left the inputs, when the inputs are the same PATHS as before (or
                with ``prune``); otherwise their rows are kept

One document's failure never stops the others (unless ``abort_on_error``: then the work
left is cancelled and the tables are not rewritten). The output bytes do not depend on
the worker count or on the order documents finish in.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections import Counter
from collections.abc import Callable, Generator
from contextlib import closing
from dataclasses import asdict, dataclass, field
from functools import cache
from itertools import chain
from pathlib import Path
from typing import Literal

from pipeline import __version__, export
from pipeline.batch.files import output_errors, prepare_folder, publish, remove_leftovers
from pipeline.batch.inputs import Inputs, collect, duplicate_error, refusal
from pipeline.batch.lock import OutputLock
from pipeline.batch.manifest import Manifest, settings_key
from pipeline.batch.work import deadline, failed, process_file, run_dask, run_local
from pipeline.errors import WORKER_CRASHED, DocumentTimeout
from pipeline.flow import Settings
from pipeline.ingest import document_id, file_sha256
from pipeline.models import DocumentResult

__all__ = ["RUN_REPORT", "BatchReport", "Event", "Options", "process_file", "run"]

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
    max_bytes: int | None = None  # the largest file read (None: by kind, inputs.py)
    prune: bool = False  # drop documents that left the inputs, whatever the PATHS


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
    kept: list[str] = field(default_factory=list)  # earlier documents not in the inputs
    ignored: list[Path] = field(default_factory=list)  # files of a folder: no reports
    written: dict[str, Path] = field(default_factory=dict)
    aborted: bool = False
    seconds: float = 0.0
    run: int = 0  # the number of this run in the output folder

    @property
    def failed(self) -> list[DocumentResult]:
        return [r for r in self.results if r.status == "failed"]


# --- the batch -----------------------------------------------------------------------------------


def run(
    paths: list[Path],
    out_dir: Path,
    settings: Settings | None = None,
    options: Options | None = None,
    on_event: Callable[[Event], None] | None = None,
) -> BatchReport:
    """Extract the reports at ``paths`` into ``out_dir``; see the module docstring.
    Raises a ``RunError`` (with nothing in ``out_dir`` changed) when the inputs hold no
    report or the output folder cannot be written."""
    started = time.perf_counter()
    settings = settings or Settings()
    options = options or Options()
    inputs = collect(paths)
    with output_errors(out_dir):
        prepare_folder(out_dir)
        with OutputLock(out_dir), Manifest(out_dir) as manifest:
            remove_leftovers(out_dir)
            report = _run(inputs, out_dir, manifest, settings, options, on_event)
            report.seconds = time.perf_counter() - started
            _write(report, out_dir, manifest, inputs, settings, options)
    return report


def _run(
    inputs: Inputs,
    out_dir: Path,
    manifest: Manifest,
    settings: Settings,
    options: Options,
    on_event: Callable[[Event], None] | None,
) -> BatchReport:
    key = settings_key({"version": __version__, "code": code_fingerprint(), **asdict(settings)})
    report = BatchReport([], {}, [], ignored=inputs.ignored, run=manifest.begin_run())
    plan, skipped, refused = _plan(inputs.files, manifest, key, options)
    total, done = len(plan) + len(skipped) + len(refused), 0
    results: dict[str, DocumentResult] = {}
    for result in skipped:
        done += 1
        action: Action = "failed-before" if result.status == "failed" else "skipped"
        report.actions[result.source_name], results[result.document_id] = action, result
        if on_event:
            on_event(Event(action, result, done, total))
    with closing(_extract(plan, settings, options)) as extracted:
        for result in chain(refused, extracted):
            done += 1
            if result.error_code != "duplicate-document-id":
                manifest.put(result, key)  # committed now: a killed run resumes after it
                results[result.document_id] = result
            report.actions[result.source_name] = "extracted"
            if on_event:
                on_event(Event("extracted", result, done, total))
            if options.abort_on_error and result.status == "failed":
                report.aborted = True
                break  # closing the executor cancels the rest and ends the workers
    report.results = sorted(results.values(), key=lambda r: r.document_id)
    report.results += [d for d in refused if d not in report.results]
    earlier = manifest.document_ids() - {document_id(path) for path in inputs.files}
    if options.prune or manifest.inputs() == inputs.roots:
        report.dropped = sorted(earlier)
    else:
        report.kept = sorted(earlier)
    return report


def _extract(
    plan: list[Path], settings: Settings, options: Options
) -> Generator[DocumentResult, None, None]:
    if options.executor == "dask":
        return run_dask(plan, settings, options.scheduler, options.max_bytes)
    return run_local(plan, settings, options.workers, options.timeout, options.max_bytes)


def _write(
    report: BatchReport,
    out_dir: Path,
    manifest: Manifest,
    inputs: Inputs,
    settings: Settings,
    options: Options,
) -> None:
    """The tables and the run report as one set, then the manifest's drops (the tables
    never hold fewer documents than the manifest says are done)."""
    files: dict[str, str | bytes] = {}
    if not report.aborted:
        dropped = set(report.dropped)
        kept = [r.rows for r in manifest.results() if r.document_id not in dropped]
        files = dict(export.rows_to_files(kept, hxl=options.hxl, parquet=options.parquet))
        report.written = {name: out_dir / name for name in files}
    files[RUN_REPORT] = _run_report(report, settings, options)
    publish(out_dir, files)
    if not report.aborted:  # the PATHS of every document kept, for the next run's rule
        roots = set(inputs.roots)
        if report.kept:
            roots |= set(manifest.inputs() or [])
        manifest.finish(set(report.dropped), sorted(roots))


def _plan(
    files: list[Path], manifest: Manifest, key: str, options: Options
) -> tuple[list[Path], list[DocumentResult], list[DocumentResult]]:
    """(files to extract, stored results of unchanged files, files refused unopened:
    duplicate ids, special files, files over the size limit)."""
    plan: list[Path] = []
    skipped: list[DocumentResult] = []
    refused: list[DocumentResult] = []
    seen: dict[str, Path] = {}
    for path in files:
        error = duplicate_error(path, seen) or refusal(path, options.max_bytes)
        if error is not None:
            refused.append(failed(path, "", error.code, str(error)))
            seen.setdefault(document_id(path), path)
            continue
        seen[document_id(path)] = path
        stored = None if options.force else manifest.get(document_id(path))
        if stored is not None:
            sha, stored_key, result = stored
            reusable = result.status != "failed" or result.error_code not in TRANSIENT_ERRORS
            if stored_key == key and reusable and _same_file(path, sha, options.timeout):
                skipped.append(result)
                continue
        plan.append(path)
    return plan, skipped, refused


def _same_file(path: Path, sha: str, timeout: float | None) -> bool:
    """Whether ``path`` still has the SHA-256 ``sha``; hashing it counts against the
    document's timeout too (a file that cannot be hashed in time is extracted, and its
    extraction says why it is slow)."""
    try:
        with deadline(timeout, path):
            return file_sha256(path) == sha
    except (OSError, DocumentTimeout):
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
        "run": report.run,
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
            "kept": len(report.kept),
            "ignored": len(report.ignored),
        },
        "dropped": report.dropped,
        "kept": report.kept,
        "ignored": [str(path) for path in report.ignored],
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
