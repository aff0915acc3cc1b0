"""Golden files: what each stage did, for every source document.

``tests/fixtures/<document_id>/<stage>.yml`` holds a reviewable summary of what the stage
added (see ``snapshots.py``), one file per stage of ``pipeline.flow.STAGES``;
``normalised.txt`` the normalised text. What export writes is ``extracted/``
(``test_extracted.py``). A change in any stage's output fails here, stage by stage.

Regenerate only on purpose, with ``make regen`` (pytest ``--force-regen``): the run then
fails by design, and the diff must be read against the source document before it is
committed.
"""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.flow import STAGES

from . import snapshots
from .conftest import FIXTURES, document_ids, outputs

STAGE_NAMES = [stage.name for stage in STAGES]


def test_every_stage_has_a_golden_layer() -> None:
    assert list(snapshots.SUMMARIES) == STAGE_NAMES


@pytest.mark.parametrize("document_id", document_ids())
@pytest.mark.parametrize("stage", STAGE_NAMES)
def test_stage_output(document_id: str, stage: str, data_regression: Any) -> None:
    summary = snapshots.SUMMARIES[stage](outputs(document_id))
    data_regression.check(summary, fullpath=FIXTURES / document_id / f"{stage}.yml")


@pytest.mark.parametrize("document_id", document_ids())
def test_normalised_text(document_id: str, file_regression: Any) -> None:
    text = outputs(document_id)["normalise"].text
    file_regression.check(text, fullpath=FIXTURES / document_id / "normalised.txt")
