"""What earlier runs extracted into an output folder, so a new run only does what changed.

The manifest is an SQLite database (standard library) in the output folder. It holds one
row per document: the file's SHA-256, the key of the settings it was extracted with
(pipeline version included), and the result (status, error, and the document's rows of
every table), and the number of the run that extracted it. A document whose file and
settings are unchanged is not extracted again; its stored rows go into the tables. Each
result is committed as soon as it is known, so a run that is killed resumes where it
stopped. A second table remembers the input PATHS the documents came from (the rule for
dropping documents that left the inputs) and the number of runs begun.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

from pipeline.models import DocumentResult

MANIFEST = ".pipeline-manifest.sqlite"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    document_id TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    settings_key TEXT NOT NULL,
    result TEXT NOT NULL,
    run INTEGER NOT NULL DEFAULT 0
)
"""
_META = "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"


class Manifest:
    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / MANIFEST
        self._connection = sqlite3.connect(self.path, timeout=30)
        self._connection.execute("PRAGMA journal_mode=WAL")
        with self._connection:
            self._connection.execute(_SCHEMA)
            self._connection.execute(_META)
            columns = [row[1] for row in self._connection.execute("PRAGMA table_info(documents)")]
            if "run" not in columns:  # a manifest of 0.5.0
                self._connection.execute(
                    "ALTER TABLE documents ADD COLUMN run INTEGER NOT NULL DEFAULT 0"
                )
        self.run = 0

    def close(self) -> None:
        self._connection.close()

    def __enter__(self) -> Manifest:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def get(self, document_id: str) -> tuple[str, str, DocumentResult] | None:
        """(sha256, settings key, result) stored for ``document_id``."""
        with closing(self._connection.cursor()) as cursor:
            row = cursor.execute(
                "SELECT sha256, settings_key, result FROM documents WHERE document_id = ?",
                (document_id,),
            ).fetchone()
        if row is None:
            return None
        return row[0], row[1], DocumentResult.model_validate_json(row[2])

    def begin_run(self) -> int:
        """Count a new run; the documents it puts carry its number."""
        self.run = int(self._meta("runs") or 0) + 1
        self._set_meta("runs", str(self.run))
        return self.run

    def put(self, result: DocumentResult, settings_key: str) -> None:
        with self._connection:
            self._connection.execute(
                "INSERT OR REPLACE INTO documents (document_id, sha256, settings_key, result, run)"
                " VALUES (?, ?, ?, ?, ?)",
                (
                    result.document_id,
                    result.sha256,
                    settings_key,
                    result.model_dump_json(),
                    self.run,
                ),
            )

    def runs(self) -> dict[str, int]:
        """document_id -> the number of the run that extracted it."""
        with closing(self._connection.cursor()) as cursor:
            return dict(cursor.execute("SELECT document_id, run FROM documents"))

    def inputs(self) -> list[str] | None:
        """The input PATHS (resolved) the documents came from; None if not recorded."""
        value = self._meta("inputs")
        return None if value is None else list(json.loads(value))

    def finish(self, dropped: set[str], inputs: list[str]) -> None:
        """Drop the documents that left the inputs and record the inputs, in one step."""
        with self._connection:
            self._connection.executemany(
                "DELETE FROM documents WHERE document_id = ?", [(d,) for d in sorted(dropped)]
            )
            self._connection.execute(
                "INSERT OR REPLACE INTO meta VALUES ('inputs', ?)", (json.dumps(inputs),)
            )

    def _meta(self, key: str) -> str | None:
        row = self._connection.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def _set_meta(self, key: str, value: str) -> None:
        with self._connection:
            self._connection.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def document_ids(self) -> set[str]:
        with closing(self._connection.cursor()) as cursor:
            return {r[0] for r in cursor.execute("SELECT document_id FROM documents")}

    def results(self) -> Iterator[DocumentResult]:
        with closing(self._connection.cursor()) as cursor:
            for (text,) in cursor.execute("SELECT result FROM documents ORDER BY document_id"):
                yield DocumentResult.model_validate_json(text)


def settings_key(settings: dict[str, object]) -> str:
    return json.dumps(settings, sort_keys=True)
