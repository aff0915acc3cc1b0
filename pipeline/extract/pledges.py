"""Money statements: pledges, grants, loans, requirements and funds received.

Every amount printed with a currency is one statement. Its kind comes from the words
around it (``data/money_kinds.yaml``): "USD 957M in grants" is a grant, "pledged a total
of USD 2.3 billion" a pledge; an amount with no such word is an issue, not a guess. A
total's breakdown printed in brackets after it gives one row per part, and the total's
snippet spans its parts so the validate stage can check them against it. A table of
amounts by country and sector gives one row per line of the table.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from functools import cache

from pipeline.extract.context import Context
from pipeline.models import Figure, Pledge, Section
from pipeline.text import countries
from pipeline.text.periods import find_dates, find_periods
from pipeline.vocab import fold
from pipeline.vocab.figures import figure_context, inclusion_pattern
from pipeline.vocab.language import connective_pattern, connectives, months, strip_determiner
from pipeline.vocab.money import (
    NOT_FUNDING,
    cash_receivers,
    event_heads,
    event_particles,
    money_kind_of,
    money_kinds,
    rate_words,
)
from pipeline.vocab.numbers import number_forms
from pipeline.vocab.organisations import known_organisation, org_shapes
from pipeline.vocab.places import region_of
from pipeline.vocab.sectors import sector_mention_pattern, sector_of

MONEY_SECTIONS = ("prose", "header", "regional", "country", "sector", "panel")
MAX_SNIPPET = 160
MAX_DONOR_CHARS = 120
DONOR_KINDS = ("pledge", "grant", "loan")  # kinds whose sentence names who gives
MAX_CUE_WORDS = 3  # words right after an amount in which a money word says its kind
MAX_CUE_REACH = 60  # characters
HEADER_REACH = 200  # characters before an amount in which a header may give its currency
MAX_LATER_WORDS = 8  # words after an amount in which a money word may still name its kind

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
    headed = _headed_amounts(context, section)
    money = [
        f
        for f in context.figures_in(section.start, section.end)
        if (f.is_money or f.start in headed)
        and not f.attached
        and not context.is_claimed(f)
        and not _is_rate(context, f)
    ]
    records: list[Pledge] = []
    parents: dict[int, tuple[Figure, Statement, int]] = {}
    previous: tuple[Figure, Statement] | None = None
    for index, figure in enumerate(money):
        parent = _parent_total(context, figure, money)
        statement = _statement(context, section, figure, parent, parents)
        if statement is None:
            statement = _governed(context, section, money, index, previous, parents)
        if statement is not None:
            previous = (figure, statement)
        if statement is None:
            context.issue("money-kind-unknown", figure.start, figure.end, figure=figure.text)
            context.claim(figure)
            continue
        end = _breakdown_end(context, figure, money)
        parents[figure.start] = (figure, statement, end)
        currency = headed.get(figure.start, "")
        record = _money_record(context, figure, statement, end, currency)
        if record is not None:
            records.append(record)
    return records


def _governed(
    context: Context,
    section: Section,
    money: list[Figure],
    index: int,
    previous: tuple[Figure, Statement] | None,
    parents: dict[int, tuple[Figure, Statement, int]],
) -> Statement | None:
    """The statement of an amount no money word names, from the amount that governs it:
    the total it is part of ("requires USD 1.8 billion, of which USD 500 million for
    Colombia"), or the next amount of its list, whose word comes after both ("US$2
    million from ECHO and US$1 million from CERF were received")."""
    figure = money[index]
    start, end = context.sentence_span(figure.start, section.start, section.end)
    own_end = next((f.start for f in money[index + 1 :] if f.start < end), end)
    if previous is not None and previous[0].start >= start:
        between = context.scan_text[previous[0].end : figure.start]
        if _inclusion().search(between):
            return replace(
                previous[1],
                donor=_donor_after(context, figure.end, own_end) or previous[1].donor,
                iso3=_iso3(context.scan_text[figure.start : own_end], section) or previous[1].iso3,
                cue_start=figure.start,
            )
    following = next((f for f in money[index + 1 :] if f.start < end), None)
    if following is None:
        return None
    gap = context.scan_text[figure.end : following.start]
    given = _given_by().match(gap)  # "US$2 million from ECHO and ...": past the donor
    if not _LIST_JOINT.fullmatch(gap[given.end() :] if given else gap):
        return None
    parent = _parent_total(context, following, money)
    statement = _statement(context, section, following, parent, parents)
    if statement is None:
        return None
    return replace(
        statement, donor=_donor_after(context, figure.end, own_end), cue_start=figure.start
    )


@cache
def _inclusion() -> re.Pattern[str]:
    return re.compile(rf"(?:^|[\s,(])(?:{inclusion_pattern()})\b", re.IGNORECASE)


_LIST_JOINT = re.compile(rf"\s*(?:,|;|,?\s*(?:{connective_pattern('and')}))\s*", re.IGNORECASE)


def _headed_amounts(context: Context, section: Section) -> dict[int, str]:
    """Amounts printed with a scale and no currency ("284.4M Requeridos", "1.4 billion
    requested") that a money word names right beside: start -> the currency a header
    above them gives ("Financiamiento (en millones USD)"). One with no such header is the
    issue money-currency-unknown, and no figure reader takes it for a count."""
    found: dict[int, str] = {}
    for figure in context.figures_in(section.start, section.end):
        if figure.is_money or figure.percent or not figure.scale_text or context.is_claimed(figure):
            continue
        cue = _money_word_beside(context, figure)
        if not cue:
            continue
        currency = _header_currency(context, figure.start)
        if currency:
            found[figure.start] = currency
        else:
            context.issue(
                "money-currency-unknown", figure.start, figure.end, figure=figure.text, cue=cue
            )
            context.claim(figure)
    return found


def _money_word_beside(context: Context, figure: Figure) -> str:
    """A money word just after the amount (auxiliaries aside) or the word just before."""
    close = _cue_right_after(context, figure.end, figure.end + MAX_CUE_REACH)
    if close is not None and close[0] != NOT_FUNDING:
        return context.scan_text[figure.end : close[1]].split()[-1]
    before = list(_WORD.finditer(context.scan_text, max(0, figure.start - 30), figure.start))
    if before and money_kind_of(before[-1].group(0)) not in ("", NOT_FUNDING):
        return before[-1].group(0)
    return ""


@cache
def _header_pattern() -> re.Pattern[str]:
    """ "(en millones USD)", "(US$ million)", "Amount (US$)": a currency in brackets."""
    codes = sorted(
        {c for c, forms in number_forms()["currencies"].items() for c in [c]}, key=len, reverse=True
    )
    symbols = sorted(
        {f for forms in number_forms()["currencies"].values() for f in forms if not f.isalpha()},
        key=len,
        reverse=True,
    )
    body = "|".join(re.escape(c) for c in [*codes, *symbols])
    return re.compile(rf"\((?:[^()]{{0,30}}?\s)?({body})(?:\s[^()]{{0,30}})?\)")


def _header_currency(context: Context, start: int) -> str:
    """The currency a bracketed header names within ``HEADER_REACH`` characters before."""
    text = context.scan_text[max(0, start - HEADER_REACH) : start]
    matches = list(_header_pattern().finditer(text))
    if not matches:
        return ""
    printed = matches[-1].group(1)
    currencies = number_forms()["currencies"]
    code = (
        printed
        if printed in currencies
        else next((c for c, forms in currencies.items() if printed in forms), "")
    )
    return code


def title_kind(title: str) -> str:
    """The money word nearest the end of a table's title ("Contributions received")."""
    kinds = [money_kind_of(w.group(0)) for w in _WORD.finditer(title)]
    kinds = [k for k in kinds if k and k != NOT_FUNDING]
    return kinds[-1] if kinds else ""


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
    start = min(start, _label_start(context, figure.start))  # a panel's label says its kind
    sentence = context.scan_text[start:end]
    kind, cue_start = _kind(context, figure, start, end)
    if not kind or kind == NOT_FUNDING:
        return None
    inherited = parents[parent.start][1] if parent is not None and parent.start in parents else None
    if inherited is not None:
        return Statement(
            kind,
            _donor_after(context, max(figure.end, cue_start), end) or inherited.donor,
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
    donor = ""
    if kind != "requirement":
        donor = _donor_after(context, figure.end, end)
        if not donor and cue_start > figure.end:  # "USD 3 million was received from <donor>"
            donor = _donor_after(context, cue_start, end)
        donor = donor or _listed_donor(context, figure, start)
    if not donor and kind in DONOR_KINDS:
        donor = _donor(context, start, cue_start)
    return Statement(
        kind=kind,
        donor=donor,
        recipient=_recipient(sentence[: figure.start - start]) if kind == "requirement" else "",
        iso3=_iso3(_own_part(sentence, figure.end - start), section, donor)
        or (context.doc.iso3 if section.kind != "regional" else ""),
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
    after = _in_cue().match(context.scan_text, figure.end, end)
    if after:
        words = list(_WORD.finditer(context.scan_text, after.start(1), after.end(1)))
        cue = next((w for w in words if money_kind_of(w.group(0))), None)
        if cue is not None and cue in (words[0], words[-1]):
            return money_kind_of(cue.group(0)), cue.end()
    stop = next((f.start for f in context.figures_in(figure.end, end) if f.is_money), end)
    close = _cue_right_after(context, figure.end, stop)
    if close is not None:  # "$26 million donated by", "682 million was received"
        return close
    before = _word_kinds(list(_WORD.finditer(context.scan_text, start, figure.start)))
    opening = _clause_opening(context, start, figure.start)
    cues = [
        (m, k)
        for m, k in before
        if k and m.start() >= opening and not _labels_the_one_before(context, m.start())
    ]
    cues = _heads_of(context, cues)
    words_after = _clause_words(list(_WORD.finditer(context.scan_text, figure.end, stop)))
    words_after = words_after[:MAX_LATER_WORDS]
    later = next(
        ((m, money_kind_of(m.group(0))) for m in words_after if money_kind_of(m.group(0))),
        None,
    )
    nearer_after = later is not None and (
        not cues or later[0].start() - figure.end < figure.start - cues[-1][0].end()
    )
    if cues and not (cues[-1][1] == NOT_FUNDING and nearer_after):
        kind = cues[-1][1]
        if kind == "received" and _received_by_people(context, cues[-1][0].start(), opening):
            return NOT_FUNDING, cues[-1][0].start()
        same = [m for m, k in cues if k == kind and figure.start - m.start() <= MAX_SNIPPET]
        return kind, (same[0] if same else cues[-1][0]).start()
    if later is not None:
        return later[1], figure.start
    return "", figure.start


def _word_kinds(words: list[re.Match[str]]) -> list[tuple[re.Match[str], str]]:
    """Each word with the money kind it says, alone or with the word before it
    ("external financing")."""
    kinds = []
    for index, word in enumerate(words):
        pair = fold(f"{words[index - 1].group(0)} {word.group(0)}") if index else ""
        kinds.append((word, money_kinds().get(pair, "") or money_kind_of(word.group(0))))
    return kinds


def _heads_of(
    context: Context, cues: list[tuple[re.Match[str], str]]
) -> list[tuple[re.Match[str], str]]:
    """Drop a cue that only modifies the one before it ("the financing of the total
    expenditures ... $770 million": the financing is what the amount is, the expenditures
    are what it paid for)."""
    kept: list[tuple[re.Match[str], str]] = []
    for cue in cues:
        if kept and _OF_MODIFIER.fullmatch(context.scan_text, kept[-1][0].end(), cue[0].start()):
            continue
        kept.append(cue)
    return kept


def _received_by_people(context: Context, cue_start: int, opening: int) -> bool:
    """ "each household will receive USD 192": cash handed to people, not funding."""
    words = list(_WORD.finditer(context.scan_text, max(opening, cue_start - 40), cue_start))
    return any(fold(w.group(0)) in cash_receivers() for w in words[-MAX_CUE_WORDS - 1 :])


def _clause_words(words: list[re.Match[str]]) -> list[re.Match[str]]:
    """The words up to the first that opens another clause."""
    stops = figure_context()["clause_words"]
    for index, word in enumerate(words):
        if fold(word.group(0)) in stops:
            return words[:index]
    return words


def _clause_opening(context: Context, start: int, figure_start: int) -> int:
    """Where the amount's clause opens: after the last clause word that follows another
    amount before it ("loan Colombia $300 million, to which $17.6 million")."""
    earlier = [f for f in context.figures_in(start, figure_start) if f.is_money]
    if not earlier:
        return start
    stops = figure_context()["clause_words"]
    opening = start
    for word in _WORD.finditer(context.scan_text, earlier[-1].end, figure_start):
        if fold(word.group(0)) in stops:
            opening = word.end()
    return opening


def _labels_the_one_before(context: Context, cue_start: int) -> bool:
    """ "24M Funded 104.3M ...": a money word printed right after another amount is that
    amount's label (values first, labels after), not the next one's."""
    previous = [
        f
        for f in context.figures_in(max(0, cue_start - 40), cue_start)
        if f.is_money or f.scale_text
    ]
    if not previous:
        return False
    between = context.scan_text[previous[-1].end : cue_start]
    return not _WORD.search(_SHARE.sub(" ", between))


def _cue_right_after(context: Context, end: int, stop: int) -> tuple[str, int] | None:
    """A money word among the few words printed right after the amount, past
    auxiliaries ("was received", "has been pledged"): it says what the amount is."""
    auxiliaries = figure_context()["auxiliaries"]
    seen = 0
    share = _SHARE.match(context.scan_text, end)
    if share is not None:  # "24M (8.4%) Funded": the share funded, then the label
        end = share.end()
    reach = min(stop, end + MAX_CUE_REACH)
    clause = re.search(rf"[,;(]|\b(?:{connective_pattern('and')})\b", context.scan_text[end:reach])
    if clause is not None:  # "$2.8 billion and was funded to ...": another predicate
        reach = end + clause.start()
    for word in _WORD.finditer(context.scan_text, end, reach):
        if fold(word.group(0)) in auxiliaries:
            continue
        kind = money_kind_of(word.group(0))
        if kind:
            return kind, word.end()
        seen += 1
        if seen >= MAX_CUE_WORDS:
            break
    return None


_SHARE = re.compile(r"\s*\(\s*\d[\d.,]*\s*%\s*\)")
# "of the total", "de los", "des": a noun's modifier, up to three small words
_OF_MODIFIER = re.compile(rf"\s+(?:{connective_pattern('of')})(?:\s+[^\W\d]+){{0,3}}?\s+")


def _label_start(context: Context, offset: int) -> int:
    """Where the label before the panel value holding ``offset`` starts (or ``offset``)."""
    index = bisect.bisect_right(context.unit_starts, offset) - 1
    if index >= 1 and context.units[index][2] == "value" and context.units[index - 1][2] == "label":
        return context.units[index - 1][0]
    return offset


def _donor(context: Context, start: int, cue_start: int) -> str:
    """Who gives: a short subject right before the money word ("Norway pledged", "The 34
    donors pledged", "Meanwhile, the IDB will lend"), else the name that ends a few words
    before it ("the World Bank and the IDB announced ... that they will provide"); "" when
    the clause names nobody ("they will provide")."""
    clause = re.split(r"[;:]", context.doc.text[start:cue_start])[-1]
    inclusion = re.search(rf",\s*(?:{inclusion_pattern()})\b", clause, re.IGNORECASE)
    if inclusion is not None:  # "The 34 donors, including states (31), ..., pledged"
        clause = clause[: inclusion.start()]
    full = clause
    opener, comma, rest = clause.rpartition(", ")
    if comma and not re.search(r"\s[A-ZÀ-Ý]", opener.strip()):  # "Meanwhile, the IDB"
        clause = rest
    words = strip_determiner(" ".join(clause.split())).split()
    while words and fold(words[-1]) in figure_context()["auxiliaries"]:
        words.pop()
    keys = [fold(w) for w in words]
    if (
        1 <= len(words) <= MAX_CUE_WORDS
        and _WORD.search(" ".join(words))
        and keys != [k for k in keys if k in figure_context()["pronouns"]]
        and not any(k in figure_context()["clause_words"] for k in keys)
        and not any(k in _percent_words() or "%" in k for k in keys)  # "the 1 per cent"
    ):
        return " ".join(words)
    clause = full
    names = list(_donor_names().finditer(clause))
    if not names:
        return ""
    last = names[-1]
    before = _WORD.findall(clause[: last.start()])
    if before and fold(before[-1]) in connectives("of"):  # "la crisis de Venezuela"
        return ""
    if len(_WORD.findall(clause[last.end() :])) > MAX_CUE_WORDS:
        return ""
    name = " ".join(last.group(0).split()).strip(" ,")
    if not re.search(rf"\s(?:{connective_pattern('and')})\s", name):
        name = name.split(", ")[-1].strip()  # "In the West Bank, UNRWA": UNRWA
    return name if len(name) <= MAX_DONOR_CHARS else ""


@cache
def _percent_words() -> frozenset[str]:
    return frozenset(w for form in number_forms()["percent"] for w in fold(form).split())


@cache
def _donor_names() -> re.Pattern[str]:
    """A run of capitalised words (particles, "and" and commas between them, an acronym
    in brackets after them), not opening with an article: a donor's name."""
    particles = "|".join(re.escape(p) for p in org_shapes()["particles"])
    small = [*connectives("determiners"), *org_shapes()["particles"]]
    openers = "|".join(re.escape(w.capitalize()) for w in small)  # "The", "In", not "UN"
    word = rf"(?<![\w.’'&-])(?!(?:{openers})\b)[A-ZÀ-Ý][\w.’'&-]*"
    joint = rf"(?:\s*,\s*|\s+(?:(?:{particles})\s+)*)"
    return re.compile(rf"{word}(?:{joint}(?:{word}|\([A-Z][\w&-]+\)))*")


@cache
def _given_by() -> re.Pattern[str]:
    """ "$10 million from the Government of Canada": the giver named right after."""
    particles = "|".join(re.escape(p) for p in org_shapes()["particles"])
    name_word = r"[A-ZÀ-Ý][\w.’'&-]*"
    return re.compile(
        rf"\s+(?:{connective_pattern('given_by')})\s+"
        rf"(?:(?:{connective_pattern('determiners')})\s+)?"
        rf"({name_word}(?:\s+(?:(?:{particles})\s+)*{name_word}){{0,7}})"
    )


def _donor_after(context: Context, end: int, stop: int) -> str:
    """The donor a "from <name>" right after the amount names, or ""."""
    stop = next((f.start for f in context.figures_in(end, stop)), stop)
    match = _given_by().match(context.scan_text, end, stop)
    if match is None:
        return ""
    words = match.group(1).rstrip(".").split()
    month = next((i for i, w in enumerate(words) if fold(w) in months()), len(words))
    words = words[:month]  # "from the Government of Ireland in May"
    while words and not words[-1][0].isupper():
        words.pop()
    name = " ".join(words)
    return name if len(name) <= MAX_DONOR_CHARS else ""


def _listed_donor(context: Context, figure: Figure, start: int) -> str:
    """ "Spain pledged EUR 10 million, Italy EUR 5 million": in a list of amounts after
    one money word, the name printed just before an amount is its donor."""
    earlier = [f for f in context.figures_in(start, figure.start) if f.is_money]
    if not earlier:
        return ""
    between = context.scan_text[earlier[-1].end : figure.start]
    match = _LISTED_NAME.fullmatch(between)
    if match is None or not match.group("separator").strip():
        return ""
    return match.group("name")


_LISTED_NAME = re.compile(
    rf"\s*(?P<separator>[,;]?\s*(?:(?:{connective_pattern('and')})\s+)?)"
    rf"(?:(?:{connective_pattern('determiners')})\s+)?"
    r"(?P<name>(?:[A-ZÀ-Ý][\w.’'&-]*)(?:\s+(?:[A-ZÀ-Ý][\w.’'&-]*|of|de|del|la|the)){0,5}?)"
    r"(?:\s+(?:with|con|com|avec))?\s*"
)


def _recipient(before: str) -> str:
    """Who needs the money: "The ILO's financial requirements ..." gives ILO."""
    found = _POSSESSIVE.findall(before)
    if not found:
        return ""
    name = strip_determiner(found[-1])
    known = known_organisation(name)
    return known.canonical if known else name


def _own_part(sentence: str, offset: int) -> str:
    """The sentence without the parts of the amount ending at ``offset``: "requires USD
    1.8 billion, of which USD 500 million for Colombia" is not Colombia's requirement."""
    inclusion = _inclusion().search(sentence, offset)
    return sentence[: inclusion.start()] if inclusion else sentence


def _iso3(sentence: str, section: Section, donor: str = "") -> str:
    """The one country the sentence names (the donor's own country left out)."""
    givers = {m.iso3 for m in countries.find_countries(donor)} if donor else set()
    mentions = {m.iso3 for m in countries.find_countries(sentence)} - givers
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
    context: Context, figure: Figure, statement: Statement, end: int, currency: str = ""
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
        currency=currency or context.currency_of(figure),
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
    kind = table.amount_kind or title_kind(table.title)
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
        context.claim(figure)
        if not kind:  # neither the column nor the title says what the amounts are
            context.issue("money-kind-unknown", figure.start, figure.end, figure=figure.text)
            continue
        value = context.value_of(figure, "money")
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
            kind=kind,
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
