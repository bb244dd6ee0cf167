"""The learner's record: modules started, quiz scores, exercises done, modules and routes completed.

A module is **complete** when its quiz has every question checked with at least 80% correct (the
learner may change answers and check again: the feedback is there to teach) and the learner has
ticked that they did its exercises. The date it first became complete is kept. A route is complete
when every module to study on it is complete. The record is plain JSON, kept where the learner
studies (see :mod:`searchcraft.widgets.learner_record`); nothing is sent anywhere.

Certificates (one per module or route) are HTML pages that print cleanly to PDF: the learner's name,
the date, the hours and the outcomes met. The CPD export is CSV: one row per completed module with
its hours and the skills framework areas it develops.

Example::

    >>> record = LearnerRecordModel()
    >>> record.note_quiz("search-05-boolean-logic", correct=6, checked=6, total=6, on="2026-12-01")
    >>> record.set_exercises_done("search-05-boolean-logic", True, on="2026-12-01")
    >>> record.status("search-05-boolean-logic")
    'complete'
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from html import escape
from typing import Any

from ...errors import SearchCraftError
from ...pathways import CourseRegistry, ModuleEntry, course_registry, format_hours, format_minutes

PASS_MARK = 0.8
STATUSES = ("not started", "started", "complete")


class RecordError(SearchCraftError):
    """Something the learner's record cannot do yet (a certificate for unfinished work, a missing name)."""


def _today(on: str | None) -> str:
    return on or date.today().isoformat()


@dataclass(frozen=True)
class RouteProgress:
    level: str
    done: int
    total: int
    minutes_done: int
    minutes_total: int

    @property
    def complete(self) -> bool:
        return self.done == self.total


