"""Figures in narrative text: what they count, what was done, with which qualifier."""

from __future__ import annotations

from .helpers import extracted, validated

HEAD = "MIGRANT AND REFUGEE SITUATION\n\n"


def figures(body: str) -> list[tuple[str, str, int, str, str]]:
    records = extracted(HEAD + body).records.country_figures
    return [
        (f.iso3, f.metric, int(f.value), f.qualifier, f.unit)
        for f in records
        if f.metric != "refugees_and_migrants"
    ]


def test_activity_figures_with_their_verb_and_qualifier() -> None:
    body = (
        "Peru - 1.0 M\nIOM distributed over 6,700 hygiene kits, 5,700 food kits and almost "
        "13,800 hot meals. In total, more than 100 government employees were trained.\n"
    )
    assert figures(body) == [
        ("PER", "hygiene_kits_distributed", 6700, "at_least", "items"),
        ("PER", "food_kits_distributed", 5700, "exact", "items"),
        ("PER", "hot_meals_distributed", 13800, "at_most", "items"),
        ("PER", "government_employees_trained", 100, "at_least", "people"),
    ]


def test_what_is_not_a_figure() -> None:
    body = (
        "Chile - 457,300\nThe training lasted ten days in 2021, during the second wave of "
        "COVID-19; the top five aspects and these 49 businesses were noted on June 17th.\n"
    )
    assert figures(body) == []


def test_days_of_dates_without_a_year_are_not_figures() -> None:
    body = (
        "Chile - 457,300\nAs of 3 November, 45 families were assisted. From 2 to 4 November "
        "and from Mar 30 – Apr 9 IOM distributed 12 tents; since May 8 no more.\n"
    )
    assert figures(body) == [
        ("CHL", "families_assisted", 45, "exact", "households"),
        ("CHL", "tents_distributed", 12, "exact", "items"),
    ]


def test_a_figure_without_what_it_counts_is_an_issue() -> None:
    text = (
        HEAD
        + "This report sums up the response.\n\nREGIONAL HIGHLIGHTS\n\n"
        + "The event served as a platform for the 100\n"
    )
    records = extracted(text).records
    assert [i.code for i in records.issues] == ["figure-without-noun"]


def test_a_figure_for_several_countries_is_an_issue() -> None:
    records = extracted(
        HEAD + "Overview\n\nThe programme benefitted over 2,000 in Colombia, Ecuador and Peru.\n"
    ).records
    assert records.country_figures == ()
    assert [i.code for i in records.issues] == ["figure-spans-countries"]
    assert "2,000" in records.issues[0].source_text


def test_a_population_in_a_named_region() -> None:
    records = extracted(
        "Overview\n\nSome 4.6 million Venezuelan refugees and migrants in Latin "
        "America and the Caribbean live in protracted displacement.\n"
    ).records
    assert [(f.country, f.metric, int(f.value), f.qualifier) for f in records.country_figures] == [
        ("Latin America and the Caribbean", "refugees_and_migrants", 4600000, "approximate")
    ]


def test_shared_noun_and_passive_verb() -> None:
    body = "Guyana - 23,300\nTo date, 18 Guyanese and 20 Venezuelan women have been supported.\n"
    assert figures(body) == [
        ("GUY", "women_supported", 18, "exact", "people"),
        ("GUY", "women_supported", 20, "exact", "people"),
    ]


def test_a_thing_given_to_people() -> None:
    body = "Panama - 121,600\nIOM provided food support to approximately 200 families.\n"
    assert figures(body) == [("PAN", "families_provided_support", 200, "approximate", "households")]


def test_a_bare_population_count_is_not_mistaken_for_the_headline() -> None:
    records = extracted(HEAD + "Chile - 457,300\nThere are 300 refugees and migrants.\n").records
    assert [f.value for f in records.country_figures] == [457300]
    assert [i.code for i in records.issues] == ["figure-activity-unknown"]


def test_spanish_narrative() -> None:
    text = (
        "SITUACIÓN DE REFUGIADOS Y MIGRANTES\n\nPerú - 1,2 millones\nLa OIM entregó más de "
        "6.700 kits de higiene y capacitó a 120 funcionarios.\n"
    )
    records = extracted(text).records.country_figures
    assert [(f.iso3, f.metric, int(f.value), f.qualifier) for f in records] == [
        ("PER", "refugees_and_migrants", 1200000, "exact"),
        ("PER", "hygiene_kits_delivered", 6700, "at_least"),  # metrics are English
        ("PER", "officials_trained", 120, "exact"),
    ]


def test_a_sector_figure_of_a_one_country_report_is_that_countrys_with_its_sector() -> None:
    text = (
        "Honduras: Floods Situation Report No. 2\n\n"
        "Honduras was hit by floods. Authorities in Honduras report damage across the north "
        "of Honduras.\n\n"
        "Health\n\nPartners vaccinated 4,200 children against measles.\n\n"
        "Shelter\n\nPartners distributed 950 tarpaulins.\n"
    )
    figures = validated(text).records
    found = {(r.iso3, int(r.value), r.sector) for r in figures.country_figures}
    assert ("HND", 4200, "Health") in found
    assert ("HND", 950, "Shelter") in found
    assert not figures.sector_indicators


def test_a_sector_figure_after_a_sentence_naming_one_country_is_that_countrys() -> None:
    text = (
        "Global Fund for Safe Schools: Annual Results\n\n"
        "The fund works in many countries.\n\n"
        "Education\n\nIn Bhutan, new school laws were passed. Teachers reached 800 children "
        "in 2024.\n\n"
        "In Nepal, mobile classes opened. Partners trained 300 teachers in 2024.\n"
    )
    records = validated(text).records
    found = {(r.iso3, int(r.value), r.sector) for r in records.country_figures}
    assert {("BTN", 800, "Education"), ("NPL", 300, "Education")} <= found
    assert not records.sector_indicators


def test_an_organisation_and_its_verb_before_a_figure_make_a_sentence_not_a_label() -> None:
    text = (
        "Honduras: Floods Situation Report No. 2\n\n"
        "Honduras was hit by floods across the north of Honduras.\n\n"
        "Food Security\n\nALPHA assisted 18,250 people in Northvale, Eastvale and Westvale "
        "through 1,146 tonnes of food.\n"
    )
    records = validated(text).records
    assert ("HND", 18250, "Food Security") in {
        (r.iso3, int(r.value), r.sector) for r in records.country_figures
    }
    assert not records.sector_indicators


def test_a_figure_keeps_its_own_abbreviation_when_it_shares_a_noun() -> None:
    text = (
        "Haiti: Storm Update\n\nIn Haiti, partners treated 41 SAM and 214 MAM cases, and "
        "trained 18 Haitian and 20 Dominican nurses.\n"
    )
    figures = validated(text).records.country_figures
    assert {(f.metric, int(f.value)) for f in figures} >= {
        ("sam_cases", 41),
        ("mam_cases", 214),
        ("nurses_trained", 18),
        ("nurses_trained", 20),  # a record of its own, not a duplicate of the 18's
    }
    assert not [f for f in figures if f.metric == "mam_cases" and int(f.value) == 41]
