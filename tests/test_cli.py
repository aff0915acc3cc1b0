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
        ".pipeline-manifest.sqlite",
        ".pipeline-tables.lock",
        ".pipeline.lock",
        "country_figures.csv",
        "datapackage.json",
        "issues.csv",
        "partners.csv",
        "pledges.csv",
        "run-report.json",
        "sector_indicators.csv",
    ]
    assert (
        "partial iom-venezuela-regional-response-2021-q2: 75 country figures, 32 sector "
        "indicators, 47 partners, 3 pledges, 4 issues (2 warnings); 21 text repairs" in out
    )
    assert (
        "2 documents: 0 ok, 2 partial (with warnings), 0 failed; 2 extracted, 0 skipped "
        f"(unchanged); tables written to {tmp_path}/" in out
    )


def test_bad_files_fail_alone_with_a_message_that_says_what_to_do(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.txt").write_text(
        "MIGRANT AND REFUGEE SITUATION\n\nChile - 457,300\nIOM trained 91 teachers.\n"
    )
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "latin1.txt").write_bytes("Reporte de situación\n".encode("latin-1"))
    cyrillic = "Отчёт о ситуации: беженцы и мигранты получили помощь в регионе.\n"
    (inputs / "cyrillic.txt").write_bytes(cyrillic.encode("cp1251"))
    (inputs / "report.docx").write_bytes(b"PK\x03\x04")
    code, out, err = _run("run", str(inputs), "--out", str(tmp_path / "out"))
    assert code == 1
    assert "FAILED empty.txt [empty-input]: empty.txt: the file is empty; check the export" in err
    assert "FAILED cyrillic.txt [encoding-error]: cyrillic.txt: the text is not UTF-8" in err
    assert "iconv -f ENCODING -t UTF-8" in err
    assert "FAILED report.docx [unsupported-input]" in err
    assert "latin1.txt" not in err  # a legacy Western encoding is read, with an issue
    assert "5 documents: 1 ok, 1 partial (with warnings), 3 failed" in out
    rows = list(csv.DictReader((tmp_path / "out" / "country_figures.csv").open(encoding="utf-8")))
    assert [r["document_id"] for r in rows] == ["good", "good"]
    issues = (tmp_path / "out" / "issues.csv").read_text(encoding="utf-8")
    assert "latin1,ingest,encoding-detected,warning" in issues


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
