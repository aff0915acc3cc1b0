"""Issue 13: layout blocks by role (``ingest/roles.py``) and what the later stages make of
them. Each layout is drawn with reportlab as such reports print it, with invented words
and numbers; one test reads a real corpus page (skipped without ../shared)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from reportlab.pdfgen import canvas

from pipeline.batch import Options, run
from pipeline.flow import stage_outputs
from pipeline.ingest import pdf_to_document
from pipeline.ingest.page_layout import Word, is_frame
from pipeline.models import LayoutBlock, SegmentedDocument
from pipeline.tools.review.html import review_html
from pipeline.tools.review.load import layout_blocks, load_review, read_output

from .conftest import ROOT

CORPUS = ROOT.parent / "shared" / "corpus"
BODY = (
    "Partners of the response kept working in the districts hit hardest by the floods, "
    "with mobile teams on the roads that reopened during the week."
)


def _draw(path: Path, draw: Any) -> Path:
    page = canvas.Canvas(str(path), pagesize=(612, 792), invariant=1)
    draw(page)
    page.showPage()
    page.save()
    return path


def _body(page: canvas.Canvas, top: float, text: str = BODY, size: float = 10) -> None:
    """``text`` as body paragraphs over the width of the page, from ``top`` down."""
    page.setFont("Helvetica", size)
    words, line, y = text.split(), "", 792 - top
    for word in words:
        if page.stringWidth(f"{line} {word}", "Helvetica", size) > 470:
            page.drawString(72, y, line)
            line, y = word, y - size * 1.3
        else:
            line = f"{line} {word}".strip()
    page.drawString(72, y, line)


def _segment(path: Path) -> SegmentedDocument:
    outputs = dict(stage_outputs(path))
    document = outputs["segment"]
    assert isinstance(document, SegmentedDocument)
    return document


def _roles(blocks: tuple[LayoutBlock, ...], text: str) -> list[tuple[str, str]]:
    return [(b.role, " ".join(text[b.start : b.end].split())) for b in blocks]


# --- key-figure boxes ----------------------------------------------------------------------


def _dashboard(page: canvas.Canvas) -> None:
    """A strip of three key-figure boxes: a label's first words above the large number,
    its last words below it, as dashboard slides print them; then body text."""
    page.setFont("Helvetica-Bold", 22)
    page.drawString(72, 740, "Flood Response Dashboard")
    for x, (above, number, below) in zip(
        (90, 260, 430),
        (
            ("Water", "412", "Points Repaired"),
            ("Mobile", "37", "Clinics"),
            ("Tents", "906", "Delivered"),
        ),
        strict=True,
    ):
        page.setFont("Helvetica", 9)
        page.drawString(x, 690, above)
        page.setFont("Helvetica-Bold", 32)
        page.drawString(x, 660, number)
        page.setFont("Helvetica", 9)
        page.drawString(x, 648, below)
    _body(page, 200, BODY + " " + BODY)


def test_key_figure_boxes_are_found_and_read_label_first(tmp_path: Path) -> None:
    document = pdf_to_document(_draw(tmp_path / "dashboard.pdf", _dashboard))
    roles = _roles(document.blocks, document.text)
    assert ("key_figure", "Water Points Repaired 412") in roles
    assert ("key_figure", "Mobile Clinics 37") in roles
    assert ("key_figure", "Tents Delivered 906") in roles
    assert ("banner", "Flood Response Dashboard") in roles or (
        "heading",
        "Flood Response Dashboard",
    ) in roles


def test_each_key_figure_is_paired_with_its_own_label(tmp_path: Path) -> None:
    document = _segment(_draw(tmp_path / "dashboard.pdf", _dashboard))
    units = [(u.kind, " ".join(u.text.split())) for s in document.sections for u in s.lines]
    for label, value in (("Water Points Repaired", "412"), ("Mobile Clinics", "37")):
        assert ("label", label) in units, units
        assert ("value", value) in units, units


# --- numbered paragraphs --------------------------------------------------------------------


def _numbered(page: canvas.Canvas) -> None:
    """Numbered paragraphs, as UN reports print their body (the number opens the first
    line, the text after a wide space, the lines below under the number); a raised mark whose
    number is the number of a paragraph too; the note at the page's foot in small type."""
    page.setFont("Helvetica-Bold", 14)
    page.drawString(72, 740, "Overview of the situation")
    texts = (
        "The coordination cell met the district authorities every week to plan the "
        "distributions with them and to agree on the routes.",
        "Over the period, the mission delivered 3,400 tents to displaced families in the "
        "eastern valleys, and a further shipment is on its way.",
        "as requested by the committee, the cell kept a list of the routes closed by the "
        "rains and shared it with partners every morning.",
    )
    y, ends = 700.0, []
    for number, text in zip((11, 12, 13), texts, strict=True):
        page.setFont("Helvetica", 10)
        page.drawString(72, y, f"{number}.")
        ends.append((_body_at(page, 72, y, text, indent=36), y - 13))
        y -= 60
    page.setFont("Helvetica", 6)
    page.drawString(ends[0][0] + 0.5, ends[0][1] + 4, "12")
    page.setFont("Helvetica", 7)
    page.drawString(72, 90, "12 Figures of the district authorities, as of the end of the month.")


