"""pipeline review: a page for checking a document's published records against the
report they were read from.

    load    (``load.py``)    output tables + report file -> ``Review`` (``model.py``)
    render  (``render.py``)  PDF pages -> PNG images (drawn by ``ingest/pdfium.py``)
    html    (``html.py``)    ``Review`` -> one self-contained HTML page (jinja2);
                             the batch's summaries -> an index page
"""

from __future__ import annotations

from pipeline.tools.review.html import index_html, review_html
from pipeline.tools.review.load import (
    PAGES_PER_FILE,
    Output,
    batch_sources,
    find_source,
    load_review,
    read_output,
    review_parts,
)
from pipeline.tools.review.model import DocumentSummary, Review

__all__ = [
    "PAGES_PER_FILE",
    "DocumentSummary",
    "Output",
    "Review",
    "batch_sources",
    "find_source",
    "index_html",
    "load_review",
    "read_output",
    "review_html",
    "review_parts",
]
