"""Organisation names, found by a spaCy pipeline. The only module that imports spaCy.

The pipeline is a blank language (no trained model is needed or downloaded) with three
components:

1. ``org_token_shapes`` marks each token: capitalised, an all-capital acronym, or a
   particle ("of", "de", "y", ...) joining two capitalised words of a name;
2. ``span_ruler`` proposes candidate spans with token patterns generated from the data
   files: every name, alias, translation and acronym of the agency gazetteer
   (``organisations.jsonl``), and organisation-shaped names from ``org_shapes.yaml``
   ("X Foundation", "Fundación X", "Ministry of X", "National X Committee", a name with
   an acronym in brackets, an acronym in a list of partners);
3. ``org_resolver`` keeps the candidates that are organisations, not people, places,
   plans, programmes or events, resolves overlaps, attaches acronyms printed in brackets
   and writes the result to ``doc.spans["organisations"]``.

If a statistical spaCy model is installed and named, its ORG entities are proposed as
candidates too, and the same rules accept or reject them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span, Token
from spacy.util import compile_infix_regex
from wordfreq import zipf_frequency

from pipeline.text import countries
from pipeline.vocab import fold
from pipeline.vocab.language import connectives
from pipeline.vocab.organisations import gazetteer, known_organisation, org_shapes
from pipeline.vocab.places import region_of

COMMON_WORD_ZIPF = 4.5  # a capitalised word this frequent is a heading's word, no acronym
DICTIONARY_WORD_ZIPF = 3.0  # a word this frequent is a word of the language, not a name
LANGUAGES = ("en", "es", "pt", "fr")

CANDIDATES = "org_candidates"
ORGANISATIONS = "organisations"
SUPPORTED_LANGUAGES = ("en", "es", "pt", "fr")

for _name in ("cap", "acronym", "name_word"):
    if not Token.has_extension(_name):
        Token.set_extension(_name, default=False)
for _name, _default in (("canonical", ""), ("org_type", ""), ("acronym", ""), ("origin", "")):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=_default)


@dataclass(frozen=True)
class OrgMention:
    """One mention of an organisation, with character offsets into the text."""

    start: int
    end: int
    text: str
    canonical: str
    org_type: str
    acronym: str  # the acronym printed for it here ("UBBM" after its name), or ""
    is_acronym: bool  # the mention itself is an acronym ("IOM")
    origin: str  # gazetteer, shape, enumeration or model


def find_organisations(text: str, language: str, model: str | None = None) -> list[OrgMention]:
    """Every organisation mention in ``text``."""
    nlp = build_pipeline(language, model)
    doc = nlp(text.replace("\n", " "))
    return [
        OrgMention(
            start=span.start_char,
            end=span.end_char,
            text=text[span.start_char : span.end_char],
            canonical=span._.canonical,
            org_type=span._.org_type,
            acronym=span._.acronym,
            is_acronym=len(span) == 1 and span[0]._.acronym,
            origin=span._.origin,
        )
        for span in sorted(doc.spans[ORGANISATIONS], key=lambda s: s.start)
    ]


MAX_TEXT_CHARS = 50_000_000  # a blank (rule-only) pipeline's text limit
MAX_LIST_NAME = 5  # tokens of a capitalised name in a list of partners, at most


@cache
def build_pipeline(language: str, model: str | None = None) -> Language:
    """The organisation pipeline for ``language``, built once per process."""
    if model:
        nlp = spacy.load(model, exclude=["lemmatizer"])
    else:
        nlp = spacy.blank(language if language in SUPPORTED_LANGUAGES else "en")
        # spaCy's 1M-character cap guards its parser and NER, which a blank pipeline does
        # not run: a 500-page report (about 1.4M characters) must not fail on it
        nlp.max_length = MAX_TEXT_CHARS
    _split_at_dashes(nlp)
    return add_organisation_components(nlp)


def _split_at_dashes(nlp: Language) -> None:
    """A dash between words is a token of its own ("teams—ALPHA, BRAVO—were"), and so is
    a bracket closed right before one ("(GBV)—ALPHA"), so list marks are seen."""
    infixes = [*(nlp.Defaults.infixes or ()), r"[—–]", r"\)(?=[—–])"]
    tokenizer: Tokenizer = nlp.tokenizer
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


def add_organisation_components(nlp: Language) -> Language:
    """Add the shape marker, the rule-based ruler and the resolver to ``nlp``."""
    nlp.add_pipe("org_token_shapes", before="ner" if "ner" in nlp.pipe_names else None)
    ruler = nlp.add_pipe(
        "span_ruler",
        name="org_ruler",
        config={"spans_key": CANDIDATES, "validate": True, "overwrite": False},
    )
    ruler.add_patterns(gazetteer_patterns(nlp) + shape_patterns())  # type: ignore[attr-defined]
    nlp.add_pipe("org_resolver")
    return nlp


# --- vocabularies ----------------------------------------------------------------------


@cache
def _shapes() -> dict[str, Any]:
    """``org_shapes.yaml`` with the keys of its word -> type tables folded."""
    shapes = dict(org_shapes())
    for table in ("head_nouns", "lead_nouns", "type_words", "enumeration_heads", "head_needs"):
        shapes[table] = {fold(word): value for word, value in shapes[table].items()}
    return shapes


def _set(key: str) -> frozenset[str]:
    return frozenset(fold(w) for w in _shapes()[key])


def gazetteer_patterns(nlp: Language) -> list[dict[str, Any]]:
    """Token patterns for every gazetteer name (any case) and acronym (exact case)."""
    patterns: list[dict[str, Any]] = []
    for entry in gazetteer():
        for name in entry["names"]:
            tokens = [{"LOWER": t.lower_} for t in nlp.make_doc(name)]
            patterns.append({"label": "GAZETTEER", "pattern": tokens, "id": entry["canonical"]})
        for acronym in [*entry.get("acronyms", []), *entry.get("misspellings", [])]:
            tokens = [{"ORTH": t.text} for t in nlp.make_doc(acronym)]
            patterns.append({"label": "GAZETTEER", "pattern": tokens, "id": entry["canonical"]})
    return patterns


def shape_patterns() -> list[dict[str, Any]]:
    """Token patterns for organisation-shaped names, built from ``org_shapes.yaml``."""
    raw = org_shapes()
    heads = _forms(raw["head_nouns"])
    needs_of = {fold(w) for w in raw["lead_needs_of"]}
    leads = _forms({w: 1 for w in raw["lead_nouns"] if fold(w) not in needs_of})
    leads_of = _forms({w: 1 for w in raw["lead_nouns"] if fold(w) in needs_of})
    continuations = sorted(connectives("name_continuations"))
    cap_run = {"_": {"cap": True}, "OP": "+"}
    name_run = {"_": {"name_word": True}, "OP": "+"}
    acronym = {"_": {"acronym": True}}
    return [
        {"label": "SHAPE", "pattern": [cap_run, {"LOWER": {"IN": heads}}]},
        {
            "label": "SHAPE",
            "pattern": [
                cap_run,
                {"LOWER": {"IN": heads}},
                {"LOWER": {"IN": continuations}},
                name_run,
            ],
        },
        {"label": "SHAPE", "pattern": [{"LOWER": {"IN": leads}, "_": {"cap": True}}, name_run]},
        {
            "label": "SHAPE",
            "pattern": [
                {"LOWER": {"IN": leads_of}, "_": {"cap": True}},
                {"LOWER": {"IN": continuations}},
                name_run,
            ],
        },
        {"label": "NAME_ACRONYM", "pattern": [cap_run, {"ORTH": "("}, acronym, {"ORTH": ")"}]},
        {
            "label": "NAME_ACRONYM",
            "pattern": [cap_run, {"ORTH": ","}, {"ORTH": "("}, acronym, {"ORTH": ")"}],
        },
        {
            "label": "ENUMERATION_HEAD",
            "pattern": [cap_run, {"LOWER": {"IN": _forms(raw["enumeration_heads"])}}],
        },
        {"label": "ACRONYM", "pattern": [acronym]},
    ]


def _forms(words: dict[str, Any]) -> list[str]:
    """Each word as written and without accents ("fundación", "fundacion")."""
    return sorted({w.lower() for w in words} | {fold(w) for w in words})


# --- component 1: token shapes -------------------------------------------------------------

_ACRONYM = re.compile(r"[A-Z][A-Z0-9&]*[A-Z0-9][a-z]?")


def _is_cap(token: Token) -> bool:
    text = token.text
    return bool(text) and text[0].isupper() and any(c.isalpha() for c in text)


@Language.component("org_token_shapes")
def org_token_shapes(doc: Doc) -> Doc:
    particles = _set("particles")
    for token in doc:
        token._.cap = _is_cap(token)
        token._.acronym = (
            bool(_ACRONYM.fullmatch(token.text)) and sum(c.isupper() for c in token.text) >= 2
        )
    for token in doc:
        token._.name_word = token._.cap or (
            fold(token.text) in particles and _cap_follows(doc, token.i, particles)
        )
    return doc


def _cap_follows(doc: Doc, index: int, particles: frozenset[str]) -> bool:
    """Whether a capitalised word comes within three words, only particles between
    ("Ministère de la Santé et de la Population")."""
    for following in doc[index + 1 : index + 4]:
        if following._.cap:
            return True
        if fold(following.text) not in particles:
            return False
    return False


# --- component 3: the resolver ---------------------------------------------------------------


@Language.component("org_resolver")
def org_resolver(doc: Doc) -> Doc:
    candidates = list(doc.spans[CANDIDATES])
    if doc.has_annotation("ENT_IOB"):
        candidates += [_labelled(e, "MODEL") for e in doc.ents if e.label_ == "ORG"]
    accepted = _choose(doc, [s for s in (_accept(doc, c) for c in candidates) if s is not None])
    accepted = [_with_comma_tail(s) for s in accepted]
    accepted += _enumerated(doc, candidates, accepted)
    accepted = _attach_acronyms(doc, sorted(accepted, key=lambda s: s.start), candidates)
    doc.spans[ORGANISATIONS] = accepted
    return doc


def _labelled(span: Span, label: str) -> Span:
    return Span(span.doc, span.start, span.end, label=label)


def _accept(doc: Doc, candidate: Span) -> Span | None:
    """The organisation ``candidate`` names, trimmed and typed; None if it names none."""
    if candidate.label_ == "GAZETTEER":
        if _in_capital_words(candidate):
            return None  # "WHO WE ARE", "PEOPLE WHO HAVE RECEIVED": a heading's word
        known = known_organisation(candidate.text) or known_organisation(candidate.id_)
        return _organisation(
            candidate, candidate.id_, known.org_type if known else "other", "gazetteer"
        )
    if candidate.label_ == "NAME_ACRONYM":
        return _named_by_acronym(candidate)
    if candidate.label_ not in ("SHAPE", "MODEL"):
        return None
    span = _trim(candidate)
    if span is None or _rejected(span):
        return None
    known = known_organisation(span.text)
    if known is not None:
        return _organisation(span, known.canonical, known.org_type, "gazetteer")
    origin = "shape" if candidate.label_ == "SHAPE" else "model"
    return _organisation(span, _canonical_name(span), _org_type(span), origin)


def _in_capital_words(span: Span) -> bool:
    """Whether an acronym stands among words of a heading in capitals ("WHO WE ARE"):
    a neighbour is a capitalised common word, not another organisation."""
    if len(span) != 1 or not span.text.isupper():
        return False
    doc = span.doc
    for index in (span.start - 1, span.end):
        if 0 <= index < len(doc):
            token = doc[index]
            word = token.text
            if word.isupper() and word.isalpha() and len(word) > 1 and _common_word(word):
                return known_organisation(word) is None
    return False


def _common_word(word: str, zipf: float = COMMON_WORD_ZIPF) -> bool:
    """Whether ``word`` is at least this frequent in one of the reports' languages."""
    return any(zipf_frequency(word.lower(), lang) >= zipf for lang in LANGUAGES)


