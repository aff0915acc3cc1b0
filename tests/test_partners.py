"""Partner organisations from a blank spaCy pipeline with data-file patterns."""

from __future__ import annotations

import pytest
import spacy

from pipeline.extract.organisations import add_organisation_components, find_organisations

from .helpers import extracted


def names(text: str, language: str = "en") -> list[tuple[str, str, str]]:
    return [
        (m.text.replace("\n", " "), m.canonical, m.org_type)
        for m in find_organisations(text, language)
    ]


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("in partnership with UNCHR.", "UNHCR"),
        ("con el apoyo de ACNUR.", "UNHCR"),
        ("junto a la OIM.", "IOM"),
        ("the International Labour Organization said.", "ILO"),
        ("with the UN Refugee Agency.", "UNHCR"),
        ("funded by ECHO.", "ECHO"),
    ],
)
def test_aliases_and_translations_link_to_one_canonical_name(text: str, canonical: str) -> None:
    assert [c for _, c, _ in names(text)] == [canonical]


@pytest.mark.parametrize(
    ("text", "name", "org_type"),
    [
        ("supported by the Haciendo Panas Foundation.", "Haciendo Panas Foundation", "ngo"),
        ("con la Fundación Churún Merún y otros.", "Fundación Churún Merún", "ngo"),
        ("with the Ministry of Health of the province.", "Ministry of Health", "government"),
        (
            "with the National AIDS Coordinating Committee.",
            "National AIDS Coordinating Committee",
            "government",
        ),
        (
            "the Chilean Catholic Migration Institute, (INCAMI), said",
            "Chilean Catholic Migration Institute",
            "ngo",
        ),
        ("the Haitian Red Cross and others", "Haitian Red Cross", "other"),
    ],
)
def test_organisation_shaped_names(text: str, name: str, org_type: str) -> None:
    assert (name, name, org_type) in names(text)


def test_acronym_in_brackets_after_a_name() -> None:
    found = find_organisations(
        "with United Bridge Builders Mission (UBBM). UBBM also helped.", "en"
    )
    assert [(m.canonical, m.acronym) for m in found] == [
        ("United Bridge Builders Mission", "UBBM"),
        ("United Bridge Builders Mission", "UBBM"),
    ]


def test_two_organisations_joined_by_and_stay_two() -> None:
    text = (
        "with the Ministry of Human Services and Social Security and the Child Protection "
        "Agency of Guyana."
    )
    assert [n for n, _, _ in names(text)] == [
        "Ministry of Human Services and Social Security",
        "Child Protection Agency of Guyana",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Vinicius Pinheiro, ILO Regional Director, Americas",  # a person (and ILO)
        "the Regional Refugee and Migrant Response Plan (RMRP)",  # a plan
        "the International Donors Conference in Solidarity with Refugees",  # an event
        "the campaign “A Thousand Ways to Be a Man”",  # a campaign
        "in the Federal District and the Azuay Province",  # places
        "the Displacement Tracking Matrix (DTM)",  # a tool
        "the Integration Sector and UN agencies",  # a sector, a generic group
        "the IOM Colombia Chief of Mission",  # a person's post (and IOM)
    ],
)
def test_people_places_programmes_and_events_are_not_organisations(text: str) -> None:
    assert all(canonical in ("ILO", "IOM") for _, canonical, _ in names(text))


def test_a_list_of_partner_organisations_names_its_acronyms_and_institutions() -> None:
    text = (
        "IOM delivered kits to local partner organizations and institutions, including RAFALEX "
        "Association, CREA TU ESPACIO Foundation, the Municipality of Cuenca, the Azuay Province, "
        "FUDELA, HIAS and Uniendo Voluntades Foundation."
    )
    found = {n: t for n, _, t in names(text)}
    assert found["FUDELA"] == "ngo"  # most of the list are NGOs
    assert found["Azuay Province"] == "government"
    assert "COVID" not in found


def test_one_row_per_organisation_with_country_of_its_section() -> None:
    text = (
        "MIGRANT AND REFUGEE SITUATION\n\nGuyana - 23,300\nIOM worked with the United Bridge "
        "Builders Mission (UBBM) and UNHCR. UBBM trained 20 women.\n\nChile - 457,300\n"
        "UNHCR and IOM met the Ministry of Health.\n"
    )
    partners = {p.canonical_name: p for p in extracted(text).records.partners}
    assert partners["IOM"].mentions == 2 and partners["IOM"].country_iso3 == ""
    assert partners["United Bridge Builders Mission"].acronym == "UBBM"
    assert partners["United Bridge Builders Mission"].mentions == 2
    assert partners["United Bridge Builders Mission"].country_iso3 == "GUY"
    assert partners["Ministry of Health"].country_iso3 == "CHL"


