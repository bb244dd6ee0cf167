"""``searchcraft course check``: everything a course team should fix before publishing, in one list.

It reads the course's files directly, so it runs in seconds and needs no build: the table of contents
against the files, internal links and ``{doc}`` references, notebooks saved with outputs or errors,
modules missing a required part, images without alt text, and launch buttons in ``_config.yml`` that
point at a placeholder address (an example.org host, the kit's placeholder repository). With
``external=True`` it also runs Sphinx's link checker over the web links (this needs the network, so
it is off by default).

Example::

    >>> problems = check_course(Path("."))              # doctest: +SKIP
    >>> for problem in problems: print(problem)         # doctest: +SKIP
    modules/search-03-keywords/keywords.ipynb: notebook saved with outputs (cell 4) ...
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import CourseError
from ..pathways import (
    LEVELS,
    ROUTES_END,
    ROUTES_START,
    CourseRegistry,
    ModuleEntry,
    _entry,
    estimate_minutes,
    routes_markdown,
    within_tolerance,
)
from .modules import CourseModule, _cells, find_modules, missing_parts, page_sections

PAGE_SUFFIXES = (".md", ".ipynb")
_LINK = re.compile(r"(?<!!)\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)]+)\)")
_HTML_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_DOC_ROLE = re.compile(r"\{doc\}`(?:[^`<]*<)?([^`>]+)>?`")
_DIRECTIVE = re.compile(r"^(?:```|:::)\{(image|figure)\}\s*(\S+)")


@dataclass(frozen=True)
class Problem:
    """One thing to fix: where, what, and how."""

    kind: str
    path: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.path}: {self.message} [{self.kind}]"
        return f"{text}\n    fix: {self.hint}" if self.hint else text


def toc_files(root: Path) -> list[str]:
    """The file entries of ``_toc.yml`` (without suffix), root first, in order."""
    path = root / "_toc.yml"
    if not path.is_file():
        raise CourseError(f"There is no _toc.yml in {root}",
                          hint="Run the command from the course folder, or give it with --root.")
    try:
        toc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise CourseError(f"Cannot read {path}: {error}", hint="Fix the YAML or restore _toc.yml.") from None
    found: list[str] = [toc["root"]] if isinstance(toc, dict) and "root" in toc else []

    def walk(node) -> None:
        if isinstance(node, dict):
            if "file" in node:
                found.append(str(node["file"]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk({k: v for k, v in (toc or {}).items() if k != "root"})
    return found


def _page_path(root: Path, entry: str) -> Path | None:
    entry = re.sub(r"\.(md|ipynb)$", "", entry)
    for suffix in PAGE_SUFFIXES:
        if (root / f"{entry}{suffix}").is_file():
            return root / f"{entry}{suffix}"
    return None


def _markdown_of(page: Path) -> Iterator[tuple[str, str]]:
    """(where, markdown text) for a page: the file, or each markdown cell of a notebook."""
    if page.suffix == ".md":
        yield str(page), page.read_text(encoding="utf-8")
        return
    notebook = json.loads(page.read_text(encoding="utf-8"))
    for number, cell in enumerate(notebook.get("cells", []), start=1):
        if cell.get("cell_type") == "markdown":
            source = cell["source"]
            yield f"{page} (cell {number})", "".join(source) if isinstance(source, list) else source


def check_toc(root: Path) -> list[Problem]:
    problems = []
    entries = toc_files(root)
    listed = set()
    for entry in entries:
        page = _page_path(root, entry)
        if page is None:
            problems.append(Problem("toc", "_toc.yml", f"entry '{entry}' has no .md or .ipynb file",
                                    "Create the file or remove the entry."))
        else:
            listed.add(page.resolve())
    for page in sorted((root / "modules").rglob("*")):
        if (page.suffix in PAGE_SUFFIXES and ".ipynb_checkpoints" not in page.parts
                and page.name != "README.md" and page.resolve() not in listed):
            problems.append(Problem("toc", str(page.relative_to(root)), "module page is not in _toc.yml",
                                    "Add it to _toc.yml, or it will not be published."))
    return problems


def check_links(root: Path, pages: list[Path]) -> list[Problem]:
    problems = []
    for page in pages:
        for where, text in _markdown_of(page):
            where = where.replace(str(root) + "/", "")
            targets = [(t, "link") for t in _LINK.findall(text)] + [(t, "doc") for t in _DOC_ROLE.findall(text)]
            for target, kind in targets:
                if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
                    continue  # web links are for --external; anchors are checked by the build
                base = root if target.startswith("/") else page.parent
                path = (base / target.lstrip("/").split("#")[0]).resolve()
                ok = path.exists() or (kind == "doc" and _page_path(path.parent, path.name) is not None) \
                    or _page_path(path.parent, path.stem) is not None
                if not ok:
                    problems.append(Problem("link", where, f"broken internal {kind} '{target}'",
                                            "Point it at an existing page or file."))
    return problems


def check_images(root: Path, pages: list[Path]) -> list[Problem]:
    problems = []
    for page in pages:
        for where, text in _markdown_of(page):
            where = where.replace(str(root) + "/", "")
            for alt, target in _IMAGE.findall(text):
                if not alt.strip():
                    problems.append(Problem("alt-text", where, f"image '{target}' has no alt text",
                                            "Write ![what the image shows](...)."))
            for tag in _HTML_IMG.findall(text):
                if not re.search(r'\balt\s*=\s*"[^"]+"', tag):
                    problems.append(Problem("alt-text", where, f"HTML image without alt text: {tag[:60]}",
                                            'Add alt="what the image shows".'))
            lines = text.splitlines()
            for number, line in enumerate(lines):
                match = _DIRECTIVE.match(line.strip())
                if match:
                    options = []
                    for following in lines[number + 1:]:
                        if not following.strip().startswith(":"):
                            break
                        options.append(following.strip())
                    if not any(o.startswith(":alt:") and o[5:].strip() for o in options):
                        problems.append(Problem("alt-text", where, f"{match.group(1)} '{match.group(2)}' has no :alt:",
                                                "Add an ':alt:' option describing the image."))
    return problems


def check_notebooks(root: Path, notebooks: list[Path]) -> list[Problem]:
    problems = []
    for notebook_path in notebooks:
        where = str(notebook_path.relative_to(root))
        try:
            notebook = json.loads(notebook_path.read_text(encoding="utf-8"))
        except ValueError as error:
            problems.append(Problem("notebook", where, f"not valid notebook JSON ({error})",
                                    "Restore it from git or save it again from JupyterLab."))
            continue
        for number, cell in enumerate(notebook.get("cells", []), start=1):
            if cell.get("cell_type") != "code":
                continue
            outputs = cell.get("outputs", [])
            if any(o.get("output_type") == "error" for o in outputs):
                problems.append(Problem("notebook", where, f"cell {number} was saved with an error",
                                        "Fix the cell, then clear outputs and save."))
            elif outputs or cell.get("execution_count") is not None:
                problems.append(Problem("notebook", where, f"cell {number} was saved with outputs",
                                        "Clear all outputs (Edit > Clear Outputs of All Cells) and save."))
    return problems


def check_modules(root: Path) -> list[Problem]:
    problems = []
    for module in find_modules(root):
        for part in missing_parts(module, root):
            problems.append(Problem("module", f"modules/{module.name}", f"lacks {part}",
                                    "See the authoring guide (book/authoring.md) for each required part."))
    return problems


REGISTRY_PATH = "src/searchcraft/pathways.json"
_WORD = re.compile(r"[A-Za-z0-9][\w'\u2019-]*")
_OBJECTIVE_ITEM = re.compile(r"^\s*[-*+]\s+")


@dataclass(frozen=True)
class ModuleMeasures:
    """What the study-time rule counts in a module, and its learning objectives as written."""

    words: int
    exercises: int
    quiz_questions: int
    code_cells: int
    objectives: tuple[str, ...]
    title: str = ""

    @property
    def estimate(self) -> int:
        return estimate_minutes(words=self.words, exercises=self.exercises,
                                quiz_questions=self.quiz_questions, code_cells=self.code_cells)


def _objective_items(lines: list[str]) -> list[str]:
    items: list[str] = []
    current: str | None = None
    for line in lines:
        if _OBJECTIVE_ITEM.match(line):
            if current:
                items.append(current)
            current = _OBJECTIVE_ITEM.sub("", line).strip()
        elif current is not None and line.strip():
            current += " " + line.strip()
        elif current is not None:
            items.append(current)
            current = None
    if current:
        items.append(current)
    return [re.sub(r"[;.]$", "", item).strip() for item in items]


def measure_module(module: CourseModule, first_page: Path | None = None) -> ModuleMeasures:
    """Words of prose, exercises, quiz questions and code cells across a module's pages, and the title
    of its first page (``first_page``, as the table of contents has it; else the first by name)."""
    words = exercises = code_cells = 0
    for page in module.pages:
        for cell_type, source in _cells(page):
            if cell_type == "code":
                code_cells += 1
            elif cell_type == "markdown":
                words += len(_WORD.findall(source))
                exercises += len(re.findall(r"^#+\s+Exercise", source, re.MULTILINE))
    objectives: list[str] = []
    for section in module.sections():
        if section.title.casefold().startswith("learning objectives"):
            objectives += _objective_items(section.markdown)
    questions = 0
    for quiz in sorted(module.path.glob("*.y*ml")):
        try:
            data = yaml.safe_load(quiz.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError):
            continue  # a broken quiz file is reported by the module's own tests
        if isinstance(data, dict) and isinstance(data.get("questions"), list):
            questions += len(data["questions"])
    first_page = first_page or (module.pages[0] if module.pages else None)
    titles = [s.title for s in page_sections(first_page) if s.level == 1][:1] if first_page else []
    return ModuleMeasures(words, exercises, questions, code_cells, tuple(objectives), titles[0] if titles else "")


def _registry_entries(root: Path) -> tuple[list[ModuleEntry], list[Problem], str]:
    """Every readable registry entry, and a problem for each entry that lacks a level, time or outcomes."""
    path = root / REGISTRY_PATH
    where = REGISTRY_PATH
    if not path.is_file():
        return [], [Problem("pathways", where, "the course has no registry of modules, levels and study times",
                            "Restore src/searchcraft/pathways.json from the kit.")], where
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        return [], [Problem("pathways", where, f"the course registry cannot be read ({error})",
                            "Restore it from git, or fix the JSON at the place named.")], where
    entries, problems = [], []
    names = data.get("competencies") or {}
    for number, raw in enumerate(data.get("modules") or [], start=1):
        try:
            entry = _entry(raw, number, where)
        except CourseError as error:
            problems.append(Problem("pathways", where, error.message, error.hint or ""))
            continue
        unknown = [c for c in entry.competencies if c not in names]
        if unknown:
            problems.append(Problem("pathways", where, f"module {entry.id!r} maps to unknown area {unknown[0]!r}",
                                    f"Use an area id from 'competencies': {', '.join(names)}."))
        entries.append(entry)
    framework = root / "src" / "searchcraft" / "widgets" / "data" / "skills_framework.yml"
    if framework.is_file():
        document = yaml.safe_load(framework.read_text(encoding="utf-8")) or {}
        areas = {a["id"]: a["name"] for a in document.get("areas", [])}
        if areas != names:
            problems.append(Problem("pathways", where, "its 'competencies' differ from the skills framework's areas",
                                    f"Copy the ids and names from {framework.relative_to(root)}."))
    return entries, problems, where


def _opens_with_banner(page: Path, module_id: str) -> bool:
    try:
        cells = _cells(page)
    except CourseError:
        return True  # an unreadable notebook is reported by check_notebooks
    return bool(cells) and cells[0][0] == "code" and f'show_module_banner("{module_id}")' in cells[0][1]


def check_levels_and_times(root: Path) -> list[Problem]:
    """Every module in the table of contents has a level, study time and outcomes in the registry,
    and the other way round; stated times follow the study-time rule; the front page's routes are
    up to date."""
    entries, problems, where = _registry_entries(root)
    listed: list[str] = []
    first_pages: dict[str, Path | None] = {}
    for toc_entry in toc_files(root):
        parts = toc_entry.split("/")
        if len(parts) >= 3 and parts[0] == "modules" and parts[1] not in listed:
            listed.append(parts[1])
            page = _page_path(root, toc_entry)
            first_pages[parts[1]] = page
            if page is not None and page.suffix == ".ipynb" and not _opens_with_banner(page, parts[1]):
                problems.append(Problem(
                    "pathways", str(page.relative_to(root)), "the module's first page does not open with its banner",
                    f'Add a first code cell (tagged remove-input): from searchcraft.widgets import '
                    f'show_module_banner; show_module_banner("{parts[1]}")'))
    by_id = {e.id: e for e in entries}
    for module_id in listed:
        if module_id not in by_id:
            problems.append(Problem("pathways", f"modules/{module_id}", "module has no level or study time",
                                    f"Add an entry for {module_id!r} to {where} with level ({', '.join(LEVELS)}), "
                                    "minutes, outcomes and competencies."))
    for entry in entries:
        if entry.id not in listed:
            problems.append(Problem("pathways", where, f"lists module {entry.id!r}, which is not in _toc.yml",
                                    "Add the module's pages to _toc.yml, or remove its registry entry."))
    folders = {m.name: m for m in find_modules(root)} if (root / "modules").is_dir() else {}
    for entry in entries:
        module = folders.get(entry.id)
        if module is None or entry.id not in listed:
            continue
        measures = measure_module(module, first_pages.get(entry.id))
        if not within_tolerance(entry.minutes, measures.estimate):
            problems.append(Problem(
                "pathways", f"modules/{entry.id}",
                f"stated study time {entry.minutes} min is more than 20% from the rule's {measures.estimate} min "
                f"({measures.words} words, {measures.exercises} exercises, {measures.quiz_questions} quiz questions, "
                f"{measures.code_cells} code cells)",
                f"Set 'minutes' to {measures.estimate} in {where}, or change the module."))
        if measures.title and measures.title != entry.title:
            problems.append(Problem(
                "pathways", f"modules/{entry.id}",
                f"registry title {entry.title!r} differs from the page's {measures.title!r}",
                f"Set 'title' in {where} to {json.dumps(measures.title, ensure_ascii=False)} "
                "(it goes on certificates)."))
        if measures.objectives and tuple(measures.objectives) != entry.outcomes:
            problems.append(Problem(
                "pathways", f"modules/{entry.id}", "registry outcomes differ from the module's learning objectives",
                f"Set 'outcomes' in {where} to: {json.dumps(list(measures.objectives), ensure_ascii=False)}"))
    welcome = root / "book" / "welcome.md"
    if welcome.is_file() and entries and len(entries) == len(by_id):
        text = welcome.read_text(encoding="utf-8")
        registry = CourseRegistry(tuple(entries), {})
        if ROUTES_START not in text or ROUTES_END not in text:
            problems.append(Problem("pathways", "book/welcome.md", "the front page does not show the routes",
                                    "Run `searchcraft course routes` to add them."))
        elif routes_markdown(registry) not in text:
            problems.append(Problem("pathways", "book/welcome.md", "the routes on the front page are out of date",
                                    "Run `searchcraft course routes` to regenerate them."))
    return problems


def check_external_links(root: Path) -> list[Problem]:
    """Run Sphinx's linkcheck through Jupyter Book (needs the network)."""
    out = root / "_build" / "linkcheck-run"
    done = subprocess.run([sys.executable, "-m", "jupyter_book", "build", str(root), "--builder", "linkcheck",
                           "--path-output", str(out)], capture_output=True, text=True)
    problems = []
    report = out / "_build" / "linkcheck" / "output.json"
    if report.exists():
        for line in report.read_text(encoding="utf-8").splitlines():
            entry = json.loads(line)
            if entry.get("status") == "broken":
                problems.append(Problem("external-link", entry.get("filename", "?"),
                                        f"dead link {entry.get('uri')}: {entry.get('info', '')}",
                                        "Update or remove the link."))
    elif done.returncode != 0:
        problems.append(Problem("external-link", "_toc.yml", "the link checker could not run",
                                done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""))
    return problems


