"""Golden files: every stage's output for every source document.

``tests/fixtures/<document_id>/<stage>.yml`` holds a reviewable summary of each stage's
output (see ``snapshots.py``); ``normalised.txt`` the normalised text; ``export.yml``
the document's CSV rows. A change in any stage's output fails here, stage by stage.

Regenerate only on purpose, with ``make regen`` (pytest ``--force-regen``): the run then
fails by design, and the diff must be read against the source document before it is
committed.
"""

from __future__ import annotations

from typing import Any

import pytest

from . import snapshots
from .conftest import FIXTURES, document_ids, outputs


@pytest.mark.parametrize("document_id", document_ids())
@pytest.mark.parametrize("stage", list(snapshots.STAGES))
def test_stage_output(document_id: str, stage: str, data_regression: Any) -> None:
    summary = snapshots.STAGES[stage](outputs(document_id)[stage])
    data_regression.check(summary, fullpath=FIXTURES / document_id / f"{stage}.yml")


@pytest.mark.parametrize("document_id", document_ids())
def test_normalised_text(document_id: str, file_regression: Any) -> None:
    text = outputs(document_id)["normalise"].text
    file_regression.check(text, fullpath=FIXTURES / document_id / "normalised.txt")


@pytest.mark.parametrize("document_id", document_ids())
def test_export_rows(document_id: str, data_regression: Any) -> None:
    tables = snapshots.export(outputs(document_id)["validate"])
    data_regression.check(tables, fullpath=FIXTURES / document_id / "export.yml")
