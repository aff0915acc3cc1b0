"""Files a batch meets in practice and cannot (or can only just) read, in one batch run
beside the source reports (as text and PDF): each bad file fails alone, with its code and
a line that says what is wrong and what to do, and costs no other document its records.

The batch runs once for the module (``bad_run``); each file of ``bad_inputs.BAD_FILES``
is then one test.
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from pipeline.batch import RUN_REPORT
from pipeline.cli import main
from pipeline.contract import FORMULA_STARTS, text_columns
from pipeline.models import RECORD_TABLES
from pipeline.tools.outputs import read_folder

from .bad_inputs import (
    BAD_FILES,
    BOM_ENCODINGS,
    FORMULA_NAME,
    MAX_PAGES,
    decompression_bomb,
    write_bad_files,
)
from .conftest import FIXTURES, RAW

SOURCES = [*sorted(RAW.glob("*.txt")), *sorted(FIXTURES.glob("*/*.pdf"))]


def _good(source: Path) -> str:
    """The name a source report has in the batch: its text and PDF side by side."""
    return f"good-{source.stem}-{source.suffix.lstrip('.')}{source.suffix}"


@dataclass(frozen=True)
class BadRun:
    exit_code: int
    stdout: str
    stderr: str
    expected: dict[str, str]  # file name -> error code ("" when the file must be read)
    report: dict[str, dict[str, Any]]  # run-report.json's documents by file name
    out: Path


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory: pytest.TempPathFactory) -> BadRun:
    inputs = tmp_path_factory.mktemp("bad-inputs")
    for source in SOURCES:
        shutil.copy(source, inputs / _good(source))
    expected = write_bad_files(inputs)
    out = tmp_path_factory.mktemp("bad-output")
    result = CliRunner().invoke(
        main, ["run", str(inputs), "--out", str(out), "--max-pages", str(MAX_PAGES)]
    )
    data = json.loads((out / RUN_REPORT).read_text(encoding="utf-8"))
    report = {d["source"]: d for d in data["documents"]}
    return BadRun(result.exit_code, result.stdout, result.stderr, expected, report, out)


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_file_ends_with_its_code_and_says_what_to_do(bad_run: BadRun, name: str) -> None:
    code = bad_run.expected[name]
    document = bad_run.report[name]
    assert document["error_code"] == code
    failures = [x for x in bad_run.stderr.splitlines() if x.startswith(f"FAILED {name} ")]
    if not code:
        assert document["status"] in ("ok", "partial") and failures == []
        return
    assert document["status"] == "failed"
    assert len(failures) == 1, bad_run.stderr
    line = failures[0]
    assert f"[{code}]" in line and "; " in line  # what is wrong; what to do
    assert BAD_FILES[name].says in line


@pytest.mark.parametrize("source", [_good(s) for s in SOURCES])
def test_good_reports_beside_bad_files_keep_their_records(bad_run: BadRun, source: str) -> None:
    assert bad_run.report[source]["status"] == "partial"
    with (bad_run.out / "country_figures.csv").open(encoding="utf-8") as stream:
        rows = [r for r in csv.DictReader(stream) if r["document_id"] == Path(source).stem]
    assert len(rows) == bad_run.report[source]["records"]["country_figures"] > 0


def test_the_run_fails_and_counts_the_failures(bad_run: BadRun) -> None:
    failed = sum(1 for code in bad_run.expected.values() if code)
    assert failed >= 8
    assert bad_run.exit_code == 1
    assert f"{failed} failed" in bad_run.stdout


def test_a_legacy_encoding_is_read_and_reported(bad_run: BadRun) -> None:
    assert bad_run.report["windows-1252.txt"]["status"] == "partial"
    issues = (bad_run.out / "issues.csv").read_text(encoding="utf-8")
    assert "windows-1252,ingest,encoding-detected,warning" in issues


@pytest.mark.parametrize("encoding", BOM_ENCODINGS)
def test_issue_14_a_text_with_any_byte_order_mark_is_read(bad_run: BadRun, encoding: str) -> None:
    """UTF-32 was read as UTF-16 (its mark begins with UTF-16 LE's) and ended `ok` with no
    records, or was refused as binary (big-endian); each mark now gives the same records
    as the text in UTF-8."""
    document = bad_run.report[f"bom-{encoding}.txt"]
    assert document["status"] in ("ok", "partial")
    assert document["records"] == bad_run.report["bom-utf-8.txt"]["records"]
    assert document["records"]["country_figures"] > 0


def test_issue_14_a_file_name_that_is_a_formula_gets_a_safe_id(bad_run: BadRun) -> None:
    """`=HYPERLINK("x","y").txt` put the formula in document_id on every row."""
    document = bad_run.report[FORMULA_NAME]
    assert document["document_id"] == '_=HYPERLINK("x","y")'
    assert document["status"] == "partial" and document["records"]["country_figures"] > 0
    issues = read_folder(bad_run.out)["issues"]
    renamed = [i for i in issues if i["code"] == "document-id-changed"]
    assert [i["document_id"] for i in renamed] == [document["document_id"]]
    assert "rename the file" in renamed[0]["message"]


@pytest.mark.parametrize("table", sorted(RECORD_TABLES))
def test_issue_14_no_cell_of_the_batch_is_a_formula(bad_run: BadRun, table: str) -> None:
    with (bad_run.out / f"{table}.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert rows
    for row in rows:
        assert not any(row[c].startswith(FORMULA_STARTS) for c in text_columns(table)), row


def test_issue_14_a_decompression_bomb_is_stopped_before_it_takes_1_gb(tmp_path: Path) -> None:
    """A 1 MB PDF whose page content inflates to 1 GiB took 2.35 GB and ended
    `no-text-layer`; it is refused as `resource-limit` before PDFium decodes the page.
    The peak memory is measured in a process of its own that reads the file as a worker's
    ingest stage does (60 MiB; a whole worker, with spaCy loaded, peaks at 247 MiB; this file is
    refused before any later stage runs)."""
    path = tmp_path / "bomb.pdf"
    code = decompression_bomb(path)
    assert path.stat().st_size < 1.1e6
    script = (  # the worker's ingest stage alone: no spaCy to load, the same PDF reading
        "import resource, sys\n"
        "from pathlib import Path\n"
        "from pipeline.errors import InputError\n"
        "from pipeline.ingest import file_to_document\n"
        "try:\n"
        "    file_to_document(Path(sys.argv[1]))\n"
        "    code = ''\n"
        "except InputError as exc:\n"
        "    code = exc.code\n"
        "print(code, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(path)], capture_output=True, text=True, check=True
    )
    error_code, peak_kib = done.stdout.split()
    assert error_code == code == "resource-limit"
    assert int(peak_kib) < 1024 * 1024, f"peak RSS {int(peak_kib) // 1024} MiB"