def _with_comma_tail(span: Span) -> Span:
    """ "Ministry of Agriculture, Natural Resources and Rural Development (MARNDR)": a
    name continued after a comma, when the acronym that closes it spells the whole."""
    doc = span.doc
    if span._.origin != "shape" or span.end + 2 >= len(doc) or doc[span.end].text != ",":
        return span
    enumerated = _enumerated_tail(span)
    if enumerated is not None:
        return enumerated
    end = span.end + 1
    while end < len(doc) and doc[end]._.name_word and doc[end].text != "(":
        end += 1
    if (
        end == span.end + 1
        or end + 2 >= len(doc)
        or doc[end].text != "("
        or not doc[end + 1]._.acronym
    ):
        return span
    initials = Counter(fold(t.text)[0] for t in doc[span.start : end] if t._.cap)
    if Counter(fold(doc[end + 1].text)) - initials:
        return span
    return _extended(span, end)


def _extended(span: Span, end: int) -> Span:
    """``span``'s organisation, its name running on to token ``end``."""
    longer = _organisation(span.doc[span.start : end], "", span._.org_type, span._.origin)
    longer._.canonical = _canonical_name(longer)
    return longer


def _enumerated_tail(span: Span) -> Span | None:
    """ "Ministry of Women, Family, Children and Seniors": a name of a lead noun whose
    object is a list of single capitalised common words closed by "and"; None when the
    words after the comma are anything else (another organisation, an acronym, a place)."""
    doc = span.doc
    if fold(span[0].text) not in _set("lead_nouns"):
        return None
    position = span.end
    while position + 1 < len(doc) and doc[position].text == ",":
        word = doc[position + 1]
        if not _plain_name_word(word):
            return None
        position += 2
    if position == span.end or position + 1 >= len(doc):
        return None
    if fold(doc[position].text) not in connectives("and") or not _plain_name_word(
        doc[position + 1]
    ):
        return None
    end = position + 2
    while end < len(doc) and (fold(doc[end].text) == "'s" or _plain_name_word(doc[end])):
        end += 1
    return _extended(span, end)


