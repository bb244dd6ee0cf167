"""The code passes the project's linter (ruff, configured in pyproject.toml), so CI runs it too."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

from support import REPO, require


def test_ruff_finds_nothing_to_fix():
    require(importlib.util.find_spec("ruff") is not None, "ruff (pip install -e '.[test]')")
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "src", "tests", "benchmarks"],
                          cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
