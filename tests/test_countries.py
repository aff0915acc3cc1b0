"""Country names to ISO3, offline, with fuzzy matches checked rather than trusted."""

from __future__ import annotations

import pytest

from pipeline.text.countries import CountryMatch, Rejected, find_countries, is_iso3, lookup, resolve


@pytest.mark.parametrize(
    ("name", "iso3"),
    [
        ("Colombia", "COL"),
        ("COLOMBIA", "COL"),
        ("Perú", "PER"),
        ("Brasil", "BRA"),
        ("República Dominicana", "DOM"),
        ("the Dominican Republic", "DOM"),
        ("DOMINICAN REPUBLIC", "DOM"),
        ("Trinidad & Tobago", "TTO"),
        ("Trinidad y Tobago", "TTO"),
        ("Curaçao", "CUW"),
        ("Curacao", "CUW"),
        ("Bolivia", "BOL"),
        ("Venezuela", "VEN"),
        ("Haití", "HTI"),
        ("Turkey", "TUR"),
        ("Estados Unidos", "USA"),
        ("México", "MEX"),
    ],
)
def test_english_spanish_and_variant_names(name: str, iso3: str) -> None:
    found = resolve(name)
    assert isinstance(found, CountryMatch) and found.iso3 == iso3


@pytest.mark.parametrize("name", ["Santo Domingo", "Mexico City", "Honduras Mexico"])
def test_fuzzy_candidates_that_are_not_the_country_are_refused(name: str) -> None:
    assert isinstance(resolve(name), Rejected)


def test_a_nationality_is_not_a_country() -> None:
    assert isinstance(resolve("Venezuelan"), Rejected)
    assert lookup("Venezuelan") is None


@pytest.mark.parametrize("name", ["LAC", "Regional", "Pisiga", "Azuay"])
def test_places_that_are_not_countries(name: str) -> None:
    assert lookup(name) is None


def test_countries_found_in_running_text() -> None:
    text = "in Colombia, Ecuador and Peru; Trinidad & Tobago and the Dominican Republic"
    assert [m.iso3 for m in find_countries(text)] == ["COL", "ECU", "PER", "TTO", "DOM"]
    first = find_countries(text)[0]
    assert text[first.start : first.end] == "Colombia"


def test_a_name_printed_with_a_hyphen_or_a_space_is_found() -> None:
    text = "in Timor-Leste, in Guinea Bissau and in Guinea-Bissau"
    assert [m.iso3 for m in find_countries(text)] == ["TLS", "GNB", "GNB"]


def test_iso3_codes_are_real() -> None:
    assert is_iso3("COL") and not is_iso3("XYZ")
