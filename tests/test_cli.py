"""The command line as a user runs it: one bad file must not cost the others their records."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import main

from .conftest import RAW


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_run_writes_five_tables_and_a_summary(tmp_path: Path) -> None:
    code, out, _ = _run("run", str(RAW), "--out", str(tmp_path))
    assert code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "country_figures.csv",
        "datapackage.json",
        "issues.csv",
        "partners.csv",
        "pledges.csv",
        "sector_indicators.csv",
    ]
    assert (
        "ok     iom-venezuela-regional-response-2021-q2: 75 country figures, 32 sector indicators"
        in out
    )
    assert "2 of 2 documents extracted" in out
    assert "3 pledges, 4 issues (2 warnings); 21 text repairs" in out


def test_bad_files_fail_alone_with_a_message_that_says_what_to_do(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.txt").write_text(
        "MIGRANT AND REFUGEE SITUATION\n\nChile - 457,300\nIOM trained 91 teachers.\n"
    )
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "latin1.txt").write_bytes("Reporte de situación\n".encode("latin-1"))
    (inputs / "report.docx").write_bytes(b"PK\x03\x04")
    code, out, err = _run("run", str(inputs), "--out", str(tmp_path / "out"))
    assert code == 1
    assert "FAILED empty.txt [empty-input]: empty.txt: the file is empty; check the export" in err
    assert "FAILED latin1.txt [encoding-error]: latin1.txt: the text is not UTF-8" in err
    assert "iconv -f WINDOWS-1252 -t UTF-8" in err
    assert "FAILED report.docx [unsupported-input]" in err
    assert "1 of 4 documents extracted" in out
    rows = list(csv.DictReader((tmp_path / "out" / "country_figures.csv").open(encoding="utf-8")))
    assert [r["document_id"] for r in rows] == ["good", "good"]


def test_default_paths_and_module_entry_point(tmp_path: Path) -> None:
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "a.txt").write_text("MIGRANT SITUATION\n\nPeru - 1.0 M\nText.\n")
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "run"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "extracted" / "country_figures.csv").exists()


def test_help_explains_the_command() -> None:
    code, out, _ = _run("run", "--help")
    assert code == 0
    assert "Extract records from the reports at PATHS" in out and ".txt" in out
