"""Reading the data files shipped with the widgets (frameworks, quizzes, strategies...).

They are written in YAML and read through :mod:`searchcraft.datafiles`, which uses each file's
JSON twin when it is up to date, so they load in the browser too, where PyYAML cannot run.

Example::

    >>> sorted(load_data_file("frameworks.yml"))
    ['frameworks', 'kinds']
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from ...datafiles import read_yaml

DATA = resources.files("searchcraft.widgets") / "data"


def load_data_file(name: str) -> Any:
    """One of the package's own data files, by name (``"frameworks.yml"``)."""
    return read_yaml(Path(str(DATA / name)))


__all__ = ["DATA", "read_yaml", "load_data_file"]
