"""Stage 2: repair text-extraction damage and fold whitespace, keeping a map to the raw text.

PDF text extraction often loses ligature glyphs: "beneﬁciaries" comes out as
"bene\ufffdciaries" or "bene<TAB>ciaries", "ﬁeld" as "\ufffdeld". Each damaged word is
repaired with the ligature (fi, fl, ff, ffi, ffl) that makes the most common word in the
document's language, looked up in wordfreq's word lists; a word no ligature makes into a
known word is left alone and reported. Words broken across lines by a hyphen are joined
when the joined word is known, and an acute accent typed for an apostrophe ("IOM´s")
becomes one. Runs of spaces become one space (a tab or a wider
gap, which separates table columns, becomes one tab), lines are stripped, and blank-line
runs shrink to one blank line.

Every change is an edit with its raw span, so ``offset_map`` can map any offset in the
normalised text back to the raw text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from wordfreq import zipf_frequency

from pipeline.issues import make_issue
from pipeline.models import Issue, NormalisedDocument, Page, RawDocument, Repair
from pipeline.vocab.language import language_words
from pipeline.vocab.typography import ligature_glyphs, lost_ligatures

DAMAGE = "\ufffd"
# A word needs at least this Zipf frequency (3 = once per million words) to count as known.
KNOWN_WORD_ZIPF = 2.0
WORD_LANGUAGES = ("en", "es", "pt", "fr")

_LETTER = r"[^\W\d_]"
_DAMAGED_WORD = re.compile(rf"{_LETTER}*(?:{DAMAGE}|(?<={_LETTER})\t(?={_LETTER})){_LETTER}*")
_HYPHENATED = re.compile(rf"({_LETTER}+)-\n({_LETTER}+)")
_ACUTE_APOSTROPHE = re.compile(rf"(?<={_LETTER})\u00b4(?={_LETTER}|\s)")
_WHITESPACE_RULES = (
    (re.compile(r"\s*\Z"), ""),  # nothing after the last word
    (re.compile(r"\r\n?"), "\n"),
    (re.compile(r"\f"), "\n"),
    (re.compile(r"[\u200b\ufeff]"), ""),
    (re.compile(r"[ \t\u00a0]+(?=\n|$)"), ""),
    (re.compile(r"(?:(?<=\n)|^)[ \t\u00a0]+"), ""),
    (re.compile(r"(?<=\n\n)\n+"), ""),
    (re.compile(r"\A\n+"), ""),
    # a tab, or a gap of three spaces or more, separates columns: kept as one tab
    (re.compile(r"[ \u00a0]*\t[ \t\u00a0]*| {3,}"), "\t"),
    (re.compile(r"[ \u00a0]{2}|(?<!\d)\u00a0|\u00a0(?!\d)"), " "),
)


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    replacement: str
    kind: str = ""  # "ligature" or "hyphenation" for repairs worth reporting


def document_to_text(document: RawDocument) -> NormalisedDocument:
    """Repair and fold ``document``'s text; stage 2 of the pipeline."""
    language = detect_language(document.text)
    issues: list[Issue] = list(document.issues)
    edits = _ligature_edits(document, language, issues)
    edits += _hyphenation_edits(document.text, language, edits)
    edits += [
        Edit(m.start(), m.end(), "’", "apostrophe")
        for m in _ACUTE_APOSTROPHE.finditer(document.text)
    ]
    edits += [  # a ligature glyph kept as one character: "ﬁ" -> "fi"
        Edit(m.start(), m.end(), ligature_glyphs()[m.group(0)], "ligature")
        for m in _ligature_glyph().finditer(document.text)
    ]
    edits += _whitespace_edits(document.text, edits)
    text, offset_map, repairs = _apply(document.text, sorted(edits, key=lambda e: e.start))
    return NormalisedDocument(
        document_id=document.document_id,
        media_type=document.media_type,
        language=language,
        text=text,
        pages=_map_pages(document.pages, offset_map, len(text)),
        title=" ".join(document.title.split()),
        boxes=document.boxes.model_copy(
            update={
                "start": tuple(_norm_offset(offset_map, start) for start in document.boxes.start),
                "end": tuple(_norm_offset(offset_map, end) for end in document.boxes.end),
            }
        ),
        blocks=tuple(
            block.model_copy(
                update={
                    "start": _norm_offset(offset_map, block.start),
                    "end": _norm_offset(offset_map, block.end),
                    "marker_end": None
                    if block.marker_end is None
                    else _norm_offset(offset_map, block.marker_end),
                }
            )
            for block in document.blocks
        ),
        repairs=tuple(repairs),
        offset_map=tuple(offset_map),
        issues=tuple(issues),
    )


@cache
def _ligature_glyph() -> re.Pattern[str]:
    return re.compile("[" + "".join(ligature_glyphs()) + "]")


