"""What a course module is made of, and which required parts one is missing.

A module is a folder in ``modules/`` holding teaching notebooks and MyST pages. Across its pages it
must have: learning objectives, at least two exercises, a quiz, key points and further reading, each
found by its heading, and its own nbgrader assignment in ``assessments/source/<folder name>/``.
Headings are how learners find these parts on the page, so they are also how the check finds them:

- ``## Learning objectives``, ``## Key points``, ``## Further reading`` (with at least one list item);
- one heading per exercise starting with ``Exercise`` (``## Exercise 1: build a concept table``);
- a heading starting with ``Quiz`` followed by a code cell that shows a ``Quiz`` widget.

Example::

    >>> from pathlib import Path
    >>> [m.name for m in find_modules(Path("."))][:1]          # doctest: +SKIP
    ['search-01-planning']
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import CourseError

REQUIRED_HEADINGS = ("Learning objectives", "Key points", "Further reading")
MIN_EXERCISES = 2
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\S")


@dataclass
class Section:
    """A heading and the text under it, up to the next heading of the same or a higher level."""

    level: int
    title: str
    markdown: list[str] = field(default_factory=list)
    code: list[str] = field(default_factory=list)


@dataclass
class CourseModule:
    """One module folder and its pages (notebooks and Markdown files), in name order."""

    name: str
    path: Path
    pages: list[Path]

    def sections(self) -> list[Section]:
        found: list[Section] = []
        for page in self.pages:
            found.extend(page_sections(page))
        return found


def _cells(page: Path) -> list[tuple[str, str]]:
    """(cell type, source) pairs; a Markdown page is one markdown cell."""
    if page.suffix == ".md":
        return [("markdown", page.read_text(encoding="utf-8"))]
    try:
        notebook = json.loads(page.read_text(encoding="utf-8"))
        return [(c["cell_type"], "".join(c["source"]) if isinstance(c["source"], list) else c["source"])
                for c in notebook["cells"]]
    except (ValueError, KeyError, TypeError) as error:
        raise CourseError(f"{page}: not a readable notebook ({error})",
                          hint="Open it in JupyterLab and save it again, or restore it from git.") from None


def page_sections(page: Path) -> list[Section]:
    """The sections of one page, in order; text before the first heading is dropped."""
    sections: list[Section] = []
    for cell_type, source in _cells(page):
        if cell_type == "code":
            if sections:
                sections[-1].code.append(source)
            continue
        in_fence = False
        for line in source.splitlines():
            if line.lstrip().startswith(("```", "~~~")):
                in_fence = not in_fence
            match = None if in_fence else _HEADING.match(line)
            if match:
                sections.append(Section(len(match.group(1)), match.group(2).strip()))
            elif sections:
                sections[-1].markdown.append(line)
    return sections


def find_modules(root: Path) -> list[CourseModule]:
    """Every module folder under ``root/modules``, with its ``.ipynb`` and ``.md`` pages."""
    modules_dir = root / "modules"
    if not modules_dir.is_dir():
        raise CourseError(f"No modules folder in {root}", hint="Run the command from the course folder.")
    found = []
    for folder in sorted(p for p in modules_dir.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))):
        pages = sorted(p for p in folder.iterdir()
                       if p.suffix in (".ipynb", ".md") and not p.name.startswith(".") and p.name != "README.md")
        found.append(CourseModule(folder.name, folder, pages))
    return found


def missing_parts(module: CourseModule, root: Path) -> list[str]:
    """The required parts this module lacks, in the learner's words (empty when complete)."""
    sections = module.sections()
    titles = [s.title.casefold() for s in sections]
    missing = []
    for heading in REQUIRED_HEADINGS:
        if not any(t.startswith(heading.casefold()) for t in titles):
            missing.append(f"a '{heading}' section")
    reading = [s for s in sections if s.title.casefold().startswith("further reading")]
    if reading and not any(_LIST_ITEM.match(line) for s in reading for line in s.markdown):
        missing.append("at least one item under 'Further reading'")
    exercises = sum(1 for t in titles if t.startswith("exercise"))
    if exercises < MIN_EXERCISES:
        missing.append(f"at least {MIN_EXERCISES} exercises (headings starting 'Exercise'; found {exercises})")
    quizzes = [s for s in sections if s.title.casefold().startswith("quiz")]
    if not any("Quiz" in code for s in quizzes for code in s.code):
        missing.append("a quiz (a 'Quiz' heading followed by a code cell showing a Quiz widget)")
    if not (root / "assessments" / "source" / module.name).is_dir():
        missing.append(f"its assignment in assessments/source/{module.name}/")
    return missing
