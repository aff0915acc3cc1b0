"""Speed and memory of the pipeline against the parsers it stands on, in one run.

    python benchmarks/bench.py            (or: make bench)

Builds a corpus from the PDF fixtures and ../shared/corpus, repeated to at least
--min-pages pages, and measures on the same pages, each in a fresh process (so peak
memory is that measurement's own):

1. pdfplumber ``extract_words`` over every page (the floor of a pdfplumber-only design);
2. pypdfium2 text extraction over every page (the fastest text layer here);
3. the pipeline's ingest stage alone;
4. the whole pipeline (``batch.run``), one worker and all workers;

then start-up (import plus building the spaCy pipeline; the median of three fresh
processes), and peak RSS of the whole
pipeline on one long PDF (corpus pages concatenated) cut at 100, 250 and 500 pages.
Prints the table and the ratios and writes them, with the machine, to
benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "tests" / "fixtures", ROOT.parent / "shared" / "corpus"]
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
LONG_PDF_CUTS = (100, 250, 500)
NOTES = "## Profile and what was tried"
STARTUP_RUNS = 3
TARGETS = {
    "speed": 5.0,  # whole pipeline, one worker, times faster than extract_words
    "rss_mb": 400.0,  # peak RSS on the long PDF
    "flat": 1.15,  # peak RSS at 500 pages within this factor of the 100-page peak
    "scaling": 1.7,  # all workers (2 cores) against one worker
    "startup_s": 1.5,
}


# --- measurements, each run in its own process -------------------------------------------


def _peak_mb(children: bool = False) -> float:
    """Peak RSS in MB of this process (and, with children, of its largest child)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if not children:
        return own
    return max(own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)


def measure_extract_words(pdfs: list[Path]) -> dict[str, float]:
    import pdfplumber

    start, pages = time.perf_counter(), 0
    for path in pdfs:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_words()
                page.close()
                pages += 1
    return {"seconds": time.perf_counter() - start, "pages": pages, "peak_mb": _peak_mb()}


def measure_pypdfium2(pdfs: list[Path]) -> dict[str, float]:
    import pypdfium2 as pdfium

    start, pages = time.perf_counter(), 0
    for path in pdfs:
        document = pdfium.PdfDocument(path)
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
            pages += 1
        document.close()
    return {"seconds": time.perf_counter() - start, "pages": pages, "peak_mb": _peak_mb()}


def measure_ingest(pdfs: list[Path]) -> dict[str, float]:
    from pipeline.ingest import file_to_document

    start, pages = time.perf_counter(), 0
    for path in pdfs:
        pages += len(file_to_document(path).pages)
    return {"seconds": time.perf_counter() - start, "pages": pages, "peak_mb": _peak_mb()}


def measure_pipeline(folder: Path, workers: int) -> dict[str, float]:
    from pipeline import batch
    from pipeline.flow import Settings

    with tempfile.TemporaryDirectory(prefix="bench-out-") as out:
        start = time.perf_counter()
        report = batch.run([folder], Path(out), Settings(), batch.Options(workers=workers))
        seconds = time.perf_counter() - start
    failed = [r.document_id for r in report.results if r.status == "failed"]
    if failed:
        raise SystemExit(f"the pipeline failed on {failed}")
    pages = sum(r.pages for r in report.results)
    return {"seconds": seconds, "pages": pages, "peak_mb": _peak_mb(children=True)}


def measure_startup() -> dict[str, float]:
    start = time.perf_counter()
    from pipeline import flow

    imported = time.perf_counter()
    flow.warm_up()
    return {
        "import_s": imported - start,
        "build_s": time.perf_counter() - imported,
        "seconds": time.perf_counter() - start,
    }


def _measure(name: str, arguments: list[str]) -> dict[str, float]:
    """Run one measurement in a fresh interpreter and return what it reports."""
    command = [sys.executable, __file__, "--measure", name, *arguments]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"{name} failed:\n{done.stderr[-3000:]}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# --- corpus -------------------------------------------------------------------------------


def _source_pdfs() -> list[Path]:
    pdfs = sorted(p for source in SOURCES for p in source.rglob("*.pdf"))
    if not pdfs:
        raise SystemExit(f"no PDFs in {', '.join(map(str, SOURCES))}")
    return pdfs


