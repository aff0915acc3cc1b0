"""What each block of a PDF page is, from its geometry and type sizes alone.

Pure functions on the blocks of ``page_layout.page_blocks`` (word boxes and font sizes,
no PDF library). A block's role says how the later stages may read it:

- ``key_figure``: a number set much larger than the body text, with a small label above,
  below or beside it (a panel of a dashboard, a box of an "In Numbers" side bar);
- ``numbered_paragraph``: body text whose first word is a paragraph number ("12."), as
  the paragraphs of UN reports are numbered: the number is neither a figure nor a note;
- ``footnote``: small type in the lower part of the page opening with a mark;
- ``caption``: small type opening with a caption word ("Figure 3", "Source:");
- ``chart_label``, ``map_label``, ``legend``: short fragments in small type, where the
  page holds many of them: numbers (a chart's values and axes), words (a map's places),
  a column of short lines (a legend);
- ``heading`` and ``banner``: a few lines set larger than the body text (a banner runs
  across the top of the page);
- ``sidebar``: text in a narrow column beside a wider one;
- ``table``: a ruled table; ``body``: everything else.
"""

from __future__ import annotations

import re
import statistics

from pipeline.ingest.page_layout import Block, Line, Word, is_big_figure
from pipeline.models import BlockRole as Role
from pipeline.vocab import fold
from pipeline.vocab.typography import caption_words

SMALL_TYPE = 0.9  # type under this share of the body size is small
HEADING_TYPE = 1.15  # a heading is set at least this much larger than the body
MAX_HEADING_LINES = 3
MAX_HEADING_WORDS = 16
MAX_KEY_LABEL_WORDS = 12  # words of a key figure's label
MAX_FRAGMENT_WORDS = 6  # words of a chart or map label
MAX_FRAGMENT_LINES = 3
MIN_FRAGMENTS = 5  # small fragments on a page that make it a chart, a map or a legend
MIN_LEGEND_LINES = 3
FOOT_SHARE = 0.6  # a footnote starts below this share of the page's height
BANNER_TOP_SHARE = 0.2  # a banner lies in the top fifth of the page
BANNER_WIDTH_SHARE = 0.6  # and spans most of its width
SIDEBAR_WIDTH_SHARE = 0.35  # a side bar is at most this share of the page wide
SIDEBAR_RATIO = 1.5  # and its neighbour at least this much wider
MIN_TEXT_WORDS = 10  # words of a side bar, and of the text beside it
_PARAGRAPH_NUMBER = re.compile(r"\d{1,3}\.")
_MARK = re.compile(r"[\d⁰¹²³⁴⁵⁶⁷⁸⁹*†‡]")


def block_words(block: Block) -> list[Word]:
    if block.table is not None:
        return [w for row in block.table for cell in row for w in cell]
    return [w for line in block.lines for w in line.words]


def block_box(block: Block) -> tuple[float, float, float, float] | None:
    """(x0, top, x1, bottom) of a block's words, None for a block without words."""
    words = block_words(block)
    if not words:
        return None
    return (
        min(w.x0 for w in words),
        min(w.top for w in words),
        max(w.x1 for w in words),
        max(w.bottom for w in words),
    )


def assign_roles(blocks: list[Block], width: float, height: float, body: float) -> list[Role]:
    """The role of each of a page's blocks (``body``: the page's body text size)."""
    roles = [_own_role(block, width, height, body) for block in blocks]
    fragments = [i for i, role in enumerate(roles) if role == "body" and _fragment(blocks[i], body)]
    if len(fragments) >= MIN_FRAGMENTS:
        for index in fragments:
            roles[index] = _fragment_role(blocks[index])
    boxes = [
        block_box(block) if len(block_words(block)) >= MIN_TEXT_WORDS else None for block in blocks
    ]
    for index, role in enumerate(roles):
        if role == "body" and _beside_wider(index, boxes, width):
            roles[index] = "sidebar"
    return roles


