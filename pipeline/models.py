"""The typed hand-offs between stages, and the four record kinds of the contract.

Every object passed from one stage to the next is defined here: frozen, with unknown
fields forbidden. The record models hold the columns of ``docs/records.md``; each names
its CSV column order in ``COLUMNS``, copied from the contract.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, ClassVar, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

MediaType = Literal["text/plain", "application/pdf"]
Severity = Literal["error", "warning", "info"]
Qualifier = Literal["exact", "approximate", "at_least", "at_most"]
# What the words around an activity's or a target's figure say of it; "" when none does
# (a situation count: people affected, houses damaged). Never "done" by default.
Status = Literal["", "done", "planned", "needed"]
OrgType = Literal[
    "un_agency", "government", "ngo", "donor", "financial_institution", "academic", "other"
]
MoneyKind = Literal["pledge", "grant", "loan", "requirement", "received"]
Convention = Literal["dot_decimal", "comma_decimal", "unknown"]
SectionKind = Literal[
    "header",
    "prose",
    "panel",
    "sector",
    "country",
    "regional",
    "highlights",
    "table",
    "footnotes",
    "repeat",
]

# Value patterns, unanchored (as Table Schema writes them), and the anchored forms the
# models check; an ISO3 or bbox column may be empty.
ISO3_CODE = r"[A-Z]{3}"
ISO4217_CODE = r"[A-Z]{3}"
BBOX_VALUE = r"\d+(\.\d+)?(,\d+(\.\d+)?){3}"
SNAKE_CASE = r"[a-z0-9]+(_[a-z0-9]+)*"
KEBAB_CASE = r"[a-z0-9]+(-[a-z0-9]+)*"
ISO3 = rf"^({ISO3_CODE})?$"
ISO4217 = rf"^{ISO4217_CODE}$"
BBOX = rf"^$|^{BBOX_VALUE}$"


def _one_line(text: str) -> str:
    return " ".join(text.split())


# a figure as printed, on one line even where the page wrapped it ("USD\n2.3 billion")
Printed = Annotated[str, AfterValidator(_one_line), Field(min_length=1)]


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Page(Model):
    """Where one page lies in a document's text (1-based page number)."""

    number: int = Field(ge=1)
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Issue(Model):
    """A data problem the pipeline could not settle; one row of ``issues.csv``."""

    COLUMNS: ClassVar[tuple[str, ...]] = (
        "document_id",
        "stage",
        "code",
        "severity",
        "message",
        "page",
        "char_start",
        "char_end",
        "source_text",
    )
    KEY: ClassVar[tuple[str, ...]] = ()  # an issue may have no offsets: no key
    TABLE: ClassVar[str] = "issues"
    LABEL: ClassVar[str] = "issue"
    PLURAL: ClassVar[str] = "issues"
    IDENTITY: ClassVar[tuple[str, ...]] = ("document_id", "stage", "code")

    document_id: str = Field(min_length=1)
    stage: str
    code: str = Field(pattern=rf"^{KEBAB_CASE}$")
    severity: Severity
    message: Printed  # one line
    page: int | None = None
    char_start: int | None = None
    char_end: int | None = None
    source_text: str = ""


# --- ingest -> normalise -------------------------------------------------------------


class WordBox(Model):
    """Where a word of the text lies on its PDF page (points, origin top left): one row of
    ``WordBoxes``."""

    start: int  # offsets of the word in the document's text
    end: int
    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    word: str  # the word as the PDF's text layer has it (before any repair)
    edges: tuple[float, ...] = ()  # x of each glyph's left edge, then the last right edge


