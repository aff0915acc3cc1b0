"""Reading the words around a figure: what it counts and what was done with it.

A section's text is cut into tokens (words, figures, punctuation, paragraph breaks).
From a figure's token, ``counted_phrase`` reads what the figure counts ("hygiene kits"),
``verb_before`` and ``verb_after`` find the activity verb that says what was done with
it ("distributed", "were trained"), using the word lists in ``data/figure_context.yaml``
and ``data/activity_verbs.yaml``. See docs/metrics.md for the rules these implement.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from functools import cache

from pipeline.extract.context import Context
from pipeline.models import Figure
from pipeline.text import countries
from pipeline.text.tokens import Token
from pipeline.vocab import fold
from pipeline.vocab.figures import ActivityVerb, activity_verbs, figure_context
from pipeline.vocab.language import connectives
from pipeline.vocab.numbers import qualifier_words, unit_of

MAX_PHRASE_WORDS = 6
MAX_VERB_DISTANCE = 25  # words looked back for a figure's verb
MAX_OBJECT_WORDS = 6

_WORD = re.compile(r"(?:[^\W\d_]|\d(?=[^\W\d_]))[\w’'&/-]*[\w]|[^\W\d_]|&")
_PUNCT = re.compile(r"[.,;:!?()“”\"¨«»\[\]–—]")


@cache
def list_separators() -> frozenset[str]:
    """What joins the items of a list of figures: "," ";" and the words for "and"."""
    return connectives("and") | {",", ";"}


@dataclass(frozen=True)
class Verb:
    participle: str
    obj: str  # head of the thing given ("support" in "provided support to 20 migrants")
    start: int
    end: int
    situation: bool = False  # what happened ("displaced"), not an activity


def tokenize(context: Context, start: int, end: int) -> list[Token]:
    """The tokens of text[start:end], with a break where each unit of segment starts (a
    heading, a label, a value, a sentence): what a figure counts or its verb is never read
    across one."""
    tokens: list[Token] = []
    position = start
    for figure in context.figures_in(start, end):
        tokens += _plain_tokens(context.scan_text, position, figure.start)
        tokens.append(Token("figure", figure.text, figure.start, figure.end, figure))
        position = figure.end
    tokens += _plain_tokens(context.scan_text, position, end)
    low = bisect.bisect_right(context.unit_starts, start)
    high = bisect.bisect_left(context.unit_starts, end)
    tokens += [Token("break", "", u, u) for u in context.unit_starts[low:high]]
    tokens.sort(key=lambda t: (t.start, t.kind != "break"))
    return tokens


def _plain_tokens(text: str, start: int, end: int) -> list[Token]:
    found: list[Token] = []
    for pattern, kind in ((_WORD, "word"), (_PUNCT, "punct")):
        for match in pattern.finditer(text, start, end):
            found.append(Token(kind, match.group(0), match.start(), match.end()))  # type: ignore[arg-type]
    found.sort(key=lambda t: t.start)
    return found


def is_countable(figure: Figure) -> bool:
    """A figure that may count something (not a year, ordinal, code or amount of money)."""
    return not (figure.is_year or figure.ordinal or figure.attached or figure.is_money)


# --- what the figure counts --------------------------------------------------------------


@dataclass(frozen=True)
class Phrase:
    words: tuple[str, ...]
    start: int
    end: int  # end of the last token read, kept words or not
    stopped_at: int  # index of the token the phrase stopped at


OPENING_QUOTES = frozenset('“"«‘')


def counted_phrase(tokens: list[Token], index: int, language: str) -> Phrase:
    """The words after ``tokens[index]`` that say what it counts."""
    words = figure_context()
    kept: list[Token] = []
    position = _past_quote(tokens, index + 1)
    while position < len(tokens) and len(kept) < MAX_PHRASE_WORDS:
        token = tokens[position]
        if token.kind != "word" or (
            token.key in words["phrase_stops"] and token.key not in words["phrase_joins"]
        ):
            break
        if token.key in words["phrase_joins"]:
            if not kept or not _joins(tokens, position, kept, language):
                break
        elif kept and _participle(token) and _ends_phrase(tokens, position):
            break
        elif kept and token.key.endswith("ed") and token.key in activity_verbs():
            break  # "hygiene kits distributed": the verb, not more of what is counted
        elif token.text[:1].isupper() and token.text.endswith(("’s", "'s")):
            break  # "the 100 IOM’s Regional ...": someone's, never what is counted
        elif token.text[:1].isupper() and countries.lookup(token.text) is not None:
            break  # "Sweden 7,710,100 Spain 809,061": the next item's place, not a noun
        kept.append(token)
        position += 1
    while kept and kept[-1].key in words["phrase_joins"]:
        kept.pop()
    shown = [t for t in kept if not _dropped(t)]
    while shown and shown[0].key in words["phrase_joins"]:
        shown.pop(0)
    if len(shown) == 1 and _code(shown[0]) and not _unit_word(shown[0]):
        shown = []  # "30 OK – Wildfires": a state's code, not what is counted
    start = kept[0].start if kept else tokens[index].end
    end = kept[-1].end if kept else tokens[index].end
    return Phrase(tuple(t.text for t in shown), start, end, position)


def _past_quote(tokens: list[Token], position: int) -> int:
    """Past an opening quote: 600 “mama kits”, what is counted printed in quotes."""
    quoted = position < len(tokens) and tokens[position].text in OPENING_QUOTES
    return position + 1 if quoted else position


_CODE_WORD = re.compile(r"[A-Z]{2,3}")


def _code(token: Token) -> bool:
    """An abbreviation of two or three capitals ("OK", "PA"), alone."""
    return bool(_CODE_WORD.fullmatch(token.text.replace("/", "")))


def _unit_word(token: Token) -> bool:
    words = figure_context()
    return token.key in words["measure_words"] or unit_of(token.text) != "count"


def _joins(tokens: list[Token], position: int, kept: list[Token], language: str) -> bool:
    """Whether the joining word at ``position`` continues the phrase."""
    words = figure_context()
    following = tokens[position + 1] if position + 1 < len(tokens) else None
    if following is None or following.kind != "word" or following.key in words["phrase_stops"]:
        return False
    key = tokens[position].key
    if key in list_separators() and _figure_follows(tokens, position + 1):
        return False
    if key in list_separators() and (
        activity_verbs().get(following.key)
        or (_participle(following) and following.key.endswith("ed"))
    ):
        return False  # "participants and provided ...": a second predicate, not more nouns
    if key in connectives("of"):
        # "units of liquid hand soap"; in Spanish or Portuguese "kits de higiene"
        return kept[-1].key in words["measure_words"] or language in words["of_joins_languages"]
    return True


def _figure_follows(tokens: list[Token], position: int) -> bool:
    """ "and almost 13,800": only qualifier words stand between here and a figure."""
    while (
        position < len(tokens)
        and tokens[position].kind == "word"
        and tokens[position].key in qualifier_words()
    ):
        position += 1
    return position < len(tokens) and tokens[position].kind == "figure"


def _participle(token: Token) -> bool:
    return token.key.endswith(("ing", "ed")) and len(token.key) > 4


def _ends_phrase(tokens: list[Token], position: int) -> bool:
    """A participle after the counted words ends them when a preposition or punctuation
    follows ("missions operating under", "persons estimated to"), not when a noun does
    ("temporary housing vouchers")."""
    following = tokens[position + 1] if position + 1 < len(tokens) else None
    return (
        following is None
        or following.kind != "word"
        or following.key in figure_context()["phrase_stops"]
    )


def _dropped(token: Token) -> bool:
    words = figure_context()
    return (
        token.key in words["phrase_drops"]
        or token.key in words["adverbs"]
        or is_demonym(token.text)
    )


def is_demonym(word: str) -> bool:
    """A capitalised nationality word ("Venezuelan", "Guyanese")."""
    return word[:1].isupper() and not word.isupper() and fold(word).endswith(_demonym_endings())


def is_nationals(word: str) -> bool:
    """ "Venezuelans", "venezolanos", "venezuelanos": the people of a country, plural."""
    return (
        len(word) > 4
        and word.endswith("s")
        and not word.isupper()
        and bool(countries.nationality_of(word, _demonym_endings()))
    )


@cache
def _demonym_endings() -> tuple[str, ...]:
    return tuple(sorted(figure_context()["demonym_endings"], key=len, reverse=True))


def elided_phrase(tokens: list[Token], index: int, phrase: Phrase, language: str) -> Phrase:
    """ "18 Guyanese and 20 Venezuelan women": the 18 borrows "women" from the 20; "41
    SAM and 214 MAM cases": the 41 keeps its own abbreviation, SAM cases."""
    stop = phrase.stopped_at
    if phrase.words or stop + 1 >= len(tokens):
        return phrase
    if tokens[stop].key in list_separators() and tokens[stop + 1].kind == "figure":
        following = counted_phrase(tokens, stop + 1, language)
        later = elided_phrase(tokens, stop + 1, following, language)
        own = [t.text for t in tokens[index + 1 : stop] if _code(t)]
        if own and later.words:  # "41 SAM and 214 MAM cases": SAM cases, not MAM cases
            head = tuple(w for w in later.words if not _CODE_WORD.fullmatch(w))
            return replace(later, words=(*own, *head))
        return later
    return phrase


