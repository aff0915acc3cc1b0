"""Where a figure applies and what it counts, read from the words of its sentence.

The sentences are written for these tests (a press release, a news item, a Spanish and
a Portuguese paragraph), in the shapes such texts take; none is copied from a report.
Each case runs once with its line breaks and once with every break made a space: the
reading must not depend on where lines break.
"""

from __future__ import annotations

import pytest

from .helpers import extracted


def places(text: str) -> list[tuple[str, int]]:
    """(iso3, value) of every country figure, "" for a regional or world one."""
    records = extracted(text).records.country_figures
    return [(f.iso3, int(f.value)) for f in records]


def world(text: str) -> list[tuple[str, int]]:
    records = extracted(text).records.country_figures
    return [(f.country, int(f.value)) for f in records if not f.iso3]


def flat(text: str) -> str:
    return " ".join(text.split())


CASES = {
    "places and figures paired in order by respectively": (
        "Chile and Argentina host some 450,000 and 170,000 refugees and migrants,\n"
        "respectively, according to the platform.\n",
        [("CHL", 450000), ("ARG", 170000)],
    ),
    "respectivamente, with one figure fewer than places: regional": (
        "Perú, Chile y Ecuador acogen a 1,5 millones y 440.000 refugiados, respectivamente.\n",
        [("", 1500000), ("", 440000)],
    ),
    "a list of places, each with its value, counting what the sentence before counts": (
        "Displacement from Nicaragua continues. Costa Rica hosts the largest number of\n"
        "asylum-seekers from Nicaragua, some 200,000. It is followed by Panama, with over\n"
        "half a million; Mexico, over 30,000; and Spain, 12,500.\n",
        [("CRI", 200000), ("PAN", 500000), ("MEX", 30000), ("ESP", 12500)],
    ),
    "values before their places, in Spanish": (
        "Según la agencia, la población refugiada y migrante supera los 3,1 millones; de\n"
        "ellos, 1,2 millones se encuentran en Chile, 900 mil en Argentina y casi 300 mil en\n"
        "Uruguay.\n",
        [("", 3100000), ("CHL", 1200000), ("ARG", 900000), ("URY", 300000)],
    ),
    "a place opening the clause, in Portuguese": (
        "Em março, na Argentina vivem 1,2 milhões de venezuelanos, e o Uruguai recebeu\n"
        "14.000 até o fim do mês.\n",
        [("ARG", 1200000), ("URY", 14000)],
    ),
    "a subdivision names its country": (
        "WFP reached 4,250 people affected by floods in Zulia with food rations.\n"
        "Another 1,200 people were reached in Táchira.\n",
        [("VEN", 4250), ("VEN", 1200)],
    ),
    "a figure for several countries is one regional figure, not any one country's": (
        "About 300,000 refugees have been registered in countries such as Chile, Peru,\n"
        "Ecuador and Brazil.\n",
        [("", 300000)],
    ),
    "where people come from is not where they are": (
        "The number of refugees and migrants from Nicaragua reached 400,000, the agency said.\n",
        [("", 400000)],
    ),
}


@pytest.mark.parametrize("layout", ["as printed", "line breaks lost"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_place_of_a_figure(name: str, layout: str) -> None:
    text, expected = CASES[name]
    assert places(text if layout == "as printed" else flat(text)) == expected


def test_words_for_outside_the_country_make_a_world_figure() -> None:
    text = (
        "Over 2.1 million Nicaraguans now live outside their country. Of these, more than\n"
        "1.5 million have sought refuge worldwide since 2018, and 600,000 regionally.\n"
    )
    found = world(text)
    assert found[0] == ("World", 2100000)
    assert ("World", 1500000) in found


def test_people_who_left_a_country_are_not_its_figure() -> None:
    text = "Mais de três milhões de pessoas foram forçadas a sair da Nicarágua.\n"
    assert places(text) == [("", 3000000)]


def test_a_partitive_figure_shares_the_place_of_the_whole() -> None:
    text = (
        "The plan includes $500 million for efforts in Ecuador to reach 1.2 million of the\n"
        "estimated 2 million people in need.\n"
    )
    assert sorted(places(text)) == [("ECU", 1200000), ("ECU", 2000000)]


def test_a_count_with_no_place_in_a_report_about_no_country_is_an_issue() -> None:
    text = "The network gathered 95 organisations in Geneva last week.\n"
    result = extracted(text).records
    assert result.country_figures == ()
    assert "figure-place-unknown" in [i.code for i in result.issues]


@pytest.mark.parametrize(
    "text",
    [
        "Los tres organismos firmaron el acuerdo en Lima, Perú.\n",  # refers to things named
        "Chile es uno de los cinco destinos más elegidos por los migrantes.\n",  # a rank
        "María Gómez, 34, a teacher, arrived in Quito, Ecuador, last year.\n",  # an age
    ],
)
def test_numbers_that_count_nothing(text: str) -> None:
    assert places(text) == []


def test_a_column_of_names_then_its_values() -> None:
    text = (
        "Nicaraguan asylum-seekers in Central America\n"
        "Costa Rica Panama Mexico Guatemala\n"
        "204,100 12,300 9,870 1,450\n"
    )
    assert places(text) == [("CRI", 204100), ("PAN", 12300), ("MEX", 9870), ("GTM", 1450)]


def test_a_column_whose_counts_differ_is_not_paired() -> None:
    text = "Refugees hosted\nCosta Rica Panama Mexico Guatemala\n204,100 12,300 9,870\n"
    assert ("GTM", 9870) not in places(text)


def test_map_labels_take_the_side_the_document_prints_them_on() -> None:
    # values printed before their country's name, with broken background labels between
    text = (
        "REFUGEES AND MIGRANTS* ARGENTINA 12 K CHILE OLIVA 8.5 K PERU ECADR 3 K ECUADOR "
        "30.1 K COLOMBIA PANAMA 2 K PANAMA\n"
    )
    assert sorted(places(text)) == [
        ("CHL", 12000),
        ("COL", 30100),
        ("ECU", 3000),
        ("PAN", 2000),
        ("PER", 8500),
    ]
