"""The ``searchcraft`` command.

Each command lives in the ``cli`` module of the sub-package it belongs to, which defines
``register(subparsers)``. Only the module of the command being run is imported, so ``searchcraft
search`` does not wait for the grading tools to load. Errors the kit raises on purpose are printed
as plain messages (exit status 2); anything else is a bug and shows a traceback.

Example::

    $ searchcraft --version
    searchcraft 0.1.0
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from . import __version__
from .errors import SearchCraftError

# Each command: the module that registers it, and its one-line help for ``searchcraft --help``.
COMMANDS = {
    "search": ("searchcraft.sources.cli", "run a search and print the count and first records"),
    "practice": ("searchcraft.practice.database_cli", "build the bundled practice database"),
    "translate": ("searchcraft.query.cli", "translate a search between database syntaxes"),
    "report": ("searchcraft.report.cli", "document a search: flow diagram, deduplication"),
    "course": ("searchcraft.course.cli", "check, scaffold and publish the course"),
    "grade": ("searchcraft.grading.cli", "release, collect, autograde and report on assignments"),
}


def _chosen_command(argv: Sequence[str]) -> str | None:
    """The command named on the command line (the first word that is not an option)."""
    return next((word for word in argv if not word.startswith("-")), None)


def _describe_subcommands(parser: argparse.ArgumentParser) -> None:
    """Give every sub-command without a description its one-line help as one, so that
    ``searchcraft grade release --help`` says what the command does, not only its usage."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help for choice in action._choices_actions}
            for name, sub in action.choices.items():
                one_line = helps.get(name)
                if not sub.description and one_line:
                    sub.description = one_line[:1].upper() + one_line[1:] + "."
                _describe_subcommands(sub)


def build_parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The parser, with the full options of the chosen command and a summary line for the others."""
    parser = argparse.ArgumentParser(
        prog="searchcraft",
        description="SearchCraft: practise literature searching, grade the course, build the site.",
    )
    parser.add_argument("--version", action="version", version=f"searchcraft {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    chosen = _chosen_command(argv)
    for name, (module, summary) in COMMANDS.items():
        if name == chosen:
            importlib.import_module(module).register(subparsers)
        else:
            subparsers.add_parser(name, help=summary)
    _describe_subcommands(parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(argv)
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
