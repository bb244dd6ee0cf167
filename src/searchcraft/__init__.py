"""SearchCraft: an open, executable course in literature searching and knowledge management.

The package is what the course notebooks import and what the ``searchcraft`` command runs. Each
concern lives in its own sub-package: ``query`` (search syntax), ``practice`` (the practice
database), ``sources`` (live databases), ``widgets`` (interactive exercises), ``grading`` (the
tutor's workflow) and ``course`` (building and checking the site).
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("searchcraft")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

__all__ = ["__version__"]
