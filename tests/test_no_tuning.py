"""No value, country, organisation or sentence of a source document in extraction code.

The extractors must work on reports nobody here has seen: what the source documents say
may live in vocabulary data files (``pipeline/data``) and in tests, never in the code.
This test collects every string in ``pipeline/**/*.py`` except docstrings and fails if
one holds a name, phrase or figure that the expected records of a source document list,
or a figure printed in one.
"""

from __future__ import annotations

import ast
import re

import yaml

from .conftest import FIXTURES, ROOT, SOURCE_DOCUMENTS

NAME_FIELDS = ("country", "canonical_name", "name", "indicator", "event", "donor", "metric")


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the docstring nodes: documentation may quote a report, code may not."""
    found = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            found.add(id(body[0].value))
    return found


def _code_strings() -> list[tuple[str, str]]:
    strings = []
    for path in sorted((ROOT / "pipeline").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = _docstrings(tree)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docstrings
            ):
                strings.append((path.name, node.value))
    return strings


def _seed_literals() -> set[str]:
    literals: set[str] = set()
    for expected in FIXTURES.glob("*/expected.yaml"):
        entries = yaml.safe_load(expected.read_text(encoding="utf-8"))
        for kind in ("country_figures", "sector_indicators", "partners", "pledges"):
            for entry in entries.get(kind) or []:
                literals.update(str(entry[f]) for f in NAME_FIELDS if entry.get(f))
    for source in SOURCE_DOCUMENTS:  # every figure printed with separators or a scale
        text = source.read_text(encoding="utf-8")
        literals.update(re.findall(r"\d{1,3}(?:[.,]\d{3})+|\d+\.\d+\s?(?:M|million)", text))
    # proper names, phrases and figures; single lower-case words ("work") are too common
    return {
        literal
        for literal in literals
        if len(literal) >= 4 and (re.search(r"[\d\s_]", literal) or literal[0].isupper())
    }


def test_no_source_document_literal_in_code() -> None:
    literals = _seed_literals()
    found = []
    for file, string in _code_strings():
        for literal in literals:
            if re.search(rf"(?<!\w){re.escape(literal)}(?!\w)", string):
                found.append(f"{file}: {literal!r} in {string[:60]!r}")
    assert not found, "source-document literals in code:\n" + "\n".join(sorted(found))
