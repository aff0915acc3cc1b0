"""The status of a figure: done, planned (or targeted), needed, or "" when no word says.

The words are data (``data/statuses.yaml``, one entry per language); the rules:

1. **A label says it** (a key-figure panel's label, a table's column header, the
   population a headline counts): an activity verb in a past form or a word of work done
   makes it ``done`` ("People reached", "Personas atendidas"), else a target or intent
   word ``planned`` ("Target population", "People targeted"), else a need word
   ``needed`` ("People in need").
2. **An activity's verb says it by its tense**: an intent word up to a few words before
   the verb ("plans to assist", "will be distributed", "aims to reach", "to be
   delivered") or a future form ("distribuirá", "atteindra") make it ``planned``; a past
   form ("distributed", "were assisted", "entregaron", "ont reçu") ``done``. A present
   participle or a noun takes the tense of the verb before it in its sentence
   ("distributed 500 kits, reaching 2,000 people"). A list's items share its verb, and so
   its status.
3. **Else the population it counts** ("people in need", "people targeted"), **or a
   target or need word near the figure in its clause** (``places.figure_clause``, no
   punctuation between) says it, the nearest first: "a target of 5,000 people", "1,200
   people targeted", "2 million people in need", "30,000 require urgent assistance".
4. **Else, for a figure with no verb that is not a situation count**, the nearest intent
   word or activity verb before it in its sentence: "plans to assist 800 people with 120
   tonnes of food" (both planned), "distributed tarpaulins to 300 families" (done).

A situation count (people affected, displaced, killed; houses damaged: a ``situation``
verb, or a population with no activity verb) is not an activity: only rule 3 can give it
a status ("of whom 40,000 need shelter": needed). So is a total after a verb of totals
("the number of arrivals has now reached 3,000"), whatever the verb's tense. A
"require" says a need only with what is needed after it ("require assistance", not
"services require payment"). Nothing is ``done`` by default: a present tense
("distributes"), an unknown verb ("prepositioned") or no verb leave it "".
"""

from __future__ import annotations

import re

from pipeline.extract.context import Context
from pipeline.extract.phrases import Verb
from pipeline.extract.places import figure_clause
from pipeline.extract.readings import Reading
from pipeline.models import Status
from pipeline.text.countries import fold_same_length
from pipeline.vocab import fold
from pipeline.vocab.figures import Population, activity_verbs, figure_context
from pipeline.vocab.language import connectives
from pipeline.vocab.statuses import StatusWords, status_words

MAX_INTENT_GAP = 3  # words between an intent word and its verb ("will [also] be distributed")
MAX_SCAN_WORDS = 12  # words looked back for the tense of a figure or a verbless noun
MAX_CUE_WORDS = 5  # words between a figure and a target or need word of its clause
METRIC_LANGUAGE = "en"  # metrics are English snake_case whatever the report's language
MIN_PAST_LENGTH = 4  # an "-ed" word this short is no past verb ("need", "seed")

_WORD = re.compile(r"[^\W\d_][\w’'-]*|\d[\d.,]*")
_WINDOW_CUTS = re.compile(r"[;:]")
_PHRASE_CUTS = re.compile(r"[,.;:()]")  # a cue across one of these is not the figure's


def label_status(label: str, language: str) -> Status:
    """The status a label or a column header gives its value (rule 1)."""
    words = status_words(language)
    if any(_done_word(m.group(0), words) for m in _WORD.finditer(label)):
        return "done"
    folded = fold_same_length(label)
    if words.target.search(folded) or words.intent.search(folded):
        return "planned"
    if words.need.search(folded):
        return "needed"
    return ""


def population_status(population: Population) -> Status:
    """The status of a figure that counts a population, by the population's name (an
    English metric): "people_in_need" needed, "people_targeted" planned, "refugees" ""."""
    return label_status(population.metric.replace("_", " "), METRIC_LANGUAGE)


def figure_status(
    context: Context, reading: Reading, metric: str, *, situation: bool, borrowed: bool
) -> Status:
    """The status of a narrative figure (rules 2 to 4); ``situation`` when what it counts
    is a population or what happened (people affected, houses damaged), not an activity:
    then its metric may say it ("people_in_need", "people_targeted"). ``borrowed`` when
    what it counts is not printed with it: after a verb of totals ("the number of
    arrivals has reached 3,000") the figure is a total, not work done."""
    words = status_words(context.doc.language)
    verb = reading.verb
    if reading.labelled:
        return label_status(" ".join(reading.phrase.words), context.doc.language)
    if borrowed and verb is not None and _total_verb(context, verb, reading.sentence_start):
        verb, situation = None, True
    activity = verb is not None and not verb.situation
    if verb is not None and activity:
        tense = _verb_tense(context, verb, reading.sentence_start, words)
        if tense:
            return tense
    counted = situation and reading.verb is None  # its metric names the population
    named = label_status(metric.replace("_", " "), METRIC_LANGUAGE) if counted else ""
    near = named or _nearest_cue(context, reading, words)
    if near or activity or situation:
        return near
    return _tense_before(context, reading.qualifier_start, reading.sentence_start, words)


