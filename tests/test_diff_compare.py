"""`pipeline diff` and `pipeline compare` on real before/after outputs (tests/editions.py):
a changed value, a vanished record and a new document must each be reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main

from .editions import IOM, NEW_DOCUMENT, before_and_after, next_edition


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return before_and_after(tmp_path_factory.mktemp("diff"))


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return next_edition(tmp_path_factory.mktemp("compare"))


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_diff_reports_the_changed_value_the_vanished_record_and_the_new_document(
    outputs: tuple[Path, Path],
) -> None:
    old, new = outputs
    code, out = _run("diff", str(old), str(new))
    assert code == 0
    assert f"documents: 1 added ({NEW_DOCUMENT}), 0 removed" in out
    assert (
        f"  ~ {IOM}: Colombia (COL) refugees_and_migrants = 1700000: value 1700000 -> 1900000, "
        'value_text 1.7 M -> 1.9 M ["Colombia - 1.9 M"]' in out
    )
    removed = [line for line in out.splitlines() if line.startswith("  - ")]
    assert removed == [
        f'  - {IOM}: Peru (PER) hygiene_kits_distributed = 6700 ["distributed over 6,700 '
        'hygiene kits"]'
    ]
    changed = [line for line in out.splitlines() if line.startswith("  ~ ")]
    assert len(changed) == 1  # the records after the cut moved, they did not change
    assert "country_figures: 1 added, 1 removed (1 in documents added or removed)" in out


def test_diff_json_is_for_machines(outputs: tuple[Path, Path]) -> None:
    old, new = outputs
    code, out = _run("diff", str(old), str(new), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["differs"] is True
    assert data["documents"] == {"added": [NEW_DOCUMENT], "removed": []}
    figures = data["tables"]["country_figures"]
    [change] = figures["changed"]
    assert change["identity"] == {
        "document_id": IOM,
        "country": "Colombia",
        "iso3": "COL",
        "metric": "refugees_and_migrants",
    }
    assert change["fields"]["value"] == {"old": "1700000", "new": "1900000"}
    assert [r["value"] for r in figures["removed"]] == ["6700"]
    assert {r["document_id"] for r in figures["added"]} == {NEW_DOCUMENT}


def test_fail_on_change_is_for_ci(outputs: tuple[Path, Path]) -> None:
    old, new = outputs
    assert _run("diff", str(old), str(new), "--fail-on-change")[0] == 1
    code, out = _run("diff", str(old), str(old), "--fail-on-change")
    assert code == 0
    assert "0 added, 0 removed, 0 changed" in out


def test_diff_refuses_a_folder_that_is_not_an_output(
    tmp_path: Path, outputs: tuple[Path, Path]
) -> None:
    code, out = _run("diff", str(tmp_path), str(outputs[1]))
    assert code == 2  # an error, not a change (issue 14)
    assert "holds none of the tables pipeline run writes" in out


def test_compare_lines_up_two_editions_and_flags_swings(editions: Path) -> None:
    q3 = IOM.replace("q2", "q3")
    code, out = _run("compare", IOM, q3, "--data", str(editions), "--format", "json")
    assert code == 0
    figures = {(f["table"], f["figure"]): f for f in json.loads(out)["figures"]}
    colombia = figures["country_figures", "Colombia refugees_and_migrants"]
    assert (colombia["old"], colombia["new"], colombia["change"]) == (
        "1700000",
        "2600000",
        "900000",
    )
    assert (colombia["change_pct"], colombia["flag"]) == ("52.9", "swing")
    peru = figures["country_figures", "Peru refugees_and_migrants"]
    assert (peru["old"], peru["new"], peru["change_pct"], peru["flag"]) == (
        "1000000",
        "1050000",
        "5.0",
        "",
    )
    gone = figures["country_figures", "Peru hygiene_kits_distributed"]
    assert (gone["old"], gone["new"], gone["flag"]) == ("6700", "", "only-old")
    same = figures["sector_indicators", "Health / Healthcare providers trained"]
    assert (same["old"], same["new"], same["change"], same["flag"]) == ("15204", "15204", "0", "")


def test_compare_threshold_and_text_report(editions: Path) -> None:
    q3 = IOM.replace("q2", "q3")
    code, out = _run(
        "compare", IOM, q3, "--data", str(editions), "--threshold", "4", "--changes-only"
    )
    assert code == 0
    assert "2 swing(s) of 4% or more" in out
    assert "Healthcare providers trained" not in out  # unchanged: left out
    assert "only-old" in out


def test_compare_reads_report_files_directly(tmp_path: Path, editions: Path) -> None:
    q3_text = editions.parent / "editions" / f"{IOM.replace('q2', 'q3')}.txt"
    q2_text = editions.parent / "editions" / f"{IOM}.txt"
    code, out = _run("compare", str(q2_text), str(q3_text), "--format", "csv", "--changes-only")
    assert code == 0, out
    assert "country_figures,Colombia refugees_and_migrants,1700000,2600000,900000,52.9,swing" in out


def test_compare_says_what_to_do_with_an_unknown_document(editions: Path) -> None:
    code, out = _run("compare", "no-such-report", IOM, "--data", str(editions))
    assert code == 2  # an error, not a change
    assert "neither a report file nor a document id" in out


def test_compare_exits_2_on_an_error_with_its_code(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["compare", "no-such-a", "no-such-b", "--data", str(tmp_path)]
    )
    assert result.exit_code == 2, result.output
    assert len(result.output.strip().splitlines()) == 1
