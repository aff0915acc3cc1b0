"""The HXL hashtag of each output column (``hxl.yaml``), for ``pipeline run --hxl``."""

from __future__ import annotations

from functools import cache

from pipeline.vocab.files import load_yaml


@cache
def hxl_table() -> dict[str, dict[str, str]]:
    """Table name (or ``shared``) -> column -> hashtag."""
    data: dict[str, dict[str, str]] = load_yaml("hxl.yaml")
    return data