class LearnerRecordModel:
    """Everything the learner has done, as a plain dictionary that saves to JSON."""

    def __init__(self, state: dict[str, Any] | None = None, registry: CourseRegistry | None = None) -> None:
        self.registry = registry or course_registry()
        state = state or {}
        self.name: str = str(state.get("name") or "")
        self.entry: dict[str, Any] | None = state.get("entry") if isinstance(state.get("entry"), dict) else None
        modules = state.get("modules")
        if not isinstance(modules, dict):
            modules = {}
        self.modules: dict[str, dict[str, Any]] = {str(k): dict(v) for k, v in modules.items() if isinstance(v, dict)}

    # -- what happened -----------------------------------------------------------------------------

    def _module(self, module_id: str, on: str | None) -> dict[str, Any]:
        self.registry.module(module_id)  # unknown ids are an error, not a silent new entry
        return self.modules.setdefault(module_id, {"started": _today(on)})

    def note_quiz(self, module_id: str, *, correct: int, checked: int, total: int, on: str | None = None) -> None:
        """Keep the latest quiz score; a pass is never taken away by a later, lower attempt."""
        if not 0 <= correct <= checked <= total or total <= 0:
            raise RecordError(f"A quiz score of {correct} correct, {checked} checked of {total} is not possible",
                              hint="Scores come from the Quiz widget; report this as a bug.")
        entry = self._module(module_id, on)
        passed = checked == total and correct >= PASS_MARK * total
        entry["quiz"] = {"correct": correct, "checked": checked, "total": total, "on": _today(on),
                         "passed": bool(passed or (entry.get("quiz") or {}).get("passed"))}
        self._update_completion(module_id, on)

    def set_exercises_done(self, module_id: str, done: bool, *, on: str | None = None) -> None:
        entry = self._module(module_id, on)
        entry["exercises_done"] = bool(done)
        self._update_completion(module_id, on)

    def note_entry_test(self, result: dict[str, Any], *, on: str | None = None) -> None:
        self.entry = {**result, "on": _today(on)}

    def _update_completion(self, module_id: str, on: str | None) -> None:
        entry = self.modules[module_id]
        done = bool((entry.get("quiz") or {}).get("passed")) and bool(entry.get("exercises_done"))
        if done and not entry.get("completed"):
            entry["completed"] = _today(on)
        elif not done:
            entry.pop("completed", None)

    # -- what it adds up to ---------------------------------------------------------------------------

    def status(self, module_id: str) -> str:
        entry = self.modules.get(module_id)
        if not entry:
            return "not started"
        return "complete" if entry.get("completed") else "started"

    def quiz_text(self, module_id: str) -> str:
        quiz = (self.modules.get(module_id) or {}).get("quiz")
        if not quiz:
            return "not done"
        text = f"{quiz['correct']} of {quiz['total']} correct"
        if quiz["checked"] < quiz["total"]:
            text += f" ({quiz['checked']} checked)"
        return text + (", passed" if quiz.get("passed") else "")

    def completed(self) -> list[ModuleEntry]:
        """Completed modules, in course order."""
        return [m for m in self.registry.modules if self.status(m.id) == "complete"]

    def route_progress(self, level: str) -> RouteProgress:
        core = self.registry.route(level).core
        done = [m for m in core if self.status(m.id) == "complete"]
        return RouteProgress(level, len(done), len(core), sum(m.minutes for m in done), sum(m.minutes for m in core))

    def recommended_route(self) -> str | None:
        return (self.entry or {}).get("route")

    def to_state(self) -> dict[str, Any]:
        return {"name": self.name, "entry": self.entry, "modules": self.modules}

    # -- certificates and CPD -------------------------------------------------------------------------

    def _learner(self) -> str:
        name = " ".join(self.name.split())
        if not name:
            raise RecordError("A certificate needs your name", hint="Type your name in the 'Your name' box first.")
        return name

    def module_certificate(self, module_id: str) -> str:
        """An HTML certificate for one completed module."""
        module = self.registry.module(module_id)
        if self.status(module_id) != "complete":
            raise RecordError(f"'{module.title}' is not complete yet",
                              hint=self._what_is_left(module_id))
        when = self.modules[module_id]["completed"]
        return certificate_html(self._learner(), f"the SearchCraft module “{module.title}”",
                                when, module.minutes, [(module.title, module.outcomes)],
                                detail=f"{module.level_title} level")

    def route_certificate(self, level: str) -> str:
        """An HTML certificate for a completed route (every module to study on it)."""
        route = self.registry.route(level)
        progress = self.route_progress(level)
        if not progress.complete:
            left = [m.title for m in route.core if self.status(m.id) != "complete"]
            raise RecordError(f"The {route.title} is not complete: {len(left)} module"
                              f"{'s' if len(left) != 1 else ''} to go",
                              hint="Still to complete: " + "; ".join(left) + ".")
        when = max(self.modules[m.id]["completed"] for m in route.core)
        return certificate_html(self._learner(), f"the SearchCraft {route.title}", when, route.minutes,
                                [(m.title, m.outcomes) for m in route.core],
                                detail=f"{len(route.core)} modules")

    def _what_is_left(self, module_id: str) -> str:
        entry = self.modules.get(module_id) or {}
        left = []
        if not (entry.get("quiz") or {}).get("passed"):
            left.append(f"check every quiz question with at least {PASS_MARK:.0%} correct")
        if not entry.get("exercises_done"):
            left.append("tick that you have done the exercises")
        return "To complete it: " + " and ".join(left) + "."

    def cpd_csv(self) -> str:
        """One row per completed module: date, activity, hours, level, skills areas, outcomes met."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(["date", "activity", "provider", "hours", "level", "skills_area_ids", "skills_areas",
                         "outcomes_met", "quiz"])
        names = self.registry.competency_names
        for module in self.completed():
            entry = self.modules[module.id]
            writer.writerow([entry["completed"], f"SearchCraft module: {module.title}", "SearchCraft (self-study)",
                             format_hours(module.minutes), module.level_title, "; ".join(module.competencies),
                             "; ".join(names.get(c, c) for c in module.competencies),
                             "; ".join(plain_text(o) for o in module.outcomes), self.quiz_text(module.id)])
        return out.getvalue()


def plain_text(markdown: str) -> str:
    """Outcome text without Markdown marks (backticks, emphasis), for certificates and CSV."""
    return re.sub(r"(\*\*|__|\*|`)", "", markdown)


_PRINT_CSS = """
@page { size: A4 landscape; margin: 12mm; }
* { box-sizing: border-box; }
body { font-family: "Segoe UI", Arial, Helvetica, sans-serif; color: #1a1a1a; margin: 0; background: #fff; }
.certificate { border: 6px double #005eb8; padding: 12mm 16mm; min-height: 180mm; }
.certificate h1 { color: #003087; font-size: 26pt; margin: 0 0 4mm; }
.certificate .name { font-size: 24pt; font-weight: bold; margin: 4mm 0; }
.certificate .facts { display: flex; gap: 12mm; font-size: 12pt; margin: 4mm 0 6mm; }
.certificate h2 { font-size: 13pt; margin: 4mm 0 1mm; color: #003087; break-after: avoid; }
.certificate ul { margin: 0 0 3mm 6mm; padding: 0; font-size: 10.5pt; }
.certificate li { margin: 0 0 1mm; break-inside: avoid; }
.certificate .note { font-size: 9pt; color: #4d4d4d; margin-top: 6mm; }
.print-hint { font-size: 11pt; margin: 4mm 0; }
@media print { .print-hint { display: none; } .certificate { border-color: #005eb8; } }
"""


def certificate_html(name: str, what: str, when: str, minutes: int,
                     outcomes: list[tuple[str, tuple[str, ...]]], *, detail: str = "") -> str:
    """A complete, self-contained HTML page (no outside files) that prints on one or more A4 pages."""
    day = date.fromisoformat(when)
    when_text = f"{day.day} {day:%B %Y}"
    sections = []
    for title, items in outcomes:
        heading = f"<h2>{escape(title)}</h2>" if len(outcomes) > 1 else "<h2>Learning outcomes met</h2>"
        sections.append(heading + "<ul>" + "".join(f"<li>{escape(plain_text(o))}</li>" for o in items) + "</ul>")
    facts = [f"<div><strong>Completed:</strong> {escape(when_text)}</div>",
             f"<div><strong>Study time:</strong> {escape(format_minutes(minutes))} "
             f"({escape(format_hours(minutes))} hours)</div>"]
    if detail:
        facts.append(f"<div><strong>Covers:</strong> {escape(detail)}</div>")
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>Certificate of completion: {escape(name)}</title>
<style>{_PRINT_CSS}</style>
</head>
<body>
<main class="certificate">
<p class="print-hint">To keep this certificate as a PDF, print this page and choose "Save as PDF".</p>
<h1>Certificate of completion</h1>
<p>This certifies that</p>
<p class="name">{escape(name)}</p>
<p>has completed {escape(what)}.</p>
<div class="facts">{''.join(facts)}</div>
{''.join(sections)}
<p class="note">Self-study record from SearchCraft, an open course in literature searching and knowledge
management. Completion means every quiz question was checked with at least {PASS_MARK:.0%} correct and the
learner confirmed they did the exercises. Kept by the learner; nothing was sent anywhere.</p>
</main>
</body>
</html>
"""
