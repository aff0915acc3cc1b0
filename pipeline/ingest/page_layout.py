"""Reading order for the words of a PDF page: blocks, lines and key-figure pairs.

Pure geometry on word boxes; the PDF library stays in ``ingest/pdf.py``. A page is cut
recursively (XY-cut): first at vertical gutters that run the full height of the region
(columns are read one after the other, never line by line across), then at horizontal
gaps (paragraphs, panels). Words of a block are grouped into lines by vertical overlap.

Smaller glyphs raised above a line (footnote marks) are kept as superscript characters,
so a mark never glues onto a number ("2021" and its note "2" stay "2021²"). A large
number set apart from its label (a key-figure panel) is emitted right after the label
nearest to it, above or below, so a label always comes before its number.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field, replace

SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
SMALL_GLYPH = 0.9  # a raised glyph under this share of the line's size is a superscript
BIG_FIGURE = 1.4  # a figure this much larger than the page's body text is a key figure
MIN_GUTTER = 7.0  # points
GUTTER_SIZE_SHARE = 0.9  # a gutter is at least this share of the text size wide
TAB_GAP_SHARE = 1.6  # a gap inside a line this many times the text size becomes a tab
FRAME_SHARE = 2 / 3  # a "table" whose one cell holds this share of its words is a frame
MAX_KEY_LABEL_LINES = 4  # lines of a key figure's label, above and below it


@dataclass(frozen=True)
class Word:
    """A word of a page as the PDF's text layer has it, with its box and font size."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    tail_superscript: str = ""  # trailing smaller raised digits ("RESPONSE" + "1")
    edges: tuple[float, ...] = ()  # x of each glyph's left edge, then the last right edge

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class Line:
    words: list[Word] = field(default_factory=list)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def size(self) -> float:
        return statistics.median(w.size for w in self.words)


@dataclass
class Block:
    lines: list[Line]
    table: list[list[list[Word]]] | None = None  # rows of cells of words, for a table


def split_superscript(text: str, sizes: list[float], bottoms: list[float]) -> tuple[str, str]:
    """(base, trailing superscript digits) of a word from its glyph sizes and baselines."""
    if len(text) != len(sizes) or len(text) < 2:
        return text, ""
    base_size = max(sizes)
    index = len(text)
    while (
        index > 1
        and text[index - 1].isdigit()
        and sizes[index - 1] < SMALL_GLYPH * base_size
        and bottoms[index - 1] < max(bottoms) - 0.5
    ):
        index -= 1
    if index == len(text) or not any(c.isalpha() or c.isdigit() for c in text[:index]):
        return text, ""
    return text[:index], text[index:]


def page_blocks(
    words: list[Word],
    tables: list[tuple[tuple[float, float, float, float], list[list[list[Word]]]]],
) -> list[Block]:
    """The page's blocks in reading order: text blocks from an XY-cut, tables whole.

    Each table enters the XY-cut as one box the size of its frame, so it takes its place
    among the columns and bands of text. Words in no table cell are read as text, even
    inside a table's frame."""
    tables = [(box, rows) for box, rows in tables if not is_frame(rows)]
    in_cells = {id(w) for _, rows in tables for row in rows for cell in row for w in cell}
    free = [w for w in words if id(w) not in in_cells]
    body = body_size(words)
    frame_words = [Word("", *box, body) for box, _ in tables]
    frames = {id(frame): rows for frame, (_, rows) in zip(frame_words, tables, strict=True)}
    blocks: list[Block] = []
    for group in xy_cut(free + frame_words):
        inside = [w for w in group if id(w) in frames]
        text = [w for w in group if id(w) not in frames]
        for frame in sorted(inside, key=lambda w: w.top):
            above = [w for w in text if w.bottom <= frame.top]
            text = [w for w in text if w.bottom > frame.top]
            blocks.extend(_text_block(above, body))
            blocks.append(Block(lines=[], table=frames[id(frame)]))
        blocks.extend(_text_block(text, body))
    return blocks


