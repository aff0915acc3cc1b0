"""The pipeline's records against what a careful reader finds in each source document.

``tests/fixtures/<document_id>/expected.yaml`` was written by reading the report line by
line, not from the pipeline's output. Each expected entry must match one record on the
fields it gives; records no entry matches are extra. Failures list both.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
import yaml

from pipeline.models import Issue, Record

from .conftest import FIXTURES, document_ids, outputs

KINDS = ("country_figures", "sector_indicators", "partners", "pledges")


def _expected(document_id: str) -> dict[str, list[dict[str, Any]]]:
    return yaml.safe_load((FIXTURES / document_id / "expected.yaml").read_text(encoding="utf-8"))


def _same(expected: Any, actual: Any) -> bool:
    if isinstance(actual, Decimal):
        return actual == Decimal(str(expected))
    if isinstance(actual, dt.date) or actual is None:
        return (actual.isoformat() if actual else "") == (str(expected) if expected else "")
    return str(actual) == str(expected)


def _matches(entry: dict[str, Any], record: Record) -> bool:
    return all(_same(value, getattr(record, field)) for field, value in entry.items())


def _describe(record: Record) -> str:
    fields = {
        k: v
        for k, v in record.model_dump().items()
        if k not in ("document_id", "page", "char_start", "char_end", "bbox", "source_text")
    }
    return f"{fields} from {record.source_text!r}"


def compare(entries: list[dict[str, Any]], records: list[Record]) -> tuple[list[Any], list[str]]:
    """(expected entries no record matches, records no entry matches), one-to-one."""
    unmatched = list(records)
    missing = []
    for entry in entries:
        found = next((r for r in unmatched if _matches(entry, r)), None)
        if found is None:
            missing.append(entry)
        else:
            unmatched.remove(found)
    return missing, [_describe(r) for r in unmatched]


@pytest.mark.parametrize("document_id", document_ids())
@pytest.mark.parametrize("kind", KINDS)
def test_records_match_what_a_reader_finds(document_id: str, kind: str) -> None:
    records = list(getattr(outputs(document_id)["validate"].records, kind))
    missing, extra = compare(_expected(document_id).get(kind) or [], records)
    report = "\n".join(["missing:", *map(str, missing), "extra:", *extra])
    assert not missing and not extra, report


def _issue_matches(entry: dict[str, Any], issue: Issue) -> bool:
    return (
        issue.code == entry["code"]
        and entry.get("source_text_contains", "") in issue.source_text
        and entry.get("message_contains", "") in issue.message
    )


@pytest.mark.parametrize("document_id", document_ids())
def test_expected_issues_are_raised(document_id: str) -> None:
    issues = outputs(document_id)["validate"].records.issues
    missing = [
        e
        for e in _expected(document_id).get("issues") or []
        if not any(_issue_matches(e, i) for i in issues)
    ]
    assert not missing, (
        f"issues not raised: {missing}\nraised: {[(i.code, i.source_text) for i in issues]}"
    )
