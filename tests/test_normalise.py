"""Ligature repair from word lists, whitespace folding and the map back to raw offsets."""

from __future__ import annotations

import pytest

from pipeline.normalise import repair_word

from .helpers import normalised


@pytest.mark.parametrize(
    ("damaged", "repaired"),
    [
        ("bene\ufffdciaries", "beneficiaries"),
        ("bene\tciaries", "beneficiaries"),
        ("\ufffdeld", "field"),
        ("\ufffdrst", "first"),
        ("\ufffdgures", "figures"),
        ("of\ufffdce", "office"),
        ("con\ufffdict", "conflict"),
        ("e\ufffdcient", "efficient"),
        ("Bene\ufffdciaries", "Beneficiaries"),
        ("BENE\ufffdCIARIES", "BENEFICIARIES"),
        ("bene\ufffdciarios", "beneficiarios"),
        ("a\ufffduencia", "afluencia"),
    ],
)
def test_ligatures_are_repaired_from_word_lists(damaged: str, repaired: str) -> None:
    assert repair_word(damaged, "en") == repaired


def test_a_word_no_ligature_repairs_is_left_and_reported() -> None:
    document = normalised("The xq\ufffdzv panel.\n")
    assert "xq\ufffdzv" in document.text
    assert [i.code for i in document.issues] == ["ligature-unrepaired"]


def test_a_tab_between_two_words_is_a_column_gap_not_a_ligature() -> None:
    document = normalised("Total\tpeople reached\n")
    assert document.text == "Total\tpeople reached"
    assert document.repairs == ()


def test_repairs_are_counted_and_offsets_map_back() -> None:
    raw = "  Number of services\n  provided to bene\ufffdciaries   \n\n\n\n15,781 \n"
    document = normalised(raw)
    assert document.text == "Number of services\nprovided to beneficiaries\n\n15,781"
    assert [(r.kind, r.before, r.after) for r in document.repairs] == [
        ("ligature", "bene\ufffdciaries", "beneficiaries")
    ]
    for offset, char in enumerate(document.text):
        if char.isdigit():
            assert raw[document.raw_offset(offset)] == char
    start = document.text.index("15,781")
    assert raw[document.raw_offset(start) : document.raw_offset(start) + 6] == "15,781"


def test_line_end_hyphenation_is_undone_for_known_words() -> None:
    assert "Assessments" in normalised("Joint Needs Assess-\nments as the first stage\n").text


def test_a_hyphen_that_belongs_to_the_word_stays() -> None:
    assert "socio-\neconomic" in normalised("the socio-\neconomic integration\n").text


def test_a_wide_gap_separates_columns() -> None:
    assert normalised("Peru      Education  \t $1,000,000\n").text == "Peru\tEducation\t$1,000,000"


def test_acute_accent_used_as_apostrophe() -> None:
    assert normalised("IOM´s partners´ efforts\n").text == "IOM’s partners’ efforts"


def test_form_feeds_make_pages() -> None:
    document = normalised("First page text.\fSecond page text.\n")
    assert [(p.number, document.text[p.start : p.end]) for p in document.pages] == [
        (1, "First page text."),
        (2, "Second page text."),
    ]


def test_spanish_is_detected() -> None:
    assert normalised("Los refugiados y migrantes de Venezuela en la región.\n").language == "es"