class WordBoxes(Model):
    """Where every word of a PDF's text lies on its page, one column per field, in text
    order. A long PDF has hundreds of thousands of words: columns hold them in a few
    tuples instead of one object per word, and cut page by page into smaller ones."""

    start: tuple[int, ...] = ()  # offsets of each word in the document's text
    end: tuple[int, ...] = ()
    page: tuple[int, ...] = ()
    x0: tuple[float, ...] = ()
    top: tuple[float, ...] = ()
    x1: tuple[float, ...] = ()
    bottom: tuple[float, ...] = ()
    word: tuple[str, ...] = ()  # as the PDF's text layer has it (before any repair)
    # the glyph edges of all words, one after the other; word i's are
    # edges[edge_at[i]:edge_at[i + 1]] (none where its text changed length)
    edges: tuple[float, ...] = ()
    edge_at: tuple[int, ...] = (0,)

    @model_validator(mode="after")
    def _columns_agree(self) -> WordBoxes:
        columns = (self.end, self.page, self.x0, self.top, self.x1, self.bottom, self.word)
        if any(len(c) != len(self.start) for c in columns) or len(self.edge_at) != len(self) + 1:
            raise ValueError("every column of WordBoxes holds one value per word")
        return self

    def __len__(self) -> int:
        return len(self.start)

    def at(self, index: int) -> WordBox:
        """The box of word ``index``."""
        return WordBox(
            start=self.start[index],
            end=self.end[index],
            page=self.page[index],
            x0=self.x0[index],
            top=self.top[index],
            x1=self.x1[index],
            bottom=self.bottom[index],
            word=self.word[index],
            edges=self.edges[self.edge_at[index] : self.edge_at[index + 1]],
        )

    @classmethod
    def of(cls, boxes: list[WordBox]) -> WordBoxes:
        """The columns of ``boxes``."""
        edge_at = [0]
        for box in boxes:
            edge_at.append(edge_at[-1] + len(box.edges))
        return cls(
            start=tuple(b.start for b in boxes),
            end=tuple(b.end for b in boxes),
            page=tuple(b.page for b in boxes),
            x0=tuple(b.x0 for b in boxes),
            top=tuple(b.top for b in boxes),
            x1=tuple(b.x1 for b in boxes),
            bottom=tuple(b.bottom for b in boxes),
            word=tuple(b.word for b in boxes),
            edges=tuple(e for b in boxes for e in b.edges),
            edge_at=tuple(edge_at),
        )


class SetAside(Model):
    """A PDF word left out of the text: a running header or footer, a page number."""

    page: int
    word: str
    reason: Literal["running-header", "running-footer", "page-number"]


BlockRole = Literal[
    "body",
    "heading",
    "banner",
    "key_figure",
    "sidebar",
    "caption",
    "chart_label",
    "map_label",
    "legend",
    "numbered_paragraph",
    "footnote",
    "table",
]


class LayoutBlock(Model):
    """A block of a PDF page and its role (``ingest/roles.py``): where it lies in the text
    (offsets, mapped through each stage as the word boxes are) and on its page."""

    role: BlockRole
    page: int
    start: int  # offsets of the block's text in the document's text
    end: int
    x0: float
    top: float
    x1: float
    bottom: float
    marker_end: int | None = None  # a numbered paragraph: where its number ends


class RawDocument(Model):
    document_id: str = Field(min_length=1)
    source_name: str
    media_type: MediaType
    sha256: str
    text: str
    pages: tuple[Page, ...] = ()
    boxes: WordBoxes = WordBoxes()  # PDF input only
    set_aside: tuple[SetAside, ...] = ()
    blocks: tuple[LayoutBlock, ...] = ()  # PDF input: the pages' blocks, by role
    title: str = ""  # PDF input: the largest text at the top of the first page
    issues: tuple[Issue, ...] = ()  # what reading the file found (a legacy encoding)


class Repair(Model):
    """One edit made by normalisation, with its place in both texts."""

    kind: Literal["ligature", "hyphenation", "apostrophe"]
    raw_start: int
    raw_end: int
    norm_start: int
    norm_end: int
    before: str
    after: str


class NormalisedDocument(Model):
    document_id: str = Field(min_length=1)
    media_type: MediaType
    language: str
    text: str
    pages: tuple[Page, ...] = ()
    boxes: WordBoxes = WordBoxes()  # offsets in the normalised text
    blocks: tuple[LayoutBlock, ...] = ()  # offsets in the normalised text
    title: str = ""
    repairs: tuple[Repair, ...] = ()
    # (normalised offset, raw offset) at the start of each stretch copied unchanged.
    offset_map: tuple[tuple[int, int], ...] = ()
    issues: tuple[Issue, ...] = ()

    def raw_offset(self, offset: int) -> int:
        """Map an offset in the normalised text back to the raw text."""
        norm_at, raw_at = 0, 0
        for norm, raw in self.offset_map:
            if norm > offset:
                break
            norm_at, raw_at = norm, raw
        return raw_at + (offset - norm_at)


# --- the figures of a text (found by segment, read by extract) --------------------------