def _plain_name_word(token: Token) -> bool:
    """A capitalised common word that is no organisation, acronym, place or lead noun of
    its own ("Family", "Laboratories")."""
    text = token.text
    return (
        token._.cap
        and not token._.acronym
        and text.isalpha()
        and _common_word(text, DICTIONARY_WORD_ZIPF)
        and fold(text) not in _set("lead_nouns")
        and fold(text) not in _shapes()["head_nouns"]
        and known_organisation(text) is None
        and countries.lookup(text) is None
        and not region_of(text)
    )


def _named_by_acronym(candidate: Span) -> Span | None:
    """ "Diakonie Katastrophenhilfe (DKH)": a name whose letters give the acronym printed
    after it is an organisation's, unless it is a place, a plan or a known concept."""
    bracket = next(t.i for t in candidate if t.text == "(")
    acronym = candidate.doc[bracket + 1].text
    end = bracket - 1 if candidate.doc[bracket - 1].text == "," else bracket
    name = _trim(candidate.doc[candidate.start : end])
    if name is None or acronym in _shapes()["non_org_acronyms"] or _rejected(name):
        return None
    if sum(1 for t in name if t._.cap) < 2 or not _abbreviates(acronym, name.text):
        return None
    return _organisation(name, _canonical_name(name), _org_type(name), "shape")