def _total_verb(context: Context, verb: Verb, sentence_start: int) -> bool:
    """A verb that gives the total of a number its sentence names ("the number of
    arrivals has now reached 3,000"), not an activity ("partners reached 3,000")."""
    words = figure_context()
    if fold(context.scan_text[verb.start : verb.end]) not in words["reach_words"]:
        return False
    before = fold(context.scan_text[sentence_start : verb.start])
    return any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", before) for w in words["number_words"])


def _done_word(word: str, words: StatusWords) -> bool:
    """A word of work done: "completed", or an activity verb in a past form ("reached")."""
    key = fold(word)
    verb = activity_verbs().get(key)
    return key in words.done or (verb is not None and not verb.situation and words.is_past(word))


def _verb_tense(context: Context, verb: Verb, sentence_start: int, words: StatusWords) -> Status:
    """Rule 2: what the activity verb's tense says."""
    text = context.scan_text
    start = _window_start(context, sentence_start, verb.start)
    before = list(_WORD.finditer(text, start, verb.start))
    intents = _intent_spans(text, start, verb.start, words)
    for match in before[::-1][: MAX_INTENT_GAP + 1]:
        if _within(match, intents):
            return "planned"  # "plans to distribute", "will be distributed"
    form = text[verb.start : verb.end]
    if activity_verbs().get(fold(form)) is not None:  # the verb as printed, not "for"
        if words.is_future(form):
            return "planned"
        if words.is_past(form):
            return "done"
    if before and fold(before[-1].group(0)) in connectives("to"):
        return ""  # "funds to assist 300 people": a purpose, not yet a plan or a deed
    return _tense_before(context, verb.start, sentence_start, words)


def _tense_before(
    context: Context, position: int, sentence_start: int, words: StatusWords
) -> Status:
    """The nearest word before ``position`` in its sentence that gives a tense: an intent
    word or a future form (planned), a past activity verb or a word of work done (done).
    A verb of what happened, or an unknown past verb, ends the search: its tense is not
    the figure's ("partners prepositioned 900 kits")."""
    text = context.scan_text
    start = _window_start(context, sentence_start, position)
    intents = _intent_spans(text, start, position, words)
    found = list(_WORD.finditer(text, start, position))
    for index in range(len(found) - 1, max(len(found) - MAX_SCAN_WORDS, 0) - 1, -1):
        match = found[index]
        word = match.group(0)
        key = fold(word)
        if _within(match, intents) or words.is_future(word):
            return "planned"
        if key in words.done:
            return "done"
        verb = activity_verbs().get(key)
        if verb is None:
            if _unknown_past(word):
                return ""
            continue
        if verb.situation:
            return ""
        if words.is_past(word):
            return "done"
        previous = found[index - 1] if index > 0 else None
        if previous is not None and fold(previous.group(0)) in connectives("to"):
            return "planned" if _within(previous, intents) else ""  # "to support": a purpose
    return ""


def _within(match: re.Match[str], spans: list[tuple[int, int]]) -> bool:
    return any(s <= match.start() < e for s, e in spans)


def _unknown_past(word: str) -> bool:
    """An English past form of a verb that is no activity ("reopened", "prepositioned")."""
    key = fold(word)
    return (
        word.islower()
        and len(key) > MIN_PAST_LENGTH
        and key.endswith("ed")
        and key not in figure_context()["linking_verbs"]
    )


def _nearest_cue(context: Context, reading: Reading, words: StatusWords) -> Status:
    """Rule 3: the target or need word nearest the figure in its clause, within a few
    words of it and with no punctuation between."""
    start, end = figure_clause(context, reading)
    text = context.scan_text
    folded = fold_same_length(text[start:end])
    best: tuple[int, Status] | None = None
    for pattern, status in ((words.target, "planned"), (words.need, "needed")):
        for match in pattern.finditer(folded):
            cue_start, cue_end = start + match.start(), start + match.end()
            if cue_end <= reading.qualifier_start:
                gap = text[cue_end : reading.qualifier_start]
            elif cue_start >= reading.token.end:
                gap = text[reading.token.end : cue_start]
            else:
                continue
            if _PHRASE_CUTS.search(gap):
                continue  # "out of 279 planned, delivering ... for 42 million": another's
            distance = len(_WORD.findall(gap))
            if distance <= MAX_CUE_WORDS and (best is None or distance < best[0]):
                best = (distance, status)  # type: ignore[assignment]
    return best[1] if best else ""


def _window_start(context: Context, sentence_start: int, position: int) -> int:
    """Where the words that may give ``position`` its tense start: its sentence, after
    the last ";" or ":" before it."""
    cuts = list(_WINDOW_CUTS.finditer(context.scan_text, sentence_start, position))
    return cuts[-1].end() if cuts else sentence_start


def _intent_spans(text: str, start: int, end: int, words: StatusWords) -> list[tuple[int, int]]:
    folded = fold_same_length(text[start:end])
    return [(start + m.start(), start + m.end()) for m in words.intent.finditer(folded)]