def detect_language(text: str) -> str:
    """The language whose common short words ``text`` uses most ("en" when unsure)."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    scores = {lang: sum(1 for w in words if w in vocab) for lang, vocab in language_words().items()}
    best = max(scores, key=lambda lang: scores[lang])
    return best if scores[best] > scores.get("en", 0) else "en"


@cache
def word_score(word: str, language: str) -> float:
    """How common ``word`` is (Zipf scale) in the document's language, or in any we read."""
    word = word.lower()
    score = zipf_frequency(word, language) if language in WORD_LANGUAGES else 0.0
    return max([score, *(zipf_frequency(word, lang) for lang in WORD_LANGUAGES)])


def repair_word(damaged: str, language: str) -> str | None:
    """The known word ``damaged`` was before it lost a ligature, or None."""
    best, best_score = None, KNOWN_WORD_ZIPF
    marks = re.compile(rf"{DAMAGE}|\t")
    for ligature in lost_ligatures():
        candidate = marks.sub(ligature, damaged)
        score = word_score(candidate, language)
        if score > best_score:
            best, best_score = candidate, score
    if best is None:
        return None
    return _match_case(damaged, best)


def _match_case(damaged: str, repaired: str) -> str:
    letters = [c for c in damaged if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return repaired.upper()
    return repaired


def _ligature_edits(document: RawDocument, language: str, issues: list[Issue]) -> list[Edit]:
    edits = []
    for match in _DAMAGED_WORD.finditer(document.text):
        damaged = match.group(0)
        if len(damaged) < 2:
            continue
        if len(document.boxes) and DAMAGE not in damaged:
            continue  # a PDF's tab parts two words (table cells), never a lost ligature
        repaired = repair_word(damaged, language)
        if repaired is None:
            if DAMAGE in damaged:
                issues.append(_unrepaired_issue(document, match))
            continue
        edits.append(Edit(match.start(), match.end(), repaired, "ligature"))
    return edits


def _unrepaired_issue(document: RawDocument, match: re.Match[str]) -> Issue:
    return make_issue(
        "ligature-unrepaired",
        document.document_id,
        start=match.start(),
        end=match.end(),
        source_text=match.group(0),
        word=match.group(0),
    )


def _hyphenation_edits(text: str, language: str, taken: list[Edit]) -> list[Edit]:
    edits = []
    for match in _HYPHENATED.finditer(text):
        if _overlaps(match.start(), match.end(), taken):
            continue
        joined = match.group(1) + match.group(2)
        hyphenated = f"{match.group(1)}-{match.group(2)}"
        if match.group(2)[0].islower() and word_score(joined, language) > max(
            KNOWN_WORD_ZIPF, word_score(hyphenated, language)
        ):
            edits.append(Edit(match.end(1), match.start(2), "", "hyphenation"))
    return edits


def _whitespace_edits(text: str, taken: list[Edit]) -> list[Edit]:
    edits: list[Edit] = []
    for pattern, replacement in _WHITESPACE_RULES:
        for match in pattern.finditer(text):
            if match.group(0) == replacement or _overlaps(
                match.start(), match.end(), taken + edits
            ):
                continue
            edits.append(Edit(match.start(), match.end(), replacement))
    return edits


def _overlaps(start: int, end: int, edits: list[Edit]) -> bool:
    return any(start < e.end and e.start < end for e in edits)


def _apply(raw: str, edits: list[Edit]) -> tuple[str, list[tuple[int, int]], list[Repair]]:
    parts: list[str] = []
    offset_map: list[tuple[int, int]] = [(0, 0)]
    repairs: list[Repair] = []
    raw_at, norm_at = 0, 0
    for edit in edits:
        parts.append(raw[raw_at : edit.start])
        norm_at += edit.start - raw_at
        if edit.kind:
            repairs.append(
                Repair(
                    kind=edit.kind,
                    raw_start=edit.start,
                    raw_end=edit.end,
                    norm_start=norm_at,
                    norm_end=norm_at + len(edit.replacement),
                    before=raw[edit.start : edit.end],
                    after=edit.replacement,
                )
            )
        parts.append(edit.replacement)
        offset_map.append((norm_at, edit.start))
        norm_at += len(edit.replacement)
        raw_at = edit.end
        offset_map.append((norm_at, raw_at))
    parts.append(raw[raw_at:])
    return "".join(parts), _compact(offset_map), repairs


def _compact(offset_map: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Drop anchors that the previous anchor already implies."""
    result: list[tuple[int, int]] = []
    for norm, raw in offset_map:
        if result and norm - result[-1][0] == raw - result[-1][1]:
            continue
        if result and result[-1][0] == norm:
            result[-1] = (norm, raw)
            continue
        result.append((norm, raw))
    return result


def _norm_offset(offset_map: list[tuple[int, int]], raw_offset: int) -> int:
    norm_at, raw_at = 0, 0
    for norm, raw in offset_map:
        if raw > raw_offset:
            break
        norm_at, raw_at = norm, raw
    return norm_at + (raw_offset - raw_at)


def _map_pages(
    pages: tuple[Page, ...], offset_map: list[tuple[int, int]], length: int
) -> tuple[Page, ...]:
    mapped = []
    for page in pages:
        start = min(_norm_offset(offset_map, page.start), length)
        end = min(_norm_offset(offset_map, page.end), length)
        mapped.append(Page(number=page.number, start=start, end=max(start, end)))
    return tuple(mapped)
