"""Sector indicators: the label/value pairs of sector key-figure panels.

A panel is a sector's name followed by labels and their values (the units segment cut
from the words: a label, then the figure that ends it). A
report-wide total often sits under the last panel with its label below the number, and
when a panel's own label has lost its value in extraction the two layouts collide:

    Countries
    2,155,039
    Total number of Beneficiaries in the 2nd quarter of 2021

The number between two labels belongs to the one whose bounds it fits
(``data/indicators.yaml``: "Countries" is at most 250); the other label gets an issue,
never a neighbour's number. A figure that fits both is not guessed either. A percent in
prose that names a sector ("8 percent of the funding requirements ... the Integration
Sector") is read as that sector's indicator too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.extract.context import Context
from pipeline.extract.phrases import tokenize
from pipeline.extract.readings import leading_dates_end
from pipeline.extract.statuses import label_status
from pipeline.models import Figure, Section, SectorIndicator
from pipeline.vocab import fold
from pipeline.vocab.figures import bound_for, figure_context, is_report_total
from pipeline.vocab.language import connectives
from pipeline.vocab.numbers import unit_of
from pipeline.vocab.sectors import sector_mention_pattern, sector_of

MAX_LABEL_WORDS_IN_PROSE = 8


@dataclass
class Label:
    text: str
    start: int
    end: int


@dataclass
class Value:
    figure: Figure
    rest: str  # words printed after the figure on its line ("rent" in "25% rent")
    start: int
    end: int


@dataclass
class Pair:
    label: Label
    value: Value
    value_first: bool = False


def extract(context: Context) -> list[SectorIndicator]:
    records: list[SectorIndicator] = []
    for section in context.sections("panel"):
        sector = section.sector or context.doc.sector  # key figures with no heading
        if not sector:
            continue  # a country's or a report's key figures: the figure readers' own
        for pair in _pairs(context, section):
            if pair.value.figure.is_money:
                continue  # "Financial requirements $42.41M": the pledges reader's
            record = _record(context, sector, pair)
            if record is not None:
                records.append(record)
    for section in context.sections("prose", "header", "regional", "country"):
        records += _prose_indicators(context, section)
    return records


# --- panels -------------------------------------------------------------------------------


def _items(context: Context, section: Section) -> list[Label | Value]:
    """The panel's labels and values, in order after its heading: the units segment cut
    (a value is its figure, and the few words printed after it: "25% rent")."""
    items: list[Label | Value] = []
    for unit in section.lines:
        if section.title_end is not None and unit.end <= section.title_end:
            continue
        figures = context.figures_in(unit.start, unit.end) if unit.kind == "value" else []
        if figures and context.is_claimed(figures[0]):
            continue  # read already, as a row of a sector table
        if figures:
            figure = figures[0]
            rest = " ".join(context.scan_text[figure.end : unit.end].split())
            items.append(Value(figure, rest, figure.start, unit.end))
        else:
            start = leading_dates_end(context, unit.start, unit.end)  # "10 Dec 2020 Target ..."
            label = " ".join(context.scan_text[start : unit.end].split()).strip(" *")
            items.append(Label(label, unit.start, unit.end))
    return items


def _pairs(context: Context, section: Section) -> list[Pair]:
    pairs: list[Pair] = []
    pending: Label | None = None
    for item in _items(context, section):
        if isinstance(item, Label):
            pending = item
        elif pending is not None:
            pairs.append(Pair(pending, item))
            pending = None
        else:
            context.issue(
                "panel-value-unlabelled",
                item.start,
                item.end,
                figure=item.figure.text,
                sector=section.sector,
            )
    if pending is not None:
        _settle_trailing_label(context, section, pairs, pending)
    return [p for p in pairs if _fits(context, section, p)]


def _settle_trailing_label(
    context: Context, section: Section, pairs: list[Pair], last: Label
) -> None:
    """A label left without a value after the panel's last pair: does the value before it
    belong to the pair's label, or to this one, printed below its number?"""
    if not pairs or pairs[-1].value.end > last.start:
        _missing(context, section, last)
        return
    previous = pairs[-1]
    fits_previous = _in_bounds(previous.label, previous.value)
    fits_last = _in_bounds(last, previous.value)
    if fits_last and not fits_previous:
        pairs[-1] = Pair(last, previous.value, value_first=True)
        _missing(context, section, previous.label)
    elif fits_previous and not fits_last:
        _missing(context, section, last)
    else:
        pairs.pop()
        for label in (previous.label, last):
            context.issue(
                "indicator-value-ambiguous",
                label.start,
                label.end,
                figure=previous.value.figure.text,
                first=previous.label.text,
                second=label.text,
                sector=section.sector,
            )


