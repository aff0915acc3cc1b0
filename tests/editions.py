"""Before/after outputs built from the real source reports, for diff and compare tests.

"Before" is a run on raw/. "After" runs on edited copies: the IOM overview with one
headline figure changed and one activity sentence cut, plus a document that was not in
the first run. The edits are made on the report text, so both outputs are real runs.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from pipeline.batch import Options, run

from .conftest import FIXTURES, RAW

IOM = "iom-venezuela-regional-response-2021-q2"
ILO = "ilo-venezuela-response-2021"
NEW_DOCUMENT = "ilo-brief-as-pdf"
CHANGED = ("Colombia - 1.7 M", "Colombia - 1.9 M")
CUT = ("IOM distributed over 6,700 hygiene kits, ", "IOM distributed ")


def edit(text: str, *replacements: tuple[str, str]) -> str:
    for old, new in replacements:
        assert text.count(old) == 1, f"the source no longer reads {old!r}"
        text = text.replace(old, new)
    return text


def before_and_after(root: Path) -> tuple[Path, Path]:
    """(old output folder, new output folder) under ``root``."""
    inputs = root / "after-inputs"
    inputs.mkdir()
    shutil.copy(RAW / f"{ILO}.txt", inputs)
    iom = (RAW / f"{IOM}.txt").read_text(encoding="utf-8")
    (inputs / f"{IOM}.txt").write_text(edit(iom, CHANGED, CUT), encoding="utf-8")
    shutil.copy(FIXTURES / ILO / f"{ILO}.pdf", inputs / f"{NEW_DOCUMENT}.pdf")
    old, new = root / "before", root / "after"
    run([RAW], old, options=Options(workers=1))
    run([inputs], new, options=Options(workers=1, hxl=True))  # the reader skips the hashtags
    return old, new


def next_edition(root: Path) -> Path:
    """An output folder holding the IOM overview and a "next quarter" made from it: one
    headline up by half, one up a little, one activity gone."""
    inputs = root / "editions"
    inputs.mkdir()
    iom = (RAW / f"{IOM}.txt").read_text(encoding="utf-8")
    (inputs / f"{IOM}.txt").write_text(iom, encoding="utf-8")
    q3 = edit(iom, ("Colombia - 1.7 M", "Colombia - 2.6 M"), ("Peru - 1.0 M", "Peru - 1.05 M"), CUT)
    (inputs / "iom-venezuela-regional-response-2021-q3.txt").write_text(q3, encoding="utf-8")
    out = root / "editions-out"
    run([inputs], out, options=Options(workers=1))
    return out
