"""What every extractor needs to know about a document, computed once.

``Context`` holds the segmented document, the text figures are read in (footnote
markers, web addresses and quoted titles blanked out, as segment found them), the
figures segment found in it, the population its headlines count, and the figures
already claimed by an earlier extractor so no figure is reported twice. It also builds
records: a record that fails its model's constraints becomes an issue with the reason,
never a silent drop.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from pydantic import ValidationError

from pipeline.issues import CATALOGUE, make_issue
from pipeline.models import (
    Fate,
    Figure,
    Issue,
    Ledger,
    Record,
    Section,
    SegmentedDocument,
    WordBox,
    record_key,
)
from pipeline.text.numbers import Use, plain, resolve, tidy
from pipeline.text.tokens import flat, mask
from pipeline.vocab.figures import Population, population_named
from pipeline.vocab.numbers import plausible, scale_readings

MAX_VALUE_WORDS = 200  # the words a value may span, at most
R = TypeVar("R", bound=Record)

# A sentence ends at . ! ? (or a closing quote or bracket after one: 'community.”') before
# a capital, and before a bullet; a unit that segment cut (a heading, a label, a value, a
# cell) ends one too.
_SENTENCE_END = re.compile(
    r"(?:(?<=[.!?])|(?<=[.!?][”\"’»)]))\s+(?=[A-ZÀ-Ý“\"(¨¿¡0-9])|\s(?=[•▪●◦\uf0b7\uf0a7§]\s)"
)


@dataclass
class Context:
    doc: SegmentedDocument
    scan_text: str = ""
    figures: list[Figure] = field(default_factory=list)
    population: Population | None = None  # what the report's headline figures count
    has_headlines: bool = False  # country sections headed by a population figure
    claimed: set[int] = field(default_factory=set)  # start offsets of figures already used
    issues: list[Issue] = field(default_factory=list)
    # what became of the ledger's open tokens, by start offset: (fate, detail)
    settlements: dict[int, tuple[Fate, str]] = field(default_factory=dict)
    recorded: dict[Decimal, str] = field(default_factory=dict)  # value -> the first record
    _starts: list[int] = field(default_factory=list)
    _token_starts: list[int] = field(default_factory=list)
    units: list[tuple[int, int, str]] = field(default_factory=list)  # segment's, in order
    unit_starts: list[int] = field(default_factory=list)  # where they start
    _boundary_starts: list[int] = field(default_factory=list)  # sentence ends and units
    _boundary_ends: list[int] = field(default_factory=list)
    cache: dict[str, object] = field(default_factory=dict)  # what a reader computes once

    @classmethod
    def of(cls, doc: SegmentedDocument) -> Context:
        """The context of ``doc``, from what segment found: the figures, the spans whose
        digits are not figures, the population and the dollar."""
        spans = [(m.start, m.end) for m in doc.footnote_markers]
        spans += [(s.start, s.end) for s in doc.non_figures]
        scan_text = flat(mask(doc.text, spans))  # as segment read it: whitespace is nothing
        context = cls(doc=doc, scan_text=scan_text, figures=list(doc.figures))
        context._starts = [f.start for f in doc.figures]
        context._token_starts = [t.start for t in doc.ledger.tokens]
        context.units = sorted({(u.start, u.end, u.kind) for s in doc.sections for u in s.lines})
        context.unit_starts = [u[0] for u in context.units]
        boundaries = sorted(
            [m.span() for m in _SENTENCE_END.finditer(scan_text)]
            + [(start, start) for start in context.unit_starts]
        )
        context._boundary_starts = [b[0] for b in boundaries]
        context._boundary_ends = sorted(b[1] for b in boundaries)
        context.population = population_named(doc.population) if doc.population else None
        context.has_headlines = any(s.kind == "country" for s in doc.sections)
        return context

    # --- looking things up ---------------------------------------------------------------

    def figures_in(self, start: int, end: int) -> list[Figure]:
        low = bisect.bisect_left(self._starts, start)
        high = bisect.bisect_left(self._starts, end)
        return [f for f in self.figures[low:high] if f.end <= end]

    def page_of(self, offset: int) -> int | None:
        for page in self.doc.pages:
            if page.start <= offset <= page.end:
                return page.number
        return None

    def sections(self, *kinds: str) -> Iterator[Section]:
        return (s for s in self.doc.sections if not kinds or s.kind in kinds)

    def section_at(self, offset: int) -> Section | None:
        return next((s for s in self.doc.sections if s.start <= offset < s.end + 1), None)

    def sentence_span(self, offset: int, low: int = 0, high: int | None = None) -> tuple[int, int]:
        """The sentence around ``offset``, within [low, high): from the last sentence end
        or unit start before it to the first one after it."""
        high = len(self.doc.text) if high is None else high
        before = bisect.bisect_right(self._boundary_ends, offset) - 1
        start = max(low, self._boundary_ends[before]) if before >= 0 else low
        after = bisect.bisect_right(self._boundary_starts, offset)
        end = (
            min(high, self._boundary_starts[after]) if after < len(self._boundary_starts) else high
        )
        return start, max(end, start)

    def paragraph_span(self, offset: int, low: int = 0, high: int | None = None) -> tuple[int, int]:
        """The run of sentences around ``offset``, within [low, high): the sentence units
        next to the one holding it, up to a unit of another kind (a heading, a value)."""
        high = len(self.doc.text) if high is None else high
        index = bisect.bisect_right(self.unit_starts, offset) - 1
        if index < 0:
            return low, high
        first = last = index
        while (
            first > 0
            and self.units[first - 1][2] == "sentence"
            and self.units[first][2] == "sentence"
        ):
            first -= 1
        while last + 1 < len(self.units) and self.units[last + 1][2] == "sentence":
            last += 1
        return max(low, self.units[first][0]), min(high, self.units[last][1])

    def unit_start(self, offset: int) -> int:
        """Where the unit holding ``offset`` starts."""
        index = bisect.bisect_right(self.unit_starts, offset) - 1
        return self.unit_starts[index] if index >= 0 else 0

    def value_of(self, figure: Figure, use: Use) -> Decimal | None:
        """The figure's value, or None after recording the issue that says why not: it
        is ambiguous, negative, a power, or its scale word can mean two plausible sizes."""
        if figure.negative or figure.exponent:
            code = "figure-negative" if figure.negative else "figure-exponent"
            self.issue(code, figure.start, figure.end, figure=figure.text)
            return None
        resolved = resolve(figure, self.doc.convention, use)
        if resolved.value is not None and figure.scale_text in scale_readings():
            return self._scale_read(figure, resolved.value, use)
        if resolved.value is None:
            readings = " or ".join(str(r.value * figure.scale) for r in figure.readings)
            self.issue(
                "number-ambiguous", figure.start, figure.end, figure=figure.text, readings=readings
            )
        elif resolved.overridden:
            self.issue(
                "number-convention-override",
                figure.start,
                figure.end,
                figure=figure.text,
                value=plain(resolved.value),
                convention=resolved.overridden,
                use=use,
            )
        return resolved.value

    def _scale_read(self, figure: Figure, value: Decimal, use: Use) -> Decimal | None:
        """The one plausible reading of a scale word read two ways ("billones"), or None
        after the issue scale-ambiguous when both are plausible."""
        limits = plausible()
        limit = limits.money_limit(self.currency_of(figure)) if use == "money" else limits.people
        readings = [value / figure.scale * factor for factor in scale_readings()[figure.scale_text]]
        fitting = [r for r in readings if r <= limit]
        if len(fitting) == 1:
            return tidy(fitting[0])
        if not fitting:
            return value  # validate reports it as implausible
        shown = " or ".join(plain(tidy(r)) for r in readings)
        self.issue("scale-ambiguous", figure.start, figure.end, figure=figure.text, readings=shown)
        return None

    def report_period(self) -> dict[str, dt.date | None]:
        """``period_start``/``period_end`` of the period the report covers (or None)."""
        period = self.doc.period
        return {
            "period_start": period.start if period else None,
            "period_end": period.end if period else None,
        }

    def currency_of(self, figure: Figure) -> str:
        return self.doc.dollar if figure.currency == "dollar" else figure.currency

    # --- making records and issues -------------------------------------------------------

    def issue(self, code: str, start: int | None, end: int | None, **fields: Any) -> None:
        """Report ``code`` (``issues.CATALOGUE``) for the text at [start, end); a warning
        settles the figures there that nothing else settled."""
        if start is not None and end is not None and CATALOGUE[code].severity != "info":
            self._settle(start, end, "issue", code)
        self.issues.append(
            make_issue(
                code,
                self.doc.document_id,
                page=self.page_of(start) if start is not None else None,
                start=start,
                end=end,
                source_text=self.doc.text[start:end]
                if start is not None and end is not None
                else "",
                **fields,
            )
        )

    def bbox_of(self, start: int, end: int) -> str:
        """ "x0,top,x1,bottom" of the glyphs of text[start:end] on its page ("" for text)."""
        columns = self.doc.boxes
        if not len(columns):
            return ""
        low = max(bisect.bisect_right(columns.start, start) - 1, 0)
        boxes: list[WordBox] = []
        for index in range(low, len(columns)):
            if columns.start[index] >= end or len(boxes) == MAX_VALUE_WORDS:
                break  # the boxes are in text order: none further on can overlap
            if columns.end[index] > start:
                boxes.append(columns.at(index))
        boxes = [b for b in boxes if b.page == boxes[0].page] if boxes else []
        if not boxes:
            return ""
        spans = [_glyph_span(b, start, end) for b in boxes]
        edges = (
            min(x0 for x0, _ in spans),
            min(b.top for b in boxes),
            max(x1 for _, x1 in spans),
            max(b.bottom for b in boxes),
        )
        return ",".join(f"{edge:.2f}".rstrip("0").rstrip(".") for edge in edges)

    def record(
        self,
        model: type[R],
        start: int,
        end: int,
        value_span: tuple[int, int] | None = None,
        **fields: Any,
    ) -> R | None:
        """A record with its provenance; None (and an issue saying why) if it is invalid.
        ``value_span`` is where the value itself is printed: its glyphs give the bbox."""
        span = value_span or (start, end)
        try:
            record = model(
                document_id=self.doc.document_id,
                page=self.page_of(span[0]),
                char_start=start,
                char_end=end,
                source_text=self.doc.text[start:end],
                bbox=self.bbox_of(*span),
                **fields,
            )
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()
            )
            self.issue("record-invalid", start, end, model=model.__name__, problems=problems)
            return None
        if value_span is not None:
            self._settle(*value_span, "record", record_key(record), override=True)
        value = getattr(record, "value", None) or getattr(record, "amount", None)
        if isinstance(value, Decimal):
            self.recorded.setdefault(value, record_key(record))
        return record

    # --- the ledger ---------------------------------------------------------------------

    def _settle(
        self, start: int, end: int, fate: Fate, detail: str, override: bool = False
    ) -> None:
        """Settle the ledger's open tokens inside [start, end) (a record's settles over an
        issue's: the figure was read after all)."""
        tokens = self.doc.ledger.tokens
        for index in range(bisect.bisect_left(self._token_starts, start), len(tokens)):
            token = tokens[index]
            if token.start >= end:
                break
            if (
                token.fate == "open"
                and token.end <= end
                and (override or token.start not in self.settlements)
            ):
                self.settlements[token.start] = (fate, detail)

    def finish(self) -> Ledger:
        """The ledger with every token settled: a figure no extractor read is a repeat of
        the record with its value, or else the issue ``figure-unread``, so none is dropped
        without a trace."""
        by_start = {f.start: f for f in self.figures}
        for token in self.doc.ledger.tokens:
            if token.fate != "open" or token.start in self.settlements:
                continue
            repeated = self._repeat_of(by_start.get(token.start))
            if repeated:
                self.settlements[token.start] = ("repeat", repeated)
            else:
                self.issue("figure-unread", token.start, token.end, figure=token.text)
        return self.doc.ledger.settled(self.settlements)

    def _repeat_of(self, figure: Figure | None) -> str:
        """The record a figure no reader took repeats (the same value printed again: "these
        49 micro businesses", a highlight printed on two pages), or ""."""
        if figure is None:
            return ""
        value = resolve(figure, self.doc.convention, "any").value
        return self.recorded.get(value, "") if value is not None else ""

    def is_non_figure(self, figure: Figure) -> bool:
        """Whether segment's ledger settled the figure as a non-figure (a date, an age, a
        reference back: "these 49 businesses")."""
        index = bisect.bisect_left(self._token_starts, figure.start)
        tokens = self.doc.ledger.tokens
        return (
            index < len(tokens)
            and tokens[index].start == figure.start
            and tokens[index].fate == "non_figure"
        )

    def claim(self, figure: Figure) -> None:
        self.claimed.add(figure.start)

    def is_claimed(self, figure: Figure) -> bool:
        return figure.start in self.claimed


def _glyph_span(box: WordBox, start: int, end: int) -> tuple[float, float]:
    """x0 and x1 of the glyphs of text[start:end] that lie in ``box``'s word: from the
    glyphs' own edges when the word kept its length, else in proportion to its width."""
    first = max(start, box.start) - box.start
    last = min(end, box.end) - box.start
    length = box.end - box.start
    if first <= 0 and last >= length:
        return box.x0, box.x1
    if len(box.edges) == length + 1:
        return box.edges[first], box.edges[last]
    width = box.x1 - box.x0
    return box.x0 + width * first / length, box.x0 + width * last / length
