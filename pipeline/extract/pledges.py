"""Money statements: pledges, grants, loans, requirements and funds received.

Every amount printed with a currency is one statement. Its kind comes from the words
around it (``data/money_kinds.yaml``): "USD 957M in grants" is a grant, "pledged a total
of USD 2.3 billion" a pledge; an amount with no such word is an issue, not a guess. A
total's breakdown printed in brackets after it gives one row per part, and the total's
snippet spans its parts so the validate stage can check them against it. A table of
amounts by country and sector gives one row per line of the table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.extract.context import Context
from pipeline.models import Figure, Pledge, Section
from pipeline.text import countries
from pipeline.text.periods import find_dates, find_periods
from pipeline.vocab import fold
from pipeline.vocab.language import connective_pattern, strip_determiner
from pipeline.vocab.money import NOT_FUNDING, event_heads, event_particles, money_kinds, rate_words
from pipeline.vocab.organisations import known_organisation, org_shapes
from pipeline.vocab.places import region_of
from pipeline.vocab.sectors import sector_mention_pattern, sector_of

MONEY_SECTIONS = ("prose", "header", "regional", "country", "sector")
MAX_SNIPPET = 160
MAX_DONOR_CHARS = 120

_WORD = re.compile(r"[^\W\d_][\w’'-]*")
_POSSESSIVE = re.compile(r"(?<![\w-])((?:[A-Z][\w&-]*)(?:\s+[A-Z][\w&-]*){0,5})[’']s\b")


@cache
def _in_cue() -> re.Pattern[str]:
    """ "USD 957M in grants": a money kind right after an amount."""
    word = r"[^\W\d_][\w-]*"
    return re.compile(
        rf"\s*(?:{connective_pattern('in')})\s+({word}(?:\s+{word}){{0,3}})", re.IGNORECASE
    )


@dataclass(frozen=True)
class Statement:
    """What the sentence around an amount says about it."""

    kind: str
    donor: str
    recipient: str
    iso3: str
    sector: str
    event: str
    date: object
    period_start: object
    period_end: object
    cue_start: int


def extract(context: Context) -> list[Pledge]:
    records: list[Pledge] = []
    for section in context.sections(*MONEY_SECTIONS):
        records += _prose_money(context, section)
    for section in context.sections("table"):
        records += _table_money(context, section)
    if context.doc.dollar_assumed and any(r.amount_text.lstrip().startswith("$") for r in records):
        context.issue("currency-assumed", None, None)
    return records


# --- amounts in prose ------------------------------------------------------------------------


def _prose_money(context: Context, section: Section) -> list[Pledge]:
    money = [
        f
        for f in context.figures_in(section.start, section.end)
        if f.is_money and not f.attached and not context.is_claimed(f) and not _is_rate(context, f)
    ]
    records: list[Pledge] = []
    parents: dict[int, tuple[Figure, Statement, int]] = {}
    for figure in money:
        parent = _parent_total(context, figure, money)
        statement = _statement(context, section, figure, parent, parents)
        if statement is None:
            context.issue("money-kind-unknown", figure.start, figure.end, figure=figure.text)
            context.claim(figure)
            continue
        end = _breakdown_end(context, figure, money)
        parents[figure.start] = (figure, statement, end)
        record = _money_record(context, figure, statement, end)
        if record is not None:
            records.append(record)
    return records


def _is_rate(context: Context, figure: Figure) -> bool:
    """ "US$100 per household": a rate, not a sum of money stated."""
    following = context.scan_text[figure.end : figure.end + 12].split()
    return bool(following) and fold(following[0]) in rate_words()


def _parent_total(context: Context, figure: Figure, money: list[Figure]) -> Figure | None:
    """The amount whose bracketed breakdown ``figure`` is part of, if any."""
    for other in money:
        if other.start >= figure.start:
            break
        between = context.scan_text[other.end : figure.start]
        if between.lstrip().startswith("(") and ")" not in between:
            return other
    return None


def _breakdown_end(context: Context, figure: Figure, money: list[Figure]) -> int:
    """End of a bracketed breakdown right after ``figure`` ("(USD 957M in grants ...)")."""
    rest = context.scan_text[figure.end : figure.end + 200]
    if not rest.lstrip().startswith("("):
        return figure.end
    close = rest.find(")")
    inside = [m for m in money if figure.end < m.start < figure.end + max(close, 0)]
    return figure.end + close + 1 if close > 0 and inside else figure.end


def _statement(
    context: Context,
    section: Section,
    figure: Figure,
    parent: Figure | None,
    parents: dict[int, tuple[Figure, Statement, int]],
) -> Statement | None:
    start, end = context.sentence_span(figure.start, section.start, section.end)
    sentence = context.scan_text[start:end]
    kind, cue_start = _kind(context, figure, start, end)
    if not kind or kind == NOT_FUNDING:
        return None
    inherited = parents[parent.start][1] if parent is not None and parent.start in parents else None
    if inherited is not None:
        return Statement(
            kind,
            inherited.donor,
            inherited.recipient,
            inherited.iso3,
            inherited.sector,
            inherited.event,
            inherited.date,
            inherited.period_start,
            inherited.period_end,
            cue_start,
        )
    paragraph = context.paragraph_span(figure.start, section.start, section.end)
    periods = find_periods(sentence)
    period = periods[0] if periods else context.doc.period
    return Statement(
        kind=kind,
        donor=_donor(context, start, cue_start) if kind in ("pledge", "grant", "loan") else "",
        recipient=_recipient(sentence[: figure.start - start]) if kind == "requirement" else "",
        iso3=_iso3(sentence, section) or (context.doc.iso3 if section.kind != "regional" else ""),
        sector=_sector(sentence)
        or (section.sector if section.kind == "sector" else context.doc.sector),
        event=_event(context.scan_text[start:end])
        or _event(context.scan_text[paragraph[0] : paragraph[1]]),
        date=_date(context, start, end, paragraph),
        period_start=period.start if period else None,
        period_end=period.end if period else None,
        cue_start=cue_start,
    )


def _kind(context: Context, figure: Figure, start: int, end: int) -> tuple[str, int]:
    """The money kind and where its cue word starts: "in <cue>" right after the amount
    (a few words may come between: "in recovery and reconstruction needs"), else the
    nearest cue before it in the sentence, else the first after it up to the next amount.
    A word for something other than funding before the amount ("a funding gap ... USD
    18 million urgently needed") yields to a cue after it that is nearer."""
    kinds = money_kinds()
    after = _in_cue().match(context.scan_text, figure.end, end)
    if after:
        words = list(_WORD.finditer(context.scan_text, after.start(1), after.end(1)))
        cue = next((w for w in words if fold(w.group(0)) in kinds), None)
        if cue is not None and cue in (words[0], words[-1]):
            return kinds[fold(cue.group(0))], cue.end()
    before = [
        (m, kinds.get(fold(m.group(0))))
        for m in _WORD.finditer(context.scan_text, start, figure.start)
    ]
    cues = [(m, k) for m, k in before if k]
    stop = next((f.start for f in context.figures_in(figure.end, end) if f.is_money), end)
    later = next(
        (
            (m, kinds[fold(m.group(0))])
            for m in _WORD.finditer(context.scan_text, figure.end, stop)
            if fold(m.group(0)) in kinds
        ),
        None,
    )
    nearer_after = later is not None and (
        not cues or later[0].start() - figure.end < figure.start - cues[-1][0].end()
    )
    if cues and not (cues[-1][1] == NOT_FUNDING and nearer_after):
        kind = cues[-1][1]
        same = [m for m, k in cues if k == kind and figure.start - m.start() <= MAX_SNIPPET]
        return kind, (same[0] if same else cues[-1][0]).start()
    if later is not None:
        return later[1], figure.start
    return "", figure.start


def _donor(context: Context, start: int, cue_start: int) -> str:
    """Who gives: the clause before a pledge verb ("The 34 donors, ... pledged")."""
    clause = context.doc.text[start:cue_start]
    clause = re.split(r"[;:]", clause)[-1]
    clause = " ".join(clause.split())
    clause = strip_determiner(clause).strip(" ,")
    if not clause or len(clause) > MAX_DONOR_CHARS or not _WORD.search(clause):
        return ""
    return clause


def _recipient(before: str) -> str:
    """Who needs the money: "The ILO's financial requirements ..." gives ILO."""
    found = _POSSESSIVE.findall(before)
    if not found:
        return ""
    name = strip_determiner(found[-1])
    known = known_organisation(name)
    return known.canonical if known else name


def _iso3(sentence: str, section: Section) -> str:
    mentions = {m.iso3 for m in countries.find_countries(sentence)}
    if len(mentions) == 1:
        return mentions.pop()
    return section.iso3 if section.kind == "country" and not mentions else ""


def _sector(sentence: str) -> str:
    match = sector_mention_pattern().search(sentence)
    if match is None:
        return ""
    return sector_of(re.sub(r"\s+(Sector|Sub-?sector|Cluster)$", "", match.group(0), flags=re.I))


def _event(text: str) -> str:
    """An event named in ``text``: capitalised words ending in an event word, with its
    "in ... / on ..." continuation ("International Donors Conference in Solidarity with
    Venezuelan Refugees and Migrants")."""
    words = [*org_shapes()["particles"], *event_particles()]
    particles = "|".join(re.escape(p) for p in words)
    name_word = rf"(?:[A-Z][\w’'-]*|{particles})"
    for head in event_heads():
        pattern = re.compile(
            rf"(?:[A-Z][\w’'-]*\s+)(?:{name_word}\s+){{0,8}}?{re.escape(head)}"
            rf"(?:\s+(?:{connective_pattern('event_continuations')})\s+(?:{name_word}\s+)*[A-Z][\w’'-]*)?"
        )
        match = pattern.search(text.replace("\n", " "))
        if match:
            return strip_determiner(match.group(0)).strip()
    return ""


def _date(context: Context, start: int, end: int, paragraph: tuple[int, int]) -> object:
    year = context.doc.period.end.year if context.doc.period else None
    for low, high in ((start, end), paragraph):
        dates = find_dates(context.scan_text[low:high], year)
        if dates:
            return dates[0].date
    return None


def _money_record(
    context: Context, figure: Figure, statement: Statement, end: int
) -> Pledge | None:
    amount = context.value_of(figure, "money")
    context.claim(figure)
    if amount is None:
        return None
    start = figure.start
    if statement.cue_start < figure.start and figure.start - statement.cue_start <= MAX_SNIPPET:
        start = statement.cue_start
    if statement.cue_start > figure.end:  # "USD 957M in grants"
        end = max(end, statement.cue_start)
    return context.record(
        Pledge,
        start,
        max(end, figure.end),
        value_span=(figure.start, figure.end),
        kind=statement.kind,
        amount=amount,
        amount_text=figure.text,
        currency=context.currency_of(figure),
        donor=statement.donor,
        recipient=statement.recipient,
        iso3=statement.iso3,
        sector=statement.sector,
        event=statement.event,
        date=statement.date,
        period_start=statement.period_start,
        period_end=statement.period_end,
    )


# --- amounts in tables -----------------------------------------------------------------------


def _table_money(context: Context, section: Section) -> list[Pledge]:
    table = section.table
    if table is None or "amount" not in table.columns:
        return []
    recipient = _recipient(table.title)
    records = []
    missing = []
    for row in table.rows:
        place, sector, amount = row.get("country"), row.get("sector"), row.get("amount")
        if amount is None:
            missing.append(row)
            cells = row.cells
            context.issue(
                "table-cell-missing",
                cells[0].start,
                cells[-1].end,
                row=" / ".join(c.text for c in cells),
                table=table.title or "a table",
            )
            continue
        figures = context.figures_in(amount.start, amount.end)
        if len(figures) != 1:
            continue
        figure = figures[0]
        value = context.value_of(figure, "money")
        context.claim(figure)
        if value is None:
            continue
        iso3 = ""
        if place is not None and not region_of(place.text):
            match = countries.lookup(place.text)
            iso3 = match.iso3 if match else ""
        record = context.record(
            Pledge,
            row.cells[0].start,
            row.cells[-1].end,
            value_span=(figure.start, figure.end),
            kind=table.amount_kind or "requirement",
            amount=value,
            amount_text=figure.text,
            currency=context.currency_of(figure) or context.doc.dollar,
            recipient=recipient,
            iso3=iso3,
            sector=sector_of(sector.text) if sector else "",
            **context.report_period(),
        )
        if record is not None:
            records.append(record)
    for cell in table.unplaced:
        rows = "; ".join(" / ".join(c.text for c in r.cells) for r in missing) or "none"
        context.issue(
            "table-value-unplaced",
            cell.start,
            cell.end,
            cell=cell.text,
            table=table.title or "a table",
            rows=rows,
        )
        for figure in context.figures_in(cell.start, cell.end):
            context.claim(figure)
    return records
