"""Knowledge management technique cards on the course pages, written as Markdown from the one data file.

A learner reads a technique's card (what it is, when to use it, time, people, steps, questions, a
worked example and where to read more) as text on the page, like the rest of the module, not as the
printed output of a code cell. The cards' content lives once, in ``widgets/data/km-techniques.yaml``,
which the ``TechniqueFinder`` widget and the postcards sheet also read. On a page, a card is a
Markdown cell whose metadata says what it shows::

    {"searchcraft": {"technique-cards": {"show": "card", "techniques": ["peer-assist"]}}}

``show`` is one of :data:`SHOWS`: ``card`` (the full card), ``card-without-example``, ``examples``
(only the worked examples), ``summary`` (a table of time and people) or ``stages`` (the techniques
grouped as learning before, while and after doing; ``techniques`` may be left out for all of them).
``searchcraft course sync-pathways`` rewrites every such cell from the data file, and
``searchcraft course check`` reports a cell that has drifted from it.

Example::

    >>> cell_source({"show": "summary", "techniques": ["before-action-review"]}).splitlines()[2]
    '| Before Action Review | 10 to 30 minutes | the people doing the task (2 to 12) |'
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import CourseError, SearchCraftError
from ..files import write_notebook
from ..widgets.models.techniques import markdown_text, stage_titles, technique, techniques

METADATA_KEY = "technique-cards"
SHOWS = ("card", "card-without-example", "examples", "summary", "stages")


def cell_source(spec: dict[str, Any]) -> str:
    """The Markdown a card cell should hold, from its metadata (``show`` and ``techniques``)."""
    if not isinstance(spec, dict) or spec.get("show") not in SHOWS:
        raise CourseError(f"A technique card cell's metadata {spec!r} does not say what to show",
                          hint=f"Set 'show' to one of: {', '.join(SHOWS)}.")
    show = spec["show"]
    names = spec.get("techniques")
    if names is None and show == "stages":
        items = list(techniques().values())
    elif isinstance(names, list) and names and all(isinstance(n, str) for n in names):
        try:
            items = [technique(name) for name in names]
        except SearchCraftError as error:
            raise CourseError(f"A technique card cell names an unknown technique: {error.message}",
                              hint=error.hint) from None
    else:
        raise CourseError(f"A technique card cell's metadata {spec!r} lists no techniques",
                          hint='Add "techniques": ["technique-id", ...] (ids from km-techniques.yaml).')
    if show == "card":
        return "\n\n".join(item.card_markdown() for item in items)
    if show == "card-without-example":
        return "\n\n".join(item.card_markdown(example=False) for item in items)
    if show == "examples":
        return "\n\n".join(f"**{markdown_text(item.name)}.** {markdown_text(item.example)}" for item in items)
    if show == "summary":
        rows = [f"| {markdown_text(t.name)} | {markdown_text(t.time_label)} | {markdown_text(t.people_label)} |"
                for t in items]
        return "\n".join(["| technique | time | people |", "|---|---|---|", *rows])
    lines = []
    for stage, title in stage_titles().items():
        names_here = [markdown_text(t.name) for t in items if t.home_stage == stage]
        if names_here:
            lines.append(f"- **{markdown_text(title)}:** {', '.join(names_here)}")
    return "\n".join(lines)


@dataclass(frozen=True)
class CardCell:
    """One card cell on a page: where it is, what its metadata asks for, and whether it is up to date."""

    page: Path
    index: int
    spec: dict[str, Any]
    source: str
    expected: str

    @property
    def stale(self) -> bool:
        return self.source != self.expected


def _source(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def card_cells(page: Path) -> list[CardCell]:
    """Every technique card cell in a notebook, with the Markdown the data file gives it."""
    try:
        notebook = json.loads(page.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise CourseError(f"Could not read {page}: {error}", hint="Check that the notebook is valid JSON.") from None
    found = []
    for index, cell in enumerate(notebook.get("cells", [])):
        spec = (cell.get("metadata", {}).get("searchcraft") or {}).get(METADATA_KEY)
        if spec is None:
            continue
        if cell.get("cell_type") != "markdown":
            raise CourseError(f"{page}, cell {index}: a technique card must be a Markdown cell",
                              hint="Change the cell to Markdown; the cards are read as text.")
        try:
            expected = cell_source(spec)
        except CourseError as error:
            raise CourseError(f"{page}, cell {index}: {error.message}", hint=error.hint) from None
        found.append(CardCell(page, index, spec, _source(cell), expected))
    return found


def _notebooks(root: Path) -> list[Path]:
    folder = root / "modules"
    return sorted(p for p in folder.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts) if folder.is_dir() else []


def stale_cards(root: Path) -> list[CardCell]:
    """Card cells under ``root/modules`` whose text no longer matches the data file."""
    return [cell for page in _notebooks(root) for cell in card_cells(page) if cell.stale]


def sync_cards(root: Path) -> list[str]:
    """Rewrite every stale card cell from the data file, keeping the notebook's formatting; say what changed."""
    changes = []
    for page in _notebooks(root):
        stale = [cell for cell in card_cells(page) if cell.stale]
        if not stale:
            continue
        notebook = json.loads(page.read_text(encoding="utf-8"))
        for cell in stale:
            notebook["cells"][cell.index]["source"] = cell.expected.splitlines(True)
        write_notebook(page, notebook)
        where = page.relative_to(root) if page.is_relative_to(root) else page
        changes += [f"{where}: technique card cell {cell.index} rewritten from km-techniques.yaml" for cell in stale]
    return changes