def check_technique_cards(root: Path) -> list[Problem]:
    """Technique card cells whose text has drifted from ``km-techniques.yaml`` (or cannot be built)."""
    from .technique_cards import stale_cards

    try:
        stale = stale_cards(root)
    except CourseError as error:
        return [Problem("technique-card", "modules", error.message, error.hint or "")]
    return [Problem("technique-card", str(cell.page.relative_to(root)),
                    f"technique card (cell {cell.index}) differs from km-techniques.yaml",
                    "Run `searchcraft course sync-pathways` to rewrite it from the data file; edit the data "
                    "file, not the cell.") for cell in stale]


def check_course(root: Path, *, external: bool = False) -> list[Problem]:
    """Every problem in the course under ``root``, grouped by kind."""
    root = root.resolve()
    pages = [p for p in (_page_path(root, e) for e in toc_files(root)) if p is not None]
    notebooks = sorted(p for p in (root / "modules").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    notebooks += [p for p in pages if p.suffix == ".ipynb" and p not in notebooks]
    problems = (check_toc(root) + check_links(root, pages) + check_images(root, pages)
                + check_notebooks(root, notebooks) + check_modules(root) + check_levels_and_times(root)
                + check_launch_buttons(root) + check_technique_cards(root))
    if external:
        problems += check_external_links(root)
    return problems


# Addresses that only ever stand in for a real one: a launch button pointing at them leads nowhere.
_PLACEHOLDER_HOSTS = ("example.org", "example.com", "example.net")
_PLACEHOLDER_REPOSITORIES = ("searchcraft-course/searchcraft",)
_LAUNCH_KEYS = (("repository", "url"), ("launch_buttons", "jupyterhub_url"), ("launch_buttons", "binderhub_url"),
                ("launch_buttons", "colab_url"))
_HOW_TO_SET = {
    "repository.url": "Set it to your team's public copy of the course (https://github.com/OWNER/NAME), "
                      "or to \"\" to show no Binder button.",
    "launch_buttons.jupyterhub_url": "Set it to your JupyterHub's address (https://hub.your-trust.nhs.uk), "
                                     "or to \"\" to show no JupyterHub button.",
    "launch_buttons.binderhub_url": "Set it to a real BinderHub (https://mybinder.org), or to \"\" to show "
                                    "no Binder button.",
    "launch_buttons.colab_url": "Set it to https://colab.research.google.com, or to \"\" to show no Colab button.",
}


def placeholder_reason(address: str) -> str | None:
    """Why ``address`` is a placeholder rather than a real place, or None if it may be real.

    >>> placeholder_reason("https://hub.example.org")
    "its host 'hub.example.org' is a reserved example domain"
    >>> placeholder_reason("https://mybinder.org") is None
    True
    """
    from urllib.parse import urlsplit

    parts = urlsplit(address.strip() if "//" in address else f"//{address.strip()}")
    host = (parts.hostname or "").lower()
    if any(host == name or host.endswith(f".{name}") for name in _PLACEHOLDER_HOSTS):
        return f"its host '{host}' is a reserved example domain"
    path = parts.path.strip("/").lower().removesuffix(".git")
    if host in ("github.com", "www.github.com") and path in _PLACEHOLDER_REPOSITORIES:
        return f"the repository '{path}' is the kit's placeholder, not your course's copy"
    return None


def check_launch_buttons(root: Path) -> list[Problem]:
    """Launch-button addresses in ``_config.yml`` that are placeholders (they would lead learners nowhere)."""
    path = root / "_config.yml"
    if not path.is_file():
        return []
    try:
        config = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        return [Problem("config", "_config.yml", f"cannot be read ({error})", "Fix the YAML syntax.")]
    problems = []
    for section, key in _LAUNCH_KEYS:
        value = (config.get(section) or {}).get(key) if isinstance(config.get(section), dict) else None
        if not isinstance(value, str) or not value.strip():
            continue
        reason = placeholder_reason(value)
        if reason:
            name = f"{section}.{key}"
            problems.append(Problem("launch-button", "_config.yml",
                                    f"{name} is a placeholder address '{value}': {reason}",
                                    _HOW_TO_SET[name]))
    buttons = config.get("launch_buttons")
    if not isinstance(buttons, dict):
        buttons = {}
    repository = config.get("repository")
    if not isinstance(repository, dict):
        repository = {}
    for key in ("jupyterhub_url", "binderhub_url"):
        if str(buttons.get(key) or "").strip() and not str(repository.get("url") or "").strip():
            problems.append(Problem("launch-button", "_config.yml",
                                    f"launch_buttons.{key} is set but repository.url is empty, so its button "
                                    "has no course to open", _HOW_TO_SET["repository.url"]))
    return problems
