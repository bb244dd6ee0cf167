"""``DedupLab``: decide which records of two exports are the same article, with the evidence.

Each suggested pair is shown side by side with what the kit's deduplication found (same DOI, titles
alike, years one apart...). Decide *Same article* or *Different articles*; the count after merging
updates as you go. *Check my decisions* compares them with the practice corpus's known duplicates.

Keyboard use: Tab to the decision list and use the arrow keys; Tab to *Previous pair*, *Next pair* and the
other buttons and press Enter or Space. The figures are announced to screen readers.

Example::

    DedupLab()                                    # two exports of one practice search
    DedupLab("medline.ris", "embase.ris", save_to="my-work/dedup.json")
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from pathlib import Path

import ipywidgets as widgets

from ..errors import SearchCraftError
from ..records import Record
from .models.dedup_lab import CandidatePair, DedupLabModel, practice_exports
from .saving import SaveSlot, live_region

_CHOICES = [("Not decided", ""), ("Same article: merge", "accept"), ("Different articles: keep both", "reject")]
_FIELDS = (("Title", "title"), ("Authors", "authors"), ("Year", "year"), ("Journal", "journal"),
           ("Volume", "volume"), ("Pages", "pages"), ("DOI", "doi"), ("PMID", "pmid"))


def _value(record: Record, name: str) -> str:
    value = getattr(record, name)
    if isinstance(value, list):
        return "; ".join(value)
    return "" if value in (None, "") else str(value)


def pair_html(model: DedupLabModel, index: int) -> str:
    """Two records side by side (differences in bold), and the evidence."""
    pair: CandidatePair = model.pairs[index]
    a, b = pair.first, pair.second
    rows = []
    for label, name in _FIELDS:
        left, right = _value(a, name), _value(b, name)
        differ = left.casefold().strip(" .") != right.casefold().strip(" .")
        cell = (lambda text: f"<strong>{escape(text)}</strong>") if differ else escape
        rows.append(f"<tr><th scope='row'>{label}</th><td>{cell(left)}</td><td>{cell(right)}</td></tr>")
    verdict = ("The kit suggests these are the <strong>same article</strong>" if pair.suggested
               else "The kit keeps these <strong>apart</strong>")
    reasons = "".join(f"<li>{escape(r)}</li>" for r in pair.evidence.reasons)
    return (f"<table><caption style='color:inherit'>Pair {index + 1} of {len(model.pairs)}; "
            f"fields that differ are in bold</caption><thead><tr><th scope='col'>Field</th>"
            f"<th scope='col'>{escape(a.id)} ({escape(model.set_of(a))})</th>"
            f"<th scope='col'>{escape(b.id)} ({escape(model.set_of(b))})</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
            f"<p>{verdict} (score {pair.evidence.score:.2f}, decided by {escape(pair.evidence.rule)}):</p>"
            f"<ul>{reasons}</ul>")


class DedupLab(widgets.VBox):
    """Two result sets (lists of records or RIS files), their candidate duplicate pairs, and your decisions."""

    def __init__(self, first: Iterable[Record | dict] | str | Path | None = None,
                 second: Iterable[Record | dict] | str | Path | None = None, *,
                 names: tuple[str, str] = ("First export", "Second export"),
                 truth: Iterable[Iterable[str]] | None = None, query: str = "falls[tiab] AND exercise[tiab]",
                 source=None, save_to: str | Path | None = None) -> None:
        if first is None and second is None:
            # Two exports of one search on the practice database (``source``: another PracticeDatabase).
            first, second, truth = practice_exports(query, db=source)
            names = ("MEDLINE-like export", "Embase-like export")
        elif first is None or second is None:
            raise SearchCraftError("DedupLab needs two result sets, or none for the practice example",
                                   hint="Pass both, e.g. DedupLab('medline.ris', 'embase.ris').")
        self.model = DedupLabModel(first, second, names=names, truth=truth)
        self.slot = SaveSlot(save_to, kind="DedupLab")
        state, message = self.slot.restore()
        problem = bool(message and not state)
        if state:
            try:
                self.model.restore(state)
            except (SearchCraftError, AttributeError) as error:
                message, problem = f"Your saved decisions could not be read: {error}", True
        self.index = 0
        self.figures = widgets.HTML()
        self.pair = widgets.HTML()
        # A list rather than radio buttons: ipywidgets' radio buttons are below WCAG 2.2's 24px target size.
        self.choice = widgets.Dropdown(options=_CHOICES, value="", description="Your decision:",
                                       style={"description_width": "initial"},
                                       layout=widgets.Layout(width="28em"))
        self.previous = widgets.Button(description="Previous pair", tooltip="Show the previous pair",
                                       layout=widgets.Layout(width="auto"))
        self.next = widgets.Button(description="Next pair", tooltip="Show the next pair",
                                   layout=widgets.Layout(width="auto"))
        self.accept_rest = widgets.Button(description="Take the kit's verdict on the rest",
                                          tooltip="Decide every undecided pair as the kit suggests",
                                          layout=widgets.Layout(width="auto"))
        self.check = widgets.Button(description="Check my decisions",
                                    tooltip="Compare your decisions with the known duplicates",
                                    layout=widgets.Layout(width="14em"),
                                    disabled=self.model.truth is None)
        self.feedback = widgets.HTML()
        self.status = widgets.HTML(live_region(message, problem=problem))
        self.choice.observe(self._decided, names="value")
        self.previous.on_click(lambda _b: self.show_pair(self.index - 1))
        self.next.on_click(lambda _b: self.show_pair(self.index + 1))
        self.accept_rest.on_click(self._accept_rest)
        self.check.on_click(self._check)
        children: list[widgets.Widget] = [self.figures]
        if self.model.pairs:
            children += [self.pair, self.choice, widgets.HBox([self.previous, self.next, self.accept_rest]),
                         self.check, self.feedback]
        children.append(self.status)
        super().__init__(children)
        self.show_pair(0)

    def show_pair(self, index: int) -> None:
        if not self.model.pairs:
            self._figures()
            return
        self.index = max(0, min(index, len(self.model.pairs) - 1))
        self._showing = True
        self.choice.value = self.model.decision(self.index) or ""
        self._showing = False
        self.pair.value = pair_html(self.model, self.index)
        self.previous.disabled = self.index == 0
        self.next.disabled = self.index == len(self.model.pairs) - 1
        self._figures()

    def _figures(self) -> None:
        if not self.model.pairs:
            self.figures.value = live_region(f"No likely duplicates among the {self.model.before} records.")
            return
        self.figures.value = f'<p role="status" aria-live="polite">{escape(self.model.summary())}</p>'

    def _decided(self, change: dict) -> None:
        if getattr(self, "_showing", False):
            return
        self.model.decide(self.index, change["new"] or None)
        self._figures()
        self._save()

    def _accept_rest(self, _button=None) -> None:
        self.model.accept_suggestions()
        self.show_pair(self.index)
        self._save()

    def _check(self, _button=None) -> None:
        outcome = self.model.check()
        if outcome is None:
            return
        wrong = "".join(f"<li>Pair {i + 1}: {escape(self.model.pairs[i].first.id)} and "
                        f"{escape(self.model.pairs[i].second.id)} are "
                        f"{'different articles' if self.model.decision(i) == 'accept' else 'the same article'}"
                        f"</li>" for i in outcome["wrong"])
        done, total = self.model.progress()
        text = f"{len(outcome['right'])} of your {done} decisions are right"
        self.feedback.value = (f'<div role="status" aria-live="polite"><p>{text}'
                               f"{'' if done == total else f' ({total - done} pairs still undecided)'}.</p>"
                               f"{f'<ul>{wrong}</ul>' if wrong else ''}</div>")

    def _save(self) -> None:
        message = self.slot.save(self.model.to_state())
        if message.startswith("Could not"):
            self.status.value = live_region(message, problem=True)
