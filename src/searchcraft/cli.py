"""The ``searchcraft`` command.

Each sub-package that offers commands has a ``cli`` module with ``register(subparsers)``; this
module only gathers them, so adding a command never touches the others. Errors the kit raises on
purpose are printed as plain messages (exit status 2); anything else is a bug and shows a traceback.

Example::

    $ searchcraft --version
    searchcraft 0.1.0
"""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import Sequence

from . import __version__
from .errors import SearchCraftError

# Modules that provide ``register(subparsers)``, in the order their commands are listed in --help.
COMMAND_MODULES = [
    "searchcraft.practice.cli",
    "searchcraft.course.cli",
    "searchcraft.query.cli",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="searchcraft",
        description="SearchCraft: practise literature searching, grade the course, build the site.",
    )
    parser.add_argument("--version", action="version", version=f"searchcraft {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 0
    try:
        return int(args.handler(args) or 0)
    except SearchCraftError as error:
        print(f"searchcraft: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("searchcraft: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