def _abbreviates(acronym: str, name: str) -> bool:
    """Whether the acronym's letters appear in order in the name, the first one first."""
    letters = fold(name).replace(" ", "")
    wanted = fold(acronym)
    if not letters or not wanted or letters[0] != wanted[0]:
        return False
    position = 0
    for letter in wanted:
        position = letters.find(letter, position) + 1
        if position == 0:
            return False
    return True


def _organisation(span: Span, canonical: str, org_type: str, origin: str) -> Span:
    result = Span(span.doc, span.start, span.end, label="ORG")
    result._.canonical = canonical
    result._.org_type = org_type
    result._.origin = origin
    return result


def _canonical_name(span: Span) -> str:
    return " ".join(span.text.split())


def _trim(span: Span) -> Span | None:
    """Drop words at either end that are not part of a name ("The", "In", a dangling
    "and"), and cut a span that runs on into a second organisation ("Ministry of Health
    and the Child Protection Agency", "Fundación Churún Merún and Fundación ...")."""
    leads = _set("lead_nouns")
    particles = _set("particles")
    doc = span.doc
    start, end = span.start, span.end
    while (
        start < end
        and (doc[start].is_stop or not doc[start]._.cap)
        and fold(doc[start].text) not in leads
    ):
        start += 1
    for index in range(start + 1, end - 1):
        if fold(doc[index].text) in connectives("and") and _names_another(doc, index + 1):
            end = index
            break
        if fold(doc[index].text) in connectives("in") and countries.lookup(
            doc[index + 1 : end].text
        ):
            end = index  # "Ministry of Social Affairs in Lebanon": the name ends before its place
            break
    while end > start and fold(doc[end - 1].text) in particles:
        end -= 1
    if end - start < 2:
        return None
    return doc[start:end]


