"""Stage 1: read a report file into a ``RawDocument``.

Text input (``.txt``) is read as UTF-8; a form feed in it starts a new page. Anything the
pipeline cannot read raises an ``InputError`` whose message says what to do.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from .errors import EmptyInput, EncodingError, UnsupportedInput
from .models import Page, RawDocument

TEXT_SUFFIXES = (".txt", ".text")
SUPPORTED_SUFFIXES = TEXT_SUFFIXES


def file_to_document(path: Path) -> RawDocument:
    """Read ``path`` as a report; its stem is the document_id."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        raise UnsupportedInput(
            str(path),
            "PDF input is not supported by this version",
            "extract its text first (pdftotext -layout report.pdf report.txt) and run on the .txt",
        )
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
