"""Where the learner's record is kept, the banner at the top of each module, and quiz scores noted.

The record is one JSON file saved through the same interface as every widget's work
(:class:`~searchcraft.widgets.saving.SaveSlot`): in JupyterLab or on a hub it is
``~/searchcraft-work/my-record/record.json`` in the learner's home folder (beside the work the
module pages save in ``~/searchcraft-work``) (``SEARCHCRAFT_RECORD_DIR`` or
:func:`use_record_folder` choose another folder); the published site's browser storage plugs into
that same interface. Every change re-reads the file first, so two notebooks open at once do not undo
each other's work. Nothing is sent anywhere.

The first cell of each module's first page runs ``show_module_banner("<module folder>")``: it shows
the module's level, study time and outcomes from the course registry. A ``Quiz`` shown afterwards in
the same kernel notes its score against that module in the learner's record.

Example::

    show_module_banner("search-05-boolean-logic")
"""

from __future__ import annotations

import os
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

from ..pathways import ModuleEntry, course_registry
from .models.progress import LearnerRecordModel
from .saving import SaveSlot

RECORD_KIND = "LearnerRecord"
RECORD_FILE = "record.json"
_STATE: dict[str, Any] = {"folder": None, "module": None}


def use_record_folder(folder: str | Path | None) -> Path:
    """Keep the record (and certificates) in ``folder`` from now on in this kernel; ``None`` resets."""
    _STATE["folder"] = Path(folder) if folder is not None else None
    return record_folder()


def record_folder() -> Path:
    """The folder that holds the learner's record and certificates."""
    if _STATE["folder"] is not None:
        return _STATE["folder"]
    chosen = os.environ.get("SEARCHCRAFT_RECORD_DIR")
    return Path(chosen) if chosen else Path.home() / "searchcraft-work" / "my-record"


def folder_for_people(folder: Path | None = None) -> str:
    """The record folder as a learner would say it: ``~/searchcraft-work/my-record`` under home."""
    folder = folder or record_folder()
    try:
        return "~/" + folder.resolve().relative_to(Path.home().resolve()).as_posix()
    except ValueError:
        return str(folder)


def _slot() -> SaveSlot:
    return SaveSlot(record_folder() / RECORD_FILE, kind=RECORD_KIND)


def load_record() -> tuple[LearnerRecordModel, str]:
    """The saved record (a fresh one if there is none) and a message if the file could not be read."""
    state, message = _slot().restore()
    return LearnerRecordModel(state), message if state is None else ""


def update_record(change: Callable[[LearnerRecordModel], None]) -> tuple[LearnerRecordModel, str]:
    """Re-read the record, apply ``change``, save it atomically; returns the record and what happened."""
    record, problem = load_record()
    change(record)
    message = _slot().save(record.to_state())
    return record, problem or message


def current_module() -> str | None:
    """The module whose banner this kernel showed last (quiz scores are noted against it)."""
    return _STATE["module"]


def banner_html(module: ModuleEntry) -> str:
    """The banner for a module: level, study time and outcomes, as accessible static HTML."""
    outcomes = "".join(f"<li>{escape(o.replace('`', ''))}</li>" for o in module.outcomes)
    return (
        f'<aside class="searchcraft-module-banner" aria-label="About this module" '
        f'style="border-left:6px solid #005eb8;background:#f0f4f5;color:#1a1a1a;padding:0.6em 1em;margin:0 0 1em">'
        f'<p style="margin:0"><strong>Level:</strong> {escape(module.level_title)} '
        f'&nbsp;·&nbsp; <strong>Study time:</strong> about {escape(module.time_text)} '
        f'&nbsp;·&nbsp; <strong>Part:</strong> {escape(module.part)}</p>'
        f'<details style="margin-top:0.3em"><summary>What you will be able to do '
        f'({len(module.outcomes)} outcomes)</summary><ul>{outcomes}</ul></details>'
        f'<p style="margin:0.3em 0 0;font-size:0.9em">Not sure this is the right level for you? '
        f'Take the entry self-test on the “Where to start” page. Your progress is kept on the “My progress” '
        f'page.</p></aside>')


class ModuleBanner:
    """Shows as the banner in a notebook and on the built site (plain HTML, no widget needed)."""

    def __init__(self, module: ModuleEntry) -> None:
        self.module = module

    def _repr_html_(self) -> str:
        return banner_html(self.module)

    def __repr__(self) -> str:
        return f"{self.module.title}: {self.module.level_title} level, about {self.module.time_text}"


def show_module_banner(module_id: str) -> ModuleBanner:
    """The banner for ``module_id`` (its folder name). It also tells this kernel which module the page
    belongs to, so the module's quiz score is noted against it; showing the banner writes nothing
    (building the site runs this cell too)."""
    module = course_registry().module(module_id)
    _STATE["module"] = module_id
    return ModuleBanner(module)


MODULE_QUIZ = "quiz.yml"


def quiz_module(quiz_file: str | Path | None) -> str | None:
    """The module a quiz belongs to: the registered module folder its ``quiz.yml`` is in (a module's
    later pages have no banner), else the module whose banner this kernel showed; ``None`` otherwise."""
    if quiz_file is None or Path(quiz_file).name != MODULE_QUIZ:
        return None
    folder = Path(quiz_file).resolve().parent.name
    return folder if folder in course_registry().ids() else current_module()


def note_quiz_score(quiz_file: str | Path | None, correct: int, checked: int, total: int) -> str:
    """Called by the Quiz widget after a change: note the score of a module's quiz (its ``quiz.yml``,
    the one under the module's *Quiz* heading) in the learner's record."""
    module_id = quiz_module(quiz_file)
    if module_id is None or checked == 0:
        return ""
    try:
        _, message = update_record(lambda record: record.note_quiz(module_id, correct=correct, checked=checked,
                                                                   total=total))
    except OSError as error:
        return f"Your progress could not be saved: {error}"
    return message
