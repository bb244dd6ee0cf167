"""Writing files that hold someone's work, all at once.

A learner's saved exercise, a CPD log, an export or a tutor's report is written to a temporary file
beside the target and renamed into place, so a crash or a full disk never leaves half a file where a
good one was.

Example::

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "log.md"
    >>> write_atomically(path, "# My CPD log\\n")
    >>> path.read_text(encoding="utf-8")
    '# My CPD log\\n'
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from .errors import DataFileError

#: Files a course team shares (course data, the registry, pages and notebooks): readable by everyone,
#: so a sandboxed grader or a web server can read them.
SHARED_MODE = 0o644


def write_atomically(path: str | os.PathLike, data: str | bytes, *, mode: int | None = None) -> None:
    """Write ``data`` (text as UTF-8) to a temporary file beside ``path``, then rename it into place.

    The file is private to its owner (0600, as the temporary file is made) unless ``mode`` is given:
    a page to publish on a web server needs ``mode=0o644``.
    """
    target = Path(path)
    if not target.parent.is_dir():
        raise DataFileError(f"Cannot write {target}: the folder {target.parent} does not exist",
                            hint="Create the folder first or choose another path.")
    payload = data.encode("utf-8") if isinstance(data, str) else data
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def write_notebook(path: str | os.PathLike, notebook: dict[str, Any]) -> None:
    """Write a course notebook's JSON as Jupyter formats it (one-space indent, UTF-8 kept as is),
    atomically and readable by all, so a tool's rewrite changes only what it means to."""
    write_atomically(path, json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", mode=SHARED_MODE)


