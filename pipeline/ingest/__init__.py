"""Stage 1: read a report file into a ``RawDocument``.

Text input (``.txt``) is read as UTF-8; a form feed in it starts a new page. PDF input
(``.pdf``) is read page by page by ``ingest/pdf.py`` into text in reading order, with the
box of every word. Anything the pipeline cannot read raises an ``InputError`` whose
message says what to do.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..errors import EmptyInput, EncodingError, UnsupportedInput
from ..models import Page, RawDocument

TEXT_SUFFIXES = (".txt", ".text")
PDF_SUFFIXES = (".pdf",)
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + PDF_SUFFIXES
PDF_MAGIC = b"%PDF-"


def file_to_document(path: Path) -> RawDocument:
    """Read ``path`` as a report; its stem is the document_id."""
    suffix = path.suffix.lower()
    if suffix in PDF_SUFFIXES:
        return pdf_to_document(path)
    if suffix not in TEXT_SUFFIXES:
        raise UnsupportedInput(
            str(path),
            f"unsupported file type {suffix or '(none)'}",
            f"give a report as {' or '.join(SUPPORTED_SUFFIXES)}",
        )
    data = path.read_bytes()
    return bytes_to_document(path.stem, path.name, data)


def bytes_to_document(document_id: str, source_name: str, data: bytes) -> RawDocument:
    if not data.strip():
        raise EmptyInput(source_name, "the file is empty", "check the export that produced it")
    text = _decode(source_name, data)
    return RawDocument(
        document_id=document_id,
        source_name=source_name,
        media_type="text/plain",
        sha256=hashlib.sha256(data).hexdigest(),
        text=text,
        pages=_pages(text),
    )


def _decode(source_name: str, data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise EncodingError(
            source_name,
            f"the text is not UTF-8 (byte {exc.start} is {data[exc.start]:#04x})",
            "convert it to UTF-8, e.g. iconv -f WINDOWS-1252 -t UTF-8 in.txt > out.txt",
        ) from exc


def _pages(text: str) -> tuple[Page, ...]:
    """Pages split by form feeds; none when the text has no page breaks."""
    if "\f" not in text:
        return ()
    pages, start = [], 0
    for number, chunk in enumerate(text.split("\f"), start=1):
        pages.append(Page(number=number, start=start, end=start + len(chunk)))
        start += len(chunk) + 1
    return tuple(pages)


def pdf_to_document(path: Path) -> RawDocument:
    """Read the PDF at ``path``: text in reading order, pages, word boxes."""
    with path.open("rb") as stream:
        head = stream.read(1024)
    if not head.strip():
        raise EmptyInput(
            path.name, "the file is empty", "check the download or export that produced it"
        )
    if PDF_MAGIC not in head:
        raise UnsupportedInput(
            path.name,
            "the file is not a PDF although its name says so",
            "check what it is (file report.pdf) and give it the right extension",
        )
    from .pdf import read_pdf  # pdfplumber is imported only when a PDF is read

    content = read_pdf(path)
    return RawDocument(
        document_id=path.stem,
        source_name=path.name,
        media_type="application/pdf",
        sha256=_sha256(path),
        text=content.text,
        pages=content.pages,
        boxes=content.boxes,
        set_aside=content.set_aside,
        title=content.title,
    )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
