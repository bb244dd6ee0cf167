"""The examples in the package's docstrings run and print what they say.

A docstring example is the first code a newcomer copies, so every ``>>>`` line in ``src/`` is run
here with :mod:`doctest`; an example that needs a setting it does not show fails, like any other.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import searchcraft


def _modules() -> list[str]:
    names = ["searchcraft"]
    for info in pkgutil.walk_packages(searchcraft.__path__, prefix="searchcraft."):
        if info.name.rsplit(".", 1)[-1] != "__main__":  # importing it would run it
            names.append(info.name)
    return sorted(names)


MODULES = _modules()


def test_the_examples_of_many_modules_are_found():
    examples = sum(len(test.examples) for name in MODULES
                   for test in doctest.DocTestFinder().find(importlib.import_module(name)))
    assert len(MODULES) > 50 and examples > 100


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
                             verbose=False, report=True)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {name} failed (see above)"
