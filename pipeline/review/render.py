"""PDF pages to PNG images for the review page: the only module that uses pypdfium2.

pdfium draws each page's crop box, as a PDF viewer shows it. Record boxes are in
pdfplumber's frame: x as in the PDF, and top = (media box height) - y. So each image
says where its crop box's top left corner lies in that frame: (0, 0) on the usual page,
elsewhere when the media box does not start at the origin or the page is cropped.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

from ..errors import CorruptInput
from .model import PageImage

SCALE = 1.5  # 108 dpi: a page about 900 pixels wide, small print still legible
COLOURS = 256  # a palette PNG: a third of the bytes of full colour, text as sharp


def render_pages(path: Path, scale: float = SCALE) -> Iterator[PageImage]:
    """Each page of the PDF at ``path`` as a PNG, in page order."""
    try:
        document = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        raise CorruptInput(
            path.name,
            f"the PDF cannot be rendered ({exc})",
            "check that it is the file that was extracted",
        ) from exc
    try:
        for index in range(len(document)):
            page = document[index]
            try:
                yield _render(page, index + 1, scale)
            finally:
                page.close()
    finally:
        document.close()


def _render(page: pdfium.PdfPage, number: int, scale: float) -> PageImage:
    width, height = page.get_size()
    left, top = _crop_offset(page)
    image = page.render(scale=scale, may_draw_forms=True).to_pil()
    buffer = io.BytesIO()
    image.quantize(COLOURS, method=Image.Quantize.FASTOCTREE).save(buffer, format="PNG")
    return PageImage(
        number=number,
        left=round(left, 2),
        top=round(top, 2),
        width=round(width, 2),
        height=round(height, 2),
        png=buffer.getvalue(),
    )


def _crop_offset(page: pdfium.PdfPage) -> tuple[float, float]:
    """Where the crop box's top left corner lies in pdfplumber's frame, in points. A
    rotated page is taken to start at (0, 0) (no page of the corpus is rotated)."""
    if page.get_rotation():
        return 0.0, 0.0
    _, media_bottom, _, media_top = page.get_mediabox()
    crop_left, _, _, crop_top = page.get_cropbox()
    return crop_left, (media_top - media_bottom) - crop_top
