"""PDF pages to PNG images for the review page.

``ingest/pdfium.py`` draws each page's crop box, as a PDF viewer shows it, and says where
the image's top left corner lies in the frame of the record boxes: (0, 0) on the usual
page, elsewhere when the media box does not start at the origin or the page is cropped.
Here each drawing becomes a small PNG.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

from PIL import Image

from pipeline.ingest.pdfium import Rendering
from pipeline.ingest.pdfium import render_pages as draw_pages
from pipeline.tools.review.model import PageImage

SCALE = 1.5  # 108 dpi: a page about 900 pixels wide, small print still legible
COLOURS = 256  # a palette PNG: a third of the bytes of full colour, text as sharp


def render_pages(
    path: Path, scale: float = SCALE, numbers: range | None = None
) -> Iterator[PageImage]:
    """Each page of the PDF at ``path`` (of the page ``numbers``, default all) as a PNG,
    in page order."""
    return (_png(drawn) for drawn in draw_pages(path, scale, numbers))


def _png(drawn: Rendering) -> PageImage:
    buffer = io.BytesIO()
    drawn.image.quantize(COLOURS, method=Image.Quantize.FASTOCTREE).save(buffer, format="PNG")
    return PageImage(
        number=drawn.number,
        left=round(drawn.left, 2),
        top=round(drawn.top, 2),
        width=round(drawn.width, 2),
        height=round(drawn.height, 2),
        png=buffer.getvalue(),
    )
