"""Files a batch meets in practice and cannot (or can only just) read, built in the tests.

Each builder writes one file and returns the error code a run must report for it ("" when
the file must be read). None of them may crash a run or hang it.
"""

from __future__ import annotations

import io
import zlib
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


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF written by hand: object 1 is the catalogue; the cross-reference table is
    computed, so PDFium reads the file as well formed whatever its objects say."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n%s\nendstream" % (len(data), extra, data)


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
_SHOW_TEXT = b"BT /F1 12 Tf 72 720 Td (" + TEXT.encode() + b") Tj ET"
_PAGE = b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
_PAGE += b"/Resources << /Font << /F1 %d 0 R >> >> >>"


def looping_page_tree(path: Path) -> str:
    """Issue 14: a page tree whose inner node lists its own parent among its kids, so a
    walk down the tree never ends (PDFium counts one page but cannot load it)."""
    path.write_bytes(
        _pdf(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 4 0 R] /Count 1 >>",
                _PAGE % (3, 5, 6),
                _stream(_SHOW_TEXT),
                _FONT,
            ]
        )
    )
    return "corrupt-input"


BOMB_MIB = 1024  # the bomb's content stream inflates to this many MiB


def bomb_stream(mib: int = BOMB_MIB) -> bytes:
    """A zlib stream of ``mib`` MiB of spaces (valid, empty page content) in about
    ``mib`` KiB. After a full flush deflate keeps no history, so one compressed MiB is
    repeated rather than compressing the whole GiB; only the checksum sees every byte."""
    chunk = b" " * (1 << 20)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)  # raw deflate: header and sum below
    block = deflate.compress(chunk) + deflate.flush(zlib.Z_FULL_FLUSH)
    end = deflate.flush()
    checksum = 1
    for _ in range(mib):
        checksum = zlib.adler32(chunk, checksum)
    return b"\x78\xda" + block * mib + end + checksum.to_bytes(4, "big")


def decompression_bomb(path: Path) -> str:
    """Issue 14: a 1 MB PDF whose page content inflates to 1 GiB of spaces."""
    path.write_bytes(
        _pdf(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                _PAGE % (2, 4, 5),
                _stream(bomb_stream(), b"/Filter /FlateDecode"),
                _FONT,
            ]
        )
    )
    return "resource-limit"


def _with_bom(encoding: str) -> Callable[[Path], str]:
    def build(path: Path) -> str:
        """Issue 14: a text in an encoding its byte order mark names: read."""
        path.write_bytes(("\ufeff" + TEXT + "\n").encode(encoding))
        return ""

    return build


BOM_ENCODINGS = ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")


def formula_named(path: Path) -> str:
    """Issue 14: a file name a spreadsheet would run as a formula: read, under a safe id."""
    path.write_text(TEXT + "\n", encoding="utf-8")
    return ""


FORMULA_NAME = '=HYPERLINK("x","y").txt'


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
    "looping-page-tree.pdf": BadFile(looping_page_tree, "a broken page tree"),
    "decompression-bomb.pdf": BadFile(decompression_bomb, "a decompression bomb?"),
    FORMULA_NAME: BadFile(formula_named, ""),
    **{f"bom-{e}.txt": BadFile(_with_bom(e), "") for e in BOM_ENCODINGS},
}
MAX_PAGES = 6  # the --max-pages the batch tests run with (the IOM fixture has 6)


def write_bad_files(folder: Path) -> dict[str, str]:
    """Write every bad file into ``folder``: file name -> the error code expected."""
    folder.mkdir(parents=True, exist_ok=True)
    return {name: bad.build(folder / name) for name, bad in BAD_FILES.items()}
