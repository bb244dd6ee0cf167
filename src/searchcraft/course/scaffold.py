"""``searchcraft course new-module NAME``: start a module with every required part in place.

A course team's own module begins as a teaching notebook with the required headings (learning
objectives, sections, two exercises, a quiz, key points, further reading), a quiz file, an nbgrader
assignment that validates (its solution earns every automatic mark, the released version none), and
an entry in ``_toc.yml`` and in the course registry (its level, study time and outcomes, and a banner
at the top of the page that shows them). ``searchcraft course check`` passes on it straight away; the author then
replaces the guidance text with the module's content.

Example::

    $ searchcraft course new-module local-01-our-library --title "Searching our library's catalogue"
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import yaml

from ..errors import CourseError
from ..files import SHARED_MODE, write_atomically

NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DEFAULT_PART = "Your modules"

_QUIZ = """\
title: {title}
questions:
  - id: q1
    question: Replace this with a question that checks one learning objective.
    type: single
    options:
      - text: A wrong answer that a learner with a common misconception would choose.
        correct: false
        feedback: Say why it is wrong, naming the misconception.
      - text: The right answer.
        correct: true
        feedback: Say why it is right.
"""


def _teaching_notebook(title: str, name: str = "") -> nbformat.NotebookNode:
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    notebook = nbformat.v4.new_notebook()
    notebook.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                         "language_info": {"name": "python"}}
    banner = code(f'from searchcraft.widgets import show_module_banner\nshow_module_banner("{name}")')
    banner.metadata.update({"jupyter": {"source_hidden": True}, "tags": ["remove-input"]})
    notebook.cells = [banner] if name else []
    notebook.cells += [
        md(f"# {title}\n\nSay in two or three sentences what this module is about and why it matters "
           "to the learner's work."),
        md("## Learning objectives\n\nBy the end of this module you will be able to:\n\n"
           "- state the first thing a learner will be able to do;\n- state the second."),
        md("## A first section\n\nKeep sections short. Show a worked example on the practice database "
           "and say what it teaches."),
        code("from searchcraft.practice import PracticeDatabase\n\n"
             "db = PracticeDatabase.bundled()\n"
             "print(db.count('\"hand hygiene\"[tiab]'), 'records mention hand hygiene in the title or abstract')"),
        md("## Exercise 1: try it\n\nDescribe what the learner does and what they should notice."),
        code("strategy = '\"hand hygiene\"[tiab]'  # the learner edits this line\n"
             "print(db.count(strategy))"),
        md("## Exercise 2: check your understanding\n\nA second exercise of a different kind."),
        md("## Quiz"),
        code('from searchcraft.widgets import Quiz\n\nQuiz("quiz.yml")'),
        md("## Key points\n\n- The first point to remember.\n- The second."),
        md("## Further reading\n\n- Replace with a real, checked citation (authors, year, title, "
           "journal or publisher, DOI)."),
    ]
    return notebook


def _assignment_notebook(title: str) -> nbformat.NotebookNode:
    def cell(kind, source, **meta):
        made = (nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell)(source)
        made.metadata["nbgrader"] = {"schema_version": 3, "task": False, "locked": False,
                                     "solution": False, "grade": False, **meta}
        return made

    notebook = nbformat.v4.new_notebook()
    notebook.metadata = _teaching_notebook(title).metadata
    notebook.cells = [
        cell("markdown", f"# Assessment: {title}\n\nAnswer each question in the cell below it, then run "
             "all cells before you submit.", grade_id="intro", locked=True),
        cell("markdown", "## Question 1 (1 mark)\n\nReplace with a multiple-choice question. Set "
             "`answer_q1` to the letter of your answer, e.g. `\"b\"`.", grade_id="q1-text", locked=True),
        cell("code", '### BEGIN SOLUTION\nanswer_q1 = "b"\n### END SOLUTION', grade_id="q1-answer",
             solution=True),
        cell("code", 'assert answer_q1 in {"a", "b", "c"}, "Answer with one letter: a, b or c"\n'
             '### BEGIN HIDDEN TESTS\nassert answer_q1 == "b", "Explain here why b is right"\n'
             "### END HIDDEN TESTS", grade_id="q1-tests", grade=True, locked=True, points=1),
        cell("markdown", "## Question 2 (2 marks, marked by your tutor)\n\nReplace with a reflective "
             "question.\n\n*Rubric: 1 mark for ...; 1 mark for ...*", grade_id="q2-text", locked=True),
        cell("markdown", "Replace with a model answer that earns full marks.", grade_id="q2-answer",
             solution=True, grade=True, points=2),
    ]
    return notebook


def add_to_toc(root: Path, entry: str, part: str = DEFAULT_PART) -> None:
    """Add ``entry`` to ``_toc.yml`` under the part captioned ``part`` (made at the end if new)."""
    path = root / "_toc.yml"
    text = path.read_text(encoding="utf-8")
    header = "".join(line + "\n" for line in text.splitlines() if line.startswith("#"))
    toc = yaml.safe_load(text)
    parts = toc.setdefault("parts", [])
    for existing in parts:
        if existing.get("caption") == part:
            existing.setdefault("chapters", []).append({"file": entry})
            break
    else:
        parts.append({"caption": part, "chapters": [{"file": entry}]})
    write_atomically(path, header + yaml.safe_dump(toc, sort_keys=False, allow_unicode=True), mode=SHARED_MODE)


def _registry_data(root: Path, level: str, skills: list[str]) -> dict:
    """The course registry to add to (made from the kit's own if the course has none), after checking
    the level and skills areas, so that bad input stops before any file is made."""
    from ..pathways import LEVELS, course_registry
    from .check import REGISTRY_PATH

    if level not in LEVELS:
        raise CourseError(f"There is no level {level!r}", hint=f"Use one of: {', '.join(LEVELS)}.")
    path = root / REGISTRY_PATH
    if path.is_file():
        data = json.loads(path.read_text(encoding="utf-8"))
    else:
        data = {"about": "The course registry: every module's level, study time (minutes), learning outcomes "
                         "and skills framework areas. Checked by `searchcraft course check`.",
                "competencies": dict(course_registry().competency_names), "modules": []}
    unknown = [s for s in skills if s not in data["competencies"]]
    if unknown or not skills:
        raise CourseError(f"Unknown skills area {unknown[0] if unknown else ''!r}",
                          hint=f"Use one or more of: {', '.join(data['competencies'])}.")
    return data


def register_module(root: Path, name: str, title: str, part: str, level: str, skills: list[str]) -> Path:
    """Add the module to the course registry, then copy its objectives and the study-time rule's
    estimate in and rewrite the front page's routes."""
    from .check import REGISTRY_PATH
    from .pathways_sync import sync_pathways

    data = _registry_data(root, level, skills)
    data["modules"] = [m for m in data["modules"] if m.get("id") != name]
    data["modules"].append({"id": name, "title": title, "part": part, "level": level, "minutes": 1,
                            "outcomes": ["(copied from the learning objectives)"], "competencies": skills})
    path = root / REGISTRY_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n", mode=SHARED_MODE)
    sync_pathways(root)
    return path


def new_module(root: Path, name: str, title: str, part: str = DEFAULT_PART, *, level: str = "foundation",
               skills: list[str] | None = None) -> list[Path]:
    """Create the module ``name`` and its assignment, list it in ``_toc.yml`` and in the course
    registry (level, study time, outcomes); return the new files."""
    if not NAME.match(name):
        raise CourseError(f"'{name}' cannot be a module name",
                          hint="Use lower-case letters, digits and hyphens, e.g. local-01-our-library.")
    if not (root / "_toc.yml").is_file():
        raise CourseError(f"There is no _toc.yml in {root}",
                          hint="Run the command from the course folder, or give it with --root.")
    skills = skills or ["strategy"]
    _registry_data(root, level, skills)  # refuse a bad level or skills area before making anything
    folder = root / "modules" / name
    assignment = root / "assessments" / "source" / name
    for existing in (folder, assignment):
        if existing.exists():
            raise CourseError(f"{existing.relative_to(root)} already exists",
                              hint="Choose another name, or edit the existing module.")
    folder.mkdir(parents=True)
    assignment.mkdir(parents=True)
    files = {folder / f"{name}.ipynb": nbformat.writes(_teaching_notebook(title, name)),
             folder / "quiz.yml": _QUIZ.format(title=title),
             assignment / f"{name}.ipynb": nbformat.writes(_assignment_notebook(title))}
    for path, text in files.items():
        write_atomically(path, text, mode=SHARED_MODE)
    add_to_toc(root, f"modules/{name}/{name}", part)
    registry = register_module(root, name, title, part, level, skills)
    return [*files, registry]
