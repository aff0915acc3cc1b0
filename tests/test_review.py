"""pipeline review: the HTML page a reviewer checks records on. Every published record of
a document appears once, as a row; on a PDF every record's box lies inside its page; on
text every record's snippet is marked; the page is self-contained and escapes what it
shows; the command finds the report, warns when it is not the file extracted, and
writes an index for a batch."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.tools.outputs import read_folder
from pipeline.tools.review import Review, find_source, load_review, read_output, review_html
from pipeline.tools.review.html import KIND_COLOURS, index_html, place_box, text_segments
from pipeline.tools.review.model import Box, DocumentSummary, PageImage, ReviewRecord
from pipeline.tools.review.render import render_pages

from .conftest import FIXTURES, RAW, ROOT, document_ids

EXTRACTED = ROOT / "extracted"  # the text reports of raw/, extracted
# the column holding each table's value as printed
PRINTED = {
    "country_figures": "value_text",
    "sector_indicators": "value_text",
    "partners": "name",
    "pledges": "amount_text",
}


class Parsed(HTMLParser):
    """What a review page shows: its record rows, the boxes on each page, the text
    marked for each record, and every resource it refers to."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: dict[str, list[str]] = {}  # record number -> cell texts
        self.row_count = 0
        self.boxes: list[tuple[int, str, dict[str, float]]] = []  # page, record, style
        self.marked: dict[str, str] = {}  # record number -> text inside its marks
        self.text = ""  # the text view's text
        self.resources: list[str] = []  # src and href values
        self._page = 0
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._marks: list[str] = []
        self._in_text = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        classes = a.get("class", "").split()
        self.resources += [a[k] for k in ("src", "href") if k in a]
        if tag == "figure" and a.get("id", "").startswith("page-"):
            self._page = int(a["id"].removeprefix("page-"))
        elif tag == "tr" and "record" in classes:
            self.row_count += 1
            self._row = self.rows.setdefault(a["data-record"], [])
        elif tag == "td" and self._row is not None:
            self._cell = []
        elif tag == "button" and "box" in classes:
            style = {k: float(v) for k, v in re.findall(r"([a-z]+): ([\d.-]+)%", a["style"])}
            self.boxes.append((self._page, a["data-record"], style))
        elif tag == "pre" and "text" in classes:
            self._in_text = True
        elif tag == "mark":
            self._marks.append(a["data-record"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._row is not None and self._cell is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr":
            self._row = None
        elif tag == "mark":
            self._marks.pop()
        elif tag == "pre":
            self._in_text = False

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        if self._in_text:
            self.text += data
            for number in set(self._marks):
                self.marked[number] = self.marked.get(number, "") + data


def _table_rows(folder: Path, document_id: str) -> dict[str, list[dict[str, str]]]:
    """The document's rows as published (safe-cell apostrophes taken off)."""
    tables = read_folder(folder)
    return {t: [r for r in tables[t] if r["document_id"] == document_id] for t in PRINTED}


def _pdf(document_id: str) -> Path:
    return FIXTURES / document_id / f"{document_id}.pdf"


@pytest.fixture(scope="module")
def pdf_reviews(pdf_output: Path) -> dict[str, tuple[Review, Parsed]]:
    output = read_output(pdf_output)
    reviews = {}
    for document_id in document_ids():
        review = load_review(output, document_id, _pdf(document_id))
        reviews[document_id] = (review, Parsed(review_html(review)))
    return reviews


@pytest.fixture(scope="module")
def text_reviews() -> dict[str, tuple[Review, Parsed]]:
    output = read_output(EXTRACTED)
    reviews = {}
    for document_id in document_ids():
        review = load_review(output, document_id, RAW / f"{document_id}.txt")
        reviews[document_id] = (review, Parsed(review_html(review)))
    return reviews


# --- every record once ---------------------------------------------------------------------


@pytest.mark.parametrize("document_id", document_ids())
@pytest.mark.parametrize("media", ["pdf", "text"])
def test_every_record_appears_once(
    document_id: str,
    media: str,
    pdf_output: Path,
    pdf_reviews: dict[str, tuple[Review, Parsed]],
    text_reviews: dict[str, tuple[Review, Parsed]],
) -> None:
    folder, reviews = (pdf_output, pdf_reviews) if media == "pdf" else (EXTRACTED, text_reviews)
    _, page = reviews[document_id]
    tables = _table_rows(folder, document_id)
    published = Counter(row[PRINTED[t]] for t, rows in tables.items() for row in rows)
    assert sum(published.values()) > 15
    assert page.row_count == len(page.rows) == sum(published.values()), "a record twice or lost"
    shown = Counter(cells[4] for cells in page.rows.values())  # the "as printed" column
    assert shown == published


@pytest.mark.parametrize("document_id", document_ids())
def test_every_record_of_the_fixture_pdfs_is_boxed_inside_its_page(
    document_id: str, pdf_reviews: dict[str, tuple[Review, Parsed]]
) -> None:
    review, page = pdf_reviews[document_id]
    assert len(review.pages) >= 2
    assert len(page.rows) >= 20  # a real review, not an empty one
    boxed = Counter(number for _, number, _ in page.boxes)
    assert boxed == Counter(list(page.rows)), "every record has exactly one box"
    pages = {str(r.number): r.page for r in review.records}
    for on_page, number, style in page.boxes:
        assert on_page == pages[number], f"record {number}'s box is on another page"
        assert style["width"] > 0 and style["height"] > 0
        assert style["left"] >= 0 and style["left"] + style["width"] <= 100, (number, style)
        assert style["top"] >= 0 and style["top"] + style["height"] <= 100, (number, style)
    assert all("no box" not in cells[1] for cells in page.rows.values())


def test_a_box_is_placed_from_the_crop_box_of_its_page() -> None:
    record = ReviewRecord(
        number=1,
        kind="pledge",
        place="",
        label="grant",
        value_text="USD 5 million",
        value="5000000 USD",
        page=1,
        char_start=0,
        char_end=13,
        source_text="USD 5 million",
        box=Box(x0=110, top=70, x1=160, bottom=80),
    )
    page = PageImage(number=1, left=10, top=20, width=200, height=100, png=b"")
    placed = place_box(record, page)
    assert placed is not None
    assert (placed.left, placed.top, placed.width, placed.height) == (50, 50, 25, 10)
    assert place_box(record.model_copy(update={"box": None}), page) is None


def _record_at(box: Box) -> ReviewRecord:
    return ReviewRecord(
        number=1,
        kind="country_figure",
        place="",
        label="people",
        value_text="x",
        value="1 people",
        page=1,
        char_start=0,
        char_end=1,
        source_text="x",
        box=box,
    )


def _first_word(path: Path) -> Box:
    with pdfplumber.open(path) as pdf:
        word = pdf.pages[0].extract_words()[0]
    return Box(x0=word["x0"], top=word["top"], x1=word["x1"], bottom=word["bottom"])


@pytest.mark.parametrize(
    ("media", "crop"),
    [((0, 8, 612, 800), None), ((0, 0, 612, 792), (50, 100, 562, 700))],
    ids=["media-box-off-the-origin", "cropped"],
)
def test_boxes_follow_the_media_box_and_the_crop_box(
    media: tuple[float, ...], crop: tuple[float, ...] | None, tmp_path: Path
) -> None:
    source = _pdf(document_ids()[0])  # a 612 x 792 page with its media box at the origin
    word = _first_word(source)
    document = pdfium.PdfDocument(source)
    document[0].set_mediabox(*media)
    if crop:
        document[0].set_cropbox(*crop)
    moved = tmp_path / "moved.pdf"
    document.save(moved)
    document.close()
    placed = place_box(_record_at(_first_word(moved)), next(render_pages(moved)))
    assert placed is not None
    left, bottom, right, top = crop or media  # the area shown; the word did not move
    assert placed.left == pytest.approx((word.x0 - left) / (right - left) * 100, abs=0.01)
    assert placed.top == pytest.approx((top - (792 - word.top)) / (top - bottom) * 100, abs=0.01)


# --- text reports ----------------------------------------------------------------------------


@pytest.mark.parametrize("document_id", document_ids())
def test_text_shows_every_snippet_marked(
    document_id: str, text_reviews: dict[str, tuple[Review, Parsed]]
) -> None:
    review, page = text_reviews[document_id]
    assert review.text and not review.pages and not review.warnings
    assert page.text == review.text.replace("\f", "page break")
    assert page.boxes == []
    assert len(review.records) >= 20
    for record in review.records:
        assert page.marked[str(record.number)] == record.source_text, record.number


def test_overlapping_snippets_are_nested_marks() -> None:
    def record(number: int, start: int, end: int) -> ReviewRecord:
        return ReviewRecord(
            number=number,
            kind="pledge",
            place="",
            label="",
            value_text="x",
            value="1 USD",
            char_start=start,
            char_end=end,
            source_text="x",
        )

    segments = text_segments("abcdefgh", [record(1, 1, 6), record(2, 3, 8)])
    assert [s.text for s in segments] == ["a", "bc", "def", "gh"]
    assert [[(p.record.number, p.first) for p in s.pieces] for s in segments] == [
        [],
        [(1, True)],
        [(1, False), (2, True)],
        [(2, False)],
    ]


# --- a page that stands alone ----------------------------------------------------------------


def test_the_page_needs_nothing_outside_it(pdf_reviews: dict[str, tuple[Review, Parsed]]) -> None:
    review, page = next(iter(pdf_reviews.values()))
    html = review_html(review)
    assert all(r.startswith("data:image/png;base64,") for r in page.resources)
    assert len(page.resources) == len(review.pages)
    assert not re.search(r"\b(https?|ftp)://|url\(", html), "a link out"
    assert "default-src 'none'" in html  # and the browser is told to fetch nothing


def test_values_are_escaped(text_reviews: dict[str, tuple[Review, Parsed]]) -> None:
    review, _ = next(iter(text_reviews.values()))
    hostile = '<script>alert("x")</script>'
    first = review.records[0].model_copy(update={"value_text": hostile, "label": hostile})
    html = review_html(review.model_copy(update={"records": (first, *review.records[1:])}))
    assert hostile not in html
    assert Parsed(html).rows["1"][4] == hostile  # shown as text


def test_kind_colours_are_readable_on_white() -> None:
    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    for kind, colour in KIND_COLOURS.items():
        assert (1.05) / (luminance(colour) + 0.05) >= 4.5, f"{kind} {colour} under WCAG AA"


# --- the command --------------------------------------------------------------------------------


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_review_of_a_pdf_by_path(pdf_output: Path, tmp_path: Path) -> None:
    document_id = "iom-venezuela-regional-response-2021-q2"
    out = tmp_path / "iom.html"
    code, stdout, stderr = _run(
        "review", str(_pdf(document_id)), "--data", str(pdf_output), "--out", str(out)
    )
    assert code == 0, stderr
    assert stderr == ""
    page = Parsed(out.read_text(encoding="utf-8"))
    assert stdout == (
        f"review  {document_id}: {len(page.rows)} records ({len(page.rows)} boxed on 6 pages), "
        f"4 issues -> {out}\n"
    )


def test_review_by_document_id_finds_the_report_under_sources(pdf_output: Path) -> None:
    output = read_output(pdf_output)
    document_id = document_ids()[0]
    assert find_source(output, document_id, [FIXTURES]) == (document_id, _pdf(document_id))
    code, _, stderr = _run("review", document_id, "--data", str(pdf_output), "--sources", str(RAW))
    assert code == 1
    assert f"its source file ({document_id}.pdf) is not under {RAW}" in stderr
    code, _, stderr = _run("review", "no-such-report", "--data", str(pdf_output))
    assert code == 1
    assert "no-such-report: is neither a report file nor a document id in" in stderr


def test_review_warns_when_the_report_is_not_the_file_extracted(
    pdf_output: Path, tmp_path: Path
) -> None:
    document_id = document_ids()[0]
    changed = tmp_path / f"{document_id}.pdf"
    shutil.copy(_pdf(document_id), changed)
    with changed.open("ab") as stream:
        stream.write(b"\n% edited after the run\n")
    code, _, stderr = _run("review", str(changed), "--data", str(pdf_output))
    assert code == 0
    assert f"warning: {changed} has changed since it was extracted" in stderr
    assert (pdf_output / "review" / f"{document_id}.html").is_file()  # the default --out
    code, _, stderr = _run("review", str(RAW / f"{document_id}.txt"), "--data", str(pdf_output))
    assert code == 0
    assert f"as extracted from {document_id}.pdf, not {document_id}.txt" in stderr
    assert "records have a box: were the records extracted from a PDF version?" in stderr


def test_batch_writes_a_review_per_document_and_an_index(pdf_output: Path, tmp_path: Path) -> None:
    out = tmp_path / "review"
    code, stdout, stderr = _run(
        "review", "--batch", str(pdf_output), "--sources", str(FIXTURES), "--out", str(out)
    )
    assert code == 0, stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["index.html", *(f"{d}.html" for d in document_ids())]
    )
    assert stdout.endswith(f"2 of 2 documents reviewed; index in {out / 'index.html'}\n")
    index = Parsed((out / "index.html").read_text(encoding="utf-8"))
    assert sorted(index.resources) == sorted(f"{d}.html" for d in document_ids())
    code, _, _ = _run("review")
    assert code == 2  # DOCUMENT or --batch


def test_index_lists_documents_with_most_errors_then_warnings_first() -> None:
    summaries = [
        DocumentSummary(document_id="a", issues={"warning": 1}, review="a.html"),
        DocumentSummary(document_id="b", issues={"warning": 3}, review="b.html"),
        DocumentSummary(document_id="c", issues={"error": 1}, review="c.html"),
        DocumentSummary(document_id="d", status="failed", error="d.pdf: the PDF is encrypted"),
    ]
    html = index_html(summaries, "extracted")
    places = [html.index(f">{d}</") for d in "cbad"]
    assert places == sorted(places)
    assert Parsed(html).resources == ["c.html", "b.html", "a.html"]
    assert "failed: d.pdf: the PDF is encrypted" in html


def test_issue_14_review_of_a_looping_page_tree_is_one_line_with_its_code(tmp_path: Path) -> None:
    """It was a PdfiumError traceback; now the one line of every failure, with its code."""
    from .bad_inputs import looping_page_tree

    path = tmp_path / "looping.pdf"
    code = looping_page_tree(path)
    assert _run("run", str(path), "--out", str(tmp_path / "out"))[0] == 1  # it fails there too
    exit_code, stdout, stderr = _run("review", str(path), "--data", str(tmp_path / "out"))
    assert exit_code == 1 and stdout == ""
    assert stderr.count("\n") == 1 and "Traceback" not in stderr
    assert stderr.startswith(f"Error: [{code}] looping.pdf: page 1 of 1 cannot be loaded")


def _figures(html: str) -> list[int]:
    """The page numbers a review file shows."""
    return [int(n) for n in re.findall(r'<figure class="page" id="page-(\d+)"', html)]


def test_issue_14_a_long_review_is_split_into_files_of_pages(tmp_path: Path) -> None:
    """A 2,000-page review was one 230 MB file built without a word of progress; a PDF
    longer than --pages-per-file is now reviewed in files of that many pages, linked to
    each other, each drawn and written in turn with a line on standard error."""
    from .bad_inputs import _text_pdf

    pdf = tmp_path / "seven.pdf"
    _text_pdf(pdf, pages=7)
    assert _run("run", str(pdf), "--out", str(tmp_path / "out"))[0] == 0
    whole = tmp_path / "whole" / "seven.html"
    code, stdout, stderr = _run(
        "review", str(pdf), "--data", str(tmp_path / "out"), "--out", str(whole)
    )  # 7 pages: under the default of 50, one file
    assert (
        code == 0 and stderr == "" and _figures(whole.read_text(encoding="utf-8")) == [*range(1, 8)]
    )
    out = tmp_path / "split" / "seven.html"
    code, stdout, stderr = _run(
        "review", str(pdf), "--data", str(tmp_path / "out"), "--out", str(out),
        "--pages-per-file", "3",
    )  # fmt: skip
    assert code == 0, stderr
    names = ["seven.html", "seven.pages-4-6.html", "seven.pages-7-7.html"]
    assert sorted(p.name for p in out.parent.iterdir()) == sorted(names)
    assert stderr.splitlines() == [
        f"review  seven: pages {first}-{last} of 7 -> {out.parent / name}"
        for (first, last), name in zip([(1, 3), (4, 6), (7, 7)], names, strict=True)
    ]
    single = Parsed(whole.read_text(encoding="utf-8"))
    rows: dict[str, list[str]] = {}
    for name, pages in zip(names, [[1, 2, 3], [4, 5, 6], [7]], strict=True):
        html = (out.parent / name).read_text(encoding="utf-8")
        assert _figures(html) == pages
        assert sorted(r for r in Parsed(html).resources if r.endswith(".html")) == sorted(
            n for n in names if n != name
        )  # every other part, and nothing outside
        rows.update(Parsed(html).rows)
    assert rows == single.rows  # every record once, in the part of its page
    assert stdout.startswith(f"review  seven: {len(rows)} records ({len(rows)} boxed on 7 pages)")
    assert stdout.endswith(f" issues in 3 files -> {out}\n")


def test_issue_14_a_2000_page_review_is_40_files() -> None:
    from pipeline.cli.review import review
    from pipeline.tools.review import PAGES_PER_FILE
    from pipeline.tools.review.load import split

    default = next(p.default for p in review.params if p.name == "pages_per_file")
    assert default == PAGES_PER_FILE == 50
    parts = split(2000, PAGES_PER_FILE, "report.html")
    assert len(parts) == 40 and parts[0].file == "report.html"
    assert (parts[-1].first, parts[-1].last, parts[-1].file) == (
        1951,
        2000,
        "report.pages-1951-2000.html",
    )
