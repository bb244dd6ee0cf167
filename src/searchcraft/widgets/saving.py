"""Where a widget keeps the learner's work, and how it tells them what happened.

Every exercise widget takes ``save_to=`` (a JSON file path). With it, the widget restores earlier
work when it is created and saves after every change, so work survives a kernel restart. A corrupt
file is kept aside by :class:`~searchcraft.widgets.models.state.SavedState` and the learner is told
where it went. Without ``save_to`` nothing is written.

On the published site (Python in the browser) the same documents go to browser storage instead, through
:mod:`.browser_storage`; there a widget without ``save_to`` is saved too, under the page and cell it
was created in, because a learner on the site has no other way to keep their work.

Example::

    slot = SaveSlot("my-work/quiz.json", kind="Quiz")
    state, message = slot.restore()
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from ..errors import SearchCraftError
from . import browser_storage
from .models.state import SavedState, StateFileError


def live_region(text: str, *, problem: bool = False) -> str:
    """HTML for a message that screen readers announce when it changes (``role=status``)."""
    colour = "#8a1c1c" if problem else "#1b4d1b"
    return (f'<div role="status" aria-live="polite" style="color:{colour}">'
            f"{escape(text) if text else ''}</div>")


class SaveSlot:
    """One widget's saved state file, or nowhere when ``save_to`` is ``None``."""

    def __init__(self, save_to: str | Path | None, *, kind: str) -> None:
        store = browser_storage.current()
        self.in_browser = store is not None
        if store is not None:
            key = browser_storage.slot_key(kind, str(save_to) if save_to else None)
            self.saved: SavedState | browser_storage.BrowserSavedState | None = \
                browser_storage.BrowserSavedState(store, key, kind=kind)
        else:
            self.saved = SavedState(save_to, kind=kind) if save_to else None

    @property
    def path(self) -> Path | None:
        return Path(self.saved.path) if self.saved else None

    def restore(self) -> tuple[dict[str, Any] | None, str]:
        """Saved state (or ``None``) and a message for the learner ('' when there is nothing to say)."""
        if self.saved is None:
            return None, ""
        try:
            state = self.saved.load()
        except StateFileError as error:
            return None, error.message
        if state is None:
            return None, ""
        if self.in_browser:
            return state, "Restored your saved work from this browser."
        return state, f"Restored your saved work from {self.saved.path.name}."

    def save(self, state: dict[str, Any]) -> str:
        """Save, and say so; a failure becomes a message rather than an exception in a callback."""
        if self.saved is None:
            return ""
        try:
            self.saved.save(state)
        except (OSError, SearchCraftError) as error:
            where = "this browser" if self.in_browser else self.saved.path
            return f"Could not save your work to {where}: {error}"
        return "Saved in this browser." if self.in_browser else f"Saved to {self.saved.path.name}."
