"""PDF pages through PDFium: the only module that uses pypdfium2.

PDFium (C++) reads a page's text layer and vector paths far faster than pdfminer, so
the pipeline takes from it, for each page, every glyph (its character, box and font
size) and every axis-parallel segment of the page's paths (table rulings, cell
backgrounds). Coordinates are put in pdfplumber's frame (points, y growing down the
page), so boxes are the same whichever library reads a page. The review page's images
are rendered here too, with where each image lies in that frame.

A document is opened once and its pages are read one at a time and closed, so memory
does not grow with the page count.
"""

from __future__ import annotations

import ctypes
import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import pypdfium2 as pdfium
import pypdfium2.raw as raw
from pdfminer.fontmetrics import FONT_METRICS  # the 14 standard fonts' metrics (data)

from pipeline.errors import CorruptInput, EncryptedInput
from pipeline.ingest.limits import check_content
from pipeline.ingest.words import TOLERANCE  # glyphs whose tops differ less are on one line

if TYPE_CHECKING:
    from PIL import Image

GENERATED = 1  # FPDFText_IsGenerated: a space or line break PDFium inferred, not in the file
# what PDFium's own markers stand for (U+0002: a hyphen at a line end; U+FFFE: unknown)
_MARKERS = {0x02: "-", 0xFFFE: ""}
_PASSWORD_ERRORS = (raw.FPDF_ERR_PASSWORD, raw.FPDF_ERR_SECURITY)
_FORM = raw.FPDF_PAGEOBJ_FORM
_PATH = raw.FPDF_PAGEOBJ_PATH
_TEXT = raw.FPDF_PAGEOBJ_TEXT
_BEZIER = raw.FPDF_SEGMENT_BEZIERTO
_MOVE = raw.FPDF_SEGMENT_MOVETO
WORD_SPACE = 0.15  # an inferred space between glyphs this share of an em apart is real
MAX_PATH_SEGMENTS = 20_000  # a page's paths beyond this are drawings (maps), not rulings
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Glyph:
    """One character of the text layer, boxed like pdfminer boxes it (font-size high)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    upright: bool


@dataclass(frozen=True, slots=True)
class Segment:
    """An axis-parallel stretch of a path (zero height: horizontal, zero width: vertical)."""

    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(frozen=True, slots=True)
class PageContent:
    number: int  # 1-based
    width: float
    height: float
    glyphs: list[Glyph]
    segments: list[Segment]


@dataclass(frozen=True, slots=True)
class Rendering:
    """A page drawn as PDF viewers show it (its crop box), and where the image's top left
    corner lies in the frame of the page's glyphs, in points."""

    number: int  # 1-based
    image: Image.Image
    left: float
    top: float
    width: float
    height: float


class PdfFile:
    """An open PDF whose pages are read (or drawn) one by one."""

    def __init__(self, document: pdfium.PdfDocument, name: str) -> None:
        self._document = document
        self._name = name  # the file's name, for errors

    def __len__(self) -> int:
        return len(self._document)

    def pages(self) -> Iterator[PageContent]:
        return self._each(_read_page)

    def renderings(self, scale: float, numbers: range | None = None) -> Iterator[Rendering]:
        return self._each(lambda number, page: _render(number, page, scale), numbers)

    def _each(
        self, read: Callable[[int, pdfium.PdfPage], T], numbers: range | None = None
    ) -> Iterator[T]:
        """``read`` on each page (of the 1-based page ``numbers``, default all), in order."""
        every = range(1, len(self._document) + 1)
        for index in (n - 1 for n in (numbers or every) if n in every):
            page = self._page(index)
            try:
                yield read(index + 1, page)
            finally:
                page.close()

    def _page(self, index: int) -> pdfium.PdfPage:
        """The page at ``index``; a page PDFium cannot find or load (a page tree that loops
        back on itself, a missing page object) makes the file corrupt."""
        try:
            return self._document[index]
        except pdfium.PdfiumError as exc:
            raise CorruptInput(
                self._name,
                f"page {index + 1} of {len(self._document)} cannot be loaded (a broken page "
                "tree: one that loops back on itself, or a missing page)",
                "repair it (qpdf in.pdf out.pdf) or re-export it, then run it again",
            ) from exc


@contextmanager
def open_pdf(path: Path) -> Iterator[PdfFile]:
    """Open the PDF at ``path``; an unreadable or encrypted file raises an InputError."""
    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) in _PASSWORD_ERRORS:
            raise EncryptedInput(
                path.name,
                "the PDF is encrypted",
                "give an unencrypted copy (qpdf --decrypt in.pdf out.pdf)",
            ) from exc
        raise CorruptInput(
            path.name,
            f"the file cannot be read as a PDF ({exc})",
            "check that it is a complete PDF; re-export or re-download it",
        ) from exc
    try:
        yield PdfFile(document, path.name)
    finally:
        document.close()


