"""The pipeline: the stages in order, run over one document.

    ingest -> normalise -> segment -> extract -> validate      (per document)
    export                                                      (once per batch)

Each stage is a function in its own module that takes the previous stage's typed model
and returns the next. A document whose input is unusable ends as an ``Outcome`` with its
error, never an exception; ``batch.py`` runs many documents and exports their rows.
"""

from __future__ import annotations

import traceback
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from pipeline import ingest, normalise, segment, validate
from pipeline.errors import INTERNAL_ERROR, InputError
from pipeline.extract import sections_to_records
from pipeline.models import ValidatedDocument


@dataclass(frozen=True)
class Stage:
    name: str
    run: Callable[[Any], Any]


@dataclass(frozen=True)
class Settings:
    """What a run is asked to do beyond the defaults; part of the manifest's key."""

    spacy_model: str | None = None  # an installed statistical model proposing partners
    max_pages: int | None = None  # refuse longer PDFs
    ocr: bool = False  # run ocrmypdf on PDFs without a text layer
    max_content: int | None = None  # bytes a PDF's pages may decode to (None: the default)


def stages(settings: Settings = Settings()) -> tuple[Stage, ...]:
    """The per-document stages, in order."""
    return (
        Stage(
            "ingest",
            partial(
                ingest.file_to_document,
                max_pages=settings.max_pages,
                ocr=settings.ocr,
                max_content=settings.max_content,
            ),
        ),
        Stage("normalise", normalise.document_to_text),
        Stage("segment", segment.text_to_sections),
        Stage("extract", partial(sections_to_records, spacy_model=settings.spacy_model)),
        Stage("validate", validate.records_to_checked),
    )


STAGES = stages()


def stage_outputs(path: Path, settings: Settings = Settings()) -> Iterator[tuple[str, Any]]:
    """(stage name, output) for each stage run on ``path``, in order."""
    value: Any = path
    for stage in stages(settings):
        value = stage.run(value)
        yield stage.name, value


WARM_UP_TEXT = "Situation report\n\nPartners distributed 10 hygiene kits to 25 families.\n"


def warm_up(settings: Settings = Settings()) -> None:
    """Build the spaCy pipeline and load the vocabularies once, before the first document
    (a worker process calls this when it starts)."""
    value: Any = ingest.bytes_to_document("warm-up", "warm-up.txt", WARM_UP_TEXT.encode())
    for stage in stages(settings)[1:]:
        value = stage.run(value)


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


def run_document(path: Path, settings: Settings = Settings()) -> Outcome:
    try:
        # only the last output is kept: each stage's is let go once the next has read it
        result = deque(stage_outputs(path, settings), maxlen=1)[0][1]
    except InputError as exc:
        return Outcome(path, ingest.document_id(path), error_code=exc.code, error=str(exc))
    except Exception as exc:  # a defect must not cost the other documents their records
        where = traceback.extract_tb(exc.__traceback__)[-1]
        return Outcome(
            path,
            ingest.document_id(path),
            error_code=INTERNAL_ERROR,
            error=f"{path.name}: internal error {type(exc).__name__}: {exc} "
            f"(at {Path(where.filename).name}:{where.lineno}); please report it",
        )
    return Outcome(path, ingest.document_id(path), result=result)
