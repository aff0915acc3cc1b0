"""Issue 14: a run never loses earlier results by accident, one run at a time writes an
output folder, readers never see half a set, a failure to write is one line with its
code, and an input that is not a plain file of a sane size is refused without being
read."""

from __future__ import annotations

import errno
import fcntl
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import pipeline.batch
from pipeline.batch import Options, run, work
from pipeline.batch.files import output_errors, remove_leftovers
from pipeline.batch.inputs import DEFAULT_MAX_BYTES
from pipeline.batch.lock import JOURNAL, TABLES_LOCK
from pipeline.batch.manifest import MANIFEST
from pipeline.cli import main
from pipeline.errors import InputError, run_error_codes
from pipeline.tools.outputs import read_folder
from pipeline.tools.review import read_output

from .conftest import RAW, ROOT

SOURCES = sorted(RAW.glob("*.txt"))  # the two source reports as text: quick to extract


def _cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of ``folder`` (hidden ones too) and its bytes."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _inputs(folder: Path, sources: list[Path] = SOURCES) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for source in sources:
        shutil.copy(source, folder / source.name)
    return folder


@pytest.fixture
def earlier(tmp_path: Path) -> Path:
    """An output folder an earlier run filled from the two source reports."""
    out = tmp_path / "out"
    assert run([_inputs(tmp_path / "earlier-in")], out, options=Options(workers=1)).results
    return out


