"""What a passage counts when a figure does not say it again.

"Costa Rica hosts the largest number of asylum-seekers from Nicaragua, some 200,000. It
is followed by Panama, with over 30,000; Mexico, over 12,000": the figures after the
first print no noun; they count the asylum-seekers the passage is about. A *topic* is a
population named in running text: a phrase of ``populations.yaml`` written in lower case
(not a heading or an organisation's name, "UN Refugee Agency"), or the people of a
country ("Nicaraguans", "nicaragüenses").

A figure with no words of its own borrows the topic of its sentence; the topic of an
earlier sentence of its paragraph only when something else ties the figure to it: a place
next to it ("Mexico, over 12,000"), a word that points back ("de ellos, 1,2 millones").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import cast

from pipeline.extract.context import Context
from pipeline.extract.phrases import Phrase, is_nationals
from pipeline.extract.readings import Reading
from pipeline.vocab import fold, spaced
from pipeline.vocab.figures import figure_context, populations
from pipeline.vocab.language import connective_pattern

_WORD = re.compile(r"[^\W\d_][\w’'-]*")


@dataclass(frozen=True)
class Topic:
    start: int
    end: int
    words: tuple[str, ...]


def topics_of(context: Context) -> list[Topic]:
    """Every topic of the document's text, in text order (computed once per document)."""
    if "topics" not in context.cache:
        context.cache["topics"] = _find_topics(context.scan_text)
    return cast(list[Topic], context.cache["topics"])


def _find_topics(text: str) -> list[Topic]:
    found: dict[int, Topic] = {}
    for population in populations():
        for match in population.pattern.finditer(text):
            if not text[match.start()].islower():
                continue  # "UN Refugee Agency", "REFUGEES AND MIGRANTS": a name or a heading
            words = tuple(match.group(0).split())
            known = found.get(match.start())
            if known is None or known.end < match.end():
                found[match.start()] = Topic(match.start(), match.end(), words)
    for match in _WORD.finditer(text):
        word = match.group(0)
        if is_nationals(word) and not any(t.start <= match.start() < t.end for t in found.values()):
            found[match.start()] = Topic(match.start(), match.end(), (word,))
    return sorted(found.values(), key=lambda t: t.start)


def topic_in(context: Context, start: int, end: int, offset: int) -> Topic | None:
    """The topic of [start, end) nearest before ``offset``, else nearest after it."""
    inside = [t for t in topics_of(context) if start <= t.start and t.end <= end]
    before = [t for t in inside if t.end <= offset]
    if before:
        return before[-1]
    after = [t for t in inside if t.start >= offset]
    return after[0] if after else None


def topic_before(context: Context, start: int, offset: int) -> Topic | None:
    """The last topic in [start, offset)."""
    before = [t for t in topics_of(context) if start <= t.start and t.end <= offset]
    return before[-1] if before else None


def borrowed_phrase(context: Context, reading: Reading, tied: bool) -> Phrase | None:
    """What a figure printed without a noun counts: its sentence's topic; else, when the
    figure is ``tied`` to the passage (a place names it) or points back ("de ellos"), the
    last topic of the sentences before it in its paragraph. None for a percent or money,
    which a population does not name."""
    token = reading.token
    figure = token.figure
    if figure is None or figure.percent or figure.is_money:
        return None
    sentence_start, sentence_end = context.sentence_span(token.start)
    tied = tied or named_item(context, reading) or _list_item(context, reading)
    back = points_back(context, reading)
    topic = topic_in(context, sentence_start, sentence_end, token.start)
    if topic is not None and not (tied or back or _totals(context, reading)):
        topic = None  # "... could be improved 75. UNHCR ... persons": nothing ties them
    if topic is not None and not tied and _counted_by_another(context, topic, token.start):
        topic = None  # "5.1 million Venezuelans displaced abroad ... 69": that figure's
    if topic is None and (tied or back):
        paragraph_start, _ = context.paragraph_span(token.start)
        topic = topic_before(context, paragraph_start, sentence_start)
    if topic is None:
        return None
    return Phrase(topic.words, token.end, token.end, -1)


