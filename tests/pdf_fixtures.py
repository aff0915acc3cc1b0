"""Build the two source reports as PDFs, laid out the way such reports are.

The originals are not available, so ``tests/fixtures/<document_id>/layout.yaml`` holds
each report's text in reading order, and this builder lays it out with reportlab: the ILO
brief on two pages in two columns with its requirements table ruled; the IOM overview
with a grid of sector key-figure panels (label above, large number below), country
highlights in two columns with the key-highlights box on each page, and the regional
highlights page. Footnote marks are set small and raised.

Output is deterministic (reportlab's invariant mode), so ``tests/test_pdf.py`` checks
that the committed PDFs are exactly what this builder makes. Rebuild after editing a
layout with ``python -m tests.pdf_fixtures``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    FrameBreak,
    KeepTogether,
    NextPageTemplate,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures"
WIDTH, HEIGHT = LETTER
MARGIN = 54.0
GUTTER = 24.0

STYLES = {
    "title": ParagraphStyle(
        "title", fontName="Helvetica-Bold", fontSize=18, leading=22, spaceAfter=8
    ),
    "heading": ParagraphStyle(
        "heading", fontName="Helvetica-Bold", fontSize=11, leading=14, spaceBefore=8, spaceAfter=4
    ),
    "body": ParagraphStyle("body", fontName="Helvetica", fontSize=8, leading=10, spaceAfter=5),
    "small": ParagraphStyle("small", fontName="Helvetica", fontSize=7, leading=9),
    "quote": ParagraphStyle(
        "quote",
        fontName="Helvetica-Oblique",
        fontSize=9,
        leading=12,
        leftIndent=8,
        spaceBefore=6,
        spaceAfter=2,
    ),
    "sector": ParagraphStyle(
        "sector",
        fontName="Helvetica-Bold",
        fontSize=10,
        leading=12,
        spaceAfter=2,
        textColor=colors.HexColor("#0033a0"),
    ),
    "label": ParagraphStyle("label", fontName="Helvetica", fontSize=7.5, leading=9, spaceBefore=7),
    "figure": ParagraphStyle("figure", fontName="Helvetica-Bold", fontSize=15, leading=17),
    "country": ParagraphStyle(
        "country",
        fontName="Helvetica-Bold",
        fontSize=10,
        leading=13,
        spaceBefore=6,
        spaceAfter=2,
        textColor=colors.HexColor("#0033a0"),
    ),
}


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def note(text: str, mark: str) -> str:
    """``text`` with a footnote mark set small and raised."""
    return f"{escape(text)}<super><font size=6>{mark}</font></super>"


def _columns(top: float, bottom: float) -> list[Frame]:
    width = (WIDTH - 2 * MARGIN - GUTTER) / 2
    return [
        Frame(
            MARGIN + i * (width + GUTTER),
            bottom,
            width,
            top - bottom,
            id=f"column{i}",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        for i in range(2)
    ]


def _full(top: float, bottom: float, name: str) -> Frame:
    return Frame(
        MARGIN,
        bottom,
        WIDTH - 2 * MARGIN,
        top - bottom,
        id=name,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )


def _document(path: Path, templates: list[PageTemplate]) -> BaseDocTemplate:
    rl_config.invariant = 1  # the same bytes on every build
    return BaseDocTemplate(
        str(path),
        pagesize=LETTER,
        pageTemplates=templates,
        title=path.stem,
        author="tests/pdf_fixtures.py",
    )


# --- the ILO brief -------------------------------------------------------------------------


def _flowable(item: dict[str, Any]) -> list[Any]:
    if "title" in item:
        return [Paragraph(escape(item["title"]), STYLES["title"])]
    if "frame" in item:
        return [FrameBreak()]
    if "heading" in item:
        return [Paragraph(escape(item["heading"]), STYLES["heading"])]
    if "para" in item:
        return [Paragraph(escape(item["para"]), STYLES["body"])]
    if "list" in item or "lines" in item:
        return [
            Paragraph(escape(line), STYLES["body"]) for line in item.get("list") or item["lines"]
        ]
    if "bullets" in item:
        return [Paragraph("• " + escape(line), STYLES["body"]) for line in item["bullets"]]
    if "quote" in item:
        return [
            Paragraph(escape(item["quote"]), STYLES["quote"]),
            Paragraph(escape(item["by"]), STYLES["small"]),
        ]
    if "small" in item:
        return [Spacer(1, 8), Paragraph(escape(item["small"]), STYLES["small"])]
    if "table" in item:
        return [_ruled_table(item["table"])]
    raise ValueError(f"unknown layout item {item}")


def _ruled_table(spec: dict[str, Any]) -> KeepTogether:
    rows = [spec["header"], *spec["rows"]]
    table = Table(rows, colWidths=[80, 80, 70])
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 8),
                ("FONT", (0, 1), (-1, -1), "Helvetica", 8),
                ("ALIGN", (2, 0), (2, -1), "RIGHT"),
            ]
        )
    )
    return KeepTogether([Paragraph(escape(spec["title"]), STYLES["heading"]), table])


def build_ilo(layout: dict[str, Any], path: Path) -> None:
    top = HEIGHT - MARGIN
    templates = [
        PageTemplate(
            id="title-two-columns",
            frames=[_full(top, top - 40, "title"), *_columns(top - 52, MARGIN)],
        ),
        PageTemplate(id="two-columns", frames=_columns(top, MARGIN)),
    ]
    story: list[Any] = []
    for number, page in enumerate(layout["pages"]):
        if number:
            story += [NextPageTemplate(page["template"]), FrameBreak()]
        for item in page["flow"]:
            story += _flowable(item)
        if number + 1 < len(layout["pages"]):
            story.append(NextPageTemplate(layout["pages"][number + 1]["template"]))
    _document(path, templates).build(story)


# --- the IOM overview ------------------------------------------------------------------------


def _panel(spec: dict[str, Any]) -> list[Any]:
    if "total" in spec:  # the report-wide total: number above its label
        return [
            Spacer(1, 14),
            Paragraph(escape(spec["total"]), STYLES["figure"]),
            Paragraph(note(spec["label"], spec["note"]), STYLES["small"]),
        ]
    cell: list[Any] = [Paragraph(escape(spec["sector"]), STYLES["sector"])]
    for item in spec["items"]:
        label, value = item[0], item[1]
        cell.append(Paragraph(escape(label), STYLES["label"]))
        if value is not None:
            extra = (
                f" <font name=Helvetica size=8>{escape(item[2])}</font>" if len(item) > 2 else ""
            )
            cell.append(Paragraph(escape(value) + extra, STYLES["figure"]))
    return cell


def _panel_grid(panels: list[dict[str, Any]]) -> Table:
    rows = [[_panel(p) for p in panels[i : i + 3]] for i in range(0, len(panels), 3)]
    rows[-1] += [""] * (3 - len(rows[-1]))
    width = (WIDTH - 2 * MARGIN) / 3
    table = Table(rows, colWidths=[width] * 3)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 10),
                ("RIGHTPADDING", (0, 0), (-1, -1), 14),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 12),
            ]
        )
    )
    return table


def _highlights(lines: list[str]):  # type: ignore[no-untyped-def]
    def draw(canvas: Any, _doc: Any) -> None:  # the key-highlights box of each country page
        canvas.saveState()
        y = 150.0
        canvas.setFont("Helvetica-Bold", 10)
        canvas.drawString(MARGIN, y, lines[0])
        canvas.setFont("Helvetica", 8.5)
        for line in lines[1:]:
            y -= 13
            canvas.drawString(MARGIN, y, line)
        canvas.restoreState()

    return draw


def build_iom(layout: dict[str, Any], path: Path) -> None:
    top = HEIGHT - MARGIN
    templates = [
        PageTemplate(id="panels", frames=[_full(top, MARGIN, "panels")]),
        PageTemplate(
            id="countries", frames=_columns(top, 175), onPage=_highlights(layout["highlights"])
        ),
        PageTemplate(id="regional", frames=_columns(top, MARGIN)),
    ]
    story: list[Any] = [
        Paragraph(escape(layout["title"]), STYLES["title"]),
        Paragraph(escape(layout["intro"]), STYLES["body"]),
        Paragraph(note(layout["response_heading"], layout["response_note"]), STYLES["heading"]),
        Paragraph(escape(layout["response_text"]), STYLES["body"]),
        _panel_grid(layout["panels"]),
        Spacer(1, 6),
        *[Paragraph(escape(line), STYLES["small"]) for line in layout["footnotes"]],
        NextPageTemplate("countries"),
        FrameBreak(),
    ]
    for country in layout["countries"]:
        story += [
            Paragraph(escape(country["country"]), STYLES["country"]),
            Paragraph(escape(country["text"]), STYLES["body"]),
        ]
    story += [
        NextPageTemplate("regional"),
        FrameBreak(),
        FrameBreak(),
        Paragraph(escape(layout["regional_heading"]), STYLES["heading"]),
    ]
    # a block's own line breaks are kept (a donor logo's tagline set on two lines)
    story += [
        Paragraph(escape(block).replace("\n", "<br/>"), STYLES["body"])
        for block in layout["regional"]
    ]
    _document(path, templates).build(story)


BUILDERS = {
    "ilo-venezuela-response-2021": build_ilo,
    "iom-venezuela-regional-response-2021-q2": build_iom,
}


def build(document_id: str, out: Path | None = None) -> Path:
    layout = yaml.safe_load((FIXTURES / document_id / "layout.yaml").read_text(encoding="utf-8"))
    path = out or FIXTURES / document_id / f"{document_id}.pdf"
    BUILDERS[document_id](layout, path)
    return path


if __name__ == "__main__":
    for name in BUILDERS:
        print(build(name))
