"""The bundled practice database: built once from the shipped corpus, then reused from a file.

Indexing the corpus takes a few seconds, so the built database is cached as a file:

* at ``$SEARCHCRAFT_PRACTICE_DB`` when that is set (``make book`` and CI use this);
* in the course's JupyterLite (Pyodide), the copy built into the site (:func:`shipped_database`);
* otherwise in the per-user cache directory (``~/.cache/searchcraft`` on Linux,
  ``~/Library/Caches/searchcraft`` on macOS, ``%LOCALAPPDATA%\\searchcraft\\Cache`` on Windows),
  named by the package version and a fingerprint of the corpus, so a new corpus or version builds
  a new file and never reuses a stale one.

The file is written atomically (a temporary file, then a rename), so a build interrupted halfway
leaves nothing behind and two notebooks starting at once cannot read half a database.

Example::

    $ python -c "from searchcraft.practice.bundled import build_bundled; print(build_bundled())"
    Indexing records: 12,000 (45,000 records/s)
    /home/me/.cache/searchcraft/practice-0.1.0-3f2a9c1b7d4e6a08.sqlite
"""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

from .. import __version__
from ..errors import DatabaseError
from .build import SCHEMA_VERSION, build_file

ENVIRONMENT_VARIABLE = "SEARCHCRAFT_PRACTICE_DB"


def cache_directory() -> Path:
    """The per-user cache directory for SearchCraft files."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "searchcraft" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "searchcraft"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "searchcraft"


def corpus_fingerprint() -> str:
    """A short hash of the corpus package's files (code and data): changes when the corpus does."""
    from importlib.util import find_spec

    spec = find_spec("searchcraft.practice.corpus")
    if spec is None or not spec.submodule_search_locations:
        raise DatabaseError(
            "The bundled practice corpus (searchcraft.practice.corpus) is not installed",
            hint="Reinstall SearchCraft, or build a database from your own records with "
                 "PracticeDatabase.from_records(...).",
        )
    from .corpus.facts import fingerprint

    return fingerprint()


def shipped_database() -> Path | None:
    """The database built into the course's JupyterLite, if this Python is that kernel.

    ``searchcraft course lab`` serves the built database as the package ``searchcraft_practice_data``,
    so a notebook in the browser opens it instead of spending minutes building it in WebAssembly.
    """
    if sys.platform != "emscripten":
        return None
    from importlib.util import find_spec

    spec = find_spec("searchcraft_practice_data")
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / "practice.sqlite"
    return path if path.is_file() else None


def bundled_path() -> Path:
    """Where the bundled database lives (or will be built)."""
    configured = os.environ.get(ENVIRONMENT_VARIABLE)
    if configured:
        return Path(configured).expanduser()
    shipped = shipped_database()
    if shipped is not None:
        return shipped
    return cache_directory() / f"practice-{__version__}-{corpus_fingerprint()}.sqlite"


def _is_current(path: Path, fingerprint: str) -> bool:
    if not path.is_file():
        return False
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            meta = dict(conn.execute("SELECT key, value FROM meta"))
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False
    return (meta.get("fingerprint") == fingerprint and meta.get("version") == __version__
            and meta.get("schema") == SCHEMA_VERSION)


def build_bundled(path: str | os.PathLike[str] | None = None, progress: bool = True, *,
                  force: bool = False) -> Path:
    """Build the bundled practice database unless an up-to-date one exists; return its path.

    ``path`` defaults to :func:`bundled_path`. This is what ``make book`` and
    :meth:`PracticeDatabase.bundled` call.
    """
    target = Path(path) if path is not None else bundled_path()
    fingerprint = corpus_fingerprint()
    if not force and _is_current(target, fingerprint):
        return target
    try:
        from .corpus import bundled_corpus
    except ImportError as error:
        raise DatabaseError(
            f"The bundled practice corpus cannot be loaded ({error})",
            hint="Reinstall SearchCraft, or build a database from your own records with "
                 "PracticeDatabase.from_records(...).",
        ) from None
    records, vocabulary = bundled_corpus()
    if progress:
        print(f"Building the practice database at {target} (once only)...", file=sys.stderr)
    return build_file(target, records, vocabulary, progress=progress,
                      meta={"fingerprint": fingerprint, "version": __version__})
