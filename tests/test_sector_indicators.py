"""Sector panels: every label/value pair, and no number borrowed from a neighbour."""

from __future__ import annotations

from .conftest import outputs
from .helpers import extracted

IOM = "iom-venezuela-regional-response-2021-q2"


def test_health_countries_trap_in_the_iom_report() -> None:
    """The IOM Health panel prints "Countries" with no value; the 2,155,039 under it is the
    report-wide total of beneficiaries, labelled below it. It must not become Health's
    country count: the label gets an issue, the number goes to the total."""
    records = outputs(IOM)["validate"].records
    health = {(i.indicator, i.value) for i in records.sector_indicators if i.sector == "Health"}
    assert "Countries" not in {indicator for indicator, _ in health}
    assert all(value != 2155039 for _, value in health)
    total = [i for i in records.sector_indicators if i.value == 2155039]
    assert [(i.sector, i.indicator, i.unit) for i in total] == [
        ("", "Total number of Beneficiaries in the 2nd quarter of 2021", "people")
    ]
    missing = [i for i in records.issues if i.code == "indicator-value-missing"]
    assert len(missing) == 1
    assert missing[0].source_text == "Countries" and "Health" in missing[0].message


PANEL = """MIGRANT SITUATION

Shelter

Number of services
provided to beneficiaries

41,373
Countries
15

WASH

Hygiene/dignity kits distributed
2,176
Countries
{countries}
Total number of
beneficiaries in the quarter
"""


def test_a_value_that_fits_both_labels_is_not_guessed() -> None:
    records = extracted(PANEL.format(countries="12")).records
    assert not any(
        i.sector == "WASH" and i.indicator == "Countries" for i in records.sector_indicators
    )
    assert not any(i.value == 12 for i in records.sector_indicators)
    assert [i.code for i in records.issues if i.code.startswith("indicator")] == [
        "indicator-value-ambiguous",
        "indicator-value-ambiguous",
    ]


def test_a_value_out_of_the_label_bounds_goes_to_the_label_below() -> None:
    records = extracted(PANEL.format(countries="1,200,000")).records
    total = next(i for i in records.sector_indicators if i.value == 1200000)
    assert total.sector == "" and total.indicator.startswith("Total number of beneficiaries")
    assert [i.code for i in records.issues if i.code.startswith("indicator")] == [
        "indicator-value-missing"
    ]


def test_multiline_labels_units_and_sublabels() -> None:
    text = (
        "MIGRANT SITUATION\n\nMultipurpose CBI\n\nNumber of services provided to beneficiaries\n"
        "13,191\n\nCountries\n6\n\n% of type of assistance\n25% rent\n"
    )
    found = [
        (i.sector, i.indicator, i.value, i.unit) for i in extracted(text).records.sector_indicators
    ]
    assert found == [
        ("Multipurpose CBI", "Number of services provided to beneficiaries", 13191, "services"),
        ("Multipurpose CBI", "Countries", 6, "countries"),
        ("Multipurpose CBI", "% of type of assistance: rent", 25, "percent"),
    ]


def test_a_sector_name_heading_prose_is_that_sectors_narrative() -> None:
    """Not a panel (no label/value pairs), but the sector's figures, each with the verb
    of its own clause: "reopened" is not a known activity, so none is borrowed. Told in
    running text in a report about no one country, they are the region's figures that
    carry the sector; sector indicators are the panels' and tables'."""
    text = (
        "SITUATION REPORT\n\nHealth\n\nMobile clinics reached remote communities after the "
        "storm, and partners reopened 12 health centres in the south of the country.\n"
    )
    records = extracted(text).records
    found = [(f.sector, f.iso3, f.metric, f.value) for f in records.country_figures]
    assert found == [("Health", "", "health_centres", 12)]
    assert not records.sector_indicators


def test_a_sector_percentage_in_prose() -> None:
    text = (
        "Overview\n\nWith only 8 percent of the funding requirements being met, the "
        "Socioeconomic and Cultural Integration Sector remains the most underfunded.\n"
    )
    found = [(i.sector, i.indicator, i.value) for i in extracted(text).records.sector_indicators]
    assert found == [("Integration", "funding requirements being met", 8)]


def test_a_table_whose_rows_are_sectors_in_flat_text() -> None:
    # a cluster table whose lines were lost: header, then sector, value, value per row
    text = (
        "Respuesta por sector Sector Personas atendidas Proyectos Salud 12.400 31 "
        "Protección 8.950 12 Educación 3.210 9 Fuente: sistema de monitoreo.\n"
    )
    rows = [
        (r.sector, r.indicator, int(r.value)) for r in extracted(text).records.sector_indicators
    ]
    assert sorted(rows) == [
        ("Education", "Personas", 3210),
        ("Education", "Proyectos", 9),
        ("Health", "Personas", 12400),
        ("Health", "Proyectos", 31),
        ("Protection", "Personas", 8950),
        ("Protection", "Proyectos", 12),
    ]
