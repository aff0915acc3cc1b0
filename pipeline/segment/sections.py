"""The section walk: the lines of the text read once, opening and closing sections.

Tables, footnote blocks and repeated blocks are claimed before the walk; then each line
opens a section (a country headline, a sector name heading a panel or a narrative, a
heading in capitals, a short heading line between blank lines) or joins the open one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pipeline.issues import make_issue
from pipeline.models import (
    HeadlineMatch,
    Issue,
    NormalisedDocument,
    Section,
    SectionKind,
    Span,
)
from pipeline.segment.footnotes import FOOTNOTE_LINE, footnote_markers, note_number
from pipeline.segment.headings import is_regional_heading, sector_heading
from pipeline.segment.headlines import Headline, Unresolved, match_headline
from pipeline.segment.tables import find_tables
from pipeline.text.lines import is_caps_heading, is_label, is_prose, value_line
from pipeline.vocab import fold
from pipeline.vocab.figures import bound_for, population_in
from pipeline.vocab.money import table_columns
from pipeline.vocab.sectors import sector_topic_of

MIN_REPEAT_LINES = 3


MAX_HEADING_WORDS = 8


@dataclass
class _Open:
    kind: SectionKind
    start: int
    title: str = ""
    title_start: int | None = None
    title_end: int | None = None
    sector: str = ""
    country: str = ""
    iso3: str = ""
    lines: list[Span] = field(default_factory=list)


class SectionWalk:
    """Walks the lines once, opening and closing sections."""

    def __init__(self, document: NormalisedDocument, lines: list[Span], scan_text: str) -> None:
        self.document = document
        self.lines = lines
        self.scan_text = scan_text
        self.sections: list[Section] = []
        self.issues: list[Issue] = []
        self.headlines: list[HeadlineMatch] = []  # every headline line the walk read
        self.open: _Open | None = None
        self.claimed = self._claim_blocks()

    def run(self) -> None:
        index = self._header()
        self._close()
        while index < len(self.lines):
            if index in self.claimed:
                section, last = self.claimed[index]
                self._close()
                self.sections.append(section)
                index = last + 1
                continue
            index = self._line(index)
        self._close()

    # blocks known before the walk: tables, footnotes, repeated blocks
    def _claim_blocks(self) -> dict[int, tuple[Section, int]]:
        claimed: dict[int, tuple[Section, int]] = {}
        for found in find_tables(self.lines, self.document.language):
            top, bottom = self.lines[found.first_line], self.lines[found.last_line]
            claimed[found.first_line] = (
                Section(
                    kind="table",
                    start=top.start,
                    end=bottom.end,
                    title=found.table.title,
                    lines=tuple(self.lines[found.first_line : found.last_line + 1]),
                    table=found.table,
                ),
                found.last_line,
            )
        blocks: list[tuple[SectionKind, list[tuple[int, int]]]] = [
            ("footnotes", self._footnote_blocks()),
            ("repeat", self._repeated_blocks()),
        ]
        for kind, spans in blocks:
            for first, last in spans:
                if not any(start <= first <= end for start, (_, end) in claimed.items()):
                    claimed[first] = (self._plain_section(kind, first, last), last)
        return claimed

    def _plain_section(self, kind: SectionKind, first: int, last: int) -> Section:
        lines = tuple(self.lines[first : last + 1])
        return Section(kind=kind, start=lines[0].start, end=lines[-1].end, lines=lines)

    def _footnote_blocks(self) -> list[tuple[int, int]]:
        markers = {note_number(m.text) for m in footnote_markers(self.document.text, self.lines)}
        blocks: list[tuple[int, int]] = []
        for index, line in enumerate(self.lines):
            match = FOOTNOTE_LINE.match(line.text)
            if not match or note_number(match.group(1)) not in markers:
                continue
            if blocks and all(
                not self.lines[i].text.strip() for i in range(blocks[-1][1] + 1, index)
            ):
                blocks[-1] = (blocks[-1][0], index)
            else:
                blocks.append((index, index))
        return blocks

    def _repeated_blocks(self) -> list[tuple[int, int]]:
        """Later copies of a run of at least three identical non-empty lines."""
        content = [(i, line.text.strip()) for i, line in enumerate(self.lines) if line.text.strip()]
        texts = [t for _, t in content]
        where: dict[str, list[int]] = {}  # the positions of each line text, in order
        for position, text in enumerate(texts):
            where.setdefault(text, []).append(position)
        blocks: list[tuple[int, int]] = []
        position = 0
        while position < len(content):
            size = self._repeat_size(texts, position, where[texts[position]])
            if size >= MIN_REPEAT_LINES:
                blocks.append((content[position][0], content[position + size - 1][0]))
                position += size
            else:
                position += 1
        return blocks

    @staticmethod
    def _repeat_size(texts: list[str], position: int, same: list[int]) -> int:
        """How many lines from ``position`` on copy an earlier run of lines (``same``:
        the positions of the lines with the same text as the one at ``position``)."""
        best = 0
        for earlier in same:
            if earlier >= position:
                break
            size = 0
            while (
                position + size < len(texts)
                and earlier + size < position
                and texts[earlier + size] == texts[position + size]
            ):
                size += 1
            best = max(best, size)
        return best

    # the walk
    def _header(self) -> int:
        """Open the header section: title lines and the first paragraph."""
        seen_content = False
        for index, line in enumerate(self.lines):
            text = line.text.strip()
            if index in self.claimed or (seen_content and is_caps_heading(text)):
                return index
            if text and (
                match_headline(self.scan_text[line.start : line.end]) is not None
                or sector_heading(self.lines, index) is not None
            ):
                return index
            if seen_content and not text:
                self._append(index, "header")
                return index + 1
            if text and is_prose(text):
                seen_content = True
            self._append(index, "header")
        return len(self.lines)

    def _line(self, index: int) -> int:
        line = self.lines[index]
        text = self.scan_text[line.start : line.end]
        if not text.strip():
            if self.open is not None:
                self.open.lines.append(line)
            return index + 1
        headline = match_headline(text)
        if isinstance(headline, Headline):
            self.headlines.append(_found(line.start, headline))
        if isinstance(headline, Headline) and headline.iso3 and not headline.population:
            self._country_section(index, headline)
            return index + 1
        if isinstance(headline, Unresolved):
            self._unresolved(line, headline)
        heading = sector_heading(self.lines, index)
        if heading is not None and self._panel_follows(index + heading[1]):
            self._panel_section(index, *heading, kind="panel")
            return index + heading[1]
        if heading is not None and self._prose_follows(index + heading[1]):
            self._panel_section(index, *heading, kind="sector")
            return index + heading[1]
        if is_caps_heading(text):
            topic = "" if is_regional_heading(text) else sector_topic_of(text)
            kind: SectionKind = (
                "regional" if is_regional_heading(text) else "sector" if topic else "prose"
            )
            self._close()
            self.open = _Open(
                kind=kind,
                sector=topic,
                start=line.start,
                title=" ".join(text.split()),  # footnote marks left out
                title_start=line.start,
                title_end=line.end,
            )
            self.open.lines.append(line)
            return index + 1
        if (self.open is None or self.open.kind != "panel") and self._is_heading(index, text):
            topic = sector_topic_of(text)
            self._close()
            self.open = _Open(
                kind="sector" if topic else "prose",
                sector=topic,
                start=line.start,
                title=" ".join(text.split()),
                title_start=line.start,
                title_end=line.end,
            )
            self.open.lines.append(line)
            return index + 1
        if self.open is not None and self.open.kind == "panel" and not self._panel_line(text):
            self._close()
        self._append(index, "prose")
        return index + 1

    def _is_heading(self, index: int, text: str) -> bool:
        """A short capitalised line with blank lines around it and no figure or closing
        punctuation: a heading, whatever its case ("Water and sanitation")."""
        words = text.split()
        if not 1 <= len(words) <= MAX_HEADING_WORDS or not words[0][:1].isupper():
            return False
        if text.rstrip()[-1:] in ".,;:!?" or any(c.isdigit() for c in text) or is_prose(text):
            return False
        before = self.lines[index - 1].text.strip() if index > 0 else ""
        after = self.lines[index + 1].text.strip() if index + 1 < len(self.lines) else ""
        return not before and not after

    def _append(self, index: int, kind: SectionKind) -> None:
        line = self.lines[index]
        if self.open is None:
            self.open = _Open(kind=kind, start=line.start)
        self.open.lines.append(line)

    def _panel_line(self, text: str) -> bool:
        return value_line(text, self.document.language) is not None or is_label(text)

    def _panel_follows(self, index: int) -> bool:
        """A sector name heads a panel only if label and value lines come next."""
        seen_value = False
        for line in self.lines[index : index + 12]:
            text = self.scan_text[line.start : line.end].strip()
            if not text:
                continue
            if value_line(text, self.document.language) is not None:
                seen_value = True
                break
            if not is_label(text):
                return False
        return seen_value

    def _prose_follows(self, index: int) -> bool:
        """A sector name heads a section of narrative when prose comes next."""
        following = next((line for line in self.lines[index:] if line.text.strip()), None)
        return following is not None and is_prose(self.scan_text[following.start : following.end])

    def _panel_section(self, index: int, sector: str, size: int, kind: SectionKind) -> None:
        """Open a sector's panel (label and value lines) or narrative section."""
        self._close()
        first, last = self.lines[index], self.lines[index + size - 1]
        self.open = _Open(
            kind=kind,
            start=first.start,
            sector=sector,
            title=" ".join(line.text.strip() for line in self.lines[index : index + size]),
            title_start=first.start,
            title_end=last.end,
        )
        self.open.lines.extend(self.lines[index : index + size])

    def _country_section(self, index: int, headline: Headline) -> None:
        line = self.lines[index]
        if headline.start > 0 and self.open is not None:
            before = line.text[: headline.start].rstrip()
            self.open.lines.append(
                Span(start=line.start, end=line.start + len(before), text=before)
            )
        self._close()
        start = line.start + headline.start
        self.open = _Open(
            kind="country",
            start=start,
            title=line.text[headline.start : headline.end],
            title_start=start,
            title_end=line.start + headline.end,
            country=headline.place,
            iso3=headline.iso3,
        )
        self.open.lines.append(Span(start=start, end=line.end, text=line.text[headline.start :]))
        if headline.fuzzy:
            self._issue("country-fuzzy-match", line, place=headline.place, iso3=headline.iso3)

    def _unresolved(self, line: Span, headline: Unresolved) -> None:
        name = headline.name
        if sector_heading([line], 0) or bound_for(name) or fold(name) in table_columns():
            return
        if population_in(name) is not None:
            return
        detail = ""
        if headline.rejected is not None:
            detail = (
                f"; the nearest country, {headline.rejected.candidate_name}, was refused "
                f"(similarity {headline.rejected.ratio})"
            )
        self._issue("country-unresolved", line, name=name, detail=detail)

    def _issue(self, code: str, line: Span, **fields: Any) -> None:
        self.issues.append(
            make_issue(
                code,
                self.document.document_id,
                start=line.start,
                end=line.end,
                source_text=line.text,
                **fields,
            )
        )

    def _close(self) -> None:
        section = self.open
        self.open = None
        if section is None:
            return
        lines = section.lines
        while lines and not lines[-1].text.strip():
            lines.pop()
        if not lines:
            return
        self.sections.append(
            Section(
                kind=section.kind,
                start=section.start,
                end=lines[-1].end,
                title=section.title,
                title_start=section.title_start,
                title_end=section.title_end,
                sector=section.sector,
                country=section.country,
                iso3=section.iso3,
                lines=tuple(lines),
            )
        )


def _found(offset: int, headline: Headline) -> HeadlineMatch:
    """The headline of the line starting at ``offset``, in the document's offsets."""
    return HeadlineMatch(
        start=offset + headline.start,
        end=offset + headline.end,
        figure_start=offset + headline.figure_start,
        figure_end=offset + headline.figure_end,
        place=headline.place,
        iso3=headline.iso3,
        population=headline.population,
    )