def _one_error_line(stderr: str, code: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith(f"error [{code}]: ") and "; " in lines[0], stderr
    assert "Traceback" not in stderr
    return lines[0]


# --- never lose earlier results by accident --------------------------------------------------


def test_issue_14_a_missing_input_folder_changes_nothing(tmp_path: Path, earlier: Path) -> None:
    before = _snapshot(earlier)
    code, _, stderr = _cli("run", str(tmp_path / "no-such-folder"), "--out", str(earlier))
    assert code == 2
    _one_error_line(stderr, "input-not-found")
    assert _snapshot(earlier) == before


def test_issue_14_no_raw_folder_by_default_changes_nothing(
    tmp_path: Path, earlier: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _snapshot(earlier)
    monkeypatch.chdir(tmp_path)  # a folder without raw/
    code, _, stderr = _cli("run", "--out", str(earlier))
    assert code == 2
    assert "raw" in _one_error_line(stderr, "input-not-found")
    assert _snapshot(earlier) == before


def test_issue_14_a_folder_holding_no_report_changes_nothing(tmp_path: Path, earlier: Path) -> None:
    before = _snapshot(earlier)
    only_notes = tmp_path / "notes"
    only_notes.mkdir()
    (only_notes / "README.md").write_text("# Reports\n", encoding="utf-8")
    code, _, stderr = _cli("run", str(only_notes), "--out", str(earlier))
    assert code == 2
    assert "README.md" in _one_error_line(stderr, "no-reports")
    assert _snapshot(earlier) == before


def test_issue_14_files_beside_the_reports_are_skipped_with_a_note(tmp_path: Path) -> None:
    inputs = _inputs(tmp_path / "in")
    (inputs / "README.md").write_text("# Where these reports come from\n", encoding="utf-8")
    (inputs / "SOURCES.tsv").write_text("file\turl\n", encoding="utf-8")
    code, stdout, stderr = _cli("run", str(inputs), "--out", str(tmp_path / "out"))
    assert code == 0, stderr
    assert "note    README.md: not a report" in stdout
    assert "note    SOURCES.tsv: not a report" in stdout
    assert "2 files skipped (not reports)" in stdout
    assert "FAILED" not in stderr


def test_issue_14_other_inputs_keep_earlier_documents_and_prune_drops_them(
    tmp_path: Path, earlier: Path
) -> None:
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(SOURCES[0], other / "another-report.txt")
    for _ in range(2):  # the same other inputs again still drop nothing
        report = run([other], earlier, options=Options(workers=1))
        assert report.dropped == []
        assert report.kept == sorted(p.stem for p in SOURCES)
        ids = {row["document_id"] for row in read_folder(earlier)["partners"]}
        assert ids == {"another-report", *(p.stem for p in SOURCES)}
    code, stdout, _ = _cli("run", str(other), "--out", str(earlier))
    assert code == 0 and "2 earlier documents kept (not among these inputs; --prune" in stdout

    pruned = run([other], earlier, options=Options(workers=1, prune=True))
    assert pruned.dropped == sorted(p.stem for p in SOURCES)
    assert {row["document_id"] for row in read_folder(earlier)["partners"]} == {"another-report"}


def test_issue_14_the_same_inputs_drop_a_document_that_left_them(tmp_path: Path) -> None:
    inputs = _inputs(tmp_path / "in")
    out = tmp_path / "out"
    run([inputs], out, options=Options(workers=1))
    (inputs / SOURCES[0].name).unlink()
    report = run([tmp_path / "in" / "."], out, options=Options(workers=1))  # the same folder
    assert report.dropped == [SOURCES[0].stem]
    assert {row["document_id"] for row in read_folder(out)["partners"]} == {SOURCES[1].stem}


# --- one writer per output folder -------------------------------------------------------------

_HOLD_LOCK = """
import fcntl, os, sys, time
fd = os.open(os.path.join(sys.argv[1], ".pipeline.lock"), os.O_RDWR | os.O_CREAT)
fcntl.flock(fd, fcntl.LOCK_EX)
os.ftruncate(fd, 0)
os.write(fd, str(os.getpid()).encode())
print("locked", flush=True)
time.sleep(120)
"""


def test_issue_14_a_second_run_into_a_locked_folder_fails_at_once_naming_the_pid(
    tmp_path: Path, earlier: Path
) -> None:
    before = _snapshot(earlier)
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD_LOCK, str(earlier)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        started = time.monotonic()
        code, _, stderr = _cli("run", str(_inputs(tmp_path / "in")), "--out", str(earlier))
        assert time.monotonic() - started < 5
        assert code == 2
        assert f"pid {holder.pid}" in _one_error_line(stderr, "output-locked")
        assert {k: v for k, v in _snapshot(earlier).items() if k != ".pipeline.lock"} == {
            k: v for k, v in before.items() if k != ".pipeline.lock"
        }
    finally:
        holder.kill()  # as kill -9: the OS releases the lock, none is left stale
        holder.wait()
    code, _, stderr = _cli("run", str(tmp_path / "in"), "--out", str(earlier))
    assert code == 0, stderr


def _tables_lock_free(folder: Path, mode: int = fcntl.LOCK_SH) -> bool:
    """Whether the tables lock could be taken now in ``mode`` (shared: no run is
    replacing the tables; exclusive: no reader holds them either)."""
    fd = os.open(folder / TABLES_LOCK, os.O_RDONLY)
    try:
        fcntl.flock(fd, mode | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)
    return True


def test_issue_14_the_tables_are_replaced_as_one_set_under_the_tables_lock(
    tmp_path: Path, earlier: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    renames: list[tuple[str, bool]] = []
    replace = os.replace

    def watched(source: str, target: str | Path) -> None:
        renames.append((Path(target).name, _tables_lock_free(earlier)))
        replace(source, target)

    monkeypatch.setattr(os, "replace", watched)
    run([_inputs(tmp_path / "in")], earlier, options=Options(workers=1, force=True))
    assert {name for name, _ in renames} >= {"partners.csv", "datapackage.json", "run-report.json"}
    assert not any(free for _, free in renames), renames  # no reader between two renames


def test_issue_14_the_review_reads_the_run_report_under_the_tables_read_lock(
    earlier: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The report and the tables of one set: no run may replace the set between them."""
    held: list[bool] = []
    read_text = Path.read_text

    def watched(path: Path, *args: Any, **kwargs: Any) -> str:
        if path.name == "run-report.json":
            held.append(not _tables_lock_free(earlier, fcntl.LOCK_EX))
        return read_text(path, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", watched)
    assert read_output(earlier).report
    assert held == [True]


def _review_output(folder: Path) -> dict[str, Any]:
    """What the review reads of a folder: its tables and its run report, as one set."""
    output = read_output(folder)
    assert output.report, "the run report is read with the tables"
    return {"partners": output.tables}


@pytest.mark.parametrize("reader_of", [read_folder, _review_output], ids=["tables", "review"])
def test_issue_14_a_reader_waits_while_a_set_is_being_replaced(
    earlier: Path, reader_of: Callable[[Path], Any]
) -> None:
    fd = os.open(earlier / TABLES_LOCK, os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)  # as a run renaming its tables into place
    read: list[object] = []
    reader = threading.Thread(target=lambda: read.append(reader_of(earlier)))
    reader.start()
    time.sleep(0.3)
    assert read == []  # still waiting
    os.close(fd)
    reader.join(10)
    assert read and "partners" in read[0]  # type: ignore[operator]


_KILLED_MID_PUBLISH = """
import os, sys
from pathlib import Path
from typing import Any
from pipeline.batch import Options, run
replace, renamed = os.replace, []
def dying(source, target):
    if Path(target).suffix == ".csv":
        renamed.append(target)
        if len(renamed) == 3:
            os._exit(9)  # as kill -9 between two renames of one set
    replace(source, target)
os.replace = dying
run([Path(sys.argv[1])], Path(sys.argv[2]), options=Options(workers=1))
"""


def test_issue_14_a_run_killed_between_two_renames_is_finished_by_the_next(
    tmp_path: Path, earlier: Path
) -> None:
    inputs = _inputs(tmp_path / "in")
    path = inputs / SOURCES[1].name
    path.write_text(path.read_text(encoding="utf-8").replace("1.7 M", "1.9 M"), "utf-8")
    run([inputs], tmp_path / "clean", options=Options(workers=1))
    command = [sys.executable, "-c", _KILLED_MID_PUBLISH, str(inputs), str(earlier)]
    assert subprocess.run(command, cwd=ROOT, check=False).returncode == 9
    assert (earlier / JOURNAL).exists()
    with pytest.raises(InputError, match="run pipeline run into this folder again"):
        read_folder(earlier)  # a reader is not shown a mix of two sets
    remove_leftovers(earlier)  # what the next run does first
    assert not (earlier / JOURNAL).exists()
    assert read_folder(earlier) == read_folder(tmp_path / "clean")


def test_issue_14_a_0_5_0_manifest_is_upgraded_and_its_documents_skipped(
    tmp_path: Path, earlier: Path
) -> None:
    manifest = earlier / MANIFEST
    with sqlite3.connect(manifest) as connection:  # back to the 0.5.0 schema
        connection.execute("ALTER TABLE documents DROP COLUMN run")
        connection.execute("DROP TABLE meta")
    report = run([tmp_path / "earlier-in"], earlier, options=Options(workers=1))
    assert set(report.actions.values()) == {"skipped"}
    assert report.dropped == [] and report.kept == []


@pytest.mark.parametrize(
    ("message", "code"),
    [
        ("database or disk is full", "disk-full"),
        ("attempt to write a readonly database", "output-unwritable"),
        ("unable to open database file", "output-unwritable"),
    ],
)
def test_issue_14_sqlite_failures_of_the_manifest_get_their_code(
    tmp_path: Path, message: str, code: str
) -> None:
    with pytest.raises(Exception) as raised, output_errors(tmp_path):
        raise sqlite3.OperationalError(message)
    assert getattr(raised.value, "code", None) == code
    assert "the manifest" in str(raised.value)


def _children(pid: int) -> set[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return {int(x) for x in path.read_text().split()} if path.exists() else set()


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_issue_14_sigterm_ends_the_run_and_its_workers(tmp_path: Path) -> None:
    inputs = _inputs(tmp_path / "in")
    for copy in range(6):  # enough work to be stopped midway
        for source in SOURCES:
            shutil.copy(source, inputs / f"{source.stem}-{copy}.txt")
    command = [sys.executable, "-m", "pipeline", "run", str(inputs), "--out", str(tmp_path / "o")]
    process = subprocess.Popen([*command, "--workers", "2"], cwd=ROOT)
    deadline = time.monotonic() + 60
    while len(_children(process.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    workers = _children(process.pid)
    assert len(workers) >= 2
    process.terminate()
    assert process.wait(30) == 143
    time.sleep(1)
    assert [pid for pid in workers if Path(f"/proc/{pid}").exists()] == []


# --- one line for a failure to write ---------------------------------------------------------


def _raise(number: int) -> object:
    def failing(*_: object, **__: object) -> None:
        raise OSError(number, os.strerror(number))

    return failing


@pytest.mark.parametrize(
    ("number", "code", "says"),
    [
        (errno.ENOSPC, "disk-full", "free some space"),
        (errno.EROFS, "output-unwritable", "give a folder you can write to"),
        (errno.EACCES, "output-unwritable", "give a folder you can write to"),
    ],
)
def test_issue_14_a_failure_to_write_the_tables_is_one_line_and_keeps_them(
    tmp_path: Path,
    earlier: Path,
    monkeypatch: pytest.MonkeyPatch,
    number: int,
    code: str,
    says: str,
) -> None:
    before = _snapshot(earlier)
    inputs = _inputs(tmp_path / "in")
    (inputs / SOURCES[0].name).write_text("Colombia - 1.9 M refugees\n", encoding="utf-8")
    monkeypatch.setattr(os, "fsync", _raise(number))  # the write of the tables fails
    exit_code, _, stderr = _cli("run", str(inputs), "--out", str(earlier), "--workers", "1")
    assert exit_code == 2
    assert says in _one_error_line(stderr, code)
    after = _snapshot(earlier)
    for name in ("partners.csv", "country_figures.csv", "datapackage.json", "run-report.json"):
        assert after[name] == before[name], name
    assert not [name for name in after if name.endswith(".tmp")]


def test_issue_14_a_read_only_output_folder_is_one_line_before_any_work(
    tmp_path: Path, earlier: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if os.geteuid() == 0:  # root writes anywhere: the OS's answer is played instead
        monkeypatch.setattr("tempfile.mkstemp", _raise(errno.EROFS))
    else:
        earlier.chmod(0o555)
    try:
        code, stdout, stderr = _cli("run", str(_inputs(tmp_path / "in")), "--out", str(earlier))
    finally:
        earlier.chmod(0o755)
    assert code == 2
    _one_error_line(stderr, "output-unwritable")
    assert stdout == ""  # no document was extracted for nothing


def test_issue_14_out_under_a_file_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    code, _, stderr = _cli(
        "run", str(_inputs(tmp_path / "in")), "--out", str(tmp_path / "a-file" / "out")
    )
    assert code == 2
    _one_error_line(stderr, "output-not-a-directory")


def test_issue_14_readme_lists_exactly_the_run_errors() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"The run's own errors:\n(.*?)\n\n", readme, re.S)
    assert found is not None
    listed = re.findall(r"`([a-z0-9]+(?:-[a-z0-9]+)*)`", found.group(1))
    assert sorted(listed) == sorted(run_error_codes())


# --- inputs that are not plain files of a sane size ------------------------------------------


def test_issue_14_a_fifo_or_a_device_is_refused_without_being_opened(tmp_path: Path) -> None:
    inputs = _inputs(tmp_path / "in")
    os.mkfifo(inputs / "in-the-folder.pdf")
    os.mkfifo(tmp_path / "named.txt")
    command = [sys.executable, "-m", "pipeline", "run", str(inputs), str(tmp_path / "named.txt")]
    command += ["/dev/null", "--out", str(tmp_path / "out"), "--workers", "1"]
    finished = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert finished.returncode == 1
    for name, kind in [("in-the-folder.pdf", "FIFO"), ("named.txt", "FIFO"), ("null", "device")]:
        line = next(x for x in finished.stderr.splitlines() if x.startswith(f"FAILED {name} "))
        assert "[unsupported-input]" in line and kind in line
    assert "2 partial" in finished.stdout  # the reports beside them are read


@pytest.fixture
def slow_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    hashing = work.file_sha256

    def slow(path: Path) -> str:
        time.sleep(3)
        return hashing(path)

    monkeypatch.setattr(work, "file_sha256", slow)


@pytest.mark.usefixtures("slow_hashing")
def test_issue_14_the_timeout_is_armed_before_the_file_is_hashed(tmp_path: Path) -> None:
    report = run([SOURCES[0]], tmp_path / "out", options=Options(workers=1, timeout=0.5))
    assert [r.error_code for r in report.results] == ["timeout"]


def test_issue_14_the_timeout_covers_the_check_for_an_unchanged_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run([SOURCES[0]], tmp_path / "out", options=Options(workers=1))
    hashing = pipeline.batch.file_sha256

    def slow(path: Path) -> str:
        time.sleep(3)
        return hashing(path)

    monkeypatch.setattr(pipeline.batch, "file_sha256", slow)  # the skip check's hashing
    started = time.monotonic()
    report = run([SOURCES[0]], tmp_path / "out", options=Options(workers=1, timeout=0.5))
    assert time.monotonic() - started < 3
    assert report.actions == {SOURCES[0].name: "extracted"}  # not skipped on a guess


def _sparse(path: Path, size: int) -> Path:
    with path.open("wb") as stream:
        stream.truncate(size)  # no block written: instant, and nothing to read if opened
    return path


@pytest.mark.parametrize(("suffix", "kind"), [(".txt", "text"), (".pdf", "pdf")])
def test_issue_14_a_file_over_the_default_size_is_refused(
    tmp_path: Path, suffix: str, kind: str
) -> None:
    assert DEFAULT_MAX_BYTES == {"pdf": 200_000_000, "text": 20_000_000}
    huge = _sparse(tmp_path / f"huge{suffix}", DEFAULT_MAX_BYTES[kind] + 1)
    report = run([huge], tmp_path / "out", options=Options(workers=1, timeout=30))
    (result,) = report.results
    assert result.error_code == "resource-limit"
    assert "--max-bytes" in (result.error or "")


def test_issue_14_max_bytes_sets_the_limit(tmp_path: Path) -> None:
    inputs = _inputs(tmp_path / "in")
    size = (inputs / SOURCES[0].name).stat().st_size
    code, _, stderr = _cli("run", str(inputs / SOURCES[0].name), "--out", str(tmp_path / "a"),
                           "--max-bytes", str(size))  # fmt: skip
    assert code == 0, stderr
    code, _, stderr = _cli("run", str(inputs / SOURCES[0].name), "--out", str(tmp_path / "b"),
                           "--max-bytes", str(size - 1))  # fmt: skip
    assert code == 1
    assert f"FAILED {SOURCES[0].name} [resource-limit]" in stderr
    assert _cli("run", str(inputs), "--max-bytes", "lots")[0] == 2  # a usage error


# --- diff's exit status, plurals -------------------------------------------------------------


@pytest.fixture
def two_outputs(tmp_path: Path, earlier: Path) -> Iterator[tuple[Path, Path]]:
    changed = tmp_path / "changed"
    inputs = _inputs(tmp_path / "changed-in")
    path = inputs / SOURCES[1].name
    path.write_text(path.read_text(encoding="utf-8").replace("1.7 M", "1.9 M"), "utf-8")
    run([inputs], changed, options=Options(workers=1))
    yield earlier, changed


def test_issue_14_diff_exits_0_same_1_changed_with_fail_on_change_2_error(
    tmp_path: Path, two_outputs: tuple[Path, Path]
) -> None:
    old, new = two_outputs
    assert _cli("diff", str(old), str(old), "--fail-on-change")[0] == 0
    assert _cli("diff", str(old), str(new))[0] == 0
    assert _cli("diff", str(old), str(new), "--fail-on-change")[0] == 1
    (tmp_path / "not-an-output").mkdir()
    code, _, stderr = _cli("diff", str(old), str(tmp_path / "not-an-output"))
    assert code == 2
    assert "Traceback" not in stderr and len(stderr.splitlines()) == 1


def test_issue_14_one_document_is_one_document(tmp_path: Path) -> None:
    code, stdout, _ = _cli(
        "run", str(_inputs(tmp_path / "in", SOURCES[:1])), "--out", str(tmp_path / "out")
    )
    assert code == 0
    assert "\n1 document: " in f"\n{stdout}"
    assert re.search(r"\b1 country figure, 1 sector indicator,", stdout), stdout
    assert "1 documents" not in stdout and "1 pages" not in stdout