def is_frame(rows: list[list[list[Word]]]) -> bool:
    """A ruled frame around a page's layout, not a table: one cell holds most of its words,
    laid out in columns of their own (a dashboard slide inside a frame of rules)."""
    cells = [cell for row in rows for cell in row]
    total = sum(len(cell) for cell in cells)
    largest = max(cells, key=len, default=[])
    return (
        total > 0
        and len(largest) >= FRAME_SHARE * total
        and len(xy_cut(largest)) > 1
        and _columns(largest, _gutter(largest)) > 1
    )


def _text_block(words: list[Word], body: float) -> list[Block]:
    lines = group_lines(words)
    return [Block(_label_before_figure(lines, body))] if lines else []


# --- XY-cut --------------------------------------------------------------------------------


def xy_cut(
    words: list[Word], min_gutter: float | None = None, lines_only: bool = True
) -> list[list[Word]]:
    """Groups of words in reading order: columns first, then bands top to bottom."""
    if len(words) <= 1:
        return [words] if words else []
    gutter = min_gutter if min_gutter is not None else _gutter(words)
    if not (lines_only and _one_line(words)):
        columns = _split(words, gutter, vertical=True)
        if len(columns) > 1:
            return [group for column in columns for group in xy_cut(column, min_gutter, lines_only)]
    bands = _split(words, _band_gap(words), vertical=False)
    if len(bands) > 1:
        regions = _merge_column_bands(bands, gutter)
        return [group for region in regions for group in xy_cut(region, min_gutter, lines_only)]
    return [words]


def _merge_column_bands(bands: list[list[Word]], gutter: float) -> list[list[Word]]:
    """A band joins the region above it when the region has columns and the band bridges
    none of its gutters, so a grid of panels or two columns of text (and a column's last
    lines that stand alone) are read column by column, not band by band."""
    regions: list[list[Word]] = [bands[0]]
    for band in bands[1:]:
        current = regions[-1]
        columns = _columns(current, gutter)
        if columns > 1 and _columns(current + band, gutter) >= columns:
            regions[-1] = current + band
        else:
            regions.append(band)
    return regions


def _columns(words: list[Word], gutter: float) -> int:
    return len(_split(words, gutter, vertical=True))


def _gutter(words: list[Word]) -> float:
    return max(MIN_GUTTER, GUTTER_SIZE_SHARE * statistics.median(w.size for w in words))


def _band_gap(words: list[Word]) -> float:
    return max(2.5, 0.45 * statistics.median(w.height for w in words))


def _one_line(words: list[Word]) -> bool:
    top = max(w.top for w in words)
    bottom = min(w.bottom for w in words)
    return bottom - top > 0.3 * min(w.height for w in words)


def _split(words: list[Word], gap: float, vertical: bool) -> list[list[Word]]:
    """Words split at every gap at least ``gap`` wide that no word crosses."""

    def span(w: Word) -> tuple[float, float]:
        return (w.x0, w.x1) if vertical else (w.top, w.bottom)

    ordered = sorted(words, key=lambda w: span(w)[0])
    groups: list[list[Word]] = [[ordered[0]]]
    reach = span(ordered[0])[1]
    for word in ordered[1:]:
        start, end = span(word)
        if start - reach >= gap:
            groups.append([word])
        else:
            groups[-1].append(word)
        reach = max(reach, end)
    return groups


# --- lines ---------------------------------------------------------------------------------


def group_lines(words: list[Word]) -> list[Line]:
    """Words grouped into lines by vertical overlap, each line read left to right; a
    small raised word joins the line it sits on."""
    lines: list[Line] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        home = next((line for line in lines if _on_line(word, line)), None)
        if home is None:
            lines.append(Line([word]))
        else:
            home.words.append(word)
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
    return sorted(lines, key=lambda line: (line.top, line.x0))


