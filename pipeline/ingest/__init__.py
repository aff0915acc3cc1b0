"""Stage 1: read a report file into a ``RawDocument``.

Text input (``.txt``) is read as UTF-8, or as the encoding its byte order mark names
(UTF-8, UTF-16 or UTF-32, little- or big-endian); text in a legacy
Western encoding (Windows-1252, Latin-1, ...) is detected, read, and reported as an issue
so a reviewer can check the accents. A form feed starts a new page. PDF input (``.pdf``)
is read page by page by ``ingest/pdf.py`` into text in reading order, with the box of
every word. A file whose content is not what its name says, or that the pipeline cannot
read, raises an ``InputError`` whose message says what to do.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from charset_normalizer import from_bytes

from pipeline.contract import safe_document_id
from pipeline.errors import EmptyInput, EncodingError, UnsupportedInput
from pipeline.issues import make_issue
from pipeline.models import Issue, Page, RawDocument

TEXT_SUFFIXES = (".txt", ".text")
PDF_SUFFIXES = (".pdf",)
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + PDF_SUFFIXES
PDF_MAGIC = b"%PDF-"
# what a file named as text may really be, by its first bytes
_NOT_TEXT = {
    PDF_MAGIC: ("a PDF", "rename it to .pdf"),
    b"PK\x03\x04": ("a ZIP archive (DOCX, XLSX, ...)", "export the report as PDF or text"),
    b"\x89PNG": ("a PNG image", "run OCR on it and give the text or a PDF"),
    b"\xff\xd8\xff": ("a JPEG image", "run OCR on it and give the text or a PDF"),
    b"GIF8": ("a GIF image", "run OCR on it and give the text or a PDF"),
    b"\xd0\xcf\x11\xe0": ("an old Office document (DOC, XLS)", "export it as PDF or text"),
}
# byte order marks and the encodings they name; UTF-32 LE's mark begins with UTF-16 LE's,
# so the longer marks are tried first
BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
)
# legacy encodings tried, in this order of preference, when a text is not UTF-8
LEGACY_ENCODINGS = ["cp1252", "latin_1", "iso8859_15", "mac_roman", "cp850"]


def document_id(path: Path) -> str:
    """The document_id of the report at ``path``: its name without the extension, with an
    underscore before it if a spreadsheet would run it as a formula (``=HYPERLINK(...)``)."""
    return safe_document_id(path.stem)


def file_to_document(
    path: Path, max_pages: int | None = None, ocr: bool = False, max_content: int | None = None
) -> RawDocument:
    """Read ``path`` as a report; its stem is the document_id (made safe, and then
    reported, when it would begin with a formula character). A PDF of more than
    ``max_pages`` pages, or whose pages decode to more than ``max_content`` bytes, is
    refused; with ``ocr``, a PDF without a text layer is run through ocrmypdf first."""
    document = _file_to_document(path, max_pages, ocr, max_content)
    if document.document_id == path.stem:
        return document
    renamed = make_issue(
        "document-id-changed",
        document.document_id,
        name=path.name,
        first=path.stem[:1],
        safe_id=document.document_id,
    )
    return document.model_copy(update={"issues": (renamed, *document.issues)})


def _file_to_document(
    path: Path, max_pages: int | None, ocr: bool, max_content: int | None
) -> RawDocument:
    suffix = path.suffix.lower()
    if suffix in PDF_SUFFIXES:
        return pdf_to_document(path, max_pages, ocr, max_content)
    if suffix not in TEXT_SUFFIXES:
        raise UnsupportedInput(
            path.name,
            f"unsupported file type {suffix or '(none)'}",
            f"give a report as {' or '.join(SUPPORTED_SUFFIXES)}",
        )
    data = path.read_bytes()
    return bytes_to_document(document_id(path), path.name, data)


def bytes_to_document(document_id: str, source_name: str, data: bytes) -> RawDocument:
    if not data.strip():
        raise EmptyInput(source_name, "the file is empty", "check the export that produced it")
    for magic, (what, action) in _NOT_TEXT.items():
        if data.startswith(magic):
            raise UnsupportedInput(
                source_name, f"the file is {what} although its name says text", action
            )
    if b"\x00" in data[:4096] and _bom(data) is None:
        raise UnsupportedInput(
            source_name,
            "the file is binary although its name says text",
            "check what it is (file NAME)",
        )
    text, encoding = _decode(source_name, data)
    issues: tuple[Issue, ...] = ()
    if encoding:
        issues = (make_issue("encoding-detected", document_id, encoding=encoding),)
    return RawDocument(
        document_id=document_id,
        source_name=source_name,
        media_type="text/plain",
        sha256=hashlib.sha256(data).hexdigest(),
        text=text,
        pages=_pages(text),
        issues=issues,
    )


def _bom(data: bytes) -> tuple[bytes, str] | None:
    """The byte order mark ``data`` starts with, and the encoding it names."""
    return next(((mark, name) for mark, name in BOMS if data.startswith(mark)), None)


def _decode(source_name: str, data: bytes) -> tuple[str, str]:
    """The text, and the legacy encoding it was read in ("" for UTF-8, or an encoding a
    byte order mark names)."""
    bom = _bom(data)
    if bom is not None:
        mark, encoding = bom
        try:
            return data[len(mark) :].decode(encoding), ""
        except UnicodeDecodeError as exc:
            raise EncodingError(
                source_name,
                f"the text starts with the byte order mark of {encoding.upper()} but is not "
                f"valid {encoding.upper()} (at byte {exc.start + len(mark)})",
                "convert it to UTF-8, e.g. iconv -f ENCODING -t UTF-8 in.txt > out.txt",
            ) from exc
    try:
        return data.decode("utf-8"), ""
    except UnicodeDecodeError as exc:
        best = from_bytes(data, cp_isolation=LEGACY_ENCODINGS).best()
        if best is None or best.encoding not in LEGACY_ENCODINGS:
            raise EncodingError(
                source_name,
                f"the text is not UTF-8 (byte {exc.start} is {data[exc.start]:#04x}) and no "
                "Western legacy encoding fits it",
                "convert it to UTF-8, e.g. iconv -f ENCODING -t UTF-8 in.txt > out.txt",
            ) from exc
        return str(best), best.encoding


def _pages(text: str) -> tuple[Page, ...]:
    """Pages split by form feeds; none when the text has no page breaks."""
    if "\f" not in text:
        return ()
    pages, start = [], 0
    for number, chunk in enumerate(text.split("\f"), start=1):
        pages.append(Page(number=number, start=start, end=start + len(chunk)))
        start += len(chunk) + 1
    return tuple(pages)


def pdf_to_document(
    path: Path, max_pages: int | None = None, ocr: bool = False, max_content: int | None = None
) -> RawDocument:
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
    from pipeline.ingest.pdf import (
        read_pdf,  # the PDF libraries are imported only when a PDF is read
    )

    content = read_pdf(path, max_pages, ocr, max_content)
    return RawDocument(
        document_id=document_id(path),
        source_name=path.name,
        media_type="application/pdf",
        sha256=file_sha256(path),
        text=content.text,
        pages=content.pages,
        boxes=content.boxes,
        set_aside=content.set_aside,
        blocks=content.blocks,
        title=content.title,
    )


def file_sha256(path: Path) -> str:
    """SHA-256 of the file at ``path``, read in chunks (the document's identity)."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
