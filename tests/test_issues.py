"""The issue catalogue is the one list of issue codes: every stage builds its issues from
it, and the README lists exactly its codes (and exactly the failure codes of a document)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.errors import document_error_codes
from pipeline.flow import STAGES
from pipeline.issues import CATALOGUE, make_issue

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "pipeline"
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _readme_codes(lead: str, end: str) -> list[str]:
    found = re.search(rf"{re.escape(lead)}(.*?){re.escape(end)}", README, re.S)
    assert found is not None, f"README has no {lead!r}"
    return re.findall(r"`([a-z0-9]+(?:-[a-z0-9]+)*)`", found.group(1))


def test_readme_lists_exactly_the_catalogue() -> None:
    listed = _readme_codes("- Codes in this version:", "\n\n")
    assert len(listed) == len(set(listed))
    assert sorted(listed) == sorted(CATALOGUE)


def test_readme_lists_exactly_the_failure_codes() -> None:
    listed = _readme_codes("The codes:\n", "\n\n")
    assert sorted(listed) == sorted(document_error_codes())


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_each_code_names_its_stage_and_fills_its_message(code: str) -> None:
    entry = CATALOGUE[code]
    assert entry.stage in [stage.name for stage in STAGES]
    fields = {name: f"<{name}>" for name in re.findall(r"{(\w+)", entry.message)}
    issue = make_issue(code, "doc", **fields)
    assert (issue.code, issue.stage, issue.severity) == (code, entry.stage, entry.severity)
    assert "{" not in issue.message and all(value in issue.message for value in fields.values())


def _raised_codes() -> set[str]:
    """The codes the package's code passes to make_issue or an issue helper."""
    source = "\n".join(p.read_text("utf-8") for p in PACKAGE.rglob("*.py"))
    calls = re.findall(
        r"(?:make_issue|\.issue|_issue|_record_issue)\(\s*(?:\w+,\s*)*?\"([a-z0-9-]+)\"", source
    )
    problems = re.findall(r"return \"([a-z0-9-]+)\", \{", source)  # validate's record checks
    return set(calls) | set(problems)


def test_every_code_raised_is_in_the_catalogue() -> None:
    raised = _raised_codes()
    assert raised, "no issue code found in the package: the scan itself is broken"
    assert raised - set(CATALOGUE) == set()


def test_no_issue_is_built_by_hand() -> None:
    by_hand = [
        p.relative_to(PACKAGE).as_posix()
        for p in sorted(PACKAGE.rglob("*.py"))
        if p.name not in ("issues.py", "models.py")
        and re.search(r"\bIssue\(", p.read_text("utf-8"))
    ]
    assert by_hand == []
