"""``SkillsProfile``: rate yourself 0-4 in each skills area, see a radar chart and your development needs.

Example::

    profile = SkillsProfile(save_to="my-work/skills.json")
    profile   # rate each area, then "Save snapshot"; later, compare with an earlier date
"""

from __future__ import annotations

from datetime import date
from html import escape
from pathlib import Path

import ipywidgets as widgets

from ..errors import SearchCraftError
from .models.radar import radar_svg
from .models.skills import LEVELS, SkillsProfileModel
from .saving import SaveSlot, live_region

_STYLE = {"description_width": "16em"}
_WIDE = widgets.Layout(width="95%")


def chart_html(profile: SkillsProfileModel, compare_with: str | None = None) -> str:
    """The radar chart as inline SVG: its title and description say everything the picture shows."""
    return (f'<figure class="searchcraft-chart" style="margin:0;max-width:100%">{radar_svg(profile, compare_with)}'
            "<figcaption>Radar chart: your ratings (solid), your targets (dashed)"
            f"{' and the earlier snapshot (dotted)' if compare_with else ''}.</figcaption></figure>")


def needs_html(profile: SkillsProfileModel) -> str:
    needs = profile.development_needs()
    if not needs:
        return live_region("You have reached your target in every area.")
    items = []
    for need in needs:
        next_level = profile.descriptor(need.area, need.rating + 1)
        items.append(f"<li><strong>{escape(need.area)}</strong>: {need.rating} now, target {need.target}. "
                     f"Next step: {escape(next_level)}</li>")
    return ('<div role="status" aria-live="polite"><p>Development needs, biggest gap first:</p>'
            f'<ol>{"".join(items)}</ol></div>')


def changes_html(profile: SkillsProfileModel, earlier: str) -> str:
    rows = "".join(f"<tr><th scope='row'>{escape(c.area)}</th><td>{c.before}</td><td>{c.after}</td>"
                   f"<td>{c.change:+d}</td></tr>" for c in profile.compare(earlier))
    return (f"<table><caption>Change since {earlier}</caption><thead><tr><th scope='col'>Area</th>"
            f"<th scope='col'>{earlier}</th><th scope='col'>Now</th><th scope='col'>Change</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>")


class SkillsProfile(widgets.VBox):
    """Self-rating against the kit's library and knowledge skills framework, with dated snapshots."""

    def __init__(self, *, save_to: str | Path | None = None) -> None:
        self.slot = SaveSlot(save_to, kind="SkillsProfile")
        state, message = self.slot.restore()
        problem = bool(message and not state)
        self.model = SkillsProfileModel()
        if state:
            try:
                self.model = SkillsProfileModel.from_state(state)
            except (SearchCraftError, ValueError, AttributeError) as error:
                message, problem = f"Your saved profile could not be read: {error}", True
        framework = self.model.framework
        self.ratings: dict[str, widgets.Dropdown] = {}
        for area in framework.areas:
            options = [(f"{level} {framework.level_names[level]}: {area.levels[level]}", level) for level in LEVELS]
            dropdown = widgets.Dropdown(options=options, value=self.model.ratings[area.name],
                                        description=f"{area.name}:", style=_STYLE, layout=_WIDE)
            dropdown.observe(lambda change, name=area.name: self._rated(name, change["new"]), names="value")
            self.ratings[area.name] = dropdown
        common = max(set(self.model.targets.values()), key=list(self.model.targets.values()).count)
        self.target = widgets.Dropdown(options=[(f"{level} {framework.level_names[level]}", level) for level in LEVELS],
                                       value=common, description="Target for every area:", style=_STYLE)
        self.target.observe(self._target_changed, names="value")
        self.snapshot_date = widgets.DatePicker(value=date.today(), description="Snapshot date:", style=_STYLE)
        self.take = widgets.Button(description="Save snapshot", button_style="primary",
                                   tooltip="Keep today's ratings under this date")
        self.take.on_click(self._take_snapshot)
        self.compare = widgets.Dropdown(description="Compare with:", style=_STYLE)
        self._set_compare_options()
        self.compare.observe(lambda _c: self._show(), names="value")
        self.chart = widgets.HTML()
        self.needs = widgets.HTML()
        self.changes = widgets.HTML()
        self.status = widgets.HTML(live_region(message, problem=problem))
        self._show()
        super().__init__([widgets.HTML(f"<h3>{escape(framework.name)}</h3>"), *self.ratings.values(),
                          self.target, self.chart, self.needs, widgets.HBox([self.snapshot_date, self.take]),
                          self.compare, self.changes, self.status])

    def _set_compare_options(self) -> None:
        current = self.compare.value
        options = [("No earlier snapshot", "")] + [(d, d) for d in self.model.snapshot_dates()]
        self.compare.options = options
        self.compare.value = current if current in dict(options).values() else ""

    def _show(self) -> None:
        earlier = self.compare.value or None
        self.chart.value = chart_html(self.model, earlier)
        self.needs.value = needs_html(self.model)
        self.changes.value = changes_html(self.model, earlier) if earlier else ""

    def _save(self) -> None:
        message = self.slot.save(self.model.to_state())
        if message.startswith("Could not"):
            self.status.value = live_region(message, problem=True)

    def _rated(self, area: str, level: int) -> None:
        self.model.rate(area, level)
        self._show()
        self._save()

    def _target_changed(self, change: dict) -> None:
        self.model.set_target(None, change["new"])
        self._show()
        self._save()

    def _take_snapshot(self, _button=None) -> None:
        when = self.model.take_snapshot(self.snapshot_date.value or date.today())
        self._set_compare_options()
        self._save()
        self.status.value = live_region(f"Snapshot saved for {when}.")