class Reading(Model):
    """One way to read the digits of a figure, and the convention that gives it."""

    value: Decimal
    convention: Convention | None  # None when every convention reads it the same
    decimals: int  # digits printed after the decimal mark in this reading


class Figure(Model):
    """A number printed in a text (``text/numbers.find_figures``), with its span, the form
    printed and every value it can be read as."""

    start: int
    end: int
    text: str  # the figure as printed, with its currency, scale and percent sign
    number_text: str  # the digits, or the words of a number written in words
    readings: tuple[Reading, ...]
    scale: Decimal = Decimal(1)
    scale_text: str = ""
    currency: str = ""  # ISO 4217 code, "dollar" for a bare "$", "" for none
    currency_text: str = ""
    percent: bool = False
    words: bool = False
    local_convention: Convention | None = None  # implied by a scale word's language
    ordinal: bool = False
    attached: bool = False  # glued to a word or code ("COVID-19", "800-Venezuela")
    negative: bool = False  # printed with a minus sign ("−5")
    exponent: str = ""  # "^6" of "10^6": a power the value does not include

    @property
    def is_money(self) -> bool:
        return bool(self.currency)

    @property
    def ambiguous(self) -> bool:
        return len(self.readings) > 1

    @property
    def is_year(self) -> bool:
        return (
            not self.words
            and not self.is_money
            and not self.percent
            and not self.scale_text
            and re.fullmatch(r"(19|20)\d\d", self.number_text) is not None
        )

    def precision(self, reading: Reading) -> Decimal:
        """Half a unit of the last printed digit, scaled: how far the print may round."""
        return Decimal(5) * Decimal(10) ** (-reading.decimals - 1) * self.scale


# --- the ledger: every number of the text, and what became of it -------------------------

# What a number is when it is not a figure.
NonFigure = Literal[
    "date",
    "year",
    "time",
    "period",  # a span of time: "April to June 2021", "ten days", "12 months"
    "page_number",
    "footnote_marker",
    "phone_number",
    "identifier",  # a code or a number inside a name: "COVID-19", "A/80/86", "R4V"
    "url",
    "document_length",  # "118 pages"
    "measurement",  # of the hazard or the ground: distance, rainfall, wind speed, area
    "rank",  # an ordinal, a list or paragraph number, a number that names ("Phase 3")
    "age",
    "reference",  # refers back to things already named: "these 49 businesses", "os três estados"
]
# record: read into a record; repeat: the same figure printed again; issue: reported with
# a reason; non_figure: one of the classes above; open: not settled yet (segment hands
# forward the figures still open, extract settles each of them)
Fate = Literal["open", "record", "repeat", "issue", "non_figure"]


class NonFigureSpan(Model):
    """A stretch of text whose digits are not figures (a web address, a phone number, a
    quoted title), and why."""

    start: int
    end: int
    text: str
    kind: NonFigure
    reason: str


class NumericToken(Model):
    """A run of digits with its separators and sign, a number in words, or a figure with
    its scale and currency (``text/numerals.py``), and what became of it."""

    start: int
    end: int
    text: str
    fate: Fate = "open"
    non_figure: NonFigure | None = None
    detail: str = ""  # the record's table, the issue's code, why it is not a figure


class Ledger(Model):
    """Every numeric token of a document's text, in text order. Segment settles those that
    are not figures, extract the figures, validate the records it leaves out or finds
    repeated: no number is dropped without a trace."""

    tokens: tuple[NumericToken, ...] = ()

    def counts(self) -> dict[str, int]:
        """How many tokens ended each way, non-figures by class and issues by code:
        ``record``, ``repeat``, ``issue:<code>``, ``non_figure:<class>``, ``open``."""
        counts: dict[str, int] = {}
        for token in self.tokens:
            if token.fate == "non_figure":
                key = f"non_figure:{token.non_figure}"
            elif token.fate == "issue":
                key = f"issue:{token.detail}"
            else:
                key = token.fate
            counts[key] = counts.get(key, 0) + 1
        return dict(sorted(counts.items()))

    def unplaced(self) -> int:
        """Figures that ended as issues: read, but not into a record."""
        return sum(1 for t in self.tokens if t.fate == "issue")

    def settled(self, changes: dict[int, tuple[Fate, str]]) -> Ledger:
        """The ledger with the tokens starting at the given offsets settled as given."""
        if not changes:
            return self
        return Ledger(
            tokens=tuple(
                token.model_copy(
                    update={"fate": changes[token.start][0], "detail": changes[token.start][1]}
                )
                if token.start in changes
                else token
                for token in self.tokens
            )
        )


