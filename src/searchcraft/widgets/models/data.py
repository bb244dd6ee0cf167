"""Reading the YAML data files shipped with the widgets (frameworks, quizzes, strategies...).

Example::

    >>> sorted(load_data_file("frameworks.yml"))
    ['frameworks', 'kinds']
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ...errors import DataFileError

DATA = resources.files("searchcraft.widgets") / "data"


def read_yaml(path: str | Path, text: str | None = None) -> Any:
    """Parse a YAML file, turning a syntax error into a :class:`DataFileError` that says where."""
    try:
        content = Path(path).read_text(encoding="utf-8") if text is None else text
        return yaml.safe_load(content)
    except OSError as error:
        raise DataFileError(f"Cannot read {path}: {error.strerror or error}",
                            hint="Check the file name and that the file exists.") from error
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise DataFileError(f"{path} is not valid YAML{where}: {getattr(error, 'problem', error)}",
                            hint="Check the indentation and that text with a colon is in quotes.") from error


def load_data_file(name: str) -> Any:
    """One of the package's own data files, by name (``"frameworks.yml"``)."""
    return read_yaml(Path(str(DATA / name)))
