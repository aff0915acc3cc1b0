"""An output folder against hand-checked expected records: precision, recall and F1.

The expected records are in the dev set's ``gold.json`` format (``../shared/devset/
README.md``): per document, the country, activity and regional figures as ``[iso3,
value]``, sector panel values as ``[sector or its names, label, value]``, partners as a
name or a list of its names, money as ``{kind, amount, currency, iso3, donor}``, and for
each kind a ``..._may`` list of records that are tolerated (neither required nor wrong).
Each expected record is matched to at most one output row, in order; a row that matches
no expected or tolerated record is an extra. A value matches within half a percent, a
name ignoring case, accents, brackets and small words, or closely enough by similarity.
The macro F1 is the mean over the record kinds the expected records have.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from pipeline.errors import InputError
from pipeline.tools.outputs import Row, read_folder

KINDS = ("country_figures", "sector_indicators", "partners", "pledges")
REGION_CODES = frozenset({"", "LAC", "WLD", "419", "001", "REG"})  # figures above countries
VALUE_TOLERANCE = 0.005
NAME_SIMILARITY = 0.85
_STOP = re.compile(r"\b(the|of|de|en|y|and|for|in|del|la|el|los|las|para)\b")


# --- matching ------------------------------------------------------------------------------


def _norm(text: Any) -> str:
    folded = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    folded = re.sub(r"\(.*?\)", " ", folded.lower())
    folded = re.sub(r"[^a-z0-9 ]+", " ", folded)
    return " ".join(_STOP.sub(" ", folded).split())


def _number(text: Any) -> float | None:
    try:
        return float(str(text).replace(",", "").strip())
    except ValueError:
        return None


def _close(value: float | None, expected: float) -> bool:
    return value is not None and abs(value - expected) <= VALUE_TOLERANCE * max(abs(expected), 1)


def _same_name(a: str, b: str) -> bool:
    na, nb = _norm(a), _norm(b)
    if not na or not nb:
        return False
    if na == nb:
        return True
    ratio = SequenceMatcher(None, na, nb).ratio()
    if ratio >= NAME_SIMILARITY:
        return True
    ta, tb = set(na.split()), set(nb.split())
    shorter = min(len(ta), len(tb))
    return shorter >= 2 and len(ta & tb) / shorter >= 0.9 and ratio >= 0.6


def _iso(row: Row) -> str:
    return (row.get("iso3") or row.get("country_code") or "").strip().upper()


def _names(entry: Any) -> list[str]:
    return entry if isinstance(entry, list) else [entry]


# --- tallies -------------------------------------------------------------------------------


@dataclass
class Tally:
    """One record kind's counts, and what was missed and extra (described for a reader)."""

    tp: int = 0
    predicted: int = 0
    expected: int = 0
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        if self.predicted:
            return self.tp / self.predicted
        return 0.0 if self.expected else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.expected if self.expected else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Evaluation:
    kinds: dict[str, Tally]
    violations: list[str]  # forbidden pairings found (country_must_not)
    documents: int

    @property
    def macro_f1(self) -> float:
        scored = [self.kinds[k].f1 for k in KINDS if k in self.kinds and self.kinds[k].expected]
        return sum(scored) / len(scored) if scored else 0.0


Match = Callable[[Any, Row], bool]


def _greedy(expected: list[Any], rows: list[Row], match: Match) -> tuple[set[int], list[Any]]:
    """Each expected record takes the first row it matches that no earlier one took."""
    used: set[int] = set()
    missed = []
    for entry in expected:
        hit = next((i for i, r in enumerate(rows) if i not in used and match(entry, r)), None)
        if hit is None:
            missed.append(entry)
        else:
            used.add(hit)
    return used, missed


def _where(row: Row) -> str:
    page = f"p{row['page']} " if row.get("page") else ""
    snippet = " ".join(str(row.get("source_text", "")).split())
    return f'[{page}"{snippet[:77] + "..." if len(snippet) > 80 else snippet}"]'


def _add(
    tallies: dict[str, Tally],
    kind: str,
    expected: list[Any],
    rows: list[Row],
    match: Match,
    tolerated: Callable[[Row], bool],
    describe: Callable[[Any], str],
    describe_row: Callable[[Row], str],
) -> tuple[set[int], list[Any]]:
    used, missed = _greedy(expected, rows, match)
    extra = [r for i, r in enumerate(rows) if i not in used and not tolerated(r)]
    tally = tallies.setdefault(kind, Tally())
    tally.tp += len(used)
    tally.predicted += len(used) + len(extra)
    tally.expected += len(expected)
    tally.missing += [describe(e) for e in missed]
    tally.extra += [f"{describe_row(r)} {_where(r)}" for r in extra]
    return used, missed


