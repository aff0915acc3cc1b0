"""Tables whose rows are sectors: each sector's name, then its values, one per column.

"Sector  Personas Atendidas  Proyectos / Salud 12.400 31 / Protección 8.950 12 /
Educación 3.210 9": three rows or more in a row, each a sector's name followed by the
same number of values, make a table. The column names are the last title-case phrases
printed before the first row, as many as a row has values ("Personas Atendidas",
"Proyectos"); a table whose header does
not give that many names is not read, and its values stay for the issues. The n-th value
of a row is that sector's indicator for the n-th column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.extract.context import Context
from pipeline.extract.phrases import is_countable, tokenize
from pipeline.extract.statuses import label_status
from pipeline.models import Figure, SectorIndicator
from pipeline.text.tokens import Token
from pipeline.vocab.numbers import unit_of
from pipeline.vocab.sectors import sector_of

MIN_ROWS = 3  # rows of a sector table, at least
MAX_SECTOR_WORDS = 6  # words of a sector's name
MAX_HEADER_CHARS = 120  # the header is printed within this many characters before row one
_CONNECTORS = frozenset({"de", "del", "of", "y", "e", "and", "et", "da", "do", "des", "du", "&"})


@dataclass(frozen=True)
class _Row:
    sector: str
    start: int  # where the sector's name starts
    end: int  # where its last value ends
    values: tuple[Figure, ...]


def extract(context: Context) -> list[SectorIndicator]:
    tokens = tokenize(context, 0, len(context.scan_text))
    records: list[SectorIndicator] = []
    for table in _tables(context, tokens):
        columns = _columns(context, table[0].start, len(table[0].values))
        if columns is None:
            continue
        for row in table:
            for column, figure in zip(columns, row.values, strict=True):
                record = _record(context, row, column, figure)
                if record is not None:
                    records.append(record)
    return records


def _tables(context: Context, tokens: list[Token]) -> list[list[_Row]]:
    rows = _rows(context, tokens)
    tables: list[list[_Row]] = []
    run: list[_Row] = []
    for row in rows:
        joined = (
            run
            and len(row.values) == len(run[-1].values)
            and not context.scan_text[run[-1].end : row.start].strip(" ,;")
        )
        if not joined:
            if len(run) >= MIN_ROWS:
                tables.append(run)
            run = []
        run.append(row)
    if len(run) >= MIN_ROWS:
        tables.append(run)
    return tables


def _rows(context: Context, tokens: list[Token]) -> list[_Row]:
    """Every sector's name followed right away by one value or more."""
    rows = []
    index = 0
    while index < len(tokens):
        found = _sector_at(tokens, index)
        if found is None:
            index += 1
            continue
        sector, last = found
        values: list[Figure] = []
        position = last + 1
        while position < len(tokens) and tokens[position].kind in ("figure", "break"):
            figure = tokens[position].figure
            if tokens[position].kind == "break":
                position += 1  # where segment cut a unit: the row goes on
                continue
            if figure is None or not _free(context, figure):
                break
            values.append(figure)
            position += 1
        if values:
            rows.append(_Row(sector, tokens[index].start, values[-1].end, tuple(values)))
            index = position
        else:
            index = last + 1
    return rows


def _sector_at(tokens: list[Token], index: int) -> tuple[str, int] | None:
    """The sector whose name starts at ``tokens[index]`` (the longest), and its last token."""
    if tokens[index].kind != "word" or not tokens[index].text[:1].isupper():
        return None
    best = None
    words: list[str] = []
    for end in range(index, min(index + MAX_SECTOR_WORDS + 2, len(tokens))):
        token = tokens[end]
        if (
            token.kind == "figure"
            or token.kind == "break"
            or (token.kind == "punct" and token.text != ",")
        ):
            break
        words.append(token.text)
        name = " ".join(words).replace(" ,", ",")
        if token.kind == "word" and sector_of(name):
            best = (sector_of(name), end)
    return best


def _free(context: Context, figure: Figure) -> bool:
    return (
        is_countable(figure)
        and not context.is_claimed(figure)
        and not context.is_non_figure(figure)
    )


_PHRASE_WORD = re.compile(r"[^\W\d_][\w’'-]*")


def _columns(context: Context, start: int, count: int) -> list[str] | None:
    """The names of the table's ``count`` value columns: the last title-case phrases
    printed before its first row."""
    text = context.scan_text[max(0, start - MAX_HEADER_CHARS) : start]
    words = _PHRASE_WORD.findall(text.split(".")[-1])
    phrases: list[list[str]] = []
    for word in words:
        if word[:1].isupper():
            if phrases and phrases[-1] and phrases[-1][-1].lower() in _CONNECTORS:
                phrases[-1].append(word)  # "Total de Beneficiarios"
            else:
                phrases.append([word])
        elif word.lower() in _CONNECTORS and phrases and phrases[-1]:
            phrases[-1].append(word)
        else:
            phrases.append([])  # a lower-case word ends a phrase
    names = [" ".join(p) for p in phrases if p and len(p[0]) > 1]
    if len(names) < count:
        return None
    return names[-count:]


def _record(context: Context, row: _Row, column: str, figure: Figure) -> SectorIndicator | None:
    value = context.value_of(figure, "percent" if figure.percent else "count")
    context.claim(figure)
    if value is None:
        return None
    return context.record(
        SectorIndicator,
        row.start,
        figure.end,
        value_span=(figure.start, figure.end),
        sector=row.sector,
        indicator=column,
        value=value,
        value_text=figure.text,
        unit="percent" if figure.percent else unit_of(column),
        status=label_status(column, context.doc.language),  # "Target", "Reached"
        **context.report_period(),
    )