def _body_at(page: canvas.Canvas, x: float, y: float, text: str, indent: float) -> float:
    """Draws ``text`` from (x, y); the x where its last line ends."""
    words, line, shift = text.split(), "", indent
    for word in words:
        if page.stringWidth(f"{line} {word}", "Helvetica", 10) > 430 - shift:
            page.drawString(x + shift, y, line)
            line, y, shift = word, y - 13, 0.0
        else:
            line = f"{line} {word}".strip()
    page.drawString(x + shift, y, line)
    return x + shift + page.stringWidth(line, "Helvetica", 10)


def test_a_paragraph_number_is_a_named_non_figure(tmp_path: Path) -> None:
    document = _segment(_draw(tmp_path / "numbered.pdf", _numbered))
    assert [b.role for b in document.blocks].count("numbered_paragraph") == 3
    starts = {b.start for b in document.blocks if b.role == "numbered_paragraph"}
    numbers = [t for t in document.ledger.tokens if t.start in starts]
    assert [t.text for t in numbers] == ["11", "12", "13"]
    for token in numbers:
        assert (token.fate, token.non_figure) == ("non_figure", "rank"), token
    fates = {t.text: t.fate for t in document.ledger.tokens if t.start not in starts}
    assert fates["3,400"] == "open"  # a figure of the paragraph, for extract to read


def test_a_paragraph_number_is_no_footnote(tmp_path: Path) -> None:
    """The raised mark "12" has its note at the page's foot; paragraph 12's number is no
    note for all that."""
    document = _segment(_draw(tmp_path / "numbered.pdf", _numbered))
    assert "footnote" in [b.role for b in document.blocks]
    paragraph_starts = {b.start for b in document.blocks if b.role == "numbered_paragraph"}
    notes = [s for s in document.sections if s.kind == "footnotes"]
    assert not any(line.start in paragraph_starts for s in notes for line in s.lines)


# --- chart labels ---------------------------------------------------------------------------


def _chart(page: canvas.Canvas) -> None:
    """Body text, then a bar chart: each bar's value and its name in small type."""
    _body(page, 80)
    page.setFont("Helvetica", 7)
    for index, (name, value) in enumerate(
        (("North", "120"), ("South", "85"), ("East", "64"), ("West", "42"), ("Centre", "31"))
    ):
        x = 100 + index * 90
        page.rect(x, 500, 30, int(value), fill=0)
        page.drawString(x + 5, 505 + int(value), value)
        page.drawString(x, 488, name)
    _body(page, 350, "Families in the camps received 2,300 hygiene kits during the week.")


def test_chart_labels_are_read_on_their_own(tmp_path: Path) -> None:
    document = _segment(_draw(tmp_path / "chart.pdf", _chart))
    labels = [b for b in document.blocks if b.role in ("chart_label", "map_label")]
    assert len(labels) >= 5
    units = [u for s in document.sections for u in s.lines]
    for block in labels:  # no unit runs from a chart label into the text, or back
        for unit in units:
            inside = block.start <= unit.start < block.end
            assert not inside or unit.end <= block.end, (unit, block)
            assert not (unit.start < block.start < unit.end), (unit, block)


# --- frames and tables ----------------------------------------------------------------------


def _word(text: str, x0: float, top: float) -> Word:
    return Word(text, x0, top, x0 + 6 * len(text), top + 10, 10)


