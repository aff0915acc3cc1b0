"""Ligatures (``ligatures.yaml``): the glyphs that print several letters as one, and the
letters a ligature lost in text extraction may have stood for."""

from __future__ import annotations

from functools import cache

from pipeline.vocab.files import load_yaml


@cache
def ligature_glyphs() -> dict[str, str]:
    """Ligature glyph ("\\ufb01") -> the letters it stands for ("fi")."""
    return {
        str(glyph): str(letters) for glyph, letters in load_yaml("ligatures.yaml")["glyphs"].items()
    }


@cache
def lost_ligatures() -> tuple[str, ...]:
    """The letters a damaged ligature may have been, in the order they are tried."""
    return tuple(str(letters) for letters in load_yaml("ligatures.yaml")["lost"])
