"""A CPD reflection log: entries written in a reflective model, exported for a portfolio.

Each entry has a date, a title, the hours spent, a skills area from the kit's skills framework and
the learner's answer to each stage of a reflective model (Gibbs, Kolb, Rolfe or Driscoll; stages
and sources in ``widgets/data/reflective_models.yml``). The log is saved by the widget as JSON and
can be exported as CSV (for a spreadsheet) and Markdown (for a portfolio or revalidation evidence).

Example::

    >>> log = ReflectionLogModel()
    >>> entry = log.add(ReflectionEntry("2026-03-02", "Peer review with PRESS", "Rolfe", 1.5,
    ...                         "Building search strategies",
    ...                         {"What?": "I reviewed a colleague's search.", "So what?": "",
    ...                          "Now what?": "Use the checklist on my own searches."}))
    >>> log.total_hours()
    1.5
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from ...errors import SearchCraftError
from ...files import write_atomically
from .data import load_data_file
from .skills import skills_framework

CSV_COLUMNS = ["date", "title", "skills_area", "hours", "model", "reflection"]
MAX_HOURS = 100.0


class ReflectionError(SearchCraftError):
    """A log entry that cannot be recorded as it stands."""


@dataclass(frozen=True)
class Stage:
    name: str
    prompt: str


@dataclass(frozen=True)
class ReflectiveModel:
    name: str
    title: str
    source: str
    stages: tuple[Stage, ...]


@lru_cache(maxsize=1)
def reflective_models() -> dict[str, ReflectiveModel]:
    """Gibbs, Kolb, Rolfe and Driscoll, with each stage's prompt and the model's source."""
    return {m["name"]: ReflectiveModel(m["name"], m["title"], " ".join(m["source"].split()),
                                       tuple(Stage(s["name"], s["prompt"]) for s in m["stages"]))
            for m in load_data_file("reflective_models.yml")["models"]}


def reflective_model(name: str) -> ReflectiveModel:
    models = reflective_models()
    for key, model in models.items():
        if key.casefold() == name.casefold():
            return model
    raise ReflectionError(f"Unknown reflective model {name!r}", hint=f"Choose one of: {', '.join(models)}.")


@dataclass(frozen=True)
class ReflectionEntry:
    """One CPD activity and the reflection on it. ``responses`` maps stage name -> text."""

    date: str
    title: str
    model: str
    hours: float
    skills_area: str
    responses: dict[str, str] = field(default_factory=dict)

    def missing_stages(self) -> list[str]:
        """Stages of the model left blank: the learner may come back to them."""
        return [s.name for s in reflective_model(self.model).stages
                if not self.responses.get(s.name, "").strip()]

    def reflection_text(self) -> str:
        """The stages in order as plain text, ``Stage: answer`` separated by blank lines."""
        stages = reflective_model(self.model).stages
        return "\n\n".join(f"{s.name}: {self.responses.get(s.name, '').strip()}" for s in stages
                           if self.responses.get(s.name, "").strip())

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.date, "title": self.title, "model": self.model, "hours": self.hours,
                "skills_area": self.skills_area, "responses": dict(self.responses)}


def check_entry(entry: ReflectionEntry) -> ReflectionEntry:
    """Validate an entry and return it tidied (known model name, stripped text); raise if unusable."""
    try:
        when = date.fromisoformat(str(entry.date))
    except ValueError as error:
        raise ReflectionError(f"The date {entry.date!r} is not a date",
                              hint="Use the form YYYY-MM-DD, e.g. 2026-03-02.") from error
    if when > date.today():
        raise ReflectionError(f"The date {when.isoformat()} is in the future",
                              hint="Log CPD once it has happened.")
    title = " ".join(str(entry.title).split())
    if not title:
        raise ReflectionError("The entry needs a title", hint="Say in a few words what the activity was.")
    try:
        hours = float(entry.hours)
    except (TypeError, ValueError) as error:
        raise ReflectionError(f"Hours must be a number; got {entry.hours!r}", hint="E.g. 1.5") from error
    if not 0 < hours <= MAX_HOURS:
        raise ReflectionError(f"Hours must be more than 0 and at most {MAX_HOURS:g}; got {hours:g}",
                              hint="Record a long course as one entry per block of study.")
    model = reflective_model(entry.model)
    areas = [a.name for a in skills_framework().areas]
    if entry.skills_area not in areas:
        raise ReflectionError(f"Unknown skills area {entry.skills_area!r}", hint=f"Choose one of: {', '.join(areas)}.")
    stage_names = {s.name for s in model.stages}
    unknown = [name for name in entry.responses if name not in stage_names]
    if unknown:
        raise ReflectionError(f"{model.name} has no stage {unknown[0]!r}",
                              hint=f"Its stages are: {', '.join(s.name for s in model.stages)}.")
    responses = {s.name: str(entry.responses.get(s.name, "")).strip() for s in model.stages}
    if not any(responses.values()):
        raise ReflectionError("The reflection is empty", hint="Write something for at least one stage.")
    return ReflectionEntry(when.isoformat(), title, model.name, round(hours, 2), entry.skills_area, responses)


class ReflectionLogModel:
    """The learner's CPD entries, kept in date order."""

    def __init__(self, entries: list[ReflectionEntry] | None = None) -> None:
        self.entries: list[ReflectionEntry] = []
        for entry in entries or []:
            self.add(entry)

    def add(self, entry: ReflectionEntry) -> ReflectionEntry:
        """Check and add an entry; returns the tidied entry."""
        tidy = check_entry(entry)
        self.entries.append(tidy)
        self.entries.sort(key=lambda e: e.date)
        return tidy

    def remove(self, index: int) -> ReflectionEntry:
        if not 0 <= index < len(self.entries):
            raise ReflectionError(f"There is no entry {index + 1}", hint=f"The log has {len(self.entries)} entries.")
        return self.entries.pop(index)

    def total_hours(self) -> float:
        return round(sum(e.hours for e in self.entries), 2)

    def hours_by_area(self) -> dict[str, float]:
        totals: dict[str, float] = {}
        for entry in self.entries:
            totals[entry.skills_area] = round(totals.get(entry.skills_area, 0) + entry.hours, 2)
        return totals

    def csv_text(self) -> str:
        """The log as CSV, one row per entry (the reflection in one cell, stages labelled)."""
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
        writer.writeheader()
        for e in self.entries:
            writer.writerow({"date": e.date, "title": e.title, "skills_area": e.skills_area,
                             "hours": f"{e.hours:g}", "model": e.model, "reflection": e.reflection_text()})
        return out.getvalue()

    def markdown_text(self) -> str:
        """The log as a Markdown document for a portfolio: totals, then each entry by stage."""
        lines = ["# CPD reflection log", "",
                 f"Total: {_hours(self.total_hours())} in {len(self.entries)} "
                 f"{'entry' if len(self.entries) == 1 else 'entries'}.", ""]
        for area, hours in sorted(self.hours_by_area().items()):
            lines.append(f"- {area}: {_hours(hours)}")
        for e in self.entries:
            model = reflective_model(e.model)
            lines += ["", f"## {e.date}: {e.title}", "",
                      f"- Skills area: {e.skills_area}", f"- Hours: {e.hours:g}",
                      f"- Reflective model: {model.title}", ""]
            for stage in model.stages:
                lines += [f"### {stage.name}", "", e.responses.get(stage.name, "").strip() or "_Not written yet._", ""]
        lines += ["", "Reflective models cited:", ""]
        for name in sorted({e.model for e in self.entries}):
            lines.append(f"- {reflective_model(name).source}")
        return "\n".join(lines).rstrip() + "\n"

    def export_csv(self, path: str | Path) -> Path:
        """Write the CSV export atomically (UTF-8 with a byte-order mark, so Excel reads accents)."""
        write_atomically(path, "\ufeff" + self.csv_text())
        return Path(path)

    def export_markdown(self, path: str | Path) -> Path:
        write_atomically(path, self.markdown_text())
        return Path(path)

    def to_state(self) -> dict[str, Any]:
        return {"entries": [e.to_dict() for e in self.entries]}

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> ReflectionLogModel:
        entries = [ReflectionEntry(e["date"], e["title"], e["model"], e["hours"], e["skills_area"],
                                   dict(e.get("responses") or {})) for e in state.get("entries") or []]
        return cls(entries)


def _hours(hours: float) -> str:
    """``1 hour``, ``1.5 hours``."""
    return f"{hours:g} hour" if hours == 1 else f"{hours:g} hours"
