"""The report's structure: header, period, panels, country sections, tables, footnotes."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.segment.headlines import Headline, match_headline

from .helpers import extracted, segmented


@pytest.mark.parametrize(
    ("line", "place", "iso3"),
    [
        ("Colombia - 1.7 M", "Colombia", "COL"),
        ("Ecuador - 429.700", "Ecuador", "ECU"),
        ("2,31 M COLOMBIA", "COLOMBIA", "COL"),
        ("98,7 K DOMINICAN REPUBLIC", "DOMINICAN REPUBLIC", "DOM"),
        ("Trinidad & Tobago - 24,000", "Trinidad & Tobago", "TTO"),
        ("in other parts of the country. Aruba - 17,000", "Aruba", "ABW"),
        (
            "Venezuelan migrants and refugees in LAC - 4.6 million",
            "Latin America and the Caribbean",
            "",
        ),
    ],
)
def test_headline_forms(line: str, place: str, iso3: str) -> None:
    headline = match_headline(line)
    assert isinstance(headline, Headline)
    assert (headline.place, headline.iso3) == (place, iso3)


@pytest.mark.parametrize("line", ["COLOMBIA ECUADOR PERU 17", "Colombia, Ecuador, Peru - 17"])
def test_map_labels_do_not_own_the_number_after_them(line: str) -> None:
    assert not isinstance(match_headline(line), Headline)


def test_map_labels_give_no_country_figure() -> None:
    text = (
        "MIGRANT AND REFUGEE SITUATION\n\nCOLOMBIA ECUADOR PERU 17\n\n"
        "BRAZIL CHILE ARGENTINA 2,500\n\nColombia - 1.7 M\nIOM distributed 500 hygiene kits.\n"
    )
    figures = extracted(text).records.country_figures
    assert [(f.iso3, f.metric, f.value) for f in figures] == [
        ("COL", "refugees_and_migrants", 1700000),
        ("COL", "hygiene_kits_distributed", 500),
    ]


def test_header_period_and_region() -> None:
    document = segmented(
        "REGIONAL RESPONSE OVERVIEW\n\nA summary of the response in the Latin "
        "America and Caribbean (LAC) region from April to June 2021 thanks to donors.\n"
    )
    assert document.title == "REGIONAL RESPONSE OVERVIEW"
    assert document.period is not None
    assert (document.period.start, document.period.end) == (
        dt.date(2021, 4, 1),
        dt.date(2021, 6, 30),
    )
    assert document.region == "Latin America and the Caribbean"


def test_year_range_period() -> None:
    document = segmented(
        "Needs\n\nThe requirements for 2021-2022 are estimated at US$23 million.\n"
    )
    assert document.period is not None
    assert (document.period.start, document.period.end) == (
        dt.date(2021, 1, 1),
        dt.date(2022, 12, 31),
    )


def test_a_numbered_list_is_not_footnotes() -> None:
    document = segmented(
        "The strategy has three pillars:\n1. Regularization;\n2. Training;\n3. Employment.\n"
    )
    assert not any(s.kind == "footnotes" for s in document.sections)


def test_footnote_marker_glued_to_a_year_is_not_part_of_it() -> None:
    text = (
        "Health\n\nCountries\n3\nTotal number of\nBeneficiaries in 20212\n\n"
        "1. A note.\n\n2. Figures reported are not for unique beneficiaries.\n\n"
        "REGIONAL RESPONSE1\n"
    )
    document = segmented(text)
    assert [m.text for m in document.footnote_markers] == ["2", "1"]
    assert any(s.kind == "footnotes" for s in document.sections)


def test_a_repeated_page_header_is_set_aside() -> None:
    block = "KEY HIGHLIGHTS\nJune, 2021 / www.example.org\nMigrants in the world - 5.6 million\n"
    text = f"{block}\nChile - 457,300\nIOM trained 91 teachers.\n\n{block}\nPeru - 1.0 M\nText.\n"
    kinds = [s.kind for s in segmented(text).sections]
    assert kinds.count("repeat") == 1


def test_a_table_rebuilt_from_one_cell_per_line() -> None:
    text = (
        "ILO's resource requirements\nCountry\n\nSector\n\nRequirements\n\nChile\n\nIntegration\n\n"
        "$63,000\n\nRegional\n\nCommon Services\n\nUruguay\n\nIntegration\n\n$160,000\n$500\n\n"
        "Specific details can be found elsewhere.\n"
    )
    table = next(s.table for s in segmented(text).sections if s.table is not None)
    assert table.title == "ILO's resource requirements"
    assert [[c.text for c in r.cells] for r in table.rows] == [
        ["Chile", "Integration", "$63,000"],
        ["Regional", "Common Services"],
        ["Uruguay", "Integration", "$160,000"],
    ]
    assert [c.text for c in table.unplaced] == ["$500"]


def test_a_table_with_tab_separated_rows() -> None:
    text = (
        "Country\tSector\tRequirements\nPeru\tEducation\t$1,000,000\nChile\tIntegration\t$63,000\n"
    )
    table = next(s.table for s in segmented(text).sections if s.table is not None)
    assert [[c.text for c in r.cells] for r in table.rows] == [
        ["Peru", "Education", "$1,000,000"],
        ["Chile", "Integration", "$63,000"],
    ]


def test_an_unknown_place_heading_a_figure_is_reported() -> None:
    document = segmented("Intro.\n\nSanto Domingo - 5,000\nIOM distributed 500 kits.\n")
    issue = next(i for i in document.issues if i.code == "country-unresolved")
    assert "Santo Domingo" in issue.message and "Sao Tome" in issue.message


SECTOR_RUN = (
    "Freedonia: Storm Response Update\n\nThe storm reached the coast last week.\n\n"
    "HEALTH\n\nPartners ran 14 mobile clinics in the north.\n\n"
    "BEEKEEPING RECOVERY\n\nPartners handed out 230 hive kits to farmers.\n\n"
    "EDUCATION\n\nPartners opened 40 temporary classrooms.\n"
)


def test_a_heading_among_sector_headings_opens_a_section_of_its_own() -> None:
    document = segmented(SECTOR_RUN)
    issue = next(i for i in document.issues if i.code == "sector-unknown")
    assert "BEEKEEPING RECOVERY" in issue.message
    where = {s.title: s.sector for s in document.sections if s.title}
    assert where["BEEKEEPING RECOVERY"] == "BEEKEEPING RECOVERY"  # as printed, flagged
    assert where["EDUCATION"] == "Education"


def test_the_figures_under_an_unknown_sector_never_inherit_the_one_before() -> None:
    records = extracted(SECTOR_RUN).records
    rows = [*records.country_figures, *records.sector_indicators]
    kits = next(r for r in rows if r.value == 230)
    assert kits.sector != "Health"


def test_capitals_inside_a_list_of_names_are_not_a_heading() -> None:
    document = segmented(
        "Health\n\nMobile teams of partners (ALPHA AID, BRAVO RELIEF NETWORK, CHARLIE) gave "
        "500 kits to families.\n"
    )
    assert [s.sector for s in document.sections if s.lines and "500" in s.lines[-1].text] == [
        "Health"
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "In May, 6,500 cartons of RUTF were sent to 255 clinics.",  # a comma before it
        "The fund now works across 7 UNICEF regions of the world.",  # a preposition
        "The reach of the fund spans all seven UNICEF regions today.",  # a quantifier
    ],
)
def test_a_figure_that_continues_the_words_before_it_is_no_panel_value(sentence: str) -> None:
    document = segmented(f"Nutrition\n\n{sentence}\n")
    assert not [s for s in document.sections if s.kind == "panel"]
    assert not [u for s in document.sections for u in s.lines if u.kind in ("label", "value")]
