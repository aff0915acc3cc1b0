"""OCR for PDFs without a text layer, through the ocrmypdf command when it is installed.

ocrmypdf (with Tesseract) adds a text layer to scanned pages and keeps their geometry, so
the words it finds get boxes like any PDF's. It is an optional tool: without it, a
scanned PDF fails with a message that says how to get it.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from pipeline.errors import NoTextLayer

OCR_TIMEOUT = 600  # seconds for one document


def ocr_pdf(path: Path, folder: Path) -> Path:
    """A copy of the PDF at ``path`` with a text layer, written into ``folder``."""
    command = shutil.which("ocrmypdf")
    if command is None:
        raise NoTextLayer(
            path.name,
            "the PDF has no text layer and --ocr was asked, but ocrmypdf is not installed",
            "install it (apt install ocrmypdf, or pip install ocrmypdf with Tesseract), "
            "or run OCR yourself and give the result",
        )
    out = folder / path.name
    try:
        done = subprocess.run(
            [command, "--quiet", "--skip-text", str(path), str(out)],
            capture_output=True,
            text=True,
            timeout=OCR_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise NoTextLayer(
            path.name, f"OCR took more than {OCR_TIMEOUT} s", "run ocrmypdf on it yourself"
        ) from exc
    if done.returncode != 0 or not out.exists():
        reason = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise NoTextLayer(
            path.name, f"ocrmypdf failed ({reason})", "run ocrmypdf on it yourself and read why"
        )
    return out