# --- one document ----------------------------------------------------------------------------


def _figure_match(entry: tuple[str, str, float], row: Row) -> bool:
    scope, iso3, value = entry
    if not _close(_number(row.get("value")), value):
        return False
    if scope == "regional" or iso3 == "":
        return scope == "country" or _iso(row) in REGION_CODES
    return _iso(row) == iso3


def _country_figures(doc_id: str, gold: dict[str, Any], rows: list[Row], out: Evaluation) -> None:
    expected = [("country", c, v) for c, v in gold.get("country_figures", [])]
    expected += [("country", c, v) for c, v in gold.get("activity_figures", [])]
    expected += [("regional", c, v) for c, v in gold.get("regional_figures", [])]
    may = [("country", c, v) for c, v in gold.get("activity_figures_may", [])]
    may += [("regional", c, v) for c, v in gold.get("regional_may", [])]
    _add(
        out.kinds,
        "country_figures",
        expected,
        rows,
        _figure_match,
        lambda r: any(_figure_match(m, r) for m in may),
        lambda e: f"{doc_id}: {e[1] or 'region'}={e[2]}",
        lambda r: (
            f"{doc_id}: {r.get('country')}|{_iso(r)}={r.get('value')} ({r.get('metric', '')})"
        ),
    )
    headline = [("country", c, v) for c, v in gold.get("country_figures", [])]
    if headline:
        used, missed = _greedy(headline, rows, _figure_match)
        tally = out.kinds.setdefault("country_figures:headline", Tally())
        tally.tp += len(used)
        tally.predicted += len(used)
        tally.expected += len(headline)
        tally.missing += [f"{doc_id}: {c}={v}" for _, c, v in missed]
    for iso3, value in gold.get("country_must_not", []):
        for row in rows:
            if _iso(row) == iso3 and _close(_number(row.get("value")), value):
                out.violations.append(f"{doc_id}: {iso3} must not get {value} {_where(row)}")


def _indicator_match(entry: list[Any], row: Row) -> bool:
    sector, label, value = entry
    if not _close(_number(row.get("value")), value):
        return False
    printed = _norm(row.get("sector", ""))
    if not any(
        _same_name(name, row.get("sector", "")) or (_norm(name).split() or [""])[0] in printed
        for name in _names(sector)
    ):
        return False
    indicator = _norm(row.get("indicator", ""))
    overlap = set(_norm(label).split()) & set(indicator.split())
    return bool(overlap) or (label == "countries" and "countr" in indicator)


def _sector_indicators(doc_id: str, gold: dict[str, Any], rows: list[Row], out: Evaluation) -> None:
    totals = [value for _, value in gold.get("totals", [])]
    _add(
        out.kinds,
        "sector_indicators",
        gold.get("sector_indicators", []),
        rows,
        _indicator_match,
        lambda r: any(_close(_number(r.get("value")), v) for v in totals),
        lambda e: f"{doc_id}: {_names(e[0])[0]}/{e[1]}={e[2]}",
        lambda r: f"{doc_id}: {r.get('sector')}/{r.get('indicator')}={r.get('value')}",
    )


def _partners(doc_id: str, gold: dict[str, Any], rows: list[Row], out: Evaluation) -> None:
    acronyms: dict[str, str] = gold.get("partner_acronyms", {})

    def match(names: list[str], row: Row) -> bool:
        printed = [row.get(c, "") for c in ("name", "acronym", "canonical_name") if row.get(c)]
        if any(_same_name(n, p) for n in names for p in printed):
            return True
        return any(
            n in acronyms
            and acronyms[n] in (row.get("acronym", "").strip(), row.get("name", "").strip())
            for n in names
        )

    expected = [_names(x) for x in gold.get("partners", [])]
    may = [_names(x) for x in gold.get("partners_may", [])]
    _add(
        out.kinds,
        "partners",
        expected,
        rows,
        match,
        lambda r: any(match(m, r) for m in may + expected),
        lambda e: f"{doc_id}: {e[0]}",
        lambda r: f"{doc_id}: {r.get('name')}",
    )