def _names_another(doc: Doc, index: int) -> bool:
    """Whether the name words from ``index`` to the next "and" are an organisation of
    their own ("and the Child Protection Agency", "and UNICEF"), not more of this name
    ("and Social Security")."""
    if index < len(doc) and (doc[index]._.acronym or known_organisation(doc[index].text)):
        return True  # "Ministry of Health and UNICEF"
    words = []
    for token in doc[index:]:
        if not token._.name_word or fold(token.text) in connectives("and"):
            break
        words.append(fold(token.text))
    return any(
        w in _shapes()["lead_nouns"] or w in _shapes()["head_nouns"] for w in words[1:] + words[:1]
    )


def _rejected(span: Span) -> bool:
    """People, places, plans, programmes and events are not organisations."""
    words = [fold(t.text) for t in span]
    if words[-1] in _set("reject_heads"):
        return True
    if any(w in _set("reject_words") or w in _set("person_titles") for w in words):
        return True
    if known_organisation(span[0].text) is not None and span[0]._.acronym:
        return True  # "IOM Missions": a part of a known organisation
    modifiers = [t for t in span[:-1] if t._.cap]
    if all(t.text in _shapes()["non_org_acronyms"] for t in modifiers):
        return True  # "UN agency": a kind of organisation, not a name
    if span[-1].text.islower() and len(modifiers) < 2:
        return True  # a lower-case head needs a real name before it ("Prins Berhard school")
    needs = _shapes()["head_needs"]
    if words[-1] in needs and (len(words) < 2 or words[-2] != needs[words[-1]]):
        return True
    text = span.text
    return bool(region_of(text)) or countries.lookup(text) is not None or text.islower()


def _org_type(span: Span) -> str:
    words = [fold(t.text) for t in span]
    for word in words:
        if word in _shapes()["type_words"]:
            return str(_shapes()["type_words"][word])
    if words[0] in _shapes()["lead_nouns"]:
        return str(_shapes()["lead_nouns"][words[0]])
    for word in reversed(words):
        if word in _shapes()["head_nouns"]:
            return str(_shapes()["head_nouns"][word])
    return "other"


def _choose(doc: Doc, spans: list[Span]) -> list[Span]:
    """Non-overlapping spans: the longest first, a gazetteer match winning a tie."""
    ranked = sorted(spans, key=lambda s: (-(s.end - s.start), s._.origin != "gazetteer", s.start))
    taken: set[int] = set()
    chosen = []
    for span in ranked:
        if any(i in taken for i in range(span.start, span.end)):
            continue
        taken.update(range(span.start, span.end))
        chosen.append(span)
    return chosen


# --- lists of partners -----------------------------------------------------------------------


@cache
def _cue_pattern() -> re.Pattern[str]:
    cues = sorted(_shapes()["enumeration_cues"] + _shapes()["strong_cues"], key=len, reverse=True)
    return re.compile("|".join(re.escape(c).replace(r"\ ", r"\s+") for c in cues), re.IGNORECASE)


def _enumerated(doc: Doc, candidates: list[Span], accepted: list[Span]) -> list[Span]:
    """Names in a list of partner organisations that no other rule accepted: an acronym
    (or a run of them, "IOD PARC", "HEKS-EPER"), a name with its acronym in brackets, or a
    place-shaped institution. After a cue that says the list is of organisations
    ("organizations, including", "in partnership with") any such name counts; after a
    weaker cue ("together with") only in a list where two other names are known."""
    found: list[Span] = []
    taken = {i for s in accepted for i in range(s.start, s.end)}
    names = _names_by_start(candidates, accepted)
    chosen = set(accepted)
    for cue in _cue_pattern().finditer(doc.text):
        start = doc.char_span(cue.end(), cue.end(), alignment_mode="expand")
        if start is None:
            continue
        strong = fold(cue.group(0)) in _set("strong_cues") or any(
            fold(cue.group(0)).endswith(c) for c in _set("strong_cues")
        )
        items = _list_items(doc, start.start, names, capitalised=strong)
        if strong:
            items += _item_before(doc, start.start - len(cue.group(0).split()), accepted)
        known = [i for i in items if i in chosen]
        if len(known) < 2 and not strong:
            continue
        found += _new_items(items, known, chosen, taken)
    for items in _set_apart_lists(doc, names):
        known = [i for i in items if i in chosen]
        if known:
            found += _new_items(items, known, chosen, taken)
    return found


