"""Money statements: kind, amount, currency, and who, where, when."""

from __future__ import annotations

import datetime as dt

from .helpers import extracted, validated


def test_a_total_and_its_parts_are_separate_rows() -> None:
    text = (
        "REGIONAL HIGHLIGHTS\n\nThe Donors Conference for Refugees was convened on June 17th, "
        "2021. The 34 donors pledged a total of USD 2.3 billion (USD 957M in grants and "
        "USD 1.4B in loans) "
        "for the response.\n"
    )
    pledges = extracted(text).records.pledges
    assert [(p.kind, p.amount, p.currency) for p in pledges] == [
        ("pledge", 2300000000, "USD"),
        ("grant", 957000000, "USD"),
        ("loan", 1400000000, "USD"),
    ]
    assert {p.event for p in pledges} == {"Donors Conference for Refugees"}
    assert {p.date for p in pledges} == {dt.date(2021, 6, 17)}
    assert {p.donor for p in pledges} == {"34 donors"}


def test_spanish_amount_with_millones() -> None:
    text = (
        "Resumen\n\nEl plan de respuesta requiere US$1.200 millones para 2022 en la región, "
        "según los socios.\n"
    )
    pledges = extracted(text).records.pledges
    assert [(p.kind, p.amount, p.currency) for p in pledges] == [("requirement", 1200000000, "USD")]


def test_requirement_recipient_and_period() -> None:
    text = (
        "Needs\n\nThe ILO's financial requirements in 2021-2022 are estimated at US$23 million.\n"
    )
    pledge = extracted(text).records.pledges[0]
    assert (pledge.kind, pledge.recipient, pledge.amount) == ("requirement", "ILO", 23000000)
    assert (pledge.period_start, pledge.period_end) == (dt.date(2021, 1, 1), dt.date(2022, 12, 31))


def test_money_without_a_kind_is_an_issue_not_a_guess() -> None:
    records = extracted(
        "Notes\n\nThe office spent about EUR 40,000 on furniture last year.\n"
    ).records
    assert records.pledges == ()
    assert [i.code for i in records.issues] == ["money-kind-unknown"]


def test_a_bare_dollar_in_a_report_naming_no_dollar_is_flagged() -> None:
    records = extracted("Needs\n\nThe appeal requires $5,000,000 for shelter.\n").records
    assert records.pledges[0].currency == "USD"
    assert "currency-assumed" in [i.code for i in records.issues]


def test_table_rows_against_the_stated_total() -> None:
    text = (
        "Needs\n\nThe ILO's financial requirements in 2021 are estimated at US$3 million.\n\n"
        "ILO's resource requirements\nCountry\nSector\nRequirements\nChile\nIntegration\n"
        "$1,000,000\n"
        "Peru\nEducation\n$1,000,000\n\nMore text follows here.\n"
    )
    records = validated(text).records
    assert len(records.pledges) == 3
    mismatch = [i for i in records.issues if i.code == "table-total-mismatch"]
    assert len(mismatch) == 1 and "2000000" in mismatch[0].message


def test_parts_that_do_not_add_up_are_reported() -> None:
    text = (
        "Pledges\n\nDonors pledged a total of USD 500 million (USD 100 million in grants and "
        "USD 200 million in loans) in the region.\n"
    )
    records = validated(text).records
    assert len(records.pledges) == 3  # the report's figures stay; the reviewer decides
    assert [i.code for i in records.issues] == ["parts-total-mismatch"]


def test_a_gap_a_value_or_a_loss_is_no_money_kind() -> None:
    text = (
        "Funding\n\nThe response faces an overall funding gap of USD 139.4 million. Households "
        "received cash transfers valued at US$950,000. There was $49 billion in damage and "
        "losses and $53.2 billion in recovery and reconstruction needs. A funding gap "
        "remains, with USD 18 million urgently needed.\n"
    )
    records = extracted(text).records
    assert [(p.kind, p.amount) for p in records.pledges] == [
        ("requirement", 53200000000),
        ("requirement", 18000000),
    ]
    flagged = [i.source_text for i in records.issues if i.code == "money-kind-unknown"]
    assert flagged == ["USD 139.4 million", "US$950,000", "$49 billion"]


def test_money_words_right_after_an_amount_and_in_a_panel() -> None:
    text = (
        "The plan combines resources from loans ($400 million) with an additional $12 million "
        "donated by partners. Out of 2.5 billion requested, 900 million was received.\n\n"
        "Funding (in millions USD) 310.2M Required 61M (19.7%) Funded\n"
    )
    result = extracted(text).records
    found = sorted((p.kind, int(p.amount), p.currency) for p in result.pledges)
    assert found == [
        ("grant", 12000000, "USD"),
        ("loan", 400000000, "USD"),
        ("received", 61000000, "USD"),
        ("requirement", 310200000, "USD"),
    ]
    # amounts named as money but printed with no currency are flagged, not guessed
    unknown = [i.source_text for i in result.issues if i.code == "money-currency-unknown"]
    assert unknown == ["2.5 billion", "900 million"]