def _on_line(word: Word, line: Line) -> bool:
    overlap = min(word.bottom, line.bottom) - max(word.top, line.top)
    return overlap > 0.5 * min(word.height, line.bottom - line.top) or (
        is_raised(word, line) and overlap > 0
    )


def is_raised(word: Word, line: Line) -> bool:
    """A small word whose baseline sits above the line's: a footnote mark."""
    return word.size < SMALL_GLYPH * line.size and word.bottom < line.bottom - 0.3 * word.height


def word_text(word: Word) -> str:
    """A word as written into the text, its trailing footnote mark as superscript."""
    return word.text + word.tail_superscript.translate(SUPERSCRIPT)


def line_text(line: Line) -> list[tuple[str, Word, str]]:
    """(text to emit, word, separator before it) for each word of the line."""
    out: list[tuple[str, Word, str]] = []
    previous: Word | None = None
    for word in line.words:
        raised = is_raised(word, line) and word.text.isdigit()
        text = word_text(word).translate(SUPERSCRIPT) if raised else word_text(word)
        if previous is None or (raised and word.x0 - previous.x1 < 2.0):
            separator = ""
        elif word.x0 - previous.x1 > TAB_GAP_SHARE * max(line.size, 6.0):
            separator = "\t"
        else:
            separator = " "
        out.append((text, word, separator))
        previous = word
    return out


# --- key figures ----------------------------------------------------------------------------


def body_size(words: list[Word]) -> float:
    """The page's body text size: the median size of its words."""
    return statistics.median(w.size for w in words) if words else 10.0


def is_big_figure(line: Line, body: float) -> bool:
    """A line of a number set much larger than the page's body text."""
    text = "".join(w.text for w in line.words)
    digits = sum(c.isdigit() for c in text)
    return line.size >= BIG_FIGURE * body and digits >= max(1, len(text) // 2)


def _label_before_figure(lines: list[Line], body: float) -> list[Line]:
    """A key figure whose nearest label is below it moves after that label; a block that
    is one key figure and its label, above and below it, reads label, then figure."""
    boxed = _boxed_key_figure(lines, body)
    if boxed is not None:
        return boxed
    result = list(lines)
    index = 0
    while index < len(result):
        line = result[index]
        if is_big_figure(line, body) and index + 1 < len(result):
            below = result[index + 1]
            gap_below = below.top - line.bottom
            gap_above = line.top - result[index - 1].bottom if index > 0 else float("inf")
            if not is_big_figure(below, body) and gap_below < gap_above and _overlaps(line, below):
                end = index + 1
                while (
                    end + 1 < len(result)
                    and not is_big_figure(result[end + 1], body)
                    and result[end + 1].top - result[end].bottom <= gap_below + 1
                ):
                    end += 1
                result[index : end + 1] = [*result[index + 1 : end + 1], line]
                index = end + 1
                continue
        index += 1
    return result


def _boxed_key_figure(lines: list[Line], body: float) -> list[Line] | None:
    """The lines of a key-figure box (one large number, a label of a few short lines
    in smaller type above and below it, each overlapping it) with the figure last."""
    big = [line for line in lines if is_big_figure(line, body)]
    if len(big) != 1 or not 1 < len(lines) <= MAX_KEY_LABEL_LINES + 1:
        return None
    figure = big[0]
    labels = [line for line in lines if line is not figure]
    above = any(line.bottom <= figure.top for line in labels)
    below = any(line.top >= figure.bottom for line in labels)
    if not (above and below) or not all(
        line.size < figure.size and _overlaps(line, figure) for line in labels
    ):
        return None
    return [*labels, figure]


def _overlaps(a: Line, b: Line) -> bool:
    return min(a.x1, b.x1) - max(a.x0, b.x0) > 0


def with_superscript(word: Word, sizes: list[float], bottoms: list[float]) -> Word:
    base, tail = split_superscript(word.text, sizes, bottoms)
    return replace(word, text=base, tail_superscript=tail) if tail else word