# --- segment --------------------------------------------------------------------------


# what a unit of reading is (segment/units.py); "" for a span that is not a unit
UnitKind = Literal["", "heading", "headline", "label", "value", "cell", "note", "sentence"]


class Span(Model):
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    kind: UnitKind = ""


class Period(Model):
    start: dt.date
    end: dt.date
    text: str
    char_start: int
    char_end: int


class Cell(Model):
    column: str
    text: str
    start: int
    end: int


class TableRow(Model):
    cells: tuple[Cell, ...]

    def get(self, column: str) -> Cell | None:
        return next((c for c in self.cells if c.column == column), None)


class Table(Model):
    title: str
    columns: tuple[str, ...]
    amount_kind: str = ""  # the money kind of the amount column ("requirement", ...)
    rows: tuple[TableRow, ...]
    unplaced: tuple[Cell, ...] = ()


class Section(Model):
    kind: SectionKind
    start: int
    end: int
    title: str = ""
    title_start: int | None = None
    title_end: int | None = None
    sector: str = ""
    country: str = ""
    iso3: str = Field(default="", pattern=ISO3)
    lines: tuple[Span, ...] = ()
    table: Table | None = None


class HeadlineMatch(Model):
    """A headline line segment found ("Colombia - 1.7 M", "2,31 M COLOMBIA", "Venezuelan
    migrants and refugees in LAC - 4.6 million"), offsets in the document's text."""

    start: int
    end: int
    figure_start: int
    figure_end: int
    place: str  # country name as printed, or canonical region name
    iso3: str = Field(default="", pattern=ISO3)  # "" for a region
    population: str = ""  # the population a population headline names, else ""


class SegmentedDocument(Model):
    document_id: str = Field(min_length=1)
    media_type: MediaType
    text: str
    pages: tuple[Page, ...] = ()
    language: str
    convention: Convention
    title: str = ""
    period: Period | None = None
    region: str = ""
    country: str = ""  # the one country the title names, as printed
    iso3: str = Field(default="", pattern=ISO3)
    sector: str = ""  # the sector the title names ("... GBV Subcluster ...")
    repair_count: int = 0  # text repairs made by normalise
    boxes: WordBoxes = WordBoxes()
    blocks: tuple[LayoutBlock, ...] = ()
    sections: tuple[Section, ...] = ()
    footnote_markers: tuple[Span, ...] = ()
    non_figures: tuple[NonFigureSpan, ...] = ()  # addresses, phone numbers, quoted titles
    figures: tuple[Figure, ...] = ()  # every figure of the text, markers and non_figures aside
    headlines: tuple[HeadlineMatch, ...] = ()  # in the sections read line by line
    population: str = ""  # metric of the population the headline figures count
    dollar: str = "USD"  # the currency a bare "$" stands for
    dollar_assumed: bool = False  # a bare "$" is printed and no dollar currency is named
    ledger: Ledger = Ledger()  # every number of the text; the non-figures settled
    issues: tuple[Issue, ...] = ()


# --- records --------------------------------------------------------------------------


class Record(Model):
    """Fields every record carries so a reviewer can find its value again.

    Each record table says, as class data, what the tools around the stages need:
    ``TABLE`` (its name, and its CSV's stem), ``LABEL`` and ``PLURAL`` (a record in words),
    ``KIND`` (its kind on the review page), ``COLUMNS`` (the CSV's columns, the contract's
    order), ``KEY`` (its primary key), ``IDENTITY`` (what a
    record is, whatever its value: ``pipeline diff`` pairs records by it), and
    ``COMPARE_KEY``, ``COMPARE_VALUE``, ``COMPARE_UNIT`` (``pipeline compare`` lines up
    two editions' records by the key, each part the first non-empty of its columns, and
    compares the value; a table with no compare key is not compared).
    """

    COLUMNS: ClassVar[tuple[str, ...]]
    TABLE: ClassVar[str]
    LABEL: ClassVar[str]
    PLURAL: ClassVar[str]
    KIND: ClassVar[str]
    KEY: ClassVar[tuple[str, ...]]
    IDENTITY: ClassVar[tuple[str, ...]]
    COMPARE_KEY: ClassVar[tuple[tuple[str, ...], ...]] = ()
    COMPARE_VALUE: ClassVar[str] = ""
    COMPARE_UNIT: ClassVar[str] = ""

    document_id: str = Field(min_length=1)
    page: int | None = Field(default=None, ge=1)
    char_start: int = Field(ge=0)
    char_end: int = Field(ge=0)
    source_text: str = Field(min_length=1)
    bbox: str = Field(default="", pattern=BBOX)  # PDF input: x0,top,x1,bottom of the value

    @model_validator(mode="after")
    def _span_is_ordered(self) -> Record:
        if self.char_end <= self.char_start:
            raise ValueError("char_end must be greater than char_start")
        return self


