"""The vocabulary data files load, and hold what the extractors expect."""

from __future__ import annotations

from importlib import resources

import pytest

from pipeline import vocab
from pipeline.errors import VocabularyError

DATA_FILES = sorted(
    p.name
    for p in resources.files("pipeline").joinpath("data").iterdir()
    if p.name.endswith(".yaml")
)


@pytest.mark.parametrize("name", DATA_FILES)
def test_every_data_file_loads(name: str) -> None:
    assert vocab.load_yaml(name)


def test_a_bare_yaml_boolean_in_a_word_list_is_refused() -> None:
    with pytest.raises(VocabularyError, match="quote it"):
        vocab._check_words("test.yaml", {"particles": ["of", True]})


def test_gazetteer_entries_are_complete() -> None:
    for entry in vocab.load_jsonl("organisations.jsonl"):
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
    assert vocab.sector_of(text) == sector


def test_units_from_the_last_counted_word() -> None:
    assert vocab.unit_of("hygiene kits") == "items"
    assert vocab.unit_of("Venezuelan women") == "people"
    assert vocab.unit_of("families") == "households"
    assert vocab.unit_of("widgets") == "count"


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
    assert vocab.qualifier_before(before)[0] == qualifier