def test_a_money_word_across_a_new_clause_is_not_the_amounts_kind() -> None:
    text = (
        "The bank will loan Peru $200 million, to which $9.5 million in funds from the trust "
        "will be added.\n"
    )
    kinds = {int(p.amount): p.kind for p in extracted(text).records.pledges}
    assert kinds.get(200000000) == "loan"
    assert 9500000 not in kinds or kinds[9500000] != "loan"


def test_a_donor_list_under_its_header() -> None:
    text = (
        "Top partners by contributions received, 2023\n"
        "Sector Donor Amount (US$)\n"
        "Public Norway 5,120,000\nItaly 640,500\n"
        "Private Dutch Committee for UNICEF 1,020,300\n"
        "Grand Total 6,780,800\n"
        "Note: figures are rounded.\n"
    )
    found = [(p.kind, int(p.amount), p.currency, p.donor) for p in extracted(text).records.pledges]
    assert found == [
        ("received", 5120000, "USD", "Norway"),
        ("received", 640500, "USD", "Italy"),
        ("received", 1020300, "USD", "Private Dutch Committee for UNICEF"),
        ("received", 6780800, "USD", ""),
    ]


def test_a_donor_list_whose_kind_is_named_nowhere_is_flagged() -> None:
    text = "Donor Amount (EUR)\nNorway 5,120,000\nItaly 640,500\n"
    result = extracted(text).records
    assert result.pledges == ()
    assert [i.code for i in result.issues].count("money-kind-unknown") == 2


def test_each_amount_takes_the_donor_named_with_it() -> None:
    text = (
        "REGIONAL HIGHLIGHTS\n\nNorway pledged EUR 12 million, Japan EUR 4 million and "
        "the Netherlands EUR 7 million. A further USD 3 million was received from the "
        "Government of Ireland in May.\n"
    )
    found = [(p.kind, int(p.amount), p.donor) for p in extracted(text).records.pledges]
    assert found[:3] == [
        ("pledge", 12000000, "Norway"),
        ("pledge", 4000000, "Japan"),
        ("pledge", 7000000, "Netherlands"),
    ]
    assert ("received", 3000000, "Government of Ireland") in found


def test_the_same_statement_in_title_and_body_is_one_record() -> None:
    text = (
        "Donors pledge USD 40 million for the response in Peru\n\n"
        "REGIONAL HIGHLIGHTS\n\nLima, 3 May. At the conference, donors pledged USD 40 "
        "million for the response in Peru. Separately, Norway pledged USD 40 million for "
        "the response in Peru.\n"
    )
    document = validated(text)
    found = [(p.kind, int(p.amount), p.donor) for p in document.records.pledges]
    assert found == [("pledge", 40000000, "Donors"), ("pledge", 40000000, "Norway")]
    assert [i.code for i in document.records.issues].count("figure-repeated") == 1


def test_a_money_word_reaches_the_amounts_it_governs() -> None:
    text = (
        "REGIONAL HIGHLIGHTS\n\nThe plan requires USD 1.79 billion, of which USD 500 million "
        "for Colombia. US$2 million from ECHO and US$1 million from CERF were received for "
        "Peru. Germany pledged EUR 10 million (USD 11.2 million) for the response in Peru.\n"
    )
    found = [(p.kind, int(p.amount), p.donor, p.iso3) for p in validated(text).records.pledges]
    assert found == [
        ("requirement", 1790000000, "", ""),
        ("requirement", 500000000, "", "COL"),
        ("received", 2000000, "ECHO", "PER"),
        ("received", 1000000, "CERF", "PER"),
        ("pledge", 10000000, "Germany", "PER"),
        ("pledge", 11200000, "Germany", "PER"),
    ]


def test_a_money_word_that_only_modifies_the_one_before_does_not_decide_the_kind() -> None:
    text = (
        "Budget support\n\nThe external financing of the total expenditures of the ministry "
        "rose from 5 per cent, or $200 million, in 2023 to 9 per cent, or $410 million, in "
        "2024. The cost of the new roads reached $12 million.\n"
    )
    records = extracted(text).records
    assert [(p.kind, int(p.amount)) for p in records.pledges] == [
        ("received", 200000000),
        ("received", 410000000),
    ]
    assert "money-kind-unknown" in {i.code for i in records.issues}  # the cost is no funding


def test_an_amount_a_total_changed_from_is_not_one_of_its_parts() -> None:
    records = validated(
        "Budget\n\nDonor funding received by the ministry rose from EUR 40 million in 2023 "
        "to EUR 65 million in 2024.\n"
    ).records
    assert sorted(int(p.amount) for p in records.pledges) == [40000000, 65000000]
    assert not [i for i in records.issues if i.code.startswith("parts-total")]