def _missing(context: Context, section: Section, label: Label) -> None:
    context.issue(
        "indicator-value-missing", label.start, label.end, label=label.text, sector=section.sector
    )


def _in_bounds(label: Label, value: Value) -> bool:
    bound = bound_for(label.text)
    if bound is None:
        return True
    number = value.figure.readings[0].value * value.figure.scale
    return bound.low <= number <= bound.high and not value.figure.percent


def _fits(context: Context, section: Section, pair: Pair) -> bool:
    if _in_bounds(pair.label, pair.value):
        return True
    context.issue(
        "indicator-value-implausible",
        pair.label.start,
        pair.value.end,
        figure=pair.value.figure.text,
        label=pair.label.text,
        sector=section.sector,
    )
    return False


def _record(context: Context, sector: str, pair: Pair) -> SectorIndicator | None:
    figure = pair.value.figure
    indicator = pair.label.text.rstrip(":").strip()
    if pair.value.rest:
        indicator = f"{indicator}: {pair.value.rest}"
    value = context.value_of(figure, "percent" if figure.percent else "count")
    context.claim(figure)
    if value is None:
        return None
    start = min(pair.label.start, pair.value.start)
    end = max(pair.label.end, pair.value.end)
    return context.record(
        SectorIndicator,
        start,
        end,
        value_span=(figure.start, figure.end),
        sector="" if is_report_total(indicator) else sector,
        indicator=indicator,
        value=value,
        value_text=figure.text,
        unit=label_unit(indicator, figure.percent),
        status=label_status(pair.label.text, context.doc.language),
        **context.report_period(),
    )


def label_unit(label: str, percent: bool) -> str:
    """The unit of a panel label: what it counts, read after "Number of" and before the
    first verb or preposition ("Number of services provided to beneficiaries": services)."""
    if percent:
        return "percent"
    bound = bound_for(label)
    if bound is not None:
        return bound.unit
    words = figure_context()
    text = fold(label)
    for lead_in in sorted(words["label_lead_ins"], key=len, reverse=True):
        if text.startswith(lead_in + " "):
            text = text[len(lead_in) + 1 :]
            break
    kept: list[str] = []
    for word in re.findall(r"[\w/-]+", text):
        if kept and (word in words["phrase_stops"] or word.endswith(("ed", "ing"))):
            break
        kept.append(word)
    return unit_of(" ".join(kept))


# --- sector figures in prose ----------------------------------------------------------------


def _prose_indicators(context: Context, section: Section) -> list[SectorIndicator]:
    records = []
    tokens = tokenize(context, section.start, section.end)
    for index, token in enumerate(tokens):
        figure = token.figure
        if figure is None or not figure.percent or context.is_claimed(figure):
            continue
        start, end = context.sentence_span(token.start, section.start, section.end)
        mention = sector_mention_pattern().search(context.scan_text, start, end)
        if (
            mention is None
            or index + 1 >= len(tokens)
            or tokens[index + 1].key not in connectives("of")
        ):
            continue
        label = _label_after(tokens, index + 2)
        if not label:
            continue
        sector = sector_of(
            re.sub(r"\s+(Sector|Sub-?sector|Cluster)$", "", mention.group(0), flags=re.I)
        )
        value = context.value_of(figure, "percent")
        context.claim(figure)
        if value is None:
            continue
        label_end = tokens[index + 1 + len(label.split()) + _skipped(tokens, index + 2)].end
        record = context.record(
            SectorIndicator,
            token.start,
            label_end,
            value_span=(token.start, token.end),
            sector=sector,
            indicator=label,
            value=value,
            value_text=figure.text,
            unit="percent",
            status=label_status(label, context.doc.language),
            **context.report_period(),
        )
        if record is not None:
            records.append(record)
    return records


def _skipped(tokens: list, index: int) -> int:
    return 1 if index < len(tokens) and tokens[index].key in connectives("determiners") else 0


def _label_after(tokens: list, index: int) -> str:
    """Words after "N percent of (the)": "funding requirements being met"."""
    index += _skipped(tokens, index)
    words = []
    for token in tokens[index : index + MAX_LABEL_WORDS_IN_PROSE]:
        if token.kind != "word":
            break
        words.append(token.text)
    return " ".join(words)
