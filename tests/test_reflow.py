"""Records do not depend on how a text's lines are broken: each source report and dev-set
text, its whitespace collapsed to one line, or broken again at random word boundaries
(fixed seeds), gives the records the well-broken text gives, compared on what they say
(kind, place, sector, label or metric, value, unit; money kind, amount and currency;
organisation), not on where they were read.

A tab between two letters is kept when collapsing: in these exports it stands for a
lost ligature ("bene<TAB>ciaries"), damage the normalise stage repairs, not whitespace.
"""

from __future__ import annotations

import os
import random
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from pipeline.flow import run_document
from pipeline.models import RecordSet

from .conftest import RAW, ROOT

DEVSET = ROOT.parent / "shared" / "devset" / "texts"
TEXTS = sorted(RAW.glob("*.txt")) + (sorted(DEVSET.glob("*.txt")) if DEVSET.is_dir() else [])
if os.environ.get("CI") and not DEVSET.is_dir():
    raise RuntimeError(f"the dev set {DEVSET} is missing under CI")
SEEDS = (1, 2)
BREAK_SHARE = 0.15  # of the spaces between words, broken into a new line
_LIGATURE_TAB = re.compile(r"(?<=[^\W\d_])\t(?=[^\W\d_])")


def collapsed(text: str) -> str:
    kept = _LIGATURE_TAB.sub("\x00", text)
    return re.sub(r"\s+", " ", kept).replace("\x00", "\t")


def broken(text: str, seed: int) -> str:
    chance = random.Random(seed)
    return re.sub(" ", lambda _: "\n" if chance.random() < BREAK_SHARE else " ", collapsed(text))


def _what(records: RecordSet) -> Counter[tuple[str, ...]]:
    said: Counter[tuple[str, ...]] = Counter()
    for f in records.country_figures:
        said[("country figure", f.iso3, f.country, f.metric, str(f.value), f.unit)] += 1
    for s in records.sector_indicators:
        said[("sector indicator", s.sector, s.indicator, str(s.value), s.unit)] += 1
    for p in records.pledges:
        said[("pledge", p.kind, str(p.amount), p.currency, p.iso3, p.sector)] += 1
    for o in records.partners:
        said[("partner", o.canonical_name, o.org_type)] += 1
    return said


@cache
def _records(path: Path, variant: str, tmp: str) -> Counter[tuple[str, ...]]:
    text = path.read_text(encoding="utf-8")
    if variant == "collapsed":
        text = collapsed(text)
    elif variant.startswith("broken"):
        text = broken(text, int(variant.removeprefix("broken-")))
    copy = Path(tmp) / variant / path.name
    copy.parent.mkdir(parents=True, exist_ok=True)
    copy.write_text(text, encoding="utf-8")
    outcome = run_document(copy)
    assert outcome.result is not None, outcome.error
    return _what(outcome.result.records)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tmp_path_factory.mktemp("reflow"))


@pytest.mark.parametrize("variant", ["collapsed", *(f"broken-{s}" for s in SEEDS)])
@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.stem)
def test_records_do_not_depend_on_line_breaks(path: Path, variant: str, scratch: str) -> None:
    well_broken = _records(path, "original", scratch)
    other = _records(path, variant, scratch)
    lost, gained = well_broken - other, other - well_broken
    assert not lost and not gained, f"lost {sorted(lost)}; gained {sorted(gained)}"


def test_the_check_compares_real_records(scratch: str) -> None:
    total = sum(sum(_records(p, "original", scratch).values()) for p in TEXTS)
    assert total > 150
