"""Saving a widget's state to a JSON file, so a learner's work survives a kernel restart.

A corrupt or unreadable file is never overwritten: it is renamed aside (``name.corrupt-N.json``) and
the learner is told where it went, then the widget starts afresh.

Example::

    >>> import tempfile, pathlib
    >>> saved = SavedState(pathlib.Path(tempfile.mkdtemp()) / "framer.json", kind="QuestionFramer")
    >>> saved.save({"framework": "PICO"})
    >>> saved.load()
    {'framework': 'PICO'}
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ...errors import DataFileError
from ...files import write_atomically

FORMAT_VERSION = 1


class StateFileError(DataFileError):
    """A saved state file could not be read; the file has been kept aside under ``kept_as``."""

    def __init__(self, message: str, *, kept_as: Path, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.kept_as = kept_as


class SavedState:
    """One widget's state file. ``kind`` guards against loading another widget's file by mistake."""

    def __init__(self, path: str | Path, *, kind: str) -> None:
        self.path = Path(path)
        self.kind = kind

    def save(self, state: dict[str, Any]) -> None:
        """Write the state atomically (the folder is created if needed)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        document = {"kind": self.kind, "version": FORMAT_VERSION, "state": state}
        write_atomically(self.path, json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True))

    def load(self) -> dict[str, Any] | None:
        """The saved state, or ``None`` when nothing has been saved yet.

        Raises :class:`StateFileError` for a corrupt file, after renaming it aside.
        """
        if not self.path.exists():
            return None
        try:
            document = json.loads(self.path.read_text(encoding="utf-8"))
            problem = None
            if not isinstance(document, dict) or not isinstance(document.get("state"), dict):
                problem = "it is not a saved widget state"
            elif document.get("kind") != self.kind:
                problem = f"it holds a {document.get('kind')!r} widget, not a {self.kind!r}"
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            problem = f"it could not be read ({error})"
        if problem is None:
            return document["state"]
        kept = self._keep_aside()
        raise StateFileError(
            f"Your saved work in {self.path} could not be loaded: {problem}. "
            f"The file has been kept as {kept} and the exercise starts afresh.",
            kept_as=kept,
            hint="Nothing was overwritten; ask your tutor if you need the kept file restored.",
        )

    def _keep_aside(self) -> Path:
        number = 1
        while True:
            candidate = self.path.with_name(f"{self.path.stem}.corrupt-{number}{self.path.suffix}")
            if not candidate.exists():
                self.path.rename(candidate)
                return candidate
            number += 1
