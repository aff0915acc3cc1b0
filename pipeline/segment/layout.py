"""What the roles of a PDF's blocks (``ingest/roles.py``) tell the segment stage.

A block read on its own (a key-figure box, a chart's or a map's labels, a legend, a
caption, a footnote) starts a unit where it starts, and the block
after it starts one too: no sentence, panel label or place runs into it or out of it. A
numbered paragraph's number ("12.") is the paragraph's, neither a figure nor a note.
A heading block set in larger type, with no figure in it, is a heading whatever its
words ("Justice for children"): it opens a section, so the figures after it never
inherit the sector before it. Banners and side bars are not cut apart: a side bar's
table or panel, and a banner's amount and its label, are read across their blocks.
"""

from __future__ import annotations

from pipeline.models import BlockRole, LayoutBlock

MAX_HEADING_WORDS = 10
MIN_WORD_LETTERS = 3  # a heading has a word; "f" alone is an icon's glyph

ISOLATED: frozenset[BlockRole] = frozenset(
    {
        "key_figure",
        "caption",
        "chart_label",
        "map_label",
        "legend",
        "footnote",
    }
)


def block_breaks(blocks: tuple[LayoutBlock, ...]) -> frozenset[int]:
    """Offsets at which a unit must start: where an isolated block starts, and where the
    block after it starts."""
    breaks: set[int] = set()
    for index, block in enumerate(blocks):
        if block.role in ISOLATED:
            breaks.add(block.start)
            if index + 1 < len(blocks):
                breaks.add(blocks[index + 1].start)
    return frozenset(breaks)


def paragraph_numbers(blocks: tuple[LayoutBlock, ...]) -> list[tuple[int, int]]:
    """(start, end) of the number of each numbered paragraph."""
    return [
        (block.start, block.marker_end)
        for block in blocks
        if block.role == "numbered_paragraph" and block.marker_end is not None
    ]


def heading_spans(blocks: tuple[LayoutBlock, ...], text: str) -> list[tuple[int, int]]:
    """(start, end) of each heading block that holds words only: a heading by its type,
    whatever its words. One with a figure ("USD 18 million required") is a key figure's
    or a banner's, read with its neighbours."""
    spans = []
    for block in blocks:
        printed = text[block.start : block.end]
        words = printed.split()
        if (
            block.role == "heading"
            and len(words) <= MAX_HEADING_WORDS
            and any(sum(c.isalpha() for c in w) >= MIN_WORD_LETTERS for w in words)
            and not any(c.isdigit() for c in printed)
        ):
            spans.append((block.start, block.end))
    return spans
