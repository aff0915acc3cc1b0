"""extracted/ is the committed output for raw/: running the pipeline again must give the
same bytes, so every change in extraction shows up as a reviewed diff of these files."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.batch import Options, run
from pipeline.export import OUTPUT_FILES

from .conftest import RAW, ROOT

COMMITTED = ROOT / "extracted"


@pytest.fixture(scope="module")
def fresh_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("extracted")
    run([RAW], out, options=Options(workers=1))
    return out


@pytest.mark.parametrize("name", sorted(OUTPUT_FILES))
def test_pipeline_reproduces_the_committed_output(fresh_output: Path, name: str) -> None:
    fresh = (fresh_output / name).read_bytes()
    committed = (COMMITTED / name).read_bytes()
    assert fresh == committed, (
        f"extracted/{name} no longer matches a fresh run on raw/: if the change is intended, "
        "run `make regen` and read the diff against the source documents before committing"
    )


def test_output_is_the_same_whatever_the_input_order(tmp_path: Path, fresh_output: Path) -> None:
    files = sorted(p for p in RAW.iterdir() if p.is_file())
    run(list(reversed(files)), tmp_path, options=Options(workers=1))
    for name in OUTPUT_FILES:
        assert (tmp_path / name).read_bytes() == (fresh_output / name).read_bytes()
