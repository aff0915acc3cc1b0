"""The units a report is read in, cut from its words and figures, not from its lines.

The token stream (``text/tokens.py``) is cut into units, each of a kind:

- ``heading``: a run of words in capitals ("KEY OPERATIONAL HIGHLIGHTS"), or a sector's
  name standing apart, before a panel or a narrative ("Food Security", "WASH");
- ``headline``: a place, a dash or colon and a figure ("Colombia - 1.7 M",
  "Venezuelan migrants and refugees in LAC - 4.6 million"), or a figure and a place in
  capitals ("2,31 M COLOMBIA");
- ``label`` and ``value``: in a key-figure panel, the words of a label, then its figure
  (with a few words printed after it: "25% rent");
- ``cell``: a cell of a table whose header names known columns;
- ``note``: a footnote;
- ``sentence``: everything else, up to the end of a sentence or the next unit of
  another kind.

A unit starts where the words say it does (a sentence's full stop, a figure that ends a
label, a heading's capitals), so the same text with its line breaks lost, or broken
elsewhere, is cut into the same units. The section walk then reads the units in order.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import cache

from pipeline.models import Figure, Span, UnitKind
from pipeline.segment.headlines import Headline, Unresolved, match_headline
from pipeline.text import countries
from pipeline.text.tokens import Token, tokenize
from pipeline.vocab import fold
from pipeline.vocab.figures import past_tense_endings
from pipeline.vocab.language import connectives
from pipeline.vocab.money import table_columns
from pipeline.vocab.places import region_of
from pipeline.vocab.sectors import sector_heading_of, sector_of

MIN_VERB_LETTERS = 3  # "ed", "red": too short for a verb
MAX_LABEL_WORDS = 12  # words of a panel label, at most
MAX_SECTOR_WORDS = 6  # words of a sector's name
MAX_HEADLINE_NAME = 12  # words before a headline's dash
MIN_CAPS_LETTERS = 6  # letters of a heading in capitals, at least
STRONG_HEADING_LETTERS = 14  # a heading in capitals that may interrupt a sentence
MAX_TRAILING_WORDS = 3  # lower-case words printed after a panel value ("25% rent")
MAX_COLUMN_WORDS = 4  # words of a table column's header
MIN_PANEL_PAIRS = 3  # labels and values in a row that make key figures with no heading
MAX_ABBREVIATION = 4  # letters of an abbreviation ending in a full stop ("Col.")
SENTENCE_STOPS = frozenset(".!?")
BULLETS = frozenset("•▪●◦■►➢\uf0b7\uf0a7§")
HEADLINE_DASHES = frozenset("-–—:")


@dataclass(frozen=True)
class Cut:
    kind: UnitKind
    first: int  # index of the unit's first token
    last: int  # index of its last token


class UnitCutter:
    """Cuts the tokens of a text into units, left to right, once."""

    def __init__(
        self,
        text: str,
        figures: list[Figure],
        open_figures: set[int],
        notes: list[int],
        breaks: frozenset[int] = frozenset(),
        headings: tuple[tuple[int, int], ...] = (),
    ) -> None:
        self.text = text
        self.tokens = tokenize(text, figures)
        # the tokens at which the layout starts a block read on its own
        starts = [t.start for t in self.tokens]
        self.breaks = {bisect.bisect_left(starts, offset) for offset in breaks} - {len(starts)}
        # headings by their type: first token -> last token
        self.headings: dict[int, int] = {}
        for start, end in headings:
            first, last = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end) - 1
            if first <= last < len(starts):
                self.headings[first] = last
                self.breaks |= {first, last + 1} - {len(starts)}
        self.open_figures = open_figures  # starts of the figures the ledger left open
        self.notes = set(notes)
        self.units: list[Cut] = []
        self.panel = False  # inside a key-figure panel: labels and values

    # --- what the tokens are --------------------------------------------------------------

    def _is_value(self, index: int) -> bool:
        token = self.tokens[index]
        return token.kind == "figure" and token.start in self.open_figures

    def _at_boundary(self, index: int) -> bool:
        """Whether a unit may start at ``index``: at the start, where the unit before
        ended, after a sentence's end, a bullet or a colon."""
        if index == 0 or not self.units or self.units[-1].last == index - 1:
            return True
        if index in self.breaks:
            return True
        previous = self.tokens[index - 1]
        return previous.kind == "punct" and (
            previous.text in SENTENCE_STOPS or previous.text in BULLETS or previous.text == ":"
        )

    def _sentence_ends_at(self, index: int) -> bool:
        """A full stop (or ! ?) followed by a space and a capital, a digit or a bullet."""
        token = self.tokens[index]
        if token.kind != "punct" or token.text not in SENTENCE_STOPS:
            return False
        if index + 1 >= len(self.tokens):
            return True
        following = self.tokens[index + 1]
        spaced = (
            self.text[token.end : following.start].strip() == "" and following.start > token.end
        )
        return spaced and (
            following.text[:1].isupper()
            or following.kind == "figure"
            or following.text in BULLETS
            or following.text[:1] in '“"('
        )

    # --- units of a kind ----------------------------------------------------------------

    def headline_at(self, index: int) -> int | None:
        """The last token of a headline starting at ``index``."""
        token = self.tokens[index]
        if token.kind == "figure":  # "2,31 M COLOMBIA"
            end = index
            while end + 1 < len(self.tokens) and self.tokens[end + 1].is_upper:
                end += 1
            if end > index and self._headline(index, end) is not None:
                return end
            return None
        if token.kind != "word" or not token.is_capitalised:
            return None
        for end in range(index + 1, min(index + MAX_HEADLINE_NAME + 2, len(self.tokens) - 1)):
            candidate = self.tokens[end]
            if candidate.kind == "punct" and candidate.text in HEADLINE_DASHES:
                figure = end + 1
                if self.tokens[figure].kind != "figure":
                    return None
                found = self._headline(index, figure)
                if found is None:
                    return None
                population = isinstance(found, Headline) and bool(found.population)
                return figure if population or self._ends_headline(figure) else None
            if candidate.kind != "word" or candidate.text in SENTENCE_STOPS:
                return None
        return None

    def _ends_headline(self, index: int) -> bool:
        """A headline's figure is not followed by what it counts ("Colombia - 1.7 M IOM")."""
        return index + 1 >= len(self.tokens) or not self.tokens[index + 1].is_lower

    def _headline(self, first: int, last: int) -> Headline | Unresolved | None:
        """The headline the tokens are: a known place and its figure, or a name shaped
        like one (which the walk reports when it is no known place)."""
        span = self.text[self.tokens[first].start : self.tokens[last].end]
        found = match_headline(span)
        if isinstance(found, Headline) and found.start == 0:
            return found
        if isinstance(found, Unresolved) and found.name_start == 0:
            return found
        return None

    def caps_heading_at(self, index: int) -> int | None:
        """The last token of a heading in capitals starting at ``index``."""
        end = index
        letters = 0
        while end < len(self.tokens):
            token = self.tokens[end]
            following_upper = end + 1 < len(self.tokens) and self.tokens[end + 1].is_upper
            inside = end > index and (
                (token.kind == "punct" and token.text in ":&-–/")
                or (token.kind == "word" and token.text.isupper() and following_upper)  # "Y"
            )
            if token.is_upper or inside:
                letters += sum(c.isalpha() for c in token.text)
                end += 1
                continue
            break
        end -= 1
        while end >= index and self.tokens[end].kind == "punct":
            end -= 1
        words = [t for t in self.tokens[index : end + 1] if t.kind == "word"]
        if len(words) < 2 or letters < MIN_CAPS_LETTERS or max(len(w.text) for w in words) < 5:
            return None
        following = self.tokens[end + 1] if end + 1 < len(self.tokens) else None
        inside = index > 0 and not self._after_break(index)
        if inside and (not _strong(words) or _in_list(self.tokens[index - 1], following)):
            return None  # a name in capitals inside a sentence ("CREA TU ESPACIO Foundation")
        name = " ".join(w.text for w in words)
        if following is not None and following.kind == "figure":
            return None  # a map's label before its figure
        preceding = self.tokens[index - 1] if index > 0 else None
        if preceding is not None and preceding.kind == "figure" and countries.find_countries(name):
            return None  # a map's label after its figure ("34 K DOMINICAN REPUBLIC ...")
        if region_of(name) or countries.lookup(name) or _all_places(name):
            return None
        return end

    def sector_at(self, index: int, apart: bool = True) -> int | None:
        """The last token of a sector's name standing apart at ``index`` ("Food Security",
        "Humanitarian Transportation", "WASH"): at a unit's boundary (unless ``apart`` is
        False: inside a panel, where a label may end without its value)."""
        if not self.tokens[index].is_capitalised or (apart and not self._at_boundary(index)):
            return None
        best = None
        words: list[str] = []
        for end in range(index, min(index + MAX_SECTOR_WORDS, len(self.tokens))):
            token = self.tokens[end]
            if token.kind == "figure" or (token.kind == "punct" and token.text not in "&/,-"):
                break
            words.append(token.text)
            joined = " ".join(words).replace(" / ", "/").replace(" ,", ",")
            if token.kind == "word" and (
                sector_of(joined) or (end == index and sector_heading_of(joined))
            ):
                best = end
        if best is None or best + 1 >= len(self.tokens):
            return None
        following = self.tokens[best + 1]
        if following.is_lower:
            return None  # "Education supplies provided": a label, not the sector's heading
        return best

    def table_header_at(self, index: int) -> list[tuple[int, int]] | None:
        """The cells of a table header (known column names, one after another) at
        ``index``: [(first, last)] token indices, or None."""
        cells: list[tuple[int, int]] = []
        columns: list[str] = []
        position = index
        while position < len(self.tokens):
            found = None
            for end in range(
                min(position + MAX_COLUMN_WORDS, len(self.tokens)) - 1, position - 1, -1
            ):
                if any(t.kind != "word" for t in self.tokens[position : end + 1]):
                    continue
                key = fold(" ".join(t.text for t in self.tokens[position : end + 1]))
                known = table_columns().get(key)
                if known is not None and known[0] not in columns:
                    found = (end, known[0])
                    break
            if found is None:
                break
            cells.append((position, found[0]))
            columns.append(found[1])
            position = found[0] + 1
        if len(columns) < 2 or "amount" not in columns or columns[0] == "amount":
            return None
        return cells

    def note_at(self, index: int) -> bool:
        return self.tokens[index].start in self.notes

    # --- the cut ---------------------------------------------------------------------------

    def cut(self) -> list[Cut]:
        index = 0
        while index < len(self.tokens):
            index = self._unit(index)
        return self.units

    def _emit(self, kind: UnitKind, first: int, last: int) -> int:
        self.units.append(Cut(kind, first, last))
        return last + 1

    def _unit(self, index: int) -> int:
        token = self.tokens[index]
        if token.kind == "punct" and token.text in BULLETS:
            self.panel = False
            return self._sentence(index + 1, index)
        if self.note_at(index):
            self.panel = False
            number_end = index + 1
            if number_end < len(self.tokens) and self.tokens[number_end].text in ".)":
                number_end += 1  # "1. Results": the note's own mark, not a sentence's end
            return self._sentence(number_end, index, kind="note")
        header = self.table_header_at(index) if token.kind == "word" else None
        if header is not None:
            self.panel = False
            return self._table(header)
        headline = self.headline_at(index)
        if headline is not None:
            self.panel = self.panel and self.tokens[index].kind != "figure"
            return self._emit("headline", index, headline)
        typeset = self.headings.get(index)
        if typeset is not None and token.kind == "word":
            # a sector's key figures follow its name; after another heading, key figures
            # are found as a run of pairs
            named = self.sector_at(index, apart=False) is not None
            self.panel = named and self._pair_at(typeset + 1) is not None
            return self._emit("heading", index, typeset)
        caps = self.caps_heading_at(index) if token.is_upper else None
        sector = self.sector_at(index) if token.kind == "word" else None
        if sector is not None and (caps is None or sector >= caps):
            self.panel = self._pair_at(sector + 1) is not None
            return self._emit("heading", index, sector)
        if caps is not None:
            self.panel = False
            return self._emit("heading", index, caps)
        if not self.panel and self._at_boundary(index) and self._panel_run(index):
            self.panel = True  # "People in need 310,200 In transit 20,400 ...": key figures
        if self.panel:
            return self._panel_unit(index)
        return self._sentence(index, index)

    def _panel_unit(self, index: int) -> int:
        """A label and its value, or the label after the panel's last value; else the
        panel is over and a sentence starts."""
        pair = self._pair_at(index)
        if pair is not None:
            label_last, value_last = pair
            if label_last >= index:
                self._emit("label", index, label_last)
            return self._emit("value", label_last + 1, value_last)
        trailing = self._trailing_label(index)
        self.panel = False
        if trailing is not None:
            return self._emit("label", index, trailing)
        return self._sentence(index, index)

    def _panel_run(self, index: int) -> bool:
        """Whether key figures start at ``index`` with no heading before them: a label and
        its value, at least ``MIN_PANEL_PAIRS`` times, one right after the other."""
        position = index
        for _ in range(MIN_PANEL_PAIRS):
            if position >= len(self.tokens) or not self.tokens[position].is_capitalised:
                return False
            pair = self._pair_at(position)
            if pair is None or pair[0] < position:
                return False
            position = pair[1] + 1
        return True

    def _pair_at(self, index: int) -> tuple[int, int] | None:
        """(last token of the label, last token of the value) of a label and its value
        starting at ``index``: a few words, the first capitalised, then a figure."""
        position = index
        words = 0
        while position < len(self.tokens) and not self._is_value(position):
            token = self.tokens[position]
            stop = token.kind == "punct" and (token.text in SENTENCE_STOPS or token.text in BULLETS)
            if stop and not self._abbreviation_dot(position):
                return None
            if position > index and (
                self.note_at(position)
                or position in self.breaks
                or self.headline_at(position) is not None
                or self.sector_at(position, apart=False) is not None
            ):
                return None
            words += token.kind != "punct"
            if words > MAX_LABEL_WORDS:
                return None
            position += 1
        if position >= len(self.tokens) or (position > index and position in self.breaks):
            return None
        first = self.tokens[index]
        if position > index and not (
            first.is_capitalised or first.kind == "figure" or first.text in "%#*"
        ):
            return None
        if self._counts_words_after(position):
            return None  # "partners reopened 12 health centres in ...": a sentence's figure
        if self._subject_and_verb(index, position):
            return None  # "UNICEF restored 40 ...": a sentence, not a label
        if position > index and _joins_what_follows(self.tokens[position - 1]):
            return None  # "In May, 40 ...", "impact across 3 ...": the figure goes on a clause
        return position - 1, self._value_end(position)

    def _subject_and_verb(self, first: int, end: int) -> bool:
        """Whether the words from ``first`` to ``end`` hold an organisation's acronym
        followed by a verb in the past ("ALPHA assisted"): a clause; a label names what
        is counted ("Kits distributed", "GBV survivors assisted")."""
        for position in range(first, end - 1):
            token, following = self.tokens[position], self.tokens[position + 1]
            acronym = token.kind == "word" and token.is_upper and len(token.text) > 1
            if acronym and following.is_lower and _past_tense(following.text):
                return True
        return False

    def _abbreviation_dot(self, index: int) -> bool:
        """ "Col. Returnees": the full stop of a short capitalised abbreviation, with a
        capitalised word after it, inside a label."""
        if index == 0 or index + 1 >= len(self.tokens) or self.tokens[index].text != ".":
            return False
        before, after = self.tokens[index - 1], self.tokens[index + 1]
        return (
            before.is_capitalised
            and len(before.text) <= MAX_ABBREVIATION
            and after.is_capitalised
            and before.end == self.tokens[index].start
        )

    def _counts_words_after(self, index: int) -> bool:
        """Whether the figure at ``index`` is followed by the running words of a sentence
        (more lower-case words than a value's few, or words up to a full stop)."""
        position = index + 1
        while position < len(self.tokens) and (
            self.tokens[position].is_lower or self.tokens[position].text == ","
        ):
            position += 1
        words = position - index - 1
        if words == 0:
            return False
        return words > MAX_TRAILING_WORDS or (
            position < len(self.tokens) and self._sentence_ends_at(position)
        )

    def _value_end(self, index: int) -> int:
        """The last token of a value: its figure, and a few lower-case words printed after
        it before the next label ("25% rent")."""
        end = index
        while (
            end + 1 < len(self.tokens)
            and end - index < MAX_TRAILING_WORDS
            and self.tokens[end + 1].is_lower
            and (end + 2 >= len(self.tokens) or not self.tokens[end + 2].is_lower)
        ):
            end += 1
        return end

    def _trailing_label(self, index: int) -> int | None:
        """The last token of a label printed after the panel's last value, with no figure
        of its own: a few words up to a note, a heading or a sentence's end."""
        position = index
        last = None
        while position < len(self.tokens) and position - index <= MAX_LABEL_WORDS:
            token = self.tokens[position]
            if self.note_at(position) or self._is_value(position):
                break
            if position > index and position in self.breaks:
                break
            if token.kind == "punct" and (token.text in SENTENCE_STOPS or token.text in BULLETS):
                return None
            if position > index and (
                self.sector_at(position, apart=False) is not None
                or (token.is_upper and self.caps_heading_at(position) is not None)
            ):
                break
            last = position
            position += 1
        if last is None or not self.tokens[index].is_capitalised:
            return None
        if position < len(self.tokens) and self._is_value(position):
            return None
        return last

    def _sentence(self, index: int, first: int, kind: UnitKind = "sentence") -> int:
        """A sentence (or a note) from ``first``: to its full stop, or to where a unit of
        another kind starts."""
        position = index
        while position < len(self.tokens):
            if position > index and self._starts_unit(position):
                return self._emit(kind, first, position - 1) if position > first else position
            if self._sentence_ends_at(position):
                return self._emit(kind, first, position)
            position += 1
        return self._emit(kind, first, len(self.tokens) - 1)

    def _starts_unit(self, index: int) -> bool:
        token = self.tokens[index]
        if index in self.breaks:
            return True
        if token.kind == "punct":
            return token.text in BULLETS
        if self.note_at(index):
            return True
        if self.headline_at(index) is not None and (
            token.kind == "figure" or self._after_break(index)
        ):
            return True
        if token.is_upper and self.caps_heading_at(index) is not None:
            return True
        if token.is_capitalised and self._after_break(index) and self.sector_at(index) is not None:
            return True
        previous = self.tokens[index - 1]
        if self._opens_sentence(index):
            # "Needs The ILO's ...": a heading in words, then a sentence
            return previous.kind == "word" and not previous.is_lower
        if token.is_capitalised and not previous.is_lower:
            # "UNICEF Response WASH In the South": a sector's name before a sentence
            name_end = self.sector_at(index, apart=False)
            return name_end is not None and self._opens_sentence(name_end + 1)
        return bool(token.kind == "word" and self.table_header_at(index) is not None)

    def _opens_sentence(self, index: int) -> bool:
        """A capitalised small word that opens a sentence ("The", "In", "La", "En")."""
        if index >= len(self.tokens):
            return False
        token = self.tokens[index]
        return token.is_capitalised and token.key in _sentence_openers()

    def _after_break(self, index: int) -> bool:
        """Whether a sentence may end before ``index``: after a full stop, a colon, a
        bullet, a bracket closed or a figure, not inside a run of words."""
        previous = self.tokens[index - 1]
        return previous.kind == "figure" or (
            previous.kind == "punct" and (previous.text in ".!?:)" or previous.text in BULLETS)
        )

    def _table(self, header: list[tuple[int, int]]) -> int:
        for first, last in header:
            self._emit("cell", first, last)
        position = header[-1][1] + 1
        while position < len(self.tokens):
            end = self._cell_at(position)
            if end is None:
                break
            position = self._emit("cell", position, end)
        return position

    def _cell_at(self, index: int) -> int | None:
        """A table cell: a place, a sector or an amount."""
        token = self.tokens[index]
        if token.kind == "figure":
            return index
        for end in range(min(index + MAX_SECTOR_WORDS, len(self.tokens)) - 1, index - 1, -1):
            span = self.tokens[index : end + 1]
            if any(t.kind == "figure" for t in span) or span[-1].kind != "word":
                continue
            text = self.text[span[0].start : span[-1].end]
            if region_of(text) or countries.lookup(text) or sector_of(text):
                return end
        return None