def _pledge_match(entry: dict[str, Any], row: Row) -> bool:
    if not _close(_number(row.get("amount")), entry["amount"]):
        return False
    if (row.get("currency") or "").strip().upper() not in (entry["currency"], ""):
        return False
    return _norm(row.get("kind", ""))[:4] == entry["kind"][:4]


def _pledges(doc_id: str, gold: dict[str, Any], rows: list[Row], out: Evaluation) -> None:
    expected = gold.get("pledges", [])
    may = gold.get("pledges_may", [])
    _add(
        out.kinds,
        "pledges",
        expected,
        rows,
        _pledge_match,
        lambda r: any(_pledge_match(m, r) for m in may),
        lambda e: f"{doc_id}: {e['kind']}={e['amount']} {e['currency']}",
        lambda r: f"{doc_id}: {r.get('kind')}={r.get('amount')} {r.get('currency')}",
    )
    attributed = [e for e in expected if e.get("iso3") or e.get("donor")]
    if attributed:
        found = sum(
            1
            for entry in attributed
            if any(
                _pledge_match(entry, row)
                and (
                    (entry.get("iso3") and _iso(row) == entry["iso3"])
                    or (entry.get("donor") and _same_name(entry["donor"], row.get("donor", "")))
                )
                for row in rows
            )
        )
        tally = out.kinds.setdefault("pledges:attribution", Tally())
        tally.tp += found
        tally.predicted += found
        tally.expected += len(attributed)


_READERS = {
    "country_figures": _country_figures,
    "sector_indicators": _sector_indicators,
    "partners": _partners,
    "pledges": _pledges,
}


def _rows_of(rows: Iterable[Row], doc_id: str, pages: list[int] | None) -> list[Row]:
    """The document's rows; where the expected records cover some pages only, the rows
    read on other pages are not scored."""
    mine = [r for r in rows if (r.get("document_id") or "").strip() == doc_id]
    if pages:
        mine = [
            r for r in mine if not str(r.get("page") or "").isdigit() or int(r["page"]) in pages
        ]
    return mine


# --- the whole ------------------------------------------------------------------------------


def read_expected(path: Path) -> dict[str, dict[str, Any]]:
    """The documents of an expected-records file (gold.json format)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        documents = data["documents"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(
            str(path),
            f"is not an expected-records file ({exc})",
            'give a JSON file with a "documents" object, as ../shared/devset/gold.json',
        ) from exc
    if not isinstance(documents, dict):
        raise InputError(str(path), '"documents" is not an object', "see ../shared/devset")
    return documents


def evaluate(expected: Path, out_dir: Path) -> Evaluation:
    """The output folder ``out_dir`` scored against the expected records at ``expected``;
    only the documents named there are scored."""
    gold = read_expected(expected)
    tables = read_folder(out_dir)
    result = Evaluation(kinds={}, violations=[], documents=len(gold))
    for doc_id, entry in gold.items():
        pages = entry.get("pages_covered")
        for kind in KINDS:
            _READERS[kind](doc_id, entry, _rows_of(tables.get(kind, []), doc_id, pages), result)
    return result


def to_json(result: Evaluation) -> dict[str, Any]:
    return {
        "documents": result.documents,
        "macro_f1": round(result.macro_f1, 3),
        "kinds": {
            kind: {
                "precision": round(t.precision, 3),
                "recall": round(t.recall, 3),
                "f1": round(t.f1, 3),
                "tp": t.tp,
                "predicted": t.predicted,
                "expected": t.expected,
                "missing": t.missing,
                "extra": t.extra,
            }
            for kind, t in result.kinds.items()
        },
        "violations": result.violations,
    }


def to_text(result: Evaluation, details: bool = True) -> str:
    lines = []
    for kind, t in result.kinds.items():
        lines.append(
            f"{kind:26s} P={t.precision:.2f} R={t.recall:.2f} F1={t.f1:.2f}  "
            f"(tp {t.tp}, predicted {t.predicted}, expected {t.expected})"
        )
    if details:
        for kind, t in result.kinds.items():
            lines += [f"  missing  {kind}: {m}" for m in t.missing]
            lines += [f"  extra    {kind}: {x}" for x in t.extra]
    lines += [f"VIOLATION: {v}" for v in result.violations]
    lines.append(
        f"macro F1 {result.macro_f1:.3f} over {result.documents} documents; "
        f"{len(result.violations)} violations"
    )
    return "\n".join(lines)
