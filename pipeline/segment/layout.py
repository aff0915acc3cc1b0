"""What the roles of a PDF's blocks (``ingest/roles.py``) tell the segment stage.

A block read on its own (a key-figure box, a chart's or a map's labels, a legend, a
caption, a footnote) starts a unit where it starts, and the block
after it starts one too: no sentence, panel label or place runs into it or out of it. A
numbered paragraph's number ("12.") is the paragraph's, neither a figure nor a note.
Headings, banners and side bars are not cut apart here: the unit cutter already reads a
heading from its words, and a side bar's table or panel is read across its blocks.
"""

from __future__ import annotations

from pipeline.models import BlockRole, LayoutBlock

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
