"""pipeline evaluate: an output folder scored against expected records in the dev set's
gold.json format. Its figures agree with the reference scorer (../shared/tools/score.py)
on the dev set; it lists what is missing and what is extra, and gates CI with --min-f1."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from pipeline.batch import Options, run
from pipeline.cli import main
from pipeline.tools.evaluate import KINDS, evaluate

from .conftest import ROOT

SHARED = ROOT.parent / "shared"
DEVSET = SHARED / "devset"
SCORER = SHARED / "tools" / "score.py"
EXTRACTED = ROOT / "extracted"
ILO = "ilo-venezuela-response-2021"


def _need_shared() -> None:
    if DEVSET.is_dir() and SCORER.is_file():
        return
    if os.environ.get("CI"):
        pytest.fail(f"{DEVSET} or {SCORER} is missing under CI")
    pytest.skip(f"{SHARED} is not beside this checkout")


@pytest.fixture(scope="module")
def devset_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    _need_shared()
    out = tmp_path_factory.mktemp("devset")
    run([DEVSET / "texts"], out, options=Options(workers=1))
    return out


def test_scores_agree_with_the_reference_scorer(devset_output: Path) -> None:
    reference = json.loads(
        subprocess.run(
            [sys.executable, str(SCORER), str(DEVSET / "gold.json"), str(devset_output), "--json"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    ours = evaluate(DEVSET / "gold.json", devset_output)
    assert set(ours.kinds) == set(reference["kinds"])
    for kind, tally in ours.kinds.items():
        theirs = reference["kinds"][kind]
        assert (tally.tp, tally.predicted, tally.expected) == (
            theirs["tp"],
            theirs["pred"],
            theirs["gold"],
        ), kind
        for measure in ("precision", "recall", "f1"):
            assert abs(getattr(tally, measure) - theirs[measure]) <= 0.01, (kind, measure)
    assert abs(ours.macro_f1 - reference["macro_f1"]) <= 0.01
    assert len(ours.violations) == len(reference["violations"])


def _gold(tmp_path: Path, document: dict[str, Any]) -> Path:
    entry: dict[str, Any] = {key: [] for key in ("country_figures", "partners_may")}
    entry.update(document)
    path = tmp_path / "expected.json"
    path.write_text(json.dumps({"documents": {ILO: entry}}), encoding="utf-8")
    return path


ILO_EXPECTED = {
    # read from raw/ilo-venezuela-response-2021.txt: "US$23 million" of requirements
    # and the first rows of its requirements table; one amount it does not print
    "pledges": [
        {"kind": "requirement", "amount": 23000000, "currency": "USD", "iso3": "", "donor": ""},
        {"kind": "requirement", "amount": 63000, "currency": "USD", "iso3": "CHL", "donor": ""},
        {"kind": "requirement", "amount": 999, "currency": "USD", "iso3": "", "donor": ""},
    ],
    "partners": [["International Labour Organization", "ILO"]],
}


def _evaluate(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["evaluate", *args])
    return result.exit_code, result.stdout, result.stderr


def test_lists_each_missing_and_extra_record(tmp_path: Path) -> None:
    code, out, _ = _evaluate(str(_gold(tmp_path, ILO_EXPECTED)), str(EXTRACTED))
    assert code == 0, out
    assert f"missing  pledges: {ILO}: requirement=999 USD" in out
    extras = [line for line in out.splitlines() if line.startswith("  extra    pledges:")]
    assert len(extras) == 9  # the table's other rows: not expected in this file
    assert all('["' in line for line in extras)  # each with its snippet
    assert "pledges                    P=0.18 R=0.67" in out


def test_json_and_the_ci_gate(tmp_path: Path) -> None:
    gold = str(_gold(tmp_path, ILO_EXPECTED))
    code, out, _ = _evaluate(gold, str(EXTRACTED), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert set(data["kinds"]) <= {*KINDS, "pledges:attribution", "country_figures:headline"}
    assert data["kinds"]["pledges"]["tp"] == 2 and data["kinds"]["pledges"]["expected"] == 3
    assert data["kinds"]["partners"]["tp"] == 1
    code, _, err = _evaluate(gold, str(EXTRACTED), "--min-f1", "0.99")
    assert code == 1 and "below 0.99" in err
    code, _, _ = _evaluate(gold, str(EXTRACTED), "--min-f1", "0.1")
    assert code == 0


def test_a_file_that_is_not_expected_records_says_so(tmp_path: Path) -> None:
    wrong = tmp_path / "wrong.json"
    wrong.write_text("[1, 2]", encoding="utf-8")
    code, _, err = _evaluate(str(wrong), str(EXTRACTED))
    assert code == 2  # an error, not a score below --min-f1
    assert "is not an expected-records file" in err and "Traceback" not in err


def test_evaluate_exits_2_on_an_error(tmp_path: Path) -> None:
    broken = tmp_path / "gold.json"
    broken.write_text("{not json", encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", str(broken), str(tmp_path)])
    assert result.exit_code == 2, result.output
    assert result.output.startswith("Error: [") and len(result.output.strip().splitlines()) == 1