class CountryFigure(Record):
    COLUMNS: ClassVar[tuple[str, ...]] = (
        "document_id",
        "country",
        "iso3",
        "metric",
        "value",
        "value_text",
        "unit",
        "qualifier",
        "period_start",
        "period_end",
        "page",
        "char_start",
        "char_end",
        "bbox",
        "source_text",
        "sector",  # added to the contract in 0.6.0, see CHANGELOG.md
        "status",  # added to the contract after 0.6.0, see CHANGELOG.md
    )
    # columns that identify a row: the primary key of its table
    KEY: ClassVar[tuple[str, ...]] = ("document_id", "char_start", "char_end", "country", "metric")
    TABLE: ClassVar[str] = "country_figures"
    LABEL: ClassVar[str] = "country figure"
    PLURAL: ClassVar[str] = "country figures"
    KIND: ClassVar[str] = "country_figure"
    IDENTITY: ClassVar[tuple[str, ...]] = ("document_id", "country", "iso3", "metric")
    COMPARE_KEY: ClassVar[tuple[tuple[str, ...], ...]] = (("iso3", "country"), ("metric",))
    COMPARE_VALUE: ClassVar[str] = "value"
    COMPARE_UNIT: ClassVar[str] = "unit"
    country: str = Field(min_length=1)
    iso3: str = Field(pattern=ISO3)
    metric: str = Field(pattern=rf"^{SNAKE_CASE}$")
    value: Decimal = Field(ge=0)
    value_text: Printed
    unit: str = Field(min_length=1)
    qualifier: Qualifier
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    sector: str = ""  # the sector whose narrative states the figure ("" outside one)
    status: Status = ""  # done, planned (or targeted), needed: what its words say


class SectorIndicator(Record):
    COLUMNS: ClassVar[tuple[str, ...]] = (
        "document_id",
        "sector",
        "indicator",
        "value",
        "value_text",
        "unit",
        "period_start",
        "period_end",
        "page",
        "char_start",
        "char_end",
        "bbox",
        "source_text",
        "status",  # added to the contract after 0.6.0, see CHANGELOG.md
    )
    # columns that identify a row: the primary key of its table
    KEY: ClassVar[tuple[str, ...]] = ("document_id", "char_start", "char_end", "indicator")
    TABLE: ClassVar[str] = "sector_indicators"
    LABEL: ClassVar[str] = "sector indicator"
    PLURAL: ClassVar[str] = "sector indicators"
    KIND: ClassVar[str] = "sector_indicator"
    IDENTITY: ClassVar[tuple[str, ...]] = ("document_id", "sector", "indicator")
    COMPARE_KEY: ClassVar[tuple[tuple[str, ...], ...]] = (("sector",), ("indicator",))
    COMPARE_VALUE: ClassVar[str] = "value"
    COMPARE_UNIT: ClassVar[str] = "unit"
    sector: str
    indicator: str = Field(min_length=1)
    value: Decimal = Field(ge=0)
    value_text: Printed
    unit: str = Field(min_length=1)
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    status: Status = ""  # done, planned (or targeted), needed: what its label or words say


