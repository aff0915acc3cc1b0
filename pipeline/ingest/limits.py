"""How much content a PDF's pages decode to, measured before PDFium decodes any of it.

PDFium inflates a page's content streams (and the forms the page draws) into memory
when it loads the page, whatever their size: a decompression bomb (a 1 MB file whose
content inflates to 1 GiB) took 2.3 GB. So before the pages are read, each page's
streams are found with pdfminer's object parser (objects only, no layout) and inflated
here piece by piece, counting the bytes and keeping none, until a limit is passed:

- ``MAX_PAGE_CONTENT``: the decoded content of one page (its content streams and the
  forms it draws);
- ``MAX_DOCUMENT_CONTENT``: the decoded content of every page together (a form drawn on
  many pages counts on each: PDFium decodes it for each).

Over either, the file is refused with ``ResourceLimit`` (``resource-limit``). Images are
not counted: reading text never decodes them. The check is a safeguard, not a reader: a
file pdfminer cannot parse is left to PDFium, which says what is wrong with it.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from typing import Any

from pdfminer.ascii85 import ascii85decode, asciihexdecode
from pdfminer.lzw import LZWDecoder
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import (
    LITERALS_ASCII85_DECODE,
    LITERALS_ASCIIHEX_DECODE,
    LITERALS_FLATE_DECODE,
    LITERALS_LZW_DECODE,
    LITERALS_RUNLENGTH_DECODE,
    PDFStream,
    resolve1,
)
from pdfminer.psparser import LIT
from pdfminer.runlength import rldecode

from pipeline.errors import ResourceLimit

MIB = 1 << 20
MAX_PAGE_CONTENT = 64 * MIB  # decoded content of one page
MAX_DOCUMENT_CONTENT = 1024 * MIB  # decoded content of all pages together
_PIECE = MIB  # streams are inflated this much at a time
_FORM = LIT("Form")


def check_content(
    path: Path, page_limit: int = MAX_PAGE_CONTENT, document_limit: int | None = None
) -> None:
    """Raise ``ResourceLimit`` if a page of the PDF at ``path`` decodes to more than
    ``page_limit`` bytes of content, or all its pages to more than ``document_limit``
    (``MAX_DOCUMENT_CONTENT`` when None; ``pipeline run --max-content``)."""
    document_limit = MAX_DOCUMENT_CONTENT if document_limit is None else document_limit
    page_limit = min(page_limit, document_limit)
    total = 0
    sizes: dict[Any, int] = {}  # a stream's decoded size, by object (forms recur)
    for number, streams in enumerate(_page_streams(path), start=1):
        page = 0
        for stream in streams:
            page += _decoded_size(stream, page_limit - page, sizes)
            if page > page_limit:
                raise _refused(path, f"page {number} decodes to more than", page_limit)
        total += page
        if total > document_limit:
            raise _refused(path, f"its first {number} pages decode to more than", document_limit)


def _refused(path: Path, what: str, limit: int) -> ResourceLimit:
    return ResourceLimit(
        path.name,
        f"{what} {limit // MIB} MiB of content (a decompression bomb?), over the limit",
        "check where the file comes from; a report needs far less, so export or print it "
        "to a new PDF (or raise the limit with --max-content)",
    )


def _page_streams(path: Path) -> Iterator[list[PDFStream]]:
    """Each page's content streams and the streams of the forms it draws, in page order."""
    with path.open("rb") as file:
        try:
            document = PDFDocument(PDFParser(file))
            for page in PDFPage.create_pages(document):
                yield list(_streams(page.contents, page.resources, set()))
        except Exception:  # pdfminer's view of a damaged file: PDFium judges the file
            return


def _streams(contents: list[Any], resources: Any, seen: set[int]) -> Iterator[PDFStream]:
    for stream in contents:
        stream = resolve1(stream)
        if isinstance(stream, PDFStream):
            yield stream
    objects = resolve1((resolve1(resources) or {}).get("XObject")) or {}
    for reference in objects.values():
        form = resolve1(reference)
        if not isinstance(form, PDFStream) or resolve1(form.get("Subtype")) is not _FORM:
            continue
        if id(form) in seen:  # a form that draws itself
            continue
        seen.add(id(form))
        yield from _streams([form], form.get("Resources"), seen)


def _decoded_size(stream: PDFStream, budget: int, sizes: dict[Any, int]) -> int:
    """The bytes ``stream`` decodes to, counted until just past ``budget``."""
    key = (stream.objid, stream.genno) if stream.objid is not None else id(stream)
    if key not in sizes:
        data = stream.rawdata if stream.rawdata is not None else stream.data or b""
        try:
            if stream.decipher and stream.rawdata is not None:
                data = stream.decipher(stream.objid or 0, stream.genno or 0, data, stream.attrs)
            sizes[key] = _measure(data, [f for f, _ in stream.get_filters()], budget)
        except Exception:  # a stream pdfminer cannot decode: PDFium judges it
            sizes[key] = len(data)
    return sizes[key]


def _measure(data: bytes, filters: list[Any], budget: int) -> int:
    """The size ``data`` decodes to through ``filters``, counted until past ``budget``;
    only what a later filter needs is kept."""
    for index, name in enumerate(filters):
        keep = index < len(filters) - 1
        if name in LITERALS_FLATE_DECODE:
            pieces: Iterator[bytes] = _inflated(data)
        elif name in LITERALS_LZW_DECODE:
            pieces = LZWDecoder(BytesIO(data)).run()
        elif name in LITERALS_ASCII85_DECODE:
            pieces = iter([ascii85decode(data)])  # these three never grow a stream much
        elif name in LITERALS_ASCIIHEX_DECODE:
            pieces = iter([asciihexdecode(data)])
        elif name in LITERALS_RUNLENGTH_DECODE:
            pieces = iter([rldecode(data)])
        else:  # an image codec (DCT, JPX, ...) or an unknown filter: text never decodes it
            return len(data)
        size, data = _count(pieces, budget, keep)
        if size > budget or not keep:
            return size
    return len(data)


def _count(pieces: Iterator[bytes], budget: int, keep: bool) -> tuple[int, bytes]:
    size, kept = 0, []
    try:
        for piece in pieces:
            size += len(piece)
            if keep:
                kept.append(piece)
            if size > budget:
                break
    except (zlib.error, ValueError, EOFError):  # a damaged stream: what was decoded
        pass
    return size, b"".join(kept)


def _inflated(data: bytes) -> Iterator[bytes]:
    """``data`` inflated a piece at a time."""
    inflate = zlib.decompressobj()
    pending = data
    while True:
        piece = inflate.decompress(pending, _PIECE)
        if piece:
            yield piece
        pending = inflate.unconsumed_tail
        if inflate.eof or (not piece and not pending):
            return
