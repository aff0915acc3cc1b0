"""Issue 13: the status of a figure (done, planned, needed, or none) from its words.

Every sentence here is invented. Each case is a short report about one country in one
language, and the status each of its figures must get ("" when no word settles it:
never "done" by default).
"""

from __future__ import annotations

import pytest

from pipeline.extract.statuses import label_status

from .helpers import extracted

HEADS = {
    "en": (
        "Honduras: Floods Situation Report No. 2\n\nHonduras was hit by floods. Authorities "
        "in Honduras report damage across the north of Honduras.\n\n"
    ),
    "es": (
        "Honduras: Informe de situación sobre las inundaciones\n\nHonduras fue afectada por "
        "las inundaciones. Las autoridades de Honduras informan daños en el norte de "
        "Honduras.\n\n"
    ),
    "pt": (
        "Honduras: Relatório de situação das inundações\n\nHonduras foi atingida pelas "
        "inundações. As autoridades de Honduras relatam danos no norte de Honduras.\n\n"
    ),
    "fr": (
        "Honduras : Rapport de situation sur les inondations\n\nLe Honduras a été touché par "
        "les inondations. Les autorités du Honduras signalent des dégâts dans le nord du "
        "Honduras.\n\n"
    ),
}

CASES = [
    # done: an activity verb in a past form
    (
        "en",
        "Partners have distributed 2,500 tarpaulins and 1,900 hygiene kits.",
        {2500: "done", 1900: "done"},
    ),
    ("en", "Last week 8,000 kits were distributed.", {8000: "done"}),
    (
        "en",
        "UNICEF provided 3,400 hygiene kits, reaching 17,000 people.",
        {3400: "done", 17000: "done"},
    ),
    ("es", "El PMA distribuyó 4.300 kits de higiene en la región norte.", {4300: "done"}),
    ("pt", "O PMA distribuiu 4.300 kits de higiene na região norte.", {4300: "done"}),
    ("fr", "Au total, 3 200 familles ont été assistées.", {3200: "done"}),
    ("fr", "Le PAM a distribué 4 300 kits d'hygiène dans la région nord.", {4300: "done"}),
    # planned: an intent word before the verb, a future form, a target word
    (
        "en",
        "WFP plans to assist 19,000 people with 1,200 metric tons of food.",
        {19000: "planned", 1200: "planned"},
    ),
    ("en", "UNICEF will reach 4,000 children.", {4000: "planned"}),
    ("en", "Another 5,000 kits will be distributed next week.", {5000: "planned"}),
    ("en", "Partners aim to reach 45,000 people by December.", {45000: "planned"}),
    ("en", "The cluster has a target of 60,000 households.", {60000: "planned"}),
    (
        "en",
        "Health partners intend to vaccinate 12,000 children and 4,000 pregnant women.",
        {12000: "planned", 4000: "planned"},
    ),
    (
        "en",
        "The response targets 900,000 people, of whom 120,000 have been reached.",
        {900000: "planned", 120000: "done"},
    ),
    ("es", "La organización planea asistir a 12.000 personas con alimentos.", {12000: "planned"}),
    ("es", "Se entregarán 2.500 kits de cocina la próxima semana.", {2500: "planned"}),
    ("pt", "A organização pretende atender 12.000 pessoas.", {12000: "planned"}),
    ("pt", "Serão distribuídos 2.500 kits de cozinha.", {2500: "planned"}),
    ("fr", "Le PAM distribuera 2 500 kits de cuisine.", {2500: "planned"}),
    ("fr", "L'organisation va assister 12 000 personnes.", {12000: "planned"}),
    # needed: a need word, or the population of people in need
    (
        "en",
        "An estimated 210,000 people are in need of humanitarian assistance.",
        {210000: "needed"},
    ),
    (
        "en",
        "Around 1.1 million people were affected, of whom 310,000 require urgent food assistance.",
        {1100000: "", 310000: "needed"},
    ),
    ("es", "Unas 35.000 personas necesitan asistencia alimentaria.", {35000: "needed"}),
    ("pt", "Cerca de 35.000 pessoas precisam de assistência alimentar.", {35000: "needed"}),
    ("fr", "Environ 35 000 personnes ont besoin d'une aide alimentaire.", {35000: "needed"}),
    # none: a situation count, a present tense, a purpose, an unknown verb
    ("en", "Some 2,300 houses were damaged and 400 destroyed.", {2300: "", 400: ""}),
    ("en", "Around 7,000 people were displaced.", {7000: ""}),
    (
        "en",
        "The number of people sheltered in collective centres has now reached 5,400.",
        {5400: ""},
    ),
    ("en", "Partners are distributing 900 kits.", {900: ""}),
    ("en", "Funds are sought to assist 8,000 families.", {8000: ""}),
    ("en", "In the health sector, 60% of clinics require advance payment.", {60: ""}),
    ("es", "Más de 9.000 personas fueron desplazadas por las lluvias.", {9000: ""}),
    ("fr", "Quelque 5 000 maisons ont été endommagées.", {5000: ""}),
]


@pytest.mark.parametrize(("language", "sentence", "expected"), CASES, ids=[c[1] for c in CASES])
def test_status_of_a_narrative_figure(language: str, sentence: str, expected: dict) -> None:
    records = extracted(HEADS[language] + sentence + "\n").records
    found = {int(r.value): r.status for r in (*records.country_figures, *records.sector_indicators)}
    assert found == expected


def test_key_figure_labels_give_their_values_a_status() -> None:
    text = HEADS["en"] + (
        "Key figures\n\nPeople in need\n\n81,000\n\nPeople targeted\n\n52,000\n\n"
        "People reached\n\n30,500\n"
    )
    records = extracted(text).records
    found = {int(r.value): r.status for r in records.country_figures}
    assert found == {81000: "needed", 52000: "planned", 30500: "done"}


@pytest.mark.parametrize(
    ("label", "language", "status"),
    [
        ("Target", "en", "planned"),
        ("Planned", "en", "planned"),
        ("Reached", "en", "done"),
        ("People in need", "en", "needed"),
        ("People affected", "en", ""),
        ("Total beneficiaries", "en", ""),
        ("% of target reached", "en", "done"),
        ("Personas atendidas", "es", "done"),
        ("Meta", "es", "planned"),
        ("Pessoas em necessidade", "pt", "needed"),
        ("Personnes ciblées", "fr", "planned"),
    ],
)
def test_a_column_header_or_label_gives_its_cells_a_status(
    label: str, language: str, status: str
) -> None:
    assert label_status(label, language) == status


def test_sector_table_columns_give_their_cells_a_status() -> None:
    text = HEADS["es"] + (
        "Avance por sector\n\nSector Meta Alcanzados\n\nSalud 12.400 9.100\n\n"
        "Protección 8.950 4.020\n\nEducación 3.210 2.990\n"
    )
    records = extracted(text).records
    found = {(r.sector, r.indicator, r.status) for r in records.sector_indicators}
    assert ("Health", "Meta", "planned") in found
    assert ("Health", "Alcanzados", "done") in found
    assert ("Education", "Alcanzados", "done") in found
