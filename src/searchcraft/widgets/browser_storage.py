"""Keeping a learner's saved work in their own browser, when the course runs on the published site.

Under CPython (JupyterLab, a hub) a widget's ``save_to=`` names a JSON file. On the published site
Python runs in the browser (Pyodide) and there is no lasting disk, so the same documents
(``{"kind", "version", "state"}``, the file format of :mod:`.models.state`) are kept in the browser's
``localStorage`` under keys starting ``searchcraft:``. Nothing leaves the browser; the page's
"Export my work" and "Import" controls read and write every such key as one JSON file, and
"Clear my data" removes them.

A widget created without ``save_to`` on the site still keeps its work, under a key made from the page
and the cell it was created in, so a quiz answered today is there after a reload or a closed browser.

Example (in the browser; under CPython :func:`current` is ``None`` and files are used instead)::

    >>> store = MemoryStore()
    >>> saved = BrowserSavedState(store, "page/quiz", kind="Quiz")
    >>> saved.save({"answers": {"q1": [0]}})
    >>> saved.load()
    {'answers': {'q1': [0]}}
"""

from __future__ import annotations

import json
from pathlib import PurePosixPath
from typing import Any, Protocol

from ..errors import DataFileError

PREFIX = "searchcraft:"
# The saved-state file format's version (models.state.FORMAT_VERSION; not imported, so that this module
# loads before the widget models and their data files).
FORMAT_VERSION = 1


class KeyValueStore(Protocol):
    """What browser storage offers: ``localStorage`` in the page, a dict in tests."""

    def getItem(self, key: str) -> str | None: ...  # noqa: N802 - the Web Storage API's own names
    def setItem(self, key: str, value: str) -> None: ...  # noqa: N802
    def removeItem(self, key: str) -> None: ...  # noqa: N802


class MemoryStore:
    """A dict with the Web Storage API's method names, for tests and for a page whose storage is off."""

    def __init__(self) -> None:
        self.items: dict[str, str] = {}

    def getItem(self, key: str) -> str | None:  # noqa: N802
        return self.items.get(key)

    def setItem(self, key: str, value: str) -> None:  # noqa: N802
        self.items[key] = value

    def removeItem(self, key: str) -> None:  # noqa: N802
        self.items.pop(key, None)


class BrowserStorageError(DataFileError):
    """Browser storage refused a write (full, or switched off) or held something unreadable."""


class _Session:
    """Which store the page uses, which page this is, and which cell is running (for slot names)."""

    def __init__(self) -> None:
        self.store: KeyValueStore | None = None
        self.page = ""
        self.cell = ""
        self.counts: dict[str, int] = {}


_session = _Session()


def use(store: KeyValueStore | None, page: str = "") -> None:
    """Send saved work to ``store`` from now on (the page calls this with ``localStorage``)."""
    _session.store, _session.page, _session.cell, _session.counts = store, page, "", {}


def current() -> KeyValueStore | None:
    """The browser store in use, or ``None`` under CPython (then widgets use files)."""
    return _session.store


def start_cell(cell: str) -> None:
    """Name the cell about to run, so a widget it creates without ``save_to`` gets a stable key."""
    _session.cell, _session.counts = cell, {}


def slot_key(kind: str, save_to: str | None) -> str:
    """The storage key for a widget: from its ``save_to`` path, or from the page, cell and kind."""
    if save_to:
        return f"{PREFIX}file:{PurePosixPath(str(save_to)).as_posix()}"
    number = _session.counts.get(kind, 0) + 1
    _session.counts[kind] = number
    return f"{PREFIX}page:{_session.page}#{_session.cell}/{kind}-{number}"


class BrowserSavedState:
    """:class:`~.models.state.SavedState`'s interface over a key in browser storage."""

    def __init__(self, store: KeyValueStore, key: str, *, kind: str) -> None:
        self.store, self.key, self.kind = store, key, kind
        tail = key.rsplit("/", 1)[-1].replace(":", "-") or kind
        self.path = PurePosixPath(tail if tail.endswith(".json") else f"{tail}.json")

    def save(self, state: dict[str, Any]) -> None:
        document = {"kind": self.kind, "version": FORMAT_VERSION, "state": state}
        try:
            self.store.setItem(self.key, json.dumps(document, ensure_ascii=False, sort_keys=True))
        except Exception as error:  # the browser's QuotaExceededError or SecurityError
            raise BrowserStorageError(f"Your browser would not store your work ({error})",
                                      hint="Export your work to a file, then free some space or allow "
                                           "this site to store data.") from error

    def load(self) -> dict[str, Any] | None:
        text = self.store.getItem(self.key)
        if not isinstance(text, str):  # None, or JavaScript's null (pyodide.ffi.JsNull) in the browser
            return None
        try:
            document = json.loads(text)
        except json.JSONDecodeError:
            document = None
        if isinstance(document, dict) and isinstance(document.get("state"), dict) \
                and document.get("kind") == self.kind:
            return document["state"]
        kept = f"{self.key}.corrupt"
        self.store.setItem(kept, text)
        self.store.removeItem(self.key)
        from .models.state import StateFileError

        raise StateFileError(
            f"Your saved work for this {self.kind} could not be loaded: it is not a saved {self.kind}. "
            f"It has been kept in this browser as {kept} (included when you export your work) and the "
            "exercise starts afresh.", kept_as=self.path)  # type: ignore[arg-type]