def _read_page(number: int, page: pdfium.PdfPage) -> PageContent:
    # top = (media box height) - PDFium's y puts glyphs and rulings where pdfplumber puts
    # them, also where the media box does not start at 0 (checked on the corpus)
    left, bottom, right, top = page.get_mediabox()
    width, height = right - left, top - bottom
    textpage = page.get_textpage()
    try:
        glyphs = _glyphs(textpage, height)
        objects = _Objects(textpage.raw, height)
        objects.walk(page.raw, None, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0))
    finally:
        textpage.close()
    return PageContent(number, width, height, glyphs + objects.spaces, objects.segments)


def _glyphs(textpage: pdfium.PdfTextPage, top: float) -> list[Glyph]:
    """The page's glyphs in the file's order, spaces as " " separators.

    A glyph's box runs from its font's descent below the baseline to one font size above
    that, as pdfminer draws it. PDFium replaces some spaces of the file by spaces it
    infers (at text-object breaks); an inferred space is kept where the glyphs around it
    stand apart (a word space), not where they touch (a word split across objects)."""
    handle = textpage.raw
    rect, matrix = raw.FS_RECTF(), raw.FS_MATRIX()
    x, y, out = ctypes.c_double(), ctypes.c_double(), ctypes.c_float()
    descents: dict[tuple[int | None, float], float] = {}
    glyphs: list[Glyph] = []
    inferred = False  # an inferred space waits for the next glyph to be judged
    for index in range(raw.FPDFText_CountChars(handle)):
        code = raw.FPDFText_GetUnicode(handle, index)
        text = _MARKERS[code] if code in _MARKERS else chr(code)
        if not text:
            continue
        if raw.FPDFText_IsGenerated(handle, index) == GENERATED:
            inferred = True
            continue
        if text.isspace():
            _separate(glyphs)
            continue
        raw.FPDFText_GetLooseCharBox(handle, index, rect)
        raw.FPDFText_GetMatrix(handle, index, matrix)  # the font size may sit in the matrix
        size = raw.FPDFText_GetFontSize(handle, index) * math.hypot(matrix.c, matrix.d)
        if _upright(matrix.a, matrix.b, matrix.c, matrix.d):
            obj = raw.FPDFText_GetTextObject(handle, index)
            key = (ctypes.cast(obj, ctypes.c_void_p).value, size)
            if key not in descents:
                descents[key] = _descent(raw.FPDFTextObj_GetFont(obj), size, out)
            raw.FPDFText_GetCharOrigin(handle, index, x, y)
            low = y.value + descents[key]
            start = x.value  # the origin, not the ink: pdfminer's left edge
            glyph = Glyph(
                text, start, top - low - size, max(rect.right, start), top - low, size, True
            )
        else:
            glyph = Glyph(
                text, rect.left, top - rect.top, rect.right, top - rect.bottom, size, False
            )
        if inferred and glyphs and _apart(glyphs[-1], glyph):
            _separate(glyphs)
        inferred = False
        glyphs.append(glyph)
    return glyphs


def _upright(a: float, b: float, c: float, d: float) -> bool:
    """Whether text drawn with this matrix reads left to right, as pdfminer decides it."""
    return a * d > 0 and b * c <= 0


def _apart(last: Glyph, glyph: Glyph) -> bool:
    if not (last.upright and glyph.upright) or abs(glyph.top - last.top) > TOLERANCE:
        return True
    return glyph.x0 - last.x1 >= WORD_SPACE * max(glyph.size, last.size)


def _separate(glyphs: list[Glyph]) -> None:
    """A space after the last glyph, on its line (it only separates words)."""
    if glyphs and glyphs[-1].text != " ":
        last = glyphs[-1]
        glyphs.append(Glyph(" ", last.x1, last.top, last.x1, last.bottom, 0.0, last.upright))


def _descent(font: object, size: float, out: ctypes.c_float) -> float:
    """How far below the baseline the font reaches at ``size`` (negative); for the 14
    standard fonts, the Adobe metrics pdfminer uses rather than PDFium's stand-in font."""
    if not font:
        return 0.0
    buffer = ctypes.create_string_buffer(128)
    length = raw.FPDFFont_GetBaseFontName(font, buffer, len(buffer))
    name = buffer.value.decode("latin-1") if 0 < length <= len(buffer) else ""
    if name in FONT_METRICS:
        descent: float = FONT_METRICS[name][0].get("Descent", 0)  # type: ignore[assignment]
        return descent * size / 1000
    return out.value if raw.FPDFFont_GetDescent(font, ctypes.c_float(size), out) else 0.0


Matrix = tuple[float, float, float, float, float, float]


def _multiply(inner: Matrix, outer: Matrix) -> Matrix:
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (
        a * A + b * C,
        a * B + b * D,
        c * A + d * C,
        c * B + d * D,
        e * A + f * C + E,
        e * B + f * D + F,
    )


