"""The pipeline: the stages in order, run over one document or a batch.

    ingest -> normalise -> segment -> extract -> validate      (per document)
    export                                                      (once per batch)

Each stage is a function in its own module that takes the previous stage's typed model
and returns the next. A document whose input is unusable fails alone: its error is
reported and every other document's records are still written.
"""

from __future__ import annotations

import os
import tempfile
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from . import export, ingest, normalise, segment, validate
from .errors import InputError, UnsupportedInput
from .extract import sections_to_records
from .models import ValidatedDocument


@dataclass(frozen=True)
class Stage:
    name: str
    run: Callable[[Any], Any]


def stages(spacy_model: str | None = None) -> tuple[Stage, ...]:
    """The per-document stages, in order."""
    return (
        Stage("ingest", ingest.file_to_document),
        Stage("normalise", normalise.document_to_text),
        Stage("segment", segment.text_to_sections),
        Stage("extract", partial(sections_to_records, spacy_model=spacy_model)),
        Stage("validate", validate.records_to_checked),
    )


STAGES = stages()


def stage_outputs(path: Path, spacy_model: str | None = None) -> Iterator[tuple[str, Any]]:
    """(stage name, output) for each stage run on ``path``, in order."""
    value: Any = path
    for stage in stages(spacy_model):
        value = stage.run(value)
        yield stage.name, value


@dataclass(frozen=True)
class Outcome:
    """How one document ended: its validated records, or why it failed."""

    path: Path
    document_id: str
    result: ValidatedDocument | None = None
    error_code: str = ""
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.result is not None


def run_document(path: Path, spacy_model: str | None = None) -> Outcome:
    try:
        result = dict(stage_outputs(path, spacy_model))["validate"]
    except InputError as exc:
        return Outcome(path, path.stem, error_code=exc.code, error=str(exc))
    except Exception as exc:  # a defect must not cost the other documents their records
        where = traceback.extract_tb(exc.__traceback__)[-1]
        return Outcome(
            path,
            path.stem,
            error_code="internal-error",
            error=f"{path}: internal error {type(exc).__name__}: {exc} "
            f"(at {Path(where.filename).name}:{where.lineno}); please report it",
        )
    return Outcome(path, path.stem, result=result)


def collect_inputs(paths: Iterable[Path]) -> list[Path]:
    """The report files named, with the files of each folder named (sorted, no hidden)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
        else:
            found.append(path)
    return found


def run_batch(
    paths: Iterable[Path],
    spacy_model: str | None = None,
    on_done: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    outcomes: list[Outcome] = []
    seen: dict[str, Path] = {}
    for path in collect_inputs(paths):
        if path.stem in seen:
            error = UnsupportedInput(
                str(path),
                f"its document_id {path.stem!r} is taken by {seen[path.stem].name}",
                "rename one of the two files",
            )
            outcome = Outcome(path, path.stem, error_code="duplicate-document-id", error=str(error))
        else:
            seen[path.stem] = path
            outcome = run_document(path, spacy_model)
        outcomes.append(outcome)
        if on_done is not None:
            on_done(outcome)
    return outcomes


def write_tables(
    out_dir: Path, outcomes: list[Outcome], hxl: bool = False, parquet: bool = False
) -> dict[str, Path]:
    """Export the succeeded documents' records into ``out_dir``; each file is written to
    a temporary file first and renamed into place, so a reader never sees half a file."""
    out_dir.mkdir(parents=True, exist_ok=True)
    files = export.documents_to_tables(
        (o.result for o in outcomes if o.result is not None), hxl=hxl, parquet=parquet
    )
    written = {}
    for name, content in files.items():
        target = out_dir / name
        handle, temporary = tempfile.mkstemp(dir=out_dir, prefix=f".{name}.", suffix=".tmp")
        data = content.encode("utf-8") if isinstance(content, str) else content
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, target)
        written[name] = target
    return written