def test_a_statistical_model_proposes_names_that_the_rules_then_judge() -> None:
    """Stand-in for an installed model: an entity ruler labelling spans ORG, as a
    statistical NER would. A real model is used only when one is installed and named."""
    nlp = spacy.blank("en")
    fake_ner = nlp.add_pipe("entity_ruler", name="ner")
    fake_ner.add_patterns(
        [  # type: ignore[attr-defined]
            {"label": "ORG", "pattern": "Haciendo Panas"},
            {"label": "ORG", "pattern": "Quito Process"},
            {"label": "ORG", "pattern": "Colombia"},
        ]
    )
    add_organisation_components(nlp)
    doc = nlp("With Haciendo Panas, the Quito Process and Colombia.")
    assert [s.text for s in doc.spans["organisations"]] == ["Haciendo Panas"]


@pytest.mark.parametrize(
    "text",
    [
        "Kits were delivered by cluster partners including BRAVO, NOVAPAZ, Hope for "
        "Tomorrow, and KALMA in the North.",
        "Assistance was delivered in collaboration with partners (BRAVO, NOVAPAZ, Hope "
        "for Tomorrow and KALMA), as well as by local groups.",
        "Several partners—BRAVO, NOVAPAZ, Hope for Tomorrow, KALMA—conducted distributions.",
    ],
)
def test_a_list_after_partners_names_each_partner(text: str) -> None:
    found = {name for name, _, _ in names(text)}
    assert {"BRAVO", "NOVAPAZ", "Hope for Tomorrow", "KALMA"} <= found
    assert not any("North" in name for name in found)


@pytest.mark.parametrize(
    "text",
    [
        "Mobile health teams—UNFPA, BRAVO, NOVAPAZ, Hope for Tomorrow—were deployed.",
        "Mobile health teams (SRH)—UNFPA, BRAVO, NOVAPAZ, Hope for Tomorrow—were deployed.",
        "Kits came from five groups (UNFPA, BRAVO, NOVAPAZ, Hope for Tomorrow).",
        "Several partners—BRAVO (NOVAPAZ and Hope for Tomorrow, UNFPA—handed out kits.",
    ],
)
def test_a_list_set_apart_around_a_known_organisation_names_each_member(text: str) -> None:
    found = {name for name, _, _ in names(text)}
    assert {"UNFPA", "BRAVO", "NOVAPAZ", "Hope for Tomorrow"} <= found


@pytest.mark.parametrize(
    "text",
    [
        "Storms hit the islands (Jamaica, Cuba, Haiti) before UNICEF arrived.",
        "Three sectors—Health, Education, Protection—were funded by UNICEF.",
        "Refugees top a million: IOM and UNHCR\nLisbon – The number grew.",
    ],
)
def test_places_sectors_and_a_dateline_in_a_list_are_not_organisations(text: str) -> None:
    assert {name for name, _, _ in names(text)} == {
        n for n in ("UNICEF", "IOM", "UNHCR") if n in text
    }


@pytest.mark.parametrize(
    ("text", "language", "name"),
    [
        (
            "The Ministry of Fisheries, Forests, Rivers and Lakes signed the plan.",
            "en",
            "Ministry of Fisheries, Forests, Rivers and Lakes",
        ),
        (
            "The Ministry for Women’s Affairs and Children’s Rights led the talks.",
            "en",
            "Ministry for Women’s Affairs and Children’s Rights",
        ),
        (
            "El Ministerio de Pesca, Bosques y Ríos firmó el plan.",
            "es",
            "Ministerio de Pesca, Bosques y Ríos",
        ),
        (
            "The National Directorate for Rural Roads and Bridges repaired them.",
            "en",
            "National Directorate for Rural Roads and Bridges",
        ),
    ],
)
def test_a_name_whose_object_is_a_list_is_read_whole(text: str, language: str, name: str) -> None:
    assert name in [n for n, _, _ in names(text, language)]


def test_a_list_after_a_ministry_keeps_the_organisations_apart() -> None:
    found = [
        n
        for n, _, _ in names(
            "The Ministry of Fisheries, UNICEF and Oxfam met; the Ministry of Health and WHO too."
        )
    ]
    assert "Ministry of Fisheries" in found and "Ministry of Health" in found
    assert {"UNICEF", "Oxfam", "WHO"} <= set(found)


def test_an_acronym_defined_in_the_text_names_its_organisation_later() -> None:
    text = (
        "Le Ministère de la Pêche et de la Mer (MPMR) a distribué 300 filets. "
        "Le MPMR a aussi formé 40 pêcheurs."
    )
    found = find_organisations(text, "fr")
    assert [(m.text, m.acronym) for m in found] == [
        ("Ministère de la Pêche et de la Mer", "MPMR"),
        ("MPMR", "MPMR"),
    ]
    assert found[1].canonical == found[0].canonical