class _Objects:
    """What the page's objects (inside forms too) add to its text layer: the segments of
    its paths, and the spaces PDFium's text page leaves out (a space drawn as its own
    text object overlapping its neighbours), which pdfminer keeps and which part words."""

    def __init__(self, textpage: object, height: float) -> None:
        self.textpage = textpage
        self.height = height
        self.segments: list[Segment] = []
        self.spaces: list[Glyph] = []
        self.budget = MAX_PATH_SEGMENTS

    def walk(self, page: object, form: object | None, outer: Matrix) -> None:
        if form is None:
            count, get, owner = raw.FPDFPage_CountObjects(page), raw.FPDFPage_GetObject, page
        else:
            count, get, owner = raw.FPDFFormObj_CountObjects(form), raw.FPDFFormObj_GetObject, form
        matrix = raw.FS_MATRIX()
        for index in range(count):
            obj = get(owner, index)
            kind = raw.FPDFPageObj_GetType(obj)
            if kind not in (_PATH, _FORM, _TEXT):
                continue
            raw.FPDFPageObj_GetMatrix(obj, matrix)
            own = _multiply((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), outer)
            if kind == _FORM:
                self.walk(page, obj, own)
            elif kind == _TEXT:
                self._space(obj, own)
            elif self.budget > 0:
                self.budget -= _path_segments(obj, own, self.height, self.segments)

    def _space(self, obj: object, m: Matrix) -> None:
        """A text object with no text left in PDFium's text page held a space it dropped."""
        if raw.FPDFTextObj_GetText(obj, self.textpage, None, 0) > 2:  # not only a terminator
            return
        size = ctypes.c_float()
        if not _upright(*m[:4]) or not raw.FPDFTextObj_GetFontSize(obj, size):
            return
        em = size.value * math.hypot(m[2], m[3])
        baseline = self.height - m[5]
        self.spaces.append(
            Glyph(" ", m[4], baseline - 0.8 * em, m[4], baseline + 0.2 * em, 0.0, True)
        )


def _path_segments(obj: object, m: Matrix, top: float, segments: list[Segment]) -> int:
    """Add the path's axis-parallel segments; returns how many segments it has."""
    count = raw.FPDFPath_CountSegments(obj)
    x, y = ctypes.c_float(), ctypes.c_float()
    points: list[tuple[float, float, bool]] = []  # (x, y, starts a subpath)
    closes: list[bool] = []
    curve = 0  # a Bézier curve is three points: two control points, then where it ends
    for index in range(count):
        segment = raw.FPDFPath_GetPathSegment(obj, index)
        kind = raw.FPDFPathSegment_GetType(segment)
        curve = curve + 1 if kind == _BEZIER else 0
        if curve % 3 in (1, 2):  # a control point: pdfminer keeps only the end
            continue
        raw.FPDFPathSegment_GetPoint(segment, x, y)
        px = m[0] * x.value + m[2] * y.value + m[4]
        py = top - (m[1] * x.value + m[3] * y.value + m[5])
        points.append((px, py, kind == _MOVE))
        closes.append(bool(raw.FPDFPathSegment_GetClose(segment)))
    start = 0
    for index in range(1, len(points) + 1):
        if index == len(points) or points[index][2]:
            _subpath(points[start:index], closes[index - 1], segments)
            start = index
    return count


def _subpath(
    points: list[tuple[float, float, bool]], closed: bool, segments: list[Segment]
) -> None:
    if closed and len(points) > 2:
        points = [*points, points[0]]
    for (x0, y0, _), (x1, y1, _) in pairwise(points):
        if x0 == x1 or y0 == y1:
            segments.append(Segment(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)))


def render_pages(path: Path, scale: float, numbers: range | None = None) -> Iterator[Rendering]:
    """Each page of the PDF at ``path`` (of the 1-based page ``numbers``, default all)
    drawn at ``scale`` (1: 72 dpi), in page order."""
    with open_pdf(path) as pdf:
        check_content(path)  # what reading the text would refuse is not drawn either
        yield from pdf.renderings(scale, numbers)


def page_count(path: Path) -> int:
    """How many pages the PDF at ``path`` has."""
    with open_pdf(path) as pdf:
        return len(pdf)


def _render(number: int, page: pdfium.PdfPage, scale: float) -> Rendering:
    width, height = page.get_size()
    left, top = _crop_corner(page)
    image = page.render(scale=scale, may_draw_forms=True).to_pil()
    return Rendering(number, image, left, top, width, height)


def _crop_corner(page: pdfium.PdfPage) -> tuple[float, float]:
    """Where the crop box's top left corner lies in the glyphs' frame. A rotated page is
    taken to start at (0, 0) (no page of the corpus is rotated)."""
    if page.get_rotation():
        return 0.0, 0.0
    _, media_bottom, _, media_top = page.get_mediabox()
    crop_left, _, _, crop_top = page.get_cropbox()
    return crop_left, (media_top - media_bottom) - crop_top
