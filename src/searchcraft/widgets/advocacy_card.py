"""``AdvocacyCardMaker``: write an #AMillionDecisions advocacy card, see what to fix, export it as HTML.

A thin view over :class:`~searchcraft.widgets.models.advocacy.AdvocacyCard`: one labelled box per part
of the card, a live list of what still needs work, and an export button that writes an accessible HTML
page once nothing blocking is left.

Example::

    AdvocacyCardMaker(save_to="my-work/card.json", export_to="my-work/card.html")
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import ipywidgets as widgets

from ..errors import SearchCraftError
from .models.advocacy import CARD_PARTS, HASHTAG, AdvocacyCard
from .saving import SaveSlot, live_region

_STYLE = {"description_width": "12em"}
_WIDE = widgets.Layout(width="95%")


def findings_html(card: AdvocacyCard) -> str:
    found = card.check()
    if not found:
        return "<p><strong>Ready to share:</strong> every part of the card is there.</p>"
    items = "".join(f"<li>{escape(str(f))}</li>" for f in found)
    return f"<p><strong>{len(found)} thing{'s' if len(found) != 1 else ''} to look at:</strong></p><ul>{items}</ul>"


class AdvocacyCardMaker(widgets.VBox):
    """Boxes for each part of the card, its check, and export to ``export_to`` (default beside the save file)."""

    def __init__(self, *, save_to: str | Path | None = None, export_to: str | Path | None = None) -> None:
        self.slot = SaveSlot(save_to, kind="AdvocacyCardMaker")
        state, message = self.slot.restore()
        problem = bool(message and not state)
        self.card = AdvocacyCard()
        if state:
            try:
                self.card = AdvocacyCard.from_state(state)
            except (SearchCraftError, TypeError) as error:
                message, problem = f"Your saved card could not be read: {error}", True
        self.export_path = Path(export_to) if export_to else (
            self.slot.path.with_suffix(".html") if self.slot.path else Path("advocacy-card.html"))
        self.inputs: dict[str, widgets.Textarea] = {}
        rows = [widgets.HTML(f"<p>Write each part of your {escape(HASHTAG)} card. The check below updates as you "
                             "type.</p>")]
        for part in CARD_PARTS:
            box = widgets.Textarea(value=self.card.part(part.key), description=f"{part.label}:",
                                   placeholder=part.prompt,
                                   rows=1 if part.max_words <= 15 else 3, continuous_update=False,
                                   style=_STYLE, layout=_WIDE)
            box.observe(lambda change, key=part.key: self._changed(key, change["new"]), names="value")
            self.inputs[part.key] = box
            rows.append(box)
        self.service_name = widgets.Text(value=self.card.service_name, description="Service name:",
                                         placeholder="For the card's footer", style=_STYLE, layout=_WIDE)
        self.service_name.observe(lambda change: self._changed("service_name", change["new"]), names="value")
        self.permission = widgets.Checkbox(value=self.card.permission, indent=False,
                                           description="The people quoted and described agreed to this card being "
                                                       "shared")
        self.permission.observe(lambda change: self._changed("permission", change["new"]), names="value")
        self.findings = widgets.HTML(findings_html(self.card))
        self.export = widgets.Button(description="Export card as HTML", button_style="primary",
                                     tooltip="Write the card as a web page you can share or print")
        self.export.on_click(self._export)
        self.status = widgets.HTML(live_region(message, problem=problem))
        super().__init__(rows + [self.service_name, self.permission, self.findings, self.export, self.status])

    def _changed(self, key: str, value) -> None:
        setattr(self.card, key, bool(value) if key == "permission" else str(value))
        self.findings.value = findings_html(self.card)
        saved = self.slot.save(self.card.to_state())
        if saved.startswith("Could not"):
            self.status.value = live_region(saved, problem=True)

    def _export(self, _button=None) -> None:
        try:
            written = self.card.export(self.export_path)
        except (OSError, SearchCraftError) as error:
            self.status.value = live_region(f"Not exported: {getattr(error, 'message', error)}", problem=True)
            return
        self.status.value = live_region(f"Exported your card to {written}.")