def phrase_before(tokens: list[Token], index: int) -> Phrase:
    """The lower-case words before "(" at ``index - 1``: "economic resources (63%)"."""
    words = figure_context()
    kept: list[Token] = []
    position = index - 2
    while position >= 0 and len(kept) < MAX_PHRASE_WORDS:
        token = tokens[position]
        if token.kind != "word" or not token.text.islower() or token.key in words["phrase_stops"]:
            break
        kept.insert(0, token)
        position -= 1
    while kept and kept[0].key in words["phrase_joins"]:
        kept.pop(0)
    if not kept:
        return Phrase((), tokens[index].start, tokens[index].start, index)
    return Phrase(tuple(t.text for t in kept), kept[0].start, kept[-1].end, position)


# --- the word just before a figure ---------------------------------------------------------


def word_before(tokens: list[Token], index: int, skip_to: int) -> tuple[Token | None, int]:
    """The word before the figure once its qualifier and lead-in ("a total of") are
    skipped; ``skip_to`` is where the qualifier starts. Returns the word and its index."""
    position = index - 1
    while position >= 0 and tokens[position].end > skip_to:
        position -= 1
    lead_ins = figure_context()["lead_ins"]
    for lead_in in sorted(lead_ins, key=len, reverse=True):
        size = len(lead_in.split())
        if position - size + 1 >= 0:
            words = " ".join(t.key for t in tokens[position - size + 1 : position + 1])
            if words == lead_in:
                position -= size
                break
    if position >= 0 and tokens[position].kind == "word":
        return tokens[position], position
    return None, position


