"""Files a batch meets in practice and cannot (or can only just) read, built in the tests.

Each builder writes one file and returns the error code a run must report for it ("" when
the file must be read). None of them may crash a run or hang it.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from .conftest import FIXTURES

TEXT = "Colombia - 1.7 M refugees and migrants. IOM distributed 6,700 hygiene kits in Peru."


def _text_pdf(path: Path, pages: int = 1, encrypt: object = None) -> None:
    page = canvas.Canvas(str(path), encrypt=encrypt, invariant=1)
    for number in range(pages):
        page.drawString(72, 720, f"{TEXT} Page {number + 1}.")
        page.showPage()
    page.save()


def encrypted(path: Path) -> str:
    """Encrypted with a user password: nothing can be read without it."""
    _text_pdf(path, encrypt="a-password")
    return "encrypted-input"


def encrypted_empty_password(path: Path) -> str:
    """Encrypted with an empty user password (owner restrictions only): readable."""
    _text_pdf(path, encrypt=StandardEncryption("", ownerPassword="owner", canModify=0))
    return ""


def truncated(path: Path) -> str:
    source = FIXTURES / "ilo-venezuela-response-2021" / "ilo-venezuela-response-2021.pdf"
    path.write_bytes(source.read_bytes()[:1500])
    return "corrupt-input"


def zero_bytes(path: Path) -> str:
    path.write_bytes(b"")
    return "empty-input"


def image_only(path: Path) -> str:
    """A scanned page: an image and no text layer."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (400, 200), "white")
    ImageDraw.Draw(image).text((20, 80), TEXT[:30], fill="black")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    page = canvas.Canvas(str(path), invariant=1)
    page.drawImage(ImageReader(io.BytesIO(buffer.getvalue())), 50, 500, 400, 200)
    page.save()
    return "no-text-layer"


def legacy_encoding(path: Path) -> str:
    """Windows-1252 text: detected, read, and reported as an issue."""
    path.write_bytes(
        "Informe de situación\n\nColombia - 1.7 M\nLa OIM distribuyó 6.700 kits de higiene a "
        "familias en Cúcuta y Bogotá durante el año.\n".encode("cp1252")
    )
    return ""


def unsupported_extension(path: Path) -> str:
    path.write_bytes(b"PK\x03\x04 a word document")
    return "unsupported-input"


def text_named_pdf(path: Path) -> str:
    path.write_text(TEXT + "\n", encoding="utf-8")
    return "unsupported-input"


def pdf_named_text(path: Path) -> str:
    _text_pdf(path)
    return "unsupported-input"


def too_many_pages(path: Path) -> str:
    """Over the --max-pages limit of the batch tests."""
    _text_pdf(path, pages=MAX_PAGES + 1)
    return "too-many-pages"


@dataclass(frozen=True)
class BadFile:
    build: Callable[[Path], str]  # writes the file, returns the error code expected ("": read)
    says: str  # words the failure line (or, for a file that is read, nothing) must hold


BAD_FILES: dict[str, BadFile] = {
    "encrypted.pdf": BadFile(encrypted, "give an unencrypted copy"),
    "encrypted-empty-password.pdf": BadFile(encrypted_empty_password, ""),
    "truncated.pdf": BadFile(truncated, "re-export or re-download it"),
    "zero-bytes.txt": BadFile(zero_bytes, "the file is empty"),
    "empty.pdf": BadFile(zero_bytes, "the file is empty"),
    "scanned.pdf": BadFile(image_only, "run OCR first"),
    "windows-1252.txt": BadFile(legacy_encoding, ""),
    "report.docx": BadFile(unsupported_extension, "unsupported file type .docx"),
    "notes-named.pdf": BadFile(text_named_pdf, "not a PDF although its name says so"),
    "pdf-named.txt": BadFile(pdf_named_text, "the file is a PDF although its name says text"),
    "long.pdf": BadFile(too_many_pages, "--max-pages"),
}
MAX_PAGES = 6  # the --max-pages the batch tests run with (the IOM fixture has 6)


def write_bad_files(folder: Path) -> dict[str, str]:
    """Write every bad file into ``folder``: file name -> the error code expected."""
    folder.mkdir(parents=True, exist_ok=True)
    return {name: bad.build(folder / name) for name, bad in BAD_FILES.items()}
