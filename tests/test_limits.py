"""Issue 14, bounded PDF ingest: ``ingest/limits.py`` counts each page's decoded content
(its content streams and the forms it draws) before PDFium decodes any of it. The
decompression bomb itself is in the bad-input batch (``test_bad_inputs.py``); here, the
per-document limit, filter chains, forms, and damaged streams, on small files with small
limits."""

from __future__ import annotations

import base64
import json
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.errors import ResourceLimit
from pipeline.ingest.limits import MIB, check_content

from .bad_inputs import _FONT, _pdf, _stream, bomb_stream

SPACES = b" " * MIB


def _pages(
    path: Path, contents: list[bytes], resources: bytes = b"", extra: tuple[bytes, ...] = ()
) -> Path:
    """A PDF of one page per content stream (given with its dictionary entries); the
    ``extra`` objects are numbered from ``3 + 2 * pages + 1`` on (after the font)."""
    count = len(contents)
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
    ]
    font = 3 + 2 * count
    for index in range(count):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
            b"/Resources << /Font << /F1 %d 0 R >> %s >> >>" % (3 + count + index, font, resources)
        )
    path.write_bytes(_pdf([*objects, *contents, _FONT, *extra]))
    return path


def _flate(data: bytes) -> bytes:
    return _stream(zlib.compress(data), b"/Filter /FlateDecode")


def test_pages_under_the_page_limit_add_up_to_the_document_limit(tmp_path: Path) -> None:
    path = _pages(tmp_path / "three.pdf", [_flate(SPACES)] * 3)
    check_content(path, page_limit=2 * MIB, document_limit=3 * MIB)  # 3 MiB in all: allowed
    with pytest.raises(ResourceLimit, match="its first 3 pages decode to more than 2 MiB"):
        check_content(path, page_limit=2 * MIB, document_limit=2 * MIB)


def test_a_filter_chain_is_counted_to_its_end(tmp_path: Path) -> None:
    """ASCII85 around Flate: the size that counts is the inflated one."""
    encoded = base64.a85encode(zlib.compress(SPACES * 3), adobe=True)[2:]  # no <~ for PDF
    chain = _stream(encoded, b"/Filter [/ASCII85Decode /FlateDecode]")
    path = _pages(tmp_path / "chain.pdf", [chain])
    check_content(path, page_limit=3 * MIB)
    with pytest.raises(ResourceLimit, match="page 1 decodes to more than 2 MiB"):
        check_content(path, page_limit=2 * MIB)


def test_a_form_the_page_draws_counts_on_the_page(tmp_path: Path) -> None:
    form = _stream(
        zlib.compress(SPACES * 2),
        b"/Type /XObject /Subtype /Form /BBox [0 0 1 1] /Filter /FlateDecode",
    )
    path = _pages(
        tmp_path / "form.pdf",
        [_stream(b"/Fx Do")],
        resources=b"/XObject << /Fx 6 0 R >>",  # 3 + 2 * 1 pages + 1
        extra=(form,),
    )
    check_content(path, page_limit=3 * MIB)
    with pytest.raises(ResourceLimit, match="page 1 decodes to more than 1 MiB"):
        check_content(path, page_limit=1 * MIB)


def test_a_damaged_stream_counts_what_inflates_and_is_not_an_error(tmp_path: Path) -> None:
    cut = zlib.compress(SPACES)[:200]
    path = _pages(tmp_path / "cut.pdf", [_stream(cut, b"/Filter /FlateDecode")])
    check_content(path, page_limit=MIB)


def test_the_bomb_is_refused_after_a_limit_of_content_is_inflated(tmp_path: Path) -> None:
    path = _pages(tmp_path / "bomb.pdf", [_stream(bomb_stream(8), b"/Filter /FlateDecode")])
    with pytest.raises(ResourceLimit, match="a decompression bomb"):
        check_content(path, page_limit=4 * MIB)
    check_content(path, page_limit=8 * MIB)


@pytest.mark.parametrize(("limit", "refused"), [("2MB", True), ("4MB", False)])
def test_the_content_limit_is_a_flag_of_pipeline_run(
    tmp_path: Path, limit: str, refused: bool
) -> None:
    (tmp_path / "in").mkdir()
    path = _pages(tmp_path / "in" / "three.pdf", [_flate(SPACES)] * 3)  # 3 MiB in all
    out = tmp_path / "out"
    CliRunner().invoke(main, ["run", str(path.parent), "--out", str(out), "--max-content", limit])
    report = json.loads((out / "run-report.json").read_text(encoding="utf-8"))
    [document] = report["documents"]
    assert (document.get("error_code") == "resource-limit") is refused, document