_GAP = re.compile(r"\s*(?:(?:of|de|da|do|del)\s+)?(?:[^\W\d_][\w’'-]*\s+){0,2}", re.IGNORECASE)


def _counted_by_another(context: Context, topic: Topic, offset: int) -> bool:
    """Whether the topic is what another figure counts, printed right after it."""
    for figure in context.figures_in(max(0, topic.start - 40), topic.start):
        if figure.start == offset:
            continue
        gap = _GAP.fullmatch(context.scan_text, figure.end, topic.start)
        if gap is not None:
            return True
    return False


@cache
def _list_join() -> re.Pattern[str]:
    return re.compile(rf"(?i)(?:[,;]|\b(?:{connective_pattern('and')}))\s*$")


def _list_item(context: Context, reading: Reading) -> bool:
    """ "20.000 personas en albergues y 5.000 en casas de acogida": an item of a
    list, after a separator, whose item before was read as a record."""
    start = reading.qualifier_start
    before = context.scan_text[max(reading.sentence_start, start - 20) : start]
    join = _list_join().search(before)
    if join is None:
        return False
    earlier = context.figures_in(reading.sentence_start, start - len(before) + join.start())
    if not earlier:
        return False
    fate = context.settlements.get(earlier[-1].start)
    return fate is not None and fate[0] == "record"


@cache
def _total_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    words = figure_context()

    def alternation(key: str) -> str:
        return "|".join(spaced(w) for w in sorted(words[key], key=len, reverse=True))

    determiners = connective_pattern("determiners")
    return (
        re.compile(rf"(?i)\b(?:{alternation('reach_words')})(?:\s+(?:{determiners}))?\s*$"),
        re.compile(rf"(?i)(?<!\w)(?:{alternation('number_words')})(?!\w)"),
        re.compile(rf"(?i)\b(?:{alternation('number_links')})\s*$"),
    )


def _totals(context: Context, reading: Reading) -> bool:
    """ "... has now reached three million", "supera los 3,1 millones", "the number of
    refugees ... increased from 200,000", a figure after the colon that ends its label:
    the figure is the total its sentence names."""
    reach, number, link = _total_patterns()
    before = fold(context.scan_text[reading.sentence_start : reading.qualifier_start])
    if reach.search(before) or before.rstrip().endswith(":"):
        return True  # "... reached 3 million", "... received since April: 4,120"
    start, end = context.sentence_span(reading.token.start)
    return bool(link.search(before)) and bool(number.search(fold(context.scan_text[start:end])))


def points_back(context: Context, reading: Reading) -> bool:
    """ "De éstos, aproximadamente 60.000", "of whom 12": a part of a figure before."""
    before = fold(context.scan_text[reading.sentence_start : reading.qualifier_start])
    before = before.rstrip(" ,")
    return any(before.endswith(fold(w)) for w in figure_context()["inclusion_words"])


_ITEM_JOIN = re.compile(r"(?:\(|,\s*(?:(?:com|with|con|avec)\s+)?)\s*$", re.IGNORECASE)
_CODE = re.compile(r"\s*\([A-Z]{2,3}\)\s*$")  # "Dourados (MS)": a state's code
_LAST_WORD = re.compile(r"([^\W\d_][\w’'-]*)\s*$")
MAX_NAME_WORDS = 4


def named_item(context: Context, reading: Reading) -> bool:
    """ "Londrina (1.200)", "Campinas (SP), com 900": an item of a list of names with
    their values, each counting what the passage counts."""
    text = context.scan_text[reading.sentence_start : reading.qualifier_start]
    join = _ITEM_JOIN.search(text)
    if join is None:
        return False
    text = text[: join.start()]
    code = _CODE.search(text)
    if code is not None:
        text = text[: code.start()]
    names = 0
    while names < MAX_NAME_WORDS:
        word = _LAST_WORD.search(text)
        if word is None:
            break
        if not word.group(1)[:1].isupper():
            if word.group(1) in ("de", "do", "da", "del", "of") and names:
                text = text[: word.start()]
                continue  # "Rio Grande do Sul"
            break
        names += 1
        text = text[: word.start()]
    return names > 0 and not text.rstrip().endswith(tuple("0123456789"))