class Partner(Record):
    COLUMNS: ClassVar[tuple[str, ...]] = (
        "document_id",
        "name",
        "acronym",
        "canonical_name",
        "org_type",
        "country_iso3",
        "mentions",
        "page",
        "char_start",
        "char_end",
        "source_text",
        "bbox",  # added to the contract in 0.2.0, see CHANGELOG.md
    )
    # columns that identify a row: the primary key of its table
    KEY: ClassVar[tuple[str, ...]] = ("document_id", "canonical_name")
    TABLE: ClassVar[str] = "partners"
    LABEL: ClassVar[str] = "partner"
    PLURAL: ClassVar[str] = "partners"
    KIND: ClassVar[str] = "partner"
    IDENTITY: ClassVar[tuple[str, ...]] = ("document_id", "canonical_name")
    name: str = Field(min_length=2)
    acronym: str = ""
    canonical_name: str = Field(min_length=2)
    org_type: OrgType
    country_iso3: str = Field(default="", pattern=ISO3)
    mentions: int = Field(ge=1)


class Pledge(Record):
    COLUMNS: ClassVar[tuple[str, ...]] = (
        "document_id",
        "kind",
        "amount",
        "amount_text",
        "currency",
        "donor",
        "recipient",
        "iso3",
        "sector",
        "event",
        "date",
        "period_start",
        "period_end",
        "page",
        "char_start",
        "char_end",
        "source_text",
        "bbox",  # added to the contract in 0.2.0, see CHANGELOG.md
    )
    # columns that identify a row: the primary key of its table
    KEY: ClassVar[tuple[str, ...]] = ("document_id", "char_start", "char_end", "kind")
    TABLE: ClassVar[str] = "pledges"
    LABEL: ClassVar[str] = "pledge"
    PLURAL: ClassVar[str] = "pledges"
    KIND: ClassVar[str] = "pledge"
    IDENTITY: ClassVar[tuple[str, ...]] = (
        "document_id",
        "kind",
        "currency",
        "iso3",
        "sector",
        "recipient",
    )
    COMPARE_KEY: ClassVar[tuple[tuple[str, ...], ...]] = (
        ("kind",),
        ("iso3",),
        ("sector",),
        ("currency",),
    )
    COMPARE_VALUE: ClassVar[str] = "amount"
    COMPARE_UNIT: ClassVar[str] = "currency"
    kind: MoneyKind
    amount: Decimal = Field(gt=0)
    amount_text: Printed
    currency: str = Field(pattern=ISO4217)
    donor: str = ""
    recipient: str = ""
    iso3: str = Field(default="", pattern=ISO3)
    sector: str = ""
    event: str = ""
    date: dt.date | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None


def record_key(record: Record) -> str:
    """How the ledger names the record a number became: its table and its snippet's span."""
    return f"{record.TABLE} {record.char_start}-{record.char_end}"


class RecordSet(Model):
    country_figures: tuple[CountryFigure, ...] = ()
    sector_indicators: tuple[SectorIndicator, ...] = ()
    partners: tuple[Partner, ...] = ()
    pledges: tuple[Pledge, ...] = ()
    issues: tuple[Issue, ...] = ()


class ExtractedDocument(Model):
    document: SegmentedDocument
    records: RecordSet
    ledger: Ledger = Ledger()  # every number settled: non-figure, record or issue


class ValidatedDocument(Model):
    document_id: str = Field(min_length=1)
    media_type: MediaType
    text: str
    pages: tuple[Page, ...] = ()
    repair_count: int = 0
    records: RecordSet
    ledger: Ledger = Ledger()


DocumentStatus = Literal["ok", "partial", "failed"]


class DocumentResult(Model):
    """How one document of a batch ended, with its rows of every table (as written):
    ``ok``, ``partial`` (records, and issues of warning or error severity) or ``failed``
    (no records: ``error_code`` and ``error`` say why)."""

    document_id: str = Field(min_length=1)
    source_name: str
    sha256: str
    status: DocumentStatus
    error_code: str = ""
    error: str = ""
    pages: int = 0
    repair_count: int = 0
    seconds: float = 0.0
    counts: dict[str, int] = Field(default_factory=dict)
    severities: dict[str, int] = Field(default_factory=dict)
    ledger: dict[str, int] = Field(default_factory=dict)  # what became of its numbers
    rows: dict[str, list[dict[str, str]]] = Field(default_factory=dict)


# the four record kinds, in the order the tables are read and written
RECORD_MODELS: tuple[type[Record], ...] = (CountryFigure, SectorIndicator, Partner, Pledge)
RECORD_TABLES: dict[str, type[Record] | type[Issue]] = {
    **{model.TABLE: model for model in RECORD_MODELS},
    Issue.TABLE: Issue,
}
