"""Reading the kit's YAML data files anywhere, including in the browser where PyYAML cannot run.

Course teams write quizzes, frameworks, techniques and the practice corpus in YAML: it is the
authoring format, easy to read and review. PyYAML has no pure-Python wheel, so it cannot be served
to Pyodide on the published site. Each YAML file the learner's path reads therefore has a **JSON
twin** beside it (``quiz.yml`` -> ``quiz.yml.json``) written at build time by
``searchcraft course data`` (:func:`write_twins`). The twin holds the parsed data and the SHA-256 of
the YAML it came from, so:

- :func:`read_yaml` uses the twin only when it matches the YAML byte for byte (JSON is in the
  standard library, and much faster to load than YAML in pure Python);
- otherwise it parses the YAML with PyYAML when that is installed (JupyterLab, a hub, the build), so
  an edited file is never read stale;
- and where neither is possible (the browser, with a stale or missing twin) it says which file and
  which command to run, rather than showing out-of-date content.

Whichever way a file is read, its data is what JSON can hold: mapping keys are text (``0:`` in YAML
gives ``"0"``) and dates are ISO text, so the kit sees the same data in every Python.

Example::

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "quiz.yml"
    >>> _ = path.write_text("title: Boolean basics\\n", encoding="utf-8")
    >>> write_twin(path).name
    'quiz.yml.json'
    >>> read_yaml(path)
    {'title': 'Boolean basics'}
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .errors import DataFileError
from .files import SHARED_MODE, write_atomically

TWIN_SUFFIX = ".json"
YAML_SUFFIXES = (".yml", ".yaml")
TWIN_NOTE = "Generated from the YAML file beside it by `searchcraft course data`: edit the YAML, not this file."


def twin_path(path: str | Path) -> Path:
    """Where the JSON twin of a YAML file lives: beside it, with ``.json`` added."""
    path = Path(path)
    return path.with_name(path.name + TWIN_SUFFIX)


def _digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _twin_data(path: Path, content: bytes) -> tuple[bool, Any]:
    """``(True, data)`` from an up-to-date twin of ``path``; ``(False, None)`` if none is usable."""
    twin = twin_path(path)
    try:
        document = json.loads(twin.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False, None
    if not isinstance(document, dict) or document.get("sha256") != _digest(content) or "data" not in document:
        return False, None
    return True, document["data"]


def parse_yaml_text(text: str, where: str) -> Any:
    """Parse YAML with PyYAML (safe loader); a :class:`DataFileError` that says where it is broken."""
    try:
        import yaml
    except ImportError:
        raise DataFileError(
            f"{where} is YAML and has no up-to-date JSON copy, and YAML cannot be read here "
            "(PyYAML is not installed, as in the browser)",
            hint="Run `searchcraft course data` after editing YAML files (it writes the .json copies), "
                 "or install PyYAML.") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise DataFileError(f"{where} is not valid YAML{at}: {getattr(error, 'problem', None) or error}",
                            hint="Check the indentation and that text with a colon is in quotes.") from error


def as_json_data(data: Any) -> Any:
    """``data`` as JSON holds it: text keys, dates as ISO text (what a JSON twin gives back)."""
    return json.loads(json.dumps(data, ensure_ascii=False, default=_json_default))


def _json_default(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"cannot store {type(value).__name__} in JSON")


def read_yaml(path: str | Path, text: str | None = None) -> Any:
    """The data in a YAML file: from its JSON twin when that is up to date, else parsed from YAML.

    ``text``, if given, is the file's content already read (``path`` then names it and finds its twin).
    """
    path = Path(path)
    try:
        content = path.read_bytes() if text is None else text.encode("utf-8")
    except OSError as error:
        raise DataFileError(f"Cannot read {path}: {error.strerror or error}",
                            hint="Check the file name and that the file exists.") from error
    found, data = _twin_data(path, content)
    if found:
        return data
    try:
        decoded = content.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DataFileError(f"{path} is not UTF-8 text: {error}", hint="Save the file as UTF-8.") from None
    return as_json_data(parse_yaml_text(decoded, str(path)))


def write_twin(path: str | Path) -> Path:
    """Parse a YAML file (needs PyYAML) and write its JSON twin atomically; returns the twin's path."""
    path = Path(path)
    content = path.read_bytes()
    data = parse_yaml_text(content.decode("utf-8"), str(path))
    document = {"note": TWIN_NOTE, "source": path.name, "sha256": _digest(content), "data": data}
    twin = twin_path(path)
    write_atomically(twin, json.dumps(document, ensure_ascii=False, indent=1, default=_json_default) + "\n",
                     mode=SHARED_MODE)
    return twin


def twin_is_current(path: str | Path) -> bool:
    """Whether the YAML file has a JSON twin made from exactly its present content."""
    path = Path(path)
    return _twin_data(path, path.read_bytes())[0]


def yaml_files(folders: Iterable[str | Path]) -> list[Path]:
    """Every YAML file under ``folders`` (recursively), sorted, skipping hidden and build folders."""
    found: set[Path] = set()
    for folder in folders:
        folder = Path(folder)
        for suffix in YAML_SUFFIXES:
            for path in folder.rglob(f"*{suffix}"):
                parts = path.relative_to(folder).parts
                if not any(part.startswith((".", "_build")) for part in parts):
                    found.add(path)
    return sorted(found)


def write_twins(paths: Iterable[str | Path]) -> list[Path]:
    """Write the JSON twin of each YAML file whose twin is missing or stale; returns those written."""
    return [write_twin(path) for path in paths if not twin_is_current(path)]


def stale_twins(paths: Iterable[str | Path]) -> list[Path]:
    """The YAML files among ``paths`` whose JSON twin is missing or out of date."""
    return [Path(path) for path in paths if not twin_is_current(path)]


__all__ = ["TWIN_SUFFIX", "twin_path", "as_json_data", "read_yaml", "parse_yaml_text", "write_twin", "twin_is_current",
           "yaml_files", "write_twins", "stale_twins"]
