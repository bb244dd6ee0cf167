"""``searchcraft course sync-pathways``: bring the registry up to date with the modules as written.

For every module in the registry whose folder exists and is in ``_toc.yml`` it copies the learning
objectives into ``outcomes`` and its page title into ``title``, sets ``minutes`` to the study-time
rule's estimate when the stated time is more than 20% away from it, and gives the module's first
page its banner cell if it has none; then it rewrites the routes on the front page. Before all that
it rewrites the knowledge management technique cards on the pages from their data file
(:mod:`searchcraft.course.technique_cards`). Levels and skills areas are the course team's
judgement and are never changed. Everything is written atomically. Run ``searchcraft course check``
afterwards.

Example::

    >>> changes = sync_pathways(Path("."))          # doctest: +SKIP
    >>> print("\\n".join(changes))                   # doctest: +SKIP
    ev-01-appraising-evidence: outcomes copied from its learning objectives
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path

from ..errors import CourseError
from ..files import SHARED_MODE, write_atomically, write_notebook
from ..pathways import parse_registry, replace_routes, within_tolerance
from .check import REGISTRY_PATH, _opens_with_banner, _page_path, measure_module, toc_files
from .modules import find_modules
from .technique_cards import sync_cards


def _first_pages(root: Path) -> dict[str, str]:
    pages: dict[str, str] = {}
    for entry in toc_files(root):
        parts = entry.split("/")
        if len(parts) >= 3 and parts[0] == "modules":
            pages.setdefault(parts[1], entry)
    return pages


def add_banner_cell(page: Path, module_id: str) -> None:
    """Insert the banner as the notebook's first cell (input hidden), keeping the file's formatting."""
    notebook = json.loads(page.read_text(encoding="utf-8"))
    source = f'from searchcraft.widgets import show_module_banner\nshow_module_banner("{module_id}")'
    notebook["cells"].insert(0, {"cell_type": "code", "execution_count": None, "id": secrets.token_hex(4),
                                 "metadata": {"jupyter": {"source_hidden": True}, "tags": ["remove-input"]},
                                 "outputs": [], "source": source.splitlines(True)})
    write_notebook(page, notebook)


def sync_pathways(root: Path) -> list[str]:
    """Update the registry, banners and front page under ``root``; return what changed, in words."""
    root = root.resolve()
    path = root / REGISTRY_PATH
    if not path.is_file():
        raise CourseError(f"There is no registry at {path}", hint="Run the command from the course folder.")
    text = path.read_text(encoding="utf-8")
    parse_registry(text, REGISTRY_PATH)  # refuse to touch a registry with errors: fix those by hand first
    data = json.loads(text)
    first = _first_pages(root)
    folders = {m.name: m for m in find_modules(root)}
    changes: list[str] = sync_cards(root)  # first, so that study times count the cards' words
    for raw in data["modules"]:
        module_id = raw["id"]
        if module_id not in folders or module_id not in first:
            continue
        page = _page_path(root, first[module_id])
        measures = measure_module(folders[module_id], page)
        if measures.title and measures.title != raw.get("title"):
            changes.append(f"{module_id}: title {raw.get('title')!r} -> {measures.title!r}")
            raw["title"] = measures.title
        if measures.objectives and list(measures.objectives) != raw["outcomes"]:
            raw["outcomes"] = list(measures.objectives)
            changes.append(f"{module_id}: outcomes copied from its learning objectives")
        if page is not None and page.suffix == ".ipynb" and not _opens_with_banner(page, module_id):
            add_banner_cell(page, module_id)
            changes.append(f"{module_id}: banner cell added to {page.relative_to(root)}")
            measures = measure_module(folders[module_id], page)
        if not within_tolerance(raw["minutes"], measures.estimate):
            changes.append(f"{module_id}: study time {raw['minutes']} -> {measures.estimate} minutes")
            raw["minutes"] = measures.estimate
    new_text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    registry = parse_registry(new_text, REGISTRY_PATH)
    if new_text != text:
        write_atomically(path, new_text, mode=SHARED_MODE)
    welcome = root / "book" / "welcome.md"
    if welcome.is_file():
        old = welcome.read_text(encoding="utf-8")
        updated = replace_routes(old, registry)
        if updated != old:
            write_atomically(welcome, updated, mode=SHARED_MODE)
            changes.append("book/welcome.md: routes rewritten")
    return changes