def build_corpus(folder: Path, min_pages: int) -> list[Path]:
    """Copies of every source PDF, round after round, until there are min_pages pages."""
    import pypdfium2 as pdfium

    sources = _source_pdfs()
    counts = {p: len(pdfium.PdfDocument(p)) for p in sources}
    copies: list[Path] = []
    total, round_ = 0, 0
    while total < min_pages:
        round_ += 1
        for source in sources:
            copy = folder / f"{source.stem}-r{round_}.pdf"
            shutil.copyfile(source, copy)
            copies.append(copy)
            total += counts[source]
    return copies


def build_long_pdf(path: Path, pages: int) -> None:
    """One PDF of ``pages`` pages: the corpus pages one after another, over and over."""
    import pypdfium2 as pdfium

    long = pdfium.PdfDocument.new()
    sources = [pdfium.PdfDocument(p) for p in _source_pdfs()]
    while len(long) < pages:
        for source in sources:
            take = min(len(source), pages - len(long))
            if take <= 0:
                break
            long.import_pages(source, list(range(take)))
    long.save(path)


# --- report -------------------------------------------------------------------------------


def machine() -> list[str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        meminfo = Path("/proc/meminfo").read_text().split()
        memory = f"{int(meminfo[meminfo.index('MemTotal:') + 1]) / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError):
        memory = "unknown"
    libraries = ", ".join(
        f"{name} {version(name)}" for name in ("pdfplumber", "pdfminer.six", "pypdfium2", "spacy")
    )
    return [
        f"- CPU: {cpu}, {os.cpu_count()} cores; memory {memory}",
        f"- {platform.platform()}; Python {platform.python_version()}",
        f"- {libraries}",
    ]


def _seconds(result: dict[str, float]) -> float:
    return result["seconds"]


def _rate(result: dict[str, float]) -> float:
    return result["pages"] / result["seconds"]


def report(results: dict[str, dict[str, float]], long: dict[int, dict[str, float]]) -> str:
    floor = _rate(results["extract_words"])
    one, all_ = _rate(results["pipeline_1"]), _rate(results["pipeline_all"])
    workers = int(results["pipeline_all"]["workers"])
    rows = [
        ("1. pdfplumber extract_words", "extract_words"),
        ("2. pypdfium2 text extraction", "pypdfium2"),
        ("3. pipeline ingest stage alone", "ingest"),
        ("4a. whole pipeline, 1 worker", "pipeline_1"),
        (f"4b. whole pipeline, {workers} workers", "pipeline_all"),
    ]
    lines = [
        "| measurement | pages | seconds | pages/s | × extract_words | peak RSS (MB) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for label, key in rows:
        r = results[key]
        lines.append(
            f"| {label} | {r['pages']:.0f} | {r['seconds']:.1f} | {_rate(r):.1f} | "
            f"{_rate(r) / floor:.2f} | {r['peak_mb']:.0f} |"
        )
    startup = results["startup"]
    rss = {n: long[n]["peak_mb"] for n in LONG_PDF_CUTS}
    speed, scaling = one / floor, all_ / one
    growth = rss[LONG_PDF_CUTS[-1]] / rss[LONG_PDF_CUTS[0]]
    peak = max(rss.values())

    def verdict(ok: bool) -> str:
        return "met" if ok else "**missed**"

    targets = [
        f"- Whole pipeline, 1 worker, against extract_words: {speed:.2f}× "
        f"(target ≥ {TARGETS['speed']:.0f}×): {verdict(speed >= TARGETS['speed'])}",
        f"- {workers} workers against 1: {scaling:.2f}× "
        f"(target ≥ {TARGETS['scaling']}× on 2 cores): {verdict(scaling >= TARGETS['scaling'])}",
        f"- Long PDF peak RSS: {peak:.0f} MB (target < {TARGETS['rss_mb']:.0f} MB): "
        f"{verdict(peak < TARGETS['rss_mb'])}; {LONG_PDF_CUTS[-1]} pages against "
        f"{LONG_PDF_CUTS[0]}: {growth:.2f}× (flat: ≤ {TARGETS['flat']}×): "
        f"{verdict(growth <= TARGETS['flat'])}",
        f"- Start-up (median of {STARTUP_RUNS} fresh processes): {startup['seconds']:.2f} s "
        f"(import {startup['import_s']:.2f} s, spaCy pipeline and vocabularies "
        f"{startup['build_s']:.2f} s; target < "
        f"{TARGETS['startup_s']} s): {verdict(startup['seconds'] < TARGETS['startup_s'])}",
    ]
    long_lines = [
        "| pages | seconds | pages/s | peak RSS (MB) |",
        "|---:|---:|---:|---:|",
        *(
            f"| {n} | {long[n]['seconds']:.1f} | {_rate(long[n]):.1f} | {long[n]['peak_mb']:.0f} |"
            for n in LONG_PDF_CUTS
        ),
    ]
    return "\n".join(
        [
            "## Corpus run",
            "",
            *lines,
            "",
            f"Ratios: pypdfium2 / extract_words {_rate(results['pypdfium2']) / floor:.1f}×; "
            f"ingest / extract_words {_rate(results['ingest']) / floor:.2f}×; pipeline "
            f"1 worker / extract_words {speed:.2f}×; {workers} workers / 1 worker "
            f"{scaling:.2f}×.",
            "",
            "## One long PDF (whole pipeline, one document)",
            "",
            *long_lines,
            "",
            "## Targets",
            "",
            *targets,
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--min-pages", type=int, default=300)
    parser.add_argument("--out", type=Path, default=RESULTS, help="the Markdown report")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("inputs", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        paths = [Path(p) for p in args.inputs]
        if args.measure.startswith("pipeline_"):
            workers = int(args.measure.split("_")[1])
            result = measure_pipeline(paths[0], workers) | {"workers": workers}
        elif args.measure == "startup":
            result = measure_startup()
        else:
            result = globals()[f"measure_{args.measure}"](paths)
        print(json.dumps(result))
        return

    began = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
        folder = Path(scratch) / "corpus"
        folder.mkdir()
        pdfs = [str(p) for p in build_corpus(folder, args.min_pages)]
        print(f"corpus: {len(pdfs)} PDFs in {folder}", flush=True)
        # start-up three times, the median kept: the first run after an edit also
        # compiles the package's bytecode, which an installed tool does once
        startups = sorted((_measure("startup", []) for _ in range(STARTUP_RUNS)), key=_seconds)
        results: dict[str, dict[str, float]] = {"startup": startups[STARTUP_RUNS // 2]}
        print(f"startup: {json.dumps(results['startup'])}", flush=True)
        for name, arguments in [
            ("pypdfium2", pdfs),
            ("extract_words", pdfs),
            ("ingest", pdfs),
            ("pipeline_1", [str(folder)]),
            (f"pipeline_{os.cpu_count() or 1}", [str(folder)]),
        ]:
            results[name] = _measure(name, arguments)
            print(f"{name}: {json.dumps(results[name])}", flush=True)
        results["pipeline_all"] = results[f"pipeline_{os.cpu_count() or 1}"]
        long: dict[int, dict[str, float]] = {}
        for pages in LONG_PDF_CUTS:
            single = Path(scratch) / f"long-{pages}"
            single.mkdir()
            build_long_pdf(single / f"long-{pages}.pdf", pages)
            long[pages] = _measure("pipeline_1", [str(single)])
            print(f"long PDF, {pages} pages: {json.dumps(long[pages])}", flush=True)
    body = report(results, long)
    text = "\n".join(
        [
            "# Benchmark results",
            "",
            "Written by `make bench` (benchmarks/bench.py); every figure below comes from one "
            f"run of {time.perf_counter() - began:.0f} s on {time.strftime('%Y-%m-%d')}.",
            "",
            "## Machine",
            "",
            *machine(),
            "",
            body,
            "",
        ]
    )
    notes = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
    if NOTES in notes:  # the hand-written profile and notes below the figures are kept
        text += "\n" + notes[notes.index(NOTES) :]
    args.out.write_text(text, encoding="utf-8")
    print()
    print(body)
    print(f"\nwritten to {args.out}")


if __name__ == "__main__":
    main()
