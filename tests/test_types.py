"""The package passes the project's type checker (mypy, configured in pyproject.toml: strict for
practice/ and query/, checked for the rest), so CI fails on a type error as it does on a lint error."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

from support import REPO, require


def test_mypy_finds_no_type_error():
    require(importlib.util.find_spec("mypy") is not None, "mypy (pip install -e '.[test]')")
    done = subprocess.run([sys.executable, "-m", "mypy", "--no-error-summary"],
                          cwd=REPO, capture_output=True, text=True)
    errors = [line for line in done.stdout.splitlines() if ": error:" in line]
    assert done.returncode in (0, 1), done.stdout[-4000:] + done.stderr[-2000:]  # 2: mypy itself failed
    assert not errors, "\n".join(errors[:60])