def _new_items(
    items: list[Span], known: list[Span], chosen: set[Span], taken: set[int]
) -> list[Span]:
    """The items of a list no other rule took, typed as most of its known names are."""
    majority = Counter(s._.org_type for s in known).most_common(1)[0][0] if known else "other"
    found = []
    for item in items:
        if item not in chosen and not any(i in taken for i in range(item.start, item.end)):
            found.append(_enumeration_item(item, majority))
            taken.update(range(item.start, item.end))
    return found


LIST_OPENERS = ("—", "–", "(", ":")
LIST_CLOSERS = ("—", "–", ")", ".", ";")
MIN_SET_APART_ITEMS = 3


def _set_apart_lists(doc: Doc, names: dict[int, Span]) -> list[list[Span]]:
    """Lists of names that fill a bracket or a pair of dashes ("teams—ALPHA, BRAVO,
    Hope Relief—were deployed"): nothing but names from the opening mark to the
    closing one, at least three of them, set apart by commas."""
    lists = []
    for opener in doc:
        if opener.text not in LIST_OPENERS:
            continue
        items = _list_items(doc, opener.i + 1, names, capitalised=True)
        if len(items) < MIN_SET_APART_ITEMS:
            continue
        closer = items[-1].end
        commas = sum(1 for t in doc[opener.i : closer] if t.text == ",")
        if (
            commas >= MIN_SET_APART_ITEMS - 1
            and closer < len(doc)
            and doc[closer].text in LIST_CLOSERS
        ):
            lists.append(items)
    return lists


def _acronym_run(doc: Doc, index: int) -> Span | None:
    """A run of acronyms from ``index``: "IOD PARC", "HEKS-EPER", "IMC USA"."""
    end = index
    while end < len(doc) and doc[end]._.acronym:
        if end + 2 < len(doc) and doc[end + 1].text == "-" and doc[end + 2]._.acronym:
            end += 2
        end += 1
    return Span(doc, index, end, label="ACRONYM") if end > index else None


def _item_before(doc: Doc, cue_start: int, accepted: list[Span]) -> list[Span]:
    """ "conducted by IOD PARC in partnership with ...": the acronyms just before a
    partnership cue name the other partner."""
    while cue_start > 0 and fold(doc[cue_start - 1].text) in connectives("in"):
        cue_start -= 1  # "IOD PARC in partnership with"
    start = cue_start
    while start > 0 and doc[start - 1]._.acronym and cue_start - start < 4:
        start -= 1
    if start == cue_start or any(s.start <= start < s.end for s in accepted):
        return []
    run = Span(doc, start, cue_start, label="ACRONYM")
    return [run] if _list_name(run) else []


def _names_by_start(candidates: list[Span], accepted: list[Span]) -> dict[int, Span]:
    """The name a list item starting at a token would be: an accepted organisation first,
    else the longest name-with-acronym or enumeration head."""
    chosen = set(accepted)
    by_start: dict[int, Span] = {}
    for span in [*candidates, *accepted]:
        if span.label_ in ("NAME_ACRONYM", "ENUMERATION_HEAD") or span in chosen:
            current = by_start.get(span.start)
            if (
                current is None
                or (span in chosen and current not in chosen)
                or (span.end > current.end and current not in chosen)
            ):
                by_start[span.start] = span
    return by_start


def _list_items(
    doc: Doc, index: int, by_start: dict[int, Span], capitalised: bool = False
) -> list[Span]:
    """The names in the list starting at token ``index``, up to the first thing that is
    not a name (the end of the sentence or a clause). A place after a name ("HEKS-EPER in
    Grand'Anse") is passed over. After a cue that says the list names organisations
    (``capitalised``), a run of capitalised words is a name too ("Hope for Tomorrow")."""
    skip = connectives("and") | connectives("determiners")
    items: list[Span] = []
    position = index
    while position < len(doc):
        token = doc[position]
        if token.text == "," or fold(token.text) in skip or (items and token.text == "("):
            position += 1  # "ALPHA, BRAVO (CHARLIE and DELTA, ...": a bracket inside the list
            continue
        if items and fold(token.text) in connectives("in"):
            position = _past_place(doc, position)
            continue
        item = by_start.get(position) or _acronym_run(doc, position)
        if item is None and capitalised:
            item = _capitalised_run(doc, position)
        if item is None or not _list_name(item):
            break
        items.append(item)
        position = item.end
    return items


