"""``MyProgress``: the learner's record, certificates of completion and the CPD export.

It shows every module with its level, study time, status and quiz score, progress along each route,
and lets the learner tick the exercises they have done, make a certificate (per module or per route)
and export a CPD record. Files are written atomically into the record folder (see
:mod:`searchcraft.widgets.learner_record`) and offered as downloads; nothing is sent anywhere.

Keyboard use: Tab moves between the controls; arrow keys change a drop-down; Space ticks the box.

Example::

    MyProgress()
"""

from __future__ import annotations

import base64
from html import escape
from pathlib import Path

import ipywidgets as widgets

from ..errors import SearchCraftError
from ..files import write_atomically
from ..pathways import LEVEL_TITLES, LEVELS, course_registry, format_minutes
from .learner_record import folder_for_people, load_record, record_folder, update_record
from .models.progress import LearnerRecordModel
from .saving import live_region

_WIDE = widgets.Layout(width="auto")


def progress_table_html(record: LearnerRecordModel) -> str:
    """Every module: level, study time, status and quiz, as an accessible table."""
    rows = []
    for module in record.registry.modules:
        status = record.status(module.id)
        when = (record.modules.get(module.id) or {}).get("completed")
        shown = f"complete ({when})" if when else status
        rows.append(f"<tr><th scope='row'>{escape(module.title)}</th><td>{escape(module.level_title)}</td>"
                    f"<td>{escape(module.time_text)}</td><td>{escape(shown)}</td>"
                    f"<td>{escape(record.quiz_text(module.id))}</td></tr>")
    return ("<table class='searchcraft-progress'><caption>Your modules</caption><thead><tr><th scope='col'>Module</th>"
            "<th scope='col'>Level</th><th scope='col'>Study time</th><th scope='col'>Status</th>"
            "<th scope='col'>Quiz</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>")


def routes_html(record: LearnerRecordModel) -> str:
    items = []
    recommended = record.recommended_route()
    for level in LEVELS:
        progress = record.route_progress(level)
        mark = " (recommended by your entry self-test)" if level == recommended else ""
        items.append(f"<li><strong>{LEVEL_TITLES[level]} route</strong>{mark}: {progress.done} of {progress.total} "
                     f"modules complete, {escape(format_minutes(progress.minutes_done))} of "
                     f"{escape(format_minutes(progress.minutes_total))}.</li>")
    return "<h4>Your routes</h4><ul>" + "".join(items) + "</ul>"


def download_link(text: str, filename: str, media_type: str, label: str) -> str:
    """A link that saves the file from the page itself (a data: address): nothing leaves the machine."""
    data = base64.b64encode(text.encode("utf-8")).decode("ascii")
    return f'<a download="{escape(filename)}" href="data:{media_type};base64,{data}">{escape(label)}</a>'


