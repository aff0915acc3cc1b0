"""Stage 3: find the report's structure.

The normalised text is cut into sections (``segment/sections.py``): the header (title and
opening paragraph), sector key-figure panels, country highlight sections (a headline such
as "Colombia - 1.7 M" and the narrative under it), regional sections, tables
(``segment/tables.py``), footnotes (``segment/footnotes.py``), and blocks that repeat an
earlier block word for word, which are set aside. The document's facts (title, period,
region, country, sector, language, number convention, the population its headlines
count and the dollar a bare "$" means: ``segment/facts.py``), the figures of the text and
the spans whose digits are not figures are found here once and handed forward, so every
extractor sees the same answers.
"""

from __future__ import annotations

from pipeline.models import NonFigureSpan, NormalisedDocument, SegmentedDocument
from pipeline.segment.facts import (
    document_country,
    document_sector,
    dollar_of,
    heading_title,
    report_period,
    report_population,
    report_region,
    title_of,
)
from pipeline.segment.footnotes import find_footnotes
from pipeline.segment.layout import block_breaks, heading_spans, paragraph_numbers
from pipeline.segment.ledger import counted_labels, ledger_of
from pipeline.segment.sections import SectionWalk
from pipeline.segment.units import cut_units
from pipeline.text.non_figures import non_figure_spans
from pipeline.text.numbers import find_figures, infer_convention
from pipeline.text.tokens import cells_flat, flat, mask

HEADER_REACH = 1500  # characters from the start in which the report states its period/region


def text_to_sections(document: NormalisedDocument) -> SegmentedDocument:
    """Cut ``document`` into sections; stage 3 of the pipeline."""
    text = document.text
    paragraphs = paragraph_numbers(document.blocks)
    footnotes = find_footnotes(text, not_notes={start for start, _ in paragraphs})
    markers = footnotes.markers
    non_figures = [
        NonFigureSpan(start=s, end=e, text=text[s:e], kind=kind, reason=why)
        for s, e, kind, why in non_figure_spans(text)
    ]
    blanked = [(m.start, m.end) for m in markers] + [(s.start, s.end) for s in non_figures]
    masked = mask(text, blanked)
    scan_text = flat(masked)  # whitespace is no part of what a report says
    found = find_figures(cells_flat(masked), document.language)  # but a tab parts cells
    figures = counted_labels(scan_text, found)
    ledger = ledger_of(text, scan_text, figures, markers, non_figures, footnotes.notes, paragraphs)
    open_figures = {t.start for t in ledger.tokens if t.fate == "open"}
    units = cut_units(
        scan_text,
        figures,
        open_figures,
        footnotes.notes,
        block_breaks(document.blocks),
        tuple(heading_spans(document.blocks, text)),
    )
    builder = SectionWalk(document, units, scan_text)
    builder.run()
    header_text = scan_text[:HEADER_REACH]
    title = document.title or title_of(units)
    # a PDF's largest text and the report's first headings; words of a first sentence
    # ("Canadá y la OIT pusieron ...") name its subject, not the country it is about
    opening = f"{document.title} {heading_title(units)}"
    return SegmentedDocument(
        document_id=document.document_id,
        media_type=document.media_type,
        text=text,
        pages=document.pages,
        language=document.language,
        convention=infer_convention(figures),
        title=title,
        period=report_period(scan_text, header_text),
        region=report_region(header_text),
        **document_country(opening, title_of(units), scan_text, report_region(header_text)),
        sector=document_sector(opening, scan_text),
        repair_count=len(document.repairs),
        boxes=document.boxes,
        blocks=document.blocks,
        sections=tuple(builder.sections),
        footnote_markers=tuple(markers),
        non_figures=tuple(non_figures),
        figures=tuple(figures),
        ledger=ledger,
        headlines=tuple(builder.headlines),
        population=report_population(title, builder.headlines),
        **dollar_of(figures),
        issues=document.issues + tuple(builder.issues),
    )
