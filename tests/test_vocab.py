"""The vocabulary data files load, and hold what the extractors expect."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest

from pipeline.errors import VocabularyError
from pipeline.vocab import files
from pipeline.vocab.numbers import qualifier_before, unit_of
from pipeline.vocab.organisations import gazetteer
from pipeline.vocab.sectors import sector_of

PACKAGE = Path(__file__).resolve().parent.parent / "pipeline"
DATA_FILES = sorted(
    p.name
    for p in resources.files("pipeline").joinpath("data").iterdir()
    if p.name.endswith((".yaml", ".jsonl"))
)


@pytest.mark.parametrize("name", DATA_FILES)
def test_every_data_file_loads(name: str) -> None:
    loaded = files.load_jsonl(name) if name.endswith(".jsonl") else files.load_yaml(name)
    assert loaded


@pytest.mark.parametrize("name", DATA_FILES)
def test_every_data_file_has_exactly_one_reader(name: str) -> None:
    """Each data file is read by one module of ``pipeline/vocab/``, its subject's."""
    readers = [
        p.relative_to(PACKAGE).as_posix()
        for p in sorted(PACKAGE.rglob("*.py"))
        if re.search(rf"load_(yaml|jsonl)\(\s*\"{re.escape(name)}\"", p.read_text("utf-8"))
    ]
    assert len(readers) == 1 and readers[0].startswith("vocab/"), readers


def test_only_the_vocabularies_open_data_files() -> None:
    outside = [
        p.relative_to(PACKAGE).as_posix()
        for p in sorted(PACKAGE.rglob("*.py"))
        if p.parent.name != "vocab" and "vocab.files" in p.read_text("utf-8")
    ]
    assert outside == []


def test_a_bare_yaml_boolean_in_a_word_list_is_refused() -> None:
    with pytest.raises(VocabularyError, match="quote it"):
        files._check_words("test.yaml", {"particles": ["of", True]})


def test_gazetteer_entries_are_complete() -> None:
    entries = gazetteer()
    assert len(entries) > 50
    for entry in entries:
        assert entry["canonical"] and (entry["names"] or entry["acronyms"])
        assert entry["org_type"] in (
            "un_agency",
            "government",
            "ngo",
            "donor",
            "financial_institution",
            "academic",
            "other",
        )


@pytest.mark.parametrize(
    ("text", "sector"),
    [
        ("WASH", "WASH"),
        ("Agua, Saneamiento e Higiene", "WASH"),
        ("Integración", "Integration"),
        ("Socioeconomic and Cultural Integration Sector", "Integration"),
        ("Salud", "Health"),
        ("Something Else", ""),
    ],
)
def test_sector_aliases(text: str, sector: str) -> None:
    assert sector_of(text) == sector


def test_units_from_the_last_counted_word() -> None:
    assert unit_of("hygiene kits") == "items"
    assert unit_of("Venezuelan women") == "people"
    assert unit_of("families") == "households"
    assert unit_of("widgets") == "count"


@pytest.mark.parametrize(
    ("before", "qualifier"),
    [
        ("distributed over ", "at_least"),
        ("Some ", "approximate"),
        ("almost ", "at_most"),
        ("more than\n", "at_least"),
        ("más de ", "at_least"),
        ("reached ", "exact"),
    ],
)
def test_qualifiers(before: str, qualifier: str) -> None:
    assert qualifier_before(before)[0] == qualifier