class MyProgress(widgets.VBox):
    """The "My progress" page's widget."""

    def __init__(self) -> None:
        record, message = load_record()
        modules = course_registry().modules
        self.name = widgets.Text(value=record.name, description="Your name:",
                                 placeholder="as it should appear on a certificate",
                                 style={"description_width": "initial"}, layout=widgets.Layout(width="32em"),
                                 continuous_update=False)
        self.name.observe(self._name_changed, names="value")
        self.routes = widgets.HTML()
        self.table = widgets.HTML()
        self.module = widgets.Dropdown(options=[(m.title, m.id) for m in modules], description="Module:",
                                       style={"description_width": "initial"}, layout=_WIDE)
        self.module.observe(self._module_changed, names="value")
        self.exercises = widgets.Checkbox(value=False, description="I have done this module's exercises", indent=False,
                                          layout=_WIDE)
        self.exercises.observe(self._exercises_changed, names="value")
        self.module_certificate = widgets.Button(description="Make module certificate", layout=_WIDE,
                                                 tooltip="A certificate for the chosen module, once it is complete")
        self.module_certificate.on_click(self._make_module_certificate)
        self.route = widgets.Dropdown(options=[(f"{LEVEL_TITLES[level]} route", level) for level in LEVELS],
                                      description="Route:",
                                      value=record.recommended_route() or LEVELS[0],
                                      style={"description_width": "initial"}, layout=_WIDE)
        self.route_certificate = widgets.Button(description="Make route certificate", layout=_WIDE,
                                                tooltip="A certificate for the chosen route, once every module on it "
                                                        "is complete")
        self.route_certificate.on_click(self._make_route_certificate)
        self.cpd = widgets.Button(description="Export CPD record", layout=_WIDE,
                                  tooltip="A CSV file of completed modules, hours and skills areas")
        self.cpd.on_click(self._export_cpd)
        self.refresh = widgets.Button(description="Refresh", tooltip="Read your record again (after a quiz elsewhere)")
        self.refresh.on_click(lambda _b: self.show())
        self.status = widgets.HTML(live_region(message, problem=bool(message)))
        self.files = widgets.HTML("")
        super().__init__([
            widgets.HTML(f"<p>Your record is kept in <code>{escape(folder_for_people())}</code>, on this "
                         "machine only.</p>"),
            self.name, self.routes, self.table,
            widgets.HTML("<h4>Exercises and certificates</h4>"),
            widgets.HBox([self.module, self.exercises]), self.module_certificate,
            widgets.HBox([self.route, self.route_certificate]), widgets.HBox([self.cpd, self.refresh]),
            self.status, self.files])
        self.add_class("searchcraft-my-progress")
        self._quiet = False
        self.show(record)

    def show(self, record: LearnerRecordModel | None = None) -> LearnerRecordModel:
        record = record or load_record()[0]
        self.routes.value = routes_html(record)
        self.table.value = progress_table_html(record)
        self._quiet = True
        self.exercises.value = bool((record.modules.get(self.module.value) or {}).get("exercises_done"))
        self._quiet = False
        return record

    def _name_changed(self, change) -> None:
        name = " ".join(str(change["new"]).split())
        _, message = update_record(lambda record: setattr(record, "name", name))
        self.status.value = live_region(message, problem=message.startswith("Could not"))

    def _module_changed(self, _change=None) -> None:
        self.show()

    def _exercises_changed(self, change) -> None:
        if self._quiet:
            return
        module_id = self.module.value
        record, message = update_record(lambda r: r.set_exercises_done(module_id, bool(change["new"])))
        self.show(record)
        title = course_registry().module(module_id).title
        text = f"{title}: {record.status(module_id)}."
        if record.status(module_id) != "complete" and change["new"]:
            text += f" Quiz: {record.quiz_text(module_id)}; a module is complete when its quiz is passed too."
        self.status.value = live_region(text if not message.startswith("Could not") else message,
                                        problem=message.startswith("Could not"))

    def _write(self, name: str, text: str, media_type: str, label: str) -> None:
        after = ("Open the certificate and print it, choosing “Save as PDF”." if media_type == "text/html"
                 else "Open it in a spreadsheet or copy the rows into your CPD portfolio.")
        folder = record_folder() / "certificates"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / name
        write_atomically(path, text)
        self.files.value = (f"<p>Saved <code class='searchcraft-written'>{escape(str(path))}</code>. "
                            f"{download_link(text, name, media_type, label)}. {after}</p>")
        self.status.value = live_region(f"Saved {name}.")
        self.written = Path(path)

    def _make(self, make, name: str, media_type: str, label: str) -> None:
        try:
            record = load_record()[0]
            record.name = " ".join(self.name.value.split()) or record.name
            text = make(record)
            self._write(name, text, media_type, label)
        except (SearchCraftError, OSError) as error:
            hint = getattr(error, "hint", "") or ""
            self.status.value = live_region(f"{getattr(error, 'message', error)}. {hint}".strip(), problem=True)

    def _make_module_certificate(self, _button=None) -> None:
        module_id = self.module.value
        self._make(lambda r: r.module_certificate(module_id), f"certificate-{module_id}.html", "text/html",
                   "Download the certificate")

    def _make_route_certificate(self, _button=None) -> None:
        level = self.route.value
        self._make(lambda r: r.route_certificate(level), f"certificate-{level}-route.html", "text/html",
                   "Download the certificate")

    def _export_cpd(self, _button=None) -> None:
        self._make(lambda r: "\ufeff" + r.cpd_csv(), "cpd-record.csv", "text/csv", "Download the CPD record")