@cache
def _sentence_openers() -> frozenset[str]:
    return connectives("determiners") | connectives("in")


def _strong(words: list[Token]) -> bool:
    """A heading that interrupts a sentence (a side box set inside a column): two words
    of five letters or more, fourteen letters in all ("KEY OPERATIONAL HIGHLIGHTS")."""
    long = [w for w in words if len(w.text) >= 5]
    return len(long) >= 2 and sum(len(w.text) for w in words) >= STRONG_HEADING_LETTERS


def _past_tense(word: str) -> bool:
    """ "assisted", "restored", "distribuyó", "entregou": a verb in the past, by its
    ending."""
    return word.lower().endswith(past_tense_endings()) and len(word) > MIN_VERB_LETTERS


def _joins_what_follows(token: Token) -> bool:
    """A comma, a bracket, a preposition, "and", an article or a word of quantity right
    before a figure: the figure continues the words before it ("In May, 40 kits ...",
    "across 3 regions", "all seven regions", "41 SAM and 214 MAM cases"); a label ends on
    what it names."""
    if token.kind == "punct":
        return token.text in ",("
    word = fold(token.text)
    keys = ("of", "at", "to", "for", "and", "determiners", "quantifiers")
    return any(word in connectives(key) for key in keys)


def _in_list(preceding: Token, following: Token | None) -> bool:
    """Capitals between commas or brackets inside a sentence ("(ALPHA, BETA GAMMA, ...)"):
    a name in a list, never a heading."""
    return (preceding.kind == "punct" and preceding.text in ",(") or (
        following is not None and following.kind == "punct" and following.text in ",)"
    )


def _all_places(name: str) -> bool:
    """A run of place names ("COLOMBIA ECUADOR PERU"): labels of a map, not a heading."""
    mentions = countries.find_countries(name)
    covered = sum(m.end - m.start for m in mentions)
    rest = fold(name).replace(" and ", " ")
    return bool(mentions) and covered >= len(rest.replace(" ", "")) * 0.6


def cut_units(
    text: str,
    figures: list[Figure],
    open_figures: set[int],
    notes: list[int],
    breaks: frozenset[int] = frozenset(),
    headings: tuple[tuple[int, int], ...] = (),
) -> list[Span]:
    """The units of ``text`` (its masked, flattened scan text), in order; a unit starts
    at each of ``breaks`` (where the layout starts a block read on its own), and each of
    ``headings`` (headings by their type) is a heading unit."""
    cutter = UnitCutter(text, figures, open_figures, notes, breaks, headings)
    units = []
    for cut in cutter.cut():
        start, end = cutter.tokens[cut.first].start, cutter.tokens[cut.last].end
        units.append(Span(start=start, end=end, text=text[start:end], kind=cut.kind))
    return units
