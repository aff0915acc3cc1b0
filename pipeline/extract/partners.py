"""Partner organisations: one row per organisation per document.

Mentions come from the spaCy pipeline in ``pipeline/entities.py``. Here they are grouped
by canonical name (aliases and translations of a gazetteer organisation together:
UNCHR and ACNUR are UNHCR), counted, and given a country: a government body takes the
country its name or its section names; a local organisation named only in one country's
section takes that country; an international one from the gazetteer takes none.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.extract.context import Context
from pipeline.extract.organisations import OrgMention, find_organisations
from pipeline.models import Partner
from pipeline.text import countries
from pipeline.vocab import fold
from pipeline.vocab.language import connectives
from pipeline.vocab.organisations import known_organisation


@dataclass
class _Organisation:
    canonical: str
    org_type: str
    mentions: list[OrgMention] = field(default_factory=list)

    @property
    def named(self) -> OrgMention:
        """The first mention that spells the name out, else the first mention."""
        return next((m for m in self.mentions if not m.is_acronym), self.mentions[0])

    @property
    def acronym(self) -> str:
        return next((m.acronym for m in self.mentions if m.acronym), "")


LABEL_ROLES = frozenset({"chart_label", "map_label", "legend"})


def extract(context: Context, model: str | None = None) -> list[Partner]:
    grouped: dict[str, _Organisation] = {}
    labels = [(b.start, b.end) for b in context.doc.blocks if b.role in LABEL_ROLES]
    for mention in find_organisations(context.doc.text, context.doc.language, model):
        if mention.origin != "gazetteer" and any(
            start <= mention.start < end for start, end in labels
        ):
            continue  # a chart's, a map's or a legend's label names a category, not a partner
        key = mention.canonical.casefold()
        grouped.setdefault(key, _Organisation(mention.canonical, mention.org_type)).mentions.append(
            mention
        )
    records = []
    for organisation in grouped.values():
        named = organisation.named
        record = context.record(
            Partner,
            named.start,
            named.end,
            name=" ".join(named.text.split()),
            acronym=organisation.acronym,
            canonical_name=organisation.canonical,
            org_type=organisation.org_type,
            country_iso3=_country(context, organisation),
            mentions=len(organisation.mentions),
        )
        if record is not None:
            records.append(record)
    return records


def _country(context: Context, organisation: _Organisation) -> str:
    named = _named_country(organisation.named.text)
    if named:
        return named
    known = known_organisation(organisation.canonical)
    if known is not None and known.country:
        return known.country
    following = {_country_after(context, m.end) for m in organisation.mentions}
    if len(following) == 1 and "" not in following:
        return following.pop()  # "GIFMM Colombia": a national chapter
    if all(m.origin == "gazetteer" for m in organisation.mentions):
        return ""
    places = set()
    for mention in organisation.mentions:
        section = context.section_at(mention.start)
        places.add(section.iso3 if section is not None and section.kind == "country" else "")
    if len(places) == 1:
        return places.pop()
    return ""


def _country_after(context: Context, offset: int) -> str:
    """The country named right after a mention ("GIFMM Colombia"), or ""."""
    after = context.doc.text[offset : offset + 40]
    stripped = after.lstrip(" \n")
    if len(stripped) == len(after) or "\n\n" in after[: len(after) - len(stripped)]:
        return ""
    mentions = countries.find_countries(stripped)
    return mentions[0].iso3 if mentions and mentions[0].start == 0 else ""


def _named_country(name: str) -> str:
    """ "Child Protection Agency of Guyana", "... Zending Aruba": the country a name ends
    in, unless it names a purpose ("Coalition for Venezuela")."""
    words = name.split()
    for size in range(min(len(words) - 1, 4), 0, -1):
        found = countries.lookup(" ".join(words[-size:]))
        if found is not None:
            before = [fold(w) for w in words[:-size]]
            while before and before[-1] in connectives("determiners"):
                before.pop()
            return "" if before and before[-1] in connectives("for") else found.iso3
    return ""
