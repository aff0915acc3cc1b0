"""Writing output files so that a reader, or a run killed midway, never sees half a file.

Each file is written to a temporary file in the same folder, flushed to disk, and renamed
over the old one (an atomic step on POSIX and Windows). Temporary files a killed run
left behind are removed by the next run.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

_TEMPORARY = ".tmp"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_MODE = 0o666 & ~_umask()  # what open() would give a new file (mkstemp gives 0600)


def write_files(folder: Path, files: dict[str, str | bytes]) -> dict[str, Path]:
    """Write each name -> content into ``folder`` atomically; the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=_TEMPORARY)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(temporary, _MODE)
            os.replace(temporary, folder / name)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        written[name] = folder / name
    return written


def remove_leftovers(folder: Path) -> list[Path]:
    """Temporary files of a run that was killed while writing."""
    if not folder.is_dir():
        return []
    leftovers = [p for p in folder.glob(f".*{_TEMPORARY}") if p.is_file()]
    for path in leftovers:
        path.unlink(missing_ok=True)
    return leftovers
