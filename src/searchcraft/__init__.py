"""SearchCraft: an open, executable course in literature searching and knowledge management.

The package is what the course notebooks import and what the ``searchcraft`` command runs. Each
concern lives in its own sub-package: ``query`` (search syntax), ``practice`` (the practice
database), ``sources`` (live databases), ``widgets`` (interactive exercises), ``grading`` (the
tutor's workflow) and ``course`` (building and checking the site).
"""

from __future__ import annotations

__all__ = ["__version__"]


def __getattr__(name: str) -> str:
    """``searchcraft.__version__``, looked up only when asked for.

    Reading the installed version means importing ``importlib.metadata`` (and ``email`` behind it):
    a quarter of a second of every course page's start in the browser, for a number the page never
    shows. ``from searchcraft import __version__`` works as before.
    """
    if name != "__version__":
        raise AttributeError(f"module 'searchcraft' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("searchcraft")
    except PackageNotFoundError:  # running from a source tree that was never installed
        found = "0.0.0"
    globals()["__version__"] = found
    return found