def _capitalised_run(doc: Doc, index: int) -> Span | None:
    """Capitalised words from ``index``, small words between them ("Hope for Tomorrow"),
    at most ``MAX_LIST_NAME`` tokens; None for a place's name alone."""
    # "Caritas and CORE" are two items; "Plan X in the South" is Plan X in a place
    particles = _set("particles") - connectives("and") - connectives("in")
    end = index
    while end < len(doc) and end - index < MAX_LIST_NAME:
        if doc[end]._.cap or (
            fold(doc[end].text) in particles and end > index and _cap_follows(doc, end, particles)
        ):
            end += 1
        else:
            break
    if end == index:
        return None
    after = doc[end] if end < len(doc) else None
    joins = connectives("and") | connectives("in") | connectives("determiners")
    if after is not None and after.is_lower and after.is_alpha and after.lower_ not in joins:
        return None  # "Venezuelan migrant organizations": an adjective, not a name
    span = Span(doc, index, end, label="ENUMERATION_NAME")
    place = countries.lookup(span.text) is not None or region_of(span.text)
    return None if place else span


def _past_place(doc: Doc, index: int) -> int:
    """Index after "in the South" / "in Grand'Anse" starting at ``index``."""
    position = index + 1
    while position < len(doc) and (
        doc[position]._.cap
        or fold(doc[position].text) in connectives("determiners")
        or doc[position].text in ("’", "'")
    ):
        position += 1
    return position if position > index + 1 else len(doc)


def _list_name(span: Span) -> bool:
    if span.label_ == "ACRONYM":
        words = [t.text for t in span if t.text != "-"]
        return (
            not all(w in _shapes()["non_org_acronyms"] for w in words)
            and known_organisation(span.text) is None
            and countries.lookup(span.text) is None
        )
    return True


def _enumeration_item(item: Span, majority: str) -> Span:
    end = item.end
    if item.label_ == "NAME_ACRONYM":  # "Diáspora Venezolana (DIASPOVERD)": name only
        end = next(t.i for t in item if t.text == "(")
        if item.doc[end - 1].text == ",":
            end -= 1
    span = _trim(item.doc[item.start : end]) if end - item.start > 1 else item.doc[item.start : end]
    span = span if span is not None else item.doc[item.start : end]
    org_type = majority
    if item.label_ == "ENUMERATION_HEAD":
        org_type = str(_shapes()["enumeration_heads"][fold(span[-1].text)])
    return _organisation(span, _canonical_name(span), org_type, "enumeration")


# --- acronyms ------------------------------------------------------------------------------


def _attach_acronyms(doc: Doc, spans: list[Span], candidates: list[Span]) -> list[Span]:
    """ "United Bridge Builders Mission (UBBM)": UBBM is that organisation's acronym, and a
    later bare "UBBM" is another mention of it."""
    result: list[Span] = []
    by_acronym: dict[str, Span] = {}
    skip: set[int] = set()
    for span in spans:
        if span.start in skip:
            continue
        acronym = _bracketed_acronym(doc, span.end)
        if acronym is not None:
            span._.acronym = acronym.text
            skip.add(acronym.i)
            by_acronym.setdefault(acronym.text, span)
        elif len(span) == 1 and span[0]._.acronym:
            span._.acronym = span.text
        result.append(span)
    taken = {i for s in result for i in range(s.start, s.end)} | skip
    for candidate in candidates:
        if (
            candidate.label_ == "ACRONYM"
            and candidate.text in by_acronym
            and candidate.start not in taken
        ):
            source = by_acronym[candidate.text]
            mention = _organisation(
                candidate, source._.canonical, source._.org_type, source._.origin
            )
            mention._.acronym = candidate.text
            result.append(mention)
    return sorted(result, key=lambda s: s.start)


def _bracketed_acronym(doc: Doc, index: int) -> Token | None:
    position = index + 1 if index < len(doc) and doc[index].text == "," else index
    if position + 2 < len(doc) and doc[position].text == "(" and doc[position + 1]._.acronym:
        closing = doc[position + 2].text
        if closing == ")" or fold(doc[position + 2].text) in connectives(
            "in"
        ):  # "(AECID in Spanish)"
            return doc[position + 1]
    return None
