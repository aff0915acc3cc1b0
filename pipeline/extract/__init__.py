"""Stage 4: turn a segmented document into records of the four kinds.

The extractors run in this order; each claims the figures it reads, so a figure read by
an earlier one (a headline, a panel value, an amount of money) is not read again by the
narrative extractor after it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from pipeline.extract import (
    country_figures,
    donor_lists,
    partners,
    place_lists,
    pledges,
    ranges,
    sector_indicators,
    sector_rows,
)
from pipeline.extract.context import Context
from pipeline.models import (
    RECORD_MODELS,
    CountryFigure,
    ExtractedDocument,
    Partner,
    Pledge,
    RecordSet,
    SectorIndicator,
    SegmentedDocument,
)

Record = CountryFigure | SectorIndicator | Partner | Pledge

EXTRACTORS: list[tuple[str, Callable[[Context], Sequence[Record]]]] = [
    ("figure ranges", ranges.extract),
    ("headline figures", country_figures.headline_figures),
    ("donor lists", donor_lists.extract),
    ("place lists", place_lists.extract),
    ("sector tables", sector_rows.extract),
    ("sector indicators", sector_indicators.extract),
    ("pledges", pledges.extract),
    ("narrative figures", country_figures.narrative_figures),
    ("partners", partners.extract),
]


def sections_to_records(
    document: SegmentedDocument, *, spacy_model: str | None = None
) -> ExtractedDocument:
    """Run every extractor over ``document``; stage 4 of the pipeline. ``spacy_model``
    names an installed statistical spaCy model to propose more organisation names."""
    context = Context.of(document)
    found: list[Record] = []
    for name, extractor in EXTRACTORS:
        if name == "partners" and spacy_model:
            extractor = partial(partners.extract, model=spacy_model)
        found.extend(extractor(context))
    ledger = context.finish()
    records = RecordSet(
        **{m.TABLE: tuple(r for r in found if isinstance(r, m)) for m in RECORD_MODELS},
        issues=document.issues + tuple(context.issues),
    )
    return ExtractedDocument(document=document, records=records, ledger=ledger)