# --- the activity verb ------------------------------------------------------------------------


def list_anchor(tokens: list[Token], index: int, eligible: set[int]) -> int:
    """The first figure of the list ``tokens[index]`` continues ("6,700 ..., 5,700 ... and
    13,800 ..."); ``index`` itself when it starts one."""
    position = index - 1
    while (
        position >= 0
        and tokens[position].kind == "word"
        and tokens[position].key in qualifier_words()
    ):
        position -= 1
    separators = 0
    while position >= 0 and (tokens[position].key in list_separators()):
        separators += 1
        position -= 1
    if not separators:
        return index
    previous = position
    while (
        previous >= 0
        and tokens[previous].kind == "word"
        and previous > position - MAX_PHRASE_WORDS - 1
    ):
        previous -= 1
    if previous >= 0 and previous in eligible and tokens[previous].kind == "figure":
        return list_anchor(tokens, previous, eligible)
    return index


def verb_before(tokens: list[Token], index: int, stops: set[int]) -> Verb | None:
    """The nearest activity verb before ``tokens[index]`` in its sentence (and its table
    cell); ``index`` is where the search starts, past the figure's qualifier."""
    words = 0
    position = index - 1
    while position >= 0 and words < MAX_VERB_DISTANCE:
        token = tokens[position]
        if token.kind == "break" or token.text in ".!?\t\n" or position in stops:
            return None
        if token.kind == "word":
            verb = activity_verbs().get(token.key)
            if verb is not None:
                return Verb(verb.participle, "", token.start, token.end, verb.situation)
            if (
                token.key.endswith("ed")
                and len(token.key) > 4
                and token.text.islower()
                and token.key not in figure_context()["linking_verbs"]
            ):
                return None  # "partners reopened 12 centres": the nearest verb is not ours
            words += 1
        position -= 1
    return None


def verb_with_object(tokens: list[Token], to_index: int) -> Verb | None:
    """ "provided support to 20 migrants": the verb before "to" and the thing given.

    A verb form right before "to" is the thing given ("support to"), not the verb.
    """
    object_words: list[Token] = []
    position = to_index - 1
    while position >= 0 and len(object_words) <= MAX_OBJECT_WORDS:
        token = tokens[position]
        if token.kind != "word":
            return None
        verb = activity_verbs().get(token.key)
        if verb is not None and object_words:
            return _with_object(verb, object_words, token)
        object_words.insert(0, token)
        position -= 1
    return None


def _with_object(verb: ActivityVerb, object_words: list[Token], token: Token) -> Verb:
    content = [t for t in object_words if t.key not in figure_context()["phrase_stops"]]
    obj = content[-1].key if verb.takes_object and content else ""
    return Verb(verb.participle, obj, token.start, token.end, verb.situation)


def verb_after(tokens: list[Token], index: int) -> Verb | None:
    """A verb after what a figure counts: "100 government employees were trained",
    "9,085 people in socioeconomic vulnerability received ... support"."""
    words = figure_context()
    position = index
    if position < len(tokens) and tokens[position].key in words["verb_gap_words"]:
        position += 1
        skipped = 0
        while position < len(tokens) and tokens[position].kind == "word" and skipped < 3:
            if (
                activity_verbs().get(tokens[position].key)
                or tokens[position].key in words["auxiliaries"]
            ):
                break
            position += 1
            skipped += 1
    while position < len(tokens) and tokens[position].key in words["auxiliaries"]:
        position += 1
    if position >= len(tokens) or tokens[position].kind != "word":
        return None
    if position > 0 and tokens[position - 1].key in list_separators():
        return None  # "participants and provided ...": the verb has another subject
    verb = activity_verbs().get(tokens[position].key)
    if verb is None:
        return None
    obj = ""
    if verb.takes_object:
        object_words = []
        for token in tokens[position + 1 : position + 1 + MAX_OBJECT_WORDS]:
            if token.kind != "word" or token.key in words["phrase_stops"]:
                break
            object_words.append(token)
        obj = object_words[-1].key if object_words else ""
    return Verb(verb.participle, obj, tokens[position].start, tokens[position].end, verb.situation)
