"""The section walk: the units of the text (``units.py``) read once, in order, opening
and closing sections.

Tables, footnotes and repeated blocks are claimed before the walk; then each unit opens a
section (a country headline, a sector's name heading a panel or a narrative, a heading
in capitals) or joins the open one. The walk reads units, never lines: what a unit is
was settled from its words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pipeline.issues import make_issue
from pipeline.models import HeadlineMatch, Issue, NormalisedDocument, Section, SectionKind, Span
from pipeline.segment.headings import is_regional_heading
from pipeline.segment.headlines import Headline, Unresolved, match_headline
from pipeline.segment.tables import find_tables
from pipeline.text import countries
from pipeline.vocab import fold
from pipeline.vocab.figures import bound_for, population_in
from pipeline.vocab.money import table_columns
from pipeline.vocab.sectors import sector_heading_of, sector_of, sector_topic_of

MIN_REPEAT_UNITS = 3
PANEL_UNITS = ("label", "value")


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
    """Walks the units once, opening and closing sections."""

    def __init__(self, document: NormalisedDocument, units: list[Span], scan_text: str) -> None:
        self.document = document
        self.lines = units
        self.scan_text = scan_text
        self.sections: list[Section] = []
        self.issues: list[Issue] = []
        self.headlines: list[HeadlineMatch] = []  # every headline the walk read
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
            index = self._unit(index)
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
            ("footnotes", self._runs_of("note")),
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

    def _runs_of(self, kind: str) -> list[tuple[int, int]]:
        """(first, last) of each run of consecutive units of ``kind``."""
        runs: list[tuple[int, int]] = []
        for index, unit in enumerate(self.lines):
            if unit.kind != kind:
                continue
            if runs and runs[-1][1] == index - 1:
                runs[-1] = (runs[-1][0], index)
            else:
                runs.append((index, index))
        return runs

    def _repeated_blocks(self) -> list[tuple[int, int]]:
        """Later copies of a run of at least three identical units."""
        texts = [" ".join(unit.text.split()) for unit in self.lines]
        where: dict[str, list[int]] = {}  # the positions of each unit text, in order
        for position, text in enumerate(texts):
            where.setdefault(text, []).append(position)
        blocks: list[tuple[int, int]] = []
        position = 0
        while position < len(texts):
            size = self._repeat_size(texts, position, where[texts[position]])
            if size >= MIN_REPEAT_UNITS:
                blocks.append((position, position + size - 1))
                position += size
            else:
                position += 1
        return blocks

    @staticmethod
    def _repeat_size(texts: list[str], position: int, same: list[int]) -> int:
        """How many units from ``position`` on copy an earlier run of units (``same``:
        the positions of the units with the same text as the one at ``position``)."""
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
        """Open the header section: the title's headings and the sentences after them, up
        to the next unit of another kind."""
        seen_sentence = False
        for index, unit in enumerate(self.lines):
            if index in self.claimed or unit.kind not in ("heading", "sentence"):
                return index
            if unit.kind == "heading" and (
                seen_sentence or self._heading_sector(unit) or _heading_country(unit)
            ):
                return index
            seen_sentence = seen_sentence or unit.kind == "sentence"
            self._append(index, "header")
        return len(self.lines)

    def _unit(self, index: int) -> int:
        unit = self.lines[index]
        text = self.scan_text[unit.start : unit.end]
        if unit.kind == "headline":
            return self._headline(index, text)
        if unit.kind == "heading":
            return self._heading(index, text)
        if self.open is not None and self.open.kind == "panel" and unit.kind not in PANEL_UNITS:
            self._close()
        following = self.lines[index + 1].kind if index + 1 < len(self.lines) else ""
        pair = unit.kind == "label" and following == "value"
        if pair and (self.open is None or self.open.kind not in ("panel", "country")):
            self._close()  # key figures with no sector's name before them
            self.open = _Open(kind="panel", start=unit.start)
        self._append(index, "prose")
        return index + 1

    def _headline(self, index: int, text: str) -> int:
        headline = match_headline(text)
        if isinstance(headline, Headline):
            self.headlines.append(_found(self.lines[index].start, headline))
            if headline.iso3 and not headline.population:
                self._country_section(index, headline)
                return index + 1
        if isinstance(headline, Unresolved):
            self._unresolved(self.lines[index], headline)
        self._append(index, "prose")
        return index + 1

    def _heading_sector(self, unit: Span) -> str:
        return sector_of(unit.text) or sector_heading_of(unit.text)

    def _heading(self, index: int, text: str) -> int:
        unit = self.lines[index]
        country = _heading_country(unit)
        if country is not None:  # "Colombia" over its narrative: that country's section
            return self._place_section(index, country)
        sector = self._heading_sector(unit)
        following = self.lines[index + 1].kind if index + 1 < len(self.lines) else ""
        if sector and following in PANEL_UNITS:
            return self._open_section(index, "panel", sector)
        if sector and following == "sentence":
            return self._open_section(index, "sector", sector)
        regional = is_regional_heading(text)
        topic = "" if regional else sector_topic_of(text)
        kind: SectionKind = "regional" if regional else "sector" if topic else "prose"
        if kind == "prose" and following == "sentence" and self._among_sectors(index):
            printed = " ".join(unit.text.split())
            self._issue("sector-unknown", unit, heading=printed)
            return self._open_section(index, "sector", printed)
        return self._open_section(index, kind, topic)

    def _among_sectors(self, index: int) -> bool:
        """Whether the heading at ``index`` stands in a run of the report's sector headings:
        the section before it and the next heading set the same way (capitals or not) are
        both headed by a sector's own name."""
        unit = self.lines[index]
        last = self.open or (self.sections[-1] if self.sections else None)
        if last is None or last.kind not in ("sector", "panel") or not last.sector:
            return False
        if not last.title or _in_capitals(last.title) != _in_capitals(unit.text):
            return False
        if not (sector_of(last.title) or sector_heading_of(last.title)):
            return False  # a heading about a sector's topic ("ACCESS TO WATER") is no list
        later = (
            u
            for u in self.lines[index + 1 :]
            if u.kind == "heading" and _in_capitals(u.text) == _in_capitals(unit.text)
        )
        following = next(later, None)
        return following is not None and bool(self._heading_sector(following))

    def _open_section(self, index: int, kind: SectionKind, sector: str) -> int:
        self._close()
        unit = self.lines[index]
        self.open = _Open(
            kind=kind,
            start=unit.start,
            sector=sector,
            title=" ".join(unit.text.split()),
            title_start=unit.start,
            title_end=unit.end,
        )
        self.open.lines.append(unit)
        return index + 1

    def _place_section(self, index: int, country: countries.CountryMatch) -> int:
        index = self._open_section(index, "country", "")
        assert self.open is not None
        self.open.country = self.open.title
        self.open.iso3 = country.iso3
        return index

    def _append(self, index: int, kind: SectionKind) -> None:
        unit = self.lines[index]
        if self.open is None:
            self.open = _Open(kind=kind, start=unit.start)
        self.open.lines.append(unit)

    def _country_section(self, index: int, headline: Headline) -> None:
        unit = self.lines[index]
        self._close()
        start = unit.start + headline.start
        self.open = _Open(
            kind="country",
            start=start,
            title=unit.text[headline.start : headline.end],
            title_start=start,
            title_end=unit.start + headline.end,
            country=headline.place,
            iso3=headline.iso3,
        )
        self.open.lines.append(unit)
        if headline.fuzzy:
            self._issue("country-fuzzy-match", unit, place=headline.place, iso3=headline.iso3)

    def _unresolved(self, unit: Span, headline: Unresolved) -> None:
        name = headline.name
        if sector_of(name) or bound_for(name) or fold(name) in table_columns():
            return
        if population_in(name) is not None:
            return
        detail = ""
        if headline.rejected is not None:
            detail = (
                f"; the nearest country, {headline.rejected.candidate_name}, was refused "
                f"(similarity {headline.rejected.ratio})"
            )
        self._issue("country-unresolved", unit, name=name, detail=detail)

    def _issue(self, code: str, unit: Span, **fields: Any) -> None:
        self.issues.append(
            make_issue(
                code,
                self.document.document_id,
                start=unit.start,
                end=unit.end,
                source_text=self.document.text[unit.start : unit.end],
                **fields,
            )
        )

    def _close(self) -> None:
        section = self.open
        self.open = None
        if section is None or not section.lines:
            return
        lines = section.lines
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


def _heading_country(unit: Span) -> countries.CountryMatch | None:
    """The country a heading is the name of, alone ("Colombia"), or None."""
    return countries.lookup(" ".join(unit.text.split()))


def _in_capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _found(offset: int, headline: Headline) -> HeadlineMatch:
    """The headline of the unit starting at ``offset``, in the document's offsets."""
    return HeadlineMatch(
        start=offset + headline.start,
        end=offset + headline.end,
        figure_start=offset + headline.figure_start,
        figure_end=offset + headline.figure_end,
        place=headline.place,
        iso3=headline.iso3,
        population=headline.population,
    )
