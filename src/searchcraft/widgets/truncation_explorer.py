"""``TruncationExplorer``: type a stem with ``*`` and see the words it finds in the index, with counts.

It shows missed variants (``nurse*`` misses *nursing*) and over-truncation (``car*`` finds *care*,
*caries* and *cardiovascular*), and explains PubMed's four-character minimum. Choose the words you
meant and compare them, searched in full, with the truncated stem.

It reads the practice database's own index, so it needs the practice database (the default) or
another :class:`~searchcraft.practice.PracticeDatabase`.

Example::

    TruncationExplorer("nurs*", save_to="my-work/truncation.json")
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

import ipywidgets as widgets

from ..errors import SearchCraftError
from .models.practice import is_practice, source_or_default
from .models.truncation import FIELDS, TruncationModel
from .query_feedback import problem_html
from .saving import SaveSlot, live_region

if TYPE_CHECKING:  # pragma: no cover
    from ..practice.database import PracticeDatabase

_STYLE = {"description_width": "initial"}


class TruncationExplorer(widgets.VBox):
    """See what a truncated stem matches in the practice database's index."""

    def __init__(self, stem: str = "", source: PracticeDatabase | None = None, *, field: str = "tiab",
                 save_to: str | Path | None = None) -> None:
        db = source_or_default(source)
        if not is_practice(db):
            raise SearchCraftError(
                "The truncation explorer reads the words in the practice database's index, which live "
                "databases do not share", hint="Use TruncationExplorer() on the practice database.")
        self.slot = SaveSlot(save_to, kind="TruncationExplorer")
        state, message = self.slot.restore()
        state = state or {}
        self.model = TruncationModel(db, field=state.get("field") or field)
        self.stem = widgets.Text(value=state.get("stem", stem), description="Stem to explore:",
                                 placeholder="e.g. nurs*", continuous_update=True, style=_STYLE)
        self.field = widgets.Dropdown(options=[(v, k) for k, v in FIELDS.items()], value=self.model.field,
                                      description="Search in:", style=_STYLE)
        self.found = widgets.HTML()
        self.words = widgets.SelectMultiple(description="Words you meant to find:", rows=8, style=_STYLE,
                                            layout=widgets.Layout(width="28em"))
        self.compare = widgets.Button(description="Compare with these words in full",
                                      layout=widgets.Layout(width="auto"),
                                      tooltip="Search the chosen words with OR instead of the stem")
        self.comparison = widgets.HTML()
        self.status = widgets.HTML(live_region(message, problem=bool(message and not state)))
        self._count = 0
        self._query = ""
        self.stem.observe(lambda _c: self._explore(), names="value")
        self.field.observe(self._field_changed, names="value")
        self.compare.on_click(self._compare_in_full)
        super().__init__([widgets.HTML(
            "<p>Type the start of a word followed by <code>*</code> to see every word in the index it "
            "finds. A long stem can miss variants; a short one finds unrelated words.</p>"),
            self.stem, self.field, self.found, self.words, self.compare, self.comparison, self.status])
        self._explore(chosen=state.get("chosen") or [])
        if not state and stem:
            self._save()  # the stem given is the learner's starting point

    def _field_changed(self, change: dict) -> None:
        self.model.set_field(change["new"])
        self._explore()
        self._save()

    def _explore(self, chosen: list[str] | None = None) -> None:
        self.comparison.value = ""
        if not self.stem.value.strip():
            self.found.value = live_region("Type a stem such as nurs* to begin.")
            self.words.options, self.compare.disabled = [], True
            return
        try:
            found = self.model.explore(self.stem.value)
        except SearchCraftError as error:
            self.found.value = problem_html(error)
            self.words.options, self.compare.disabled = [], True
            return
        self._count, self._query = found.count, found.query
        rows = "".join(f"<tr><td>{escape(w.word)}</td><td style='text-align:right'>{w.records:,}</td></tr>"
                       for w in found.words)
        shorter = "".join(f"<tr><td>{escape(w.word)}</td><td style='text-align:right'>{w.records:,}</td></tr>"
                          for w in found.shorter[:15])
        self.found.value = (
            f'<div role="status" aria-live="polite"><p>{escape(found.message)}</p></div>'
            f"<table style='min-width:22em'><caption>Words starting with '{escape(found.stem)}' "
            f"({escape(FIELDS[found.field])})</caption>"
            "<thead><tr><th scope='col'>Word</th><th scope='col'>Records</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
            + (f"<table style='min-width:22em'><caption>Also found by {escape(found.stem[:-1])}*</caption><thead><tr>"
               f"<th scope='col'>Word</th><th scope='col'>Records</th></tr></thead><tbody>{shorter}</tbody></table>"
               if shorter else ""))
        options = [w.word for w in found.words] + [w.word for w in found.shorter[:15]]
        self.words.options = options
        self.words.value = tuple(w for w in (chosen or ()) if w in options)
        self.compare.disabled = not options
        if chosen is None:  # the learner typed: keep the stem for next time
            self._save()

    def _compare_in_full(self, _button=None) -> None:
        try:
            query, count = self.model.alternative(self.words.value)
        except SearchCraftError as error:
            self.comparison.value = problem_html(error)
            return
        difference = count - self._count
        verdict = ("the same records" if difference == 0 else
                   f"{abs(difference):,} {'more' if difference > 0 else 'fewer'} records")
        self.comparison.value = live_region(
            f"{query} finds {count:,} records; {self._query} finds {self._count:,}: {verdict}.")
        self._save()

    def _save(self) -> None:
        message = self.slot.save({"stem": self.stem.value, "field": self.model.field,
                                  "chosen": list(self.words.value)})
        if message.startswith("Could not"):
            self.status.value = live_region(message, problem=True)
