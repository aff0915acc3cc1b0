"""Two editions of a report series side by side: the same figures, and how they moved.

A figure of one edition lines up with the figure of the other that counts the same
thing: a country figure by country (ISO3, else the name as printed) and metric, a
sector indicator by sector and label (case and spacing ignored), an amount by kind,
country, sector and currency. Where an edition gives one key several different values,
the key is listed as ambiguous and not compared: a swing is never computed from a guess.
A change whose size is at least ``threshold`` of the earlier value is flagged.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from pipeline.models import RECORD_TABLES, Record
from pipeline.tools.outputs import Row
from pipeline.vocab import fold

DEFAULT_THRESHOLD = Decimal("0.25")


@dataclass(frozen=True)
class Line:
    table: str
    key: tuple[str, ...]
    label: str
    old: Decimal | None
    new: Decimal | None
    unit: str

    @property
    def change(self) -> Decimal | None:
        return None if self.old is None or self.new is None else self.new - self.old

    @property
    def share(self) -> Decimal | None:
        """The change as a share of the earlier value (None from zero)."""
        if self.change is None or not self.old:
            return None
        return self.change / self.old


@dataclass(frozen=True)
class Comparison:
    old_document: str
    new_document: str
    lines: list[Line]  # figures in both editions
    only_old: list[Line]
    only_new: list[Line]
    ambiguous: list[tuple[str, str]]  # (document, label) with several values
    threshold: Decimal

    def flagged(self, line: Line) -> bool:
        share = line.share
        if share is None:
            return line.change is not None and line.change != 0  # from zero to something
        return abs(share) >= self.threshold


def _key(table: str, row: Row) -> tuple[tuple[str, ...], str, str, str] | None:
    """(key, label, value column, unit) of a row, None for rows not compared. The key is
    the table's ``COMPARE_KEY``: each part the first non-empty of its columns, folded."""
    model = RECORD_TABLES[table]
    if not isinstance(model, type) or not issubclass(model, Record) or not model.COMPARE_KEY:
        return None
    key = tuple(
        fold(next((row.get(c, "") for c in columns if row.get(c)), ""))
        for columns in model.COMPARE_KEY
    )
    return key, _label(table, row), model.COMPARE_VALUE, row.get(model.COMPARE_UNIT, "")


def _label(table: str, row: Row) -> str:
    """A figure in words, as the report prints its place and label."""
    if table == "country_figures":
        return f"{row.get('country')} {row.get('metric')}"
    if table == "sector_indicators":
        return f"{row.get('sector') or '(report total)'} / {row.get('indicator')}"
    parts = (
        row.get("kind", ""),
        row.get("iso3", ""),
        row.get("sector", ""),
        row.get("currency", ""),
    )
    return " ".join(p for p in parts if p)


def _values(
    document: str, tables: dict[str, list[Row]]
) -> tuple[dict[tuple[str, ...], tuple[str, str, str, set[Decimal]]], list[tuple[str, str]]]:
    found: dict[tuple[str, ...], tuple[str, str, str, set[Decimal]]] = {}
    values: dict[tuple[str, ...], set[Decimal]] = defaultdict(set)
    for table, rows in tables.items():
        for row in rows:
            if row.get("document_id") != document:
                continue
            keyed = _key(table, row)
            if keyed is None:
                continue
            key, label, column, unit = keyed
            try:
                value = Decimal(row.get(column, ""))
            except InvalidOperation:
                continue
            full = (table, *key)
            values[full].add(value)
            found.setdefault(full, (table, label, unit, values[full]))
    ambiguous = [(document, found[k][1]) for k, v in values.items() if len(v) > 1]
    return {k: v for k, v in found.items() if len(values[k]) == 1}, ambiguous


def compare_documents(
    old_document: str,
    old_tables: dict[str, list[Row]],
    new_document: str,
    new_tables: dict[str, list[Row]],
    threshold: Decimal = DEFAULT_THRESHOLD,
) -> Comparison:
    """The figures of ``old_document`` and ``new_document`` lined up."""
    old, old_ambiguous = _values(old_document, old_tables)
    new, new_ambiguous = _values(new_document, new_tables)
    lines, only_old, only_new = [], [], []
    for key in sorted(set(old) | set(new)):
        table, label, unit, _ = old.get(key) or new[key]
        before = next(iter(old[key][3])) if key in old else None
        after = next(iter(new[key][3])) if key in new else None
        line = Line(table, key[1:], label, before, after, unit)
        if before is not None and after is not None:
            lines.append(line)
        elif before is not None:
            only_old.append(line)
        else:
            only_new.append(line)
    return Comparison(
        old_document,
        new_document,
        lines,
        only_old,
        only_new,
        old_ambiguous + new_ambiguous,
        threshold,
    )


# --- reports -----------------------------------------------------------------------------------

HEADER = ("table", "figure", "old", "new", "change", "change_pct", "flag")


def _plain(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return text


def rows(comparison: Comparison) -> list[tuple[str, ...]]:
    """One row per figure in both editions, then those in one only."""
    out: list[tuple[str, ...]] = []
    for line in comparison.lines + comparison.only_old + comparison.only_new:
        share = line.share
        if line in comparison.only_old:
            flag = "only-old"
        elif line in comparison.only_new:
            flag = "only-new"
        else:
            flag = "swing" if comparison.flagged(line) else ""
        out.append(
            (
                line.table,
                line.label,
                _plain(line.old),
                _plain(line.new),
                _plain(line.change),
                "" if share is None else f"{share * 100:.1f}",
                flag,
            )
        )
    return out


def to_json(comparison: Comparison, changes_only: bool = False) -> dict[str, Any]:
    figures = [dict(zip(HEADER, row, strict=True)) for row in rows(comparison)]
    return {
        "old_document": comparison.old_document,
        "new_document": comparison.new_document,
        "threshold_pct": float(comparison.threshold * 100),
        "figures": [f for f in figures if not changes_only or f["change"] != "0"],
        "ambiguous": [{"document_id": d, "figure": label} for d, label in comparison.ambiguous],
    }