def paragraph_number(block: Block) -> Word | None:
    """The word that numbers a numbered paragraph ("12."), or None."""
    if block.table is not None or not block.lines:
        return None
    first = block.lines[0].words[0]
    return first if _PARAGRAPH_NUMBER.fullmatch(first.text) else None


def _own_role(block: Block, width: float, height: float, body: float) -> Role:
    """A block's role from what it holds and where it stands, before its neighbours."""
    if block.table is not None:
        return "table"
    words = block_words(block)
    size = statistics.median(w.size for w in words)
    top = min(w.top for w in words)
    if _key_figure(block.lines, body):
        return "key_figure"
    if paragraph_number(block) is not None and size >= SMALL_TYPE * body and len(words) > 3:
        return "numbered_paragraph"
    first = block.lines[0].words[0].text
    if size < SMALL_TYPE * body:
        if top >= FOOT_SHARE * height and _MARK.match(first):
            return "footnote"
        if fold(first.rstrip(":.")) in caption_words():
            return "caption"
    if size >= HEADING_TYPE * body and _heading_shaped(block.lines, words):
        x0, x1 = min(w.x0 for w in words), max(w.x1 for w in words)
        banner = top < BANNER_TOP_SHARE * height and x1 - x0 >= BANNER_WIDTH_SHARE * width
        return "banner" if banner else "heading"
    return "body"


def _heading_shaped(lines: list[Line], words: list[Word]) -> bool:
    text = "".join(w.text for w in words)
    letters = sum(c.isalpha() for c in text)
    return len(lines) <= MAX_HEADING_LINES and len(words) <= MAX_HEADING_WORDS and letters > 0


def _key_figure(lines: list[Line], body: float) -> bool:
    """One line of a large number, the other lines a short label in smaller type."""
    big = [line for line in lines if is_big_figure(line, body)]
    if len(big) != 1:
        return False
    label = [w for line in lines if line is not big[0] for w in line.words]
    return 0 < len(label) <= MAX_KEY_LABEL_WORDS and all(w.size < big[0].size for w in label)


def _fragment(block: Block, body: float) -> bool:
    """A short piece of small type: a label of a chart or a map, a line of a legend."""
    words = block_words(block)
    if len(block.lines) > MAX_FRAGMENT_LINES and not _legend_shaped(block):
        return False
    if len(block.lines) <= MAX_FRAGMENT_LINES and len(words) > MAX_FRAGMENT_WORDS:
        return False
    return statistics.median(w.size for w in words) < SMALL_TYPE * body


def _legend_shaped(block: Block) -> bool:
    """Short lines starting at one left edge, none ending a sentence."""
    lines = block.lines
    if len(lines) < MIN_LEGEND_LINES:
        return False
    short = all(len(line.words) <= MAX_FRAGMENT_WORDS // 2 for line in lines)
    lefts = [line.x0 for line in lines]
    aligned = max(lefts) - min(lefts) <= statistics.median(line.size for line in lines)
    return short and aligned and not any(line.words[-1].text.endswith(".") for line in lines)


def _fragment_role(block: Block) -> Role:
    if _legend_shaped(block):
        return "legend"
    text = "".join(w.text for w in block_words(block))
    digits = sum(c.isdigit() for c in text)
    letters = sum(c.isalpha() for c in text)
    return "chart_label" if digits >= letters else "map_label"


def _beside_wider(
    index: int, boxes: list[tuple[float, float, float, float] | None], width: float
) -> bool:
    """A narrow block with a much wider block beside it, at the same height."""
    box = boxes[index]
    if box is None or box[2] - box[0] > SIDEBAR_WIDTH_SHARE * width:
        return False
    for other_index, other in enumerate(boxes):
        if other is None or other_index == index:
            continue
        side_by_side = other[0] >= box[2] or other[2] <= box[0]
        same_height = min(box[3], other[3]) - max(box[1], other[1]) > 0
        wider = other[2] - other[0] >= SIDEBAR_RATIO * (box[2] - box[0])
        if side_by_side and same_height and wider:
            return True
    return False