def test_a_ruled_frame_around_a_layout_is_no_table() -> None:
    """A slide inside a frame of rules: one cell holds two columns of text, the others
    hardly anything."""
    left = [_word(w, 20, 20 + 14 * i) for i, w in enumerate(["alpha", "beta", "gamma", "delta"])]
    right = [_word(w, 300, 20 + 14 * i) for i, w in enumerate(["one", "two", "three", "four"])]
    frame = [[left + right, [_word("x", 600, 20)]], [[], []]]
    table = [[[_word("Region", 20, 20)], [_word("Count", 120, 20)]]]
    table.append([[_word("Upland", 20, 40)], [_word("12", 120, 40)]])
    assert is_frame(frame)
    assert not is_frame(table)


# --- the review page ------------------------------------------------------------------------


def test_the_review_page_draws_each_block_with_its_role_on_request(tmp_path: Path) -> None:
    source = _draw(tmp_path / "dashboard.pdf", _dashboard)
    run([source], tmp_path / "out", options=Options(workers=1))
    review = load_review(read_output(tmp_path / "out"), "dashboard", source)
    assert review.blocks == layout_blocks(source)
    html = review_html(review)
    assert '<input type="checkbox" id="show-roles">' in html
    assert html.count('class="role r-key_figure"') == 3
    assert '<span class="role-name">key figure</span>' in html


# --- a real page ----------------------------------------------------------------------------


def _corpus_pdf(name: str) -> Path:
    path = CORPUS / name
    if not path.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"the corpus {CORPUS} is missing under CI")
        pytest.skip(f"the corpus {CORPUS} is not beside this checkout")
    return path


def test_numbered_paragraphs_of_a_un_report_are_no_figures() -> None:
    """Every paragraph of the UN report's body is numbered: each number is the
    paragraph's, never a figure, a footnote or an issue."""
    document = _segment(_corpus_pdf("un-A-80-86-assistance-to-palestinian-people-2025.pdf"))
    starts = {b.start for b in document.blocks if b.role == "numbered_paragraph"}
    assert len(starts) > 50
    tokens = [t for t in document.ledger.tokens if t.start in starts]
    assert len(tokens) == len(starts)
    assert {(t.fate, t.non_figure) for t in tokens} == {("non_figure", "rank")}


# --- headings by their type ----------------------------------------------------------------


def _narratives(title: str, sections: tuple[tuple[str, str], ...]) -> Any:
    """A page drawer: ``title`` in large type, then each (heading, sentence) of
    ``sections``, the heading in larger bold type over its sentence in body type."""

    def draw(page: canvas.Canvas) -> None:
        page.setFont("Helvetica-Bold", 20)
        page.drawString(72, 740, title)
        y = 690
        for heading, sentence in sections:
            page.setFont("Helvetica-Bold", 14)
            page.drawString(72, y, heading)
            page.setFont("Helvetica", 10)
            page.drawString(72, y - 18, sentence)
            y -= 60

    return draw


# a country report's sector narratives; the second heading names no sector of the list
# and is in plain words
_sector_narrative = _narratives(
    "Freedonia: Flood Response Update",
    (
        ("Health", "Partners ran 14 mobile clinics in the districts hit by the floods."),
        ("Beekeeping recovery", "Partners handed out 230 hive kits to farmers in the hills."),
        ("Education", "Partners opened 40 temporary classrooms near the camps."),
    ),
)


def test_a_heading_set_in_larger_type_opens_a_section_whatever_its_words(
    tmp_path: Path,
) -> None:
    document = _segment(_draw(tmp_path / "sectors.pdf", _sector_narrative))
    titles = {s.title: s for s in document.sections if s.title}
    assert "Beekeeping recovery" in titles  # not in any vocabulary: found by its type
    assert titles["Beekeeping recovery"].sector != "Health"
    assert "sector-unknown" in {i.code for i in document.issues}


# a regional report's country sections under the countries' names; the sentences under
# them name no place
_country_narratives = _narratives(
    "Regional Flood Response Update",
    (
        ("Ecuador", "Partners distributed 540 hygiene kits to families in the shelters."),
        ("Peru", "Partners distributed 910 hygiene kits to families in the shelters."),
    ),
)


def test_a_country_set_as_a_heading_gives_its_section_its_place(tmp_path: Path) -> None:
    path = _draw(tmp_path / "countries.pdf", _country_narratives)
    outputs = dict(stage_outputs(path))
    figures = outputs["validate"].records.country_figures
    assert {(f.iso3, int(f.value)) for f in figures} >= {("ECU", 540), ("PER", 910)}
