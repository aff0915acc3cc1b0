"""Two output folders compared record by record, for regression checks.

Records are matched by what they are, never by row number: a table's identity columns
(``IDENTITY``: document, and the country and metric of a figure, the sector and label of
an indicator, the organisation of a partner, the kind, place and currency of an amount,
the code of an issue). Among records with the same identity, those with the same content
pair first, then those read from the same snippet, then the rest in document order. A
pair whose content differs is *changed* (old value -> new value); one whose only
difference is where it was read (page, offsets, bbox, snippet) is *moved*; records left
over are *added* or *removed*. Documents present on one side only are listed as such.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.models import RECORD_TABLES
from pipeline.tools.outputs import Row, read_folder

# each table's identity columns, as its record model declares them
IDENTITY: dict[str, tuple[str, ...]] = {name: m.IDENTITY for name, m in RECORD_TABLES.items()}
PROVENANCE = ("page", "char_start", "char_end", "bbox", "source_text")


@dataclass(frozen=True)
class Change:
    old: Row
    new: Row
    fields: dict[str, tuple[str, str]]  # column -> (old, new), content columns only


@dataclass
class TableDiff:
    added: list[Row] = field(default_factory=list)
    removed: list[Row] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    moved: int = 0
    unchanged: int = 0

    @property
    def differs(self) -> bool:
        return bool(self.added or self.removed or self.changed)


@dataclass
class Diff:
    documents_added: list[str]
    documents_removed: list[str]
    tables: dict[str, TableDiff]

    @property
    def differs(self) -> bool:
        return bool(self.documents_added or self.documents_removed) or any(
            t.differs for t in self.tables.values()
        )


def compare_folders(old: Path, new: Path) -> Diff:
    """What changed from the output folder ``old`` to ``new``."""
    before, after = read_folder(old), read_folder(new)
    old_documents = {r["document_id"] for rows in before.values() for r in rows}
    new_documents = {r["document_id"] for rows in after.values() for r in rows}
    tables = {
        table: _diff_table(table, before.get(table, []), after.get(table, []))
        for table in RECORD_TABLES
        if table in before or table in after
    }
    return Diff(
        documents_added=sorted(new_documents - old_documents),
        documents_removed=sorted(old_documents - new_documents),
        tables=tables,
    )


def _content(table: str, row: Row) -> dict[str, str]:
    return {k: v for k, v in row.items() if k not in PROVENANCE and k not in IDENTITY[table]}


def _diff_table(table: str, old_rows: list[Row], new_rows: list[Row]) -> TableDiff:
    result = TableDiff()
    groups: dict[tuple[str, ...], tuple[list[Row], list[Row]]] = defaultdict(lambda: ([], []))
    for row in old_rows:
        groups[tuple(row.get(c, "") for c in IDENTITY[table])][0].append(row)
    for row in new_rows:
        groups[tuple(row.get(c, "") for c in IDENTITY[table])][1].append(row)
    for olds, news in groups.values():
        for same in (
            lambda a, b: _content(table, a) == _content(table, b),
            lambda a, b: a.get("source_text") == b.get("source_text"),
            lambda a, b: True,
        ):
            for old in list(olds):
                partner = next((new for new in news if same(old, new)), None)
                if partner is None:
                    continue
                olds.remove(old)
                news.remove(partner)
                _pair(table, old, partner, result)
        result.removed += olds
        result.added += news
    return result


def _pair(table: str, old: Row, new: Row, result: TableDiff) -> None:
    before, after = _content(table, old), _content(table, new)
    fields = {k: (before.get(k, ""), after.get(k, "")) for k in after if before.get(k) != after[k]}
    if fields:
        result.changed.append(Change(old, new, fields))
    elif any(old.get(k) != new.get(k) for k in PROVENANCE):
        result.moved += 1
    else:
        result.unchanged += 1


# --- reports -----------------------------------------------------------------------------------


def describe(table: str, row: Row) -> str:
    """A record in a few words: what it is and its value."""
    document = row.get("document_id", "")
    if table == "country_figures":
        place = f"{row['country']} ({row['iso3']})" if row.get("iso3") else row.get("country")
        what = f"{place} {row.get('metric')} = {row.get('value')}"
    elif table == "sector_indicators":
        what = (
            f"{row.get('sector') or '(report total)'} / {row.get('indicator')} = {row.get('value')}"
        )
    elif table == "partners":
        what = f"{row.get('canonical_name')} ({row.get('org_type')})"
    elif table == "pledges":
        place = " ".join(v for v in (row.get("iso3"), row.get("sector")) if v)
        what = f"{row.get('kind')} {row.get('amount')} {row.get('currency')} {place}".rstrip()
    else:
        what = f"{row.get('code')}: {row.get('message')}"
    return f"{document}: {what}"


def _where(row: Row) -> str:
    page = f"p{row['page']} " if row.get("page") else ""
    snippet = " ".join(row.get("source_text", "").split())
    if len(snippet) > 80:
        snippet = snippet[:77] + "..."
    return f'[{page}"{snippet}"]'


def to_text(diff: Diff) -> str:
    lines = [
        f"documents: {len(diff.documents_added)} added"
        + (f" ({', '.join(diff.documents_added)})" if diff.documents_added else "")
        + f", {len(diff.documents_removed)} removed"
        + (f" ({', '.join(diff.documents_removed)})" if diff.documents_removed else "")
    ]
    whole = set(diff.documents_added) | set(diff.documents_removed)
    for table, result in diff.tables.items():
        in_whole = sum(1 for r in result.added + result.removed if r["document_id"] in whole)
        lines.append(
            f"{table}: {len(result.added)} added, {len(result.removed)} removed"
            + (f" ({in_whole} in documents added or removed)" if in_whole else "")
            + ", "
            f"{len(result.changed)} changed, {result.unchanged + result.moved} unchanged"
            + (f" ({result.moved} moved)" if result.moved else "")
        )
        for change in result.changed:
            fields = ", ".join(
                f"{k} {old or '(empty)'} -> {new or '(empty)'}"
                for k, (old, new) in change.fields.items()
            )
            lines.append(f"  ~ {describe(table, change.old)}: {fields} {_where(change.new)}")
        for row in result.removed:
            if row["document_id"] not in whole:
                lines.append(f"  - {describe(table, row)} {_where(row)}")
        for row in result.added:
            if row["document_id"] not in whole:
                lines.append(f"  + {describe(table, row)} {_where(row)}")
    return "\n".join(lines)


def to_json(diff: Diff) -> dict[str, Any]:
    return {
        "differs": diff.differs,
        "documents": {"added": diff.documents_added, "removed": diff.documents_removed},
        "tables": {
            table: {
                "added": result.added,
                "removed": result.removed,
                "changed": [
                    {
                        "identity": {c: change.new.get(c, "") for c in IDENTITY[table]},
                        "fields": {k: {"old": o, "new": n} for k, (o, n) in change.fields.items()},
                        "old": change.old,
                        "new": change.new,
                    }
                    for change in result.changed
                ],
                "moved": result.moved,
                "unchanged": result.unchanged,
            }
            for table, result in diff.tables.items()
        },
    }
