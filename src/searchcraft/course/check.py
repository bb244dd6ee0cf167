"""``searchcraft course check``: everything a course team should fix before publishing, in one list.

It reads the course's files directly, so it runs in seconds and needs no build: the table of contents
against the files, internal links and ``{doc}`` references, notebooks saved with outputs or errors,
modules missing a required part, images without alt text, and launch buttons in ``_config.yml`` that
point at a placeholder address (an example.org host, the kit's placeholder repository). With ``external=True`` it also runs
Sphinx's link checker over the web links (this needs the network, so it is off by default).

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
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import yaml

from ..errors import CourseError
from .modules import find_modules, missing_parts

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


def check_course(root: Path, *, external: bool = False) -> list[Problem]:
    """Every problem in the course under ``root``, grouped by kind."""
    root = root.resolve()
    pages = [p for p in (_page_path(root, e) for e in toc_files(root)) if p is not None]
    notebooks = sorted(p for p in (root / "modules").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    notebooks += [p for p in pages if p.suffix == ".ipynb" and p not in notebooks]
    problems = (check_toc(root) + check_links(root, pages) + check_images(root, pages)
                + check_notebooks(root, notebooks) + check_modules(root) + check_launch_buttons(root))
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
    buttons = config.get("launch_buttons") if isinstance(config.get("launch_buttons"), dict) else {}
    repository = config.get("repository") if isinstance(config.get("repository"), dict) else {}
    for key in ("jupyterhub_url", "binderhub_url"):
        if str(buttons.get(key) or "").strip() and not str(repository.get("url") or "").strip():
            problems.append(Problem("launch-button", "_config.yml",
                                    f"launch_buttons.{key} is set but repository.url is empty, so its button "
                                    "has no course to open", _HOW_TO_SET["repository.url"]))
    return problems
