"""Ligatures (``ligatures.yaml``): the glyphs that print several letters as one, and the
letters a ligature lost in text extraction may have stood for; and the words of a
page's layout (``layout.yaml``): what opens a caption."""

from __future__ import annotations

from functools import cache

from pipeline.vocab import fold
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


@cache
def caption_words() -> frozenset[str]:
    """Words that open a caption ("Figure", "Source", "Mapa"), folded."""
    return frozenset(fold(str(word)) for word in load_yaml("layout.yaml")["caption_words"])
